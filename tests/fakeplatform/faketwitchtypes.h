// Value types of the fake Twitch server: its configuration, what it records
// about each request and what a live stream is. The faults it can inject are
// shared with the fake YouTube (fakefault.h).
#pragma once

#include "fakefault.h"

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

} // namespace StreamRank::Fake
