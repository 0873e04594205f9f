// Rollups (schema 4): every 5-minute, 15-minute and hourly figure of a
// stream, a channel, a category and a platform equals a recomputation from
// the raw samples that were written, over random histories that cross hour
// and day boundaries, with gaps, partial censuses, late censuses, restarts
// and compactions skipped; and a file from before rollups gets them built,
// resumably, by the backfill.

#include "censusstore.h"
#include "censuswriter.h"
#include "database.h"
#include "rollup.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 3'600'000;
// 2026-03-28T21:00:00Z: the history runs over midnight UTC (and over the
// night a European clock changes; storage is UTC throughout).
constexpr qint64 kStart = 1'774'731'600'000;

struct Sample
{
    qint64 t;
    qint32 viewers;
    qint32 channels;
};

// The reference: samples as written, aggregated here the plain way.
QVector<RollupPoint> aggregate(const QVector<Sample> &samples, qint64 from, qint64 to,
                               Resolution resolution)
{
    const qint64 step = resolutionMs(resolution);
    const qint64 first = from - from % step;
    std::map<qint64, std::pair<QVector<qint32>, QVector<qint32>>> buckets;
    for (const Sample &s : samples) {
        const qint64 key = s.t - s.t % step;
        if (key >= first && key <= to) {
            buckets[key].first.append(s.viewers);
            buckets[key].second.append(s.channels);
        }
    }
    QVector<RollupPoint> out;
    for (const auto &[key, values] : buckets) {
        const auto &[v, c] = values;
        RollupPoint p;
        p.tMs = key;
        p.count = v.size();
        qint64 sum = 0;
        qint64 channelSum = 0;
        p.min = v.first();
        p.max = v.first();
        p.maxChannels = c.first();
        for (int i = 0; i < v.size(); ++i) {
            sum += v[i];
            channelSum += c[i];
            p.min = std::min(p.min, v[i]);
            p.max = std::max(p.max, v[i]);
            p.maxChannels = std::max(p.maxChannels, c[i]);
        }
        p.average = double(sum) / double(v.size());
        p.averageChannels = double(channelSum) / double(v.size());
        out.append(p);
    }
    return out;
}

// A stream's or channel's reference carries no channel figures.
QVector<RollupPoint> withoutChannels(QVector<RollupPoint> points)
{
    for (RollupPoint &p : points) {
        p.averageChannels = 0;
        p.maxChannels = 0;
    }
    return points;
}

bool sameFigures(const QVector<RollupPoint> &got, const QVector<RollupPoint> &expected,
                 QString *why)
{
    if (got.size() != expected.size()) {
        *why = QStringLiteral("%1 buckets, expected %2").arg(got.size()).arg(expected.size());
        return false;
    }
    for (int i = 0; i < got.size(); ++i) {
        const RollupPoint &a = got[i];
        const RollupPoint &b = expected[i];
        if (a.tMs != b.tMs || a.count != b.count || a.min != b.min || a.max != b.max ||
            qAbs(a.average - b.average) > 1e-9 * std::max(1.0, b.average) ||
            qAbs(a.averageChannels - b.averageChannels) > 1e-9 * std::max(1.0, b.averageChannels) ||
            a.maxChannels != b.maxChannels) {
            *why = QStringLiteral("bucket %1 (+%2 min): count %3/%4 avg %5/%6 min %7/%8 max %9/%10")
                       .arg(i)
                       .arg((a.tMs - kStart) / kMinute)
                       .arg(a.count)
                       .arg(b.count)
                       .arg(a.average)
                       .arg(b.average)
                       .arg(a.min)
                       .arg(b.min)
                       .arg(a.max)
                       .arg(b.max);
            return false;
        }
    }
    return true;
}

// A random history of one platform: channels that go live and offline
// (each session a new stream id), categories, viewers that wander.
class History
{
public:
    explicit History(quint32 seed) : m_random(seed) {}

    struct Live
    {
        QString stream;
        int channel;
        int category;
        qint32 viewers;
        qint64 firstSeen;
    };

    // The next census at `t`; partial censuses end nothing.
    Census next(Platform platform, qint64 t, bool partial)
    {
        // Sessions end and begin (only at complete censuses: a partial one
        // cannot end a stream in storage either).
        if (!partial) {
            for (auto it = m_live.begin(); it != m_live.end();) {
                if (m_random.bounded(100) < 3)
                    it = m_live.erase(it);
                else
                    ++it;
            }
            for (int c = 0; c < kChannels; ++c) {
                if (!isLive(c) && m_random.bounded(100) < 6) {
                    m_live.append({QStringLiteral("c%1-s%2").arg(c).arg(++m_sessions), c,
                                   int(m_random.bounded(kCategories)),
                                   qint32(m_random.bounded(50, 20000)), t});
                }
            }
        }
        Census census;
        census.platform = platform;
        census.takenAtMs = t;
        census.partial = partial;
        census.stats.pagesOk = 1;
        for (Live &l : m_live) {
            if (partial && m_random.bounded(2) == 0)
                continue; // a partial census misses some streams
            l.viewers = std::max<qint32>(
                0, l.viewers + qint32(m_random.bounded(-(l.viewers / 10 + 5), l.viewers / 10 + 6)));
            census.streams.append(observation(l, t));
        }
        return census;
    }

    // A late census at `t`, in an hour already stored: the streams live now
    // that were already live then (a session cannot begin after its sighting).
    Census late(Platform platform, qint64 t)
    {
        Census census;
        census.platform = platform;
        census.takenAtMs = t;
        census.partial = true;
        census.stats.pagesOk = 1;
        for (const Live &l : m_live)
            if (l.firstSeen <= t)
                census.streams.append(observation(l, t));
        return census;
    }

    QRandomGenerator &random() { return m_random; }
    static constexpr int kChannels = 12;
    static constexpr int kCategories = 4;

private:
    bool isLive(int channel) const
    {
        for (const Live &l : m_live)
            if (l.channel == channel)
                return true;
        return false;
    }
    static StreamObservation observation(const Live &l, qint64 t)
    {
        StreamObservation obs;
        obs.streamId = l.stream;
        obs.channelId = QStringLiteral("c%1").arg(l.channel);
        obs.channelLogin = QStringLiteral("login%1").arg(l.channel);
        obs.channelName = QStringLiteral("Channel %1").arg(l.channel);
        obs.title = QStringLiteral("Title");
        obs.categoryId = QStringLiteral("g%1").arg(l.category);
        obs.categoryName = QStringLiteral("Game %1").arg(l.category);
        obs.language = QStringLiteral("en");
        obs.startedAtMs = l.firstSeen;
        obs.viewers = l.viewers + qint32(t % 7); // distinct per time
        Q_UNUSED(t);
        return obs;
    }

    QRandomGenerator m_random;
    QVector<Live> m_live;
    int m_sessions = 0;
};

// What was stored, by subject.
struct Written
{
    QHash<QString, QVector<Sample>> streams;
    QHash<QString, QVector<Sample>> channels;
    QHash<QString, QVector<Sample>> categories;
    QVector<Sample> platform;
    QSet<qint64> times;

    void stored(const Census &c)
    {
        times.insert(c.takenAtMs);
        QHash<QString, std::pair<qint64, int>> perCategory;
        qint64 total = 0;
        for (const StreamObservation &obs : c.streams) {
            streams[obs.streamId].append({c.takenAtMs, obs.viewers, 0});
            channels[obs.channelId].append({c.takenAtMs, obs.viewers, 0});
            auto &[viewers, live] = perCategory[obs.categoryId];
            viewers += obs.viewers;
            ++live;
            total += obs.viewers;
        }
        for (auto it = perCategory.cbegin(); it != perCategory.cend(); ++it)
            categories[it.key()].append(
                {c.takenAtMs, qint32(it.value().first), qint32(it.value().second)});
        platform.append({c.takenAtMs, qint32(total), qint32(c.streams.size())});
    }
};

} // namespace

class TestRollups : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void encodingKeepsEverySlotAndSkipsDamage();
    void rollupsEqualARecomputationOverRandomHistories_data();
    void rollupsEqualARecomputationOverRandomHistories();
    void aFileFromBeforeRollupsGetsThemBuiltResumably();
    void theWriterReportsTheBackfillUntilItIsDone();
    void theWriterReportsNothingWithoutABackfill();

private:
    void openStore();
    void closeStore();
    void write(const Census &census, bool compact);
    void writeHistory(quint32 seed, int hours);
    void makeSchema3(); // the file as schema 3 wrote it: no rollups, no version 4
    void verifyAll(const QVector<std::pair<qint64, qint64>> &ranges);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
    Written m_written;
};

void TestRollups::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("rollups.sqlite"));
    m_written = Written();
}

void TestRollups::cleanup()
{
    closeStore();
    m_dir.reset();
}

void TestRollups::openStore()
{
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
}

void TestRollups::closeStore()
{
    m_store.reset();
    m_db.reset();
}

void TestRollups::write(const Census &census, bool compact)
{
    auto stored = m_store->write(census);
    QVERIFY2(stored, qPrintable(stored.error()));
    m_written.stored(census);
    if (compact) {
        auto compacted = m_store->compact();
        QVERIFY2(compacted, qPrintable(compacted.error()));
    }
}

// Censuses 40–150 s apart with now and then a gap of up to 3 hours; some
// partial; now and then a late census into an earlier hour, a restart, or a
// compaction skipped (a crash before it).
void TestRollups::writeHistory(quint32 seed, int hours)
{
    History history(seed);
    QRandomGenerator &random = history.random();
    openStore();
    qint64 t = kStart + qint64(random.bounded(0, 600)) * 1000;
    const qint64 end = kStart + hours * kHour;
    while (t < end) {
        const bool partial = random.bounded(100) < 8;
        write(history.next(Platform::Twitch, t, partial), random.bounded(100) >= 10);
        if (QTest::currentTestFailed())
            return;
        const int roll = int(random.bounded(1000));
        if (roll < 15) {
            // Late: a time not yet used, one to three hours back.
            qint64 lateAt = t - qint64(random.bounded(60, 180)) * kMinute +
                            qint64(random.bounded(1, 59)) * 1000;
            while (m_written.times.contains(lateAt))
                lateAt += 1;
            write(history.late(Platform::Twitch, lateAt), true);
        } else if (roll < 25) {
            closeStore();
            openStore();
        }
        t += random.bounded(100) < 2 ? qint64(random.bounded(20, 180)) * kMinute
                                     : qint64(random.bounded(40, 150)) * 1000;
    }
    closeStore();
}

void TestRollups::verifyAll(const QVector<std::pair<qint64, qint64>> &ranges)
{
    StorageReader reader(m_path);
    QString why;
    const Resolution resolutions[] = {Resolution::FiveMinutes, Resolution::FifteenMinutes,
                                      Resolution::Hour};
    for (const Resolution resolution : resolutions) {
        for (const auto &[from, to] : ranges) {
            for (auto it = m_written.streams.cbegin(); it != m_written.streams.cend(); ++it) {
                auto got = reader.streamRollups(Platform::Twitch, it.key(), from, to, resolution);
                QVERIFY2(got, qPrintable(got.error()));
                QVERIFY2(
                    sameFigures(*got, withoutChannels(aggregate(it.value(), from, to, resolution)),
                                &why),
                    qPrintable(
                        QStringLiteral("stream %1 at %2: %3 (raw %4 of %5)")
                            .arg(it.key(), resolutionName(resolution), why)
                            .arg(reader.streamSeries(Platform::Twitch, it.key(), from, to)->size())
                            .arg(it.value().size())));
            }
            for (auto it = m_written.channels.cbegin(); it != m_written.channels.cend(); ++it) {
                auto got = reader.channelRollups(Platform::Twitch, it.key(), from, to, resolution);
                QVERIFY2(got, qPrintable(got.error()));
                QVERIFY2(sameFigures(*got,
                                     withoutChannels(aggregate(it.value(), from, to, resolution)),
                                     &why),
                         qPrintable(QStringLiteral("channel %1 at %2: %3")
                                        .arg(it.key(), resolutionName(resolution), why)));
            }
            for (auto it = m_written.categories.cbegin(); it != m_written.categories.cend(); ++it) {
                auto got = reader.categoryRollups(Platform::Twitch, it.key(), from, to, resolution);
                QVERIFY2(got, qPrintable(got.error()));
                QVERIFY2(sameFigures(*got, aggregate(it.value(), from, to, resolution), &why),
                         qPrintable(QStringLiteral("category %1 at %2: %3")
                                        .arg(it.key(), resolutionName(resolution), why)));
            }
            auto got = reader.platformRollups(Platform::Twitch, from, to, resolution);
            QVERIFY2(got, qPrintable(got.error()));
            QVERIFY2(
                sameFigures(*got, aggregate(m_written.platform, from, to, resolution), &why),
                qPrintable(
                    QStringLiteral("platform at %1: %2").arg(resolutionName(resolution), why)));
        }
    }
}

void TestRollups::encodingKeepsEverySlotAndSkipsDamage()
{
    const qint64 bucket = kStart;
    Rollup::HourSlots written;
    written.add(bucket, bucket, 10, 1);
    written.add(bucket, bucket + 4 * kMinute, 30, 3);
    written.add(bucket, bucket + 59 * kMinute + 59'999, 0, 2); // the last slot
    written.add(bucket, bucket + 59 * kMinute, 2'000'000'000, 7);
    std::vector<uchar> blob;
    Rollup::encode(written, true, blob);
    QCOMPARE(blob.size(), size_t(2 * Rollup::CategorySlotBytes)); // two slots have samples
    Rollup::HourSlots read;
    Rollup::decode(blob.data(), int(blob.size()), true, read);
    QCOMPARE(read.viewers, written.viewers);
    QCOMPARE(read.channels, written.channels);
    QCOMPARE(read.viewers[0].count, 2);
    QCOMPARE(read.viewers[0].mean(), 20.0);
    QCOMPARE(read.viewers[11].sum, 2'000'000'000LL);
    QCOMPARE(read.viewers[11].min, 0);
    QCOMPARE(read.hourViewers().max, 2'000'000'000);

    // Without channels, an impossible slot index and a cut-off record are
    // skipped rather than read.
    Rollup::encode(written, false, blob);
    QCOMPARE(blob.size(), size_t(2 * Rollup::StreamSlotBytes));
    blob[size_t(Rollup::StreamSlotBytes)] = 40; // the second record's index
    Rollup::HourSlots damaged;
    Rollup::decode(blob.data(), int(blob.size()), false, damaged);
    QCOMPARE(damaged.viewers[0], written.viewers[0]);
    QCOMPARE(damaged.hourViewers().count, 2); // the first record only
    Rollup::encode(written, false, blob);
    Rollup::HourSlots cut;
    Rollup::decode(blob.data(), int(blob.size()) - 3, false, cut);
    QCOMPARE(cut.hourViewers().count, 2);
    QCOMPARE(cut.viewers[11].count, 0);

    // A sample outside the hour (a damaged chunk's offset) is not counted.
    Rollup::HourSlots outside;
    outside.add(bucket, bucket + 3 * 3'600'000LL, 5);
    outside.add(bucket, bucket - 1, 5);
    QCOMPARE(outside.hourViewers().count, 0);
}

void TestRollups::rollupsEqualARecomputationOverRandomHistories_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 7u, 42u, 2026u})
        QTest::addRow("seed %u", seed) << seed;
}

void TestRollups::rollupsEqualARecomputationOverRandomHistories()
{
    QFETCH(quint32, seed);
    writeHistory(seed, 30);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(queryInt(m_path, "SELECT COUNT(*) FROM stream_rollups_5m") > 0);
    QVERIFY(queryInt(m_path, "SELECT COUNT(*) FROM category_rollups_1h") > 0);
    // Some censuses were left uncompacted (the open hour at least): reads
    // combine both sources.
    QVERIFY(queryInt(m_path, "SELECT COUNT(*) FROM censuses WHERE compacted = 0") > 0);
    verifyAll({{kStart - kHour, kStart + 40 * kHour},
               {kStart + 2 * kHour + 7 * kMinute, kStart + 5 * kHour + 23 * kMinute},
               {kStart + 29 * kHour + 31 * kMinute, kStart + 31 * kHour}});
}

void TestRollups::aFileFromBeforeRollupsGetsThemBuiltResumably()
{
    writeHistory(99, 12);
    if (QTest::currentTestFailed())
        return;
    makeSchema3();
    if (QTest::currentTestFailed())
        return;
    const qint64 compactedHours = queryInt(
        m_path, "SELECT COUNT(DISTINCT taken_at / 3600000) FROM censuses WHERE compacted = 1");
    QVERIFY(compactedHours > 5);
    // The span from the oldest census's hour to the newest compacted one,
    // gaps of hours without censuses included: what "hours left" starts at.
    const qint64 spanHours =
        queryInt(m_path, "SELECT MAX(taken_at) / 3600000 FROM censuses WHERE compacted = 1") -
        queryInt(m_path, "SELECT MIN(taken_at) / 3600000 FROM censuses") + 1;
    QVERIFY(spanHours >= compactedHours);

    // The upgrade records the task; reads are missing the old hours until
    // the backfill has run, a little at a time, across restarts.
    openStore();
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM storage_tasks"), 1);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM stream_rollups_1h"), 0);
    auto progress = m_store->rollupBackfillProgress();
    QVERIFY2(progress, qPrintable(progress.error()));
    QCOMPARE(*progress, (RollupBackfillProgress{0, int(spanHours), false}));
    int calls = 0;
    RollupBackfillProgress last = *progress;
    for (;;) {
        auto done = m_store->buildOlderRollups(0); // one hour per call
        QVERIFY2(done, qPrintable(done.error()));
        ++calls;
        // Each call built one hour: counted (across restarts too), and
        // fewer left, never more than the span allowed.
        progress = m_store->rollupBackfillProgress();
        QVERIFY2(progress, qPrintable(progress.error()));
        QCOMPARE(progress->finished, *done);
        QCOMPARE(progress->hoursDone, calls);
        QVERIFY2(
            progress->hoursLeft < last.hoursLeft,
            qPrintable(QStringLiteral("%1 then %2").arg(last.hoursLeft).arg(progress->hoursLeft)));
        QVERIFY(progress->hoursDone + progress->hoursLeft <= spanHours);
        last = *progress;
        if (*done)
            break;
        QVERIFY(progress->hoursLeft > 0); // the call that builds the last hour ends the task
        QVERIFY(calls <= compactedHours + 2);
        if (calls % 3 == 0) { // killed now and then: it resumes where it was
            closeStore();
            openStore();
            progress = m_store->rollupBackfillProgress(); // read from the file again
            QVERIFY2(progress, qPrintable(progress.error()));
            QCOMPARE(*progress, last);
        }
    }
    // Every hour with censuses was built, the hours of the gaps skipped.
    QCOMPARE(calls, int(compactedHours));
    QCOMPARE(last, (RollupBackfillProgress{int(compactedHours), 0, true}));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM storage_tasks"), 0);
    closeStore();
    // Done is done: a later start reads no backfill.
    openStore();
    progress = m_store->rollupBackfillProgress();
    QVERIFY2(progress, qPrintable(progress.error()));
    QCOMPARE(*progress, RollupBackfillProgress{});
    closeStore();
    verifyAll({{kStart - kHour, kStart + 20 * kHour},
               {kStart + 3 * kHour + 11 * kMinute, kStart + 6 * kHour + 2 * kMinute}});
}

void TestRollups::theWriterReportsTheBackfillUntilItIsDone()
{
    writeHistory(5, 12);
    if (QTest::currentTestFailed())
        return;
    makeSchema3();
    if (QTest::currentTestFailed())
        return;
    const int compactedHours = int(queryInt(
        m_path, "SELECT COUNT(DISTINCT taken_at / 3600000) FROM censuses WHERE compacted = 1"));

    // Called on this thread: open() says at once that a backfill is pending,
    // then its checkpoint builds (12 hours take well under its 1 s) and
    // says so; after that, censuses report nothing more.
    CensusWriter writer;
    QSignalSpy progress(&writer, &CensusWriter::rollupBackfillProgress);
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    writer.open(m_path);
    QVERIFY(progress.count() >= 2);
    const auto at = [&progress](int i) {
        return progress.at(i).at(0).value<RollupBackfillProgress>();
    };
    QCOMPARE(at(0).finished, false);
    QCOMPARE(at(0).hoursDone, 0);
    QVERIFY(at(0).hoursLeft >= compactedHours);
    for (int i = 1; i < progress.count(); ++i) {
        QVERIFY(at(i).hoursLeft < at(i - 1).hoursLeft);
        QVERIFY(at(i).hoursDone > at(i - 1).hoursDone);
        QCOMPARE(at(i).finished, i == progress.count() - 1);
    }
    QCOMPARE(at(progress.count() - 1), (RollupBackfillProgress{compactedHours, 0, true}));

    const int reports = int(progress.count());
    History history(5);
    for (int i = 0; i < 3; ++i)
        writer.writeCensus(
            history.next(Platform::Twitch, kStart + 13 * kHour + i * kMinute, false));
    QVERIFY(failed.isEmpty());
    QCOMPARE(progress.count(), reports);
}

void TestRollups::theWriterReportsNothingWithoutABackfill()
{
    writeHistory(5, 3);
    if (QTest::currentTestFailed())
        return;
    CensusWriter writer;
    QSignalSpy progress(&writer, &CensusWriter::rollupBackfillProgress);
    QSignalSpy opened(&writer, &CensusWriter::opened);
    writer.open(m_path);
    QCOMPARE(opened.count(), 1);
    History history(5);
    writer.writeCensus(history.next(Platform::Twitch, kStart + 4 * kHour, false));
    QCOMPARE(progress.count(), 0);
}

void TestRollups::makeSchema3()
{
    {
        auto conn = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v3"));
        conn.setDatabaseName(m_path);
        QVERIFY(conn.open());
        QSqlQuery q(conn);
        for (const char *sql : {"DROP TABLE stream_rollups_5m", "DROP TABLE stream_rollups_1h",
                                "DROP TABLE category_rollups_5m", "DROP TABLE category_rollups_1h",
                                "DROP TABLE storage_tasks", "DROP TABLE storage_options",
                                "DROP TABLE anomaly_incidents",
                                "ALTER TABLE anomaly_events DROP COLUMN incident_start",
                                "DELETE FROM schema_version WHERE version >= 4"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        conn.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v3"));
}

QTEST_GUILESS_MAIN(TestRollups)
#include "tst_rollups.moc"
