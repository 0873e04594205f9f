// What the YouTube collector relies on from the response parsers: a live video
// with its viewer count, a hidden or ended count that stays unknown (never 0),
// the live/ended/upcoming states, the fields a search result carries, paging
// tokens, error bodies classified with words a user understands, bad pages as
// errors, bad items counted and skipped, and languages reduced to one code.

#include "youtubeparsers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace StreamRank;
using namespace StreamRank::YouTube;
using namespace Qt::StringLiterals; // _ba

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

QString kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("None");
    case ErrorKind::QuotaExceeded:
        return QStringLiteral("QuotaExceeded");
    case ErrorKind::RateLimited:
        return QStringLiteral("RateLimited");
    case ErrorKind::KeyInvalid:
        return QStringLiteral("KeyInvalid");
    case ErrorKind::AccessNotConfigured:
        return QStringLiteral("AccessNotConfigured");
    case ErrorKind::Forbidden:
        return QStringLiteral("Forbidden");
    case ErrorKind::BadRequest:
        return QStringLiteral("BadRequest");
    case ErrorKind::Server:
        return QStringLiteral("Server");
    case ErrorKind::Other:
        return QStringLiteral("Other");
    }
    return QStringLiteral("?");
}

// A videos.list page (part=snippet,liveStreamingDetails,statistics) with one
// live video, one whose owner hides the count, one that ended and one that is
// scheduled. (moc does not know raw strings: inside the test class one with a
// "//", an apostrophe, a "#" or an odd number of quotes makes it miss the
// class. So JSON's "\/" escape spells the URLs, the "kind" members are left
// out there, and some bodies are plain literals or namespace-scope constants.)
const QByteArray FourVideos = R"({
  "kind": "youtube#videoListResponse",
  "etag": "pg1",
  "nextPageToken": "CDIQAA",
  "items": [
    {"kind": "youtube#video", "etag": "v1", "id": "liveVid0001",
     "snippet": {"publishedAt": "2026-05-02T06:58:00Z", "channelId": "UCaaaa",
                 "title": "Building a compiler, day 12", "channelTitle": "Aaaa Codes",
                 "description": "links: https:\/\/example.invalid",
                 "thumbnails": {"default": {"url": "https:\/\/i.example.invalid/d.jpg", "width": 120, "height": 90}},
                 "tags": ["c++", "compilers"], "categoryId": "28", "liveBroadcastContent": "live",
                 "defaultLanguage": "de", "defaultAudioLanguage": "en-US",
                 "localized": {"title": "Building a compiler, day 12", "description": ""}},
     "statistics": {"viewCount": "18220", "likeCount": "950", "favoriteCount": "0", "commentCount": "3"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-02T07:01:30Z",
                              "scheduledStartTime": "2026-05-02T07:00:00Z",
                              "concurrentViewers": "37036", "activeLiveChatId": "Cg0KC2xpdmVWaWQwMDAx"}},
    {"kind": "youtube#video", "etag": "v2", "id": "hiddenVid02",
     "snippet": {"channelId": "UCbbbb", "title": "Quiet stream", "channelTitle": "Bbbb",
                 "categoryId": "20", "liveBroadcastContent": "live"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-02T05:00:00.500+02:00"}},
    {"kind": "youtube#video", "etag": "v3", "id": "endedVid003",
     "snippet": {"channelId": "UCcccc", "title": "Last night show", "channelTitle": "Cccc",
                 "categoryId": "24", "liveBroadcastContent": "none", "defaultAudioLanguage": "ja"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-01T18:00:00Z",
                              "actualEndTime": "2026-05-01T20:45:10Z",
                              "scheduledStartTime": "2026-05-01T18:00:00Z"}},
    {"kind": "youtube#video", "etag": "v4", "id": "upcomVid004",
     "snippet": {"channelId": "UCdddd", "title": "Launch at noon", "channelTitle": "Dddd",
                 "categoryId": "28", "liveBroadcastContent": "upcoming"},
     "liveStreamingDetails": {"scheduledStartTime": "2026-05-03T12:00:00Z",
                              "activeLiveChatId": "Cg0KC3VwY29tVmlkMDA0"}}
  ],
  "pageInfo": {"totalResults": 4, "resultsPerPage": 4}
})"_ba;

QJsonObject goodVideo(const QString &id)
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("snippet"),
         QJsonObject{{QStringLiteral("channelId"), QStringLiteral("UCgood")},
                     {QStringLiteral("title"), QStringLiteral("good")},
                     {QStringLiteral("liveBroadcastContent"), QStringLiteral("live")}}},
        {QStringLiteral("liveStreamingDetails"),
         QJsonObject{{QStringLiteral("actualStartTime"), QStringLiteral("2026-05-02T07:00:00Z")},
                     {QStringLiteral("concurrentViewers"), QStringLiteral("10")}}}};
}

// A page with a good video on either side of `middle`.
QByteArray videosAround(const QJsonValue &middle)
{
    const QJsonArray items{goodVideo(QStringLiteral("good1")), middle,
                           goodVideo(QStringLiteral("good2"))};
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), items}}).toJson();
}

// One live video whose liveStreamingDetails.concurrentViewers is raw JSON text.
QByteArray videoWithRawViewers(const QByteArray &raw)
{
    return R"({"items":[{"id":"v1","snippet":{"liveBroadcastContent":"live"},
        "liveStreamingDetails":{"actualStartTime":"2026-05-02T07:00:00Z","concurrentViewers":)"_ba +
           raw + "}}]}"_ba;
}

// One video with the given snippet language fields (null: left out).
QByteArray videoWithLanguages(const char *audio, const char *metadata)
{
    QJsonObject snippet;
    if (audio)
        snippet.insert(QStringLiteral("defaultAudioLanguage"), QString::fromUtf8(audio));
    if (metadata)
        snippet.insert(QStringLiteral("defaultLanguage"), QString::fromUtf8(metadata));
    const QJsonObject video{{QStringLiteral("id"), QStringLiteral("v1")},
                            {QStringLiteral("snippet"), snippet}};
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), QJsonArray{video}}}).toJson();
}

// The real shapes of YouTube's error bodies, written out here.
QByteArray errorBody(int code, const char *reason, const char *domain, const char *message,
                     const QJsonArray &details = {})
{
    QJsonObject entry{{QStringLiteral("message"), QString::fromUtf8(message)},
                      {QStringLiteral("domain"), QString::fromUtf8(domain)},
                      {QStringLiteral("reason"), QString::fromUtf8(reason)}};
    QJsonObject error{{QStringLiteral("code"), code},
                      {QStringLiteral("message"), QString::fromUtf8(message)},
                      {QStringLiteral("errors"), QJsonArray{entry}}};
    if (!details.isEmpty())
        error.insert(QStringLiteral("details"), details);
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson();
}

QJsonObject errorInfo(const char *reason)
{
    return QJsonObject{
        {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
        {QStringLiteral("reason"), QString::fromUtf8(reason)},
        {QStringLiteral("domain"), QStringLiteral("googleapis.com")}};
}

// A search.list page (type=video, eventType=live): HTML escapes in the titles,
// results that are not videos and broken ids.
const QByteArray SearchBody = R"({
  "kind": "youtube#searchListResponse", "etag": "s1", "nextPageToken": "CAUQAA",
  "regionCode": "US", "pageInfo": {"totalResults": 1000000, "resultsPerPage": 5},
  "items": [
    {"kind": "youtube#searchResult", "etag": "r1",
     "id": {"kind": "youtube#video", "videoId": "srchVid0001"},
     "snippet": {"publishedAt": "2026-05-02T07:00:00Z", "channelId": "UCeeee",
                 "title": "Ask me anything &amp; code review &#39;live&#39; &quot;now&quot; &#x1F3AE;",
                 "description": "a long description...",
                 "thumbnails": {"default": {"url": "https:\/\/i.example.invalid/default_live.jpg"}},
                 "channelTitle": "Eeee &lt;Studio&gt;", "liveBroadcastContent": "live",
                 "publishTime": "2026-05-02T07:00:00Z"}},
    {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": "srchVid0002"},
     "snippet": {"channelId": "UCffff", "title": "Stream starts soon",
                 "channelTitle": "Ffff", "liveBroadcastContent": "upcoming"}},
    {"kind": "youtube#searchResult", "id": {"kind": "youtube#channel", "channelId": "UCgggg"},
     "snippet": {"channelId": "UCgggg", "title": "A channel, not a video"}},
    {"id": "srchVid0003"},
    {"id": {"kind": "youtube#video", "videoId": ""}},
    {"id": {"videoId": "srchVid0004"},
     "snippet": {"title": ["x"], "channelTitle": "&unknown; &#0; &#xZZ; & 5 &amp"}}
  ]})"_ba;

// Values no parser reads, written to trip a scanner that cuts them out: quotes,
// backslashes, brackets and member names inside strings, nesting, odd spacing.
const QByteArray TrickyUnreadValues =
    "{\"items\":["
    "{\"id\":\"t1\","
    " \"snippet\":{\"title\":\"\\\"description\\\": [1, {2}] \\\\\","
    "  \"description\":\"a \\\"quoted\\\" } ] { [ \\\\\\\" tail \\\\\","
    "  \"thumbnails\" : {\"default\":{\"url\":\"x\\\"}\",\"width\":120},\"tags\":[\"}\"]},"
    "  \"tags\":[[\"a\",\"]\"],{\"b\":\"\\\\\"}],"
    "  \"localized\":{\"title\":\"t\",\"description\":\"\"},"
    "  \"channelTitle\":\"after the cut\"},"
    " \"liveStreamingDetails\":{\"concurrentViewers\":\"5\","
    "  \"actualStartTime\":\"2026-05-02T07:00:00Z\"}},"
    "{\"id\":\"t2\",\"snippet\":{\"description\":null,\"tags\":[],\"title\":\"tags\"}}],"
    "\"nextPageToken\":\"tok\"}";

const QString ActivationUrl = QStringLiteral(
    "https://console.developers.google.com/apis/api/youtube.googleapis.com/overview?project=42");

} // namespace

class TestYouTubeParsers : public QObject
{
    Q_OBJECT

private slots:
    void liveVideoWithItsCount()
    {
        const VideosPage page = parseVideosList(FourVideos);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.nextPageToken, QStringLiteral("CDIQAA"));
        QCOMPARE(page.videos.size(), 4);
        const Video &v = page.videos[0];
        QCOMPARE(v.id, QStringLiteral("liveVid0001"));
        QCOMPARE(v.channelId, QStringLiteral("UCaaaa"));
        QCOMPARE(v.channelTitle, QStringLiteral("Aaaa Codes"));
        QCOMPARE(v.title, QStringLiteral("Building a compiler, day 12"));
        QCOMPARE(v.categoryId, QStringLiteral("28"));
        QCOMPARE(v.language, QStringLiteral("en")); // the audio language wins over "de"
        QCOMPARE(v.liveBroadcastContent, QStringLiteral("live"));
        QVERIFY(v.hasLiveDetails);
        QCOMPARE(v.actualStartMs, utcMs(2026, 5, 2, 7, 1, 30));
        QCOMPARE(v.scheduledStartMs, utcMs(2026, 5, 2, 7, 0, 0));
        QCOMPARE(v.actualEndMs, qint64(-1));
        QVERIFY(v.concurrentViewers.has_value());
        QCOMPARE(*v.concurrentViewers, qint64(37036));
        QVERIFY(v.isLive());
        QVERIFY(!v.hasEnded());
    }

    void hiddenCountStaysUnknown()
    {
        const Video v = parseVideosList(FourVideos).videos.value(1);
        QCOMPARE(v.id, QStringLiteral("hiddenVid02"));
        QVERIFY(v.isLive());
        QVERIFY(!v.concurrentViewers.has_value()); // not 0
        QCOMPARE(v.actualStartMs, utcMs(2026, 5, 2, 3, 0, 0, 500));
        QVERIFY(v.language.isEmpty());
    }

    void endedVideoIsNotLive()
    {
        const Video v = parseVideosList(FourVideos).videos.value(2);
        QCOMPARE(v.id, QStringLiteral("endedVid003"));
        QVERIFY(!v.isLive());
        QVERIFY(v.hasEnded());
        QVERIFY(!v.concurrentViewers.has_value());
        QCOMPARE(v.actualEndMs, utcMs(2026, 5, 1, 20, 45, 10));
        QCOMPARE(v.language, QStringLiteral("ja"));

        // The snippet can still say "live" for a while after the end time is set.
        const VideosPage lagging = parseVideosList(R"({"items":[{"id":"v1",
            "snippet":{"liveBroadcastContent":"live"},
            "liveStreamingDetails":{"actualStartTime":"2026-05-01T18:00:00Z",
                                    "actualEndTime":"2026-05-01T19:00:00Z"}}]})"_ba);
        QCOMPARE(lagging.videos.size(), 1);
        QVERIFY(!lagging.videos[0].isLive());
        QVERIFY(lagging.videos[0].hasEnded());
    }

    void upcomingVideoIsNotLive()
    {
        const Video v = parseVideosList(FourVideos).videos.value(3);
        QCOMPARE(v.id, QStringLiteral("upcomVid004"));
        QCOMPARE(v.liveBroadcastContent, QStringLiteral("upcoming"));
        QVERIFY(v.hasLiveDetails);
        QVERIFY(!v.isLive());
        QVERIFY(!v.hasEnded());
        QCOMPARE(v.actualStartMs, qint64(-1));
        QCOMPARE(v.scheduledStartMs, utcMs(2026, 5, 3, 12, 0, 0));
        QVERIFY(!v.concurrentViewers.has_value());
    }

    void liveWithoutSnippet()
    {
        // part=liveStreamingDetails only (or fields=items(id,liveStreamingDetails)).
        const VideosPage page = parseVideosList(R"({"items":[
            {"id":"v1","liveStreamingDetails":{"actualStartTime":"2026-05-02T07:00:00Z",
                                               "concurrentViewers":"10531"}},
            {"id":"v2","liveStreamingDetails":{"scheduledStartTime":"2026-05-02T09:00:00Z"}},
            {"id":"v3"}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.videos.size(), 3);
        QVERIFY(page.videos[0].isLive());
        QCOMPARE(*page.videos[0].concurrentViewers, qint64(10531));
        QVERIFY(page.videos[0].liveBroadcastContent.isEmpty());
        QVERIFY(!page.videos[1].isLive());
        QVERIFY(!page.videos[2].hasLiveDetails); // an upload that never was a broadcast
        QVERIFY(!page.videos[2].isLive());
        QVERIFY(page.nextPageToken.isEmpty());
    }

    void isLiveRule_data()
    {
        QTest::addColumn<QString>("broadcast");
        QTest::addColumn<qint64>("startMs");
        QTest::addColumn<qint64>("endMs");
        QTest::addColumn<bool>("details");
        QTest::addColumn<bool>("live");
        QTest::newRow("snippet says live")
            << u"live"_s << qint64(-1) << qint64(-1) << false << true;
        QTest::newRow("started, no end") << u"none"_s << qint64(5) << qint64(-1) << true << true;
        QTest::newRow("started, no snippet")
            << QString() << qint64(5) << qint64(-1) << true << true;
        QTest::newRow("ended") << u"none"_s << qint64(5) << qint64(9) << true << false;
        QTest::newRow("ended, snippet lags")
            << u"live"_s << qint64(5) << qint64(9) << true << false;
        QTest::newRow("upcoming") << u"upcoming"_s << qint64(-1) << qint64(-1) << true << false;
        QTest::newRow("plain upload") << u"none"_s << qint64(-1) << qint64(-1) << false << false;
    }
    void isLiveRule()
    {
        QFETCH(QString, broadcast);
        QFETCH(qint64, startMs);
        QFETCH(qint64, endMs);
        QFETCH(bool, details);
        QFETCH(bool, live);
        Video v;
        v.liveBroadcastContent = broadcast;
        v.actualStartMs = startMs;
        v.actualEndMs = endMs;
        v.hasLiveDetails = details;
        QCOMPARE(v.isLive(), live);
        QCOMPARE(v.hasEnded(), endMs >= 0);
    }

    void countsAccepted_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<qint64>("viewers");
        QTest::newRow("string") << R"("37036")"_ba << qint64(37036);
        QTest::newRow("zero string") << R"("0")"_ba << qint64(0);
        QTest::newRow("leading zeros") << R"("007")"_ba << qint64(7);
        QTest::newRow("number") << "42"_ba << qint64(42);
        QTest::newRow("whole with fraction syntax") << "12.0"_ba << qint64(12);
        QTest::newRow("2^53 as string") << R"("9007199254740992")"_ba << qint64(9007199254740992);
    }
    void countsAccepted()
    {
        QFETCH(QByteArray, raw);
        QFETCH(qint64, viewers);
        const VideosPage page = parseVideosList(videoWithRawViewers(raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.videos.size(), 1);
        QVERIFY(page.videos[0].concurrentViewers.has_value());
        QCOMPARE(*page.videos[0].concurrentViewers, viewers);
    }

    // A garbage count is that field unknown: the video stays, still live.
    void garbageCountIsUnknownNotMalformed_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("unreadable");
        QTest::newRow("null") << "null"_ba << 0;
        for (const char *raw :
             {R"("-5")", R"("1.5")", R"("")", R"("12k")", R"(" 12")", R"("1,204")", R"("+3")",
              "\"\xef\xbc\x91\xef\xbc\x92\"", // full-width digits
              R"("9007199254740993")", R"("99999999999999999999999")", "-1", "1.5", "1e300", "true",
              "{}", "[]"})
            QTest::newRow(raw) << QByteArray(raw) << 1;
    }
    void garbageCountIsUnknownNotMalformed()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, unreadable);
        const VideosPage page = parseVideosList(videoWithRawViewers(raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, unreadable);
        QCOMPARE(page.videos.size(), 1);
        QVERIFY(!page.videos[0].concurrentViewers.has_value());
        QVERIFY(page.videos[0].isLive());
    }

    void malformedVideoIsCountedAndSkipped_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("item is a number") << videosAround(42);
        QTest::newRow("item is a string") << videosAround(u"liveVid0001"_s);
        QTest::newRow("item is null") << videosAround(QJsonValue::Null);
        QTest::newRow("item is an array") << videosAround(QJsonArray{1});
        const auto without = [](const QJsonValue &id) {
            QJsonObject o = goodVideo(QString());
            if (id.isUndefined())
                o.remove(QStringLiteral("id"));
            else
                o.insert(QStringLiteral("id"), id);
            return videosAround(o);
        };
        QTest::newRow("id missing") << without(QJsonValue::Undefined);
        QTest::newRow("id empty") << without(QString());
        QTest::newRow("id number") << without(12345);
        QTest::newRow("id null") << without(QJsonValue::Null);
        QTest::newRow("id object") << without(QJsonObject{{u"videoId"_s, u"x"_s}});
    }
    void malformedVideoIsCountedAndSkipped()
    {
        QFETCH(QByteArray, body);
        const VideosPage page = parseVideosList(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.videos.size(), 2);
        QCOMPARE(page.videos[0].id, QStringLiteral("good1"));
        QCOMPARE(page.videos[1].id, QStringLiteral("good2"));
    }

    void unreadableFieldsKeepTheVideo()
    {
        const VideosPage page = parseVideosList(R"({"items":[
            {"id":"v1","snippet":{"title":5,"channelId":["UCx"],"liveBroadcastContent":"live"},
             "liveStreamingDetails":{"actualStartTime":"yesterday","concurrentViewers":"88"}},
            {"id":"v2","snippet":"not an object","liveStreamingDetails":7},
            {"id":"v3","snippet":null,"liveStreamingDetails":{"actualStartTime":1714633200,
             "actualEndTime":"2026-02-30T10:00:00Z"}}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 7);
        QCOMPARE(page.videos.size(), 3);
        const Video &a = page.videos[0];
        QVERIFY(a.title.isEmpty() && a.channelId.isEmpty());
        QCOMPARE(a.actualStartMs, qint64(-1));
        QCOMPARE(*a.concurrentViewers, qint64(88));
        QVERIFY(a.isLive());
        QVERIFY(!page.videos[1].hasLiveDetails);
        QVERIFY(!page.videos[1].isLive());
        QVERIFY(page.videos[2].hasLiveDetails);
        QCOMPARE(page.videos[2].actualStartMs, qint64(-1));
        QCOMPARE(page.videos[2].actualEndMs, qint64(-1));
    }

    void languageReduction_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("language");
        const auto row = [](const char *name, const char *audio, const char *metadata,
                            const char *expected) {
            QTest::newRow(name) << videoWithLanguages(audio, metadata)
                                << QString::fromUtf8(expected);
        };
        row("region subtag", "en-US", nullptr, "en");
        row("upper case", "EN-gb", nullptr, "en");
        row("script subtag", "zh-Hant", nullptr, "zh");
        row("underscore", "pt_BR", nullptr, "pt");
        row("bare code", "ko", nullptr, "ko");
        row("three letters kept", "fil", nullptr, "fil");
        row("audio wins", "es-419", "en", "es");
        row("metadata when no audio", nullptr, "de-AT", "de");
        row("no linguistic content", "zxx", nullptr, "");
        row("zxx falls back", "zxx", "fr-CA", "fr");
        row("undetermined", "und", nullptr, "");
        row("undetermined both", "und", "und", "");
        row("multiple", "mul", nullptr, "");
        row("empty audio falls back", "", "it", "it");
        row("one letter", "e", nullptr, "");
        row("a word", "english", nullptr, "");
        row("digits", "12", nullptr, "");
        row("leading dash", "-US", nullptr, "");
        row("neither", nullptr, nullptr, "");
        row("non-ASCII letters", "\xc3\xa9n", nullptr, "");
    }
    void languageReduction()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, language);
        const VideosPage page = parseVideosList(body);
        QCOMPARE(page.videos.size(), 1);
        QCOMPARE(page.videos[0].language, language);
    }

    void searchItems()
    {
        const SearchPage page = parseSearchList(SearchBody);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.unreadableFields, 1);
        QCOMPARE(page.nextPageToken, QStringLiteral("CAUQAA"));
        QCOMPARE(page.items.size(), 3);
        const SearchItem &a = page.items[0];
        QCOMPARE(a.videoId, QStringLiteral("srchVid0001"));
        QCOMPARE(a.channelId, QStringLiteral("UCeeee"));
        // search.list escapes HTML in its titles; videos.list does not.
        QCOMPARE(a.title, QStringLiteral("Ask me anything & code review 'live' \"now\" 🎮"));
        QCOMPARE(a.channelTitle, QStringLiteral("Eeee <Studio>"));
        QCOMPARE(a.liveBroadcastContent, QStringLiteral("live"));
        QCOMPARE(page.items[1].liveBroadcastContent, QStringLiteral("upcoming"));
        QVERIFY(page.items[2].title.isEmpty());
        QCOMPARE(page.items[2].channelTitle, QStringLiteral("&unknown; &#0; &#xZZ; & 5 &amp"));
    }

    void pagingTokens_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("token");
        QTest::newRow("token") << R"({"items":[],"nextPageToken":"EAAaBlBUOkNESQ"})"_ba
                               << QStringLiteral("EAAaBlBUOkNESQ");
        QTest::newRow("last page") << R"({"items":[],"prevPageToken":"CDIQAQ"})"_ba << QString();
        QTest::newRow("null") << R"({"items":[],"nextPageToken":null})"_ba << QString();
        QTest::newRow("number") << R"({"items":[],"nextPageToken":5})"_ba << QString();
        QTest::newRow("object") << R"({"items":[],"nextPageToken":{}})"_ba << QString();
    }
    void pagingTokens()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, token);
        QCOMPARE(parseSearchList(body).nextPageToken, token);
        QCOMPARE(parseVideosList(body).nextPageToken, token);
        QCOMPARE(parseChannelsList(body).nextPageToken, token);
        QCOMPARE(parsePlaylistItems(body).nextPageToken, token);
    }

    void channels()
    {
        const ChannelsPage page = parseChannelsList(R"({
          "etag": "c1",
          "pageInfo": {"totalResults": 5, "resultsPerPage": 5},
          "items": [
            {"id": "UChhhh",
             "snippet": {"title": "\u0412\u0438\u0434\u0435\u043e", "customUrl": "@hhhh",
                         "publishedAt": "2014-01-03T06:27:22Z"},
             "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UUhhhh"}},
             "statistics": {"viewCount": "1925259492", "subscriberCount": "10300000",
                            "hiddenSubscriberCount": false, "videoCount": "163"}},
            {"id": "UCiiii", "snippet": {"title": "Hidden"},
             "statistics": {"viewCount": "10", "subscriberCount": "0", "hiddenSubscriberCount": true}},
            {"id": "UCjjjj", "snippet": {"title": "Numbers"},
             "statistics": {"subscriberCount": 4500}},
            {"id": "UCkkkk",
             "statistics": {"subscriberCount": "about 5k", "hiddenSubscriberCount": "no"}},
            {"snippet": {"title": "No id"}}
          ]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.unreadableFields, 2);
        QCOMPARE(page.channels.size(), 4);
        const Channel &a = page.channels[0];
        QCOMPARE(a.id, QStringLiteral("UChhhh"));
        QCOMPARE(a.title, QStringLiteral("Видео"));
        QCOMPARE(a.customUrl, QStringLiteral("@hhhh"));
        QCOMPARE(a.uploadsPlaylistId, QStringLiteral("UUhhhh"));
        QCOMPARE(*a.subscribers, qint64(10300000));
        // Hidden: no subscriber count at all, not the "0" sent beside the flag.
        QVERIFY(!page.channels[1].subscribers.has_value());
        QVERIFY(page.channels[1].uploadsPlaylistId.isEmpty());
        QCOMPARE(*page.channels[2].subscribers, qint64(4500));
        QVERIFY(!page.channels[3].subscribers.has_value());
    }

    void playlistItems()
    {
        const PlaylistPage page = parsePlaylistItems(R"({
          "etag": "p1", "nextPageToken": "EAAaBlBUOkNBVQ",
          "items": [
            {"id": "pi1",
             "contentDetails": {"videoId": "newestVid01", "videoPublishedAt": "2026-05-02T07:00:00Z"}},
            {"id": "pi2",
             "snippet": {"resourceId": {"videoId": "olderVid002"}}},
            {"id": "pi3", "contentDetails": {"videoId": ""}},
            {"id": "pi4", "contentDetails": {"videoId": 4}},
            {"id": "pi5"},
            {"id": "pi6", "contentDetails": {"videoId": "oldestVid03"}}
          ],
          "pageInfo": {"totalResults": 1200, "resultsPerPage": 6}})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.nextPageToken, QStringLiteral("EAAaBlBUOkNBVQ"));
        QCOMPARE(page.videoIds,
                 (QVector<QString>{QStringLiteral("newestVid01"), QStringLiteral("olderVid002"),
                                   QStringLiteral("oldestVid03")}));
    }

    void categories()
    {
        const CategoriesPage page = parseVideoCategories(R"({
          "etag": "k1",
          "items": [
            {"id": "20",
             "snippet": {"title": "Gaming", "assignable": true, "channelId": "UCcat"}},
            {"id": "28",
             "snippet": {"title": "Science & Technology", "assignable": true}},
            {"id": "18", "snippet": {"assignable": false}},
            {"snippet": {"title": "No id"}},
            {"id": "30", "snippet": {"title": ""}}
          ]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.titles.size(), 2);
        QCOMPARE(page.titles.value(QStringLiteral("20")), QStringLiteral("Gaming"));
        QCOMPARE(page.titles.value(QStringLiteral("28")), QStringLiteral("Science & Technology"));
    }

    // YouTube leaves "items" out when nothing matched.
    void nothingFoundIsAnEmptyPage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("items empty") << R"({"kind":"youtube#searchListResponse","items":[]})"_ba;
        QTest::newRow("no items key")
            << R"({"kind":"youtube#channelListResponse","etag":"e","pageInfo":{"totalResults":0,"resultsPerPage":5}})"_ba;
        QTest::newRow("fields=items, nothing") << "{}"_ba;
    }
    void nothingFoundIsAnEmptyPage()
    {
        QFETCH(QByteArray, body);
        const SearchPage search = parseSearchList(body);
        QVERIFY2(search.error.isEmpty(), qPrintable(search.error));
        QVERIFY(search.items.isEmpty());
        const VideosPage videos = parseVideosList(body);
        QVERIFY2(videos.error.isEmpty(), qPrintable(videos.error));
        QVERIFY(videos.videos.isEmpty());
        QVERIFY(parseChannelsList(body).error.isEmpty());
        QVERIFY(parsePlaylistItems(body).error.isEmpty());
        QVERIFY(parseVideoCategories(body).error.isEmpty());
    }

    void malformedPageIsAnError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << " \r\n\t"_ba;
        QTest::newRow("html") << "<html><body>502 Bad Gateway</body></html>"_ba;
        QTest::newRow("top-level array") << R"([{"items":[]}])"_ba;
        QTest::newRow("top-level string") << R"("items")"_ba;
        QTest::newRow("top-level null") << "null"_ba;
        QTest::newRow("items object") << R"({"items":{}})"_ba;
        QTest::newRow("items string") << R"({"items":"[]"})"_ba;
        QTest::newRow("items null") << R"({"kind":"x","items":null})"_ba;
        QTest::newRow("items number") << R"({"items":0})"_ba;
        QTest::newRow("not a list response") << R"({"data":[]})"_ba;
        QTest::newRow("trailing garbage") << R"({"items":[]} x)"_ba;
        QTest::newRow("two documents") << R"({"items":[]}{"items":[]})"_ba;
        QTest::newRow("NUL inside") << QByteArray("{\"items\":[]\0}", 13);
        QTest::newRow("number out of range") << videoWithRawViewers("1e400"_ba);
        QTest::newRow("error body") << errorBody(403, "quotaExceeded", "youtube.quota", "quota");
        QTest::newRow("error string") << R"({"error":"invalid_request"})"_ba;
        const QByteArray page = FourVideos.trimmed();
        for (qsizetype cut : {qsizetype(1), qsizetype(10), page.size() / 2, page.size() - 1})
            QTest::addRow("truncated at %lld", static_cast<long long>(cut)) << page.left(cut);
    }
    void malformedPageIsAnError()
    {
        QFETCH(QByteArray, body);
        const VideosPage videos = parseVideosList(body);
        QVERIFY(!videos.error.isEmpty());
        QVERIFY2(videos.error.startsWith(QLatin1String("YouTube")), qPrintable(videos.error));
        QVERIFY(videos.videos.isEmpty());
        QCOMPARE(videos.malformedItems, 0);
        QVERIFY(videos.nextPageToken.isEmpty());
        QVERIFY(!parseSearchList(body).error.isEmpty());
        QVERIFY(!parseChannelsList(body).error.isEmpty());
        QVERIFY(!parsePlaylistItems(body).error.isEmpty());
        QVERIFY(!parseVideoCategories(body).error.isEmpty());
    }

    void errorBodyInsteadOfAPageSaysWhy()
    {
        const VideosPage page =
            parseVideosList(errorBody(403, "quotaExceeded", "youtube.quota", "quota"));
        QVERIFY2(page.error.contains(QLatin1String("today's YouTube quota is used up")),
                 qPrintable(page.error));
    }

    void everyTruncationIsAnError()
    {
        const QByteArray page = FourVideos.trimmed();
        for (qsizetype n = 0; n < page.size(); ++n)
            QVERIFY2(!parseVideosList(page.left(n)).error.isEmpty(),
                     qPrintable(QString::number(n)));
    }

    void unreadValuesAreCutSafely()
    {
        const VideosPage page = parseVideosList(TrickyUnreadValues);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.nextPageToken, QStringLiteral("tok"));
        QCOMPARE(page.videos.size(), 2);
        QCOMPARE(page.videos[0].title, QStringLiteral("\"description\": [1, {2}] \\"));
        QCOMPARE(page.videos[0].channelTitle, QStringLiteral("after the cut"));
        QCOMPARE(*page.videos[0].concurrentViewers, qint64(5));
        QCOMPARE(page.videos[1].title, QStringLiteral("tags"));
        // Truncated anywhere, also inside a value that would be cut: an error.
        const QByteArray body = TrickyUnreadValues.trimmed();
        for (qsizetype n = 0; n < body.size(); ++n)
            QVERIFY2(!parseVideosList(body.left(n)).error.isEmpty(),
                     qPrintable(QString::number(n)));
    }

    // The price of the cut: a defect only inside a value no parser reads is
    // not a page error. Anywhere else it still is.
    void defectInsideAnUnreadValue_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("pageError");
        const auto page = [](const QByteArray &snippetTail) -> QByteArray {
            return "{\"items\":[{\"id\":\"v1\",\"snippet\":{\"title\":\"kept\""_ba + snippetTail +
                   "},\"liveStreamingDetails\":{\"concurrentViewers\":\"3\"}}]}"_ba;
        };
        QTest::newRow("bad UTF-8 in a description")
            << page(",\"description\":\"\xff\xfe\""_ba) << false;
        QTest::newRow("missing comma in thumbnails")
            << page(",\"thumbnails\":{\"a\":1 \"b\":2}"_ba) << false;
        QTest::newRow("bad UTF-8 in the title")
            << "{\"items\":[{\"id\":\"v1\",\"snippet\":{\"title\":\"\xff\xfe\"}}]}"_ba << true;
        QTest::newRow("description never ends") << page(",\"description\":\"open"_ba) << true;
        QTest::newRow("thumbnails never close") << page(",\"thumbnails\":{\"a\":[1,2}"_ba) << true;
        QTest::newRow("description a bare word") << page(",\"description\":nope"_ba) << true;
    }
    void defectInsideAnUnreadValue()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, pageError);
        const VideosPage page = parseVideosList(body);
        QCOMPARE(!page.error.isEmpty(), pageError);
        if (!pageError) {
            QCOMPARE(page.videos.size(), 1);
            QCOMPARE(page.videos[0].title, QStringLiteral("kept"));
        }
    }

    void errors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("words"); // the message starts with these

        const QByteArray quota =
            errorBody(403, "quotaExceeded", "youtube.quota",
                      "The request cannot be completed because you have exceeded your <a "
                      "href=\"/youtube/v3/getting-started#quota\">quota</a>.");
        QTest::newRow("quota") << 403 << quota << u"QuotaExceeded"_s << u"quotaExceeded"_s
                               << u"today's YouTube quota is used up"_s;
        QTest::newRow("daily limit")
            << 403 << errorBody(403, "dailyLimitExceeded", "usageLimits", "Daily Limit Exceeded")
            << u"QuotaExceeded"_s << u"dailyLimitExceeded"_s
            << u"today's YouTube quota is used up"_s;

        const QByteArray keyInvalid = errorBody(400, "badRequest", "global",
                                                "API key not valid. Please pass a valid API key.",
                                                QJsonArray{errorInfo("API_KEY_INVALID")});
        QTest::newRow("key invalid") << 400 << keyInvalid << u"KeyInvalid"_s << u"API_KEY_INVALID"_s
                                     << u"YouTube rejected the API key"_s;
        QTest::newRow("key invalid, legacy reason")
            << 400 << errorBody(400, "keyInvalid", "usageLimits", "Bad Request") << u"KeyInvalid"_s
            << u"keyInvalid"_s << u"YouTube rejected the API key"_s;
        QTest::newRow("badRequest naming the key")
            << 400 << errorBody(400, "badRequest", "global", "API key expired. Please renew it.")
            << u"KeyInvalid"_s << u"badRequest"_s << u"YouTube rejected the API key"_s;
        QTest::newRow("other bad request")
            << 400 << errorBody(400, "badRequest", "global", "Invalid value for parameter id")
            << u"BadRequest"_s << u"badRequest"_s
            << u"YouTube rejected the request (HTTP 400: Invalid value for parameter id)"_s;

        const QJsonObject help{
            {u"@type"_s, u"type.googleapis.com/google.rpc.Help"_s},
            {u"links"_s, QJsonArray{QJsonObject{{u"description"_s, u"activation"_s},
                                                {u"url"_s, ActivationUrl}}}}};
        QTest::newRow("not enabled")
            << 403
            << errorBody(403, "accessNotConfigured", "usageLimits",
                         "YouTube Data API v3 has not been used in project 42 before or it is "
                         "disabled.",
                         QJsonArray{help, errorInfo("SERVICE_DISABLED")})
            << u"AccessNotConfigured"_s << u"accessNotConfigured"_s
            << u"the YouTube Data API is not enabled for this key's Google Cloud project"_s;
        QTest::newRow("not enabled, details only")
            << 403
            << errorBody(403, "forbidden", "global", "disabled",
                         QJsonArray{errorInfo("SERVICE_DISABLED")})
            << u"AccessNotConfigured"_s << u"SERVICE_DISABLED"_s
            << u"the YouTube Data API is not enabled for this key's Google Cloud project"_s;

        QTest::newRow("rate limit")
            << 403 << errorBody(403, "rateLimitExceeded", "usageLimits", "Rate Limit Exceeded")
            << u"RateLimited"_s << u"rateLimitExceeded"_s << u"YouTube asked for fewer requests"_s;
        QTest::newRow("user rate limit")
            << 403
            << errorBody(403, "userRateLimitExceeded", "usageLimits", "User Rate Limit Exceeded")
            << u"RateLimited"_s << u"userRateLimitExceeded"_s
            << u"YouTube asked for fewer requests"_s;
        QTest::newRow("429 without a body") << 429 << QByteArray() << u"RateLimited"_s << QString()
                                            << u"YouTube asked for fewer requests"_s;

        QTest::newRow("key restricted")
            << 403
            << errorBody(403, "forbidden", "global", "Requests from this referer are blocked.",
                         QJsonArray{errorInfo("API_KEY_HTTP_REFERRER_BLOCKED")})
            << u"Forbidden"_s << u"API_KEY_HTTP_REFERRER_BLOCKED"_s
            << u"the API key's restrictions"_s;
        QTest::newRow("other 403")
            << 403 << errorBody(403, "forbidden", "youtube.video", "Access forbidden.")
            << u"Forbidden"_s << u"forbidden"_s
            << u"YouTube refused the request (HTTP 403: Access forbidden.)"_s;
        QTest::newRow("403 not JSON")
            << 403 << "<html>Forbidden</html>"_ba << u"Forbidden"_s << QString()
            << u"YouTube refused the request (HTTP 403 Forbidden)"_s;
        QTest::newRow("400 not JSON") << 400 << "Bad Request"_ba << u"BadRequest"_s << QString()
                                      << u"YouTube rejected the request (HTTP 400 Bad Request)"_s;
        QTest::newRow("404") << 404
                             << errorBody(404, "playlistNotFound", "youtube.playlistItem",
                                          "Not found")
                             << u"BadRequest"_s << u"playlistNotFound"_s
                             << u"YouTube rejected the request (HTTP 404: Not found)"_s;

        QTest::newRow("500 JSON") << 500
                                  << errorBody(500, "backendError", "global", "Backend Error")
                                  << u"Server"_s << u"backendError"_s
                                  << u"YouTube had a server problem (HTTP 500: Backend Error)"_s;
        QTest::newRow("503 HTML")
            << 503 << "<!DOCTYPE html><html><b>503.</b> That's an error.</html>"_ba << u"Server"_s
            << QString() << u"YouTube had a server problem (HTTP 503 Service Unavailable)"_s;
        QTest::newRow("502 empty") << 502 << QByteArray() << u"Server"_s << QString()
                                   << u"YouTube had a server problem (HTTP 502 Bad Gateway)"_s;

        QTest::newRow("no response")
            << 0 << QByteArray() << u"Other"_s << QString() << u"no answer from YouTube"_s;
        QTest::newRow("redirect") << 302 << QByteArray() << u"Other"_s << QString()
                                  << u"unexpected answer from YouTube (HTTP 302)"_s;
        QTest::newRow("2xx") << 200 << quota << u"None"_s << QString() << QString();
    }
    void errors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QFETCH(QString, words);
        const ApiError e = parseError(status, body);
        QCOMPARE(kindName(e.kind), kind);
        QCOMPARE(e.reason, reason);
        QVERIFY2(e.message.startsWith(words), qPrintable(e.message));
        if (e.kind == ErrorKind::None)
            QVERIFY(e.message.isEmpty());
        else
            QVERIFY(!e.message.isEmpty());
    }

    void errorWordsAreHelpful()
    {
        const QJsonObject help{{u"@type"_s, u"type.googleapis.com/google.rpc.Help"_s},
                               {u"links"_s, QJsonArray{QJsonObject{{u"url"_s, ActivationUrl}}}}};
        const ApiError notEnabled = parseError(
            403, errorBody(403, "accessNotConfigured", "usageLimits", "x", QJsonArray{help}));
        QVERIFY2(notEnabled.message.contains(ActivationUrl), qPrintable(notEnabled.message));
        QVERIFY(notEnabled.message.contains(QLatin1String("YouTube Data API v3")));

        const ApiError quota =
            parseError(403, errorBody(403, "quotaExceeded", "youtube.quota", "<a>quota</a>"));
        QVERIFY(quota.message.contains(QLatin1String("midnight Pacific time")));
        QVERIFY(!quota.message.contains(u'<'));
    }

    void errorTextIsCleanedAndBounded()
    {
        const ApiError control = parseError(
            403, errorBody(403, "forbidden", "global", "line one\n\tline\x01two  <b>bold</b>"));
        QCOMPARE(control.message,
                 QStringLiteral("YouTube refused the request (HTTP 403: line one line two bold)"));

        const QByteArray huge(20000, 'x');
        const ApiError big =
            parseError(400, errorBody(400, huge.constData(), "global", huge.constData()));
        QVERIFY(big.message.size() <= 400);
        QVERIFY(big.reason.size() <= 64);
        QVERIFY(!big.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestYouTubeParsers)
#include "tst_youtubeparsers.moc"
