#include "accountscontroller.h"

#include "helixclient.h"
#include "pipeline.h"

#include <QLoggingCategory>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcAccounts, "streamrank.accounts")

namespace {

const QString IdKey = QString::fromLatin1(TwitchClientIdKey);
const QString SecretKey = QString::fromLatin1(TwitchClientSecretKey);

bool sameRun(const TwitchConfig &a, const TwitchConfig &b)
{
    return a.apiUrl == b.apiUrl && a.authUrl == b.authUrl && a.clientId == b.clientId &&
           a.clientSecret == b.clientSecret && a.topN == b.topN &&
           a.fullCensusEvery == b.fullCensusEvery && a.gameIds == b.gameIds &&
           a.languages == b.languages && a.watchedChannels == b.watchedChannels &&
           a.pollIntervalMs == b.pollIntervalMs;
}

} // namespace

AccountsController::AccountsController(Pipeline &pipeline, QObject *parent)
    : QObject(parent), m_pipeline(pipeline), m_loader(m_secrets)
{
    connect(&m_loader, &TwitchCredentialsLoader::done, this,
            &AccountsController::onCredentialsLoaded);
    connect(&m_secrets, &SecretStore::readDone, this, &AccountsController::onRead);
    connect(&m_secrets, &SecretStore::writeDone, this, &AccountsController::onWriteDone);
    connect(&m_secrets, &SecretStore::removeDone, this, &AccountsController::onRemoveDone);
}

AccountsController::~AccountsController() = default;

void AccountsController::setUrlOverrides(const QString &apiUrl, const QString &authUrl)
{
    m_apiOverride = apiUrl;
    m_authOverride = authUrl;
}

void AccountsController::start()
{
    m_settings = loadTwitchAccountSettings();
    m_settings.enabled = m_settings.enabled || m_forceEnabled;
    m_fromEnvironment = twitchCredentialsFromEnvironment().has_value();
    Q_EMIT stateChanged(state());
    m_loader.load();
}

AccountsState AccountsController::state() const
{
    AccountsState s;
    s.twitchEnabled = m_settings.enabled;
    s.twitch = m_settings.config;
    s.twitch.clientId = m_clientId;
    s.twitch.clientSecret.clear();
    s.twitchSecretStored = m_secretStored;
    s.twitchFromEnvironment = m_fromEnvironment;
    s.keychainAvailable = m_keychainAvailable || m_secrets.sessionOnly();
    s.keychainMessage = noKeychainText();
    s.sessionOnly = m_secrets.sessionOnly();
    return s;
}

QString AccountsController::noKeychainText() const
{
    const QString why = m_keychainError.isEmpty()
                            ? QString()
                            : tr("the keychain answered \"%1\", so ").arg(m_keychainError);
    return why + tr("credentials and API keys cannot be saved (on Linux, a Secret Service such "
                    "as GNOME Keyring or KWallet must be running).");
}

void AccountsController::onRead(const QString &key, const QString &value, SecretError error,
                                const QString &message)
{
    if (key != IdKey && key != SecretKey)
        return;
    // QtKeychain reports a missing Secret Service as "access denied" (a bus
    // without one) or as another error (no bus at all) as often as "no
    // backend": whatever keeps the keychain from answering counts as none.
    if (error != SecretError::None && error != SecretError::NotFound && m_keychainAvailable) {
        m_keychainAvailable = false;
        m_keychainError = error == SecretError::NoKeychain ? QString() : message;
        Q_EMIT stateChanged(state());
    }
    if (key == SecretKey)
        m_secretStored = error == SecretError::None && !value.isEmpty();
}

void AccountsController::onCredentialsLoaded(const QString &clientId, const QString &secret,
                                             const QString &error)
{
    m_clientId = clientId;
    m_secret = secret;
    if (m_fromEnvironment)
        m_secretStored = !secret.isEmpty();
    Q_EMIT stateChanged(state());
    if (!m_settings.enabled)
        return;
    if (m_clientId.isEmpty() || m_secret.isEmpty()) {
        Q_EMIT problem(tr("Twitch is switched on but cannot start: %1")
                           .arg(error.isEmpty() ? tr("no credentials") : error));
        return;
    }
    updateTwitch();
}

TwitchConfig AccountsController::runConfig() const
{
    TwitchConfig c = m_settings.config;
    applyTwitchUrlOverrides(c, m_apiOverride, m_authOverride);
    c.clientId = m_clientId;
    c.clientSecret = m_secret;
    return c;
}

void AccountsController::updateTwitch()
{
    const bool canRun = m_settings.enabled && !m_clientId.isEmpty() && !m_secret.isEmpty();
    if (!canRun) {
        if (m_twitchRunning) {
            m_pipeline.stopPlatform(Platform::Twitch);
            qCInfo(lcAccounts) << "Twitch collector stopped";
        }
        m_twitchRunning = false;
        m_running.reset();
        return;
    }
    const TwitchConfig config = runConfig();
    if (m_twitchRunning && m_running && sameRun(*m_running, config))
        return; // nothing the collector would do differently
    // startTwitch() replaces a running collector.
    m_pipeline.startTwitch(config);
    m_running = config;
    m_twitchRunning = true;
    qCInfo(lcAccounts) << "Twitch collector started";
}

void AccountsController::attach(AccountsDialog *dialog)
{
    dialog->setState(state());
    connect(dialog, &AccountsDialog::testRequested, this, &AccountsController::testConnection);
    connect(this, &AccountsController::testFinished, dialog, &AccountsDialog::showTestResult);
    connect(dialog, &AccountsDialog::removeCredentialsRequested, this,
            &AccountsController::removeCredentials);
    connect(this, &AccountsController::credentialsRemoved, dialog,
            &AccountsDialog::showCredentialsRemoved);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        apply(dialog->twitchEnabled(), dialog->twitchConfig(), dialog->sessionOnlyChosen());
    });
}

void AccountsController::apply(bool twitchEnabled, const TwitchConfig &typed, bool sessionOnly)
{
    if (m_pending) {
        Q_EMIT applied(false, tr("The previous change of the accounts is still being saved."));
        return;
    }
    if (sessionOnly && !m_secrets.sessionOnly()) {
        m_secrets.setSessionOnly(true);
        // Whatever the keychain could not hold is not held anywhere yet.
        m_secretStored = false;
    }
    PendingApply p;
    p.enabled = twitchEnabled;
    p.config = typed;
    p.config.clientId = typed.clientId.trimmed();
    p.config.clientSecret = typed.clientSecret.trimmed();
    p.writeId = !p.config.clientId.isEmpty() &&
                (p.config.clientId != m_clientId || m_secrets.sessionOnly() || m_fromEnvironment);
    p.writeSecret = !p.config.clientSecret.isEmpty();
    if (p.config.clientId.isEmpty())
        p.config.clientId = m_clientId;
    if (p.config.clientSecret.isEmpty())
        p.config.clientSecret = m_secret;
    m_pending = p;
    writePending();
}

void AccountsController::writePending()
{
    PendingApply &p = *m_pending;
    p.writes = (p.writeId ? 1 : 0) + (p.writeSecret ? 1 : 0);
    p.error = SecretError::None;
    p.message.clear();
    if (p.writes == 0) {
        commit();
        return;
    }
    if (p.writeId)
        m_secrets.write(IdKey, p.config.clientId);
    if (p.writeSecret)
        m_secrets.write(SecretKey, p.config.clientSecret);
}

void AccountsController::onWriteDone(const QString &key, SecretError error, const QString &message)
{
    if (!m_pending || m_pending->writes == 0 || (key != IdKey && key != SecretKey))
        return;
    PendingApply &p = *m_pending;
    if (error != SecretError::None && p.error == SecretError::None) {
        p.error = error;
        p.message = message;
    }
    if (--p.writes > 0)
        return;
    if (p.error == SecretError::None) {
        commit();
        return;
    }
    // Not saved (no Secret Service, or one that does not answer; see onRead):
    // the credentials stay in m_pending until the user answers the question.
    m_keychainAvailable = false;
    m_keychainError = p.error == SecretError::NoKeychain ? QString() : p.message;
    Q_EMIT stateChanged(state());
    Q_EMIT keychainUnavailable(tr("No secret service (keychain) is available on this system: %1 "
                                  "Keep the credentials for this run only?")
                                   .arg(noKeychainText()));
}

void AccountsController::useSessionOnly()
{
    if (!m_pending)
        return;
    m_secrets.setSessionOnly(true);
    m_secretStored = false;
    m_pending->writeId = !m_pending->config.clientId.isEmpty();
    m_pending->writeSecret = !m_pending->config.clientSecret.isEmpty();
    writePending(); // into this process's memory
}

void AccountsController::discardPending()
{
    if (!m_pending)
        return;
    m_pending.reset();
    const QString text = tr("The Twitch credentials were not saved (no keychain).");
    Q_EMIT problem(text);
    Q_EMIT applied(false, text);
}

void AccountsController::commit()
{
    const PendingApply p = *m_pending;
    m_pending.reset();
    m_clientId = p.config.clientId;
    m_secret = p.config.clientSecret;
    if (p.writeSecret)
        m_secretStored = true;
    m_settings.enabled = p.enabled;
    m_settings.config = p.config;
    m_settings.config.clientId.clear();
    m_settings.config.clientSecret.clear();
    TwitchAccountSettings saved = m_settings;
    // Credentials kept for this run only are gone after a restart: a saved
    // "enabled" would then start neither Twitch nor the Demo.
    if (m_secrets.sessionOnly())
        saved.enabled = false;
    saveTwitchAccountSettings(saved);
    updateTwitch();
    Q_EMIT stateChanged(state());
    if (p.enabled && (m_clientId.isEmpty() || m_secret.isEmpty())) {
        const QString text = tr("Twitch is switched on but has no client ID and secret yet.");
        Q_EMIT problem(text);
        Q_EMIT applied(false, text);
        return;
    }
    Q_EMIT applied(true, p.enabled ? tr("Twitch accounts saved; collecting from Twitch.")
                                   : tr("Twitch accounts saved; Twitch is off."));
}

void AccountsController::removeCredentials()
{
    m_clientId.clear();
    m_secret.clear();
    m_secretStored = false;
    m_settings.enabled = false;
    saveTwitchAccountSettings(m_settings);
    updateTwitch();
    m_removesPending = 2;
    m_removeError.clear();
    m_secrets.remove(IdKey);
    m_secrets.remove(SecretKey);
}

void AccountsController::onRemoveDone(const QString &key, SecretError error, const QString &message)
{
    if (m_removesPending == 0 || (key != IdKey && key != SecretKey))
        return;
    if (error != SecretError::None && m_removeError.isEmpty())
        m_removeError = message;
    if (--m_removesPending > 0)
        return;
    Q_EMIT stateChanged(state());
    if (m_removeError.isEmpty()) {
        Q_EMIT credentialsRemoved(true, tr("Credentials removed; Twitch is off."));
    } else {
        const QString text =
            tr("Twitch is off, but the keychain entries were not removed: %1").arg(m_removeError);
        Q_EMIT problem(text);
        Q_EMIT credentialsRemoved(false, text);
    }
}

void AccountsController::testConnection(const TwitchConfig &typed)
{
    if (m_test)
        return; // one at a time; the dialog's button is disabled meanwhile
    TwitchConfig config = typed;
    if (config.clientId.isEmpty())
        config.clientId = m_clientId;
    if (config.clientSecret.isEmpty())
        config.clientSecret = m_secret;
    if (config.clientId.isEmpty() || config.clientSecret.isEmpty()) {
        Q_EMIT testFinished(false, tr("Enter the client ID and the client secret first."));
        return;
    }
    auto *test = new TwitchConnectionTest(this);
    m_test = test;
    connect(test, &TwitchConnectionTest::finished, this,
            [this, test](bool ok, const QString &message) {
                test->deleteLater();
                Q_EMIT testFinished(ok, message);
            });
    test->run(config);
}

} // namespace StreamRank
