// Internals of FakeTwitchServer shared by the server (lifecycle, faults,
// pipeline) and the routes (the endpoints). Everything here runs with mutex held.
#pragma once

#include "fakehttp.h"
#include "fakepopulation.h"
#include "faketwitchserver.h"
#include "faultspec.h"

#include <QJsonObject>
#include <QMutex>
#include <QTcpServer>

#include <optional>

namespace StreamRank::Fake {

struct RouteResult
{
    int status = 200;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool paged = false;    // a listing with cursors (streams, games/top)
    bool lastPage = false; // ... and this is its last page
    int pageOffset = 0;    // offset of this page's first item
    int nextOffset = -1;   // where the cursor of this page points, -1 = none
};

struct TokenInfo
{
    QString clientId;
    qint64 expiresAtMs = 0;
};

class FakeTwitchServerPrivate
{
public:
    explicit FakeTwitchServerPrivate(const FakeTwitchConfig &c);

    // The pipeline: faults, auth, rate limit, route, mangling. Fills record.
    HttpResponse process(const HttpRequest &request, RequestRecord &record);

    // Faults
    std::optional<Fault> takeFault(const QString &path, bool lastPageOnly);
    void applyPageFault(FaultKind kind, const HttpRequest &request, RouteResult &result);

    // Routes (faketwitchroutes.cpp)
    RouteResult route(const HttpRequest &request, RequestRecord &record);
    RouteResult token(const HttpRequest &request, RequestRecord &record);
    RouteResult validate(const HttpRequest &request, RequestRecord &record);
    RouteResult helix(const HttpRequest &request, RequestRecord &record);
    RouteResult streams(const QUrlQuery &query);
    RouteResult topGames(const QUrlQuery &query);
    RouteResult gamesById(const QUrlQuery &query);
    RouteResult users(const QUrlQuery &query);
    RouteResult followers(const QUrlQuery &query);

    // Rate limit: one bucket per client id.
    struct Bucket
    {
        double points = 0;
        qint64 atMs = 0;
    };
    Bucket &refilledBucket(const QString &clientId, qint64 nowMs);
    QList<QPair<QByteArray, QByteArray>> rateHeaders(const Bucket &bucket, qint64 nowMs) const;

    QString newToken(const QString &clientId);

    static RouteResult helixError(int status, const QString &message);
    static RouteResult oauthError(int status, const QString &message);
    static QString encodeCursor(int offset);
    static std::optional<int> decodeCursor(const QString &cursor);

    mutable QMutex mutex;
    FakeTwitchConfig config;
    FakePopulation population;
    QHash<QString, TokenInfo> tokens;
    QHash<QString, Bucket> buckets;
    FaultScript faults;
    QVector<RequestRecord> records;
    int tooManyRequests = 0;
    int tokensIssued = 0;
    QTcpServer *tcp = nullptr;
    quint16 port = 0;
    QString host = QStringLiteral("127.0.0.1");
};

} // namespace StreamRank::Fake
