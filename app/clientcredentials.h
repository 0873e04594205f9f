#pragma once
// An app's client id and secret (OAuth client credentials: Twitch, Kick),
// read from the environment when both variables are set (headless use without
// a keyring) or from the OS keychain; never from a settings file or the
// command line, which other users of the machine can read.

#include "secretstore.h"

#include <QObject>

#include <optional>

namespace StreamRank {

struct ClientCredentialsKeys
{
    QString platform; // "Twitch", in messages
    QString idKey;    // keychain entries
    QString secretKey;
    QString idEnv; // environment variables
    QString secretEnv;
};

// Both environment variables, or nothing.
std::optional<std::pair<QString, QString>>
clientCredentialsFromEnvironment(const ClientCredentialsKeys &keys);

// Emits done() once per load().
class ClientCredentialsLoader : public QObject
{
    Q_OBJECT
public:
    ClientCredentialsLoader(ClientCredentialsKeys keys, SecretStore &store,
                            QObject *parent = nullptr);
    void load();

Q_SIGNALS:
    // error empty: both were found. Otherwise in words (no keychain, not set up).
    void done(const QString &clientId, const QString &clientSecret, const QString &error);

private:
    void onRead(const QString &key, const QString &value, StreamRank::SecretError error,
                const QString &message);

    ClientCredentialsKeys m_keys;
    SecretStore &m_store;
    QString m_clientId;
    QString m_secret;
    QString m_error;
    int m_pending = 0;
};

} // namespace StreamRank
