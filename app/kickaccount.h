#pragma once
// Where the Kick account lives. Non-secret settings (enabled, base URLs, what
// to collect, the pace) in QSettings under "kick/"; the client id and secret
// in the OS keychain only (keys below), or — for headless use without a
// keyring — in STREAMRANK_KICK_CLIENT_ID and STREAMRANK_KICK_CLIENT_SECRET
// (never command-line arguments, which other users of the machine can read).

#include "clientcredentials.h"
#include "kickconfig.h"

namespace StreamRank {

inline constexpr const char *KickClientIdKey = "kick-client-id";
inline constexpr const char *KickClientSecretKey = "kick-client-secret";
inline constexpr const char *KickClientIdEnv = "STREAMRANK_KICK_CLIENT_ID";
inline constexpr const char *KickClientSecretEnv = "STREAMRANK_KICK_CLIENT_SECRET";

// The non-secret part, as stored in QSettings.
struct KickAccountSettings
{
    bool enabled = false;
    KickConfig config; // clientId/clientSecret always empty here
};
// Out-of-range values stored by hand are brought into range (poll 1–60
// minutes, 1–600 requests a minute).
KickAccountSettings loadKickAccountSettings();
void saveKickAccountSettings(const KickAccountSettings &settings);

// Command-line overrides of the base URLs (empty: keep).
void applyKickUrlOverrides(KickConfig &config, const QString &apiUrl, const QString &authUrl);

ClientCredentialsKeys kickCredentialsKeys();

// Reads the client id and secret: from the environment when both variables
// are set, otherwise from the keychain. Emits done() once.
class KickCredentialsLoader : public ClientCredentialsLoader
{
    Q_OBJECT
public:
    explicit KickCredentialsLoader(SecretStore &store, QObject *parent = nullptr)
        : ClientCredentialsLoader(kickCredentialsKeys(), store, parent)
    {}
};

} // namespace StreamRank
