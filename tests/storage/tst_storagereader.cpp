// The read side: series come back exactly as written, in time order; the
// latest ranking is complete and sorted; start-up warming queries and counts
// agree with what was stored; reads work from any thread while the writer
// writes.

#include "censusstore.h"
#include "database.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QAtomicInt>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;
constexpr qint64 kMinute = 60'000;
constexpr int kCensuses = 20;
constexpr int kStreams = 5;

qint32 viewersOf(int stream, int census)
{
    return 100 * (stream + 1) + census * (stream % 2 == 0 ? 3 : -2);
}

} // namespace

class TestStorageReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void streamSeriesIsWhatWasWrittenInTimeOrder();
    void unknownStreamOrEmptyRangeGivesNoPoints();
    void categorySeriesSumsEachCensus();
    void latestCensusIsCompleteAndSortedByViewers();
    void platformWithoutCensusHasAnEmptyRanking();
    void peaksAndRecentSamplesWarmFromTheDatabase();
    void countsAndSizeMatchTheFile();
    void readsWorkFromOtherThreadsWhileTheWriterWrites();
    void missingDatabaseIsAnErrorValue();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
    Census m_latest;
};

void TestStorageReader::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("streamrank.sqlite"));
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
    // Five streams in two categories, one census a minute for twenty minutes.
    for (int c = 0; c < kCensuses; ++c) {
        auto stored = m_store->write(makeCensus(
            Platform::Twitch, kT0 + c * kMinute, kStreams, [c](int i) { return viewersOf(i, c); },
            2));
        QVERIFY2(stored, qPrintable(stored.error()));
    }

    // The latest Kick census: varied rows, listed in no particular order.
    m_latest = makeCensus(
        Platform::Kick, kT0, 50, [](int) { return 0; }, 4);
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < m_latest.streams.size(); ++i) {
        StreamObservation &obs = m_latest.streams[i];
        obs.viewers = 1 + int(rng->bounded(100000));
        obs.language = i % 3 ? QStringLiteral("en") : QStringLiteral("pt");
        obs.startedAtMs = kT0 - i * kMinute;
        obs.title = QStringLiteral("Título %1 — ünïcode ✓").arg(i);
        if (i % 10 == 0) {
            obs.categoryId.clear();
            obs.categoryName.clear();
        }
    }
    m_latest.partial = true;
    m_latest.stats.pagesOk = 4;
    m_latest.stats.pagesFailed = 1;
    m_latest.stats.malformedItems = 2;
    Census earlier = makeCensus(Platform::Kick, kT0 - kMinute, 3, [](int) { return 9; });
    for (StreamObservation &obs : earlier.streams)
        obs.streamId.prepend(QLatin1String("ended-"));
    QVERIFY(m_store->write(earlier));
    auto stored = m_store->write(m_latest);
    QVERIFY2(stored, qPrintable(stored.error()));
}

void TestStorageReader::cleanupTestCase()
{
    m_store.reset();
    m_db.reset();
}

void TestStorageReader::streamSeriesIsWhatWasWrittenInTimeOrder()
{
    StorageReader reader(m_path);
    const int stream = 3;
    auto series = reader.streamSeries(Platform::Twitch, QStringLiteral("s3"), kT0 + 5 * kMinute,
                                      kT0 + 10 * kMinute);
    QVERIFY2(series, qPrintable(series.error()));
    QVector<SeriesPoint> expected;
    for (int c = 5; c <= 10; ++c)
        expected.append({kT0 + c * kMinute, viewersOf(stream, c)});
    QCOMPARE(*series, expected);

    auto all = reader.streamSeries(Platform::Twitch, QStringLiteral("s3"), 0, kT0 * 2);
    QVERIFY(all);
    QCOMPARE(all->size(), kCensuses);
    QVERIFY(
        std::is_sorted(all->cbegin(), all->cend(),
                       [](const SeriesPoint &a, const SeriesPoint &b) { return a.tMs < b.tMs; }));
}

void TestStorageReader::unknownStreamOrEmptyRangeGivesNoPoints()
{
    StorageReader reader(m_path);
    auto unknown = reader.streamSeries(Platform::Twitch, QStringLiteral("nope"), 0, kT0 * 2);
    QVERIFY(unknown);
    QVERIFY(unknown->isEmpty());
    auto otherPlatform = reader.streamSeries(Platform::YouTube, QStringLiteral("s3"), 0, kT0 * 2);
    QVERIFY(otherPlatform);
    QVERIFY(otherPlatform->isEmpty());
    auto before = reader.streamSeries(Platform::Twitch, QStringLiteral("s3"), 0, kT0 - 1);
    QVERIFY(before);
    QVERIFY(before->isEmpty());
}

void TestStorageReader::categorySeriesSumsEachCensus()
{
    StorageReader reader(m_path);
    // Category g1 holds streams 1 and 3 (i % 2).
    auto series =
        reader.categorySeries(Platform::Twitch, QStringLiteral("g1"), kT0, kT0 + 2 * kMinute);
    QVERIFY2(series, qPrintable(series.error()));
    QVector<CategoryPoint> expected;
    for (int c = 0; c <= 2; ++c)
        expected.append({kT0 + c * kMinute, viewersOf(1, c) + viewersOf(3, c), 2});
    QCOMPARE(*series, expected);
}

void TestStorageReader::latestCensusIsCompleteAndSortedByViewers()
{
    StorageReader reader(m_path);
    auto latest = reader.latestCensus(Platform::Kick);
    QVERIFY2(latest, qPrintable(latest.error()));
    QCOMPARE(latest->platform, Platform::Kick);
    QCOMPARE(latest->takenAtMs, kT0);
    QCOMPARE(latest->partial, true);
    QCOMPARE(latest->stats.pagesOk, 4);
    QCOMPARE(latest->stats.pagesFailed, 1);
    QCOMPARE(latest->stats.malformedItems, 2);

    QVector<StreamObservation> expected = m_latest.streams;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const auto &a, const auto &b) { return a.viewers > b.viewers; });
    QCOMPARE(latest->streams.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const StreamObservation &got = latest->streams.at(i);
        const StreamObservation &want = expected.at(i);
        QCOMPARE(got.viewers, want.viewers);
        if (i > 0 && got.viewers == expected.at(i - 1).viewers)
            continue; // equal viewers: order between them is not part of the contract
        QCOMPARE(got.streamId, want.streamId);
        QCOMPARE(got.channelId, want.channelId);
        QCOMPARE(got.channelLogin, want.channelLogin);
        QCOMPARE(got.channelName, want.channelName);
        QCOMPARE(got.title, want.title);
        QCOMPARE(got.categoryId, want.categoryId);
        QCOMPARE(got.categoryName, want.categoryName);
        QCOMPARE(got.language, want.language);
        QCOMPARE(got.startedAtMs, want.startedAtMs);
    }
}

void TestStorageReader::platformWithoutCensusHasAnEmptyRanking()
{
    StorageReader reader(m_path);
    auto latest = reader.latestCensus(Platform::YouTube);
    QVERIFY(latest);
    QCOMPARE(latest->takenAtMs, 0);
    QVERIFY(latest->streams.isEmpty());
}

void TestStorageReader::peaksAndRecentSamplesWarmFromTheDatabase()
{
    StorageReader reader(m_path);
    const qint64 since = kT0 + 15 * kMinute;
    auto peaks = reader.peakSince(Platform::Twitch, since);
    QVERIFY2(peaks, qPrintable(peaks.error()));
    QCOMPARE(peaks->size(), kStreams);
    for (int i = 0; i < kStreams; ++i) {
        qint32 peak = 0;
        for (int c = 15; c < kCensuses; ++c)
            peak = std::max(peak, viewersOf(i, c));
        QCOMPARE(peaks->value(QStringLiteral("s%1").arg(i)), peak);
    }

    auto recent = reader.recentSamples(Platform::Twitch, since);
    QVERIFY2(recent, qPrintable(recent.error()));
    QCOMPARE(recent->size(), kStreams);
    for (int i = 0; i < kStreams; ++i) {
        QVector<SeriesPoint> expected;
        for (int c = 15; c < kCensuses; ++c)
            expected.append({kT0 + c * kMinute, viewersOf(i, c)});
        QCOMPARE(recent->value(QStringLiteral("s%1").arg(i)), expected);
    }
}

void TestStorageReader::countsAndSizeMatchTheFile()
{
    StorageReader reader(m_path);
    auto twitch = reader.censusCount(Platform::Twitch);
    QVERIFY(twitch);
    QCOMPARE(*twitch, kCensuses);
    QCOMPARE(*reader.censusCount(Platform::Kick), 2);
    QCOMPARE(*reader.censusCount(Platform::Demo), 0);
    QCOMPARE(*reader.lastCensusAt(Platform::Twitch), kT0 + (kCensuses - 1) * kMinute);
    QCOMPARE(*reader.lastCensusAt(Platform::Demo), 0);
    auto samples = reader.sampleCount();
    QVERIFY(samples);
    QCOMPARE(*samples, queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples"));
    QCOMPARE(*samples, kCensuses * kStreams + 3 + 50);

    const qint64 size = StorageReader::databaseSizeBytes(m_path);
    QCOMPARE(size, QFileInfo(m_path).size() + QFileInfo(m_path + QLatin1String("-wal")).size());
    QVERIFY(size > 0);
}

void TestStorageReader::readsWorkFromOtherThreadsWhileTheWriterWrites()
{
    StorageReader reader(m_path);
    QAtomicInt failures;
    QAtomicInt reads;
    QAtomicInt stop;
    auto readLoop = [&] {
        while (!stop.loadAcquire()) {
            auto series = reader.streamSeries(Platform::Twitch, QStringLiteral("s1"), 0, kT0 * 2);
            auto latest = reader.latestCensus(Platform::Twitch);
            // Every read sees whole censuses: never a census with part of its rows.
            if (!series || !latest || series->size() < kCensuses ||
                latest->streams.size() != kStreams)
                failures.ref();
            reads.ref();
        }
    };
    std::unique_ptr<QThread> first(QThread::create(readLoop));
    std::unique_ptr<QThread> second(QThread::create(readLoop));
    first->start();
    second->start();

    for (int c = kCensuses; c < kCensuses + 30; ++c) {
        auto stored = m_store->write(makeCensus(
            Platform::Twitch, kT0 + c * kMinute, kStreams, [c](int i) { return viewersOf(i, c); },
            2));
        QVERIFY2(stored, qPrintable(stored.error()));
        m_store->checkpoint();
    }
    QTRY_VERIFY(reads.loadAcquire() > 20);
    stop.storeRelease(1);
    QVERIFY(first->wait(10000));
    QVERIFY(second->wait(10000));
    QCOMPARE(failures.loadAcquire(), 0);

    // The threads' connections went with them; this thread's still works.
    auto series = reader.streamSeries(Platform::Twitch, QStringLiteral("s1"), 0, kT0 * 2);
    QVERIFY(series);
    QCOMPARE(series->size(), kCensuses + 30);
}

void TestStorageReader::missingDatabaseIsAnErrorValue()
{
    StorageReader reader(m_dir->filePath(QStringLiteral("not-there.sqlite")));
    auto series = reader.streamSeries(Platform::Twitch, QStringLiteral("s1"), 0, 1);
    QVERIFY(!series);
    QVERIFY2(series.error().contains(QLatin1String("not-there.sqlite")),
             qPrintable(series.error()));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("not-there.sqlite"))));
}

QTEST_GUILESS_MAIN(TestStorageReader)
#include "tst_storagereader.moc"
