// Value types of the fake YouTube Data API v3: its configuration (keys, the
// population, the daily quota), what it records about each request, and the
// channels and videos of its world.
#pragma once

#include "fakefault.h"

#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <QVector>

namespace StreamRank::Fake {

struct FakeYouTubeConfig
{
    // Keys: `apiKey` works; a key in `disabledKeys` belongs to a project that has
    // not enabled the API (403 accessNotConfigured); any other key is invalid.
    QString apiKey = QStringLiteral("fake-youtube-key");
    QStringList disabledKeys = {QStringLiteral("fake-youtube-key-disabled")};
    QString projectNumber = QStringLiteral("404040404040"); // named in accessNotConfigured
    // The body of a wrong key: today's (errors[0].reason "badRequest" plus
    // details[].reason "API_KEY_INVALID") or, when true, the older one still
    // quoted in docs and client libraries (reason "keyInvalid", domain usageLimits).
    bool legacyKeyInvalidBody = false;

    // The world. A change of any of these (or of seed) regenerates it.
    int channels = 2000;
    int liveBroadcasts = 300;    // live at start, heavy-tailed viewers
    int upcomingBroadcasts = 40; // scheduled, not started
    int uploadsPerChannel = 3;   // past uploads each (VODs and ended broadcasts), on average
    quint64 seed = 1;
    double hiddenViewersShare = 0.04;     // live broadcasts that hide concurrentViewers
    double hiddenSubscribersShare = 0.08; // channels with hiddenSubscriberCount
    // Relative random walk on every live viewer count before each search.list
    // and videos.list call: pages of one search overlap and leave gaps, like the
    // real service. 0 keeps the world still.
    double viewerDriftPerRequest = 0.01;
    int searchResultCap = 500; // search.list stops paging after this many results, as YouTube does

    // The daily quota. Main bucket in units; search.list has its own bucket of
    // calls (the 2026 model) and may also cost units of the main one (older
    // docs: 100). Every call with a valid key is charged, including those
    // answered 4xx for bad parameters; answers that are not the API's (key
    // errors, unknown paths, injected 5xx/429/403 faults) cost nothing.
    int dailyUnits = 10000;
    int dailySearches = 100;
    int searchCostUnits = 0;
    int videosCost = 1;
    int channelsCost = 1;
    int playlistItemsCost = 1;
    int categoriesCost = 1;
    // > 0: the first request at or after this instant (ms since the epoch)
    // refills both buckets, and the next reset moves 24 hours on.
    qint64 quotaResetAtMs = 0;
};

enum class YouTubeMethod
{
    None, // not an API method (unknown path or method)
    Search,
    Videos,
    Channels,
    PlaylistItems,
    VideoCategories,
};

enum class YouTubeKey
{
    Missing,
    Valid,
    Invalid,  // unknown or revoked
    Disabled, // its project has not enabled the API
};

struct YouTubeRequestRecord
{
    QString method; // HTTP method
    QString path;
    QUrlQuery query; // as sent, except the key's value, which reads "REDACTED"
    int status = 0;  // 0 = the connection was closed without an answer
    qint64 atMs = 0; // QDateTime::currentMSecsSinceEpoch when it arrived
    YouTubeMethod api = YouTubeMethod::None;
    YouTubeKey key = YouTubeKey::Missing;
    int unitsCharged = 0;       // of the main bucket
    bool searchCharged = false; // one call of the search bucket
    QString reason;             // errors[0].reason of an error answer, empty otherwise

    // "GET /youtube/v3/videos?part=...&key=REDACTED -> 200 (1 unit)": for logs.
    QString printable() const;
};

// What a broadcast (or a plain upload) is now.
enum class FakeVideoState
{
    Upload,   // an ordinary video: liveBroadcastContent "none", no liveStreamingDetails
    Upcoming, // scheduled: "upcoming", scheduledStartTime
    Live,     // "live", actualStartTime, concurrentViewers unless hidden, activeLiveChatId
    Ended,    // "none", actualStartTime and actualEndTime, no concurrentViewers
};

struct FakeYouTubeChannel
{
    QString id; // "UC" + 22 characters
    QString title, description;
    QString handle;     // customUrl, "@..."
    QString country;    // ISO 3166-1 alpha-2; empty for a few (never matches regionCode)
    QString language;   // ISO 639-1 of most of its videos
    QString categoryId; // of most of its videos
    qint64 publishedAtMs = 0;
    qint64 subscribers = 0; // already rounded to three significant figures, as YouTube shows it
    bool hiddenSubscribers = false;
    qint64 viewCount = 0;

    QString uploadsPlaylistId() const { return QStringLiteral("UU") + id.mid(2); }
};

struct FakeYouTubeVideo
{
    QString id; // 11 characters
    QString channelId, channelTitle;
    QString title, description;
    QString categoryId;
    QString audioLanguage; // defaultAudioLanguage ("en", "en-US", "pt-BR"...), may be empty
    FakeVideoState state = FakeVideoState::Upload;
    qint64 publishedAtMs = 0;
    qint64 scheduledStartMs = -1; // -1: none
    qint64 actualStartMs = -1;
    qint64 actualEndMs = -1;
    int viewers = 0;            // concurrent, while live (also when hidden)
    bool hiddenViewers = false; // the owner hides concurrentViewers
    qint64 viewCount = 0;       // statistics
    qint64 likeCount = 0;
    qint64 commentCount = -1; // -1: comments off (absent)
    int durationS = 0;        // uploads and ended broadcasts
};

QString youtubeMethodName(YouTubeMethod method); // "search.list", ...

} // namespace StreamRank::Fake
