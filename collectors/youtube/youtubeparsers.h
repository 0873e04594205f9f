#pragma once
// Pure functions from a YouTube Data API v3 response body to a result value. No
// network, no clock, no globals: the collector, the tests and the fuzz targets
// call the same code. A malformed item is counted and skipped; a malformed page
// (not JSON, no "items" array, truncated) is an error for that page. But YouTube
// leaves "items" out when nothing matched: a list response without it (one with
// "kind", "etag" or "pageInfo", or a bare {} as a fields= filter may give) is an
// empty page, not an error. Values no parser reads (description, localized,
// thumbnails, tags) are skipped unparsed, for speed: a defect only inside one
// of them is not a page error. Nothing here throws, asserts on input, or
// crashes on any byte sequence.
//
// Counts arrive as strings ("concurrentViewers": "37036"); a count that is
// absent (hidden by the owner, or the broadcast ended) is unknown, never 0.

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

#include <optional>

namespace StreamRank::YouTube {

// An error body ({"error":{"code","message","errors":[{"reason","domain"}]}}),
// classified so the collector can act on it.
enum class ErrorKind : quint8
{
    None,                // a 2xx answer
    QuotaExceeded,       // 403 quotaExceeded / dailyLimitExceeded: pause until the reset, no retry
    RateLimited,         // 403 rateLimitExceeded / userRateLimitExceeded, 429: back off and retry
    KeyInvalid,          // 400 keyInvalid / API_KEY_INVALID (also "badRequest" naming the key)
    AccessNotConfigured, // 403 accessNotConfigured: the API is not enabled for the key's project
    Forbidden,           // other 403s (forbidden, ipRefererBlocked, ...)
    BadRequest,          // other 4xx: our request is wrong; no retry
    Server,              // 5xx: retry
    Other
};
struct ApiError
{
    ErrorKind kind = ErrorKind::None;
    QString reason;  // the reason that decided the kind, else errors[0].reason, else
                     // details[0].reason; as sent ("quotaExceeded"), at most 64 characters
    QString message; // in words for the status bar and Test connection
};
ApiError parseError(int httpStatus, const QByteArray &body);

// search.list (type=video, eventType=live): ids only; no viewer counts.
struct SearchItem
{
    QString videoId;
    QString channelId;
    QString channelTitle;
    QString title;
    QString liveBroadcastContent; // "live", "upcoming", "none"
};
struct SearchPage
{
    QString error; // empty when the page parsed
    QVector<SearchItem> items;
    int malformedItems = 0;
    // Fields of kept items that were present but unreadable (a wrong type, a
    // garbage count or time): read as empty/unknown, counted so a change on
    // YouTube's side shows up instead of silently blank columns.
    int unreadableFields = 0;
    QString nextPageToken;
};
SearchPage parseSearchList(const QByteArray &body);

// videos.list (part=snippet,liveStreamingDetails,statistics).
struct Video
{
    QString id;
    QString channelId;
    QString channelTitle;
    QString title;
    QString categoryId; // snippet.categoryId
    // snippet.defaultAudioLanguage, else (also when that one names no language)
    // defaultLanguage; the primary subtag in lower case ("en-US" -> "en", "fil"
    // kept); empty for "zxx", "und", "mul", "mis" or what is not a language tag.
    QString language;
    QString liveBroadcastContent; // "live", "upcoming", "none"
    qint64 actualStartMs = -1;    // -1: absent
    qint64 actualEndMs = -1;      // -1: absent (still live, or never started)
    qint64 scheduledStartMs = -1;
    std::optional<qint64> concurrentViewers; // absent: hidden or ended (unknown, not 0)
    bool hasLiveDetails = false;             // liveStreamingDetails present at all

    // Live now: not ended, and YouTube calls it live or it has started.
    bool isLive() const;
    // The broadcast is over (actualEndTime is set); a finished video stays so.
    bool hasEnded() const { return actualEndMs >= 0; }
};
struct VideosPage
{
    QString error;
    QVector<Video> videos;
    int malformedItems = 0;
    int unreadableFields = 0; // as in SearchPage
    QString nextPageToken;
};
VideosPage parseVideosList(const QByteArray &body);

// channels.list (part=snippet,statistics,contentDetails).
struct Channel
{
    QString id;
    QString title;
    QString customUrl;         // "@handle", may be empty
    QString uploadsPlaylistId; // contentDetails.relatedPlaylists.uploads ("UU..."), may be empty
    std::optional<qint64> subscribers; // absent when hiddenSubscriberCount or not asked for
};
struct ChannelsPage
{
    QString error;
    QVector<Channel> channels;
    int malformedItems = 0;
    int unreadableFields = 0; // as in SearchPage
    QString nextPageToken;
};
ChannelsPage parseChannelsList(const QByteArray &body);

// playlistItems.list (part=contentDetails) of a channel's uploads playlist: the
// newest videos first, where a broadcast that just went live appears.
struct PlaylistPage
{
    QString error;
    QVector<QString> videoIds; // contentDetails.videoId, in the order sent
    int malformedItems = 0;
    QString nextPageToken;
};
PlaylistPage parsePlaylistItems(const QByteArray &body);

// videoCategories.list (part=snippet): id -> title.
struct CategoriesPage
{
    QString error;
    QHash<QString, QString> titles;
    int malformedItems = 0;
};
CategoriesPage parseVideoCategories(const QByteArray &body);

} // namespace StreamRank::YouTube
