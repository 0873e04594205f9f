#include "alertscontroller.h"

#include "pipeline.h"

#include <QSettings>
#include <QUrl>

namespace StreamRank {

namespace {
const QString SecretKey = QString::fromLatin1(AlertsController::WebhookSecretKey);
}

AlertsController::AlertsController(Pipeline &pipeline, QObject *parent)
    : QObject(parent), m_pipeline(pipeline)
{
    connect(&m_secrets, &SecretStore::readDone, this,
            [this](const QString &key, const QString &value, SecretError error, const QString &) {
                if (key != SecretKey)
                    return;
                if (error == SecretError::NoKeychain) {
                    m_prefs.keychainAvailable = false;
                    Q_EMIT preferencesChanged(m_prefs);
                }
                m_prefs.webhookSecretStored = error == SecretError::None && !value.isEmpty();
                m_secret = value.toUtf8();
                pushWebhookConfig();
            });
    connect(&m_secrets, &SecretStore::writeDone, this,
            [this](const QString &key, SecretError error, const QString &message) {
                if (key != SecretKey)
                    return;
                if (error == SecretError::None) {
                    m_prefs.webhookSecretStored = true;
                } else {
                    if (error == SecretError::NoKeychain)
                        m_prefs.keychainAvailable = false;
                    Q_EMIT problem(tr("The webhook secret was not saved: %1 It is used for this "
                                      "run only.")
                                       .arg(message));
                }
                Q_EMIT preferencesChanged(m_prefs);
            });
}

void AlertsController::start()
{
    QSettings settings;
    m_prefs.trayMinScore = settings.value(QStringLiteral("alerts/trayMinScore"), 80.0).toDouble();
    m_prefs.webhookUrl = settings.value(QStringLiteral("webhook/url")).toString();
    Q_EMIT preferencesChanged(m_prefs);
    // The secret is read even without a URL, so the dialog can say one is stored.
    m_secrets.read(SecretKey);
}

void AlertsController::apply(const AlertPreferences &prefs, const QString &newSecret)
{
    const bool sessionOnly = prefs.sessionOnlySecrets;
    m_prefs.trayMinScore = prefs.trayMinScore;
    m_prefs.webhookUrl = prefs.webhookUrl;
    m_prefs.sessionOnlySecrets = sessionOnly;
    QSettings settings;
    settings.setValue(QStringLiteral("alerts/trayMinScore"), m_prefs.trayMinScore);
    settings.setValue(QStringLiteral("webhook/url"), m_prefs.webhookUrl);
    if (!newSecret.isEmpty()) {
        m_secret = newSecret.toUtf8();
        m_secrets.setSessionOnly(sessionOnly);
        m_secrets.write(SecretKey, newSecret);
    }
    pushWebhookConfig();
    Q_EMIT preferencesChanged(m_prefs);
}

void AlertsController::pushWebhookConfig()
{
    WebhookConfig config;
    const QUrl url(m_prefs.webhookUrl);
    if (url.isValid() &&
        (url.scheme() == QStringLiteral("https") || url.scheme() == QStringLiteral("http")))
        config.url = url;
    config.secret = m_secret;
    m_pipeline.setWebhookConfig(config);
}

} // namespace StreamRank
