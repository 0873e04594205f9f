#pragma once
// Keeps the Kick account (Settings → Accounts → Kick) and switches the Kick
// collector with it, as AccountsController does for Twitch: the non-secret
// settings in QSettings, the client id and secret in the keychain only (or in
// memory for this run, when there is no keychain and the user agreed), and the
// collector started, restarted or stopped at once when they change. It shares
// the accounts' SecretStore, so one "this run only" answer holds for all.

#include "accountsdialog.h"
#include "kickaccount.h"
#include "secretstore.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace StreamRank {

class KickConnectionTest;
class Pipeline;

class KickAccountController : public QObject
{
    Q_OBJECT
public:
    KickAccountController(Pipeline &pipeline, SecretStore &secrets, QObject *parent = nullptr);
    ~KickAccountController() override;

    // --kick-api-url / --kick-auth-url: used for this run's collector (and
    // Test connection while the tab shows the saved URLs), never saved.
    // Empty: keep the settings.
    void setRunOverrides(const QString &apiUrl, const QString &authUrl);
    // --platform kick: collect from Kick this run even where the setting is
    // off (never saved).
    void setForceEnabled(bool force) { m_forceEnabled = force; }

    // Reads the settings and the credentials (environment first, else the
    // keychain); starts Kick when it is switched on and both are there.
    void start();

    KickAccountState state() const;
    bool running() const { return m_running.has_value(); }

    // Connects a dialog's Kick tab: its values, Test connection, Remove
    // credentials, and OK.
    void attach(AccountsDialog *dialog);

    // What the dialog returned. An empty clientId or clientSecret keeps the
    // stored one.
    void apply(bool enabled, const KickConfig &typed, bool sessionOnly);
    // The user agreed, after keychainUnavailable(), to keep the credentials
    // of the last apply() in memory for this run only.
    void useSessionOnly();
    // The user declined: the unsaved credentials are forgotten.
    void discardPending();
    // Removes both keychain entries and stops Kick.
    void removeCredentials();
    // A token and one small listing with these credentials (empty ones: the
    // stored ones) and these URLs.
    void testConnection(const KickConfig &typed);

Q_SIGNALS:
    void stateChanged(const StreamRank::KickAccountState &state);
    void testFinished(bool ok, const QString &message);
    // apply() is done: saved (ok) or not (message says why).
    void applied(bool ok, const QString &message);
    void credentialsRemoved(bool ok, const QString &message);
    // No keychain: ask the user whether to keep the credentials for this run only.
    void keychainUnavailable(const QString &message);
    // Something the user should read in the status bar.
    void problem(const QString &message);
    // The collector was started (with a new configuration) or stopped.
    void runningChanged(bool running);

private:
    void onCredentialsLoaded(const QString &clientId, const QString &secret, const QString &error);
    void onRead(const QString &key, const QString &value, StreamRank::SecretError error,
                const QString &message);
    void onWriteDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void onRemoveDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void writePending();
    void commit();
    // Starts, restarts or stops the collector to match the settings; the
    // reason it cannot run, in words, or empty.
    QString updateCollector();
    KickConfig runConfig() const;
    bool runEnabled() const { return m_settings.enabled || m_forceEnabled; }
    QString runNote() const;
    QString noKeychainText() const;

    struct PendingApply
    {
        bool enabled = false;
        KickConfig config; // with the credentials to use
        bool writeId = false;
        bool writeSecret = false;
        int writes = 0;
        SecretError error = SecretError::None;
        QString message;
    };

    Pipeline &m_pipeline;
    SecretStore &m_secrets;
    KickCredentialsLoader m_loader;
    KickAccountSettings m_settings;
    bool m_forceEnabled = false;
    QString m_apiOverride;
    QString m_authOverride;
    QString m_clientId; // in memory only
    QString m_secret;   // in memory only
    bool m_secretStored = false;
    bool m_fromEnvironment = false;
    bool m_keychainAvailable = true;
    QString m_keychainError; // the keychain's words when it failed otherwise than NoKeychain
    std::optional<PendingApply> m_pending;
    int m_removesPending = 0;
    QString m_removeError;
    QPointer<KickConnectionTest> m_test;
    std::optional<KickConfig> m_running; // what the collector was started with
};

} // namespace StreamRank
