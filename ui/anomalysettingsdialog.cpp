#include "anomalysettingsdialog.h"

#include "helpdialog.h"
#include "theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace StreamRank {

namespace {

QString thresholdUnit(AnomalyStrategy s)
{
    switch (s) {
    case AnomalyStrategy::ZScore:
        return QStringLiteral(" σ");
    case AnomalyStrategy::PercentChange:
        return QStringLiteral(" %");
    case AnomalyStrategy::MovingAverage:
        return QStringLiteral(" bands");
    case AnomalyStrategy::Quantile:
        return QStringLiteral(" spreads");
    }
    return {};
}

// One line each, for the threshold's tooltip: what the number means.
QString thresholdTip(AnomalyStrategy s)
{
    switch (s) {
    case AnomalyStrategy::ZScore:
        return AnomalySettingsDialog::tr("Standard deviations above the mean of the lookback "
                                         "window that a census must reach.");
    case AnomalyStrategy::PercentChange:
        return AnomalySettingsDialog::tr("Rise over the mean of the lookback window, in percent.");
    case AnomalyStrategy::MovingAverage:
        return AnomalySettingsDialog::tr("Band half-widths (mean prediction errors) above the "
                                         "moving average.");
    case AnomalyStrategy::Quantile:
        return AnomalySettingsDialog::tr("Upper spreads (95th minus 50th percentile) above the "
                                         "window's 95th percentile.");
    }
    return {};
}

} // namespace

AnomalySettingsDialog::AnomalySettingsDialog(QWidget *parent)
    : QDialog(parent), m_cooldown(new QSpinBox(this)), m_minIncrease(new QSpinBox(this)),
      m_minRise(new QSpinBox(this)), m_minSamples(new QSpinBox(this)),
      m_trayScore(new QDoubleSpinBox(this)), m_webhookUrl(new QLineEdit(this)),
      m_webhookSecret(new QLineEdit(this)), m_keychainWarning(new QLabel(this)),
      m_sessionOnly(new QCheckBox(this))
{
    setWindowTitle(tr("Anomaly detection"));
    setObjectName(QStringLiteral("AnomalySettingsDialog"));

    auto *strategies =
        new QGroupBox(tr("Strategies (a raw score at the threshold scores 50)"), this);
    auto *grid = new QGridLayout(strategies);
    grid->addWidget(new QLabel(tr("Strategy"), strategies), 0, 0);
    grid->addWidget(new QLabel(tr("Threshold"), strategies), 0, 1);
    grid->addWidget(new QLabel(tr("Lookback"), strategies), 0, 2);
    for (int i = 0; i < AnomalyStrategyCount; ++i) {
        const auto s = static_cast<AnomalyStrategy>(i);
        StrategyRow &row = m_rows[i];
        row.enabled = new QCheckBox(strategyDisplayName(s), strategies);
        row.enabled->setObjectName(QStringLiteral("enabled_") + strategyCode(s));
        row.threshold = new QDoubleSpinBox(strategies);
        row.threshold->setObjectName(QStringLiteral("threshold_") + strategyCode(s));
        row.threshold->setRange(0.1, 100000);
        row.threshold->setDecimals(s == AnomalyStrategy::PercentChange ? 0 : 2);
        row.threshold->setSuffix(thresholdUnit(s));
        row.enabled->setToolTip(tr("Watch every stream with this strategy."));
        row.threshold->setToolTip(thresholdTip(s));
        row.lookback = new QSpinBox(strategies);
        row.lookback->setObjectName(QStringLiteral("lookback_") + strategyCode(s));
        row.lookback->setRange(5, 24 * 60);
        row.lookback->setSuffix(tr(" min"));
        row.lookback->setToolTip(s == AnomalyStrategy::MovingAverage
                                     ? tr("How fast the average forgets: a sample this old "
                                          "weighs 13.5 %.")
                                     : tr("The window of past censuses the baseline is taken "
                                          "from."));
        connect(row.enabled, &QCheckBox::toggled, row.threshold, &QWidget::setEnabled);
        connect(row.enabled, &QCheckBox::toggled, row.lookback, &QWidget::setEnabled);
        grid->addWidget(row.enabled, i + 1, 0);
        grid->addWidget(row.threshold, i + 1, 1);
        grid->addWidget(row.lookback, i + 1, 2);
    }

    auto *rules = new QGroupBox(tr("Rules"), this);
    auto *rulesForm = new QFormLayout(rules);
    m_cooldown->setRange(0, 24 * 60);
    m_cooldown->setSuffix(tr(" min"));
    m_cooldown->setToolTip(tr("After an event, a stream raises nothing more until every "
                              "strategy is back below its threshold and this time has passed."));
    m_minIncrease->setRange(0, 1000000);
    m_minIncrease->setSuffix(tr(" viewers"));
    m_minSamples->setRange(1, 1000);
    m_minSamples->setSuffix(tr(" censuses"));
    m_minIncrease->setToolTip(tr("A rise smaller than this many viewers raises nothing, however "
                                 "surprising (keeps tiny streams quiet)."));
    m_minRise->setRange(0, 10000);
    m_minRise->setSuffix(tr(" %"));
    m_minRise->setSpecialValueText(tr("Off"));
    m_minRise->setObjectName(QStringLiteral("minRise"));
    m_minRise->setToolTip(tr("A rise to less than baseline × (1 + this) raises nothing, however "
                             "surprising; the score's size half is 50 here. Off: surprise "
                             "alone."));
    m_minSamples->setToolTip(tr("A stream is judged only once its history holds this many "
                                "censuses."));
    rulesForm->addRow(tr("Cooldown per stream:"), m_cooldown);
    rulesForm->addRow(tr("Minimum increase over the baseline:"), m_minIncrease);
    rulesForm->addRow(tr("Minimum rise over the baseline:"), m_minRise);
    rulesForm->addRow(tr("History needed before alerting:"), m_minSamples);

    auto *notify = new QGroupBox(tr("Notifications"), this);
    auto *notifyForm = new QFormLayout(notify);
    m_trayScore->setRange(0, 100);
    m_trayScore->setDecimals(0);
    m_trayScore->setObjectName(QStringLiteral("trayScore"));
    m_trayScore->setToolTip(tr("Events scoring at least this show a desktop notification; all "
                               "events are listed under Alerts."));
    notifyForm->addRow(tr("Desktop notification at score ≥"), m_trayScore);
    m_webhookUrl->setObjectName(QStringLiteral("webhookUrl"));
    m_webhookUrl->setPlaceholderText(tr("https://example.org/hooks/streamrank (empty: off)"));
    m_webhookSecret->setObjectName(QStringLiteral("webhookSecret"));
    m_webhookSecret->setEchoMode(QLineEdit::Password);
    m_webhookUrl->setToolTip(tr("Each event is POSTed here as JSON; empty turns the webhook off."));
    m_webhookSecret->setToolTip(tr("Signs each request (HMAC-SHA256); kept in the system keychain "
                                   "only."));
    notifyForm->addRow(tr("Webhook URL:"), m_webhookUrl);
    notifyForm->addRow(tr("Webhook secret:"), m_webhookSecret);
    m_keychainWarning->setWordWrap(true);
    m_keychainWarning->setStyleSheet(toneStyleSheet(TextTone::Warning, palette()));
    m_keychainWarning->setText(
        tr("No keychain service is available, so the webhook secret cannot be saved. "
           "You can keep it for this run only."));
    m_sessionOnly->setText(tr("Keep the secret for this run only"));
    m_sessionOnly->setToolTip(tr("Without a keychain: the secret is used until StreamRank "
                                 "closes, and never written anywhere."));
    notifyForm->addRow(m_keychainWarning);
    notifyForm->addRow(m_sessionOnly);

    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &AnomalySettingsDialog::restoreDefaults);

    auto *layout = new QVBoxLayout(this);
    auto *help = new QLabel(
        tr("An alert needs a rise both surprising (a strategy over its threshold) and large (the "
           "minimum rise and increase). Score 0–100 = the lower of surprise, 100 / (1 + "
           "e^(−5.89·(raw − T)/T)), and size, the same curve on ln(viewers ÷ baseline) ÷ ln(1 + "
           "minimum rise): ×1.5 scores 50, ×1.84 scores 95, +14 % scores 2. Changes apply from "
           "the next census; <a href=\"help:anomalies\">Help → Metrics and formulas</a> has "
           "every formula."),
        this);
    help->setObjectName(QStringLiteral("scoreFormula"));
    help->setWordWrap(true);
    help->setTextFormat(Qt::RichText);
    connect(help, &QLabel::linkActivated, this, [this] {
        // Its own child: this dialog is modal, and would block one of the window's.
        HelpDialog::open(this, HelpDialog::Page::Anomalies);
    });
    // Two columns: in one the dialog was too tall for a 720-pixel screen,
    // which squeezed the strategies' spin boxes.
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(help);
    left->addWidget(strategies);
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(rules);
    right->addWidget(notify);
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    layout->addLayout(columns);
    layout->addWidget(buttons);
    help->setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    setValues(AnomalySettings{}, AlertPreferences{});
}

void AnomalySettingsDialog::setValues(const AnomalySettings &settings,
                                      const AlertPreferences &prefs)
{
    m_prefs = prefs;
    for (int i = 0; i < AnomalyStrategyCount; ++i) {
        const StrategySettings &s = settings.strategies[i];
        m_rows[i].enabled->setChecked(s.enabled);
        m_rows[i].threshold->setValue(s.threshold);
        m_rows[i].lookback->setValue(s.lookbackMinutes);
        m_rows[i].threshold->setEnabled(s.enabled);
        m_rows[i].lookback->setEnabled(s.enabled);
    }
    m_cooldown->setValue(settings.cooldownMinutes);
    m_minIncrease->setValue(settings.minIncreaseViewers);
    m_minRise->setValue(settings.minRisePercent);
    m_minSamples->setValue(settings.minSamples);
    m_trayScore->setValue(prefs.trayMinScore);
    m_webhookUrl->setText(prefs.webhookUrl);
    m_webhookSecret->clear();
    m_webhookSecret->setPlaceholderText(
        prefs.webhookSecretStored ? tr("stored in the keychain — type to replace") : tr("none"));
    m_keychainWarning->setVisible(!prefs.keychainAvailable);
    m_sessionOnly->setVisible(!prefs.keychainAvailable);
    m_sessionOnly->setChecked(prefs.sessionOnlySecrets);
}

AnomalySettings AnomalySettingsDialog::settings() const
{
    AnomalySettings s;
    for (int i = 0; i < AnomalyStrategyCount; ++i) {
        s.strategies[i].enabled = m_rows[i].enabled->isChecked();
        s.strategies[i].threshold = m_rows[i].threshold->value();
        s.strategies[i].lookbackMinutes = m_rows[i].lookback->value();
    }
    s.cooldownMinutes = m_cooldown->value();
    s.minIncreaseViewers = m_minIncrease->value();
    s.minRisePercent = m_minRise->value();
    s.minSamples = m_minSamples->value();
    return s;
}

AlertPreferences AnomalySettingsDialog::preferences() const
{
    AlertPreferences p = m_prefs;
    p.trayMinScore = m_trayScore->value();
    p.webhookUrl = m_webhookUrl->text().trimmed();
    p.sessionOnlySecrets = !p.keychainAvailable && m_sessionOnly->isChecked();
    return p;
}

QString AnomalySettingsDialog::newWebhookSecret() const
{
    return m_webhookSecret->text();
}

void AnomalySettingsDialog::restoreDefaults()
{
    setValues(AnomalySettings{}, preferences());
}

} // namespace StreamRank
