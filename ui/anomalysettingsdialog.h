#pragma once
// Settings → Anomaly detection: each strategy's enabled flag, threshold and
// lookback, the cooldown and minimums, the tray threshold, and the outgoing
// webhook (URL in the settings file, secret in the keychain only).

#include "anomalytypes.h"

#include <QDialog>

#include <array>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace StreamRank {

struct AlertPreferences
{
    double trayMinScore = 80;
    QString webhookUrl;
    bool webhookSecretStored = false; // a secret is in the keychain (never shown)
    bool keychainAvailable = true;
    bool sessionOnlySecrets = false;
};

class AnomalySettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AnomalySettingsDialog(QWidget *parent = nullptr);

    void setValues(const AnomalySettings &settings, const AlertPreferences &prefs);
    AnomalySettings settings() const;
    AlertPreferences preferences() const;
    // The secret typed in this dialog; empty = keep the stored one.
    QString newWebhookSecret() const;

private:
    void restoreDefaults();

    struct StrategyRow
    {
        QCheckBox *enabled = nullptr;
        QDoubleSpinBox *threshold = nullptr;
        QSpinBox *lookback = nullptr;
    };
    std::array<StrategyRow, AnomalyStrategyCount> m_rows;
    QSpinBox *m_cooldown;
    QSpinBox *m_minIncrease;
    QSpinBox *m_minRise;
    QSpinBox *m_minSamples;
    QDoubleSpinBox *m_trayScore;
    QLineEdit *m_webhookUrl;
    QLineEdit *m_webhookSecret;
    QLabel *m_keychainWarning;
    QCheckBox *m_sessionOnly;
    AlertPreferences m_prefs;
};

} // namespace StreamRank
