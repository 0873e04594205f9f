// The fake Twitch, seen from a client: QNetworkAccessManager against the real
// sockets, checking the wire format, auth, the token bucket, paging, HTTP/1.1
// pipelining and running on its own thread. Faults: tst_fakeplatformfaults.
#include "fakeclientsupport.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

class TestFakePlatform : public QObject, private FakeClient
{
    Q_OBJECT
private Q_SLOTS:
    void tokenSuccessAndErrors()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const Reply ok = token(server, "client_id=fake-client-id&client_secret=fake-client-secret"
                                       "&grant_type=client_credentials");
        QCOMPARE(ok.status, 200);
        QVERIFY(ok.headers.value("content-type").startsWith("application/json"));
        QVERIFY(QRegularExpression(u"^[a-z0-9]{30}$"_s)
                    .match(ok.json.value(u"access_token"_s).toString())
                    .hasMatch());
        QCOMPARE(ok.json.value(u"expires_in"_s).toInteger(), 5011271);
        QCOMPARE(ok.json.value(u"token_type"_s).toString(), u"bearer"_s);

        const Reply unknown = token(server, "client_id=nobody&client_secret=x"
                                            "&grant_type=client_credentials");
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.json,
                 (QJsonObject{{u"status"_s, 400}, {u"message"_s, u"invalid client"_s}}));
        const Reply secret = token(server, "client_id=fake-client-id&client_secret=wrong"
                                           "&grant_type=client_credentials");
        QCOMPARE(secret.status, 403);
        QCOMPARE(secret.json,
                 (QJsonObject{{u"status"_s, 403}, {u"message"_s, u"invalid client secret"_s}}));
        const Reply noGrant =
            token(server, "client_id=fake-client-id&client_secret=fake-client-secret");
        QCOMPARE(noGrant.status, 400);
        QVERIFY(!noGrant.json.value(u"message"_s).toString().isEmpty());
        const Reply otherGrant = token(server, "client_id=fake-client-id&client_secret=fake-client-"
                                               "secret&grant_type=authorization_code");
        QCOMPARE(otherGrant.status, 400);
        QCOMPARE(server.tokensIssued(), 1);
        QCOMPARE(server.requestCount(u"/oauth2/token"_s), 5);
    }

    void validate()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        QNetworkRequest request(QUrl(server.authUrl() + u"/oauth2/validate"_s));
        request.setRawHeader("Authorization", "OAuth " + token.toLatin1());
        const Reply ok = send(request);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json.value(u"client_id"_s).toString(), u"fake-client-id"_s);
        QVERIFY(ok.json.value(u"scopes"_s).isArray());
        QVERIFY(ok.json.value(u"scopes"_s).toArray().isEmpty());
        QVERIFY(ok.json.value(u"expires_in"_s).toInteger() > 5011271 - 10);
        QVERIFY(ok.json.value(u"expires_in"_s).toInteger() <= 5011271);

        server.revokeAllTokens();
        const Reply revoked = send(request);
        QCOMPARE(revoked.status, 401);
        QCOMPARE(revoked.json,
                 (QJsonObject{{u"status"_s, 401}, {u"message"_s, u"invalid access token"_s}}));
    }

    void helixNeedsBearerTokenAndMatchingClientId()
    {
        FakeTwitchConfig config = smallConfig();
        config.refillPerMinute = 0; // the bucket only moves when a point is spent
        FakeTwitchServer server(config);
        QVERIFY(server.listen());
        const QString token = goodToken(server);

        const Reply missing = helix(server, QString(), u"/streams"_s);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.json, errorJson(401, "Unauthorized", "OAuth token is missing"));
        const Reply invalid = helix(server, u"notatoken"_s, u"/streams"_s);
        QCOMPARE(invalid.json, errorJson(401, "Unauthorized", "Invalid OAuth token"));
        const Reply otherClient = helix(server, token, u"/streams"_s, "someone-else");
        QCOMPARE(otherClient.status, 401);
        QVERIFY(otherClient.json.value(u"message"_s).toString().contains(u"Client"_s));
        const Reply noClient = helix(server, token, u"/streams"_s, QByteArray());
        QCOMPARE(noClient.status, 401);
        QVERIFY(!noClient.headers.contains("ratelimit-remaining"));
        QCOMPARE(server.rateRemaining(), 800); // rejected calls cost nothing

        const Reply ok = helix(server, token, u"/streams"_s);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.data().size(), 20); // default first
        QCOMPARE(server.rateRemaining(), 799);
        const QVector<RequestRecord> records = server.requests();
        QCOMPARE(records.size(), 6);
        QCOMPARE(records[1].authorized, false);
        QCOMPARE(records[1].status, 401);
        QCOMPARE(records[5].authorized, true);
        QCOMPARE(records[5].rateRemaining, 799);

        const Reply unknown = helix(server, token, u"/nothing/here"_s);
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.jsonOk);
    }

    void pagingReachesEveryStreamAndEndsWithEmptyPagination()
    {
        FakeTwitchServer server(smallConfig(1234));
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        const QList<Reply> pages = pageThrough(server, token, u"/streams?first=100"_s);
        QCOMPARE(pages.size(), 13);
        QVector<int> viewers;
        QSet<QString> ids, languages;
        int noGame = 0;
        const QRegularExpression rfc3339(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"_s);
        for (const Reply &page : pages) {
            QCOMPARE(page.status, 200);
            for (const QJsonValue &v : page.data()) {
                const QJsonObject s = v.toObject();
                QCOMPARE(s.size(), 15);
                QVERIFY(s.value(u"viewer_count"_s).isDouble());
                QVERIFY(s.value(u"id"_s).isString());
                QCOMPARE(s.value(u"type"_s).toString(), u"live"_s);
                QVERIFY(rfc3339.match(s.value(u"started_at"_s).toString()).hasMatch());
                QVERIFY(s.value(u"thumbnail_url"_s).toString().contains(u"{width}x{height}"_s));
                QCOMPARE(s.value(u"tag_ids"_s).toArray(), QJsonArray());
                QCOMPARE(s.value(u"is_mature"_s), QJsonValue(false));
                QVERIFY(s.value(u"tags"_s).isArray());
                QVERIFY(s.value(u"user_login"_s).isString() && s.value(u"title"_s).isString());
                noGame += s.value(u"game_id"_s).toString().isEmpty() ? 1 : 0;
                ids.insert(s.value(u"id"_s).toString());
                languages.insert(s.value(u"language"_s).toString());
                viewers.push_back(s.value(u"viewer_count"_s).toInt());
            }
        }
        QCOMPARE(pages.last().data().size(), 34);
        QCOMPARE(pages.last().json.value(u"pagination"_s), QJsonValue(QJsonObject()));
        QVERIFY(!pages[11].cursor().isEmpty());
        QCOMPARE(ids.size(), 1234); // no drift: every stream exactly once
        QVERIFY(std::is_sorted(viewers.cbegin(), viewers.cend(), std::greater<int>()));
        QVERIFY(viewers.first() > 50000);          // a few huge streams...
        QVERIFY(viewers[viewers.size() / 2] <= 5); // ...and a long tail
        QVERIFY(languages.size() >= 8);
        QVERIFY(noGame > 0);
        QCOMPARE(server.requestCount(u"/helix/streams"_s), 13);
    }

    void viewerDriftMakesDuplicatesAndGapsAcrossPages()
    {
        FakeTwitchConfig config = smallConfig(2000);
        config.viewerDriftPerRequest = 0.05;
        FakeTwitchServer server(config);
        QVERIFY(server.listen());
        const QList<Reply> pages = pageThrough(server, goodToken(server), u"/streams?first=100"_s);
        QCOMPARE(pages.size(), 20);
        QHash<QString, int> seen;
        for (const Reply &page : pages) {
            for (const QJsonValue &v : page.data())
                ++seen[v.toObject().value(u"id"_s).toString()];
        }
        int duplicates = 0;
        for (const int n : std::as_const(seen))
            duplicates += n - 1;
        const qsizetype missing = 2000 - seen.size();
        QVERIFY2(duplicates > 0 && missing > 0,
                 qPrintable(u"duplicates %1, missing %2"_s.arg(duplicates).arg(missing)));
    }

    void badFirstAndBadCursorAre400()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        QCOMPARE(helix(server, token, u"/streams?first=0"_s).status, 400);
        QCOMPARE(helix(server, token, u"/streams?first=101"_s).status, 400);
        QCOMPARE(helix(server, token, u"/streams?first=ten"_s).status, 400);
        QCOMPARE(helix(server, token, u"/streams?first=100"_s).data().size(), 100);
        const Reply bad = helix(server, token, u"/streams?after=%21%21not-base64"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json, errorJson(400, "Bad Request", "invalid cursor"));
        QCOMPARE(helix(server, token, u"/streams?after=aGVsbG8%3D"_s).status, 400); // "hello"
        QCOMPARE(helix(server, token, u"/games/top?after=aGVsbG8%3D"_s).status, 400);
    }

    void tokenBucketCountsDownAndAnswers429WhenEmpty()
    {
        FakeTwitchConfig config = smallConfig();
        config.bucketCapacity = 5;
        config.refillPerMinute = 6;
        FakeTwitchServer server(config);
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        for (int expected = 4; expected >= 0; --expected) {
            const Reply r = helix(server, token, u"/games/top?first=1"_s);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.headerInt("ratelimit-limit"), 5);
            QCOMPARE(r.headerInt("ratelimit-remaining"), expected);
        }
        const Reply limited = helix(server, token, u"/games/top?first=1"_s);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.json, errorJson(429, "Too Many Requests", "Request limit exceeded"));
        QCOMPARE(limited.headerInt("ratelimit-remaining"), 0);
        const qint64 nowS = QDateTime::currentSecsSinceEpoch();
        const qint64 reset = limited.headers.value("ratelimit-reset").toLongLong();
        QVERIFY2(reset >= nowS + 40 && reset <= nowS + 51,
                 qPrintable(QString::number(reset - nowS)));
        QCOMPARE(server.tooManyRequestsSent(), 1);

        // It refills: at 600/min a point comes back every 100 ms.
        config.bucketCapacity = 2;
        config.refillPerMinute = 600;
        server.setConfig(config);
        QCOMPARE(helix(server, token, u"/games/top?first=1"_s).status, 200);
        QCOMPARE(helix(server, token, u"/games/top?first=1"_s).status, 200);
        QCOMPARE(helix(server, token, u"/games/top?first=1"_s).status, 429);
        QTest::qWait(250);
        QCOMPARE(helix(server, token, u"/games/top?first=1"_s).status, 200);
        QCOMPARE(server.tooManyRequestsSent(), 2);
    }

    void userIdLookupReturnsOnlyThoseLiveStreams()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        const QVector<FakeStream> live = server.liveStreams();
        const QVector<QString> offline = server.offlineUserIds();
        QCOMPARE(live.size(), 300);
        QCOMPARE(offline.size(), 20);
        const Reply r =
            helix(server, token,
                  u"/streams?user_id="_s + live[250].userId + u"&user_id="_s + live[3].userId +
                      u"&user_login="_s + live[100].userLogin.toUpper() + u"&user_id="_s +
                      offline[0] + u"&user_id="_s + offline[1]);
        QCOMPARE(r.status, 200);
        QSet<QString> users;
        for (const QJsonValue &v : r.data())
            users.insert(v.toObject().value(u"user_id"_s).toString());
        QCOMPARE(users, (QSet<QString>{live[250].userId, live[3].userId, live[100].userId}));
        QCOMPARE(r.data().first().toObject().value(u"user_id"_s).toString(), live[3].userId);
        QCOMPARE(r.json.value(u"pagination"_s), QJsonValue(QJsonObject()));

        QVERIFY(server.startStream(offline[0]));
        QVERIFY(server.endStream(live[3].userId));
        const Reply after = helix(
            server, token, u"/streams?user_id="_s + offline[0] + u"&user_id="_s + live[3].userId);
        QCOMPARE(after.data().size(), 1);
        QCOMPARE(after.data().first().toObject().value(u"user_id"_s).toString(), offline[0]);

        QString tooMany = u"/streams?first=100"_s;
        for (int i = 0; i < 101; ++i)
            tooMany += u"&user_id="_s + live[i].userId;
        QCOMPARE(helix(server, token, tooMany).status, 400);
    }

    void gamesUsersAndFollowers()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        const QList<Reply> pages = pageThrough(server, token, u"/games/top?first=20"_s);
        QCOMPARE(pages.size(), 3); // 50 games
        QSet<QString> gameIds;
        for (const Reply &page : pages) {
            for (const QJsonValue &v : page.data()) {
                const QJsonObject g = v.toObject();
                QVERIFY(g.value(u"box_art_url"_s).toString().contains(u"{width}x{height}"_s));
                QVERIFY(g.value(u"igdb_id"_s).isString() && g.value(u"name"_s).isString());
                gameIds.insert(g.value(u"id"_s).toString());
            }
        }
        QCOMPARE(gameIds.size(), 50);
        QCOMPARE(pages.last().data().size(), 10);
        QCOMPARE(pages.last().json.value(u"pagination"_s), QJsonValue(QJsonObject()));
        const QStringList someGames(gameIds.cbegin(), std::next(gameIds.cbegin(), 2));
        const Reply games =
            helix(server, token,
                  u"/games?id="_s + someGames[0] + u"&id="_s + someGames[1] + u"&id=999"_s);
        QCOMPARE(games.data().size(), 2);
        QCOMPARE(helix(server, token, u"/games"_s).status, 400);

        const FakeStream live = server.liveStreams().constFirst();
        const QString offline = server.offlineUserIds().constFirst();
        const Reply users =
            helix(server, token, u"/users?id="_s + live.userId + u"&id="_s + offline + u"&id=1"_s);
        QCOMPARE(users.data().size(), 2);
        const QJsonObject u = users.data().first().toObject();
        QCOMPARE(u.value(u"login"_s).toString(), live.userLogin);
        for (const char *key :
             {"id", "login", "display_name", "type", "broadcaster_type", "description",
              "profile_image_url", "offline_image_url", "created_at"})
            QVERIFY2(u.value(QLatin1String(key)).isString(), key);
        QVERIFY(u.value(u"view_count"_s).isDouble());
        QCOMPARE(helix(server, token, u"/users?login="_s + live.userLogin).data().size(), 1);
        QCOMPARE(helix(server, token, u"/users"_s).status, 400);

        const Reply followers =
            helix(server, token, u"/channels/followers?broadcaster_id="_s + live.userId);
        QCOMPARE(followers.status, 200);
        QCOMPARE(followers.json.value(u"total"_s).toInt(), server.followersOf(live.userId));
        QVERIFY(followers.json.value(u"total"_s).toInt() >= 50000); // the top stream is a partner
        QCOMPARE(followers.data(), QJsonArray());
        QCOMPARE(followers.json.value(u"pagination"_s), QJsonValue(QJsonObject()));
        QCOMPARE(helix(server, token, u"/channels/followers"_s).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestFakePlatform)
#include "tst_fakeplatform.moc"
