// Value types of the fake Kick public API: its configuration (client
// credentials, tokens, the population, limits), what it records about each
// request, and the channels and categories of its world.
#pragma once

#include "fakefault.h"

#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <QVector>

namespace StreamRank::Fake {

struct FakeKickConfig
{
    QString clientId = QStringLiteral("fake-kick-client-id");
    QString clientSecret = QStringLiteral("fake-kick-client-secret");
    // A token lives this long on the fake's clock (see FakeKickServer::nowMs);
    // expires_in says it in whole seconds, rounded down.
    qint64 tokenLifetimeMs = 5184000LL * 1000;

    // The world. A change of any of these (or of seed) regenerates it.
    int channels = 3000;
    int liveStreams = 400; // live at start, heavy-tailed viewers
    int categories = 40;   // at least the named ones (Just Chatting, Slots & Casino, games...)
    quint64 seed = 1;

    // Relative random walk on every live viewer count before each livestreams
    // request (v1 and v2); 0 keeps the counts still. Streams never start or end
    // by themselves: tests call advance() for that.
    double viewerDriftPerRequest = 0.01;

    int maxLimit = 100;      // `limit` of livestreams and categories: 1..maxLimit
    bool v2Available = true; // false: every /public/v2/ path answers 404
    // Answers a token may get in any 60 s of the fake's clock; more are 429
    // (with no header saying so, as Kick does) and not counted. 0 = no limit.
    int requestsPerMinute = 0;
};

// The routes the fake serves; callCount() counts requests to each that passed
// the token check (for Token: every request to it).
enum class KickRoute
{
    None, // unknown path or method
    Token,
    LivestreamsV1,
    LivestreamsV2,
    CategoriesV1,
    CategoriesV2,
    Channels,
};
constexpr int KickRouteCount = int(KickRoute::Channels) + 1;

enum class KickAuth
{
    NotNeeded, // the token endpoint, unknown paths, v2 while it is switched off
    Missing,   // no "Authorization: Bearer ..."
    Valid,
    Invalid, // never issued, or revoked
    Expired,
};

struct KickRequestRecord
{
    QString method; // HTTP method
    QString path;
    QUrlQuery query;        // as sent, except a client_secret, which reads "REDACTED"
    int status = 0;         // 0 = the connection was closed without an answer
    qint64 atMs = 0;        // the fake's clock when it arrived (FakeKickServer::nowMs)
    qint64 monotonicNs = 0; // std::chrono::steady_clock when it arrived: for pacing checks
    QString token;          // the bearer token it carried, if any
    KickRoute route = KickRoute::None;
    KickAuth auth = KickAuth::NotNeeded;

    // "GET /public/v2/livestreams?limit=100 -> 200": for logs (no token, no secret).
    QString printable() const;
};

struct FakeKickCategory
{
    int id = 0;
    QString name;
    QString thumbnail;
};

// A channel and its stream: while live, the stream fields are the current
// stream's; offline, title, category and language are the last stream's.
struct FakeKickChannel
{
    qint64 broadcasterUserId = 0;
    qint64 channelId = 0; // a different number from the user id, as on Kick
    QString slug;
    QString description;
    QString bannerPicture, profilePicture;
    qint64 followers = 0;
    int activeSubscribers = 0, canceledSubscribers = 0;
    QString streamUrl, streamKey; // what /public/v1/channels gives away

    bool live = false;
    QString title;
    int categoryId = 0;
    QString language; // ISO 639-1
    bool mature = false;
    QStringList customTags;
    QString thumbnail; // of the stream
    int viewers = 0;
    qint64 startedAtMs = 0; // whole seconds, as started_at shows it
};

} // namespace StreamRank::Fake
