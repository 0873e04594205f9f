#pragma once
// Keeps the YouTube account (Settings → Accounts → YouTube) and switches the
// YouTube collector with it, as AccountsController does for Twitch: the
// non-secret settings in QSettings, the API key in the keychain only (or in
// memory for this run, when there is no keychain and the user agreed), and the
// collector started, restarted or stopped at once when they change. It shares
// the accounts' SecretStore, so one "this run only" answer holds for both.

#include "accountsdialog.h"
#include "secretstore.h"
#include "youtubeaccount.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace StreamRank {

class Pipeline;
class YouTubeConnectionTest;

class YouTubeAccountController : public QObject
{
    Q_OBJECT
public:
    YouTubeAccountController(Pipeline &pipeline, SecretStore &secrets, QObject *parent = nullptr);
    ~YouTubeAccountController() override;

    // --youtube-api-url, --youtube-search, --youtube-channel: added to this
    // run's collector, never saved.
    void setRunOverrides(const QString &apiUrl, const QStringList &searchSpecs,
                         const QStringList &channelIds);
    // --platform youtube: collect from YouTube this run even where the
    // setting is off (never saved).
    void setForceEnabled(bool force) { m_forceEnabled = force; }

    // Reads the settings and the key (environment first, else the keychain);
    // starts YouTube when it is switched on, has a key and something to track.
    void start();

    YouTubeAccountState state() const;
    bool running() const { return m_running.has_value(); }

    // Connects a dialog's YouTube tab: its values, Test connection, Remove
    // key, the quota as it changes, and OK.
    void attach(AccountsDialog *dialog);

    // What the dialog returned. An empty apiKey keeps the stored one.
    void apply(bool enabled, const YouTubeConfig &typed, bool sessionOnly);
    // The user agreed, after keychainUnavailable(), to keep the key of the
    // last apply() in memory for this run only.
    void useSessionOnly();
    // The user declined: the unsaved key is forgotten.
    void discardPending();
    // Removes the keychain entry and stops YouTube.
    void removeKey();
    // One call with this key (empty: the stored one) and these settings.
    void testConnection(const YouTubeConfig &typed);

Q_SIGNALS:
    void stateChanged(const StreamRank::YouTubeAccountState &state);
    void testFinished(bool ok, const QString &message);
    // apply() is done: saved (ok) or not (message says why).
    void applied(bool ok, const QString &message);
    void keyRemoved(bool ok, const QString &message);
    // No keychain: ask the user whether to keep the key for this run only.
    void keychainUnavailable(const QString &message);
    // Something the user should read in the status bar.
    void problem(const QString &message);
    // The collector was started (with a new configuration) or stopped.
    void runningChanged(bool running);
    void quotaChanged(const StreamRank::YouTubeQuotaStatus &status);

private:
    void onKeyLoaded(const QString &apiKey, const QString &error);
    void onRead(const QString &key, const QString &value, StreamRank::SecretError error,
                const QString &message);
    void onWriteDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void onRemoveDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void writePending();
    void commit();
    // Starts, restarts or stops the collector to match the settings; the
    // reason it cannot run, in words, or empty.
    QString updateCollector();
    YouTubeConfig runConfig() const;
    bool runEnabled() const { return m_settings.enabled || m_forceEnabled; }
    QString runNote() const;
    QString noKeychainText() const;

    struct PendingApply
    {
        bool enabled = false;
        YouTubeConfig config; // with the key to use
        bool write = false;
    };

    Pipeline &m_pipeline;
    SecretStore &m_secrets;
    YouTubeKeyLoader m_loader;
    YouTubeAccountSettings m_settings;
    bool m_forceEnabled = false;
    QString m_apiOverride;
    QVector<YouTubeSearch> m_extraSearches;
    QStringList m_extraChannels;
    QString m_apiKey; // in memory only
    bool m_keyStored = false;
    bool m_fromEnvironment = false;
    bool m_keychainAvailable = true;
    QString m_keychainError;
    std::optional<PendingApply> m_pending;
    bool m_removePending = false;
    QPointer<YouTubeConnectionTest> m_test;
    std::optional<YouTubeConfig> m_running;    // what the collector was started with
    std::optional<YouTubeQuotaStatus> m_quota; // the running collector's last report
};

} // namespace StreamRank
