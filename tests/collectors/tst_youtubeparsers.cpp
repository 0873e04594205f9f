// What the YouTube collector relies on from the videos.list parser: a live
// video with its viewer count, a hidden or ended count that stays unknown
// (never 0), the live/ended/upcoming states, bad items counted and skipped,
// and languages reduced to one code. The other lists and paging:
// tst_youtubelistparsers.cpp; bad pages and error bodies: tst_youtubeerrors.cpp.
// (moc and raw strings: see youtubeparsertestsupport.h.)

#include "youtubeparsers.h"
#include "youtubeparsertestsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace StreamRank;
using namespace StreamRank::YouTube;
using namespace StreamRank::YouTubeParserTest;
using namespace Qt::StringLiterals; // _ba

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

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
};

QTEST_GUILESS_MAIN(TestYouTubeParsers)
#include "tst_youtubeparsers.moc"
