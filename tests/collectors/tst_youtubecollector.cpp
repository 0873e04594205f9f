// The YouTube collector against the fake YouTube Data API over real HTTP:
// discovery by search and by watched channels, counts as YouTube gives them
// (hidden ones unknown), videos that end or vanish ending, key errors in words,
// faults ending in the documented behaviour with what arrived kept, and the
// quota: counted exactly, never overspent over a simulated day, paused on
// quotaExceeded until midnight Pacific time and never retried.

#include "youtubetestsupport.h"

#include "clock.h"
#include "youtubequota.h"

#include <QHash>
#include <QSignalSpy>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::YouTubeTest;
using Fake::FakeYouTubeServer;
using Fake::Fault;
using Fake::FaultKind;
using Fake::YouTubeMethod;

namespace {

// The category most live videos of the world are in, and how many are.
std::pair<QString, int> busiestCategory(const FakeYouTubeServer &server)
{
    QHash<QString, int> counts;
    for (const auto &v : server.liveVideos())
        ++counts[v.categoryId];
    QString best;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (best.isEmpty() || it.value() > counts.value(best))
            best = it.key();
    return {best, counts.value(best)};
}

YouTubeSearch categorySearch(const QString &categoryId)
{
    YouTubeSearch s;
    s.videoCategoryId = categoryId;
    return s;
}

} // namespace

class TestYouTubeCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSearchFindsLiveVideosWithTheirCounts()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto [category, live] = busiestCategory(server);
        QVERIFY(live > 0);
        YouTubeConfig config = configFor(server);
        config.searches = {categorySearch(category)};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        QVERIFY(rec.finished && rec.finished->first);
        const Census &c = rec.censuses.constFirst();
        QCOMPARE(c.platform, Platform::YouTube);
        QVERIFY(!c.exhaustive); // a YouTube census never proves others ended
        QVERIFY(!c.partial);
        QCOMPARE(c.streams.size(), qMin(live, 50));
        int hidden = 0;
        for (const StreamObservation &o : c.streams) {
            const auto v = server.video(o.streamId);
            QVERIFY2(v, qPrintable(o.streamId));
            QCOMPARE(v->state, Fake::FakeVideoState::Live);
            QCOMPARE(o.channelId, v->channelId);
            QCOMPARE(o.title, v->title);
            QCOMPARE(o.categoryId, category);
            QVERIFY2(!o.categoryName.isEmpty(), "category named through videoCategories.list");
            // actualStartTime is sent to the second.
            QCOMPARE(o.startedAtMs / 1000, v->actualStartMs / 1000);
            if (v->hiddenViewers) {
                QCOMPARE(o.viewers, StreamObservation::UnknownViewers);
                ++hidden;
            } else {
                QCOMPARE(o.viewers, v->viewers);
            }
        }
        // Our count of the quota is the server's, call for call.
        QVERIFY(rec.quota);
        QCOMPARE(rec.quota->unitsUsed, server.unitsUsed());
        QCOMPARE(rec.quota->searchesUsed, server.searchesUsed());
        QCOMPARE(server.callCount(YouTubeMethod::Search), 1);
        QCOMPARE(rec.quota->searchesUsed, 1);
        // The run's units, as collector_runs records them.
        QCOMPARE(c.stats.quotaUsed, server.unitsUsed());
        qInfo("%d live videos, %d with a hidden count", int(c.streams.size()), hidden);
    }

    void aWatchedChannelGoingLiveIsFoundWithoutASearch()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const QString channel = server.idleChannelIds().constFirst();
        YouTubeConfig config = configFor(server);
        config.once = false;
        config.watchedChannels = {channel};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        QVERIFY(rec.censuses.at(0).streams.isEmpty());
        const QString video = server.startBroadcast(channel);
        QVERIFY(!video.isEmpty());
        // With one watched channel the quota checks it every poll: the next
        // census finds it.
        QVERIFY(rec.quota);
        QCOMPARE(rec.quota->watchIntervalMs, rec.quota->pollIntervalMs);
        collector.collectNow();
        QVERIFY(rec.waitCensus(2));
        const Census &c = rec.censuses.at(1);
        QCOMPARE(c.streams.size(), 1);
        QCOMPARE(c.streams.at(0).streamId, video);
        QCOMPARE(c.streams.at(0).channelId, channel);
        QCOMPARE(server.callCount(YouTubeMethod::Search), 0);
        // Once live it is tracked by videos.list alone: its uploads are not
        // checked again while it is live.
        const int playlistCalls = server.callCount(YouTubeMethod::PlaylistItems);
        collector.collectNow();
        QVERIFY(rec.waitCensus(3));
        QCOMPARE(server.callCount(YouTubeMethod::PlaylistItems), playlistCalls);
        QCOMPARE(rec.censuses.at(2).streams.size(), 1);
        collector.stop();
    }

    void endedAndVanishedVideosEnd()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto live = server.liveVideos();
        QVERIFY(live.size() >= 3);
        YouTubeConfig config = configFor(server);
        config.once = false;
        config.watchedChannels = {live.at(0).channelId, live.at(1).channelId, live.at(2).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        QCOMPARE(idsOf(rec.censuses.at(0).streams),
                 (QSet<QString>{live.at(0).id, live.at(1).id, live.at(2).id}));
        QVERIFY(server.endBroadcast(live.at(0).channelId));
        QVERIFY(server.deleteVideo(live.at(1).id));
        collector.collectNow();
        QVERIFY(rec.waitCensus(2));
        const Census &c = rec.censuses.at(1);
        QCOMPARE(idsOf(c.streams), QSet<QString>{live.at(2).id});
        QCOMPARE(QSet<QString>(c.endedStreamIds.cbegin(), c.endedStreamIds.cend()),
                 (QSet<QString>{live.at(0).id, live.at(1).id}));
        // Said once: the next census does not end them again.
        collector.collectNow();
        QVERIFY(rec.waitCensus(3));
        QVERIFY(rec.censuses.at(2).endedStreamIds.isEmpty());
        collector.stop();
    }

    void aHiddenCountIsUnknownNotZero()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto live = server.liveVideos();
        QVERIFY(server.setHiddenCount(live.at(0).id, true));
        QVERIFY(server.setHiddenCount(live.at(1).id, false));
        YouTubeConfig config = configFor(server);
        config.watchedChannels = {live.at(0).channelId, live.at(1).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        const Census &c = rec.censuses.at(0);
        QCOMPARE(c.streams.size(), 2);
        for (const StreamObservation &o : c.streams) {
            if (o.streamId == live.at(0).id) {
                QCOMPARE(o.viewers, StreamObservation::UnknownViewers);
                QVERIFY(!o.viewersKnown());
            } else {
                QCOMPARE(o.viewers, live.at(1).viewers);
            }
        }
        QCOMPARE(c.totalViewers(), qint64(live.at(1).viewers));
    }

    void keyErrorsAreSaidInWords_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("words");
        QTest::newRow("invalid key") << "not-a-key"
                                     << "API key";
        QTest::newRow("API not enabled") << "fake-youtube-key-disabled"
                                         << "not enabled";
    }
    void keyErrorsAreSaidInWords()
    {
        QFETCH(QString, key);
        QFETCH(QString, words);
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        YouTubeConfig config = configFor(server);
        config.apiKey = key;
        config.watchedChannels = {server.liveVideos().at(0).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(QTest::qWaitFor([&] { return rec.finished.has_value(); }, 10000));
        QVERIFY(!rec.finished->first);
        QVERIFY2(rec.finished->second.contains(words, Qt::CaseInsensitive),
                 qPrintable(rec.finished->second));
        QVERIFY(rec.censuses.isEmpty());
        // Not retried: every request would fail the same way.
        QCOMPARE(server.requests().size(), 1);
    }

    void transientFaultsAreRetried_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::newRow("500 backendError") << FaultKind::Status500;
        QTest::newRow("503") << FaultKind::Status503;
        QTest::newRow("rateLimitExceeded") << FaultKind::RateLimitExceeded;
        QTest::newRow("truncated") << FaultKind::Truncated;
        QTest::newRow("connection closed") << FaultKind::ConnectionClose;
        QTest::newRow("no answer in time") << FaultKind::Slow;
    }
    void transientFaultsAreRetried()
    {
        QFETCH(FaultKind, kind);
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto live = server.liveVideos();
        Fault f;
        f.path = QStringLiteral("/youtube/v3/videos");
        f.kind = kind;
        f.count = kind == FaultKind::ConnectionClose ? 3 : 1;
        f.delayMs = 1500; // Slow: past the 400 ms transfer timeout
        server.addFault(f);
        YouTubeConfig config = configFor(server);
        config.maxAttempts = kind == FaultKind::ConnectionClose ? 3 : 2;
        config.watchedChannels = {live.at(0).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        const Census &c = rec.censuses.at(0);
        QVERIFY2(!c.partial, qPrintable(rec.states.join(u'\n')));
        QCOMPARE(idsOf(c.streams), QSet<QString>{live.at(0).id});
        QVERIFY(c.stats.requests > c.stats.pagesOk);
    }

    // The key is a query item of every URL, and Qt's error strings quote the
    // URL: none of it may reach a log line, a state or a census.
    void theKeyNeverReachesLogsOrStates()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        for (FaultKind kind : {FaultKind::Status500, FaultKind::Truncated, FaultKind::Slow}) {
            Fault f;
            f.path = QStringLiteral("/youtube/v3/videos");
            f.kind = kind;
            f.delayMs = 1500;
            server.addFault(f);
        }
        static QStringList logged;
        logged.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &m) { logged.append(m); });
        YouTubeConfig config = configFor(server);
        config.maxAttempts = 3; // each fault is retried, and the retries are logged
        config.watchedChannels = {server.liveVideos().at(0).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        const bool finished = QTest::qWaitFor([&] { return rec.finished.has_value(); }, 10000);
        qInstallMessageHandler(previous);
        QVERIFY(finished);
        QVERIFY2(!logged.isEmpty(), "the faults were logged");
        const QString key = config.apiKey;
        for (const QString &line : std::as_const(logged))
            QVERIFY2(!line.contains(key), qPrintable(line));
        for (const QString &state : std::as_const(rec.states))
            QVERIFY2(!state.contains(key), qPrintable(state));
        QVERIFY(!rec.finished->second.contains(key));
    }

    void aPageThatFailsLeavesAPartialCensusWithWhatArrived()
    {
        FakeYouTubeServer server(stillWorld(400, 300));
        QVERIFY(server.listen());
        const auto [category, live] = busiestCategory(server);
        QVERIFY2(live > 50, "two pages of videos.list");
        YouTubeConfig config = configFor(server);
        config.searches = {categorySearch(category)};
        config.searchPages = 2;
        config.maxAttempts = 2;
        Fault f;
        f.path = QStringLiteral("/youtube/v3/videos");
        f.kind = FaultKind::MalformedJson;
        f.skip = 1;
        f.count = -1;
        server.addFault(f);
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        const Census &c = rec.censuses.at(0);
        QVERIFY(c.partial);
        QCOMPARE(c.stats.pagesFailed, 1);
        QCOMPARE(c.streams.size(), 50);      // the first page of 50, kept
        QVERIFY(c.endedStreamIds.isEmpty()); // a failed page ends nothing
    }

    // The day's searches spent (an earlier run's, restored): the watched and
    // tracked videos are still polled; only searching waits for the reset.
    void spentSearchesStillPoll()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto live = server.liveVideos();
        YouTubeConfig config = configFor(server);
        config.dailySearches = 5;
        config.searches = {categorySearch(live.at(0).categoryId)};
        config.watchedChannels = {live.at(0).channelId};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        collector.restoreQuota(YouTube::pacificDayStartMs(now), 10, 5);
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        QCOMPARE(idsOf(rec.censuses.at(0).streams), QSet<QString>{live.at(0).id});
        QVERIFY(!rec.censuses.at(0).partial);
        QCOMPARE(server.callCount(YouTubeMethod::Search), 0);
        QVERIFY(rec.finished && rec.finished->first);
    }

    // YouTube's own search bucket can run out before ours says so (a key
    // shared with another tool): that stops searching, not the platform.
    void quotaExceededOnASearchStopsSearchingOnly()
    {
        Fake::FakeYouTubeConfig fc = stillWorld(400, 300);
        fc.dailySearches = 1;
        FakeYouTubeServer server(fc);
        QVERIFY(server.listen());
        const auto [category, live] = busiestCategory(server);
        QVERIFY(live > 50);
        YouTubeConfig config = configFor(server);
        config.once = false;
        config.searches = {categorySearch(category)};
        config.searchPages = 2; // the second page meets the spent bucket
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(rec.waitCensus(1));
        QCOMPARE(server.quotaExceededSent(), 1);
        QCOMPARE(rec.censuses.at(0).streams.size(), 50); // the first page's videos
        QVERIFY(rec.quota && !rec.quota->exhausted);
        QCOMPARE(rec.quota->searchesUsed, rec.quota->dailySearches);
        const int videosCalls = server.callCount(YouTubeMethod::Videos);
        collector.collectNow();
        QVERIFY(rec.waitCensus(2));
        QCOMPARE(server.callCount(YouTubeMethod::Videos), videosCalls + 1);
        QCOMPARE(server.quotaExceededSent(), 1); // never searched again
        QCOMPARE(rec.censuses.at(1).streams.size(), 50);
        collector.stop();
    }

    // Every videos.list page failing is a failed census, not an empty one
    // (which would read as no video being live).
    void noVideosPageArrivingIsAFailure()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        Fault f;
        f.path = QStringLiteral("/youtube/v3/videos");
        f.kind = FaultKind::Status503;
        f.count = -1;
        server.addFault(f);
        YouTubeConfig config = configFor(server);
        config.maxAttempts = 2;
        config.searches = {categorySearch(busiestCategory(server).first)};
        YouTubeCollector collector(config, std::make_shared<SystemClock>());
        Recorder rec(collector);
        collector.start();
        QVERIFY(QTest::qWaitFor([&] { return rec.finished.has_value(); }, 10000));
        QVERIFY(!rec.finished->first);
        QVERIFY(rec.censuses.isEmpty());
        QVERIFY2(
            rec.finished->second.contains(QStringLiteral("503")) ||
                rec.finished->second.contains(QStringLiteral("unavailable"), Qt::CaseInsensitive) ||
                rec.finished->second.contains(QStringLiteral("YouTube")),
            qPrintable(rec.finished->second));
    }

    void quotaExceededPausesUntilMidnightPacificAndIsNeverRetried()
    {
        FakeYouTubeServer server(stillWorld());
        QVERIFY(server.listen());
        const auto live = server.liveVideos();
        auto clock = std::make_shared<ManualClock>(
            QDateTime(QDate(2026, 12, 4), QTime(18, 0), Qt::UTC).toMSecsSinceEpoch());
        server.exhaustQuota();
        YouTubeConfig config = configFor(server);
        config.once = false;
        config.watchedChannels = {live.at(0).channelId};
        YouTubeCollector collector(config, clock);
        Recorder rec(collector);
        collector.start();
        QVERIFY(QTest::qWaitFor([&] { return rec.quota && rec.quota->exhausted; }, 10000));
        QCOMPARE(server.quotaExceededSent(), 1);
        QCOMPARE(server.requests().size(), 1);
        QVERIFY2(rec.states.constLast().contains(QStringLiteral("quota")),
                 qPrintable(rec.states.constLast()));
        QVERIFY(rec.states.constLast().startsWith(collectorStateText(CollectorState::Stale)));
        QCOMPARE(rec.quota->resetAtMs, YouTube::nextPacificMidnightMs(clock->nowMs()));
        // Until the reset nothing is sent, however often it is asked.
        collector.collectNow();
        collector.collectNow();
        QTest::qWait(100);
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(rec.censuses.isEmpty());
        clock->setMs(rec.quota->resetAtMs + 1000);
        server.resetQuota();
        collector.collectNow();
        QVERIFY(rec.waitCensus(1));
        QCOMPARE(idsOf(rec.censuses.at(0).streams), QSet<QString>{live.at(0).id});
        QVERIFY(!rec.quota->exhausted);
        QCOMPARE(rec.quota->unitsUsed, server.unitsUsed());
        collector.stop();
    }

    // A simulated day on a ManualClock, census after census as the plan
    // schedules them, against a fake with a small quota: never one call over
    // either bucket, never a quotaExceeded, collecting through the whole day,
    // and a fresh quota after the Pacific midnight.
    void aSimulatedDayNeverOverspends()
    {
        Fake::FakeYouTubeConfig fc = stillWorld(300, 120);
        fc.viewerDriftPerRequest = 0.01;
        fc.dailyUnits = 800;
        fc.dailySearches = 20;
        FakeYouTubeServer server(fc);
        QVERIFY(server.listen());
        const qint64 dayStart = YouTube::pacificDayStartMs(
            QDateTime(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
        auto clock = std::make_shared<ManualClock>(dayStart + 60 * 60 * 1000);
        YouTubeConfig config = configFor(server);
        config.once = false;
        config.dailyUnits = fc.dailyUnits;
        config.dailySearches = fc.dailySearches;
        config.searches = {categorySearch(busiestCategory(server).first)};
        const QVector<QString> idle = server.idleChannelIds();
        for (int i = 0; i < 8; ++i)
            config.watchedChannels.append(idle.at(i));
        YouTubeCollector collector(config, clock);
        Recorder rec(collector);
        collector.start();
        const qint64 reset = YouTube::nextPacificMidnightMs(clock->nowMs());
        int censuses = 0;
        qint64 lastCensusAt = 0;
        while (clock->nowMs() < reset - 1) {
            QVERIFY(rec.waitCensus(censuses + 1, 10000));
            ++censuses;
            lastCensusAt = clock->nowMs();
            if (censuses % 40 == 0) // now and then a watched channel goes live
                server.startBroadcast(config.watchedChannels.at((censuses / 40) % 8));
            QVERIFY(rec.quota);
            QCOMPARE(rec.quota->unitsUsed, server.unitsUsed());
            QCOMPARE(rec.quota->searchesUsed, server.searchesUsed());
            clock->advanceMs(std::max<qint64>(rec.quota->pollIntervalMs, 1000));
            if (clock->nowMs() >= reset)
                break;
            collector.collectNow();
        }
        QCOMPARE(server.quotaExceededSent(), 0);
        QVERIFY(server.unitsUsed() <= fc.dailyUnits);
        QVERIFY(server.searchesUsed() <= fc.dailySearches);
        const int unitsOfTheDay = server.unitsUsed();
        const int searchesOfTheDay = server.searchesUsed();
        // It kept collecting until the end of the day, not in a burst.
        QVERIFY2(lastCensusAt > reset - 60 * 60 * 1000, qPrintable(isoUtcText(lastCensusAt)));
        QVERIFY2(censuses > 100, qPrintable(QString::number(censuses)));
        QVERIFY2(searchesOfTheDay >= fc.dailySearches / 2,
                 qPrintable(QString::number(searchesOfTheDay)));
        qInfo("%d censuses, %d units and %d searches of %d and %d", censuses, unitsOfTheDay,
              searchesOfTheDay, fc.dailyUnits, fc.dailySearches);
        // After the reset: a fresh day.
        server.resetQuota();
        collector.collectNow();
        QVERIFY(rec.waitCensus(censuses + 1, 10000));
        QVERIFY(rec.quota->unitsUsed <= 10);
        collector.stop();
    }
};

QTEST_GUILESS_MAIN(TestYouTubeCollector)
#include "tst_youtubecollector.moc"
