#pragma once
// Where the YouTube account lives. Non-secret settings (enabled, the API root,
// searches, watched channels, poll interval, quota limits) in QSettings under
// "youtube/"; the API key in the OS keychain only (key below), or — for
// headless use without a keyring — in STREAMRANK_YOUTUBE_API_KEY (never a
// command-line argument, which other users of the machine can read). What the
// quota has spent today is kept under "youtube/quota" so a restart does not
// spend it twice.

#include "secretstore.h"
#include "youtubecollector.h"
#include "youtubeconfig.h"

#include <QObject>

namespace StreamRank {

inline constexpr const char *YouTubeApiKeyKey = "youtube-api-key";
inline constexpr const char *YouTubeApiKeyEnv = "STREAMRANK_YOUTUBE_API_KEY";

struct YouTubeAccountSettings
{
    bool enabled = false;
    YouTubeConfig config; // apiKey always empty here
};
YouTubeAccountSettings loadYouTubeAccountSettings();
void saveYouTubeAccountSettings(const YouTubeAccountSettings &settings);

// The quota spent so far on a Pacific day, as last reported.
struct YouTubeQuotaUsage
{
    qint64 dayStartMs = -1;
    int unitsUsed = 0;
    int searchesUsed = 0;
};
YouTubeQuotaUsage loadYouTubeQuotaUsage();
void saveYouTubeQuotaUsage(const YouTubeQuotaStatus &status);

// Reads the API key: from the environment when set, otherwise from the
// keychain. Emits done() once.
class YouTubeKeyLoader : public QObject
{
    Q_OBJECT
public:
    explicit YouTubeKeyLoader(SecretStore &store, QObject *parent = nullptr);
    void load();

Q_SIGNALS:
    // error empty: found. Otherwise in words (no keychain, not set up).
    void done(const QString &apiKey, const QString &error);

private:
    SecretStore &m_store;
    bool m_pending = false;
};

} // namespace StreamRank
