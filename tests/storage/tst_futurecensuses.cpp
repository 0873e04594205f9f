// Demo history stamped after the wall clock (written by an older StreamRank
// whose Demo ran ten times faster than real time) is removed once: its
// censuses, samples, events and sessions; what remains reads exactly as
// stored, peaks equal the remaining samples, and collection goes on.

#include "anomalystore.h"
#include "censusstore.h"
#include "database.h"
#include "futurecensuses.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kH0 = 1'699'999'200'000;   // 2023-11-14T22:00:00Z, an hour boundary
constexpr qint64 kNow = kH0 + 95 * kMinute; // in the middle of the second hour

// Viewers grow with time, so a stream's peak is its latest sample.
qint32 viewersAt(int stream, qint64 t)
{
    return qint32(1000 + 100 * stream + (t - kH0) / kMinute);
}

// Streams s0 (all along), s1 (from 02:00, after now) and s2 (until 00:50).
Census demoCensus(qint64 t)
{
    Census c = makeCensus(Platform::Demo, t, 3, [t](int i) { return viewersAt(i, t); });
    c.exhaustive = true;
    QVector<StreamObservation> listed;
    for (StreamObservation obs : c.streams) {
        obs.startedAtMs = kH0;
        if (obs.streamId == u"s1" && t < kH0 + 120 * kMinute)
            continue;
        if (obs.streamId == u"s2" && t > kH0 + 50 * kMinute)
            continue;
        listed.append(obs);
    }
    c.streams = listed;
    return c;
}

} // namespace

class TestFutureCensuses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("future.sqlite"));
        auto db = Database::open(m_path);
        QVERIFY2(db, qPrintable(db.error().message));
        m_db = std::move(*db);
        CensusStore store(m_db->handle());
        // Every 10 minutes from 00:00 to 03:00, compacted as it goes.
        for (qint64 t = kH0; t <= kH0 + 180 * kMinute; t += 10 * kMinute) {
            QVERIFY(store.write(demoCensus(t)));
            QVERIFY(store.compact());
        }
        // Twitch is real: its censuses are never removed, whatever their time.
        QVERIFY(store.write(
            makeCensus(Platform::Twitch, kH0 + 170 * kMinute, 2, [](int i) { return 50 + i; })));
        AnomalyEventStore events(m_db->handle());
        QVERIFY(events.write({makeEvent(Platform::Demo, QStringLiteral("s0"), kH0 + 30 * kMinute,
                                        AnomalyStrategy::ZScore, 80),
                              makeEvent(Platform::Demo, QStringLiteral("s0"), kH0 + 150 * kMinute,
                                        AnomalyStrategy::ZScore, 90),
                              makeEvent(Platform::Twitch, QStringLiteral("s0"), kH0 + 170 * kMinute,
                                        AnomalyStrategy::ZScore, 70)}));
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void removesTheFutureAndKeepsThePast()
    {
        const auto report = discardCensusesAfter(m_db->connection(), Platform::Demo, kNow);
        QVERIFY2(report, qPrintable(report.error()));
        // 01:40 … 03:00: nine Demo censuses; s1 began after now.
        QCOMPARE(report->censuses, 9);
        QCOMPARE(report->latestMs, kH0 + 180 * kMinute);
        QCOMPARE(report->streamsRemoved, 1);

        QCOMPARE(queryInt(m_path, "SELECT MAX(taken_at) FROM censuses WHERE platform_id = 1"),
                 kH0 + 90 * kMinute);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE platform_id = 2"), 1);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples WHERE taken_at > "
                                  "1700004900000 AND census_id IN (SELECT id FROM censuses "
                                  "WHERE platform_id = 1)"),
                 0);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM streams WHERE platform_id = 1 AND "
                                  "external_id = 's1'"),
                 0);
        // Events after now go with their censuses; Twitch's stays.
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events WHERE platform_id = 1"), 1);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events WHERE platform_id = 2"), 1);
        // Every census still holds exactly its samples.
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses c WHERE c.stream_count <> "
                                  "(SELECT COUNT(*) FROM viewership_samples v "
                                  "WHERE v.census_id = c.id)"),
                 0);

        // s0: the peak and last sighting of what remains, open again so the
        // next complete census ends it where it was last seen.
        QCOMPARE(queryInt(m_path, "SELECT peak_viewers FROM streams WHERE external_id = 's0' "
                                  "AND platform_id = 1"),
                 viewersAt(0, kH0 + 90 * kMinute));
        QCOMPARE(queryInt(m_path, "SELECT last_seen_at FROM streams WHERE external_id = 's0' "
                                  "AND platform_id = 1"),
                 kH0 + 90 * kMinute);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM streams WHERE external_id = 's0' AND "
                                  "platform_id = 1 AND ended_at IS NULL"),
                 1);
        // s2 ended before now: untouched.
        QCOMPARE(queryInt(m_path, "SELECT ended_at FROM streams WHERE external_id = 's2'"),
                 kH0 + 50 * kMinute);
        QCOMPARE(queryInt(m_path, "SELECT peak_viewers FROM streams WHERE external_id = 's2' "
                                  "AND platform_id = 1"),
                 viewersAt(2, kH0 + 50 * kMinute));

        // The series reads exactly the censuses up to now, across the hour
        // whose chunk was removed.
        const QVector<SeriesPoint> expected = [] {
            QVector<SeriesPoint> points;
            for (qint64 t = kH0; t <= kH0 + 90 * kMinute; t += 10 * kMinute)
                points.append({t, viewersAt(0, t)});
            return points;
        }();
        {
            StorageReader reader(m_path);
            const auto series = reader.streamSeries(Platform::Demo, QStringLiteral("s0"), kH0,
                                                    kH0 + 4 * 60 * kMinute);
            QVERIFY2(series, qPrintable(series.error()));
            QCOMPARE(*series, expected);
        }

        // Collection goes on from now: the next census stores, the hour is
        // compacted again, and the series is whole.
        {
            CensusStore store(m_db->handle());
            QVERIFY(store.write(demoCensus(kH0 + 100 * kMinute)));
            QVERIFY(store.write(demoCensus(kH0 + 120 * kMinute)));
            QVERIFY(store.compact());
        }
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE platform_id = 1 AND "
                                  "compacted = 0 AND taken_at < 1700006400000"),
                 0);
        StorageReader reader(m_path);
        const auto series =
            reader.streamSeries(Platform::Demo, QStringLiteral("s0"), kH0, kH0 + 4 * 60 * kMinute);
        QVERIFY2(series, qPrintable(series.error()));
        QVector<SeriesPoint> grown = expected;
        grown.append({kH0 + 100 * kMinute, viewersAt(0, kH0 + 100 * kMinute)});
        grown.append({kH0 + 120 * kMinute, viewersAt(0, kH0 + 120 * kMinute)});
        QCOMPARE(*series, grown);
    }

    void aFileWithNothingAheadOfNowIsLeftAlone()
    {
        const auto late =
            discardCensusesAfter(m_db->connection(), Platform::Demo, kH0 + 10 * 60 * kMinute);
        QVERIFY2(late, qPrintable(late.error()));
        QCOMPARE(late->censuses, 0);
        QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses"), 20);
        // ... and a second pass after a real one finds nothing more.
        QVERIFY(discardCensusesAfter(m_db->connection(), Platform::Demo, kNow));
        const auto again = discardCensusesAfter(m_db->connection(), Platform::Demo, kNow);
        QVERIFY(again);
        QCOMPARE(again->censuses, 0);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestFutureCensuses)
#include "tst_futurecensuses.moc"
