// Value types of the fake Twitch server: its configuration, the faults it can
// inject, what it records about each request and what a live stream is.
#pragma once

#include <QString>
#include <QUrlQuery>
#include <QVector>

namespace StreamRank::Fake {

struct FakeTwitchConfig
{
    QString clientId = QStringLiteral("fake-client-id");
    QString clientSecret = QStringLiteral("fake-client-secret");
    int liveStreams = 5000; // population size (live now)
    int offlineUsers = 200; // users that exist but are not live (watched-channel tests)
    int games = 300;
    quint64 seed = 1;
    int bucketCapacity = 800;     // Ratelimit-Limit
    double refillPerMinute = 800; // points per minute
    bool rateLimitEnabled = true;
    qint64 tokenLifetimeS = 5011271;
    // Relative random walk applied to every viewer count on each /helix/streams
    // request, then re-sorted: duplicates and gaps across pages, like the real
    // service. 0 keeps the population still.
    double viewerDriftPerRequest = 0.01;
    // /helix/streams items carry their game_id but an empty game_name (the
    // collector must name them through /helix/games).
    bool omitGameNames = false;
};

enum class FaultKind
{
    Status429,       // 429 Too Many Requests with Ratelimit-Remaining 0
    Status500,       // 500 Internal Server Error, Twitch-style JSON error
    Status503,       // 503 Service Unavailable
    Slow,            // the normal answer, delayed by delayMs (timer; the thread is not blocked)
    Drip,            // the normal answer's headers at once, then its body one byte every delayMs
    Truncated,       // Content-Length of the full body, half of it sent, then the socket closed
    MalformedJson,   // status 200, correct Content-Length, body is cut-off JSON
    WrongFieldTypes, // items with viewer_count as string, id as number, ... (data still an array)
    WrongPageType,   // "data" is an object, not an array
    RevokeToken,     // all tokens revoked just before answering: 401 Invalid OAuth token
    CursorLoop,      // the page's cursor points back to the first page
    EmptyPage,       // data [] but a cursor: to the next page (on the last page: to this one)
    CursorAfterLast, // the last page still has a cursor; it leads to an empty page with {}.
                     // Only offered to requests that produce the last page of a listing.
    RepeatCursor,    // the page's cursor is the one that was requested
    ConnectionClose, // the socket is closed without an answer. NB: QNetworkAccessManager
                     // silently resends up to twice when a connection closes before any
                     // answer byte, so use count >= 3 (or -1) for the client to see it.
};

// Faults form a script per path, in the order added: a request is handled by
// the first fault for its path that is not used up; that fault first lets
// `skip` requests through, then affects `count` of them, then the next fault
// for the path takes over. (CursorAfterLast faults form their own script, fed
// only by last pages.) Example: {500, skip 1, count 2} then {503} gives
// 200, 500, 500, 503, 200.
struct Fault
{
    QString path = QStringLiteral("/helix/streams");
    FaultKind kind = FaultKind::Status500;
    int skip = 0;  // matching requests to let through first
    int count = 1; // matching requests affected; -1 = all
    int delayMs = 0;
};

struct RequestRecord
{
    QString method;
    QString path;
    QUrlQuery query;
    int status = 0;          // 0 = the connection was closed without an answer
    qint64 atMs = 0;         // QDateTime::currentMSecsSinceEpoch when it arrived
    int rateRemaining = -1;  // Ratelimit-Remaining after this request, -1 if n/a
    bool authorized = false; // carried valid credentials for its endpoint
};

struct FakeStream
{
    QString id, userId, userLogin, userName, gameId, gameName, language, title;
    qint64 startedAtMs = 0;
    int viewers = 0;
};

QString faultKindName(FaultKind kind);

} // namespace StreamRank::Fake
