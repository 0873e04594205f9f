// The Twitch collector against the fake Twitch server over real HTTP: top-N
// and full censuses, de-duplication while counts move, watched channels, every
// fault the server can inject ending in the documented behaviour with nothing
// that arrived lost, token renewal, pacing, the circuit breaker and metadata.

#include "twitchtestsupport.h"

#include "helixclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::TwitchTest;
using Fake::FakeTwitchConfig;
using Fake::FakeTwitchServer;
using Fake::Fault;
using Fake::FaultKind;

Q_DECLARE_METATYPE(StreamRank::Fake::FaultKind)

namespace {

FakeTwitchConfig stillPopulation(int streams)
{
    FakeTwitchConfig c;
    c.liveStreams = streams;
    c.viewerDriftPerRequest = 0; // exact expectations
    return c;
}

} // namespace

class TestTwitchCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topNCensusStopsAtN()
    {
        FakeTwitchConfig fc;
        fc.liveStreams = 2500;
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.topN = 1000;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        QVERIFY(run.census);
        const Census &c = *run.census;
        QCOMPARE(c.platform, Platform::Twitch);
        // At least N, and only the pages needed to get there (counts move, so
        // a page may repeat a few streams and need one more page).
        QVERIFY2(c.streams.size() >= 1000 && c.streams.size() < 1100,
                 qPrintable(QString::number(c.streams.size())));
        QCOMPARE(idsOf(c.streams).size(), c.streams.size());
        QVERIFY(!c.partial);
        QVERIFY(!c.exhaustive); // says nothing about the streams below N
        QVERIFY(c.stats.pagesOk >= 10);
        QCOMPARE(c.stats.pagesFailed, 0);
        // Every stream is a real one of the population, with its fields.
        QHash<QString, Fake::FakeStream> live;
        for (const Fake::FakeStream &s : server.liveStreams())
            live.insert(s.id, s);
        for (const StreamObservation &s : c.streams) {
            QVERIFY2(live.contains(s.streamId), qPrintable(s.streamId));
            const Fake::FakeStream &f = live.value(s.streamId);
            QCOMPARE(s.channelId, f.userId);
            QCOMPARE(s.channelLogin, f.userLogin);
            QCOMPARE(s.categoryId, f.gameId);
            QCOMPARE(s.language, f.language);
            QCOMPARE(s.startedAtMs / 1000, f.startedAtMs / 1000);
        }
        // Each page asked for at most 100, with the cursor of the one before.
        for (const Fake::RequestRecord &r : server.requests()) {
            if (r.path != u"/helix/streams")
                continue;
            QCOMPARE(r.query.queryItemValue(QStringLiteral("first")), QStringLiteral("100"));
            QVERIFY(r.authorized);
        }
    }

    void fullCensusCoversEveryLiveStream()
    {
        FakeTwitchServer server(stillPopulation(1234));
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        QSet<QString> expected;
        for (const Fake::FakeStream &s : server.liveStreams())
            expected.insert(s.id);
        QCOMPARE(idsOf(run.census->streams), expected);
        QCOMPARE(run.census->stats.pagesOk, 13);
        QVERIFY(run.census->exhaustive);
        // Filtered by language, a full census no longer lists every stream.
        config.languages = {QStringLiteral("en")};
        const OneCensus filtered = runOnce(config);
        QVERIFY2(filtered.ok, qPrintable(filtered.message));
        QVERIFY(!filtered.census->exhaustive);
        QVERIFY(!filtered.census->streams.isEmpty());
        for (const StreamObservation &s : filtered.census->streams)
            QCOMPARE(s.language, QStringLiteral("en"));
        config.languages.clear();
        config.gameIds = {server.liveStreams().constFirst().gameId};
        const OneCensus byGame = runOnce(config);
        QVERIFY2(byGame.ok, qPrintable(byGame.message));
        QVERIFY(!byGame.census->exhaustive);
    }

    void movingCountsAreDeduplicated()
    {
        FakeTwitchConfig fc;
        fc.liveStreams = 3000;
        fc.viewerDriftPerRequest = 0.05; // counts move noticeably between pages
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        const Census &c = *run.census;
        QCOMPARE(idsOf(c.streams).size(), c.streams.size());
        QVERIFY(c.exhaustive); // it read the list to its end
        // Pages overlapped: more items arrived than distinct streams kept.
        QVERIFY2(
            c.stats.pagesOk * 100 > c.streams.size() + 50,
            qPrintable(
                QStringLiteral("%1 pages, %2 streams").arg(c.stats.pagesOk).arg(c.streams.size())));
        // It paged to the end; streams that moved onto pages already read are
        // the gaps Twitch has too (the next census sees them).
        QCOMPARE(c.stats.pagesOk, 30);
        QVERIFY(!c.partial);
        QVERIFY2(c.streams.size() > 2000, qPrintable(QString::number(c.streams.size())));
    }

    void watchedChannelsAreAlwaysPresent()
    {
        FakeTwitchServer server(stillPopulation(2000));
        QVERIFY(server.listen());
        const QVector<Fake::FakeStream> live = server.liveStreams();
        TwitchConfig config = configFor(server);
        config.topN = 100;
        QSet<QString> watchedLive;
        // 150 small channels far below the top 100, by id, and one by login.
        for (int i = 1800; i < 1950; ++i) {
            config.watchedChannels.append(live.at(i).userId);
            watchedLive.insert(live.at(i).id);
        }
        config.watchedChannels.append(live.at(1990).userLogin);
        watchedLive.insert(live.at(1990).id);
        // Offline watched channels are asked for and simply absent.
        config.watchedChannels.append(server.offlineUserIds().mid(0, 3));
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        const QSet<QString> got = idsOf(run.census->streams);
        QVERIFY(got.contains(watchedLive));
        QCOMPARE(got.size(), 100 + watchedLive.size());
        int batches = 0;
        for (const Fake::RequestRecord &r : server.requests()) {
            const int ids = int(r.query.allQueryItemValues(QStringLiteral("user_id")).size());
            if (r.path == u"/helix/streams" && ids > 0) {
                QVERIFY(ids <= 100);
                ++batches;
            }
        }
        QCOMPARE(batches, 2); // 154 ids in batches of 100
    }

    void faults_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("expectedStreams");
        QTest::addColumn<bool>("partial");
        // 1000 still streams, full census, each fault from the third page on.
        QTest::newRow("429 waits for the reset") << FaultKind::Status429 << 1 << 0 << 1000 << false;
        QTest::newRow("500 twice, then ok") << FaultKind::Status500 << 2 << 0 << 1000 << false;
        QTest::newRow("503 on every attempt") << FaultKind::Status503 << 3 << 0 << 200 << true;
        QTest::newRow("slower than the timeout") << FaultKind::Slow << 1 << 1500 << 1000 << false;
        QTest::newRow("truncated body") << FaultKind::Truncated << 1 << 0 << 1000 << false;
        QTest::newRow("malformed JSON once") << FaultKind::MalformedJson << 1 << 0 << 1000 << false;
        QTest::newRow("malformed JSON always") << FaultKind::MalformedJson << 3 << 0 << 200 << true;
        QTest::newRow("data not an array") << FaultKind::WrongPageType << 3 << 0 << 200 << true;
        QTest::newRow("token revoked mid-census")
            << FaultKind::RevokeToken << 1 << 0 << 1000 << false;
        QTest::newRow("cursor loops to the start")
            << FaultKind::CursorLoop << 1 << 0 << 300 << false;
        QTest::newRow("empty page with a cursor") << FaultKind::EmptyPage << 1 << 0 << 200 << false;
        QTest::newRow("cursor repeats") << FaultKind::RepeatCursor << 1 << 0 << 300 << false;
        QTest::newRow("connection closed, once")
            << FaultKind::ConnectionClose << 3 << 0 << 1000 << false;
        QTest::newRow("connection closed, always")
            << FaultKind::ConnectionClose << -1 << 0 << 200 << true;
    }

    void faults()
    {
        QFETCH(FaultKind, kind);
        QFETCH(int, count);
        QFETCH(int, delayMs);
        QFETCH(int, expectedStreams);
        QFETCH(bool, partial);
        FakeTwitchConfig fc = stillPopulation(1000);
        // A small, fast bucket: a 429's Ratelimit-Reset is about a second away.
        fc.bucketCapacity = 30;
        fc.refillPerMinute = 1800;
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        Fault fault;
        fault.kind = kind;
        fault.skip = 2;
        fault.count = count;
        fault.delayMs = delayMs;
        server.addFault(fault);
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        config.breakerThreshold = 100; // this test is about one page, not the breaker
        const OneCensus run = runOnce(config);
        QVERIFY2(run.finished, "the census never finished");
        QVERIFY2(run.ok, qPrintable(run.message));
        QVERIFY(run.census);
        const Census &c = *run.census;
        QCOMPARE(c.streams.size(), expectedStreams);
        QCOMPARE(idsOf(c.streams).size(), c.streams.size());
        QCOMPARE(c.partial, partial);
        QCOMPARE(c.stats.pagesFailed, partial ? 1 : 0);
        if (partial) // the summary says so in words
            QVERIFY2(run.message.contains(QStringLiteral("partial")), qPrintable(run.message));
        // What arrived is the top of the list, in the server's order.
        const QVector<Fake::FakeStream> live = server.liveStreams();
        for (int i = 0; i < std::min<int>(expectedStreams, 200); ++i)
            QCOMPARE(c.streams.at(i).streamId, live.at(i).id);
        if (kind == FaultKind::RevokeToken)
            QCOMPARE(server.tokensIssued(), 2);
        if (kind == FaultKind::Status429) {
            QCOMPARE(server.tooManyRequestsSent(), 1);
            // The request after the 429 waited for the bucket's reset.
            const QVector<Fake::RequestRecord> records = server.requests();
            for (qsizetype i = 0; i + 1 < records.size(); ++i) {
                if (records.at(i).status != 429)
                    continue;
                const qint64 gap = records.at(i + 1).atMs - records.at(i).atMs;
                QVERIFY2(gap >= 250, qPrintable(QString::number(gap)));
            }
        }
    }

    void aDrippingServerIsCutOffAtTheDeadline()
    {
        // A byte every 100 ms never trips the 400 ms transfer timeout; the
        // page (about 30 KB) would take most of an hour. The total deadline
        // ends each attempt, and the census goes on with what arrived.
        FakeTwitchServer server(stillPopulation(1000));
        QVERIFY(server.listen());
        Fault drip;
        drip.kind = FaultKind::Drip;
        drip.skip = 2;
        drip.count = -1;
        drip.delayMs = 100;
        server.addFault(drip);
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        config.requestDeadlineMs = 800;
        config.breakerThreshold = 100;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.finished, "the census never finished");
        QVERIFY2(run.ok, qPrintable(run.message));
        QVERIFY(run.census);
        QVERIFY(run.census->partial);
        QCOMPARE(run.census->streams.size(), 200);
        QCOMPARE(run.census->stats.pagesFailed, 1);
        QVERIFY2(run.message.contains(QStringLiteral("no complete answer within 0.8 s")),
                 qPrintable(run.message));
        QVERIFY(run.census->stats.requests >= 2 + config.maxAttempts); // each attempt was cut
    }

    void wrongFieldTypesSkipOnlyThoseItems()
    {
        FakeTwitchServer server(stillPopulation(500));
        QVERIFY(server.listen());
        Fault fault;
        fault.kind = FaultKind::WrongFieldTypes;
        fault.skip = 1;
        server.addFault(fault);
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        const Census &c = *run.census;
        QVERIFY(!c.partial);
        QVERIFY(c.stats.malformedItems > 0);
        QCOMPARE(c.streams.size() + c.stats.malformedItems, 500);
        QVERIFY(run.message.contains(QStringLiteral("malformed")));
    }

    void cursorAfterTheLastPageEndsCleanly()
    {
        FakeTwitchServer server(stillPopulation(450));
        QVERIFY(server.listen());
        Fault fault;
        fault.kind = FaultKind::CursorAfterLast;
        server.addFault(fault);
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.census->streams.size(), 450);
        QVERIFY(!run.census->partial);
        QCOMPARE(server.requestCount(QStringLiteral("/helix/streams")),
                 6); // 5 pages + the empty one
    }

    void badCredentialsAreReportedInWords()
    {
        FakeTwitchServer server(stillPopulation(100));
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.clientSecret = QStringLiteral("not-the-secret");
        const OneCensus run = runOnce(config);
        QVERIFY(run.finished);
        QVERIFY(!run.ok);
        QVERIFY2(run.message.contains(QStringLiteral("invalid client secret")),
                 qPrintable(run.message));
        QVERIFY(!run.census);
        QCOMPARE(server.requestCount(QStringLiteral("/helix/streams")), 0);

        config.clientId = QStringLiteral("unknown-client");
        const OneCensus unknown = runOnce(config);
        QVERIFY(!unknown.ok);
        QVERIFY2(unknown.message.contains(QStringLiteral("invalid client")),
                 qPrintable(unknown.message));
    }

    void unreachableServerFailsWithAReason()
    {
        TwitchConfig config;
        config.apiUrl = QUrl(QStringLiteral("http://127.0.0.1:1/helix"));
        config.authUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
        config.clientId = QStringLiteral("id");
        config.clientSecret = QStringLiteral("secret");
        config.backoffBaseMs = 5;
        config.once = true;
        const OneCensus run = runOnce(config);
        QVERIFY(run.finished);
        QVERIFY(!run.ok);
        QVERIFY2(run.message.contains(QStringLiteral("could not reach")), qPrintable(run.message));
    }

    void pacingNeverExceedsTheBucket()
    {
        FakeTwitchConfig fc = stillPopulation(2400);
        fc.bucketCapacity = 8;
        fc.refillPerMinute = 300; // 5 points a second
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        config.pacing = true;
        const OneCensus run = runOnce(config, 60000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.census->streams.size(), 2400);
        QCOMPARE(server.tooManyRequestsSent(), 0);
        for (const Fake::RequestRecord &r : server.requests())
            if (r.path.startsWith(u"/helix"))
                QVERIFY(r.rateRemaining >= 0);
    }

    void repeatedFailuresPauseThePlatform()
    {
        FakeTwitchServer server(stillPopulation(1000));
        QVERIFY(server.listen());
        Fault fault;
        fault.kind = FaultKind::Status503;
        fault.skip = 1;
        fault.count = -1;
        server.addFault(fault);
        TwitchConfig config = configFor(server);
        config.once = false;
        config.fullCensusEvery = 1;
        config.maxAttempts = 1;
        config.breakerThreshold = 1;
        config.breakerPauseMs = 60000;
        config.pollIntervalMs = 100;
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy censuses(&collector, &Collector::censusReady);
        QSignalSpy states(&collector, &Collector::stateChanged);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 1, 10000);
        const Census c = censuses.constFirst().at(0).value<Census>();
        QVERIFY(c.partial);
        QCOMPARE(c.streams.size(), 100); // the page before the failures is kept
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(states.begin(), states.end(),
                        [](const QList<QVariant> &s) {
                            return s.at(1).value<CollectorState>() == CollectorState::Stale &&
                                   s.at(2).toString().contains(QStringLiteral("paused"));
                        }),
            5000);
        // Paused: the poll interval passes many times without any request.
        const int sent = int(server.requests().size());
        QTest::qWait(600);
        QCOMPARE(int(server.requests().size()), sent);
        QCOMPARE(censuses.size(), 1);
        collector.stop();
    }

    void tokenIsRenewedOnExpiryAndValidatedHourly()
    {
        FakeTwitchConfig fc = stillPopulation(300);
        fc.tokenLifetimeS = 2 * 3600;
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        auto clock = std::make_shared<ManualClock>(1'800'000'000'000);
        TwitchConfig config = configFor(server);
        config.once = false;
        config.pollIntervalMs = 24LL * 3600 * 1000; // censuses only when asked below
        config.metadataEveryMs = 1LL << 50;
        TwitchCollector collector(config, clock);
        QSignalSpy censuses(&collector, &Collector::censusReady);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 1, 5000);
        QCOMPARE(server.tokensIssued(), 1);
        QCOMPARE(server.requestCount(QStringLiteral("/oauth2/validate")), 1);
        // Half an hour later: same token, not validated again.
        clock->advanceMs(30 * 60 * 1000);
        collector.collectNow();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 2, 5000);
        QCOMPARE(server.tokensIssued(), 1);
        QCOMPARE(server.requestCount(QStringLiteral("/oauth2/validate")), 1);
        // Past the hour: validated again.
        clock->advanceMs(40 * 60 * 1000);
        collector.collectNow();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 3, 5000);
        QCOMPARE(server.requestCount(QStringLiteral("/oauth2/validate")), 2);
        QCOMPARE(server.tokensIssued(), 1);
        // Past the token's lifetime: a new one before any Helix call fails.
        clock->advanceMs(2 * 3600 * 1000);
        collector.collectNow();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 4, 5000);
        QCOMPARE(server.tokensIssued(), 2);
        for (const Fake::RequestRecord &r : server.requests())
            QVERIFY2(r.status != 401, qPrintable(r.path));
        collector.stop();
    }

    void metadataOfWatchedChannelsAndTopGames()
    {
        FakeTwitchServer server(stillPopulation(300));
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.once = false;
        config.topN = 100;
        config.pollIntervalMs = 60000;
        const QString liveUser = server.liveStreams().at(250).userId;
        const QString offlineUser = server.offlineUserIds().constFirst();
        config.watchedChannels = {liveUser, offlineUser};
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy channels(&collector, &TwitchCollector::channelsRefreshed);
        QSignalSpy categories(&collector, &TwitchCollector::categoriesLearned);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(channels.size(), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!categories.isEmpty(), 5000);
        const auto refreshed = channels.constFirst().at(1).value<QVector<ChannelInfo>>();
        QCOMPARE(refreshed.size(), 2);
        for (const ChannelInfo &ch : refreshed) {
            QVERIFY(!ch.login.isEmpty());
            QVERIFY(!ch.displayName.isEmpty());
            QCOMPARE(ch.followers, qint64(server.followersOf(ch.channelId)));
        }
        const auto games = categories.constLast().at(1).value<QVector<CategoryInfo>>();
        QVERIFY(!games.isEmpty());
        for (const CategoryInfo &g : games)
            QVERIFY(!g.id.isEmpty() && !g.name.isEmpty());
        collector.stop();
    }

    void categoriesWithoutNamesAreNamedThroughGetGames()
    {
        FakeTwitchConfig fc = stillPopulation(400);
        fc.omitGameNames = true;
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy learned(&collector, &TwitchCollector::categoriesLearned);
        QSignalSpy done(&collector, &TwitchCollector::runFinished);
        std::optional<Census> census;
        connect(&collector, &Collector::censusReady, this, [&](const Census &c) { census = c; });
        collector.start();
        QVERIFY(done.wait(10000));
        QVERIFY(census);
        QHash<QString, QString> names; // the server's truth
        for (const Fake::FakeStream &s : server.liveStreams())
            names.insert(s.gameId, s.gameName);
        int named = 0;
        for (const StreamObservation &s : census->streams) {
            if (s.categoryId.isEmpty())
                continue;
            QCOMPARE(s.categoryName, names.value(s.categoryId));
            ++named;
        }
        QVERIFY(named > 300);
        QVERIFY(server.requestCount(QStringLiteral("/helix/games")) >= 1);
        for (const Fake::RequestRecord &r : server.requests())
            if (r.path == u"/helix/games")
                QVERIFY(r.query.allQueryItemValues(QStringLiteral("id")).size() <= 100);
        QVERIFY(!learned.isEmpty());
        collector.stop();
    }

    void aSecondFullCensusFindsTheStreamsPagingMissed()
    {
        FakeTwitchConfig fc;
        fc.liveStreams = 2000;
        fc.viewerDriftPerRequest = 0.05; // streams slip past the cursor
        FakeTwitchServer server(fc);
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.once = false;
        config.fullCensusEvery = 1;
        config.pollIntervalMs = 24LL * 3600 * 1000;
        config.metadataEveryMs = 1LL << 50;
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy censuses(&collector, &Collector::censusReady);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 1, 10000);
        collector.collectNow();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 2, 10000);
        collector.stop();
        const Census first = censuses.at(0).at(0).value<Census>();
        const Census second = censuses.at(1).at(0).value<Census>();
        QVERIFY(first.exhaustive && second.exhaustive);
        // Nobody ended, so no stream of the first census may be missing from
        // the second: the ones paging missed were asked for by user id.
        const QSet<QString> missing = idsOf(first.streams) - idsOf(second.streams);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringList(missing.values()).join(u',')));
        QVERIFY(first.streams.size() < 2000); // the first one did have gaps
    }

    // Each census is parsed from new JSON, but what did not change is held
    // once: the second census's strings are the first's (CensusInterner).
    void consecutiveCensusesShareTheirStrings()
    {
        FakeTwitchServer server(stillPopulation(300));
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        config.once = false;
        config.fullCensusEvery = 1;
        config.pollIntervalMs = 24LL * 3600 * 1000;
        config.metadataEveryMs = 1LL << 50;
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy censuses(&collector, &Collector::censusReady);
        collector.start();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 1, 10000);
        collector.collectNow();
        QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), 2, 10000);
        collector.stop();
        const Census first = censuses.at(0).at(0).value<Census>();
        const Census second = censuses.at(1).at(0).value<Census>();
        QCOMPARE(second.streams.size(), 300);
        QHash<QString, StreamObservation> before;
        for (const StreamObservation &o : first.streams)
            before.insert(o.streamId, o);
        for (const StreamObservation &o : second.streams) {
            QVERIFY(before.contains(o.streamId));
            const StreamObservation &p = before[o.streamId];
            QCOMPARE(o.channelLogin, p.channelLogin);
            QVERIFY(o.streamId.constData() == p.streamId.constData());
            QVERIFY(o.channelLogin.constData() == p.channelLogin.constData());
            QVERIFY(o.channelName.constData() == p.channelName.constData());
            QVERIFY(o.title.constData() == p.title.constData());
            QVERIFY(o.categoryId.isEmpty() || o.categoryId.constData() == p.categoryId.constData());
        }
    }

    void malformedTopPagesStopAtThePageLimit()
    {
        FakeTwitchServer server(stillPopulation(5000));
        QVERIFY(server.listen());
        Fault fault;
        fault.kind = FaultKind::WrongFieldTypes;
        fault.count = -1;
        server.addFault(fault);
        TwitchConfig config = configFor(server);
        config.topN = 300;
        const OneCensus run = runOnce(config);
        QVERIFY2(run.ok, qPrintable(run.message));
        QVERIFY(run.census->stats.malformedItems > 0);
        QVERIFY2(
            server.requestCount(QStringLiteral("/helix/streams")) <=
                3 + TwitchCollector::SpareTopPages,
            qPrintable(QString::number(server.requestCount(QStringLiteral("/helix/streams")))));
    }

    void stopMidCensusSendsNothingMore()
    {
        FakeTwitchServer server(stillPopulation(3000));
        QVERIFY(server.listen());
        Fault slow;
        slow.kind = FaultKind::Slow;
        slow.skip = 2;
        slow.delayMs = 300;
        server.addFault(slow);
        TwitchConfig config = configFor(server);
        config.fullCensusEvery = 1;
        config.requestTimeoutMs = 5000;
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        QSignalSpy censuses(&collector, &Collector::censusReady);
        QSignalSpy finished(&collector, &TwitchCollector::runFinished);
        collector.start();
        QTRY_VERIFY_WITH_TIMEOUT(server.requestCount(QStringLiteral("/helix/streams")) >= 3, 5000);
        collector.stop();
        const int sent = int(server.requests().size());
        QTest::qWait(800);
        QCOMPARE(int(server.requests().size()), sent);
        QCOMPARE(censuses.size(), 0);
        QCOMPARE(finished.size(), 0);
    }

    void aTokenTwitchKeepsRefusingEndsInWords()
    {
        FakeTwitchServer server(stillPopulation(300));
        QVERIFY(server.listen());
        Fault revoke;
        revoke.kind = FaultKind::RevokeToken;
        revoke.count = -1; // every Helix request: the new token is refused too
        server.addFault(revoke);
        TwitchConfig config = configFor(server);
        const OneCensus run = runOnce(config);
        QVERIFY(run.finished);
        // Not one page arrived: a failed run with Twitch's reason, never an
        // empty census that would say nobody is live.
        QVERIFY(!run.ok);
        QVERIFY(!run.census);
        QVERIFY2(run.message.contains(QStringLiteral("no page of streams arrived")),
                 qPrintable(run.message));
        QVERIFY2(run.message.contains(QStringLiteral("Invalid OAuth token")),
                 qPrintable(run.message));
        // One renewal for the request, not a renewal storm.
        QVERIFY2(server.tokensIssued() <= 2, qPrintable(QString::number(server.tokensIssued())));
    }

    void connectionTestReportsInWords()
    {
        FakeTwitchServer server(stillPopulation(10));
        QVERIFY(server.listen());
        TwitchConfig config = configFor(server);
        TwitchConnectionTest good;
        QSignalSpy goodDone(&good, &TwitchConnectionTest::finished);
        good.run(config);
        QVERIFY(goodDone.wait(5000));
        QVERIFY(goodDone.constFirst().at(0).toBool());
        config.clientSecret = QStringLiteral("wrong");
        TwitchConnectionTest bad;
        QSignalSpy badDone(&bad, &TwitchConnectionTest::finished);
        bad.run(config);
        QVERIFY(badDone.wait(5000));
        QVERIFY(!badDone.constFirst().at(0).toBool());
        QVERIFY2(
            badDone.constFirst().at(1).toString().contains(QStringLiteral("invalid client secret")),
            qPrintable(badDone.constFirst().at(1).toString()));
    }
};

QTEST_GUILESS_MAIN(TestTwitchCollector)
#include "tst_twitchcollector.moc"
