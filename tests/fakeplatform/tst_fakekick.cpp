// The fake Kick public API, seen from a client: QNetworkAccessManager over real
// sockets, checking the token endpoint, the bearer check, v2's keyset paging
// while streams start and end, v1's sorted list, categories, channels, and
// running on its own thread. Rate limit and faults: tst_fakekickfaults.
#include "fakekickclientsupport.h"
#include "fakepopulation.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

namespace {

const QRegularExpression Rfc3339(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"_s);
const QByteArray GoodForm = "grant_type=client_credentials&client_id=fake-kick-client-id"
                            "&client_secret=fake-kick-client-secret";

QSet<QString> keysOf(const QJsonValue &object)
{
    const QStringList keys = object.toObject().keys();
    return QSet<QString>(keys.cbegin(), keys.cend());
}

QSet<qint64> setOf(const QList<qint64> &ids)
{
    return QSet<qint64>(ids.cbegin(), ids.cend());
}

const QSet<QString> LivestreamKeys = {
    u"broadcaster_user_id"_s, u"channel_id"_s, u"slug"_s,
    u"stream_title"_s,        u"category"_s,   u"language"_s,
    u"viewer_count"_s,        u"started_at"_s, u"has_mature_content"_s,
    u"custom_tags"_s,         u"thumbnail"_s,  u"profile_picture"_s};
// v2's item: the same facts, renamed and nested, with the livestream's own id.
const QSet<QString> LivestreamV2Keys = {
    u"id"_s,           u"broadcaster_user"_s, u"channel"_s,
    u"title"_s,        u"category"_s,         u"language_code"_s,
    u"viewer_count"_s, u"started_at"_s,       u"has_mature_content"_s,
    u"tags"_s,         u"thumbnail"_s};

} // namespace

class TestFakeKick : public QObject, private KickClient
{
    Q_OBJECT
private Q_SLOTS:
    void tokenIsIssuedAndRefused()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        QVERIFY(server.authUrl().startsWith(u"http://127.0.0.1:"_s));
        QCOMPARE(server.apiUrl(), server.authUrl());
        const Reply ok = kickToken(server, GoodForm);
        QCOMPARE(ok.status, 200);
        QCOMPARE(keysOf(ok.json),
                 (QSet<QString>{u"access_token"_s, u"token_type"_s, u"expires_in"_s}));
        QCOMPARE(ok.json[u"token_type"_s].toString(), u"Bearer"_s);
        QCOMPARE(ok.json[u"expires_in"_s].toInteger(), 5184000);
        QVERIFY(ok.json[u"access_token"_s].toString().size() >= 30);
        QVERIFY(kickGoodToken(server) != ok.json[u"access_token"_s].toString());
        QCOMPARE(server.tokensIssued(), 2);

        const QJsonObject invalidClient{
            {u"error"_s, u"invalid_client"_s},
            {u"error_description"_s, u"Client authentication failed"_s}};
        const Reply secret = kickToken(server, "grant_type=client_credentials&client_id=fake-kick-"
                                               "client-id&client_secret=wrong");
        QCOMPARE(secret.status, 401);
        QCOMPARE(secret.json, invalidClient);
        const Reply id = kickToken(server, "grant_type=client_credentials&client_id=someone"
                                           "&client_secret=fake-kick-client-secret");
        QCOMPARE(id.status, 401);
        QCOMPARE(id.json, invalidClient);
        for (const QByteArray &form :
             {QByteArray("grant_type=password&client_id=fake-kick-client-id"
                         "&client_secret=fake-kick-client-secret"),
              QByteArray("grant_type=client_credentials&client_id=fake-kick-client-id"),
              QByteArray("client_id=fake-kick-client-id&client_secret=fake-kick-client-secret"),
              QByteArray("x=1")}) {
            const Reply bad = kickToken(server, form);
            QCOMPARE(bad.status, 400);
            QCOMPARE(bad.json[u"error"_s].toString(), u"invalid_request"_s);
            QVERIFY(!bad.json[u"error_description"_s].toString().isEmpty());
        }
        QCOMPARE(send(QNetworkRequest(QUrl(server.authUrl() + u"/oauth/token"_s))).status, 405);
        QCOMPARE(server.tokensIssued(), 2);
        QCOMPARE(server.callCount(KickRoute::Token), 8);

        // A secret in the query string stays out of the records.
        send(QNetworkRequest(QUrl(server.authUrl() + u"/oauth/token?client_secret=leak"_s)), "POST",
             GoodForm);
        QCOMPARE(server.requests().constLast().query.queryItemValue(u"client_secret"_s),
                 u"REDACTED"_s);
        QVERIFY(!server.requests().constLast().printable().contains(u"leak"_s));
    }

    void theApiNeedsALiveBearerToken()
    {
        FakeKickConfig config = smallKickConfig();
        config.tokenLifetimeMs = 10 * 60 * 1000;
        FakeKickServer server(config);
        QVERIFY(server.listen());
        const QString path = u"/public/v1/livestreams?limit=1"_s;
        const Reply none = kick(server, QString(), path);
        QCOMPARE(none.status, 401);
        QCOMPARE(none.json, kickError(u"Unauthorized"_s));
        QCOMPARE(kick(server, u"not-a-token"_s, path).status, 401);
        const Reply ok = kickToken(server, GoodForm);
        QCOMPARE(ok.json[u"expires_in"_s].toInteger(), 600);
        const QString token = ok.json[u"access_token"_s].toString();
        QCOMPARE(kick(server, token, path).status, 200);
        QNetworkRequest lower(QUrl(server.apiUrl() + path));
        lower.setRawHeader("Authorization", "bearer " + token.toLatin1());
        QCOMPARE(send(lower).status, 200);                       // the scheme in any case
        QCOMPARE(server.callCount(KickRoute::LivestreamsV1), 2); // refused calls do not count

        server.advanceClock(599 * 1000);
        QCOMPARE(kick(server, token, path).status, 200);
        server.advanceClock(2000);
        QCOMPARE(kick(server, token, path).status, 401);
        QCOMPARE(server.requests().constLast().auth, KickAuth::Expired);

        const QString fresh = kickGoodToken(server);
        const QString direct = server.issueToken();
        QCOMPARE(kick(server, fresh, path).status, 200);
        server.revokeTokens(); // mid-census
        QCOMPARE(kick(server, fresh, path).status, 401);
        QCOMPARE(kick(server, direct, path).status, 401);
        QCOMPARE(kick(server, kickGoodToken(server), path).status, 200);

        const QVector<KickRequestRecord> records = server.requests();
        QCOMPARE(records[0].auth, KickAuth::Missing);
        QCOMPARE(records[1].auth, KickAuth::Invalid);
        QCOMPARE(records[3].auth, KickAuth::Valid);
        QCOMPARE(records[3].route, KickRoute::LivestreamsV1);
        QCOMPARE(records[3].token, token);
        QVERIFY(!records[3].printable().contains(token));
        QCOMPARE(records[3].printable(), u"GET /public/v1/livestreams?limit=1 -> 200"_s);
        const Reply unknown = kick(server, fresh, u"/public/v1/users"_s);
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json, kickError(u"Not Found"_s));
    }

    void v2PagesThroughTheLiveSetOnceWhileItChanges()
    {
        FakeKickServer server(smallKickConfig(800, 300));
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        const auto liveNow = [&] { return setOf(broadcasterIds(server.liveChannels())); };
        const QSet<qint64> before = liveNow();
        const qint64 censusStart = server.nowMs();
        QSet<qint64> ended, started;
        const QList<Reply> pages =
            kickPages(server, token, u"/public/v2/livestreams?limit=30"_s, [&](int) {
                server.advanceClock(2000);
                const QSet<qint64> was = liveNow();
                server.advance(5, 4, 0.05);
                ended += was - liveNow();
                started += liveNow() - was;
            });
        QVERIFY2(pages.size() >= 10, qPrintable(QString::number(pages.size())));
        QCOMPARE(nextCursor(pages.last()), QString());
        QList<qint64> seen;
        QList<QPair<QString, qint64>> keys; // (started_at, broadcaster id): a stream session
        for (const Reply &page : pages) {
            QCOMPARE(page.status, 200);
            QCOMPARE(page.json[u"message"_s].toString(), u"OK"_s);
            for (const QJsonValue &v : page.data()) {
                seen.push_back(broadcasterOf(v));
                keys.push_back({v[u"started_at"_s].toString(), seen.last()});
            }
        }
        QVERIFY(std::is_sorted(keys.cbegin(), keys.cend()));
        QVERIFY(std::adjacent_find(keys.cbegin(), keys.cend()) == keys.cend()); // nothing twice
        for (const qint64 id : setOf(seen)) // a channel twice: it ended and started again
            QVERIFY(seen.count(id) == 1 || (ended.contains(id) && started.contains(id)));
        QVERIFY(started.size() > 20 && ended.size() > 20);
        const QSet<qint64> stayed = before - ended;
        QVERIFY((setOf(seen) & stayed) == stayed);                  // every stream live throughout
        QVERIFY((started - ended).subtract(setOf(seen)).isEmpty()); // every new starter
        QVERIFY(setOf(seen).subtract(before + started).isEmpty());
        // The streams that were live when the census began, then those started since.
        const QString began = FakePopulation::rfc3339(censusStart);
        const auto firstNew = std::find_if(keys.cbegin(), keys.cend(),
                                           [&](const auto &key) { return key.first > began; });
        for (auto it = keys.cbegin(); it != keys.cend(); ++it)
            QVERIFY(it < firstNew ? before.contains(it->second) : started.contains(it->second));

        const FakeKickChannel newest = server.channel(seen.constLast()).value();
        QVERIFY(started.contains(newest.broadcasterUserId));
        QCOMPARE(keys.constLast().first, FakePopulation::rfc3339(newest.startedAtMs));
        QVERIFY(std::abs(newest.startedAtMs - server.nowMs()) < 5000); // the fake's clock
        QVERIFY(newest.startedAtMs > QDateTime::currentMSecsSinceEpoch() + 10000);
    }

    void v2ItemsFiltersAndLimits()
    {
        FakeKickServer server(smallKickConfig(600, 300));
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        const QVector<FakeKickChannel> live = server.liveChannels();
        const Reply first = kick(server, token, u"/public/v2/livestreams"_s);
        QCOMPARE(first.data().size(), 25); // the default limit
        QCOMPARE(broadcasterIds(first.data()), broadcasterIds(live).mid(0, 25)); // oldest first
        const QJsonObject item = first.data()[0].toObject();
        QCOMPARE(keysOf(item), LivestreamV2Keys);
        const FakeKickChannel &c = live[0];
        QCOMPARE(item[u"broadcaster_user"_s][u"id"_s].toInteger(), c.broadcasterUserId);
        QCOMPARE(item[u"broadcaster_user"_s][u"username"_s].toString(), c.slug);
        QCOMPARE(item[u"channel"_s][u"slug"_s].toString(), c.slug);
        QCOMPARE(item[u"title"_s].toString(), c.title);
        QCOMPARE(item[u"viewer_count"_s].toInt(), c.viewers);
        QCOMPARE(item[u"language_code"_s].toString(), c.language);
        QVERIFY(!item[u"id"_s].toString().isEmpty());
        QVERIFY(Rfc3339.match(item[u"started_at"_s].toString()).hasMatch());
        QCOMPARE(item[u"category"_s][u"id"_s].toInt(), c.categoryId);
        QCOMPARE(keysOf(item[u"category"_s]), (QSet<QString>{u"id"_s, u"name"_s, u"thumbnail"_s}));
        QVERIFY(item[u"tags"_s].isArray() && item[u"has_mature_content"_s].isBool());
        QVERIFY(
            item[u"broadcaster_user"_s][u"profile_picture"_s].toString().startsWith(u"https://"_s));
        int accented = 0, wide = 0; // beyond Latin-1: emoji, CJK, Arabic, Cyrillic
        for (const FakeKickChannel &l : live) {
            accented += std::any_of(l.title.cbegin(), l.title.cend(),
                                    [](QChar ch) { return ch.unicode() > 0x7f; });
            wide += std::any_of(l.title.cbegin(), l.title.cend(),
                                [](QChar ch) { return ch.unicode() > 0x3000; });
        }
        QVERIFY(accented > 60 && wide > 20);

        const QVector<FakeKickChannel> channels = server.channels();
        QCOMPARE(setOf(broadcasterIds(channels)).size(), channels.size());
        const auto expected = [&](int category, const QString &language) {
            QList<qint64> ids;
            for (const FakeKickChannel &l : live) {
                if ((category == 0 || l.categoryId == category) &&
                    (language.isEmpty() || l.language == language))
                    ids.push_back(l.broadcasterUserId);
            }
            return ids;
        };
        const auto paged = [&](const QString &filters) {
            QList<qint64> ids;
            for (const Reply &page :
                 kickPages(server, token, u"/public/v2/livestreams?limit=20"_s + filters))
                ids += broadcasterIds(page.data());
            return ids;
        };
        QVERIFY(expected(15, QString()).size() > 30); // Just Chatting leads
        QCOMPARE(paged(u"&category_id=15"_s), expected(15, QString()));
        QVERIFY(!expected(0, u"es"_s).isEmpty());
        QCOMPARE(paged(u"&language_code=es"_s), expected(0, u"es"_s));
        QCOMPARE(paged(u"&category_id=15&language_code=en"_s), expected(15, u"en"_s));
        QCOMPARE(paged(u"&category_id=999999"_s), QList<qint64>());

        for (const QString &limit : {u"0"_s, u"101"_s, u"-1"_s, u"ten"_s}) {
            const Reply bad = kick(server, token, u"/public/v2/livestreams?limit="_s + limit);
            QCOMPARE(bad.status, 400);
            QCOMPARE(bad.json, kickError(u"limit must be between 1 and 100"_s));
        }
        QCOMPARE(kick(server, token, u"/public/v2/livestreams?limit=100"_s).data().size(), 100);
        QCOMPARE(kick(server, token, u"/public/v2/livestreams?category_id=x"_s).status, 400);
        const Reply garbage = kick(server, token, u"/public/v2/livestreams?cursor=garbage!"_s);
        QCOMPARE(garbage.status, 400);
        QCOMPARE(garbage.json, kickError(u"invalid cursor"_s));
        const QString categoryCursor =
            nextCursor(kick(server, token, u"/public/v2/categories?limit=2"_s));
        QCOMPARE(kick(server, token, u"/public/v2/livestreams?cursor="_s + categoryCursor).status,
                 400); // a cursor belongs to its listing

        FakeKickConfig smaller = server.config();
        smaller.maxLimit = 50;
        server.setConfig(smaller);
        QCOMPARE(kick(server, token, u"/public/v2/livestreams?limit=51"_s).json,
                 kickError(u"limit must be between 1 and 50"_s));
        QCOMPARE(kick(server, token, u"/public/v2/livestreams?limit=50"_s).data().size(), 50);
    }

    void v2CanBeSwitchedOff()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        server.setV2Available(false);
        for (const QString &path : {u"/public/v2/livestreams"_s, u"/public/v2/categories"_s,
                                    u"/public/v2/livestreams?limit=5&cursor=abc"_s}) {
            const Reply gone = kick(server, token, path);
            QCOMPARE(gone.status, 404);
            QCOMPARE(gone.json, kickError(u"Not Found"_s));
        }
        QCOMPARE(kick(server, QString(), u"/public/v2/livestreams"_s).status, 404);
        QCOMPARE(kick(server, token, u"/public/v1/livestreams"_s).status, 200); // the fallback
        QCOMPARE(server.callCount(KickRoute::LivestreamsV2), 0);
        server.setV2Available(true);
        QCOMPARE(kick(server, token, u"/public/v2/livestreams"_s).status, 200);
        QVERIFY(server.config().v2Available);
    }

    void v1IsSortedByViewersAndCapped()
    {
        FakeKickServer server(smallKickConfig(600, 250));
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        QVector<FakeKickChannel> byViewers = server.liveChannels();
        std::sort(byViewers.begin(), byViewers.end(), [](const auto &a, const auto &b) {
            return a.viewers != b.viewers ? a.viewers > b.viewers
                                          : a.broadcasterUserId < b.broadcasterUserId;
        });
        const Reply top = kick(server, token, u"/public/v1/livestreams?limit=100"_s);
        QCOMPARE(top.status, 200);
        QCOMPARE(keysOf(top.json), (QSet<QString>{u"data"_s, u"message"_s})); // no pagination
        QCOMPARE(broadcasterIds(top.data()), broadcasterIds(byViewers).mid(0, 100));
        QCOMPARE(keysOf(top.data()[0]), LivestreamKeys);
        QVERIFY(top.data()[0][u"viewer_count"_s].toInt() > 10000); // a heavy tail
        QVERIFY(top.data()[99][u"viewer_count"_s].toInt() < 1000);
        QCOMPARE(kick(server, token, u"/public/v1/livestreams"_s).data().size(), 25);
        QCOMPARE(kick(server, token, u"/public/v1/livestreams?limit=101"_s).status, 400);
        QCOMPARE(kick(server, token, u"/public/v1/livestreams?sort=title"_s).status, 400);

        const QJsonArray newest =
            kick(server, token, u"/public/v1/livestreams?sort=started_at&limit=100"_s).data();
        QStringList starts;
        for (const QJsonValue &v : newest)
            starts.push_back(v[u"started_at"_s].toString());
        QVERIFY(std::is_sorted(starts.crbegin(), starts.crend())); // newest first
        QCOMPARE(newest[0][u"started_at"_s].toString(),
                 FakePopulation::rfc3339(server.liveChannels().constLast().startedAtMs));

        for (const QJsonValue &v :
             kick(server, token, u"/public/v1/livestreams?category_id=28&language=en&limit=100"_s)
                 .data()) {
            QCOMPARE(v[u"category"_s][u"name"_s].toString(), u"Slots & Casino"_s);
            QCOMPARE(v[u"language"_s].toString(), u"en"_s);
        }
        const qint64 offline = server.offlineChannelIds().constFirst();
        const QList<qint64> asked = {byViewers[7].broadcasterUserId, offline,
                                     byViewers[3].broadcasterUserId};
        QString query = u"/public/v1/livestreams?limit=100"_s;
        for (const qint64 id : asked)
            query += u"&broadcaster_user_id="_s + QString::number(id);
        QCOMPARE(broadcasterIds(kick(server, token, query).data()),
                 (QList<qint64>{asked[2], asked[0]})); // still by viewers; offline ones absent
        QString tooMany = u"/public/v1/livestreams?limit=100"_s;
        for (int i = 0; i < 51; ++i)
            tooMany += u"&broadcaster_user_id="_s + QString::number(1000 + i);
        QCOMPARE(kick(server, token, tooMany).status, 400);
    }

    void categoriesPageAndSearch()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        QList<int> ids;
        QStringList names;
        const QList<Reply> pages = kickPages(server, token, u"/public/v2/categories?limit=7"_s);
        for (const Reply &page : pages) {
            QCOMPARE(page.status, 200);
            for (const QJsonValue &v : page.data()) {
                QCOMPARE(keysOf(v), (QSet<QString>{u"id"_s, u"name"_s, u"thumbnail"_s}));
                ids.push_back(v[u"id"_s].toInt());
                names.push_back(v[u"name"_s].toString());
            }
        }
        QCOMPARE(ids.size(), server.categories().size());
        QVERIFY(ids.size() >= 30);
        QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
        QCOMPARE(pages.size(), (ids.size() + 6) / 7);
        QVERIFY(names.contains(u"Just Chatting"_s) && names.contains(u"Slots & Casino"_s));
        QVERIFY(names.contains(u"Pokémon Scarlet & Violet"_s));
        QCOMPARE(kick(server, token, u"/public/v2/categories?cursor=nope"_s).status, 400);
        QCOMPARE(kick(server, token, u"/public/v2/categories?limit=0"_s).status, 400);
        QCOMPARE(kick(server, token, u"/public/v2/categories"_s).data().size(), 25);

        const Reply casino = kick(server, token, u"/public/v1/categories?q=CASINO"_s);
        QCOMPARE(casino.data().size(), 1);
        QCOMPARE(casino.data()[0][u"id"_s].toInt(), 28);
        QCOMPARE(kick(server, token, u"/public/v1/categories"_s).status, 400); // q is required
        const Reply one = kick(server, token, u"/public/v1/categories/15"_s);
        QCOMPARE(one.json[u"data"_s][u"name"_s].toString(), u"Just Chatting"_s);
        QCOMPARE(kick(server, token, u"/public/v1/categories/999999"_s).status, 404);
    }

    void channelsByIdAndSlug()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        const FakeKickChannel on = server.liveChannels().constFirst();
        const FakeKickChannel off = server.channel(server.offlineChannelIds().constFirst()).value();
        const Reply r = kick(
            server, token,
            u"/public/v1/channels?broadcaster_user_id=%1&broadcaster_user_id=42"
            "&broadcaster_user_id=%2&broadcaster_user_id=%1"_s.arg(
                QString::number(on.broadcasterUserId), QString::number(off.broadcasterUserId)));
        QCOMPARE(r.status, 200);
        QCOMPARE(broadcasterIds(r.data()),
                 (QList<qint64>{on.broadcasterUserId, off.broadcasterUserId}));
        const QJsonObject live = r.data()[0].toObject();
        QCOMPARE(keysOf(live),
                 (QSet<QString>{u"broadcaster_user_id"_s, u"slug"_s, u"stream_title"_s,
                                u"category"_s, u"channel_description"_s, u"banner_picture"_s,
                                u"active_subscribers_count"_s, u"canceled_subscribers_count"_s,
                                u"followers_count"_s, u"stream"_s}));
        QCOMPARE(keysOf(live[u"stream"_s]),
                 (QSet<QString>{u"is_live"_s, u"is_mature"_s, u"language"_s, u"start_time"_s,
                                u"viewer_count"_s, u"thumbnail"_s, u"url"_s, u"key"_s,
                                u"custom_tags"_s}));
        QCOMPARE(live[u"stream_title"_s].toString(), on.title);
        QCOMPARE(live[u"followers_count"_s].toInteger(), on.followers);
        const QJsonObject stream = live[u"stream"_s].toObject();
        QCOMPARE(stream[u"is_live"_s].toBool(), true);
        QCOMPARE(stream[u"viewer_count"_s].toInt(), on.viewers);
        QCOMPARE(stream[u"start_time"_s].toString(), FakePopulation::rfc3339(on.startedAtMs));
        // The real API hands the stream key to app tokens; the collector must drop it.
        QCOMPARE(stream[u"key"_s].toString(), on.streamKey);
        QVERIFY(on.streamKey.startsWith(u"sk_"_s));
        QVERIFY(stream[u"url"_s].toString().startsWith(u"rtmps://"_s));
        const QJsonObject idle = r.data()[1][u"stream"_s].toObject();
        QCOMPARE(idle[u"is_live"_s].toBool(), false);
        QCOMPARE(idle[u"viewer_count"_s].toInt(), 0);
        QCOMPARE(idle[u"start_time"_s].toString(), u"0001-01-01T00:00:00Z"_s);
        QCOMPARE(idle[u"custom_tags"_s].toArray(), QJsonArray());

        const Reply slugs =
            kick(server, token,
                 u"/public/v1/channels?slug="_s + off.slug.toUpper() + u"&slug="_s + on.slug);
        QCOMPARE(broadcasterIds(slugs.data()),
                 (QList<qint64>{off.broadcasterUserId, on.broadcasterUserId}));
        const Reply unknown =
            kick(server, token, u"/public/v1/channels?slug="_s + on.slug + u"&slug=nobody-here"_s);
        QCOMPARE(unknown.status, 400); // one unknown slug fails the whole request
        QCOMPARE(unknown.json, kickError(u"channel not found for slug: nobody-here"_s));
        QCOMPARE(kick(server, token, u"/public/v1/channels"_s).status, 400);
        QCOMPARE(kick(server, token, u"/public/v1/channels?broadcaster_user_id=abc"_s).status, 400);
        QCOMPARE(kick(server, token,
                      u"/public/v1/channels?slug="_s + on.slug + u"&broadcaster_user_id=1"_s)
                     .status,
                 400);
        QString many = u"/public/v1/channels?slug=x"_s;
        for (int i = 0; i < 50; ++i)
            many += u"&slug=x"_s;
        QCOMPARE(kick(server, token, many).status, 400);
        QCOMPARE(server.callCount(KickRoute::Channels), 7);
    }

    void runsOnItsOwnThread()
    {
        QThread thread;
        auto *server = new FakeKickServer(smallKickConfig());
        server->moveToThread(&thread);
        thread.start();
        bool listening = false;
        QMetaObject::invokeMethod(
            server, [&] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(listening);
        const qint64 id = server->offlineChannelIds().constFirst();
        QVERIFY(server->startStream(id));
        QVERIFY(!server->startStream(id));
        const QList<Reply> pages =
            kickPages(*server, kickGoodToken(*server), u"/public/v2/livestreams?limit=100"_s);
        QCOMPARE(broadcasterIds(pages.constLast().data()).constLast(), id); // the newest
        QVERIFY(server->endStream(id));
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }
};

QTEST_GUILESS_MAIN(TestFakeKick)
#include "tst_fakekick.moc"
