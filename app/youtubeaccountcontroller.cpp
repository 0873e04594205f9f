#include "youtubeaccountcontroller.h"

#include "pipeline.h"
#include "youtubeclient.h"
#include "youtubequota.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcYouTubeAccount, "streamrank.accounts.youtube")

namespace {

const QString KeyName = QString::fromLatin1(YouTubeApiKeyKey);

// What the collector would do differently: then it is restarted.
bool sameRun(const YouTubeConfig &a, const YouTubeConfig &b)
{
    return a.apiUrl == b.apiUrl && a.apiKey == b.apiKey && a.searches == b.searches &&
           a.watchedChannels == b.watchedChannels && a.searchPages == b.searchPages &&
           a.pollIntervalMs == b.pollIntervalMs && a.dailyUnits == b.dailyUnits &&
           a.dailySearches == b.dailySearches && a.searchCostUnits == b.searchCostUnits;
}

} // namespace

YouTubeAccountController::YouTubeAccountController(Pipeline &pipeline, SecretStore &secrets,
                                                   QObject *parent)
    : QObject(parent), m_pipeline(pipeline), m_secrets(secrets), m_loader(secrets)
{
    connect(&m_loader, &YouTubeKeyLoader::done, this, &YouTubeAccountController::onKeyLoaded);
    connect(&m_secrets, &SecretStore::readDone, this, &YouTubeAccountController::onRead);
    connect(&m_secrets, &SecretStore::writeDone, this, &YouTubeAccountController::onWriteDone);
    connect(&m_secrets, &SecretStore::removeDone, this, &YouTubeAccountController::onRemoveDone);
    connect(&m_pipeline, &Pipeline::youtubeQuotaChanged, this,
            [this](const YouTubeQuotaStatus &status) {
                m_quota = status;
                Q_EMIT quotaChanged(status);
            });
}

YouTubeAccountController::~YouTubeAccountController() = default;

void YouTubeAccountController::setRunOverrides(const QString &apiUrl,
                                               const QStringList &searchSpecs,
                                               const QStringList &channelIds)
{
    m_apiOverride = apiUrl;
    m_extraSearches.clear();
    for (const QString &spec : searchSpecs) {
        const YouTubeSearch search = YouTubeSearch::fromSpec(spec);
        if (!search.isEmpty() && !m_extraSearches.contains(search))
            m_extraSearches.append(search);
    }
    m_extraChannels.clear();
    for (const QString &id : channelIds)
        if (!id.trimmed().isEmpty() && !m_extraChannels.contains(id.trimmed()))
            m_extraChannels.append(id.trimmed());
}

void YouTubeAccountController::start()
{
    m_settings = loadYouTubeAccountSettings();
    m_fromEnvironment = !qEnvironmentVariable(YouTubeApiKeyEnv).trimmed().isEmpty();
    Q_EMIT stateChanged(state());
    m_loader.load();
}

YouTubeAccountState YouTubeAccountController::state() const
{
    YouTubeAccountState s;
    s.enabled = runEnabled();
    s.config = m_settings.config;
    s.config.apiKey.clear();
    s.keyStored = m_keyStored;
    s.fromEnvironment = m_fromEnvironment;
    s.keychainAvailable = m_keychainAvailable || m_secrets.sessionOnly();
    s.keychainMessage = noKeychainText();
    s.sessionOnly = m_secrets.sessionOnly();
    s.runNote = runNote();
    s.runTracks = !m_extraSearches.isEmpty() || !m_extraChannels.isEmpty();
    if (m_quota) {
        s.quota = m_quota;
        s.quotaLive = running();
        return s;
    }
    // Not collecting this run yet: what an earlier run spent today, if anything.
    const YouTubeQuotaUsage used = loadYouTubeQuotaUsage();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (used.dayStartMs >= 0 && used.dayStartMs == YouTube::pacificDayStartMs(now)) {
        YouTubeQuotaStatus q;
        q.dayStartMs = used.dayStartMs;
        q.resetAtMs = YouTube::nextPacificMidnightMs(now);
        q.unitsUsed = used.unitsUsed;
        q.searchesUsed = used.searchesUsed;
        q.dailyUnits = m_settings.config.dailyUnits;
        q.dailySearches = m_settings.config.dailySearches;
        q.exhausted = q.unitsUsed >= q.dailyUnits;
        s.quota = q;
    }
    return s;
}

QString YouTubeAccountController::runNote() const
{
    QStringList parts;
    if (m_forceEnabled && !m_settings.enabled)
        parts << tr("on (--platform youtube)");
    if (!m_apiOverride.isEmpty())
        parts << tr("API URL %1").arg(m_apiOverride);
    if (!m_extraSearches.isEmpty()) {
        QStringList labels;
        for (const YouTubeSearch &s : m_extraSearches)
            labels << s.label();
        parts << tr("also searching %1").arg(labels.join(QStringLiteral(", ")));
    }
    if (m_extraChannels.size() == 1)
        parts << tr("also watching %1").arg(m_extraChannels.constFirst());
    else if (!m_extraChannels.isEmpty())
        parts << tr("also watching %1 channels").arg(m_extraChannels.size());
    if (parts.isEmpty())
        return {};
    return tr("This run only, from the command line (not saved): %1.")
        .arg(parts.join(QStringLiteral("; ")));
}

QString YouTubeAccountController::noKeychainText() const
{
    const QString why = m_keychainError.isEmpty()
                            ? QString()
                            : tr("the keychain answered \"%1\", so ").arg(m_keychainError);
    return why + tr("credentials and API keys cannot be saved (on Linux, a Secret Service such "
                    "as GNOME Keyring or KWallet must be running).");
}

void YouTubeAccountController::onRead(const QString &key, const QString &, SecretError error,
                                      const QString &message)
{
    if (key != KeyName)
        return;
    // As for Twitch: whatever keeps the keychain from answering counts as none.
    if (error != SecretError::None && error != SecretError::NotFound && m_keychainAvailable) {
        m_keychainAvailable = false;
        m_keychainError = error == SecretError::NoKeychain ? QString() : message;
        Q_EMIT stateChanged(state());
    }
}

void YouTubeAccountController::onKeyLoaded(const QString &apiKey, const QString &error)
{
    m_apiKey = apiKey;
    m_keyStored = !apiKey.isEmpty();
    Q_EMIT stateChanged(state());
    if (!runEnabled())
        return;
    const QString reason = updateCollector();
    if (!reason.isEmpty())
        Q_EMIT problem(tr("YouTube is switched on but cannot start: %1")
                           .arg(m_apiKey.isEmpty() && !error.isEmpty() ? error : reason));
}

YouTubeConfig YouTubeAccountController::runConfig() const
{
    YouTubeConfig c = m_settings.config;
    if (!m_apiOverride.isEmpty())
        c.apiUrl = QUrl(m_apiOverride);
    for (const YouTubeSearch &s : m_extraSearches)
        if (!c.searches.contains(s))
            c.searches.append(s);
    for (const QString &id : m_extraChannels)
        if (!c.watchedChannels.contains(id))
            c.watchedChannels.append(id);
    c.apiKey = m_apiKey;
    return c;
}

QString YouTubeAccountController::updateCollector()
{
    const YouTubeConfig config = runConfig();
    QString reason;
    if (m_apiKey.isEmpty())
        reason = tr("no API key");
    else if (config.searches.isEmpty() && config.watchedChannels.isEmpty())
        reason = tr("nothing to track (add a search or a watched channel)");
    if (!runEnabled() || !reason.isEmpty()) {
        if (m_running) {
            m_pipeline.stopPlatform(Platform::YouTube);
            m_running.reset();
            qCInfo(lcYouTubeAccount) << "YouTube collector stopped";
            Q_EMIT runningChanged(false);
        }
        return runEnabled() ? reason : QString();
    }
    if (m_running && sameRun(*m_running, config))
        return {}; // nothing the collector would do differently
    // startYouTube() replaces a running collector; the quota spent carries over.
    m_pipeline.startYouTube(config);
    m_running = config;
    qCInfo(lcYouTubeAccount) << "YouTube collector started:" << config.searches.size()
                             << "searches," << config.watchedChannels.size() << "watched channels";
    Q_EMIT runningChanged(true);
    return {};
}

void YouTubeAccountController::attach(AccountsDialog *dialog)
{
    dialog->setYouTubeState(state());
    YouTubeAccountPage *page = dialog->youtubePage();
    connect(page, &YouTubeAccountPage::testRequested, this,
            &YouTubeAccountController::testConnection);
    connect(this, &YouTubeAccountController::testFinished, page,
            &YouTubeAccountPage::showTestResult);
    connect(page, &YouTubeAccountPage::removeKeyRequested, this,
            &YouTubeAccountController::removeKey);
    connect(this, &YouTubeAccountController::keyRemoved, page, &YouTubeAccountPage::showKeyRemoved);
    connect(this, &YouTubeAccountController::quotaChanged, page, &YouTubeAccountPage::showQuota);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        apply(dialog->youtubeEnabled(), dialog->youtubeConfig(), dialog->sessionOnlyChosen());
    });
}

void YouTubeAccountController::apply(bool enabled, const YouTubeConfig &typed, bool sessionOnly)
{
    if (m_pending) {
        Q_EMIT applied(false, tr("The previous change of the YouTube account is still being "
                                 "saved."));
        return;
    }
    if (sessionOnly && !m_secrets.sessionOnly()) {
        m_secrets.setSessionOnly(true);
        // Whatever the keychain could not hold is not held anywhere yet.
        if (!m_fromEnvironment)
            m_keyStored = false;
    }
    PendingApply p;
    p.enabled = enabled;
    p.config = typed;
    p.config.apiKey = typed.apiKey.trimmed();
    p.write = !p.config.apiKey.isEmpty();
    if (!p.write)
        p.config.apiKey = m_apiKey;
    m_pending = p;
    writePending();
}

void YouTubeAccountController::writePending()
{
    if (!m_pending->write) {
        commit();
        return;
    }
    m_secrets.write(KeyName, m_pending->config.apiKey);
}

void YouTubeAccountController::onWriteDone(const QString &key, SecretError error,
                                           const QString &message)
{
    if (!m_pending || !m_pending->write || key != KeyName)
        return;
    if (error == SecretError::None) {
        commit();
        return;
    }
    // Not saved: the key stays in m_pending until the user answers the question.
    m_keychainAvailable = false;
    m_keychainError = error == SecretError::NoKeychain ? QString() : message;
    Q_EMIT stateChanged(state());
    Q_EMIT keychainUnavailable(tr("No secret service (keychain) is available on this system: %1 "
                                  "Keep the credentials for this run only?")
                                   .arg(noKeychainText()));
}

void YouTubeAccountController::useSessionOnly()
{
    if (!m_pending)
        return;
    m_secrets.setSessionOnly(true);
    if (!m_fromEnvironment)
        m_keyStored = false;
    m_pending->write = !m_pending->config.apiKey.isEmpty();
    writePending(); // into this process's memory
}

void YouTubeAccountController::discardPending()
{
    if (!m_pending)
        return;
    m_pending.reset();
    const QString text = tr("The YouTube API key was not saved (no keychain).");
    Q_EMIT problem(text);
    Q_EMIT applied(false, text);
}

void YouTubeAccountController::commit()
{
    const PendingApply p = *m_pending;
    m_pending.reset();
    m_apiKey = p.config.apiKey;
    if (p.write)
        m_keyStored = true;
    // --platform youtube keeps YouTube on for this run without saving it; off is off.
    if (!p.enabled)
        m_forceEnabled = false;
    if (!m_forceEnabled)
        m_settings.enabled = p.enabled;
    m_settings.config = p.config;
    m_settings.config.apiKey.clear();
    YouTubeAccountSettings saved = m_settings;
    // A key kept for this run only is gone after a restart: a saved "enabled"
    // would then start neither YouTube nor the Demo.
    if (m_secrets.sessionOnly() && !m_fromEnvironment)
        saved.enabled = false;
    saveYouTubeAccountSettings(saved);
    const QString reason = updateCollector();
    Q_EMIT stateChanged(state());
    if (p.enabled && !reason.isEmpty()) {
        const QString text = tr("YouTube is switched on but cannot start: %1.").arg(reason);
        Q_EMIT problem(text);
        Q_EMIT applied(false, text);
        return;
    }
    Q_EMIT applied(true, p.enabled ? tr("YouTube account saved; collecting from YouTube.")
                                   : tr("YouTube account saved; YouTube is off."));
}

void YouTubeAccountController::removeKey()
{
    m_apiKey.clear();
    m_keyStored = false;
    m_settings.enabled = false;
    m_forceEnabled = false;
    saveYouTubeAccountSettings(m_settings);
    updateCollector();
    m_removePending = true;
    m_secrets.remove(KeyName);
}

void YouTubeAccountController::onRemoveDone(const QString &key, SecretError error,
                                            const QString &message)
{
    if (!m_removePending || key != KeyName)
        return;
    m_removePending = false;
    Q_EMIT stateChanged(state());
    if (error != SecretError::None) {
        const QString text =
            tr("YouTube is off, but the keychain entry was not removed: %1").arg(message);
        Q_EMIT problem(text);
        Q_EMIT keyRemoved(false, text);
        return;
    }
    Q_EMIT keyRemoved(true, m_fromEnvironment
                                ? tr("API key removed; YouTube is off (STREAMRANK_YOUTUBE_API_KEY "
                                     "is still set in the environment).")
                                : tr("API key removed; YouTube is off."));
}

void YouTubeAccountController::testConnection(const YouTubeConfig &typed)
{
    if (m_test)
        return; // one at a time; the tab's button is disabled meanwhile
    YouTubeConfig config = typed;
    config.apiKey = config.apiKey.trimmed();
    if (config.apiKey.isEmpty())
        config.apiKey = m_apiKey;
    if (config.apiKey.isEmpty()) {
        Q_EMIT testFinished(false, tr("Enter the API key first."));
        return;
    }
    auto *test = new YouTubeConnectionTest(this);
    m_test = test;
    connect(test, &YouTubeConnectionTest::finished, this,
            [this, test](bool ok, const QString &message) {
                test->deleteLater();
                Q_EMIT testFinished(ok, message);
            });
    test->run(config);
}

} // namespace StreamRank
