#pragma once
// Pure functions from a Kick public API response body (api.kick.com, and the
// token endpoint of id.kick.com) to a result value. No network, no clock, no
// globals: the collector, the tests and the fuzz targets call the same code.
// A malformed item (not an object, or no broadcaster/category id) is counted and
// skipped; a malformed page (not JSON, not an object, truncated, no list where
// the items should be) is an error for that page; an empty list is an empty
// page. Nothing here throws, asserts on input, or crashes on any byte sequence.
//
// Unknown values stay unknown: a viewer or follower count that is absent or
// unreadable is -1, never 0; a start time that is absent, Go's zero time
// ("0001-01-01T00:00:00Z") or garbage is 0. Wire format: docs/KICK.md.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace StreamRank::Kick {

// --- POST id.kick.com/oauth/token (client credentials) ----------------------

struct TokenResult
{
    QString error; // empty on success; otherwise in words (at most 220 characters), no token
    // The credentials themselves were refused (401, or a 400, 403 or 2xx
    // naming invalid_client, invalid_grant or unauthorized_client): asking
    // again will not help until the user changes them. False for server or
    // other problems.
    bool credentialsRejected = false;
    QString accessToken;
    QString tokenType;        // as sent ("Bearer"), may be empty
    qint64 expiresInS = 0;    // 0: not said (absent or unreadable); renew on a 401
    int unreadableFields = 0; // expires_in or token_type of a wrong type
};
TokenResult parseToken(int httpStatus, const QByteArray &body);

// --- api.kick.com error bodies ({"data":{},"message":"Unauthorized"}) --------

enum class ErrorKind : quint8
{
    None,         // a 2xx answer
    Unauthorized, // 401: the token is missing, expired or revoked; get a new one
    Forbidden,    // 403: the token may not do this (scope, app not approved)
    Unavailable,  // 404, 405, 410, 501: the endpoint is not there; fall back (v2 -> v1)
    BadRequest,   // other 4xx: our request is wrong (an unknown slug fails it); no retry
    RateLimited,  // 429: back off
    Server,       // 5xx: retry later
    Other         // no HTTP answer, 1xx, 3xx, 600+
};
struct ApiError
{
    ErrorKind kind = ErrorKind::None;
    // In words for the status bar ("Kick refused the request: Unauthorized
    // (HTTP 401)"), at most 220 characters; long opaque strings that could be
    // tokens are replaced by "[redacted]".
    QString message;
    QString serverMessage; // the body's own words, cleaned the same way; may be empty
};
ApiError parseError(int httpStatus, const QByteArray &body);

// --- Pages: the envelope and the cursor --------------------------------------

// Where a page's items were.
enum class ItemsShape : quint8
{
    None,      // not read (the page is an error)
    DataArray, // {"data":[...]} as v1 and the documented v2 send
    DataList   // {"data":{"livestreams"|"categories"|"channels":[...]}}
};
// Which field held the next cursor (the first of them present, in this order).
enum class CursorShape : quint8
{
    None,       // no cursor field at all: a single page (v1)
    Pagination, // {"pagination":{"next_cursor":...}} as v2 documents
    Data,       // {"data":{"next_cursor":...}}
    Root,       // {"next_cursor":...}
    Meta        // {"meta":{"next_cursor":...}}
};
struct PageInfo
{
    QString error; // empty when the page parsed; then items and counts are usable
    int malformedItems = 0;
    // Fields of kept items (or the cursor) that were present but unreadable: a
    // wrong type, a garbage count or time. Read as empty/unknown and counted, so
    // a change on Kick's side shows up instead of silently blank columns.
    int unreadableFields = 0;
    QString nextCursor;          // empty: the last page (null, "", or no field)
    bool hasCursorField = false; // any cursor field present, even null
    ItemsShape itemsShape = ItemsShape::None;
    CursorShape cursorShape = CursorShape::None;
};

// --- GET /public/v1/livestreams and /public/v2/livestreams -------------------

struct Livestream
{
    QString broadcasterUserId; // decimal; never empty in a parsed page
    QString channelId;         // decimal; v1 only (empty in v2)
    QString slug;
    QString title;
    QString categoryId; // decimal, empty when none
    QString categoryName;
    QString language;       // primary subtag in lower case ("pt-BR" -> "pt"), empty if none
    int viewerCount = -1;   // -1: absent or unreadable (unknown, never 0)
    qint64 startedAtMs = 0; // 0: unknown (absent, "0001-01-01T00:00:00Z", garbage)
    bool mature = false;
    QStringList customTags; // custom_tags, else v2's "tags"
    QString streamId;       // v2's livestream id (a UUID) when sent; may be empty
    int followers = -1;     // -1: not sent
};
struct LivestreamsPage : PageInfo
{
    QVector<Livestream> items;
};
LivestreamsPage parseLivestreams(const QByteArray &body);

// The id StreamRank gives a Kick stream session, the same for v1 and v2 items
// (v1 has no stream id): "<broadcasterUserId>@<startedAtMs>", e.g.
// "123@1714633200000". Empty when either part is unknown (no broadcaster, or
// startedAtMs <= 0): a key like "123@0" would merge every session of a channel
// whose start is unknown, so the caller decides (docs/KICK.md).
QString sessionKey(const QString &broadcasterUserId, qint64 startedAtMs);

// --- GET /public/v2/categories (and v1 /public/v1/categories) -----------------

struct Category
{
    QString id; // decimal; never empty in a parsed page
    QString name;
    QString thumbnail;
};
struct CategoriesPage : PageInfo
{
    QVector<Category> items;
};
CategoriesPage parseCategories(const QByteArray &body);

// --- GET /public/v1/channels --------------------------------------------------
// The nested "stream" object also carries "key" (the channel's secret stream
// key) and "url" (its ingest URL): neither is read, kept or shown.

struct Channel
{
    QString broadcasterUserId; // decimal; never empty in a parsed page
    QString slug;
    QString title; // stream_title
    QString categoryId;
    QString categoryName;
    bool live = false;      // stream.is_live
    int viewerCount = -1;   // stream.viewer_count; -1 unknown
    qint64 startedAtMs = 0; // stream.start_time; 0 unknown
    QString language;       // stream.language, reduced as in Livestream
    int followers = -1;     // followers_count when sent; -1 otherwise
};
struct ChannelsPage : PageInfo
{
    QVector<Channel> items;
};
ChannelsPage parseChannels(const QByteArray &body);

} // namespace StreamRank::Kick
