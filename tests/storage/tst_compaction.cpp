// Hourly sample chunks (schema 2): a series read returns exactly what was
// written whether its hours are compacted, still open, or somewhere between
// (a crash, a failed compaction, a late census, a file from schema 1), and a
// compaction never costs a census.

#include "censusstore.h"
#include "censuswriter.h"
#include "database.h"
#include "migrations.h"
#include "samplecompactor.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QHash>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kHour = 3'600'000;
constexpr qint64 kMinute = 60'000;
constexpr qint64 kH0 = 1'699'999'200'000; // 2023-11-14T22:00:00Z, an hour boundary

StreamObservation observation(const QString &id, qint32 viewers)
{
    StreamObservation obs;
    obs.streamId = id;
    obs.channelId = QLatin1String("c-") + id;
    obs.channelLogin = QLatin1String("login-") + id;
    obs.channelName = QLatin1String("Name ") + id;
    obs.title = QLatin1String("Title ") + id;
    obs.categoryId = QStringLiteral("g0");
    obs.categoryName = QStringLiteral("Game g0");
    obs.language = QStringLiteral("en");
    obs.startedAtMs = kH0;
    obs.viewers = viewers;
    return obs;
}

// What was stored, per platform and stream: the reference every read is
// compared with.
class Written
{
public:
    Census census(Platform platform, qint64 takenAt, const QStringList &streams)
    {
        Census c;
        c.platform = platform;
        c.takenAtMs = takenAt;
        c.stats.pagesOk = 1;
        for (const QString &id : streams) {
            // Distinct per stream and time, so a sample in the wrong place shows.
            const auto viewers = qint32((takenAt / kMinute) % 100'000 + 1000 * (id.size() + 1) +
                                        id.back().unicode());
            c.streams.append(observation(id, viewers));
        }
        return c;
    }
    void stored(const Census &c)
    {
        for (const StreamObservation &obs : c.streams) {
            QVector<SeriesPoint> &points = m_series[key(c.platform, obs.streamId)];
            points.append({c.takenAtMs, obs.viewers});
            std::sort(points.begin(), points.end(),
                      [](const SeriesPoint &a, const SeriesPoint &b) { return a.tMs < b.tMs; });
        }
    }
    QVector<SeriesPoint> between(Platform platform, const QString &id, qint64 from, qint64 to) const
    {
        QVector<SeriesPoint> points;
        for (const SeriesPoint &p : m_series.value(key(platform, id)))
            if (p.tMs >= from && p.tMs <= to)
                points.append(p);
        return points;
    }
    QStringList streams(Platform platform) const
    {
        QStringList ids;
        const QString prefix = platformCode(platform) + QLatin1Char(':');
        for (auto it = m_series.cbegin(); it != m_series.cend(); ++it)
            if (it.key().startsWith(prefix))
                ids.append(it.key().mid(prefix.size()));
        return ids;
    }

private:
    static QString key(Platform platform, const QString &id)
    {
        return platformCode(platform) + QLatin1Char(':') + id;
    }
    QHash<QString, QVector<SeriesPoint>> m_series;
};

} // namespace

class TestCompaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void seriesAcrossCompactedAndOpenHoursIsExact();
    void crashBeforeCompactionIsCaughtUpAfterReopen();
    void failedCompactionKeepsTheCensusAndIsRetried();
    void writerReportsTheCensusWhenCompactionFailsAndRetries();
    void lateCensusJoinsItsCompactedHour();
    void timeBudgetSpreadsACatchUpOverSeveralRuns();
    void schema1FileUpgradesAndKeepsEverySample();

private:
    void openStore();
    void closeStore();
    void write(Platform platform, qint64 takenAt, const QStringList &streams, bool compact = true);
    void verifyEverySeries(Platform platform, const QVector<std::pair<qint64, qint64>> &ranges);
    qint64 chunkCount() const { return queryInt(m_path, "SELECT COUNT(*) FROM sample_chunks"); }
    qint64 uncompacted() const
    {
        return queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE compacted = 0");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
    Written m_written;
};

void TestCompaction::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("streamrank.sqlite"));
    m_written = Written();
}

void TestCompaction::cleanup()
{
    closeStore();
    m_dir.reset();
}

void TestCompaction::openStore()
{
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
}

void TestCompaction::closeStore()
{
    m_store.reset();
    m_db.reset();
}

// Stores a census and, like CensusWriter, compacts whatever it closed.
void TestCompaction::write(Platform platform, qint64 takenAt, const QStringList &streams,
                           bool compact)
{
    const Census c = m_written.census(platform, takenAt, streams);
    auto stored = m_store->write(c);
    QVERIFY2(stored, qPrintable(stored.error()));
    m_written.stored(c);
    if (compact) {
        auto compacted = m_store->compact();
        QVERIFY2(compacted, qPrintable(compacted.error()));
    }
}

// Every stream of the platform over every range, against what was written.
void TestCompaction::verifyEverySeries(Platform platform,
                                       const QVector<std::pair<qint64, qint64>> &ranges)
{
    StorageReader reader(m_path);
    for (const QString &id : m_written.streams(platform)) {
        for (const auto &[from, to] : ranges) {
            auto series = reader.streamSeries(platform, id, from, to);
            QVERIFY2(series, qPrintable(series.error()));
            const QVector<SeriesPoint> expected = m_written.between(platform, id, from, to);
            if (*series != expected) {
                qWarning() << platformCode(platform) << id << from - kH0 << to - kH0 << "got"
                           << series->size() << "expected" << expected.size();
            }
            QCOMPARE(*series, expected);
        }
    }
}

void TestCompaction::seriesAcrossCompactedAndOpenHoursIsExact()
{
    openStore();
    // Censuses every 7 minutes from 0:40 to 3:25 past kH0: hours 0, 1 and 2
    // close, hour 3 stays open. "a" is live throughout, "b" from 1:15 to 2:30,
    // "c" only in the open hour; Kick has its own "a" at other times.
    for (qint64 t = kH0 + 40 * kMinute; t <= kH0 + 3 * kHour + 25 * kMinute; t += 7 * kMinute) {
        QStringList streams{QStringLiteral("a")};
        if (t >= kH0 + 75 * kMinute && t <= kH0 + 150 * kMinute)
            streams.append(QStringLiteral("b"));
        if (t >= kH0 + 3 * kHour)
            streams.append(QStringLiteral("c"));
        write(Platform::Twitch, t, streams);
        if (QTest::currentTestFailed())
            return;
        write(Platform::Kick, t + 30'000, {QStringLiteral("a"), QStringLiteral("k")});
        if (QTest::currentTestFailed())
            return;
    }
    // Each platform's hours 0..2 are compacted; hour 3 is read from viewership_samples.
    QCOMPARE(queryInt(m_path, "SELECT COUNT(DISTINCT bucket_start) FROM sample_chunks"), 3);
    QCOMPARE(queryInt(m_path, "SELECT MAX(bucket_start) FROM sample_chunks"), kH0 + 2 * kHour);
    const QByteArray inOpenHour =
        "SELECT COUNT(*) FROM censuses WHERE taken_at >= " + QByteArray::number(kH0 + 3 * kHour);
    QCOMPARE(uncompacted(), queryInt(m_path, inOpenHour.constData()));
    QCOMPARE(chunkCount(), 3 + 2 + 3 * 2); // twitch a x3, b x2; kick a, k x3
    QCOMPARE(queryInt(m_path, "SELECT SUM(count) FROM sample_chunks"),
             queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples v JOIN censuses c"
                              " ON c.id = v.census_id WHERE c.compacted = 1"));

    const qint64 aSample = kH0 + 40 * kMinute + 7 * kMinute * 5; // a census time in hour 1
    const QVector<std::pair<qint64, qint64>> ranges{
        {0, kH0 * 2},                                         // everything
        {kH0 + 50 * kMinute, kH0 + 3 * kHour + 10 * kMinute}, // mid-chunk to the open hour
        {kH0 + 65 * kMinute, kH0 + 100 * kMinute},            // inside one chunk
        {kH0 + 2 * kHour + 30 * kMinute, kH0 + 3 * kHour + 5 * kMinute}, // across the boundary
        {kH0 + 3 * kHour, kH0 * 2},                                      // only the open hour
        {aSample, aSample},                       // one sample, both ends inclusive
        {aSample + 1, aSample + 7 * kMinute - 1}, // between two samples
        {kH0 + kHour, kH0 + 2 * kHour - 1},       // exactly one bucket
        {0, kH0 + 40 * kMinute},                  // up to the first census
    };
    verifyEverySeries(Platform::Twitch, ranges);
    verifyEverySeries(Platform::Kick, ranges);

    // Nothing left to do until another hour closes.
    auto again = m_store->compact();
    QVERIFY(again);
    QCOMPARE(again->hours, 0);
}

void TestCompaction::crashBeforeCompactionIsCaughtUpAfterReopen()
{
    openStore();
    // Censuses committed, compaction never run: what a crash right after each
    // census's commit leaves.
    for (qint64 t = kH0 + 30 * kMinute; t <= kH0 + 2 * kHour + 10 * kMinute; t += 10 * kMinute) {
        write(Platform::Twitch, t, {QStringLiteral("a"), QStringLiteral("b")}, false);
        if (QTest::currentTestFailed())
            return;
    }
    closeStore();
    QCOMPARE(chunkCount(), 0);
    const QVector<std::pair<qint64, qint64>> ranges{
        {0, kH0 * 2}, {kH0 + 45 * kMinute, kH0 + 2 * kHour + 5 * kMinute}};
    verifyEverySeries(Platform::Twitch, ranges);

    openStore();
    auto caughtUp = m_store->compact();
    QVERIFY2(caughtUp, qPrintable(caughtUp.error()));
    QCOMPARE(caughtUp->hours, 2);
    QCOMPARE(caughtUp->chunks, 4);
    QCOMPARE(caughtUp->samples, 2 * (3 + 6));
    QCOMPARE(uncompacted(), 2); // 2:00 and 2:10, the open hour
    verifyEverySeries(Platform::Twitch, ranges);

    // And the next census goes on from there.
    write(Platform::Twitch, kH0 + 3 * kHour, {QStringLiteral("a")});
    QCOMPARE(chunkCount(), 6);
    verifyEverySeries(Platform::Twitch, ranges);
}

void TestCompaction::failedCompactionKeepsTheCensusAndIsRetried()
{
    openStore();
    for (qint64 t = kH0 + 20 * kMinute; t < kH0 + kHour; t += 20 * kMinute)
        write(Platform::Twitch, t, {QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(chunkCount(), 0);

    int attempts = 0;
    m_store->setCompactionFaultInjector([&attempts](qint64 bucket) {
        ++attempts;
        return bucket == kH0;
    });
    const Census closing =
        m_written.census(Platform::Twitch, kH0 + kHour + kMinute, {QStringLiteral("a")});
    auto stored = m_store->write(closing);
    QVERIFY2(stored, qPrintable(stored.error()));
    m_written.stored(closing);
    auto failed = m_store->compact();
    QVERIFY(!failed);
    QVERIFY2(failed.error().contains(QLatin1String("fault injected")) &&
                 failed.error().contains(QLatin1String("tried again")),
             qPrintable(failed.error()));
    QCOMPARE(attempts, 1);

    // The census that closed the hour is stored whole; nothing was compacted.
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM censuses"), 3);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples"), 2 + 2 + 1);
    QCOMPARE(chunkCount(), 0);
    QCOMPARE(uncompacted(), 3);
    const QVector<std::pair<qint64, qint64>> ranges{{0, kH0 * 2},
                                                    {kH0 + 30 * kMinute, kH0 + 2 * kHour}};
    verifyEverySeries(Platform::Twitch, ranges);

    // Still failing on the next census; then the disk has room again.
    write(Platform::Twitch, kH0 + kHour + 2 * kMinute, {QStringLiteral("a")}, false);
    QVERIFY(!m_store->compact());
    QCOMPARE(attempts, 2);
    m_store->setCompactionFaultInjector({});
    auto retried = m_store->compact();
    QVERIFY2(retried, qPrintable(retried.error()));
    QCOMPARE(retried->hours, 1);
    QCOMPARE(chunkCount(), 2);
    QCOMPARE(uncompacted(), 2);
    verifyEverySeries(Platform::Twitch, ranges);
}

void TestCompaction::writerReportsTheCensusWhenCompactionFailsAndRetries()
{
    CensusWriter writer;
    bool fail = true;
    writer.setCompactionFaultInjector([&fail](qint64) { return fail; });
    QSignalSpy stored(&writer, &CensusWriter::censusStored);
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    writer.open(m_path);

    writer.writeCensus(m_written.census(Platform::Demo, kH0 + 50 * kMinute, {QStringLiteral("a")}));
    writer.writeCensus(m_written.census(Platform::Demo, kH0 + 70 * kMinute, {QStringLiteral("a")}));
    QCOMPARE(stored.count(), 2);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples"), 2);
    QCOMPARE(chunkCount(), 0);

    fail = false;
    writer.writeCensus(m_written.census(Platform::Demo, kH0 + 72 * kMinute, {QStringLiteral("a")}));
    QCOMPARE(stored.count(), 3);
    QCOMPARE(chunkCount(), 1);
    QCOMPARE(queryInt(m_path, "SELECT count FROM sample_chunks"), 1);
    writer.close();
}

void TestCompaction::lateCensusJoinsItsCompactedHour()
{
    openStore();
    for (qint64 t : {kH0 + 10 * kMinute, kH0 + 30 * kMinute, kH0 + kHour + 5 * kMinute})
        write(Platform::Twitch, t, {QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(chunkCount(), 2);

    // A census from the compacted hour, stored after it closed (a collector
    // that caught up, a clock set back): read from viewership_samples, in
    // order, until the next compaction merges it into the chunks.
    write(Platform::Twitch, kH0 + 20 * kMinute, {QStringLiteral("a"), QStringLiteral("c")}, false);
    const QVector<std::pair<qint64, qint64>> ranges{
        {0, kH0 * 2}, {kH0 + 15 * kMinute, kH0 + 25 * kMinute}, {kH0 + 20 * kMinute, kH0 * 2}};
    verifyEverySeries(Platform::Twitch, ranges);

    auto merged = m_store->compact();
    QVERIFY2(merged, qPrintable(merged.error()));
    QCOMPARE(merged->hours, 1);
    QCOMPARE(chunkCount(), 3); // a's chunk grew, c got one
    QCOMPARE(queryInt(m_path, "SELECT count FROM sample_chunks s JOIN streams t ON t.id ="
                              " s.stream_id WHERE t.external_id = 'a'"),
             3);
    QCOMPARE(uncompacted(), 1);
    verifyEverySeries(Platform::Twitch, ranges);
}

void TestCompaction::timeBudgetSpreadsACatchUpOverSeveralRuns()
{
    openStore();
    for (qint64 t = kH0 + 30 * kMinute; t <= kH0 + 3 * kHour + 30 * kMinute; t += 30 * kMinute)
        write(Platform::Twitch, t, {QStringLiteral("a")}, false);
    const QVector<std::pair<qint64, qint64>> ranges{{0, kH0 * 2},
                                                    {kH0 + 45 * kMinute, kH0 + 2 * kHour}};

    // A spent budget still compacts one hour per run, so a backlog always shrinks.
    StorageDetail::SampleCompactor compactor(m_db->handle());
    for (int left = 2; left >= 0; --left) {
        auto run = compactor.compactClosedHours(0);
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run->hours, 1);
        QCOMPARE(run->hoursLeft, left);
        verifyEverySeries(Platform::Twitch, ranges);
    }
    auto done = compactor.compactClosedHours(0);
    QVERIFY(done);
    QCOMPARE(done->hours, 0);
    QCOMPARE(done->hoursLeft, 0);
    QCOMPARE(chunkCount(), 3);
}

void TestCompaction::schema1FileUpgradesAndKeepsEverySample()
{
    // A file as StreamRank with schema 1 wrote it: censuses every 5 minutes
    // from 0:10 to 3:30 past kH0; "long" live throughout, "short" from 1:20
    // to 1:50 and ended, "new" from 3:05.
    {
        QSqlDatabase v1 =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        v1.setDatabaseName(m_path);
        QVERIFY(v1.open());
        auto migrated = migrate(v1, m_path, {migrationSteps().first()});
        QVERIFY(migrated);
        QCOMPARE(*migrated, 1);
        QSqlQuery q(v1);
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        const QStringList ids{QStringLiteral("long"), QStringLiteral("short"),
                              QStringLiteral("new")};
        // last_seen_at: the first sighting while live, the last once ended.
        const qint64 lastSeen[] = {kH0 + 10 * kMinute, kH0 + 110 * kMinute, kH0 + 185 * kMinute};
        for (int s = 0; s < ids.size(); ++s) {
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO channels VALUES (%1, 2, 'c%1', 'l', 'n', NULL)")
                           .arg(s + 1)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO streams (id, platform_id, external_id,"
                                          " channel_id, title, language, started_at, ended_at,"
                                          " peak_viewers, last_seen_at) VALUES (%1, 2, '%2', %1,"
                                          " 't', 'en', %3, %4, 0, %5)")
                               .arg(s + 1)
                               .arg(ids[s])
                               .arg(kH0)
                               .arg(s == 1 ? QString::number(lastSeen[1]) : QStringLiteral("NULL"))
                               .arg(lastSeen[s])));
        }
        qint64 censusId = 0;
        for (qint64 t = kH0 + 10 * kMinute; t <= kH0 + 210 * kMinute; t += 5 * kMinute) {
            QStringList streams{ids[0]};
            if (t >= kH0 + 80 * kMinute && t <= kH0 + 110 * kMinute)
                streams.append(ids[1]);
            if (t >= kH0 + 185 * kMinute)
                streams.append(ids[2]);
            const Census c = m_written.census(Platform::Twitch, t, streams);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO censuses VALUES (%1, 2, %2, %3, 0, 0, 1, 0,"
                                          " 0)")
                               .arg(++censusId)
                               .arg(t)
                               .arg(streams.size())));
            for (const StreamObservation &obs : c.streams)
                QVERIFY(q.exec(QStringLiteral("INSERT INTO viewership_samples VALUES (%1, %2, %3,"
                                              " %4)")
                                   .arg(censusId)
                                   .arg(ids.indexOf(obs.streamId) + 1)
                                   .arg(t)
                                   .arg(obs.viewers)));
            m_written.stored(c);
        }
        QVERIFY2(q.exec(QStringLiteral("COMMIT")), qPrintable(q.lastError().text()));
        q.finish();
        v1.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    const QVector<std::pair<qint64, qint64>> ranges{{0, kH0 * 2},
                                                    {kH0 + 62 * kMinute, kH0 + 190 * kMinute},
                                                    {kH0 + 85 * kMinute, kH0 + 95 * kMinute}};
    openStore();
    QCOMPARE(m_db->schemaVersion(), latestSchemaVersion()); // 1 → 2 → 3 in one open
    closeStore();
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM sqlite_schema"
                              " WHERE name = 'viewership_samples_stream'"),
             0);
    QCOMPARE(queryInt(m_path, "SELECT first_seen_at FROM streams WHERE external_id = 'short'"),
             kH0 + 80 * kMinute);
    QCOMPARE(queryInt(m_path, "SELECT first_seen_at FROM streams WHERE external_id = 'new'"),
             kH0 + 185 * kMinute);
    QCOMPARE(uncompacted(), 41);
    verifyEverySeries(Platform::Twitch, ranges); // before any compaction

    // The writer compacts the closed hours when it opens the file.
    {
        CensusWriter writer;
        QSignalSpy opened(&writer, &CensusWriter::opened);
        writer.open(m_path);
        QCOMPARE(opened.count(), 1);
        writer.close();
    }
    QCOMPARE(queryInt(m_path, "SELECT COUNT(DISTINCT bucket_start) FROM sample_chunks"), 3);
    QCOMPARE(chunkCount(), 3 + 1);
    QCOMPARE(uncompacted(), 7); // 3:00 to 3:30
    verifyEverySeries(Platform::Twitch, ranges);

    // Writing goes on where schema 1 stopped: the open streams are known.
    openStore();
    auto stored = m_store->write(
        m_written.census(Platform::Twitch, kH0 + 4 * kHour, {QStringLiteral("long")}));
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->newStreams, 0);
    QCOMPARE(stored->endedStreams, 1); // "new", at its last sighting
    QCOMPARE(queryInt(m_path, "SELECT ended_at FROM streams WHERE external_id = 'new'"),
             kH0 + 210 * kMinute);
}

QTEST_GUILESS_MAIN(TestCompaction)
#include "tst_compaction.moc"
