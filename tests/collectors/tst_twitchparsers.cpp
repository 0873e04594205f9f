// What the Twitch collector relies on from the page parsers: a good page maps
// field by field, a bad item is counted and skipped without losing its
// neighbours, a bad page is an error in words, and RFC 3339 times are read
// strictly (parseRfc3339Ms lives in core/rfc3339.h; YouTube's parsers share it).
// Token, validate, error and follower bodies: tst_twitchauthparsers.

#include "rfc3339.h"
#include "twitchparsers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace StreamRank;
using namespace StreamRank::Twitch;
using namespace Qt::StringLiterals; // _ba

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}

// Two live streams and a cursor, in the shape GET /helix/streams answers.
// (No "//" inside raw strings in this file: moc takes it for a comment and then
// misses the test class. JSON's "\/" escape spells the URLs instead.)
const QByteArray NormalPage = R"({
  "data": [
    {"id": "40001", "user_id": "101", "user_login": "alpha", "user_name": "Alpha",
     "game_id": "509658", "game_name": "Just Chatting", "type": "live",
     "title": "morning stream", "tags": ["English"], "viewer_count": 12345,
     "started_at": "2026-11-21T08:30:00Z", "language": "en",
     "thumbnail_url": "https:\/\/example.invalid/{width}x{height}.jpg",
     "tag_ids": [], "is_mature": false},
    {"id": "40002", "user_id": "102", "user_login": "beta", "user_name": "Beta",
     "game_id": "", "game_name": "", "type": "live", "title": "",
     "viewer_count": 0, "started_at": "2026-11-21T09:00:00.250+01:00", "language": "de"}
  ],
  "pagination": {"cursor": "eyJiIjpudWxsfQ=="}
})"_ba;

QJsonObject goodItem(const QString &id)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("user_id"), QString(QStringLiteral("u") + id)},
                       {QStringLiteral("user_login"), QStringLiteral("login")},
                       {QStringLiteral("user_name"), QStringLiteral("Name")},
                       {QStringLiteral("game_id"), QStringLiteral("33214")},
                       {QStringLiteral("game_name"), QStringLiteral("Fortnite")},
                       {QStringLiteral("title"), QStringLiteral("title")},
                       {QStringLiteral("viewer_count"), 7},
                       {QStringLiteral("started_at"), QStringLiteral("2026-11-21T08:00:00Z")},
                       {QStringLiteral("language"), QStringLiteral("en")}};
}

// A page with a good item on either side of `middle`.
QByteArray pageAround(const QJsonValue &middle)
{
    const QJsonArray data{goodItem(QStringLiteral("1")), middle, goodItem(QStringLiteral("2"))};
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson();
}

// Sets (or, with an undefined value, removes) one field of a good item.
QJsonObject withField(const QString &key, const QJsonValue &value)
{
    QJsonObject o = goodItem(QStringLiteral("9"));
    if (value.isUndefined())
        o.remove(key);
    else
        o.insert(key, value);
    return o;
}

// Replaces the viewer_count of a good item with raw JSON text.
QByteArray pageWithRawViewers(const QByteArray &raw)
{
    return R"({"data":[{"id":"1","user_id":"2","viewer_count":)"_ba + raw +
           R"(,"started_at":"2026-11-21T08:00:00Z"}]})"_ba;
}

} // namespace

class TestTwitchParsers : public QObject
{
    Q_OBJECT

private slots:
    void streamsNormalPage()
    {
        const StreamsPage page = parseStreamsPage(NormalPage);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.cursor, QStringLiteral("eyJiIjpudWxsfQ=="));
        QCOMPARE(page.streams.size(), 2);
        const StreamObservation &a = page.streams[0];
        QCOMPARE(a.streamId, QStringLiteral("40001"));
        QCOMPARE(a.channelId, QStringLiteral("101"));
        QCOMPARE(a.channelLogin, QStringLiteral("alpha"));
        QCOMPARE(a.channelName, QStringLiteral("Alpha"));
        QCOMPARE(a.categoryId, QStringLiteral("509658"));
        QCOMPARE(a.categoryName, QStringLiteral("Just Chatting"));
        QCOMPARE(a.title, QStringLiteral("morning stream"));
        QCOMPARE(a.language, QStringLiteral("en"));
        QCOMPARE(a.viewers, 12345);
        QCOMPARE(a.startedAtMs, utcMs(2026, 11, 21, 8, 30, 0));
        const StreamObservation &b = page.streams[1];
        QVERIFY(b.categoryId.isEmpty());
        QVERIFY(b.categoryName.isEmpty());
        QVERIFY(b.title.isEmpty());
        QCOMPARE(b.viewers, 0);
        QCOMPARE(b.startedAtMs, utcMs(2026, 11, 21, 8, 0, 0, 250));
    }

    void streamsLastPageAndCursorShapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("cursor");
        QTest::newRow("empty object") << R"({"data":[],"pagination":{}})"_ba << QString();
        QTest::newRow("missing") << R"({"data":[]})"_ba << QString();
        QTest::newRow("null") << R"({"data":[],"pagination":null})"_ba << QString();
        QTest::newRow("array") << R"({"data":[],"pagination":[]})"_ba << QString();
        QTest::newRow("cursor null")
            << R"({"data":[],"pagination":{"cursor":null}})"_ba << QString();
        QTest::newRow("cursor number")
            << R"({"data":[],"pagination":{"cursor":5}})"_ba << QString();
        QTest::newRow("cursor") << R"({"data":[],"pagination":{"cursor":"abc"}})"_ba
                                << QStringLiteral("abc");
    }
    void streamsLastPageAndCursorShapes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, cursor);
        const StreamsPage page = parseStreamsPage(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QVERIFY(page.streams.isEmpty());
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.cursor, cursor);
    }

    void streamsMalformedItemIsCountedAndSkipped_data()
    {
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char *name, const QJsonValue &middle) {
            QTest::newRow(name) << pageAround(middle);
        };
        const auto field = [&row](const char *name, const char *key, const QJsonValue &v) {
            row(name, withField(QLatin1String(key), v));
        };
        row("item is a number", 42);
        row("item is a string", QStringLiteral("40001"));
        row("item is null", QJsonValue::Null);
        row("item is an array", QJsonArray{1, 2});
        field("id missing", "id", QJsonValue::Undefined);
        field("id empty", "id", QString());
        field("id number", "id", 40001);
        field("id null", "id", QJsonValue::Null);
        field("user_id missing", "user_id", QJsonValue::Undefined);
        field("user_id empty", "user_id", QString());
        field("user_id number", "user_id", 101);
        field("viewers missing", "viewer_count", QJsonValue::Undefined);
        field("viewers as string", "viewer_count", QStringLiteral("42"));
        field("viewers negative", "viewer_count", -1);
        field("viewers fractional", "viewer_count", 1.5);
        field("viewers above int32", "viewer_count", 2147483648.0);
        field("viewers huge", "viewer_count", 1e300);
        field("viewers null", "viewer_count", QJsonValue::Null);
        field("viewers bool", "viewer_count", true);
        field("started_at missing", "started_at", QJsonValue::Undefined);
        field("started_at garbage", "started_at", QStringLiteral("yesterday"));
        field("started_at invalid date", "started_at", QStringLiteral("2021-02-30T10:00:00Z"));
        field("started_at number", "started_at", 1615388661);
        field("title number", "title", 5);
        field("user_login object", "user_login", QJsonObject{});
        field("user_name bool", "user_name", false);
        field("game_id number", "game_id", 33214);
        field("game_name array", "game_name", QJsonArray{});
        field("language number", "language", 1);
    }
    void streamsMalformedItemIsCountedAndSkipped()
    {
        QFETCH(QByteArray, body);
        const StreamsPage page = parseStreamsPage(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.streams.size(), 2);
        QVERIFY(page.streams[0].streamId != page.streams[1].streamId);
    }

    void streamsViewerCountsAccepted_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("viewers");
        QTest::newRow("zero") << "0"_ba << 0;
        QTest::newRow("int32 max") << "2147483647"_ba << 2147483647;
        QTest::newRow("whole with fraction syntax") << "12.0"_ba << 12;
        QTest::newRow("exponent") << "1e3"_ba << 1000;
        QTest::newRow("negative zero") << "-0"_ba << 0;
    }
    void streamsViewerCountsAccepted()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, viewers);
        const StreamsPage page = parseStreamsPage(pageWithRawViewers(raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.streams.size(), 1);
        QCOMPARE(page.streams[0].viewers, viewers);
    }

    void streamsViewerCountsRejected_data()
    {
        QTest::addColumn<QByteArray>("raw");
        for (const char *raw : {"\"42\"", "-1", "0.5", "2147483648", "9223372036854775808", "1e20",
                                "-2147483649", "null", "[]", "{}"})
            QTest::newRow(raw) << QByteArray(raw);
    }
    void streamsViewerCountsRejected()
    {
        QFETCH(QByteArray, raw);
        const StreamsPage page = parseStreamsPage(pageWithRawViewers(raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QVERIFY(page.streams.isEmpty());
    }

    void streamsOptionalFieldsAndUnicode()
    {
        const QByteArray body = R"({"data":[
            {"id":"1","user_id":"2","viewer_count":3,"started_at":"2026-11-21T08:00:00Z"},
            {"id":"4","user_id":"5","viewer_count":6,"started_at":"2026-11-21T08:00:00Z",
             "title":null,"game_id":null,"language":null,"user_login":null},
            {"id":"7","user_id":"8","viewer_count":9,"started_at":"2026-11-21T08:00:00Z",
             "title":"Caf\u00e9 \ud83c\udfae \u65e5\u672c\u8a9e \u0645\u0631\u062d\u0628\u0627",
             "user_name":"\u30c6\u30b9\u30c8","language":"ja"},
            {"id":"10","user_id":"11","viewer_count":12,"started_at":"2026-11-21T08:00:00Z",
             "title":"raw UTF-8: ✨ Ünïcödé 🎮"}]})"_ba;
        const StreamsPage page = parseStreamsPage(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.streams.size(), 4);
        for (int i : {0, 1}) {
            const StreamObservation &s = page.streams[i];
            QVERIFY(s.channelLogin.isEmpty() && s.channelName.isEmpty() && s.title.isEmpty());
            QVERIFY(s.categoryId.isEmpty() && s.categoryName.isEmpty() && s.language.isEmpty());
        }
        QCOMPARE(page.streams[2].title, QStringLiteral("Café 🎮 日本語 مرحبا"));
        QCOMPARE(page.streams[2].channelName, QStringLiteral("テスト"));
        QCOMPARE(page.streams[3].title, QStringLiteral("raw UTF-8: ✨ Ünïcödé 🎮"));
    }

    void streamsMalformedPageIsAnError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << " \r\n\t"_ba;
        QTest::newRow("not JSON") << "<html>502 Bad Gateway</html>"_ba;
        QTest::newRow("top-level array") << R"([{"data":[]}])"_ba;
        QTest::newRow("top-level string") << R"("data")"_ba;
        QTest::newRow("top-level number") << "42"_ba;
        QTest::newRow("top-level null") << "null"_ba;
        QTest::newRow("no data") << R"({"pagination":{}})"_ba;
        QTest::newRow("data null") << R"({"data":null})"_ba;
        QTest::newRow("data object") << R"({"data":{}})"_ba;
        QTest::newRow("data string") << R"({"data":"[]"})"_ba;
        QTest::newRow("trailing garbage") << R"({"data":[]} x)"_ba;
        QTest::newRow("two documents") << R"({"data":[]}{"data":[]})"_ba;
        QTest::newRow("NUL inside") << QByteArray("{\"data\":[]\0}", 12);
        // Qt's JSON parser rejects a number beyond double's range outright, so one
        // such item costs the whole page: counted as a failed page, never a crash.
        QTest::newRow("number out of range") << pageWithRawViewers("1e400"_ba);
        QTest::newRow("helix error body") << R"({"error":"Unauthorized","status":401})"_ba;
        const QByteArray page = NormalPage.trimmed();
        for (qsizetype cut : {qsizetype(1), qsizetype(10), page.size() / 2, page.size() - 1})
            QTest::addRow("truncated at %lld", static_cast<long long>(cut)) << page.left(cut);
    }
    void streamsMalformedPageIsAnError()
    {
        QFETCH(QByteArray, body);
        const StreamsPage page = parseStreamsPage(body);
        QVERIFY(!page.error.isEmpty());
        QVERIFY(page.streams.isEmpty());
        QVERIFY(page.cursor.isEmpty());
        QVERIFY(page.error.startsWith(QLatin1String("Twitch")));
    }

    void streamsEveryTruncationIsAnError()
    {
        const QByteArray page = NormalPage.trimmed();
        for (qsizetype n = 0; n < page.size(); ++n)
            QVERIFY2(!parseStreamsPage(page.left(n)).error.isEmpty(),
                     qPrintable(QString::number(n)));
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        const auto ok = [](const char *t, qint64 ms) {
            QTest::newRow(t) << QString::fromUtf8(t) << ms;
        };
        const auto bad = [](const char *t) {
            QTest::newRow(t) << QString::fromUtf8(t) << qint64(-1);
        };
        ok("2021-03-10T15:04:21Z", utcMs(2021, 3, 10, 15, 4, 21));
        ok("2021-03-10t15:04:21z", utcMs(2021, 3, 10, 15, 4, 21));
        ok("2021-03-10 15:04:21Z", utcMs(2021, 3, 10, 15, 4, 21));
        ok("2021-03-10T15:04:21+02:00", utcMs(2021, 3, 10, 13, 4, 21));
        ok("2021-03-10T15:04:21-05:30", utcMs(2021, 3, 10, 20, 34, 21));
        ok("2021-03-10T00:30:00+01:00", utcMs(2021, 3, 9, 23, 30, 0));
        ok("2021-03-10T15:04:21-00:00", utcMs(2021, 3, 10, 15, 4, 21));
        ok("2021-03-10T15:04:21.5Z", utcMs(2021, 3, 10, 15, 4, 21, 500));
        ok("2021-03-10T15:04:21.123Z", utcMs(2021, 3, 10, 15, 4, 21, 123));
        ok("2021-03-10T15:04:21.123456789Z", utcMs(2021, 3, 10, 15, 4, 21, 123));
        ok("2021-03-10T15:04:21.999999999999999999999Z", utcMs(2021, 3, 10, 15, 4, 21, 999));
        ok("2021-03-10T15:04:21.25+02:00", utcMs(2021, 3, 10, 13, 4, 21, 250));
        ok("2024-02-29T12:00:00Z", utcMs(2024, 2, 29, 12, 0, 0));
        ok("2000-02-29T12:00:00Z", utcMs(2000, 2, 29, 12, 0, 0));
        ok("2016-12-31T23:59:60Z", utcMs(2017, 1, 1, 0, 0, 0)); // leap second
        ok("1970-01-01T00:00:00Z", 0);
        ok("9999-12-31T23:59:59.999Z", utcMs(9999, 12, 31, 23, 59, 59, 999));
        bad("");
        bad("yesterday");
        bad("2021-03-10");
        bad("2021-03-10T15:04Z");
        bad("2021-03-10T15:04:21");
        bad("2021-03-10T15:04:21.Z");
        bad("2021-03-10T15:04:21+0200");
        bad("2021-03-10T15:04:21+02");
        bad("2021-03-10T15:04:21+24:00");
        bad("2021-03-10T15:04:21+02:60");
        bad("2021-03-10T15:04:21Z ");
        bad(" 2021-03-10T15:04:21Z");
        bad("2021-03-10T15:04:21ZZ");
        bad("2021-02-30T10:00:00Z");
        bad("2023-02-29T10:00:00Z");
        bad("1900-02-29T10:00:00Z");
        bad("2021-04-31T10:00:00Z");
        bad("2021-13-01T10:00:00Z");
        bad("2021-00-10T10:00:00Z");
        bad("2021-03-00T10:00:00Z");
        bad("2021-03-10T24:00:00Z");
        bad("2021-03-10T15:60:00Z");
        bad("2021-03-10T15:04:61Z");
        bad("2021-3-10T15:04:21Z");
        bad("+2021-03-10T15:04:21Z");
        bad("2021-03-10X15:04:21Z");
        bad("２０２１-03-10T15:04:21Z"); // full-width digits
        bad("1969-12-31T23:59:59.999Z");
        bad("1970-01-01T00:30:00+01:00");
        bad("9999-12-31T23:59:59-01:00");
        bad("0000-01-01T00:00:00Z");
    }
    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseRfc3339Ms(text), ms);
    }

    void games()
    {
        const GamesPage page = parseGamesPage(R"({"data":[
            {"id":"33214","name":"Fortnite","box_art_url":"https:\/\/x.invalid/33214-{width}x{height}.jpg","igdb_id":"1905"},
            {"id":"509658","name":"Just Chatting"},
            {"id":"1","name":""},
            {"id":2,"name":"Number id"},
            {"name":"No id"},
            {"id":"3","name":"Box art number","box_art_url":7},
            "33214"],
            "pagination":{"cursor":"eyJiIjpudWxs"}})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 5);
        QCOMPARE(page.cursor, QStringLiteral("eyJiIjpudWxs"));
        QCOMPARE(page.games.size(), 2);
        QCOMPARE(page.games[0].id, QStringLiteral("33214"));
        QCOMPARE(page.games[0].name, QStringLiteral("Fortnite"));
        QCOMPARE(page.games[0].boxArtUrl,
                 QStringLiteral("https://x.invalid/33214-{width}x{height}.jpg"));
        QVERIFY(page.games[1].boxArtUrl.isEmpty());

        const GamesPage last = parseGamesPage(R"({"data":[],"pagination":{}})"_ba);
        QVERIFY(last.error.isEmpty() && last.games.isEmpty() && last.cursor.isEmpty());
        for (const QByteArray &bad : {QByteArray(), "{"_ba, R"({"data":{}})"_ba, "[]"_ba})
            QVERIFY(!parseGamesPage(bad).error.isEmpty());
    }

    void users()
    {
        const UsersPage page = parseUsersPage(R"({"data":[
            {"id":"141981764","login":"twitchdev","display_name":"TwitchDev","view_count":5980557},
            {"id":"2","login":"nodisplay"},
            {"id":"3","login":"unicode","display_name":"\u30c6\u30b9\u30c8"},
            {"id":"4","display_name":"no login"},
            {"id":"5","login":"","display_name":"empty login"},
            {"id":"6","login":"x","display_name":6},
            null]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 4);
        QCOMPARE(page.users.size(), 3);
        QCOMPARE(page.users[0].id, QStringLiteral("141981764"));
        QCOMPARE(page.users[0].login, QStringLiteral("twitchdev"));
        QCOMPARE(page.users[0].displayName, QStringLiteral("TwitchDev"));
        QVERIFY(page.users[1].displayName.isEmpty());
        QCOMPARE(page.users[2].displayName, QStringLiteral("テスト"));
        for (const QByteArray &bad :
             {QByteArray(), "null"_ba, R"({"data":"x"})"_ba, R"({"data":[)"_ba})
            QVERIFY(!parseUsersPage(bad).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTwitchParsers)
#include "tst_twitchparsers.moc"
