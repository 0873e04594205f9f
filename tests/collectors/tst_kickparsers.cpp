// What the Kick collector relies on from the list parsers: v1 and v2 live
// streams read into the same values (one session key for the same stream in
// both), counts that stay unknown (-1, never 0) when Kick leaves them out,
// items without a broadcaster counted and skipped, the cursor wherever Kick
// puts it, categories, and channels without a trace of the secret stream key.
// Bad pages, token and error bodies: tst_kickerrors.cpp. Wire format:
// docs/KICK.md. The fixtures are written for these tests (JSON's "\/" spells
// the URLs: moc misreads a "//" inside a raw string).

#include "kickparsers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace StreamRank::Kick;
using namespace Qt::StringLiterals; // _ba, _s

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc()).toMSecsSinceEpoch();
}

// GET /public/v1/livestreams: a live stream with every field, one whose ids
// are strings and whose start is Go's zero time, one without a count.
const QByteArray V1Page = R"({
  "data": [
    {"broadcaster_user_id": 4711, "channel_id": 4690, "slug": "pixelbaker",
     "stream_title": "Baking bread live \ud83c\udf5e",
     "category": {"id": 15, "name": "Just Chatting", "thumbnail": "https:\/\/files.example\/c\/15.webp"},
     "language": "en", "viewer_count": 1834, "started_at": "2026-05-02T07:01:30Z",
     "has_mature_content": false, "custom_tags": ["cooking", "English"],
     "thumbnail": "https:\/\/images.example\/t\/4711\/480.webp",
     "profile_picture": "https:\/\/files.example\/u\/4711.webp"},
    {"broadcaster_user_id": "9021", "channel_id": "8800", "slug": "riodev",
     "stream_title": "Codando", "category": {"id": "101", "name": "Software"},
     "language": "pt-BR", "viewer_count": 0, "started_at": "0001-01-01T00:00:00Z",
     "has_mature_content": true, "custom_tags": []},
    {"broadcaster_user_id": 77, "slug": "quiet", "stream_title": "no count here",
     "started_at": "2026-05-02T05:00:00+02:00"}
  ],
  "message": "OK"
})"_ba;

// GET /public/v2/livestreams as documented (docs/KICK.md): the same first
// stream, named the v2 way, with the next page's cursor.
const QByteArray V2Page = R"({
  "data": [
    {"id": "0b7c8f0e-3c1d-4d8e-9a51-2f6f3c1e9a10",
     "broadcaster_user": {"id": 4711, "username": "PixelBaker", "profile_picture": "https:\/\/files.example\/u\/4711.webp"},
     "channel": {"slug": "pixelbaker"},
     "category": {"id": 15, "name": "Just Chatting", "thumbnail": "https:\/\/files.example\/c\/15.webp"},
     "title": "Baking bread live \ud83c\udf5e", "language_code": "en-US",
     "started_at": "2026-05-02T07:01:30Z", "viewer_count": 1834,
     "has_mature_content": false, "tags": ["cooking"],
     "thumbnail": "https:\/\/images.example\/t\/4711\/480.webp"}
  ],
  "message": "OK",
  "pagination": {"next_cursor": "eyJzIjoxNzE0NjMzMjkwfQ"}
})"_ba;

// GET /public/v1/channels: a live channel as documented, with its secret
// stream key and ingest URL.
const QByteArray ChannelsPageBody = R"({
  "data": [
    {"broadcaster_user_id": 4711, "slug": "pixelbaker", "stream_title": "Baking bread live",
     "channel_description": "bread", "banner_picture": "https:\/\/files.example\/b.jpg",
     "active_subscribers_count": 150, "canceled_subscribers_count": 25,
     "category": {"id": 15, "name": "Just Chatting", "thumbnail": "https:\/\/files.example\/c.webp"},
     "stream": {"custom_tags": ["cooking"], "is_live": true, "is_mature": false,
                "key": "sk_live_9f3Kq2ZxVb7Lm4Np8Rt1", "language": "en-GB",
                "start_time": "2026-05-02T07:01:30Z",
                "thumbnail": "https:\/\/images.example\/t.webp",
                "url": "rtmps:\/\/ingest.example:443\/app\/sk_live_9f3Kq2ZxVb7Lm4Np8Rt1",
                "viewer_count": 1834}},
    {"broadcaster_user_id": 12345, "slug": "offline-example", "followers_count": 5120,
     "stream": {"url": "rtmps:\/\/ingest.example\/app", "key": "another-secret-key-0123456789",
                "category": {"id": "1", "name": "Gaming"},
                "is_live": false, "is_mature": false, "language": "en",
                "start_time": "0001-01-01T00:00:00Z", "stream_title": "Example stream",
                "viewer_count": 0}}
  ],
  "message": "OK"
})"_ba;

const QByteArray CategoriesPageBody = R"({
  "data": [
    {"id": 15, "name": "Just Chatting", "thumbnail": "https:\/\/files.example\/c\/15.webp", "tags": ["IRL"]},
    {"id": "101", "name": "Old School Runescape"},
    {"name": "no id"},
    {"id": 7, "name": 42}
  ],
  "message": "OK",
  "pagination": {"next_cursor": "c2"}
})"_ba;

// A v1 page whose one item is `item` with `key` set to raw JSON text (or left
// out when raw is empty).
QByteArray v1ItemWith(const char *key, const QByteArray &raw)
{
    QJsonObject item{{u"broadcaster_user_id"_s, 4711},
                     {u"slug"_s, u"pixelbaker"_s},
                     {u"viewer_count"_s, 10},
                     {u"started_at"_s, u"2026-05-02T07:01:30Z"_s}};
    item.remove(QLatin1String(key));
    QByteArray json = QJsonDocument(item).toJson(QJsonDocument::Compact);
    if (!raw.isEmpty()) {
        json.chop(1); // the closing brace
        json += ",\"" + QByteArray(key) + "\":" + raw + "}";
    }
    return "{\"data\":[" + json + "]}";
}

// A page with a good item on either side of `middle`.
QByteArray livestreamsAround(const QJsonValue &middle)
{
    const auto good = [](int id) {
        return QJsonObject{{u"broadcaster_user_id"_s, id}, {u"viewer_count"_s, 5}};
    };
    return QJsonDocument(QJsonObject{{u"data"_s, QJsonArray{good(1), middle, good(2)}}}).toJson();
}

// Every value of a parsed channel as text. The structured binding names each
// member: a member added to Channel fails to compile here until it is added to
// this list (and to the check that no secret is kept).
QString allText(const Channel &c)
{
    const auto &[broadcaster, slug, title, categoryId, categoryName, live, viewers, started,
                 language, followers] = c;
    return QStringList{broadcaster,
                       slug,
                       title,
                       categoryId,
                       categoryName,
                       QString::number(live),
                       QString::number(viewers),
                       QString::number(started),
                       language,
                       QString::number(followers)}
        .join(u'|');
}

} // namespace

class TestKickParsers : public QObject
{
    Q_OBJECT

private slots:
    void v1LiveStreamWithEveryField()
    {
        const LivestreamsPage page = parseLivestreams(V1Page);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.items.size(), 3);
        QCOMPARE(page.itemsShape, ItemsShape::DataArray);
        // v1 has no paging: no cursor field at all, so this is the only page.
        QVERIFY(!page.hasCursorField);
        QCOMPARE(page.cursorShape, CursorShape::None);
        QVERIFY(page.nextCursor.isEmpty());

        const Livestream &s = page.items[0];
        QCOMPARE(s.broadcasterUserId, u"4711"_s);
        QCOMPARE(s.channelId, u"4690"_s);
        QCOMPARE(s.slug, u"pixelbaker"_s);
        QCOMPARE(s.title, QString::fromUtf8("Baking bread live \xf0\x9f\x8d\x9e"));
        QCOMPARE(s.categoryId, u"15"_s);
        QCOMPARE(s.categoryName, u"Just Chatting"_s);
        QCOMPARE(s.language, u"en"_s);
        QCOMPARE(s.viewerCount, 1834);
        QCOMPARE(s.startedAtMs, utcMs(2026, 5, 2, 7, 1, 30));
        QVERIFY(!s.mature);
        QCOMPARE(s.customTags, (QStringList{u"cooking"_s, u"English"_s}));
        QVERIFY(s.streamId.isEmpty()); // v1 sends no stream id
        QCOMPARE(s.followers, -1);
    }

    void v1StringIdsAndZeroTime()
    {
        const Livestream s = parseLivestreams(V1Page).items.value(1);
        QCOMPARE(s.broadcasterUserId, u"9021"_s); // a numeric string is the same id
        QCOMPARE(s.channelId, u"8800"_s);
        QCOMPARE(s.categoryId, u"101"_s);
        QCOMPARE(s.language, u"pt"_s);
        QCOMPARE(s.viewerCount, 0);         // a real 0 stays 0
        QCOMPARE(s.startedAtMs, qint64(0)); // Go's zero time: start unknown
        QVERIFY(s.mature);
        QVERIFY(s.customTags.isEmpty());
    }

    void absentViewerCountIsUnknownNotZero()
    {
        const Livestream s = parseLivestreams(V1Page).items.value(2);
        QCOMPARE(s.broadcasterUserId, u"77"_s);
        QCOMPARE(s.viewerCount, -1);
        QCOMPARE(s.startedAtMs, utcMs(2026, 5, 2, 3, 0, 0)); // +02:00 applied
        QVERIFY(s.language.isEmpty());
        QVERIFY(s.categoryId.isEmpty() && s.categoryName.isEmpty());
    }

    void v2DocumentedShape()
    {
        const LivestreamsPage page = parseLivestreams(V2Page);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.items.size(), 1);
        QVERIFY(page.hasCursorField);
        QCOMPARE(page.cursorShape, CursorShape::Pagination);
        QCOMPARE(page.nextCursor, u"eyJzIjoxNzE0NjMzMjkwfQ"_s);
        const Livestream &s = page.items[0];
        QCOMPARE(s.broadcasterUserId, u"4711"_s);
        QVERIFY(s.channelId.isEmpty()); // v2 sends the channel's slug only
        QCOMPARE(s.slug, u"pixelbaker"_s);
        QCOMPARE(s.title, QString::fromUtf8("Baking bread live \xf0\x9f\x8d\x9e"));
        QCOMPARE(s.categoryId, u"15"_s);
        QCOMPARE(s.language, u"en"_s);
        QCOMPARE(s.viewerCount, 1834);
        QCOMPARE(s.customTags, QStringList{u"cooking"_s});
        QCOMPARE(s.streamId, u"0b7c8f0e-3c1d-4d8e-9a51-2f6f3c1e9a10"_s);
    }

    void sameStreamKeepsOneIdentityAcrossVersions()
    {
        const Livestream v1 = parseLivestreams(V1Page).items.value(0);
        const Livestream v2 = parseLivestreams(V2Page).items.value(0);
        const QString key = sessionKey(v1.broadcasterUserId, v1.startedAtMs);
        QCOMPARE(key, u"4711@1777705290000"_s);
        QCOMPARE(sessionKey(v2.broadcasterUserId, v2.startedAtMs), key);
    }

    void sessionKeyNeedsBothParts_data()
    {
        QTest::addColumn<QString>("broadcaster");
        QTest::addColumn<qint64>("startedAtMs");
        QTest::addColumn<QString>("key");
        QTest::newRow("known start") << u"123"_s << qint64(1714633200000) << u"123@1714633200000"_s;
        QTest::newRow("unknown start") << u"123"_s << qint64(0) << QString();
        QTest::newRow("negative start") << u"123"_s << qint64(-1) << QString();
        QTest::newRow("no broadcaster") << QString() << qint64(1714633200000) << QString();
    }
    void sessionKeyNeedsBothParts()
    {
        QFETCH(QString, broadcaster);
        QFETCH(qint64, startedAtMs);
        QFETCH(QString, key);
        QCOMPARE(sessionKey(broadcaster, startedAtMs), key);
    }

    void v2OptionalExtras()
    {
        const LivestreamsPage page = parseLivestreams(R"({"data":[
            {"broadcaster_user_id": 1, "stream_id": 98765, "followers_count": 5120},
            {"broadcaster_user_id": 2, "livestream_id": "ls-2", "follower_count": "17"},
            {"broadcaster_user_id": 3, "custom_tags": ["mine"], "tags": ["kick"]}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.items.size(), 3);
        QCOMPARE(page.items[0].streamId, u"98765"_s);
        QCOMPARE(page.items[0].followers, 5120);
        QCOMPARE(page.items[1].streamId, u"ls-2"_s);
        QCOMPARE(page.items[1].followers, 17);
        QCOMPARE(page.items[2].customTags, QStringList{u"mine"_s}); // custom_tags wins
    }

    void viewerCounts_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("viewers");
        QTest::addColumn<int>("unreadable");
        QTest::newRow("number") << "1834"_ba << 1834 << 0;
        QTest::newRow("zero") << "0"_ba << 0 << 0;
        QTest::newRow("numeric string") << R"("1834")"_ba << 1834 << 0;
        QTest::newRow("whole with fraction syntax") << "12.0"_ba << 12 << 0;
        QTest::newRow("INT_MAX") << "2147483647"_ba << 2147483647 << 0;
        QTest::newRow("absent") << QByteArray() << -1 << 0;
        QTest::newRow("null") << "null"_ba << -1 << 0;
        for (const char *raw : {"-5", "1.5", "2147483648", "1e300", R"("")", R"("12k")", R"(" 12")",
                                R"("+3")", "true", "{}", "[]"})
            QTest::newRow(raw) << QByteArray(raw) << -1 << 1;
    }
    // A hidden, absent or unreadable viewer count is unknown (-1), never 0, and
    // the stream is kept.
    void viewerCounts()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, viewers);
        QFETCH(int, unreadable);
        const LivestreamsPage page = parseLivestreams(v1ItemWith("viewer_count", raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, unreadable);
        QCOMPARE(page.items.size(), 1);
        QCOMPARE(page.items[0].viewerCount, viewers);
    }

    void startTimes_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<qint64>("startedAtMs");
        QTest::addColumn<int>("unreadable");
        QTest::newRow("UTC") << R"("2026-05-02T07:01:30Z")"_ba << utcMs(2026, 5, 2, 7, 1, 30) << 0;
        QTest::newRow("fraction") << R"("2026-05-02T07:01:30.250Z")"_ba
                                  << utcMs(2026, 5, 2, 7, 1, 30) + 250 << 0;
        QTest::newRow("offset") << R"("2025-01-01T11:00:00+11:00")"_ba << utcMs(2025, 1, 1, 0, 0, 0)
                                << 0;
        QTest::newRow("Go zero time") << R"("0001-01-01T00:00:00Z")"_ba << qint64(0) << 0;
        QTest::newRow("absent") << QByteArray() << qint64(0) << 0;
        QTest::newRow("null") << "null"_ba << qint64(0) << 0;
        QTest::newRow("garbage") << R"("yesterday")"_ba << qint64(0) << 1;
        QTest::newRow("no zone") << R"("2026-05-02T07:01:30")"_ba << qint64(0) << 1;
        QTest::newRow("epoch number") << "1714633200"_ba << qint64(0) << 1;
        QTest::newRow("before 1970") << R"("1969-12-31T23:59:59Z")"_ba << qint64(0) << 1;
    }
    // An unknown start is 0 (no session key); garbage is also counted.
    void startTimes()
    {
        QFETCH(QByteArray, raw);
        QFETCH(qint64, startedAtMs);
        QFETCH(int, unreadable);
        const LivestreamsPage page = parseLivestreams(v1ItemWith("started_at", raw));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.unreadableFields, unreadable);
        QCOMPARE(page.items.size(), 1);
        QCOMPARE(page.items[0].startedAtMs, startedAtMs);
    }

    void itemWithoutBroadcasterIsMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("item is a number") << livestreamsAround(42);
        QTest::newRow("item is a string") << livestreamsAround(u"4711"_s);
        QTest::newRow("item is null") << livestreamsAround(QJsonValue::Null);
        QTest::newRow("item is an array") << livestreamsAround(QJsonArray{1});
        QTest::newRow("empty object") << livestreamsAround(QJsonObject{});
        const auto withId = [](const QJsonValue &id) {
            return livestreamsAround(
                QJsonObject{{u"broadcaster_user_id"_s, id}, {u"slug"_s, u"x"_s}});
        };
        QTest::newRow("id null") << withId(QJsonValue::Null);
        QTest::newRow("id empty string") << withId(QString());
        QTest::newRow("id word") << withId(u"abc"_s);
        QTest::newRow("id zero") << withId(0);
        QTest::newRow("id negative") << withId(-4);
        QTest::newRow("id fraction") << withId(4.5);
        QTest::newRow("id beyond 2^53") << withId(1e17);
        QTest::newRow("id bool") << withId(true);
        QTest::newRow("id object") << withId(QJsonObject{{u"id"_s, 1}});
        QTest::newRow("v2 user without id") << livestreamsAround(
            QJsonObject{{u"broadcaster_user"_s, QJsonObject{{u"username"_s, u"x"_s}}}});
        QTest::newRow("v2 user not an object")
            << livestreamsAround(QJsonObject{{u"broadcaster_user"_s, 4711}});
    }
    void itemWithoutBroadcasterIsMalformed()
    {
        QFETCH(QByteArray, body);
        const LivestreamsPage page = parseLivestreams(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.items[0].broadcasterUserId, u"1"_s);
        QCOMPARE(page.items[1].broadcasterUserId, u"2"_s);
    }

    // Only kept streams can have blank columns: the wrong types of an item
    // skipped as malformed are not counted as unreadable fields too.
    void malformedItemAddsNoUnreadableFields()
    {
        const LivestreamsPage page = parseLivestreams(R"({"data":[
            {"broadcaster_user_id": "abc", "slug": 5, "viewer_count": "many"},
            {"broadcaster_user_id": 0, "custom_tags": [1, 2]},
            {"broadcaster_user_id": 3, "slug": 5}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 2);
        QCOMPARE(page.unreadableFields, 1); // the kept stream's slug
        QCOMPARE(page.items.size(), 1);
    }

    // Wrong types read as empty/unknown and are counted; the stream is kept.
    void unreadableFieldsKeepTheStream()
    {
        const LivestreamsPage page = parseLivestreams(R"({"data":[
            {"broadcaster_user_id": 5, "channel_id": "c5", "slug": 5, "stream_title": ["t"],
             "category": "Just Chatting", "language": 1, "has_mature_content": "yes",
             "custom_tags": ["ok", 3, null], "id": true, "followers_count": -2,
             "viewer_count": 99}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 10);
        QCOMPARE(page.items.size(), 1);
        const Livestream &s = page.items[0];
        QCOMPARE(s.broadcasterUserId, u"5"_s);
        QVERIFY(s.channelId.isEmpty() && s.slug.isEmpty() && s.title.isEmpty());
        QVERIFY(s.categoryId.isEmpty() && s.language.isEmpty() && s.streamId.isEmpty());
        QVERIFY(!s.mature);
        QCOMPARE(s.customTags, QStringList{u"ok"_s});
        QCOMPARE(s.followers, -1);
        QCOMPARE(s.viewerCount, 99);
    }

    void languageReduction_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("language");
        QTest::newRow("code") << R"("en")"_ba << u"en"_s;
        QTest::newRow("region") << R"("pt-BR")"_ba << u"pt"_s;
        QTest::newRow("script") << R"("zh-Hans")"_ba << u"zh"_s;
        QTest::newRow("upper case") << R"("ES")"_ba << u"es"_s;
        QTest::newRow("underscore") << R"("fr_CA")"_ba << u"fr"_s;
        QTest::newRow("three letters") << R"("fil")"_ba << u"fil"_s;
        QTest::newRow("a word") << R"("English")"_ba << QString();
        QTest::newRow("empty") << R"("")"_ba << QString();
        QTest::newRow("undetermined") << R"("und")"_ba << QString();
        QTest::newRow("digits") << R"("12")"_ba << QString();
    }
    void languageReduction()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, language);
        QCOMPARE(parseLivestreams(v1ItemWith("language", raw)).items.value(0).language, language);
        // v2 names it language_code; the same reduction applies.
        QCOMPARE(parseLivestreams(v1ItemWith("language_code", raw)).items.value(0).language,
                 language);
    }

    void envelopesAndCursors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("itemsShape");
        QTest::addColumn<int>("cursorShape");
        QTest::addColumn<bool>("hasCursorField");
        QTest::addColumn<QString>("cursor");
        QTest::addColumn<int>("unreadable");
        const int array = int(ItemsShape::DataArray), list = int(ItemsShape::DataList);
        const int none = int(CursorShape::None), pagination = int(CursorShape::Pagination),
                  data = int(CursorShape::Data), root = int(CursorShape::Root),
                  meta = int(CursorShape::Meta);
        const QByteArray one = R"([{"broadcaster_user_id":1}])"_ba;
        const auto withOne = [&](const char *tail) {
            return QByteArray("{\"data\":" + one + tail);
        };
        QTest::newRow("v1: data array, no cursor")
            << withOne("}") << 1 << array << none << false << QString() << 0;
        QTest::newRow("empty list is an empty page")
            << QByteArray("{\"data\":[],\"message\":\"OK\"}") << 0 << array << none << false
            << QString() << 0;
        QTest::newRow("pagination.next_cursor")
            << withOne(",\"pagination\":{\"next_cursor\":\"abc\"}}") << 1 << array << pagination
            << true << u"abc"_s << 0;
        QTest::newRow("last page: null cursor")
            << withOne(",\"pagination\":{\"next_cursor\":null}}") << 1 << array << pagination
            << true << QString() << 0;
        QTest::newRow("last page: empty cursor")
            << QByteArray("{\"data\":[],\"pagination\":{\"next_cursor\":\"\"}}") << 0 << array
            << pagination << true << QString() << 0;
        QTest::newRow("data.livestreams and data.next_cursor")
            << QByteArray("{\"data\":{\"livestreams\":" + one + ",\"next_cursor\":\"d2\"}}") << 1
            << list << data << true << u"d2"_s << 0;
        QTest::newRow("root next_cursor")
            << withOne(",\"next_cursor\":\"r2\"}") << 1 << array << root << true << u"r2"_s << 0;
        QTest::newRow("meta.next_cursor") << withOne(",\"meta\":{\"next_cursor\":\"m2\"}}") << 1
                                          << array << meta << true << u"m2"_s << 0;
        QTest::newRow("numeric cursor") << withOne(",\"pagination\":{\"next_cursor\":1000}}") << 1
                                        << array << pagination << true << u"1000"_s << 0;
        QTest::newRow("a later non-empty cursor wins")
            << withOne(",\"pagination\":{\"next_cursor\":null},\"next_cursor\":\"r3\"}") << 1
            << array << root << true << u"r3"_s << 0;
        QTest::newRow("cursor of a wrong type is counted")
            << withOne(",\"pagination\":{\"next_cursor\":true}}") << 1 << array << pagination
            << true << QString() << 1;
        QTest::newRow("pagination without next_cursor")
            << withOne(",\"pagination\":{}}") << 1 << array << none << false << QString() << 0;
    }
    void envelopesAndCursors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, items);
        QFETCH(int, itemsShape);
        QFETCH(int, cursorShape);
        QFETCH(bool, hasCursorField);
        QFETCH(QString, cursor);
        QFETCH(int, unreadable);
        const LivestreamsPage page = parseLivestreams(body);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.items.size(), items);
        QCOMPARE(int(page.itemsShape), itemsShape);
        QCOMPARE(int(page.cursorShape), cursorShape);
        QCOMPARE(page.hasCursorField, hasCursorField);
        QCOMPARE(page.nextCursor, cursor);
        QCOMPARE(page.unreadableFields, unreadable);
    }

    void categoriesPage()
    {
        const CategoriesPage page = parseCategories(CategoriesPageBody);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);   // the one without an id
        QCOMPARE(page.unreadableFields, 1); // the name that is a number
        QCOMPARE(page.items.size(), 3);
        QCOMPARE(page.items[0].id, u"15"_s);
        QCOMPARE(page.items[0].name, u"Just Chatting"_s);
        QCOMPARE(page.items[0].thumbnail, u"https://files.example/c/15.webp"_s);
        QCOMPARE(page.items[1].id, u"101"_s); // a string id reads the same
        QCOMPARE(page.items[2].id, u"7"_s);
        QVERIFY(page.items[2].name.isEmpty());
        QCOMPARE(page.cursorShape, CursorShape::Pagination);
        QCOMPARE(page.nextCursor, u"c2"_s);

        const CategoriesPage nested =
            parseCategories(R"({"data":{"categories":[{"id":1,"name":"A"}]}})"_ba);
        QVERIFY2(nested.error.isEmpty(), qPrintable(nested.error));
        QCOMPARE(nested.itemsShape, ItemsShape::DataList);
        QCOMPARE(nested.items.size(), 1);
    }

    void liveChannel()
    {
        const ChannelsPage page = parseChannels(ChannelsPageBody);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.items.size(), 2);
        const Channel &c = page.items[0];
        QCOMPARE(c.broadcasterUserId, u"4711"_s);
        QCOMPARE(c.slug, u"pixelbaker"_s);
        QCOMPARE(c.title, u"Baking bread live"_s);
        QCOMPARE(c.categoryId, u"15"_s);
        QCOMPARE(c.categoryName, u"Just Chatting"_s);
        QVERIFY(c.live);
        QCOMPARE(c.viewerCount, 1834);
        QCOMPARE(c.startedAtMs, utcMs(2026, 5, 2, 7, 1, 30));
        QCOMPARE(c.language, u"en"_s);
        QCOMPARE(c.followers, -1); // not sent: unknown
    }

    // The newer shape (KickDevDocs PR #80): category and title inside "stream",
    // a string category id; offline with Go's zero start time.
    void offlineChannelNestedShape()
    {
        const Channel c = parseChannels(ChannelsPageBody).items.value(1);
        QCOMPARE(c.broadcasterUserId, u"12345"_s);
        QCOMPARE(c.title, u"Example stream"_s);
        QCOMPARE(c.categoryId, u"1"_s);
        QCOMPARE(c.categoryName, u"Gaming"_s);
        QVERIFY(!c.live);
        QCOMPARE(c.viewerCount, 0); // as sent for an offline channel
        QCOMPARE(c.startedAtMs, qint64(0));
        QCOMPARE(c.followers, 5120);
    }

    // stream.key is the channel's secret stream key (and stream.url embeds it):
    // nothing parsed from a channel may hold either.
    void channelKeepsNoStreamKey()
    {
        const ChannelsPage page = parseChannels(ChannelsPageBody);
        QCOMPARE(page.items.size(), 2);
        for (const Channel &c : page.items) {
            const QString text = allText(c);
            QVERIFY2(!text.contains(u"sk_live_9f3Kq2ZxVb7Lm4Np8Rt1"_s), qPrintable(text));
            QVERIFY2(!text.contains(u"another-secret-key"_s), qPrintable(text));
            QVERIFY2(!text.contains(u"rtmps"_s), qPrintable(text));
        }
        // Nor does the error of a page that fails because of the stream object.
        const ChannelsPage broken = parseChannels(
            R"({"data":[{"broadcaster_user_id":1,"stream":{"key":"sk_live_9f3Kq2ZxVb7Lm4Np8Rt1")"_ba);
        QVERIFY(!broken.error.isEmpty());
        QVERIFY(!broken.error.contains(u"sk_live"_s));
    }

    void channelWithoutBroadcasterIsMalformed()
    {
        const ChannelsPage page = parseChannels(R"({"data":[
            {"slug":"nobody","stream":{"is_live":true,"viewer_count":3}},
            {"broadcaster_user_id":"8","stream":"live"},
            {"broadcaster_user_id":9,"stream":{"is_live":"true","viewer_count":"3"}}]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.unreadableFields, 2); // stream "live", is_live "true"
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.items[0].broadcasterUserId, u"8"_s);
        QVERIFY(!page.items[0].live);
        QCOMPARE(page.items[0].viewerCount, -1);
        QCOMPARE(page.items[1].viewerCount, 3); // a numeric string count is tolerated
    }
};

QTEST_GUILESS_MAIN(TestKickParsers)
#include "tst_kickparsers.moc"
