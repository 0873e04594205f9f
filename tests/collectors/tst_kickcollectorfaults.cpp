// The Kick collector when things go wrong, against the fake Kick over real
// HTTP: one app token for every request, renewed once when Kick stops taking
// it, refused credentials said in words without the secret; every fault the
// fake injects into a v2 listing ending as documented with what arrived kept;
// a channel lookup that fails or holds a malformed item ending nothing it did
// not prove; and pacing that keeps every window within requestsPerMinute.

#include "kicktestsupport.h"

#include <QElapsedTimer>

using namespace StreamRank;
using namespace StreamRank::KickTest;
using Fake::FakeKickChannel;
using Fake::FakeKickServer;
using Fake::Fault;
using Fake::FaultKind;
using Fake::KickAuth;
using Fake::KickRequestRecord;
using Fake::KickRoute;

Q_DECLARE_METATYPE(StreamRank::Fake::FaultKind)

namespace {

const QString V2Path = u"/public/v2/livestreams"_s;
const QString ChannelsPath = u"/public/v1/channels"_s;

Fault faultOn(const QString &path, FaultKind kind, int skip = 0, int count = 1, int delayMs = 0)
{
    Fault f;
    f.path = path;
    f.kind = kind;
    f.skip = skip;
    f.count = count;
    f.delayMs = delayMs;
    return f;
}

int apiRequests(const FakeKickServer &server)
{
    int n = 0;
    for (const KickRequestRecord &r : server.requests())
        n += r.path.startsWith(u"/public/") ? 1 : 0;
    return n;
}

} // namespace

class TestKickCollectorFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneTokenServesEveryRequest()
    {
        FakeKickServer server(stillWorld(1500, 500));
        QVERIFY(server.listen());
        KickConfig config = configFor(server);
        config.once = false;
        config.pageSize = 50;
        for (qint64 id : server.offlineChannelIds().mid(0, 3))
            config.watchedChannels.append(QString::number(id));
        CollectorRun run(config);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        QVERIFY(QTest::qWaitFor([&] { return !run.categories.isEmpty(); }, 10000));
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        QCOMPARE(server.tokensIssued(), 1);
        QCOMPARE(server.callCount(KickRoute::Token), 1);
        QSet<QString> tokens;
        for (const KickRequestRecord &r : server.requests()) {
            if (!r.path.startsWith(u"/public/"))
                continue;
            QCOMPARE(r.auth, KickAuth::Valid);
            tokens.insert(r.token);
        }
        // Two censuses of ten pages and a lookup each, and the categories.
        QVERIFY2(apiRequests(server) >= 23, qPrintable(QString::number(apiRequests(server))));
        QCOMPARE(tokens.size(), 1);
    }

    void aRevokedTokenIsRenewedOnceAndTheCensusCompletes_data()
    {
        QTest::addColumn<bool>("byFault");
        QTest::newRow("revoked while answering a page") << true;
        QTest::newRow("revoked between pages") << false;
    }
    void aRevokedTokenIsRenewedOnceAndTheCensusCompletes()
    {
        QFETCH(bool, byFault);
        FakeKickServer server(stillWorld(1000, 250));
        QVERIFY(server.listen());
        int pages = 0;
        if (byFault)
            server.addFault(faultOn(V2Path, FaultKind::RevokeToken, 2));
        else
            QObject::connect(&server, &FakeKickServer::requestHandled, &server,
                             [&](const KickRequestRecord &r) {
                                 if (r.path == V2Path && r.status == 200 && ++pages == 2)
                                     server.revokeTokens();
                             });
        KickConfig config = configFor(server);
        config.pageSize = 50;
        LogCapture logs;
        CollectorRun run(config);
        QVERIFY2(run.runOnce(), qPrintable(run.report()));
        run.stop();
        const Census c = run.censuses.at(0);
        QCOMPARE(idsOf(c.streams), keysOf(server.liveChannels()));
        QVERIFY(c.exhaustive);
        QVERIFY(!c.partial);
        QCOMPARE(server.tokensIssued(), 2);
        QSet<QString> tokens;
        int refused = 0;
        for (const KickRequestRecord &r : server.requests()) {
            refused += r.status == 401 ? 1 : 0;
            if (!r.token.isEmpty())
                tokens.insert(r.token);
        }
        QCOMPARE(refused, 1);
        QCOMPARE(tokens.size(), 2);
        // Neither token reaches a log line, a state or the summary.
        const QStringList said = logs.lines() + run.states + QStringList{run.finished->second};
        QVERIFY(!logs.lines().isEmpty()); // the renewal is logged
        for (const QString &token : std::as_const(tokens))
            for (const QString &line : said)
                QVERIFY2(!line.contains(token), qPrintable(line));
    }

    void refusedCredentialsAreSaidInWordsWithoutTheSecret_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("clientSecret");
        QTest::newRow("wrong secret") << u"fake-kick-client-id"_s << u"wrong-secret-4f1c9a7e2b"_s;
        QTest::newRow("unknown client") << u"not-our-client"_s << u"fake-kick-client-secret"_s;
    }
    void refusedCredentialsAreSaidInWordsWithoutTheSecret()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, clientSecret);
        FakeKickServer server(stillWorld(600, 100));
        QVERIFY(server.listen());
        KickConfig config = configFor(server);
        config.clientId = clientId;
        config.clientSecret = clientSecret;
        LogCapture logs;
        CollectorRun run(config);
        run.start();
        QVERIFY(run.waitFinished(10000));
        run.stop();
        QVERIFY(!run.finished->first);
        QVERIFY2(run.finished->second.startsWith(u"Kick rejected the credentials"_s),
                 qPrintable(run.finished->second));
        QVERIFY(run.censuses.isEmpty()); // not an empty census: nobody would seem live
        QVERIFY(std::any_of(run.states.cbegin(), run.states.cend(), [](const QString &s) {
            return s.startsWith(collectorStateText(CollectorState::Failed));
        }));
        // Asked once (asking again would not help), and nothing sent without a token.
        QCOMPARE(server.callCount(KickRoute::Token), 1);
        QCOMPARE(server.tokensIssued(), 0);
        QCOMPARE(apiRequests(server), 0);
        const QStringList said = logs.lines() + run.states + QStringList{run.finished->second};
        for (const QString &line : said)
            QVERIFY2(!line.contains(clientSecret), qPrintable(line));
    }

    void listingFaultsEndAsDocumented_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::addColumn<int>("skip");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<QList<int>>("keptPages"); // of the five, in v2's order
        QTest::addColumn<int>("malformed");
        QTest::addColumn<bool>("partial");
        QTest::addColumn<bool>("exhaustive");
        QTest::addColumn<QString>("words"); // in the summary
        const QList<int> all{0, 1, 2, 3, 4};
        const QList<int> two{0, 1};
        const QList<int> three{0, 1, 2};
        // 250 still streams in five v2 pages of 50; three attempts a request.
        QTest::newRow("429 without headers, then ok")
            << FaultKind::Status429 << 2 << 1 << 0 << all << 0 << false << true << QString();
        QTest::newRow("500 twice, then ok")
            << FaultKind::Status500 << 2 << 2 << 0 << all << 0 << false << true << QString();
        QTest::newRow("the CDN's 502 page, then ok")
            << FaultKind::Status502 << 2 << 1 << 0 << all << 0 << false << true << QString();
        QTest::newRow("503 on every attempt") << FaultKind::Status503 << 2 << 3 << 0 << two << 0
                                              << true << false << u"1 request failed"_s;
        QTest::newRow("slower than the timeout, once")
            << FaultKind::Slow << 2 << 1 << 2500 << all << 0 << false << true << QString();
        QTest::newRow("connection closed, once")
            << FaultKind::ConnectionClose << 2 << 3 << 0 << all << 0 << false << true << QString();
        QTest::newRow("truncated once")
            << FaultKind::Truncated << 2 << 1 << 0 << all << 0 << false << true << QString();
        QTest::newRow("truncated on every attempt") << FaultKind::Truncated << 2 << -1 << 0 << two
                                                    << 0 << true << false << u"1 request failed"_s;
        // An unreadable page is asked for once more: a single bad answer
        // loses nothing; a page that stays unreadable ends the listing.
        QTest::newRow("malformed JSON once")
            << FaultKind::MalformedJson << 2 << 1 << 0 << all << 0 << false << true << QString();
        QTest::newRow("malformed JSON every time")
            << FaultKind::MalformedJson << 2 << -1 << 0 << two << 0 << true << false
            << u"unreadable livestreams page"_s;
        QTest::newRow("data not a list once")
            << FaultKind::WrongPageType << 2 << 1 << 0 << all << 0 << false << true << QString();
        QTest::newRow("data not a list every time")
            << FaultKind::WrongPageType << 2 << -1 << 0 << two << 0 << true << false
            << u"unreadable livestreams page"_s;
        // Every stream but the one Kick's item does not identify; without
        // it the census cannot claim to list every live stream.
        QTest::newRow("a malformed item") << FaultKind::MalformedItem << 2 << 1 << 0 << all << 1
                                          << false << false << u"1 malformed item skipped"_s;
        QTest::newRow("the cursor repeats") << FaultKind::RepeatCursor << 2 << 1 << 0 << three << 0
                                            << false << false << u"page cursor again"_s;
        QTest::newRow("the cursor loops to the start")
            << FaultKind::CursorLoop << 2 << 1 << 0 << three << 0 << false << false
            << u"page cursor again"_s;
        // The fake's empty page drops that page's streams and points past
        // them: the collector reads on, but 50 live streams are missing, so
        // the census cannot prove the unlisted ones ended.
        QTest::newRow("an empty page with a cursor")
            << FaultKind::EmptyPage << 2 << 1 << 0 << QList<int>{0, 1, 3, 4} << 0 << false << false
            << u"empty page before the end"_s;
        QTest::newRow("an empty last page pointing at itself")
            << FaultKind::EmptyPage << 4 << 1 << 0 << QList<int>{0, 1, 2, 3} << 0 << false << false
            << u"page cursor again"_s;
        QTest::newRow("a cursor after the last page")
            << FaultKind::CursorAfterLast << 0 << 1 << 0 << all << 0 << false << true
            << u"(v2, every stream)"_s;
    }
    void listingFaultsEndAsDocumented()
    {
        QFETCH(FaultKind, kind);
        QFETCH(int, skip);
        QFETCH(int, count);
        QFETCH(int, delayMs);
        QFETCH(QList<int>, keptPages);
        QFETCH(int, malformed);
        QFETCH(bool, partial);
        QFETCH(bool, exhaustive);
        QFETCH(QString, words);
        FakeKickServer server(stillWorld(1000, 250));
        QVERIFY(server.listen());
        const QVector<FakeKickChannel> order = server.liveChannels(); // v2's
        server.addFault(faultOn(V2Path, kind, skip, count, delayMs));
        KickConfig config = configFor(server);
        config.pageSize = 50;
        CollectorRun run(config);
        QVERIFY2(run.runOnce(), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        QSet<QString> expected;
        for (int page : keptPages)
            expected += keysOf(order.mid(page * 50, 50));
        if (kind == FaultKind::MalformedItem) // the middle item of the third page
            expected.remove(keyOf(order.at(2 * 50 + 25)));
        QCOMPARE(idsOf(c.streams), expected);
        QCOMPARE(c.streams.size(), expected.size());
        QCOMPARE(c.partial, partial);
        QCOMPARE(c.exhaustive, exhaustive);
        QCOMPARE(c.stats.pagesFailed, partial ? 1 : 0);
        QCOMPARE(c.stats.malformedItems, malformed);
        QVERIFY(c.stats.requests >= c.stats.pagesOk + c.stats.pagesFailed);
        if (!words.isEmpty())
            QVERIFY2(run.finished->second.contains(words), qPrintable(run.finished->second));
        if (partial)
            QCOMPARE(run.states.constLast().section(u':', 0, 0),
                     collectorStateText(CollectorState::Stale));
        if (kind == FaultKind::Status429) {
            QCOMPARE(server.tooManyRequestsSent(), 1);
            QCOMPARE(c.stats.requests, c.stats.pagesOk + 1); // sent again after backing off
        }
        if (kind == FaultKind::CursorAfterLast)
            QCOMPARE(server.requestCount(V2Path), 6); // five pages and the empty one
    }

    // Sessions believed live are asked for by channel; only an answer that
    // says a channel is not live under that session ends it.
    void aChannelLookupEndsOnlyWhatItProves_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::addColumn<int>("count");
        QTest::newRow("503 on every attempt") << FaultKind::Status503 << -1;
        QTest::newRow("a malformed channel item") << FaultKind::MalformedItem << 1;
    }
    void aChannelLookupEndsOnlyWhatItProves()
    {
        QFETCH(FaultKind, kind);
        QFETCH(int, count);
        FakeKickServer server(stillWorld(1500, 400));
        QVERIFY(server.listen());
        const int category = busiestCategory(server);
        QVector<FakeKickChannel> outside;
        for (const FakeKickChannel &c : server.liveChannels())
            if (c.categoryId != category && outside.size() < 3)
                outside.append(c);
        // Asked for in the order of their ids as text; the fake spoils the
        // middle item of the answer.
        std::sort(outside.begin(), outside.end(), [](const auto &a, const auto &b) {
            return QString::number(a.broadcasterUserId) < QString::number(b.broadcasterUserId);
        });
        QHash<QString, QString> known;
        for (const FakeKickChannel &f : outside)
            known.insert(keyOf(f), QString::number(f.broadcasterUserId));
        QVERIFY(server.endStream(outside.at(2).broadcasterUserId));
        server.addFault(faultOn(ChannelsPath, kind, 0, count));
        KickConfig config = configFor(server);
        config.categoryIds = {QString::number(category)};
        CollectorRun run(config, std::make_shared<SystemClock>(), known);
        QVERIFY2(run.runOnce(), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        QSet<QString> listed;
        for (const FakeKickChannel &f : server.liveChannels())
            if (f.categoryId == category)
                listed.insert(keyOf(f));
        if (kind == FaultKind::Status503) {
            QVERIFY(c.partial);
            QCOMPARE(idsOf(c.streams), listed);
            QVERIFY(c.endedStreamIds.isEmpty()); // nothing was proved
        } else {
            QVERIFY(!c.partial);
            QCOMPARE(c.stats.malformedItems, 1);
            QCOMPARE(idsOf(c.streams), listed + QSet<QString>{keyOf(outside.at(0))});
            // The ended one is proved ended; the unreadable one is not.
            QCOMPARE(c.endedStreamIds, QStringList{keyOf(outside.at(2))});
            QVERIFY2(run.finished->second.contains(u"1 malformed item skipped"_s),
                     qPrintable(run.finished->second));
        }
    }

    void repeatedFailuresPauseKickInsteadOfHammeringIt()
    {
        FakeKickServer server(stillWorld(1000, 250));
        QVERIFY(server.listen());
        server.addFault(faultOn(V2Path, FaultKind::Status503, 1, -1));
        KickConfig config = configFor(server);
        config.once = false;
        config.pageSize = 50;
        config.maxAttempts = 1;
        config.breakerThreshold = 1;
        config.breakerPauseMs = 60000;
        config.pollIntervalMs = 100;
        CollectorRun run(config);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        QVERIFY(run.censuses.at(0).partial);
        QCOMPARE(run.censuses.at(0).streams.size(), 50); // the page before the failure, kept
        QVERIFY2(run.waitState(u"paused after repeated failures"_s), qPrintable(run.report()));
        QVERIFY(run.states.constLast().startsWith(collectorStateText(CollectorState::Stale)));
        // Paused: many poll intervals pass without a request or a census.
        const int sent = apiRequests(server);
        QTest::qWait(600);
        QCOMPARE(apiRequests(server), sent);
        QCOMPARE(run.censuses.size(), 1);
    }

    void stoppingMidCensusSendsNothingMore()
    {
        FakeKickServer server(stillWorld(1000, 250));
        QVERIFY(server.listen());
        server.addFault(faultOn(V2Path, FaultKind::Slow, 1, 1, 800));
        KickConfig config = configFor(server);
        config.pageSize = 50;
        CollectorRun run(config);
        run.start();
        QVERIFY(QTest::qWaitFor([&] { return server.requestCount(V2Path) == 2; }, 10000));
        run.stop();
        const int sent = int(server.requests().size());
        QTest::qWait(1200); // past the slow answer and a retry's backoff
        QCOMPARE(int(server.requests().size()), sent);
        QVERIFY(run.censuses.isEmpty());
        QVERIFY(!run.finished);
        QCOMPARE(run.states.constLast(), collectorStateText(CollectorState::Idle) + u": stopped"_s);
    }

    void pacingKeepsEveryWindowWithinRequestsPerMinute()
    {
        FakeKickServer server(stillWorld(800, 300));
        QVERIFY(server.listen());
        KickConfig config = configFor(server);
        config.pacing = true;
        config.requestsPerMinute = 120; // a burst of 10, then 110 a minute
        config.pageSize = 10;           // 30 pages, then one of categories
        CollectorRun run(config);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY2(run.runOnce(40000), qPrintable(run.report()));
        QVERIFY(QTest::qWaitFor([&] { return !run.categories.isEmpty(); }, 10000));
        QCOMPARE(run.censuses.at(0).streams.size(), 300);
        const int sent = apiRequests(server);
        QCOMPARE(sent, 31);
        QCOMPARE(server.tooManyRequestsSent(), 0);
        QVERIFY(server.busiestWindow(60'000) <= config.requestsPerMinute);
        // The burst at the start is small, and after it the pace is the
        // setting's: a window holds at most the burst and its refill (one
        // request of slack for the time between sending and arriving).
        QVERIFY2(server.busiestWindow(1000) <= 12,
                 qPrintable(QString::number(server.busiestWindow(1000))));
        const int tenSeconds = 10 + 110 * 10 / 60 + 1;
        QVERIFY2(server.busiestWindow(10'000) <= tenSeconds,
                 qPrintable(QString::number(server.busiestWindow(10'000))));
        // And it did wait for the refill rather than send at once.
        const QVector<KickRequestRecord> records = server.requests();
        qint64 firstNs = -1, lastNs = 0;
        for (const KickRequestRecord &r : records) {
            if (!r.path.startsWith(u"/public/"))
                continue;
            if (firstNs < 0)
                firstNs = r.monotonicNs;
            lastNs = r.monotonicNs;
        }
        const qint64 spanMs = (lastNs - firstNs) / 1'000'000;
        const qint64 refillMs = qint64(sent - 10 - 1) * 60'000 / 110;
        QVERIFY2(spanMs >= refillMs * 9 / 10, qPrintable(QString::number(spanMs)));
        qInfo("%d requests in %lld ms (census and categories in %lld ms)", sent, spanMs,
              elapsed.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestKickCollectorFaults)
#include "tst_kickcollectorfaults.moc"
