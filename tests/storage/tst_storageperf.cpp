// Timings of the census hot path, the start-up reads and the series read,
// printed for information: hard limits would be flaky on a shared 2-core
// machine. What is checked is that the work was done.

#include "censusstore.h"
#include "database.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {
constexpr int kStreams = 100'000;
constexpr qint64 kStart = 1'700'000'000'000;
constexpr qint64 kMinute = 60'000;

// Viewers that wander from census to census; a share of them sets a new peak.
qint32 viewersAt(int stream, int census)
{
    const quint32 h = quint32(stream) * 2654435761u ^ quint32(census) * 40503u;
    return qint32(10 + (stream % 1000) * 3 + (h % 97));
}
} // namespace

class TestStoragePerf : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rawSqliteBaseline();
    void censusOf100kStreams();
    void thirtyDaySeries();

private:
    qint64 m_rawMedianMs = 0;
};

void TestStoragePerf::censusOf100kStreams()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("perf.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    auto store = std::make_unique<CensusStore>((*db)->handle());

    QVector<qint64> times;
    for (int c = 0; c < 8; ++c) {
        Census census = makeCensus(
            Platform::Twitch, kStart + c * kMinute, kStreams,
            [c](int i) { return viewersAt(i, c); }, 2000);
        // Platforms list streams by viewers, so a census arrives in an order
        // unrelated to the database's stream ids.
        std::stable_sort(census.streams.begin(), census.streams.end(),
                         [](const auto &a, const auto &b) { return a.viewers > b.viewers; });
        QElapsedTimer timer;
        timer.start();
        auto stored = store->write(census);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(stored, qPrintable(stored.error()));
        QCOMPARE(stored->streamCount, kStreams);
        timer.restart();
        store->checkpoint();
        qInfo("census %d: %lld ms write+commit (%d new), checkpoint %lld ms, database %lld MB", c,
              elapsed, stored->newStreams, timer.elapsed(), stored->databaseBytes >> 20);
        times.append(elapsed);
    }
    std::sort(times.begin() + 1, times.end());
    qInfo("first census %lld ms, steady-state median %lld ms (raw sqlite3: %lld ms)", times.first(),
          times.at(4), m_rawMedianMs);

    // A restart: the first census reloads the open streams, and 1,000 of
    // them have ended meanwhile.
    store.reset();
    db->reset();
    QElapsedTimer timer;
    timer.start();
    db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    const qint64 openMs = timer.elapsed();
    store = std::make_unique<CensusStore>((*db)->handle());
    Census afterRestart = makeCensus(
        Platform::Twitch, kStart + 20 * kMinute, kStreams - 1000,
        [](int i) { return viewersAt(i, 20); }, 2000);
    timer.restart();
    auto stored = store->write(afterRestart);
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->newStreams, 0);
    QCOMPARE(stored->endedStreams, 1000);
    qInfo("after a restart: open %lld ms, first census %lld ms", openMs, timer.elapsed());

    // The start-up reads over that history.
    StorageReader reader(path);
    timer.restart();
    auto latest = reader.latestCensus(Platform::Twitch);
    QVERIFY2(latest, qPrintable(latest.error()));
    QCOMPARE(latest->streams.size(), afterRestart.streams.size());
    qInfo("latestCensus of %lld streams: %lld ms", qint64(latest->streams.size()), timer.elapsed());
    const qint64 since = kStart + 4 * kMinute;
    timer.restart();
    auto peaks = reader.peakSince(Platform::Twitch, since);
    QVERIFY2(peaks, qPrintable(peaks.error()));
    QCOMPARE(peaks->size(), kStreams);
    qInfo("peakSince over 5 censuses: %lld ms", timer.elapsed());
    timer.restart();
    auto recent = reader.recentSamples(Platform::Twitch, since);
    QVERIFY2(recent, qPrintable(recent.error()));
    QCOMPARE(recent->size(), kStreams);
    qInfo("recentSamples over 5 censuses (%d samples): %lld ms", 5 * kStreams - 1000,
          timer.elapsed());
}

void TestStoragePerf::rawSqliteBaseline()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("raw.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    sqlite3 *h = (*db)->handle();
    sqlite3_exec(h, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0", nullptr, nullptr,
                 nullptr);
    // The same rows as a steady-state census: a census row and one sample per
    // stream, nothing else. Streams exist already.
    sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(h, "INSERT INTO channels VALUES (1, 2, 'c', 'l', 'n', NULL)", nullptr, nullptr,
                 nullptr);
    sqlite3_stmt *stream = nullptr;
    sqlite3_prepare_v2(h,
                       "INSERT INTO streams (id, platform_id, external_id, channel_id, title,"
                       " language, started_at, peak_viewers, last_seen_at)"
                       " VALUES (?1, 2, ?1, 1, 't', 'en', 0, 0, 0)",
                       -1, &stream, nullptr);
    for (int i = 1; i <= kStreams; ++i) {
        sqlite3_bind_int64(stream, 1, i);
        sqlite3_step(stream);
        sqlite3_reset(stream);
    }
    sqlite3_finalize(stream);
    sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);

    sqlite3_stmt *census = nullptr;
    sqlite3_stmt *sample = nullptr;
    sqlite3_prepare_v3(h,
                       "INSERT INTO censuses (platform_id, taken_at, stream_count, total_viewers,"
                       " partial, pages_ok, pages_failed, malformed_items)"
                       " VALUES (2, ?1, 0, 0, 0, 0, 0, 0)",
                       -1, SQLITE_PREPARE_PERSISTENT, &census, nullptr);
    sqlite3_prepare_v3(h,
                       "INSERT INTO viewership_samples (census_id, stream_id, taken_at, viewers)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       -1, SQLITE_PREPARE_PERSISTENT, &sample, nullptr);
    QVector<qint64> times;
    for (int c = 0; c < 8; ++c) {
        QElapsedTimer timer;
        timer.start();
        sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_bind_int64(census, 1, kStart + c * kMinute);
        QCOMPARE(sqlite3_step(census), SQLITE_DONE);
        sqlite3_reset(census);
        const qint64 censusId = sqlite3_last_insert_rowid(h);
        for (int i = 1; i <= kStreams; ++i) {
            sqlite3_bind_int64(sample, 1, censusId);
            sqlite3_bind_int64(sample, 2, i);
            sqlite3_bind_int64(sample, 3, kStart + c * kMinute);
            sqlite3_bind_int64(sample, 4, viewersAt(i, c));
            QCOMPARE(sqlite3_step(sample), SQLITE_DONE);
            sqlite3_reset(sample);
        }
        QCOMPARE(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        times.append(timer.elapsed());
        sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    sqlite3_finalize(census);
    sqlite3_finalize(sample);
    std::sort(times.begin(), times.end());
    m_rawMedianMs = times.at(4);
    qInfo("raw sqlite3 census of %d samples: median %lld ms", kStreams, m_rawMedianMs);
}

void TestStoragePerf::thirtyDaySeries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("series.sqlite"));
    constexpr int kCensuses = 30 * 24 * 60;
    {
        auto db = Database::open(path);
        QVERIFY2(db, qPrintable(db.error().message));
        CensusStore store((*db)->handle());
        // Ten streams a minute for 30 days: the series of one of them
        // interleaves with others in the file like it would in real life.
        for (int c = 0; c < kCensuses; ++c) {
            auto stored = store.write(makeCensus(
                Platform::Kick, kStart + c * kMinute, 10, [c](int i) { return viewersAt(i, c); },
                3));
            QVERIFY2(stored, qPrintable(stored.error()));
            if (c % 1000 == 0)
                store.checkpoint();
        }
    }
    StorageReader reader(path);
    auto warm = reader.streamSeries(Platform::Kick, QStringLiteral("s3"), 0, kStart);
    QVERIFY(warm);
    QElapsedTimer timer;
    timer.start();
    auto series = reader.streamSeries(Platform::Kick, QStringLiteral("s3"), kStart,
                                      kStart + kCensuses * kMinute);
    const qint64 elapsed = timer.nsecsElapsed() / 1000;
    QVERIFY2(series, qPrintable(series.error()));
    QCOMPARE(series->size(), kCensuses);
    qInfo("streamSeries of %d samples: %lld us", kCensuses, elapsed);
}

QTEST_GUILESS_MAIN(TestStoragePerf)
#include "tst_storageperf.moc"
