// The fake Kick's rate limit and faults as a collector meets them: 429 with no
// header, the arrival times a pacing test reads, Kick's error bodies and the
// CDN's 502 page, a token revoked mid-census, and each transport, item and
// cursor fault on a Kick path, also written as --fault text.
#include "fakekickclientsupport.h"
#include "faultspec.h"

#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

namespace {

const QString V2 = u"/public/v2/livestreams"_s;

bool hasRateHeaders(const Reply &r)
{
    return std::any_of(r.headers.keyBegin(), r.headers.keyEnd(), [](const QByteArray &name) {
        return name == "retry-after" || name.contains("ratelimit");
    });
}

} // namespace

class TestFakeKickFaults : public QObject, private KickClient
{
    Q_OBJECT
private Q_SLOTS:
    void theRateLimitAnswers429WithoutHeaders()
    {
        FakeKickConfig config = smallKickConfig();
        config.requestsPerMinute = 5;
        FakeKickServer server(config);
        QVERIFY(server.listen());
        const QString a = kickGoodToken(server);
        const QString b = kickGoodToken(server);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(kick(server, a, u"/public/v1/livestreams?limit=1"_s).status, 200);
        const Reply limited = kick(server, a, u"/public/v2/categories"_s);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.json, kickError(u"Too Many Requests"_s));
        QVERIFY(!hasRateHeaders(limited));
        QVERIFY(!hasRateHeaders(kick(server, b, u"/public/v1/livestreams"_s))); // never any
        QCOMPARE(kick(server, b, u"/public/v1/livestreams"_s).status, 200);     // per token
        QCOMPARE(kickToken(server, "grant_type=client_credentials&client_id=fake-kick-client-id"
                                   "&client_secret=fake-kick-client-secret")
                     .status,
                 200); // the token endpoint is not counted
        QCOMPARE(server.tooManyRequestsSent(), 1);
        QCOMPARE(server.callCount(KickRoute::CategoriesV2), 0);

        server.advanceClock(60 * 1000); // the minute is the fake's clock's
        for (int i = 0; i < 5; ++i)     // the refused request did not count
            QCOMPARE(kick(server, a, u"/public/v1/livestreams?limit=1"_s).status, 200);
        QCOMPARE(kick(server, a, u"/public/v1/livestreams?limit=1"_s).status, 429);

        FakeKickConfig off = server.config();
        off.requestsPerMinute = 0;
        server.setConfig(off);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(kick(server, a, u"/public/v1/livestreams?limit=1"_s).status, 200);
    }

    void arrivalTimesShowTheClientsPacing()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        for (int i = 0; i < 6; ++i) {
            QTest::qWait(120);
            kick(server, token, u"/public/v1/livestreams?limit=1"_s);
        }
        QCOMPARE(server.busiestWindow(100), 1);
        QCOMPARE(server.busiestWindow(5000), 6);
        QCOMPARE(server.busiestWindow(5000, u"/oauth/"_s), 1);
        QCOMPARE(server.busiestWindow(5000, u"/"_s), 7);
        const QVector<KickRequestRecord> records = server.requests();
        for (qsizetype i = 2; i < records.size(); ++i)
            QVERIFY(records[i].monotonicNs - records[i - 1].monotonicNs >= 100 * 1000000LL);
        const qint64 steadyNow = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count();
        QVERIFY(steadyNow - records.constLast().monotonicNs < 5LL * 1000 * 1000000);
    }

    void statusFaultsHaveKicksBodies()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        server.addFault({.path = V2, .kind = FaultKind::Status429});
        server.addFault({.path = V2, .kind = FaultKind::Status500});
        server.addFault({.path = V2, .kind = FaultKind::Status502});
        server.addFault({.path = V2, .kind = FaultKind::Status503});
        QCOMPARE(kick(server, token, u"/public/v1/livestreams"_s).status, 200); // another path
        const Reply e429 = kick(server, token, V2);
        QCOMPARE(e429.status, 429);
        QCOMPARE(e429.json, kickError(u"Too Many Requests"_s));
        QVERIFY(!hasRateHeaders(e429));
        const Reply e500 = kick(server, token, V2);
        QCOMPARE(e500.status, 500);
        QCOMPARE(e500.json, kickError(u"Internal Server Error"_s));
        const Reply e502 = kick(server, token, V2);
        QCOMPARE(e502.status, 502);
        QVERIFY(e502.headers.value("content-type").startsWith("text/html"));
        QVERIFY(!e502.jsonOk && e502.body.contains("502 Bad Gateway"));
        const Reply e503 = kick(server, token, V2);
        QCOMPARE(e503.status, 503);
        QCOMPARE(e503.json, kickError(u"Service Unavailable"_s));
        QCOMPARE(kick(server, token, V2).status, 200);
        QCOMPARE(server.tooManyRequestsSent(), 1);
        QCOMPARE(server.callCount(KickRoute::LivestreamsV2), 1); // faults are not the API's
        QCOMPARE(server.pendingFaults(), 0);

        server.addFault({.path = V2, .kind = FaultKind::Status500, .skip = 1, .count = 2});
        server.addFault({.path = V2, .kind = FaultKind::Status503});
        QList<int> statuses;
        for (int i = 0; i < 5; ++i)
            statuses.push_back(kick(server, token, V2).status);
        QCOMPARE(statuses, (QList<int>{200, 500, 500, 503, 200}));

        server.addFault({.path = u"/oauth/token"_s, .kind = FaultKind::Status503});
        QCOMPARE(kickGoodToken(server), QString());
        QVERIFY(!kickGoodToken(server).isEmpty());
    }

    void aTokenRevokedBeforeTheNthRequest()
    {
        FakeKickServer server(smallKickConfig(400, 200));
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        server.addFault({.path = V2, .kind = FaultKind::RevokeToken, .skip = 2});
        const QList<Reply> pages = kickPages(server, token, V2 + u"?limit=20"_s);
        QCOMPARE(pages.size(), 3);
        QCOMPARE(pages[1].status, 200);
        QCOMPARE(pages[2].status, 401);
        QCOMPARE(pages[2].json, kickError(u"Unauthorized"_s));
        QCOMPARE(kick(server, token, V2).status, 401); // for good
        QCOMPARE(server.requests().constLast().auth, KickAuth::Invalid);
        const QString fresh = kickGoodToken(server);
        QCOMPARE(kick(server, fresh, V2 + u"?limit=20&cursor="_s + nextCursor(pages[1])).status,
                 200);
    }

    void transportFaults()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        server.addFault({.path = V2, .kind = FaultKind::Slow, .delayMs = 400});
        const Reply slow = kick(server, token, V2);
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 380, qPrintable(QString::number(slow.elapsedMs)));

        // No answer in time: the client's own timeout ends it.
        server.addFault({.path = V2, .kind = FaultKind::Slow, .delayMs = 5000});
        QNetworkRequest hanging(QUrl(server.apiUrl() + V2));
        hanging.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        hanging.setTransferTimeout(300);
        const Reply timedOut = send(hanging);
        QCOMPARE(timedOut.error, QNetworkReply::OperationCanceledError);
        QVERIFY2(timedOut.elapsedMs < 3000, qPrintable(QString::number(timedOut.elapsedMs)));

        // A drip outlasts an inactivity timeout: only a total deadline ends it.
        server.addFault({.path = V2, .kind = FaultKind::Drip, .delayMs = 2});
        QNetworkRequest dripping(QUrl(server.apiUrl() + V2 + u"?limit=1"_s));
        dripping.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        dripping.setTransferTimeout(200);
        const Reply drip = send(dripping);
        QCOMPARE(drip.error, QNetworkReply::NoError);
        QVERIFY(drip.jsonOk);
        QVERIFY2(drip.elapsedMs > 400, qPrintable(QString::number(drip.elapsedMs)));

        server.addFault({.path = V2, .kind = FaultKind::Truncated});
        const Reply truncated = kick(server, token, V2);
        QCOMPARE(truncated.error, QNetworkReply::RemoteHostClosedError);
        QVERIFY(!truncated.jsonOk);
        server.addFault({.path = V2, .kind = FaultKind::MalformedJson});
        const Reply malformed = kick(server, token, V2);
        QCOMPARE(malformed.status, 200);
        QVERIFY(!malformed.jsonOk && !malformed.body.isEmpty());
        // QNetworkAccessManager resends when a connection closes before any
        // answer byte, so only an endless close reaches the client.
        server.addFault({.path = V2, .kind = FaultKind::ConnectionClose, .count = -1});
        const Reply closed = kick(server, token, V2);
        QCOMPARE(closed.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(server.requests().constLast().status, 0);
        server.clearFaults();
        QCOMPARE(kick(server, token, V2).status, 200);
    }

    void itemFaults()
    {
        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        const QString page = V2 + u"?limit=9"_s;
        const QJsonArray good = kick(server, token, page).data();

        server.addFault({.path = V2, .kind = FaultKind::MalformedItem});
        const QJsonArray spoiled = kick(server, token, page).data();
        QCOMPARE(spoiled.size(), 9);
        for (int i = 0; i < 9; ++i) {
            if (i == 4)
                continue;
            QCOMPARE(spoiled[i], good[i]); // the rest of the page is sound
        }
        QVERIFY(!spoiled[4].toObject().contains(u"broadcaster_user"_s));
        QVERIFY(spoiled[4][u"viewer_count"_s].isString());
        QCOMPARE(spoiled[4][u"channel"_s], good[4][u"channel"_s]);

        server.addFault({.path = V2, .kind = FaultKind::WrongFieldTypes});
        for (const QJsonValue &v : kick(server, token, page).data()) {
            QVERIFY(v[u"broadcaster_user"_s][u"id"_s].isString() &&
                    v[u"viewer_count"_s].isString());
            QVERIFY(v[u"started_at"_s].isDouble() && v[u"has_mature_content"_s].isString());
            QVERIFY(v[u"tags"_s].isNull() && v[u"category"_s].isString());
        }
        server.addFault({.path = V2, .kind = FaultKind::WrongPageType});
        const Reply object = kick(server, token, page);
        QVERIFY(object.json[u"data"_s].isObject());
        QCOMPARE(object.json[u"data"_s], good[0]);

        const QString channels = u"/public/v1/channels"_s;
        const qint64 id = server.liveChannels().constFirst().broadcasterUserId;
        server.addFault({.path = channels, .kind = FaultKind::WrongFieldTypes});
        const QJsonObject channel =
            kick(server, token, channels + u"?broadcaster_user_id="_s + QString::number(id))
                .data()[0]
                .toObject();
        QCOMPARE(channel[u"broadcaster_user_id"_s].toString(), QString::number(id));
        QVERIFY(channel[u"stream"_s][u"is_live"_s].isString());
        QVERIFY(channel[u"followers_count"_s].isString());
        server.addFault({.path = u"/public/v1/livestreams"_s, .kind = FaultKind::EmptyPage});
        const Reply empty = kick(server, token, u"/public/v1/livestreams"_s);
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.data(), QJsonArray());
        QCOMPARE(server.pendingFaults(), 0);
    }

    void cursorFaults()
    {
        FakeKickServer server(smallKickConfig(400, 120));
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        const QString page = V2 + u"?limit=10"_s;
        const Reply first = kick(server, token, page);
        const QString next = nextCursor(first);
        QVERIFY(!next.isEmpty());
        const Reply second = kick(server, token, page + u"&cursor="_s + next);

        server.addFault({.path = V2, .kind = FaultKind::RepeatCursor});
        const Reply repeated = kick(server, token, page + u"&cursor="_s + next);
        QCOMPARE(repeated.data(), second.data());
        QCOMPARE(nextCursor(repeated), next); // the same next_cursor again
        server.addFault({.path = V2, .kind = FaultKind::RepeatCursor});
        const QString toFirst = nextCursor(kick(server, token, page));
        QCOMPARE(kick(server, token, page + u"&cursor="_s + toFirst).data(), first.data());

        server.addFault({.path = V2, .kind = FaultKind::CursorLoop});
        const Reply loop = kick(server, token, page + u"&cursor="_s + next);
        QCOMPARE(loop.data(), second.data());
        QCOMPARE(kick(server, token, page + u"&cursor="_s + nextCursor(loop)).data(), first.data());

        server.addFault({.path = V2, .kind = FaultKind::EmptyPage});
        const Reply empty = kick(server, token, page);
        QCOMPARE(empty.data().size(), 0);
        QCOMPARE(nextCursor(empty), next); // where the page would have led

        // Offered to last pages only: 120 live in pages of 50 end on the third.
        server.addFault({.path = V2, .kind = FaultKind::CursorAfterLast});
        const QList<Reply> pages = kickPages(server, token, V2 + u"?limit=50"_s);
        QCOMPARE(pages.size(), 4);
        QCOMPARE(pages[2].data().size(), 20);
        QVERIFY(!nextCursor(pages[2]).isEmpty());
        QCOMPARE(pages[3].data().size(), 0);
        QCOMPARE(nextCursor(pages[3]), QString());

        // Categories page the same way.
        server.addFault({.path = u"/public/v2/categories"_s, .kind = FaultKind::RepeatCursor});
        const Reply categories = kick(server, token, u"/public/v2/categories?limit=5"_s);
        QCOMPARE(
            kick(server, token, u"/public/v2/categories?limit=5&cursor="_s + nextCursor(categories))
                .data(),
            categories.data());
        QCOMPARE(server.pendingFaults(), 0);
    }

    void kickFaultSpecs()
    {
        QString error;
        const auto gateway = parseFaultSpec(u"502x2,path=/public/v2/livestreams"_s, &error);
        QVERIFY2(gateway, qPrintable(error));
        QCOMPARE(gateway->kind, FaultKind::Status502);
        QCOMPARE(gateway->count, 2);
        const auto item = parseFaultSpec(u"bad-item,skip=1,path=/public/v2/livestreams"_s, &error);
        QVERIFY2(item, qPrintable(error));
        QCOMPARE(item->kind, FaultKind::MalformedItem);
        QCOMPARE(item->skip, 1);
        QVERIFY(parseFaultSpec(u"502,path=/oauth/token"_s, &error));
        const auto revoke = parseFaultSpec(u"revoke,skip=3,path=/public/v1/channels"_s, &error);
        QVERIFY2(revoke, qPrintable(error));
        QCOMPARE(revoke->kind, FaultKind::RevokeToken);
        QVERIFY(faultSpecKinds().contains(u"502"_s) && faultSpecKinds().contains(u"bad-item"_s));
        QVERIFY(!parseFaultSpec(u"502"_s, &error)); // the default path is Twitch's
        QVERIFY2(error.contains(u"is a Kick fault: add a path, e.g. path=/public/v2/livestreams"_s),
                 qPrintable(error));
        QVERIFY(!parseFaultSpec(u"bad-item,path=/youtube/v3/videos"_s, &error));
        QVERIFY(!parseFaultSpec(u"quota,path=/public/v2/livestreams"_s, &error));
        QCOMPARE(faultKindName(FaultKind::Status502), u"Status502"_s);
        QCOMPARE(faultKindName(FaultKind::MalformedItem), u"MalformedItem"_s);

        FakeKickServer server(smallKickConfig());
        QVERIFY(server.listen());
        const QString token = kickGoodToken(server);
        server.addFault(*gateway);
        server.addFault(*item);
        QCOMPARE(kick(server, token, V2).status, 502);
        QCOMPARE(kick(server, token, V2).status, 502);
        QCOMPARE(kick(server, token, V2).data()[12].toObject().contains(u"broadcaster_user"_s),
                 true); // skipped
        QVERIFY(!kick(server, token, V2).data()[12].toObject().contains(u"broadcaster_user"_s));
    }
};

QTEST_GUILESS_MAIN(TestFakeKickFaults)
#include "tst_fakekickfaults.moc"
