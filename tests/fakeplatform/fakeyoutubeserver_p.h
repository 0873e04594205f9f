// Internals of FakeYouTubeServer shared by the server (lifecycle, keys, quota,
// faults, the pipeline), the routes (the API methods) and the JSON (items,
// Google error bodies, page tokens, `fields`). Everything here runs with the
// mutex held.
#pragma once

#include "fakehttp.h"
#include "fakeyoutubeserver.h"
#include "fakeyoutubeworld.h"
#include "faultspec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QTcpServer>

#include <array>
#include <optional>

namespace StreamRank::Fake {

struct YouTubeRoute
{
    int status = 200;
    QJsonObject body;
    QString reason;        // errors[0].reason of an error
    QByteArray html;       // when set, the answer is this text/html page instead of JSON
    bool paged = false;    // a listing with page tokens (search, playlistItems)
    bool lastPage = false; // ... and this is its last page
    int pageOffset = 0;    // offset of this page's first item
    int nextOffset = -1;   // where nextPageToken points, -1 = none
};

namespace YouTubeJson {

QString etag(const QJsonValue &value); // 27 characters of [A-Za-z0-9_-], from the content
QString rfc3339(qint64 ms);
QString isoDuration(int seconds); // "PT1H2M3S"; "P0D" for 0
QString liveBroadcastContent(FakeVideoState state);
QString liveChatId(const QString &videoId, const QString &channelId);
QJsonObject searchItem(const FakeYouTubeVideo &v, bool snippet);
QJsonObject videoItem(const FakeYouTubeVideo &v, const QSet<QString> &parts);
QJsonObject channelItem(const FakeYouTubeChannel &c, int uploads, const QSet<QString> &parts);
QJsonObject playlistItem(const FakeYouTubeVideo &v, const QString &playlistId, int position,
                         const QSet<QString> &parts);
QJsonArray categoryItems(const QStringList &ids); // empty ids: every category

QString encodePageToken(int offset, bool previous = false); // "CAUQAA" = offset 5
std::optional<int> decodePageToken(const QString &token);
// The partial response `fields` asks for ("items(id,liveStreamingDetails)"),
// or nullopt when the selection does not parse.
std::optional<QJsonObject> selectFields(const QJsonObject &body, const QString &fields);
// Numeric strings become numbers, numbers and booleans strings, arrays null; nested objects too.
QJsonObject wrongTypes(const QJsonObject &object);

// Google's error body: {"error":{"code","message","errors":[{message,domain,reason,...}],
// "status"?,"details"?}}. `extra` adds location/locationType/extendedHelp to errors[0].
YouTubeRoute error(int code, const QString &message, const QString &domain, const QString &reason,
                   const QString &status = QString(), const QJsonObject &extra = {},
                   const QJsonArray &details = {});
YouTubeRoute missingKey();
YouTubeRoute invalidKey(bool legacy);
YouTubeRoute accessNotConfigured(const QString &project);
YouTubeRoute quotaExceeded();
YouTubeRoute rateLimitExceeded();
YouTubeRoute tooManyRequests();
YouTubeRoute backendError(int code);
YouTubeRoute notFoundPage(const QString &path);
YouTubeRoute requiredParameter(const QString &name);
YouTubeRoute unknownPart(const QString &part);
YouTubeRoute noFilter(const QString &expected);
YouTubeRoute invalidFilters();
YouTubeRoute invalidValue(const QString &parameter, const QString &value, const QString &range);
YouTubeRoute invalidPageToken();
YouTubeRoute invalidSearchFilter();
YouTubeRoute invalidFieldSelection(const QString &fields);
YouTubeRoute playlistNotFound();

} // namespace YouTubeJson

class FakeYouTubeServerPrivate
{
public:
    explicit FakeYouTubeServerPrivate(const FakeYouTubeConfig &c);

    // The pipeline: faults, key, quota, route, `fields`, mangling. Fills record.
    HttpResponse process(const HttpRequest &request, YouTubeRequestRecord &record);
    YouTubeRoute answer(const HttpRequest &request, YouTubeRequestRecord &record);
    void applyPageFault(FaultKind kind, const HttpRequest &request, YouTubeRoute &result);

    YouTubeKey checkKey(const QString &key) const;
    int costOf(YouTubeMethod method) const;
    bool charge(YouTubeMethod method, YouTubeRequestRecord &record); // false: quota exceeded
    void refreshQuota(qint64 nowMs);
    void resetQuota();

    // Routes (fakeyoutuberoutes.cpp)
    static YouTubeMethod methodFor(const QByteArray &verb, const QString &path);
    YouTubeRoute route(YouTubeMethod method, const QUrlQuery &query);
    YouTubeRoute search(const QUrlQuery &query);
    YouTubeRoute videos(const QUrlQuery &query);
    YouTubeRoute channels(const QUrlQuery &query);
    YouTubeRoute playlistItems(const QUrlQuery &query);
    YouTubeRoute videoCategories(const QUrlQuery &query);

    mutable QMutex mutex;
    FakeYouTubeConfig config;
    FakeYouTubeWorld world;
    FaultScript faults;
    QVector<YouTubeRequestRecord> records;
    bool keyRevoked = false;
    int unitsUsed = 0;
    int searchesUsed = 0;
    int quotaExceededSent = 0;
    std::array<int, 6> calls{};   // by YouTubeMethod
    std::array<int, 6> charged{}; // units, by YouTubeMethod
    QTcpServer *tcp = nullptr;
    quint16 port = 0;
    QString host = QStringLiteral("127.0.0.1");
};

} // namespace StreamRank::Fake
