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
#include <QRegularExpression>
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
        const qint64 last = m_censuses[stopAfter - 1].takenAtMs;
        const ResumedAnalytics report =
            resumeAnalytics(reader, {{Platform::Demo, last}}, DayMs, last + 1000, restarted);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        // The newest two, and the one before them.
        QCOMPARE(report.censuses, std::min(stopAfter, 3));

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

    // Two platforms at different intervals, one of them a top-N census that
    // lists only some of its streams: each platform's rank changes are taken
    // with the other's rows as they were, and a stream back in the top N is
    // not "new".
    void twoPlatformsRankOnAsTheUninterruptedRun()
    {
        DemoConfig other;
        other.seed = 7;
        other.peakConcurrentStreams = 400;
        DemoSimulation second(other, T0);
        QVector<Census> all;
        for (qint64 t = T0; t <= T0 + 6 * 3'600'000; t += IntervalMs) {
            all.append(m_censuses[int((t - T0) / IntervalMs)]);
            if ((t - T0) % (5 * 60'000) == 60'000 || (t - T0) % (5 * 60'000) == 0) {
                // Every 5 minutes (on odd grid points too), the top 60 only.
                Census top = second.censusAt(t + 30'000);
                top.platform = Platform::Twitch;
                top.exhaustive = false;
                top.streams.resize(std::min<qsizetype>(60, top.streams.size()));
                for (StreamObservation &o : top.streams)
                    o.streamId.prepend(QStringLiteral("t"));
                all.append(top);
            }
        }
        AnalyticsEngine uninterrupted;
        Capture whole(uninterrupted);
        for (const Census &census : std::as_const(all))
            uninterrupted.applyCensus(census);

        const int stopAfter = int(all.size()) * 2 / 3;
        const QString db = m_dir.filePath(QStringLiteral("two-platforms.sqlite"));
        {
            CensusWriter writer;
            writer.open(db);
            for (int i = 0; i < stopAfter; ++i)
                writer.writeCensus(all[i]);
        }
        AnalyticsEngine restarted;
        Capture resumed(restarted);
        StorageReader reader(db);
        QVector<StoredLast> last;
        for (Platform p : {Platform::Demo, Platform::Twitch})
            last.append({p, *reader.lastCensusAt(p)});
        const qint64 now = all[stopAfter - 1].takenAtMs + 1000;
        const ResumedAnalytics report = resumeAnalytics(reader, last, DayMs, now, restarted);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        QVERIFY(report.censuses > 4); // more than each platform's newest two
        QCOMPARE(resumed.snapshots.size(), 1);
        QCOMPARE(rows(resumed.snapshots.first()), rows(whole.snapshots[stopAfter - 1]));
        for (int i = stopAfter; i < all.size(); ++i)
            restarted.applyCensus(all[i]);
        // One known difference: a stream back in the top N after being out
        // of every census ranked again at start-up is "new" after a restart
        // (its rank when last listed is not stored); the uninterrupted run
        // compares with that rank. Every other row is the same.
        static const QRegularExpression change(QStringLiteral(" change -?\\d+ "));
        int returners = 0;
        int rowsCompared = 0;
        for (int i = stopAfter; i < all.size(); ++i) {
            const QStringList got = rows(resumed.snapshots[1 + i - stopAfter]);
            const QStringList want = rows(whole.snapshots[i]);
            QCOMPARE(got.size(), want.size());
            for (qsizetype r = 0; r < got.size(); ++r) {
                ++rowsCompared;
                if (got[r] == want[r])
                    continue;
                QString asNew = want[r];
                asNew.replace(change, QStringLiteral(" change 0 new "));
                QCOMPARE(got[r], asNew);
                QVERIFY2(got[r].startsWith(QStringLiteral("twitch:")), qPrintable(got[r]));
                ++returners;
            }
        }
        QVERIFY2(returners * 200 < rowsCompared, qPrintable(QString::number(returners)));
    }

    // A platform whose last census is older than MaxRestoreAgeMs is not
    // shown again as if live.
    void aLongStoppedPlatformIsNotShownAsLive()
    {
        const QString db = m_dir.filePath(QStringLiteral("old.sqlite"));
        {
            CensusWriter writer;
            writer.open(db);
            for (int i = 0; i < 5; ++i)
                writer.writeCensus(m_censuses[i]);
        }
        AnalyticsEngine engine;
        Capture captured(engine);
        StorageReader reader(db);
        const qint64 last = m_censuses[4].takenAtMs;
        const ResumedAnalytics report = resumeAnalytics(reader, {{Platform::Demo, last}}, DayMs,
                                                        last + MaxRestoreAgeMs + 1, engine);
        QVERIFY(report.problems.isEmpty());
        QCOMPARE(report.censuses, 0);
        QVERIFY(captured.snapshots.isEmpty());
        QVERIFY(report.samples > 0); // still warmed
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
        const ResumedAnalytics report =
            resumeAnalytics(reader, {{Platform::Demo, 0}}, DayMs, T0, engine);
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
