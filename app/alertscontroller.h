#pragma once
// Keeps the alert preferences that are not detection settings: the tray
// threshold and webhook URL (in QSettings) and the webhook secret (in the
// keychain only), and hands the pipeline a complete webhook configuration.

#include "anomalysettingsdialog.h"
#include "secretstore.h"

#include <QObject>

namespace StreamRank {

class Pipeline;

class AlertsController : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *WebhookSecretKey = "webhook-secret";

    AlertsController(Pipeline &pipeline, QObject *parent = nullptr);

    // Reads the stored preferences and, if a webhook is set, its secret.
    void start();
    const AlertPreferences &preferences() const { return m_prefs; }
    SecretStore &secrets() { return m_secrets; }

    // Saves what the settings dialog returned; a non-empty secret replaces the stored one.
    void apply(const AlertPreferences &prefs, const QString &newSecret);

Q_SIGNALS:
    void preferencesChanged(const StreamRank::AlertPreferences &prefs);
    // Something the user should read (keychain missing, secret not saved).
    void problem(const QString &message);

private:
    void pushWebhookConfig();

    Pipeline &m_pipeline;
    SecretStore m_secrets;
    AlertPreferences m_prefs;
    QByteArray m_secret; // in memory only
};

} // namespace StreamRank
