// Internals of FakeKickServer shared by the server (lifecycle, accessors), the
// pipeline (faults, tokens, the rate limit), the routes and the JSON. Everything
// but the listener runs with the mutex held.
#pragma once

#include "fakehttp.h"
#include "fakekickserver.h"
#include "fakekickworld.h"
#include "faultspec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>

#include <array>
#include <deque>
#include <optional>

namespace StreamRank::Fake {

struct KickAnswer
{
    int status = 200;
    QJsonObject body;
    QByteArray html; // when set, the answer is this text/html page instead of JSON
    // A cursor-paged listing (v2 livestreams and categories):
    bool paged = false;
    bool lastPage = false;
    QString askedCursor; // the cursor the request carried, "" for the first page
    QString startCursor; // one that leads to the first page
    QString endCursor;   // one just past this page's last item
};

// Where a keyset cursor points: after (a, b) in the listing's order, which is
// (started_at ms, broadcaster id) for livestreams and (id, 0) for categories.
struct KickCursor
{
    qint64 a = 0;
    qint64 b = 0;
};

namespace KickJson {

QJsonObject livestreamItem(const FakeKickChannel &c, const FakeKickCategory *category);
QJsonObject livestreamItemV2(const FakeKickChannel &c, const FakeKickCategory *category);
QJsonObject channelItem(const FakeKickChannel &c, const FakeKickCategory *category);
QJsonObject categoryItem(const FakeKickCategory &category);
QJsonObject page(const QJsonArray &data, const QString &nextCursor); // v2: with pagination
QJsonObject list(const QJsonArray &data);                            // v1: without

// Opaque to clients: base64url of "<listing>:<a>:<b>". A cursor of another
// listing does not decode.
QString encodeCursor(QLatin1StringView listing, KickCursor at);
std::optional<KickCursor> decodeCursor(QLatin1StringView listing, const QString &cursor);

// Every numeric id and count a string, started_at a number, booleans strings,
// custom_tags null, category its name: in each item of a page.
QJsonObject wrongTypes(QJsonObject item);

KickAnswer error(int status, const QString &message); // {"data":{},"message":...}
KickAnswer oauthError(int status, const char *error, const QString &description);
KickAnswer badGateway(); // the CDN's HTML page

} // namespace KickJson

class FakeKickServerPrivate
{
public:
    FakeKickServerPrivate(const FakeKickConfig &c, FakeKickServer *owner);

    // Runs on the listener's thread: process() under the mutex, then the answer.
    void handle(HttpConnection *connection, quint64 seq, const HttpRequest &request);
    // The pipeline (fakekickpipeline.cpp): faults, token check, rate limit,
    // route, then the faults that mangle a good answer. Fills record.
    HttpResponse process(const HttpRequest &request, KickRequestRecord &record);
    KickAnswer answer(const HttpRequest &request, KickRequestRecord &record);
    void applyPageFault(FaultKind kind, KickAnswer &result) const;
    KickAuth checkToken(const QString &token) const;
    bool withinRate(const QString &token, qint64 nowMs); // false: over requestsPerMinute
    QString newToken();
    qint64 now() const;

    // Routes (fakekickroutes.cpp)
    static KickRoute routeFor(const QString &path);
    static QByteArray methodOf(KickRoute route);
    KickAnswer route(KickRoute route, const HttpRequest &request);
    KickAnswer token(const HttpRequest &request);
    KickAnswer livestreamsV1(const QUrlQuery &query);
    KickAnswer livestreamsV2(const QUrlQuery &query);
    KickAnswer categoriesV1(const QString &path, const QUrlQuery &query);
    KickAnswer categoriesV2(const QUrlQuery &query);
    KickAnswer channels(const QUrlQuery &query);

    FakeKickServer *q;
    HttpListener listener;
    mutable QMutex mutex;
    FakeKickConfig config;
    FakeKickWorld world;
    FaultScript faults;
    QVector<KickRequestRecord> records;
    QHash<QString, qint64> tokens;                 // token -> expiry on the fake's clock
    QHash<QString, std::deque<qint64>> answeredAt; // token -> its counted answers, last minute
    int tokensIssued = 0;
    int tooManyRequests = 0;
    std::array<int, KickRouteCount> calls{};
    qint64 clockOffsetMs = 0;
};

} // namespace StreamRank::Fake
