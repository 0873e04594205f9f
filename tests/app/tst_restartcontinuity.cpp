// A restart carries the ranking on as if StreamRank had never stopped: the
// stored ranking is shown again at once, and every census after the restart
// ranks with the rank changes, trends, 24-hour peaks and anomaly flags of an
// uninterrupted run. Real SQLite file, real writer, the pipeline's own
// start-up step (resumeAnalytics).

#include "analyticsengine.h"
#include "censuswriter.h"
#include "demosimulation.h"
#include "historywarmup.h"
#include "storagereader.h"
#include "storedcensus.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace StreamRank;

namespace {

constexpr qint64 IntervalMs = 120'000;
constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
const qint64 T0 =
    QDateTime(QDate(2026, 11, 30), QTime(17, 0), QTimeZone::utc()).toMSecsSinceEpoch();

// One ranked row, every number the window shows of it.
QString rowText(const RankedStream &r)
{
    return QStringLiteral("%1 rank %2 change %3%4 viewers %5 peak %6 uptime %7 trend %8%9")
        .arg(r.key())
        .arg(r.rank)
        .arg(r.rankChange)
        .arg(r.isNew ? QStringLiteral(" new") : QString())
        .arg(r.viewers)
        .arg(r.peak24h)
        .arg(r.uptimeMs)
        .arg(r.trend, 0, 'g', 17)
        .arg(r.anomaly ? QStringLiteral(" flagged") : QString());
}

QStringList rows(const RankingSnapshot &snapshot)
{
    QStringList out;
    for (const RankedStream &r : snapshot.rows)
        out.append(rowText(r));
    return out;
}

struct Capture
{
    QVector<RankingSnapshot> snapshots;
    explicit Capture(AnalyticsEngine &engine)
    {
        QObject::connect(&engine, &AnalyticsEngine::rankingUpdated, &engine,
                         [this](const RankingSnapshot &s) { snapshots.append(s); });
    }
};

} // namespace

class TestRestartContinuity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerStorageMetaTypes();
        QVERIFY(m_dir.isValid());
        // 26 hours of a small Demo world: the 24-hour peaks of the streams
        // live at the restart reach back past the first censuses.
        DemoConfig config;
        config.peakConcurrentStreams = 250;
        DemoSimulation simulation(config, T0);
        for (qint64 t = T0; t <= T0 + DayMs + 2 * 3'600'000; t += IntervalMs)
            m_censuses.append(simulation.censusAt(t));
    }

    void aRestartRanksOnAsTheUninterruptedRun_data()
    {
        QTest::addColumn<int>("stopAfter");
        QTest::newRow("after one census") << 1;
        QTest::newRow("after 2 censuses") << 2;
        QTest::newRow("mid-morning") << 400;
        QTest::newRow("after a day") << 730;
    }

    void aRestartRanksOnAsTheUninterruptedRun()
    {
        QFETCH(int, stopAfter);
        QVERIFY(stopAfter < m_censuses.size());

        AnalyticsEngine uninterrupted;
        Capture whole(uninterrupted);
        for (const Census &census : std::as_const(m_censuses))
            uninterrupted.applyCensus(census);

        // The first run stores its censuses and stops.
        const QString db = m_dir.filePath(QStringLiteral("restart-%1.sqlite").arg(stopAfter));
        {
            CensusWriter writer;
            writer.open(db);
            for (int i = 0; i < stopAfter; ++i)
                writer.writeCensus(m_censuses[i]);
        }

        // The restart: the pipeline's start-up step, then the censuses after.
        AnalyticsEngine restarted;
        Capture resumed(restarted);
        StorageReader reader(db);
        const ResumedAnalytics report = resumeAnalytics(reader, {Platform::Demo}, DayMs, restarted);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        QCOMPARE(report.censuses, std::min(stopAfter, 2));

        // At once: the ranking shown before the stop, marked as restored.
        QCOMPARE(resumed.snapshots.size(), 1);
        QVERIFY(resumed.snapshots.first().restored);
        QCOMPARE(resumed.snapshots.first().takenAtMs, m_censuses[stopAfter - 1].takenAtMs);
        QCOMPARE(rows(resumed.snapshots.first()), rows(whole.snapshots[stopAfter - 1]));

        for (int i = stopAfter; i < m_censuses.size(); ++i)
            restarted.applyCensus(m_censuses[i]);
        QCOMPARE(resumed.snapshots.size(), 1 + m_censuses.size() - stopAfter);
        for (int i = stopAfter; i < m_censuses.size(); ++i) {
            const RankingSnapshot &got = resumed.snapshots[1 + i - stopAfter];
            QVERIFY(!got.restored);
            QCOMPARE(rows(got), rows(whole.snapshots[i]));
        }
        // (Not vacuous: rank changes, peaks above the current count, trends
        // away from flat and flagged rows are all among what was compared.)
        const RankingSnapshot &next = resumed.snapshots[1];
        QVERIFY(std::any_of(next.rows.cbegin(), next.rows.cend(),
                            [](const RankedStream &r) { return r.rankChange != 0; }));
        QVERIFY(std::any_of(next.rows.cbegin(), next.rows.cend(),
                            [](const RankedStream &r) { return r.peak24h > r.viewers; }));
        QVERIFY(std::none_of(next.rows.cbegin(), next.rows.cend(), [](const RankedStream &r) {
            return r.isNew && r.uptimeMs > 2 * IntervalMs;
        }));
    }

    void aFirstStartHasNothingToRestore()
    {
        const QString db = m_dir.filePath(QStringLiteral("empty.sqlite"));
        {
            CensusWriter writer;
            writer.open(db);
        }
        AnalyticsEngine engine;
        Capture captured(engine);
        StorageReader reader(db);
        const ResumedAnalytics report = resumeAnalytics(reader, {Platform::Demo}, DayMs, engine);
        QVERIFY(report.problems.isEmpty());
        QCOMPARE(report.censuses, 0);
        QVERIFY(captured.snapshots.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QVector<Census> m_censuses;
};

QTEST_GUILESS_MAIN(TestRestartContinuity)
#include "tst_restartcontinuity.moc"
