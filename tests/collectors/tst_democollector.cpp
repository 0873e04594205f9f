// The Demo collector on its own thread, driven by a manual clock: a census at
// once on start, then one per census-grid point the clock passes, in order,
// with a cap on catching up, and nothing after stop().

#include "censusbacklog.h"
#include "clock.h"
#include "democollector.h"
#include "demosimulation.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <memory>

using namespace StreamRank;

namespace {

constexpr qint64 IntervalMs = 120'000;
// 19:00 UTC: on the 2-minute grid.
const qint64 Grid0 =
    QDateTime(QDate(2026, 11, 21), QTime(19, 0), QTimeZone::utc()).toMSecsSinceEpoch();

DemoConfig smallPlatform()
{
    DemoConfig config;
    config.peakConcurrentStreams = 400; // keeps catching up over hours quick
    return config;
}

struct StateReport
{
    CollectorState state;
    QString detail;
};

} // namespace

class TestDemoCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstCensusComesAtOnceOnTheGridPointBeforeNow();
    void aCensusForEachGridPointTheClockPasses();
    void theNextCensusIsNamedInTheDisplayZone();
    void catchingUpIsCappedAndSaysSo();
    void censusesAndRaidsAreTheSimulations();
    void stopGoesIdleAndEndsTheCensuses();
    void backfillSkipsNothingWhateverTheBacklog();
    void liveCensusesAreSkippedWhileStorageIsBehind();
    void aRestartResumesTheWorldOfTheStoredStreams();
    void aRestartBeginsANewWorldWhenTheStoredOneIsNotThis();
    void aRestartBeginsANewWorldWhenTheStoredOneIsTooOld();

private:
    // What a first run left in the database: its last census's streams
    // (id -> channel) and that census's time.
    struct FirstRun
    {
        QHash<QString, QString> open;
        qint64 lastMs = 0;
    };
    void runFirst(qint64 backfillMs, qint64 untilMs, FirstRun &first);
    // A second collector (the restarted app) on a fresh thread.
    QVector<Census> restart(const DemoConfig &config, const FirstRun &first, qint64 nowMs,
                            qint64 backfillMs, int expectedCensuses);

    // Plays the pipeline: every census emitted counts as handed over.
    std::shared_ptr<CensusBacklog> attachBacklog(int limit);
    static void consumeOne(CensusBacklog &backlog);
    void startCollector(qint64 nowMs);
    QVector<qint64> takenAt() const;

    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<QThread> m_thread;
    DemoCollector *m_collector = nullptr; // deleted on its own thread when it finishes
    std::unique_ptr<QObject> m_receiver;  // main-thread context for queued delivery
    QVector<Census> m_censuses;
    QVector<StateReport> m_states;
};

void TestDemoCollector::initTestCase()
{
    qRegisterMetaType<StreamRank::Census>();
    qRegisterMetaType<StreamRank::Platform>();
    qRegisterMetaType<StreamRank::CollectorState>();
    // The times the states name are the window's (the display zone): UTC
    // here, whatever zone the machine is in.
    setDisplayTimeZone(QTimeZone::utc());
}

void TestDemoCollector::init()
{
    m_censuses.clear();
    m_states.clear();
    m_clock = std::make_shared<ManualClock>(Grid0);
    m_thread = std::make_unique<QThread>();
    m_receiver = std::make_unique<QObject>();
    m_collector = new DemoCollector(m_clock, smallPlatform(), IntervalMs);
    m_collector->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_collector, &QObject::deleteLater);
    // Queued to this thread, so the vectors are only touched here.
    connect(m_collector, &Collector::censusReady, m_receiver.get(),
            [this](const Census &census) { m_censuses.append(census); });
    connect(m_collector, &Collector::stateChanged, m_receiver.get(),
            [this](Platform platform, CollectorState state, const QString &detail) {
                QCOMPARE(platform, Platform::Demo);
                m_states.append({state, detail});
            });
    m_thread->start();
}

void TestDemoCollector::cleanup()
{
    QMetaObject::invokeMethod(m_collector, &DemoCollector::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    QVERIFY(m_thread->wait(10'000));
    m_collector = nullptr;
    m_thread.reset();
    m_receiver.reset();
}

void TestDemoCollector::startCollector(qint64 nowMs)
{
    m_clock->setMs(nowMs);
    QMetaObject::invokeMethod(m_collector, &DemoCollector::start, Qt::QueuedConnection);
}

QVector<qint64> TestDemoCollector::takenAt() const
{
    QVector<qint64> times;
    for (const auto &c : m_censuses)
        times.append(c.takenAtMs);
    return times;
}

void TestDemoCollector::firstCensusComesAtOnceOnTheGridPointBeforeNow()
{
    startCollector(Grid0 + 45'000);
    QTRY_COMPARE(m_censuses.size(), 1);
    QCOMPARE(m_censuses.first().takenAtMs, Grid0);
    QCOMPARE(m_censuses.first().platform, Platform::Demo);
    QVERIFY(m_censuses.first().streams.size() > 100);

    QTRY_VERIFY(m_states.size() >= 2);
    QCOMPARE(m_states[0].state, CollectorState::Collecting);
    QCOMPARE(m_states[1].state, CollectorState::Waiting);
    QVERIFY2(m_states[1].detail.contains(QStringLiteral("19:02 UTC (simulated)")),
             qPrintable(m_states[1].detail));
}

void TestDemoCollector::theNextCensusIsNamedInTheDisplayZone()
{
    // Read on the collector's thread while the GUI thread may set it.
    setDisplayTimeZone(QTimeZone("Europe/Berlin"));
    startCollector(Grid0 + 45'000);
    QTRY_VERIFY(m_states.size() >= 2);
    setDisplayTimeZone(QTimeZone::utc());
    QCOMPARE(m_states[1].state, CollectorState::Waiting);
    QVERIFY2(m_states[1].detail.contains(QStringLiteral("next census at 20:02 CET (simulated)")),
             qPrintable(m_states[1].detail));
}

void TestDemoCollector::aCensusForEachGridPointTheClockPasses()
{
    startCollector(Grid0);
    QTRY_COMPARE(m_censuses.size(), 1);

    m_clock->setMs(Grid0 + IntervalMs - 1);
    QTest::qWait(200);
    QCOMPARE(m_censuses.size(), 1); // not due yet

    m_clock->setMs(Grid0 + IntervalMs);
    QTRY_COMPARE(m_censuses.size(), 2);
    QCOMPARE(m_censuses.last().takenAtMs, Grid0 + IntervalMs);

    // A jump over several grid points produces each of them, in order.
    m_clock->advanceMs(3 * IntervalMs + 30'000);
    QTRY_COMPARE(m_censuses.size(), 5);
    const QVector<qint64> expected = {Grid0, Grid0 + IntervalMs, Grid0 + 2 * IntervalMs,
                                      Grid0 + 3 * IntervalMs, Grid0 + 4 * IntervalMs};
    QCOMPARE(takenAt(), expected);
    QCOMPARE(m_states.last().state, CollectorState::Waiting);
    QVERIFY2(m_states.last().detail.contains(QStringLiteral("19:10")),
             qPrintable(m_states.last().detail));
}

void TestDemoCollector::catchingUpIsCappedAndSaysSo()
{
    startCollector(Grid0);
    QTRY_COMPARE(m_censuses.size(), 1);

    m_clock->setMs(Grid0 + 25 * IntervalMs);
    QTRY_COMPARE(m_censuses.size(), 1 + DemoCollector::MaxCatchUpCensuses);
    QTest::qWait(200);
    QCOMPARE(m_censuses.size(), 1 + DemoCollector::MaxCatchUpCensuses);

    // The newest ten grid points are kept, the older fifteen dropped.
    QVector<qint64> expected = {Grid0};
    for (int i = 16; i <= 25; ++i)
        expected.append(Grid0 + i * IntervalMs);
    QCOMPARE(takenAt(), expected);

    QTRY_COMPARE(m_states.last().state, CollectorState::Waiting);
    QVERIFY2(m_states.last().detail.contains(QStringLiteral("skipped 15")),
             qPrintable(m_states.last().detail));
}

void TestDemoCollector::censusesAndRaidsAreTheSimulations()
{
    startCollector(Grid0 + 10'000);
    QTRY_COMPARE(m_censuses.size(), 1);
    // Half a simulated day in one jump: the collector still walks through it.
    const qint64 later = Grid0 + 12 * 3'600'000;
    m_clock->setMs(later);
    QTRY_COMPARE_WITH_TIMEOUT(m_censuses.size(), 1 + DemoCollector::MaxCatchUpCensuses, 20'000);
    QCOMPARE(m_censuses.last().takenAtMs, later);

    DemoSimulation reference(smallPlatform(), Grid0);
    for (const Census &got : std::as_const(m_censuses)) {
        const Census want = reference.censusAt(got.takenAtMs);
        QCOMPARE(got.streams.size(), want.streams.size());
        for (qsizetype i = 0; i < got.streams.size(); ++i) {
            QCOMPARE(got.streams[i].streamId, want.streams[i].streamId);
            QCOMPARE(got.streams[i].viewers, want.streams[i].viewers);
        }
    }
    // Read from this thread while the collector's thread keeps running.
    const QVector<DemoRaid> raids = m_collector->raids();
    QVERIFY(!raids.isEmpty());
    QCOMPARE(raids, reference.raids());
}

void TestDemoCollector::stopGoesIdleAndEndsTheCensuses()
{
    startCollector(Grid0);
    QTRY_COMPARE(m_censuses.size(), 1);
    QMetaObject::invokeMethod(m_collector, &DemoCollector::stop, Qt::QueuedConnection);
    QTRY_COMPARE(m_states.last().state, CollectorState::Idle);

    m_clock->advanceMs(5 * IntervalMs);
    QTest::qWait(300);
    QCOMPARE(m_censuses.size(), 1);
}

std::shared_ptr<CensusBacklog> TestDemoCollector::attachBacklog(int limit)
{
    auto backlog = std::make_shared<CensusBacklog>(limit);
    m_collector->setBacklog(backlog);
    connect(
        m_collector, &Collector::censusReady, m_collector,
        [backlog](const Census &) { backlog->handedOver(); }, Qt::DirectConnection);
    return backlog;
}

void TestDemoCollector::consumeOne(CensusBacklog &backlog)
{
    backlog.stored();
    backlog.analysed();
}

void TestDemoCollector::backfillSkipsNothingWhateverTheBacklog()
{
    // The backfill (bounded: the last hours at most) is history a new user
    // is meant to see whole: it is handed over at once even to consumers
    // that are behind, and the live censuses wait for them instead.
    const auto backlog = attachBacklog(2);
    m_collector->setBackfillMs(5 * IntervalMs);
    startCollector(Grid0 + 1'000);
    QTRY_COMPARE(m_censuses.size(), 6);
    QVector<qint64> expected;
    for (int i = 5; i >= 0; --i)
        expected.append(Grid0 - i * IntervalMs);
    QCOMPARE(takenAt(), expected);
    QCOMPARE(backlog->storing(), 6);

    m_clock->setMs(Grid0 + IntervalMs);
    QTest::qWait(200);
    QCOMPARE(m_censuses.size(), 6); // skipped: six still waiting
    for (int i = 0; i < 5; ++i)
        consumeOne(*backlog);
    m_clock->setMs(Grid0 + 2 * IntervalMs);
    QTRY_COMPARE(m_censuses.size(), 7);
    QCOMPARE(m_censuses.last().takenAtMs, Grid0 + 2 * IntervalMs);
}

void TestDemoCollector::liveCensusesAreSkippedWhileStorageIsBehind()
{
    const auto backlog = attachBacklog(1);
    int skipped = 0;
    QString reason;
    connect(m_collector, &Collector::censusesSkipped, m_receiver.get(),
            [&](Platform platform, int count, const QString &why) {
                QCOMPARE(platform, Platform::Demo);
                skipped += count;
                reason = why;
            });
    startCollector(Grid0);
    QTRY_COMPARE(m_censuses.size(), 1);

    // Storage still holds that census: the next three are not queued behind it.
    m_clock->setMs(Grid0 + 3 * IntervalMs);
    QTRY_COMPARE(skipped, 3);
    QCOMPARE(m_censuses.size(), 1);
    QCOMPARE(reason, QStringLiteral("storage is behind (1 census waiting to be stored)"));
    QTRY_VERIFY(m_states.last().detail.contains(QStringLiteral("skipped 3 censuses")));

    // Caught up: the next grid point is a census again.
    consumeOne(*backlog);
    m_clock->setMs(Grid0 + 4 * IntervalMs);
    QTRY_COMPARE(m_censuses.size(), 2);
    QCOMPARE(m_censuses.last().takenAtMs, Grid0 + 4 * IntervalMs);
    QCOMPARE(skipped, 3);
}

void TestDemoCollector::runFirst(qint64 backfillMs, qint64 untilMs, FirstRun &first)
{
    m_collector->setBackfillMs(backfillMs);
    startCollector(Grid0);
    QTRY_VERIFY(!m_censuses.isEmpty() && m_censuses.last().takenAtMs == Grid0);
    for (qint64 t = Grid0 + IntervalMs; t <= untilMs; t += IntervalMs) {
        m_clock->setMs(t);
        QTRY_COMPARE(m_censuses.last().takenAtMs, t);
    }
    QMetaObject::invokeMethod(m_collector, &DemoCollector::stop, Qt::BlockingQueuedConnection);
    first.lastMs = m_censuses.last().takenAtMs;
    for (const StreamObservation &o : std::as_const(m_censuses.last().streams))
        first.open.insert(o.streamId, o.channelId);
}

QVector<Census> TestDemoCollector::restart(const DemoConfig &config, const FirstRun &first,
                                           qint64 nowMs, qint64 backfillMs, int expectedCensuses)
{
    auto clock = std::make_shared<ManualClock>(nowMs);
    QThread thread;
    auto *collector = new DemoCollector(clock, config, IntervalMs);
    collector->setStoredUntilMs(first.lastMs);
    collector->setBackfillMs(backfillMs);
    collector->setResume(first.open, first.lastMs);
    collector->moveToThread(&thread);
    connect(&thread, &QThread::finished, collector, &QObject::deleteLater);
    QVector<Census> censuses;
    QObject receiver;
    connect(collector, &Collector::censusReady, &receiver,
            [&censuses](const Census &census) { censuses.append(census); });
    thread.start();
    QMetaObject::invokeMethod(collector, &DemoCollector::start, Qt::QueuedConnection);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(censuses.size(), expectedCensuses, 20'000); }();
    QMetaObject::invokeMethod(collector, &DemoCollector::stop, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return censuses;
}

void TestDemoCollector::aRestartResumesTheWorldOfTheStoredStreams()
{
    // A first run from 18:00 (an hour of backfill) to 19:30, stopped; the
    // restart at 19:41 fills the gap from 19:32 and goes on.
    const qint64 backfill = 30 * IntervalMs;
    FirstRun first;
    runFirst(backfill, Grid0 + 15 * IntervalMs, first);
    QVERIFY(first.open.size() > 100);
    const qint64 restartAt = first.lastMs + 5 * IntervalMs + 30'000;
    const QVector<Census> after =
        restart(smallPlatform(), first, restartAt, restartAt - first.lastMs - 1, 5);

    // Every census after the restart is the one the uninterrupted simulation
    // takes: the same streams under the same ids, the same viewers.
    DemoSimulation uninterrupted(smallPlatform(), Grid0 - backfill);
    for (qsizetype c = 0; c < after.size(); ++c) {
        QCOMPARE(after[c].takenAtMs, first.lastMs + (c + 1) * IntervalMs);
        const Census want = uninterrupted.censusAt(after[c].takenAtMs);
        QCOMPARE(after[c].streams.size(), want.streams.size());
        for (qsizetype i = 0; i < want.streams.size(); ++i) {
            QCOMPARE(after[c].streams[i].streamId, want.streams[i].streamId);
            QCOMPARE(after[c].streams[i].channelId, want.streams[i].channelId);
            QCOMPARE(after[c].streams[i].viewers, want.streams[i].viewers);
        }
    }
    // Most streams live at the stop are still live, under their ids.
    int kept = 0;
    for (const StreamObservation &o : after.first().streams)
        kept += first.open.value(o.streamId) == o.channelId ? 1 : 0;
    QVERIFY2(kept > first.open.size() * 9 / 10, qPrintable(QString::number(kept)));
}

void TestDemoCollector::aRestartBeginsANewWorldWhenTheStoredOneIsNotThis()
{
    // Another seed: the stored ids name a start, but its world is not the
    // stored one; the restart must not continue foreign streams under their ids.
    FirstRun first;
    runFirst(0, Grid0 + 2 * IntervalMs, first);
    DemoConfig other = smallPlatform();
    other.seed += 1;
    const qint64 restartAt = first.lastMs + IntervalMs + 1'000;
    const QVector<Census> after = restart(other, first, restartAt, 0, 1);
    DemoSimulation fresh(other, first.lastMs + IntervalMs);
    const Census want = fresh.censusAt(after.first().takenAtMs);
    QCOMPARE(after.first().streams.size(), want.streams.size());
    for (qsizetype i = 0; i < want.streams.size(); ++i) {
        QCOMPARE(after.first().streams[i].streamId, want.streams[i].streamId);
        QVERIFY(!first.open.contains(want.streams[i].streamId));
    }
}

void TestDemoCollector::aRestartBeginsANewWorldWhenTheStoredOneIsTooOld()
{
    FirstRun first;
    runFirst(0, Grid0, first);
    // A month and a day later: resuming would simulate all of it first.
    const qint64 restartAt = Grid0 + DemoCollector::MaxResumeMs + 24LL * 3'600'000;
    const QVector<Census> after = restart(smallPlatform(), first, restartAt, 0, 1);
    const qint64 grid = (restartAt / IntervalMs) * IntervalMs;
    DemoSimulation fresh(smallPlatform(), grid);
    const Census want = fresh.censusAt(grid);
    QCOMPARE(after.first().takenAtMs, grid);
    QCOMPARE(after.first().streams.size(), want.streams.size());
    QCOMPARE(after.first().streams.first().streamId, want.streams.first().streamId);
}

QTEST_GUILESS_MAIN(TestDemoCollector)
#include "tst_democollector.moc"
