// Every fault kind of the fake Twitch as a collector observes it through
// QNetworkAccessManager, and the per-path fault script (skip, count, order).
#include "fakeclientsupport.h"
#include "faultspec.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

class TestFakePlatformFaults : public QObject, private FakeClient
{
    Q_OBJECT
private Q_SLOTS:
    void statusFaultsHonourSkipAndCount()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        server.addFault({.kind = FaultKind::Status500, .skip = 1, .count = 2});
        server.addFault({.kind = FaultKind::Status503});
        server.addFault({.kind = FaultKind::Status429});
        server.addFault({.path = u"/helix/games/top"_s, .kind = FaultKind::Status500, .count = -1});
        QList<int> statuses;
        for (int i = 0; i < 6; ++i)
            statuses.push_back(helix(server, token, u"/streams"_s).status);
        QCOMPARE(statuses, (QList<int>{200, 500, 500, 503, 429, 200}));
        QCOMPARE(server.tooManyRequestsSent(), 1);
        const Reply games = helix(server, token, u"/games/top"_s);
        QCOMPARE(games.json, errorJson(500, "Internal Server Error", ""));
        QCOMPARE(server.pendingFaults(), 1);
        server.clearFaults();
        QCOMPARE(helix(server, token, u"/games/top"_s).status, 200);
    }

    void faultSpecsWrittenAsText()
    {
        QString error;
        const auto f = parseFaultSpec(u"500x2,skip=1"_s, &error);
        QVERIFY2(f, qPrintable(error));
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        server.addFault(*f);
        const auto slow = parseFaultSpec(u"slow:2s,path=/helix/users"_s, &error);
        QVERIFY2(slow, qPrintable(error));
        QCOMPARE(slow->kind, FaultKind::Slow);
        QCOMPARE(slow->delayMs, 2000);
        QCOMPARE(slow->path, u"/helix/users"_s);
        QList<int> statuses;
        for (int i = 0; i < 4; ++i)
            statuses.push_back(helix(server, token, u"/streams"_s).status);
        QCOMPARE(statuses, (QList<int>{200, 500, 500, 200}));

        const auto all = parseFaultSpec(u"CLOSE x*"_s.remove(u' '), &error);
        QVERIFY2(all, qPrintable(error));
        QCOMPARE(all->kind, FaultKind::ConnectionClose);
        QCOMPARE(all->count, -1);
        const auto drip = parseFaultSpec(u"drip:250ms"_s, &error);
        QVERIFY2(drip, qPrintable(error));
        QCOMPARE(drip->kind, FaultKind::Drip);
        QCOMPARE(drip->delayMs, 250);
        QCOMPARE(parseFaultSpec(u"429x3"_s, &error)->count, 3);
    }

    void badFaultSpecsSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown kind") << u"418"_s << u"unknown fault \"418\" (one of: 429"_s;
        QTest::newRow("delay missing") << u"slow"_s << u"slow needs a delay"_s;
        QTest::newRow("delay on a status") << u"500:3s"_s << u"only slow and drip take a delay"_s;
        QTest::newRow("absurd delay") << u"drip:99h"_s << u"the delay must be"_s;
        QTest::newRow("zero count") << u"429x0"_s << u"a count of 0"_s;
        QTest::newRow("bad skip") << u"500,skip=-1"_s << u"skip= takes a number"_s;
        QTest::newRow("unknown part") << u"500,every=2"_s << u"unknown part \"every=2\""_s;
        QTest::newRow("empty") << QString() << u"expected KIND"_s;
    }

    void badFaultSpecsSayWhatIsWrong()
    {
        QFETCH(QString, spec);
        QFETCH(QString, says);
        QString error;
        QVERIFY(!parseFaultSpec(spec, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }

    void aDripOutlastsAnyInactivityTimeout()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        server.addFault({.kind = FaultKind::Drip, .delayMs = 3});
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(server.apiUrl() + u"/streams?first=1"_s));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setRawHeader("Client-Id", server.config().clientId.toUtf8());
        request.setTransferTimeout(200); // never trips: a byte comes every 3 ms
        QNetworkReply *reply = nam.get(request);
        QElapsedTimer timer;
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        const QByteArray body = reply->readAll();
        QVERIFY(QJsonDocument::fromJson(body).isObject()); // whole, byte by byte
        QVERIFY(body.size() > 300);
        QVERIFY2(timer.elapsed() > 400,
                 qPrintable(QString::number(timer.elapsed()))); // > 2 timeouts
        delete reply;
    }

    void transportFaults()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);

        server.addFault({.kind = FaultKind::Slow, .delayMs = 400});
        const Reply slow = helix(server, token, u"/streams"_s);
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 380, qPrintable(QString::number(slow.elapsedMs)));

        server.addFault({.kind = FaultKind::Truncated});
        const Reply truncated = helix(server, token, u"/streams"_s);
        QCOMPARE(truncated.error, QNetworkReply::RemoteHostClosedError);
        QVERIFY(!truncated.jsonOk);

        server.addFault({.kind = FaultKind::MalformedJson});
        const Reply malformed = helix(server, token, u"/streams"_s);
        QCOMPARE(malformed.status, 200);
        QCOMPARE(malformed.error, QNetworkReply::NoError);
        QVERIFY(!malformed.body.isEmpty());
        QVERIFY(!malformed.jsonOk);

        server.addFault({.kind = FaultKind::ConnectionClose, .count = -1});
        const Reply closed = helix(server, token, u"/streams"_s);
        QCOMPARE(closed.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(closed.status, 0);
        const QVector<RequestRecord> records = server.requests();
        QCOMPARE(records.last().status, 0);
        server.clearFaults();
        QCOMPARE(helix(server, token, u"/streams"_s).status, 200);

        // One close before any answer byte is hidden by QNetworkAccessManager: it resends.
        server.clearRequests();
        server.addFault({.kind = FaultKind::ConnectionClose});
        QCOMPARE(helix(server, token, u"/streams"_s).status, 200);
        const QVector<RequestRecord> resent = server.requests();
        QCOMPARE(resent.size(), 2);
        QCOMPARE(resent[0].status, 0);
        QCOMPARE(resent[1].status, 200);
    }

    void slowAnswerDoesNotBlockOtherConnections()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        server.addFault({.path = u"/helix/games/top"_s, .kind = FaultKind::Slow, .delayMs = 1500});
        QNetworkRequest slowRequest(QUrl(server.apiUrl() + u"/games/top"_s));
        slowRequest.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        slowRequest.setRawHeader("Client-Id", "fake-client-id");
        QNetworkReply *slowReply = nam().get(slowRequest);
        const Reply fast = helix(server, token, u"/streams"_s);
        QCOMPARE(fast.status, 200);
        QVERIFY(!slowReply->isFinished());
        QTRY_VERIFY_WITH_TIMEOUT(slowReply->isFinished(), 5000);
        QCOMPARE(slowReply->error(), QNetworkReply::NoError);
        delete slowReply;
    }

    void bodyFaults()
    {
        FakeTwitchServer server(smallConfig());
        QVERIFY(server.listen());
        const QString token = goodToken(server);

        server.addFault({.kind = FaultKind::WrongFieldTypes});
        const Reply wrong = helix(server, token, u"/streams"_s);
        QCOMPARE(wrong.status, 200);
        QVERIFY(wrong.jsonOk);
        const QJsonObject item = wrong.data().first().toObject();
        QVERIFY(item.value(u"viewer_count"_s).isString());
        QVERIFY(item.value(u"id"_s).isDouble());
        QVERIFY(item.value(u"is_mature"_s).isString());

        server.addFault({.kind = FaultKind::WrongPageType});
        const Reply object = helix(server, token, u"/streams"_s);
        QVERIFY(object.jsonOk);
        QVERIFY(object.json.value(u"data"_s).isObject());

        server.addFault({.kind = FaultKind::RevokeToken});
        const Reply revoked = helix(server, token, u"/streams"_s);
        QCOMPARE(revoked.json, errorJson(401, "Unauthorized", "Invalid OAuth token"));
        QCOMPARE(helix(server, token, u"/streams"_s).status, 401); // revoked for good
        QCOMPARE(helix(server, goodToken(server), u"/streams"_s).status, 200);
    }

    void cursorFaults()
    {
        FakeTwitchServer server(smallConfig(250));
        QVERIFY(server.listen());
        const QString token = goodToken(server);
        const Reply first = helix(server, token, u"/streams?first=100"_s);
        const auto idsOf = [](const Reply &r) {
            QStringList ids;
            for (const QJsonValue &v : r.data())
                ids.push_back(v.toObject().value(u"id"_s).toString());
            return ids;
        };
        const QString c1 = first.cursor();

        const Reply second = helix(server, token, u"/streams?first=100&after="_s + c1);
        QVERIFY(second.cursor() != c1);

        // The page itself is the real second page, but its cursor leads back to the first.
        server.addFault({.kind = FaultKind::CursorLoop});
        const Reply loop = helix(server, token, u"/streams?first=100&after="_s + c1);
        QCOMPARE(idsOf(loop), idsOf(second));
        QVERIFY(loop.cursor() != second.cursor());
        QCOMPARE(idsOf(helix(server, token, u"/streams?first=100&after="_s + loop.cursor())),
                 idsOf(first));

        server.addFault({.kind = FaultKind::RepeatCursor});
        const Reply repeat = helix(server, token, u"/streams?first=100&after="_s + c1);
        QCOMPARE(repeat.cursor(), c1);

        server.addFault({.kind = FaultKind::EmptyPage});
        const Reply empty = helix(server, token, u"/streams?first=100"_s);
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.data().size(), 0);
        QVERIFY(!empty.cursor().isEmpty());
        QCOMPARE(
            helix(server, token, u"/streams?first=100&after="_s + empty.cursor()).data().size(),
            100);

        // Offered only to the last page: the first two pages are untouched.
        server.addFault({.kind = FaultKind::CursorAfterLast});
        const QList<Reply> pages = pageThrough(server, token, u"/streams?first=100"_s);
        QCOMPARE(pages.size(), 4);
        QCOMPARE(pages[2].data().size(), 50);
        QVERIFY(!pages[2].cursor().isEmpty());
        QCOMPARE(pages[3].data().size(), 0);
        QCOMPARE(pages[3].json.value(u"pagination"_s), QJsonValue(QJsonObject()));
    }
};

QTEST_GUILESS_MAIN(TestFakePlatformFaults)
#include "tst_fakeplatformfaults.moc"
