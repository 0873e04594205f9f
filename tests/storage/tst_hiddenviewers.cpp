// Viewer counts a platform hides (StreamObservation::UnknownViewers): stored
// as unknown, never as 0; left out of totals, peaks, category sums and
// rollups; read back as unknown from every read (a census's ranking, series
// before and after compaction, rollups at every resolution, warming reads);
// and a schema 5 file upgraded in place.

#include "censusstore.h"
#include "database.h"
#include "migrations.h"
#include "rollup.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 3'600'000;
constexpr qint64 kT0 = 1'774'731'600'000; // a whole hour (UTC)
constexpr qint32 kHidden = StreamObservation::UnknownViewers;

StreamObservation stream(const QString &id, qint32 viewers,
                         const QString &category = QStringLiteral("g0"))
{
    StreamObservation obs;
    obs.streamId = id;
    obs.channelId = QLatin1String("c-") + id;
    obs.channelLogin = QLatin1String("login-") + id;
    obs.channelName = QLatin1String("Name ") + id;
    obs.title = QLatin1String("Title ") + id;
    obs.categoryId = category;
    obs.categoryName = QLatin1String("Game ") + category;
    obs.language = QStringLiteral("en");
    obs.startedAtMs = kT0 - kMinute;
    obs.viewers = viewers;
    return obs;
}

Census census(qint64 takenAt, QVector<StreamObservation> streams)
{
    Census c;
    c.platform = Platform::YouTube;
    c.takenAtMs = takenAt;
    c.stats.pagesOk = 1;
    c.streams = std::move(streams);
    return c;
}

qint64 peakOf(const QString &path, const char *stream)
{
    const QByteArray sql =
        QByteArray("SELECT peak_viewers FROM streams WHERE external_id = '") + stream + "'";
    return queryInt(path, sql.constData());
}

} // namespace

class TestHiddenViewers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void aHiddenCountIsStoredAsUnknownAndLeftOutOfTheSums();
    void aPeakIgnoresHiddenCounts();
    void readsGiveTheMarkerBeforeAndAfterCompaction();
    void rollupsAggregateKnownCountsAndSayWhenNoneIsKnown();
    void slotsEncodeTheirHiddenCount();
    void aSchema5FileIsUpgradedInPlace();

private:
    void open();
    void write(const Census &c);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
};

void TestHiddenViewers::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("hidden.sqlite"));
    open();
}

void TestHiddenViewers::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestHiddenViewers::open()
{
    m_store.reset();
    m_db.reset();
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
}

void TestHiddenViewers::write(const Census &c)
{
    auto stored = m_store->write(c);
    QVERIFY2(stored, qPrintable(stored.error()));
}

void TestHiddenViewers::aHiddenCountIsStoredAsUnknownAndLeftOutOfTheSums()
{
    // Any negative count a collector hands over is the marker.
    auto stored = m_store->write(
        census(kT0, {stream(QStringLiteral("a"), 100), stream(QStringLiteral("h"), kHidden),
                     stream(QStringLiteral("odd"), -7, QStringLiteral("g1")),
                     stream(QStringLiteral("b"), 50, QStringLiteral("g1"))}));
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->streamCount, 4);
    QCOMPARE(stored->totalViewers, 150);
    QCOMPARE(stored->hiddenStreams, 2);

    QCOMPARE(queryInt(m_path, "SELECT viewers FROM viewership_samples v JOIN streams s"
                              " ON s.id = v.stream_id WHERE s.external_id = 'h'"),
             -1);
    QCOMPARE(queryInt(m_path, "SELECT viewers FROM viewership_samples v JOIN streams s"
                              " ON s.id = v.stream_id WHERE s.external_id = 'odd'"),
             -1);
    QCOMPARE(queryInt(m_path, "SELECT total_viewers FROM censuses"), 150);
    QCOMPARE(queryInt(m_path, "SELECT stream_count FROM censuses"), 4);
    // A channel hiding its count is still live in its category.
    QCOMPARE(queryInt(m_path, "SELECT cs.viewers FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g0'"),
             100);
    QCOMPARE(queryInt(m_path, "SELECT cs.live_channels FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g0'"),
             2);
    QCOMPARE(queryInt(m_path, "SELECT cs.viewers FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g1'"),
             50);
}

void TestHiddenViewers::aPeakIgnoresHiddenCounts()
{
    write(census(kT0, {stream(QStringLiteral("a"), 300), stream(QStringLiteral("h"), kHidden)}));
    QCOMPARE(peakOf(m_path, "h"), -1); // no count known yet
    write(census(kT0 + kMinute,
                 {stream(QStringLiteral("a"), kHidden), stream(QStringLiteral("h"), 70)}));
    QCOMPARE(peakOf(m_path, "a"), 300);
    QCOMPARE(peakOf(m_path, "h"), 70);
    // After a restart too (the cache reloads the peaks), and through a
    // changed title (the row is rewritten with the peak).
    open();
    StreamObservation renamed = stream(QStringLiteral("a"), kHidden);
    renamed.title = QStringLiteral("A new title");
    write(census(kT0 + 2 * kMinute, {renamed, stream(QStringLiteral("h"), kHidden)}));
    write(census(kT0 + 3 * kMinute,
                 {stream(QStringLiteral("a"), 200), stream(QStringLiteral("h"), 60)}));
    QCOMPARE(peakOf(m_path, "a"), 300);
    QCOMPARE(peakOf(m_path, "h"), 70);
    // A session that ended and is listed again keeps its peak.
    write(census(kT0 + 4 * kMinute, {stream(QStringLiteral("a"), 10)}));
    write(census(kT0 + 5 * kMinute,
                 {stream(QStringLiteral("a"), 10), stream(QStringLiteral("h"), kHidden)}));
    QCOMPARE(peakOf(m_path, "h"), 70);
}

void TestHiddenViewers::readsGiveTheMarkerBeforeAndAfterCompaction()
{
    // Four censuses in the first hour, one in the next (which closes it).
    const QVector<qint32> h{40, kHidden, 60, kHidden};
    for (int i = 0; i < h.size(); ++i)
        write(census(kT0 + i * kMinute,
                     {stream(QStringLiteral("zero"), 0), stream(QStringLiteral("h"), h[i]),
                      stream(QStringLiteral("dark"), kHidden)}));
    StorageReader reader(m_path);
    const auto expectSeries = [&](const char *when) {
        auto series =
            reader.streamSeries(Platform::YouTube, QStringLiteral("h"), kT0, kT0 + kHour - 1);
        QVERIFY2(series, qPrintable(series.error()));
        QCOMPARE(series->size(), h.size());
        for (int i = 0; i < h.size(); ++i) {
            QVERIFY2(series->at(i) == (SeriesPoint{kT0 + i * kMinute, h[i]}), when);
        }
        QVERIFY(!series->at(1).viewersKnown());
    };
    expectSeries("uncompacted");

    // The ranking: a hidden count ranks below 0 viewers.
    auto latest = reader.latestCensus(Platform::YouTube);
    QVERIFY2(latest, qPrintable(latest.error()));
    QCOMPARE(latest->streams.size(), 3);
    QCOMPARE(latest->streams.at(0).streamId, QStringLiteral("zero"));
    QVERIFY(!latest->streams.at(1).viewersKnown());
    QVERIFY(!latest->streams.at(2).viewersKnown());

    // Warming: a stream whose every count was hidden has an unknown peak.
    auto peaks = reader.peakSince(Platform::YouTube, kT0);
    QVERIFY2(peaks, qPrintable(peaks.error()));
    QCOMPARE(peaks->value(QStringLiteral("h")), 60);
    QCOMPARE(peaks->value(QStringLiteral("dark")), kHidden);
    auto recent = reader.recentSamples(Platform::YouTube, kT0);
    QVERIFY2(recent, qPrintable(recent.error()));
    QCOMPARE(recent->value(QStringLiteral("h")).at(1).viewers, kHidden);

    write(census(kT0 + kHour, {stream(QStringLiteral("h"), 50)}));
    auto compacted = m_store->compact();
    QVERIFY2(compacted, qPrintable(compacted.error()));
    QCOMPARE(compacted->hours, 1);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE compacted = 1"), 4);
    expectSeries("compacted");
}

void TestHiddenViewers::rollupsAggregateKnownCountsAndSayWhenNoneIsKnown()
{
    // Slot 0 (:00–:05): 10, hidden, 20. Slot 1 (:05–:10): hidden twice.
    // Slot 2: 30. "dark" hides its count all hour.
    const QVector<std::pair<qint64, qint32>> samples{{0, 10},      {2, kHidden}, {4, 20},
                                                     {6, kHidden}, {8, kHidden}, {11, 30}};
    for (const auto &[minute, viewers] : samples)
        write(census(kT0 + minute * kMinute, {stream(QStringLiteral("h"), viewers),
                                              stream(QStringLiteral("dark"), kHidden)}));
    StorageReader reader(m_path);
    const auto check = [&](const char *when) {
        auto five = reader.streamRollups(Platform::YouTube, QStringLiteral("h"), kT0,
                                         kT0 + kHour - 1, Resolution::FiveMinutes);
        QVERIFY2(five, qPrintable(five.error()));
        QCOMPARE(five->size(), 3);
        const RollupPoint &first = five->at(0);
        QCOMPARE(first.count, 2);
        QCOMPARE(first.hidden, 1);
        QCOMPARE(first.average, 15.0);
        QCOMPARE(first.min, 10);
        QCOMPARE(first.max, 20);
        // Live, no count known: said so, not 0 viewers.
        const RollupPoint &second = five->at(1);
        QCOMPARE(second.tMs, kT0 + 5 * kMinute);
        QVERIFY2(!second.viewersKnown(), when);
        QCOMPARE(second.count, 0);
        QCOMPARE(second.hidden, 2);
        QCOMPARE(second.average, -1.0);
        QCOMPARE(second.min, kHidden);
        QCOMPARE(second.max, kHidden);
        QCOMPARE(five->at(2).count, 1);

        for (const Resolution r : {Resolution::FifteenMinutes, Resolution::Hour}) {
            auto whole = reader.streamRollups(Platform::YouTube, QStringLiteral("h"), kT0,
                                              kT0 + kHour - 1, r);
            QVERIFY2(whole, qPrintable(whole.error()));
            QCOMPARE(whole->size(), 1);
            QCOMPARE(whole->at(0).count, 3);
            QCOMPARE(whole->at(0).hidden, 3);
            QCOMPARE(whole->at(0).average, 20.0);
            QCOMPARE(whole->at(0).min, 10);
            QCOMPARE(whole->at(0).max, 30);
        }
        for (const Resolution r : {Resolution::FiveMinutes, Resolution::Hour}) {
            auto dark = reader.channelRollups(Platform::YouTube, QStringLiteral("c-dark"), kT0,
                                              kT0 + kHour - 1, r);
            QVERIFY2(dark, qPrintable(dark.error()));
            QVERIFY(!dark->isEmpty());
            for (const RollupPoint &p : *dark) {
                QVERIFY2(!p.viewersKnown(), when);
                QVERIFY(p.hidden > 0);
                QCOMPARE(p.max, kHidden);
            }
        }
        // The category sums known counts: "dark" adds nothing, "h" its own.
        auto category = reader.categoryRollups(Platform::YouTube, QStringLiteral("g0"), kT0,
                                               kT0 + kHour - 1, Resolution::Hour);
        QVERIFY2(category, qPrintable(category.error()));
        QCOMPARE(category->size(), 1);
        QCOMPARE(category->at(0).count, 6);
        QCOMPARE(category->at(0).max, 30);
        QCOMPARE(category->at(0).min, 0);
        QCOMPARE(category->at(0).maxChannels, 2);
    };
    check("from the raw samples");
    if (QTest::currentTestFailed())
        return;

    write(census(kT0 + kHour, {stream(QStringLiteral("h"), 5)}));
    QVERIFY(m_store->compact());
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE compacted = 0"), 1);
    // The hourly rows as stored: known figures only, the rest counted.
    QCOMPARE(queryInt(m_path, "SELECT hidden_count FROM stream_rollups_1h r JOIN streams s"
                              " ON s.id = r.stream_id WHERE s.external_id = 'h'"),
             3);
    QCOMPARE(queryInt(m_path, "SELECT count FROM stream_rollups_1h r JOIN streams s"
                              " ON s.id = r.stream_id WHERE s.external_id = 'dark'"),
             0);
    QCOMPARE(queryInt(m_path, "SELECT viewers_max FROM stream_rollups_1h r JOIN streams s"
                              " ON s.id = r.stream_id WHERE s.external_id = 'dark'"),
             -1);
    check("from the rollups");
}

void TestHiddenViewers::slotsEncodeTheirHiddenCount()
{
    Rollup::HourSlots written;
    written.add(kT0, kT0, 10);
    written.add(kT0, kT0 + kMinute, kHidden);
    written.add(kT0, kT0 + 6 * kMinute, kHidden);
    written.add(kT0, kT0 + 7 * kMinute, -3);
    std::vector<uchar> blob;
    Rollup::encode(written, false, blob);
    QCOMPARE(blob.size(), size_t(2 * Rollup::StreamSlotBytes)); // the hidden-only slot is kept
    Rollup::HourSlots read;
    Rollup::decode(blob.data(), int(blob.size()), false, read);
    QCOMPARE(read.viewers, written.viewers);
    QCOMPARE(read.viewers[0].hidden, 1);
    QCOMPARE(read.viewers[1].count, 0);
    QCOMPARE(read.viewers[1].hidden, 2);
    QCOMPARE(read.viewers[1].storedMax(), kHidden);
    const Rollup::Aggregate hour = read.hourViewers();
    QCOMPARE(hour.count, 1);
    QCOMPARE(hour.hidden, 3);
    QCOMPARE(hour.max, 10);
    // The stored min and max of a slot without a known count are -1.
    QCOMPARE(qFromLittleEndian<qint32>(blob.data() + Rollup::StreamSlotBytes + 8), kHidden);
}

void TestHiddenViewers::aSchema5FileIsUpgradedInPlace()
{
    // Two censuses in the first hour, one in the next: the first is compacted.
    for (int i = 0; i < 3; ++i)
        write(census(kT0 + i * 30 * kMinute, {stream(QStringLiteral("a"), 100 + i)}));
    QVERIFY(m_store->compact());
    m_store.reset();
    m_db.reset();
    {
        // The file as schema 5 wrote it: no hidden_count, no version 6.
        auto v5 = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
        v5.setDatabaseName(m_path);
        QVERIFY(v5.open());
        QSqlQuery q(v5);
        for (const char *sql : {"ALTER TABLE stream_rollups_1h DROP COLUMN hidden_count",
                                "DELETE FROM schema_version WHERE version = 6"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        q.finish();
        v5.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v5"));
    const qint64 rows = queryInt(m_path, "SELECT COUNT(*) FROM stream_rollups_1h");
    QCOMPARE(rows, 1);

    open();
    QCOMPARE(m_db->schemaVersion(), 6);
    QCOMPARE(latestSchemaVersion(), 6);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM stream_rollups_1h WHERE hidden_count = 0"),
             rows);
    StorageReader reader(m_path);
    auto hourly = reader.streamRollups(Platform::YouTube, QStringLiteral("a"), kT0, kT0 + kHour,
                                       Resolution::Hour);
    QVERIFY2(hourly, qPrintable(hourly.error()));
    QCOMPARE(hourly->size(), 2);
    QCOMPARE(hourly->at(0).count, 2);
    QCOMPARE(hourly->at(0).max, 101);
    QCOMPARE(hourly->at(0).hidden, 0);
    QCOMPARE(hourly->at(1).count, 1); // the open hour, from its raw sample
    // The upgraded file stores hidden counts like a new one.
    write(census(kT0 + 2 * kHour, {stream(QStringLiteral("a"), kHidden)}));
    write(census(kT0 + 3 * kHour, {stream(QStringLiteral("a"), 7)}));
    QVERIFY(m_store->compact());
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM stream_rollups_1h"), 3);
    QCOMPARE(queryInt(m_path, "SELECT SUM(hidden_count) FROM stream_rollups_1h"), 1);
}

QTEST_GUILESS_MAIN(TestHiddenViewers)
#include "tst_hiddenviewers.moc"
