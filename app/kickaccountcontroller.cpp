#include "kickaccountcontroller.h"

#include "kickclient.h"
#include "pipeline.h"

#include <QLoggingCategory>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcKickAccount, "streamrank.accounts.kick")

namespace {

const QString IdKey = QString::fromLatin1(KickClientIdKey);
const QString SecretKey = QString::fromLatin1(KickClientSecretKey);

// What the collector would do differently: then it is restarted.
bool sameRun(const KickConfig &a, const KickConfig &b)
{
    return a.apiUrl == b.apiUrl && a.authUrl == b.authUrl && a.clientId == b.clientId &&
           a.clientSecret == b.clientSecret && a.categoryIds == b.categoryIds &&
           a.language == b.language && a.watchedChannels == b.watchedChannels &&
           a.pageSize == b.pageSize && a.maxPages == b.maxPages &&
           a.maxRecheckBatches == b.maxRecheckBatches && a.pollIntervalMs == b.pollIntervalMs &&
           a.requestsPerMinute == b.requestsPerMinute && a.requestTimeoutMs == b.requestTimeoutMs &&
           a.requestDeadlineMs == b.requestDeadlineMs && a.maxAttempts == b.maxAttempts &&
           a.backoffBaseMs == b.backoffBaseMs && a.backoffCapMs == b.backoffCapMs &&
           a.pacing == b.pacing && a.breakerThreshold == b.breakerThreshold &&
           a.breakerPauseMs == b.breakerPauseMs && a.v2RetryMs == b.v2RetryMs &&
           a.metadataEveryMs == b.metadataEveryMs && a.once == b.once;
}

} // namespace

KickAccountController::KickAccountController(Pipeline &pipeline, SecretStore &secrets,
                                             QObject *parent)
    : QObject(parent), m_pipeline(pipeline), m_secrets(secrets), m_loader(secrets)
{
    connect(&m_loader, &KickCredentialsLoader::done, this,
            &KickAccountController::onCredentialsLoaded);
    connect(&m_secrets, &SecretStore::readDone, this, &KickAccountController::onRead);
    connect(&m_secrets, &SecretStore::writeDone, this, &KickAccountController::onWriteDone);
    connect(&m_secrets, &SecretStore::removeDone, this, &KickAccountController::onRemoveDone);
}

KickAccountController::~KickAccountController() = default;

void KickAccountController::setRunOverrides(const QString &apiUrl, const QString &authUrl)
{
    m_apiOverride = apiUrl.trimmed();
    m_authOverride = authUrl.trimmed();
}

void KickAccountController::start()
{
    m_settings = loadKickAccountSettings();
    m_fromEnvironment = clientCredentialsFromEnvironment(kickCredentialsKeys()).has_value();
    Q_EMIT stateChanged(state());
    m_loader.load();
}

KickAccountState KickAccountController::state() const
{
    KickAccountState s;
    s.enabled = runEnabled();
    s.config = m_settings.config;
    // The environment's client id is not the stored one: the tab says where
    // it comes from instead of showing it as if it were saved.
    s.config.clientId = m_fromEnvironment ? QString() : m_clientId;
    s.config.clientSecret.clear();
    s.secretStored = m_secretStored;
    s.fromEnvironment = m_fromEnvironment;
    s.keychainAvailable = m_keychainAvailable || m_secrets.sessionOnly();
    s.keychainMessage = noKeychainText();
    s.sessionOnly = m_secrets.sessionOnly();
    s.runNote = runNote();
    return s;
}

QString KickAccountController::runNote() const
{
    QStringList parts;
    if (m_forceEnabled && !m_settings.enabled)
        parts << tr("on (--platform kick)");
    if (!m_apiOverride.isEmpty())
        parts << tr("API URL %1").arg(m_apiOverride);
    if (!m_authOverride.isEmpty())
        parts << tr("login service URL %1").arg(m_authOverride);
    if (parts.isEmpty())
        return {};
    return tr("This run only, from the command line (not saved): %1.")
        .arg(parts.join(QStringLiteral("; ")));
}

QString KickAccountController::noKeychainText() const
{
    const QString why = m_keychainError.isEmpty()
                            ? QString()
                            : tr("the keychain answered \"%1\", so ").arg(m_keychainError);
    return why + tr("credentials and API keys cannot be saved (on Linux, a Secret Service such "
                    "as GNOME Keyring or KWallet must be running).");
}

void KickAccountController::onRead(const QString &key, const QString &value, SecretError error,
                                   const QString &message)
{
    if (key != IdKey && key != SecretKey)
        return;
    // As for Twitch: whatever keeps the keychain from answering counts as none.
    if (error != SecretError::None && error != SecretError::NotFound && m_keychainAvailable) {
        m_keychainAvailable = false;
        m_keychainError = error == SecretError::NoKeychain ? QString() : message;
        Q_EMIT stateChanged(state());
    }
    if (key == SecretKey && !m_fromEnvironment)
        m_secretStored = error == SecretError::None && !value.isEmpty();
}

void KickAccountController::onCredentialsLoaded(const QString &clientId, const QString &secret,
                                                const QString &error)
{
    m_clientId = clientId;
    m_secret = secret;
    if (m_fromEnvironment)
        m_secretStored = !secret.isEmpty();
    Q_EMIT stateChanged(state());
    if (!runEnabled())
        return;
    const QString reason = updateCollector();
    if (!reason.isEmpty())
        Q_EMIT problem(
            tr("Kick is switched on but cannot start: %1").arg(error.isEmpty() ? reason : error));
}

KickConfig KickAccountController::runConfig() const
{
    KickConfig c = m_settings.config;
    applyKickUrlOverrides(c, m_apiOverride, m_authOverride);
    c.clientId = m_clientId;
    c.clientSecret = m_secret;
    return c;
}

QString KickAccountController::updateCollector()
{
    const QString reason =
        m_clientId.isEmpty() || m_secret.isEmpty() ? tr("no client ID and secret") : QString();
    if (!runEnabled() || !reason.isEmpty()) {
        if (m_running) {
            m_pipeline.stopPlatform(Platform::Kick);
            m_running.reset();
            qCInfo(lcKickAccount) << "Kick collector stopped";
            Q_EMIT runningChanged(false);
        }
        return runEnabled() ? reason : QString();
    }
    const KickConfig config = runConfig();
    if (m_running && sameRun(*m_running, config))
        return {}; // nothing the collector would do differently
    // startKick() replaces a running collector; the streams it saw live carry over.
    m_pipeline.startKick(config);
    m_running = config;
    qCInfo(lcKickAccount) << "Kick collector started:" << config.categoryIds.size()
                          << "category filters," << config.watchedChannels.size()
                          << "watched channels";
    Q_EMIT runningChanged(true);
    return {};
}

void KickAccountController::attach(AccountsDialog *dialog)
{
    dialog->setKickState(state());
    KickAccountPage *page = dialog->kickPage();
    connect(page, &KickAccountPage::testRequested, this, &KickAccountController::testConnection);
    connect(this, &KickAccountController::testFinished, page, &KickAccountPage::showTestResult);
    connect(page, &KickAccountPage::removeCredentialsRequested, this,
            &KickAccountController::removeCredentials);
    connect(this, &KickAccountController::credentialsRemoved, page,
            &KickAccountPage::showCredentialsRemoved);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        apply(dialog->kickEnabled(), dialog->kickConfig(), dialog->sessionOnlyChosen());
    });
}

void KickAccountController::apply(bool enabled, const KickConfig &typed, bool sessionOnly)
{
    if (m_pending) {
        Q_EMIT applied(false, tr("The previous change of the Kick account is still being saved."));
        return;
    }
    if (sessionOnly && !m_secrets.sessionOnly()) {
        m_secrets.setSessionOnly(true);
        // Whatever the keychain could not hold is not held anywhere yet.
        if (!m_fromEnvironment)
            m_secretStored = false;
    }
    PendingApply p;
    p.enabled = enabled;
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

void KickAccountController::writePending()
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

void KickAccountController::onWriteDone(const QString &key, SecretError error,
                                        const QString &message)
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
    // Not saved: the credentials stay in m_pending until the user answers the question.
    m_keychainAvailable = false;
    m_keychainError = p.error == SecretError::NoKeychain ? QString() : p.message;
    Q_EMIT stateChanged(state());
    Q_EMIT keychainUnavailable(tr("No secret service (keychain) is available on this system: %1 "
                                  "Keep the credentials for this run only?")
                                   .arg(noKeychainText()));
}

void KickAccountController::useSessionOnly()
{
    if (!m_pending)
        return;
    m_secrets.setSessionOnly(true);
    if (!m_fromEnvironment)
        m_secretStored = false;
    m_pending->writeId = !m_pending->config.clientId.isEmpty();
    m_pending->writeSecret = !m_pending->config.clientSecret.isEmpty();
    writePending(); // into this process's memory
}

void KickAccountController::discardPending()
{
    if (!m_pending)
        return;
    m_pending.reset();
    const QString text = tr("The Kick credentials were not saved (no keychain).");
    Q_EMIT problem(text);
    Q_EMIT applied(false, text);
}

void KickAccountController::commit()
{
    const PendingApply p = *m_pending;
    m_pending.reset();
    m_clientId = p.config.clientId;
    m_secret = p.config.clientSecret;
    if (p.writeSecret)
        m_secretStored = true;
    // --platform kick keeps Kick on for this run without saving it; off is off.
    if (!p.enabled)
        m_forceEnabled = false;
    if (!m_forceEnabled)
        m_settings.enabled = p.enabled;
    m_settings.config = p.config;
    m_settings.config.clientId.clear();
    m_settings.config.clientSecret.clear();
    KickAccountSettings saved = m_settings;
    // Credentials kept for this run only are gone after a restart: a saved
    // "enabled" would then start neither Kick nor the Demo.
    if (m_secrets.sessionOnly() && !m_fromEnvironment)
        saved.enabled = false;
    saveKickAccountSettings(saved);
    const QString reason = updateCollector();
    Q_EMIT stateChanged(state());
    if (p.enabled && !reason.isEmpty()) {
        const QString text = tr("Kick is switched on but cannot start: %1.").arg(reason);
        Q_EMIT problem(text);
        Q_EMIT applied(false, text);
        return;
    }
    Q_EMIT applied(true, p.enabled ? tr("Kick account saved; collecting from Kick.")
                                   : tr("Kick account saved; Kick is off."));
}

void KickAccountController::removeCredentials()
{
    m_clientId.clear();
    m_secret.clear();
    m_secretStored = false;
    m_settings.enabled = false;
    m_forceEnabled = false;
    saveKickAccountSettings(m_settings);
    updateCollector();
    m_removesPending = 2;
    m_removeError.clear();
    m_secrets.remove(IdKey);
    m_secrets.remove(SecretKey);
}

void KickAccountController::onRemoveDone(const QString &key, SecretError error,
                                         const QString &message)
{
    if (m_removesPending == 0 || (key != IdKey && key != SecretKey))
        return;
    if (error != SecretError::None && m_removeError.isEmpty())
        m_removeError = message;
    if (--m_removesPending > 0)
        return;
    Q_EMIT stateChanged(state());
    if (!m_removeError.isEmpty()) {
        const QString text =
            tr("Kick is off, but the keychain entries were not removed: %1").arg(m_removeError);
        Q_EMIT problem(text);
        Q_EMIT credentialsRemoved(false, text);
        return;
    }
    Q_EMIT credentialsRemoved(
        true, m_fromEnvironment
                  ? tr("Credentials removed; Kick is off (%1 and %2 are "
                       "still set in the environment).")
                        .arg(QLatin1String(KickClientIdEnv), QLatin1String(KickClientSecretEnv))
                  : tr("Credentials removed; Kick is off."));
}

void KickAccountController::testConnection(const KickConfig &typed)
{
    if (m_test)
        return; // one at a time; the tab's button is disabled meanwhile
    KickConfig config = typed;
    config.clientId = config.clientId.trimmed();
    config.clientSecret = config.clientSecret.trimmed();
    if (config.clientId.isEmpty())
        config.clientId = m_clientId;
    if (config.clientSecret.isEmpty())
        config.clientSecret = m_secret;
    // The tab shows the saved URLs: left as they are, this run's command line
    // ones are tested, as the collector would use them.
    if (!m_apiOverride.isEmpty() && config.apiUrl == m_settings.config.apiUrl)
        config.apiUrl = QUrl(m_apiOverride);
    if (!m_authOverride.isEmpty() && config.authUrl == m_settings.config.authUrl)
        config.authUrl = QUrl(m_authOverride);
    if (config.clientId.isEmpty() || config.clientSecret.isEmpty()) {
        Q_EMIT testFinished(false, tr("Enter the client ID and the client secret first."));
        return;
    }
    auto *test = new KickConnectionTest(this);
    m_test = test;
    connect(test, &KickConnectionTest::finished, this,
            [this, test](bool ok, const QString &message) {
                test->deleteLater();
                Q_EMIT testFinished(ok, message);
            });
    test->run(config);
}

} // namespace StreamRank
