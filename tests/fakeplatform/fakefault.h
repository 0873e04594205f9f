// The faults the fake platforms inject on demand, shared by the fake Twitch, the
// fake YouTube and the fake Kick: what goes wrong, on which path, for how many
// requests.
#pragma once

#include <QString>

namespace StreamRank::Fake {

// Each server answers a kind in its own platform's wire format (Twitch's
// {"error","status","message"}, Google's {"error":{"code","errors":[...]}},
// Kick's {"data":{},"message"}).
enum class FaultKind
{
    Status429,       // 429 Too Many Requests (Twitch: Ratelimit-Remaining 0; YouTube:
                     // RESOURCE_EXHAUSTED, reason rateLimitExceeded; Kick: no header at all)
    Status500,       // 500 Internal Server Error (YouTube: reason backendError)
    Status503,       // 503 Service Unavailable (YouTube: reason backendError)
    Slow,            // the normal answer, delayed by delayMs (timer; the thread is not blocked)
    Drip,            // the normal answer's headers at once, then its body one byte every delayMs
    Truncated,       // Content-Length of the full body, half of it sent, then the socket closed
    MalformedJson,   // status 200, correct Content-Length, body is cut-off JSON
    WrongFieldTypes, // items with viewer_count as string, id as number, ... (data still an array)
    WrongPageType,   // "data" (YouTube: "items") is an object, not an array
    RevokeToken,     // all tokens revoked just before answering: 401 Invalid OAuth token
                     // (YouTube: the configured key is revoked: 400 API_KEY_INVALID)
    CursorLoop,      // the page's cursor points back to the first page
    EmptyPage,       // data [] but a cursor: to the next page (on the last page: to this one)
    CursorAfterLast, // the last page still has a cursor; it leads to an empty page with {}.
                     // Only offered to requests that produce the last page of a listing.
    RepeatCursor,    // the page's cursor is the one that was requested
    ConnectionClose, // the socket is closed without an answer. NB: QNetworkAccessManager
                     // silently resends up to twice when a connection closes before any
                     // answer byte, so use count >= 3 (or -1) for the client to see it.
    // YouTube only (the fake Twitch answers normally):
    QuotaExceeded,     // 403, reason quotaExceeded, domain youtube.quota; the quota is untouched
    RateLimitExceeded, // 403, reason rateLimitExceeded: too many requests in a short time
    // Kick only (the others answer normally):
    Status502,     // 502 Bad Gateway, the CDN's text/html page rather than JSON
    MalformedItem, // one item in the middle of the page lacks its id (broadcaster_user_id)
                   // and has its viewer_count as a string; the rest of the page is sound
};

// Faults form a script per path, in the order added: a request is handled by
// the first fault for its path that is not used up; that fault first lets
// `skip` requests through, then affects `count` of them, then the next fault
// for the path takes over. (CursorAfterLast faults form their own script, fed
// only by last pages.) Example: {500, skip 1, count 2} then {503} gives
// 200, 500, 500, 503, 200.
struct Fault
{
    QString path = QStringLiteral("/helix/streams"); // YouTube: e.g. "/youtube/v3/videos",
                                                     // Kick: "/public/v2/livestreams"
    FaultKind kind = FaultKind::Status500;
    int skip = 0;  // matching requests to let through first
    int count = 1; // matching requests affected; -1 = all
    int delayMs = 0;
};

QString faultKindName(FaultKind kind);

} // namespace StreamRank::Fake
