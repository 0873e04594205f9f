#pragma once
// Where the Twitch account lives. Non-secret settings (enabled, base URLs,
// what to collect) in QSettings under "twitch/"; the client id and secret in
// the OS keychain only (keys below), or — for headless use without a keyring —
// in the environment variables STREAMRANK_TWITCH_CLIENT_ID and
// STREAMRANK_TWITCH_CLIENT_SECRET (never command-line arguments, which other
// users of the machine can read).

#include "clientcredentials.h"
#include "twitchconfig.h"

#include <QObject>

#include <optional>

namespace StreamRank {

inline constexpr const char *TwitchClientIdKey = "twitch-client-id";
inline constexpr const char *TwitchClientSecretKey = "twitch-client-secret";
inline constexpr const char *TwitchClientIdEnv = "STREAMRANK_TWITCH_CLIENT_ID";
inline constexpr const char *TwitchClientSecretEnv = "STREAMRANK_TWITCH_CLIENT_SECRET";

// The non-secret part, as stored in QSettings.
struct TwitchAccountSettings
{
    bool enabled = false;
    TwitchConfig config; // clientId/clientSecret always empty here
};
TwitchAccountSettings loadTwitchAccountSettings();
void saveTwitchAccountSettings(const TwitchAccountSettings &settings);

// Command-line overrides of the base URLs (empty: keep).
void applyTwitchUrlOverrides(TwitchConfig &config, const QString &apiUrl, const QString &authUrl);

// Both environment variables, or nothing.
std::optional<std::pair<QString, QString>> twitchCredentialsFromEnvironment();

ClientCredentialsKeys twitchCredentialsKeys();

// Reads the client id and secret: from the environment when both variables
// are set, otherwise from the keychain. Emits done() once.
class TwitchCredentialsLoader : public ClientCredentialsLoader
{
    Q_OBJECT
public:
    explicit TwitchCredentialsLoader(SecretStore &store, QObject *parent = nullptr)
        : ClientCredentialsLoader(twitchCredentialsKeys(), store, parent)
    {}
};

} // namespace StreamRank
