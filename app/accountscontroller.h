#pragma once
// Keeps the platform accounts (Settings → Accounts) and switches collectors
// on and off with them: the non-secret settings in QSettings, the client id
// and secret in the keychain only (or in memory for this run, when there is no
// keychain and the user agreed), and the Twitch collector started, restarted
// or stopped at once when they change.

#include "accountsdialog.h"
#include "secretstore.h"
#include "twitchaccount.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace StreamRank {

class Pipeline;
class TwitchConnectionTest;

class AccountsController : public QObject
{
    Q_OBJECT
public:
    explicit AccountsController(Pipeline &pipeline, QObject *parent = nullptr);
    ~AccountsController() override;

    // --twitch-api-url / --twitch-auth-url: used for this run's collector,
    // never saved. Empty: keep the settings.
    void setUrlOverrides(const QString &apiUrl, const QString &authUrl);
    // --platform twitch: collect from Twitch this run even where the setting
    // is off (never saved).
    void setForceEnabled(bool force) { m_forceEnabled = force; }

    // Reads the settings and the credentials (environment first, else the
    // keychain); starts Twitch when it is switched on and both are there.
    void start();

    AccountsState state() const;
    bool twitchRunning() const { return m_twitchRunning; }
    SecretStore &secrets() { return m_secrets; }

    // Connects a dialog: its values, Test connection, Remove credentials, OK.
    void attach(AccountsDialog *dialog);

    // What the dialog returned. An empty secret keeps the stored one.
    void apply(bool twitchEnabled, const TwitchConfig &typed, bool sessionOnly);
    // The user agreed, after keychainUnavailable(), to keep the credentials
    // of the last apply() in memory for this run only.
    void useSessionOnly();
    // The user declined: the unsaved credentials are forgotten.
    void discardPending();
    // Removes both keychain entries and stops Twitch.
    void removeCredentials();
    // Fetches a token with these credentials (empty ones: the stored ones).
    void testConnection(const TwitchConfig &typed);

Q_SIGNALS:
    void stateChanged(const StreamRank::AccountsState &state);
    void testFinished(bool ok, const QString &message);
    // apply() is done: saved (ok) or not (message says why).
    void applied(bool ok, const QString &message);
    void credentialsRemoved(bool ok, const QString &message);
    // No keychain: ask the user whether to keep the credentials for this run only.
    void keychainUnavailable(const QString &message);
    // Something the user should read in the status bar.
    void problem(const QString &message);

private:
    void onCredentialsLoaded(const QString &clientId, const QString &secret, const QString &error);
    void onRead(const QString &key, const QString &value, StreamRank::SecretError error,
                const QString &message);
    void onWriteDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void onRemoveDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void writePending();
    void commit();
    void updateTwitch();
    TwitchConfig runConfig() const;
    QString noKeychainText() const;

    struct PendingApply
    {
        bool enabled = false;
        TwitchConfig config; // with the credentials to use
        bool writeId = false;
        bool writeSecret = false;
        int writes = 0;
        SecretError error = SecretError::None;
        QString message;
    };

    Pipeline &m_pipeline;
    SecretStore m_secrets;
    TwitchCredentialsLoader m_loader;
    TwitchAccountSettings m_settings;
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
    QPointer<TwitchConnectionTest> m_test;
    std::optional<TwitchConfig> m_running; // what the collector was started with
    bool m_twitchRunning = false;
};

} // namespace StreamRank
