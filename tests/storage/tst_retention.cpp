// Retention: raw samples, 5-minute and hourly rollups are each deleted once
// older than their limit, in whole hours, in batches that resume after a
// kill; what is kept (the newest census, peaks, rollups within their limit,
// censuses, events) stays exactly as it was; options out of range are
// brought into range.

#include "censusstore.h"
#include "database.h"
#include "retention.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kStart = 1'774'742'400'000; // 2026-03-29T00:00:00Z
constexpr int kStreams = 30;
constexpr int kDays = 8;
constexpr qint64 kInterval = 20 * kMinute;

qint32 viewersAt(int stream, qint64 t)
{
    return qint32(100 + stream * 10 + (t / kInterval) % 37);
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void optionsOutOfRangeAreBroughtIntoRange();
    void eachTierIsDeletedPastItsLimitAndTheRestKeptExactly();
    void aPassInSingleBatchesResumesAcrossRestarts();
    void keptForEverMeansNothingIsDeleted();
    void aCensusOlderThanWhatIsKeptIsRefusedAndNothingElse();
    void anUncompactedCensusKeepsItsSamples();

private:
    void openStore();
    void closeStore();
    void writeDays(int days);
    void setOptions(int raw, int fiveMinutes, int hours);
    void verifyKept(qint64 now, const RetentionOptions &options);
    qint64 count(const char *sql) const { return queryInt(m_path, sql); }
    qint64 count(const QByteArray &sql) const { return queryInt(m_path, sql.constData()); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
    qint64 m_last = 0;
};

void TestRetention::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("retention.sqlite"));
}

void TestRetention::cleanup()
{
    closeStore();
    m_dir.reset();
}

void TestRetention::openStore()
{
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
}

void TestRetention::closeStore()
{
    m_store.reset();
    m_db.reset();
}

// One census every 20 minutes for `days` days, every hour compacted.
void TestRetention::writeDays(int days)
{
    for (qint64 t = kStart; t < kStart + days * kDay; t += kInterval) {
        auto stored = m_store->write(makeCensus(
            Platform::Twitch, t, kStreams, [t](int i) { return viewersAt(i, t); }, 5));
        QVERIFY2(stored, qPrintable(stored.error()));
        auto compacted = m_store->compact();
        QVERIFY2(compacted, qPrintable(compacted.error()));
        m_last = t;
    }
}

void TestRetention::setOptions(int raw, int fiveMinutes, int hours)
{
    QVERIFY(!m_store->setRetentionOptions({raw, fiveMinutes, hours}));
}

// What each tier holds after a finished pass, and what must not change.
void TestRetention::verifyKept(qint64 now, const RetentionOptions &options)
{
    const auto limit = [now](int days) {
        return days == 0 ? qint64(0) : (now - days * kDay) / kHour * kHour;
    };
    const qint64 rawLimit = limit(options.rawDays);
    const qint64 fiveLimit = limit(options.fiveMinuteDays);
    const qint64 hourLimit = limit(options.hourDays);
    const QByteArray raw = QByteArray::number(rawLimit);
    // Nothing before its limit, and everything from it on.
    // (Twitch's: the test with a Kick census left uncompacted checks that apart.)
    const QByteArray twitch = " AND census_id IN (SELECT id FROM censuses WHERE platform_id = 2)";
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM viewership_samples WHERE taken_at < " + raw +
                              twitch)),
             0);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM sample_chunks WHERE bucket_start < " + raw)),
             0);
    QCOMPARE(
        count(QByteArray("SELECT COUNT(*) FROM category_samples WHERE taken_at < " + raw + twitch)),
        0);
    const qint64 censusesKept = count(
        QByteArray("SELECT COUNT(*) FROM censuses WHERE platform_id = 2 AND taken_at >= " + raw));
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM viewership_samples WHERE 1" + twitch)),
             censusesKept * kStreams);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM stream_rollups_5m WHERE bucket_start < " +
                              QByteArray::number(fiveLimit))),
             0);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM category_rollups_5m WHERE bucket_start < " +
                              QByteArray::number(fiveLimit))),
             0);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM stream_rollups_1h WHERE bucket_start < " +
                              QByteArray::number(hourLimit))),
             0);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM category_rollups_1h WHERE bucket_start < " +
                              QByteArray::number(hourLimit))),
             0);
    // Every compacted hour from the limit on is still there (the last one is
    // open, read from the raw samples).
    QCOMPARE(count(QByteArray("SELECT COUNT(DISTINCT bucket_start) FROM category_rollups_1h")),
             (m_last / kHour * kHour - std::max(hourLimit, kStart)) / kHour);
    // Every census and stream row is kept, with its peak.
    QCOMPARE(count("SELECT COUNT(*) FROM censuses WHERE platform_id = 2"),
             kDays * kDay / kInterval);
    QCOMPARE(count("SELECT COUNT(*) FROM streams WHERE platform_id = 2"), kStreams);
    QCOMPARE(count("SELECT MAX(peak_viewers) FROM streams WHERE external_id = 's0'"), 100 + 36);

    StorageReader reader(m_path);
    // The newest census reads whole.
    auto latest = reader.latestCensus(Platform::Twitch);
    QVERIFY2(latest, qPrintable(latest.error()));
    QCOMPARE(latest->takenAtMs, m_last);
    QCOMPARE(latest->streams.size(), kStreams);
    // A stream's hours within each limit are exact; before it, absent.
    auto hourly = reader.streamRollups(Platform::Twitch, QStringLiteral("s3"), kStart, m_last,
                                       Resolution::Hour);
    QVERIFY2(hourly, qPrintable(hourly.error()));
    qint64 expectedHours = 0;
    for (qint64 h = kStart; h <= m_last; h += kHour)
        expectedHours += h >= hourLimit;
    QCOMPARE(hourly->size(), expectedHours);
    for (const RollupPoint &p : *hourly) {
        qint64 sum = 0;
        int n = 0;
        for (qint64 t = p.tMs; t < p.tMs + kHour; t += kInterval, ++n)
            sum += viewersAt(3, t);
        QCOMPARE(p.count, n);
        QCOMPARE(p.average, double(sum) / n);
    }
    auto series = reader.streamSeries(Platform::Twitch, QStringLiteral("s3"), kStart, m_last);
    QVERIFY2(series, qPrintable(series.error()));
    QVERIFY(!series->isEmpty());
    QCOMPARE(series->constFirst().tMs, std::max(rawLimit, kStart));
    QCOMPARE(series->constLast().tMs, m_last);
}

void TestRetention::optionsOutOfRangeAreBroughtIntoRange()
{
    QCOMPARE((RetentionOptions{30, 90, 365}.sanitized()), (RetentionOptions{30, 90, 365}));
    // Coarser tiers are kept at least as long as finer ones.
    QCOMPARE((RetentionOptions{60, 30, 10}.sanitized()), (RetentionOptions{60, 60, 60}));
    // Absurd values: negative is for ever, beyond 100 years is 100 years.
    QCOMPARE((RetentionOptions{-5, 1'000'000, 7}.sanitized()), (RetentionOptions{0, 0, 0}));
    QCOMPARE((RetentionOptions{2, 1'000'000, 7}.sanitized()),
             (RetentionOptions{2, 36'500, 36'500}));
    // A finer tier kept for ever keeps the coarser ones for ever too.
    QCOMPARE((RetentionOptions{0, 30, 365}.sanitized()), (RetentionOptions{0, 0, 0}));

    // Stored and read back sanitized; a fresh file has the defaults.
    openStore();
    auto fresh = readRetentionOptions(m_db->handle());
    QVERIFY(fresh);
    QCOMPARE(*fresh, RetentionOptions{});
    QVERIFY(!m_store->setRetentionOptions({7, 3, 400}));
    auto stored = readRetentionOptions(m_db->handle());
    QVERIFY(stored);
    QCOMPARE(*stored, (RetentionOptions{7, 7, 400}));
}

void TestRetention::eachTierIsDeletedPastItsLimitAndTheRestKeptExactly()
{
    openStore();
    writeDays(kDays);
    setOptions(2, 4, 6);
    const qint64 before = count("SELECT COUNT(*) FROM viewership_samples");
    auto report = m_store->applyRetention(m_last);
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY(report->finished);
    QVERIFY(report->rowsDeleted > 0);
    QVERIFY(count("SELECT COUNT(*) FROM viewership_samples") < before);
    verifyKept(m_last, {2, 4, 6});

    // The next day's censuses move every limit on by a day.
    closeStore();
    openStore();
    report = m_store->applyRetention(m_last + kDay);
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY(report->finished);
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM sample_chunks WHERE bucket_start < " +
                              QByteArray::number((m_last + kDay - 2 * kDay) / kHour * kHour))),
             0);
    // Running again finds nothing.
    report = m_store->applyRetention(m_last + kDay);
    QVERIFY(report);
    QCOMPARE(report->rowsDeleted, 0);
    QCOMPARE(report->batches, 0);
}

void TestRetention::aPassInSingleBatchesResumesAcrossRestarts()
{
    openStore();
    writeDays(kDays);
    setOptions(2, 4, 6);
    // 40 rows a batch: an hour's 90 samples take three batches, so an hour is
    // left half cleared between calls (and restarts) too.
    m_store->setRetentionBatchRows(40);
    int calls = 0;
    for (;;) {
        // One batch per call: one transaction, within one hour of one tier.
        auto report = m_store->applyRetention(m_last, 0);
        QVERIFY2(report, qPrintable(report.error()));
        ++calls;
        if (report->finished)
            break;
        QVERIFY(report->batches == 1);
        QVERIFY(calls < 100'000);
        if (calls % 7 == 0) { // killed between batches
            closeStore();
            openStore();
            m_store->setRetentionBatchRows(40);
        }
    }
    // Raw: 6 days × 24 hours × at least 3 batches; rollups: an hour each.
    QVERIFY2(calls > 6 * 24 * 3, qPrintable(QString::number(calls)));
    verifyKept(m_last, {2, 4, 6});
}

void TestRetention::keptForEverMeansNothingIsDeleted()
{
    openStore();
    writeDays(kDays);
    setOptions(0, 0, 0);
    const qint64 samples = count("SELECT COUNT(*) FROM viewership_samples");
    const qint64 chunks = count("SELECT COUNT(*) FROM sample_chunks");
    const qint64 rollups = count("SELECT COUNT(*) FROM stream_rollups_5m");
    auto report = m_store->applyRetention(m_last + 1000 * kDay);
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY(report->finished);
    QCOMPARE(report->rowsDeleted, 0);
    QCOMPARE(count("SELECT COUNT(*) FROM viewership_samples"), samples);
    QCOMPARE(count("SELECT COUNT(*) FROM sample_chunks"), chunks);
    QCOMPARE(count("SELECT COUNT(*) FROM stream_rollups_5m"), rollups);
    // The defaults keep a week-old history whole.
    setOptions(30, 90, 365);
    report = m_store->applyRetention(m_last);
    QVERIFY(report);
    QCOMPARE(report->rowsDeleted, 0);
}

void TestRetention::aCensusOlderThanWhatIsKeptIsRefusedAndNothingElse()
{
    openStore();
    writeDays(kDays);
    setOptions(2, 4, 6);
    auto report = m_store->applyRetention(m_last);
    QVERIFY(report && report->finished);
    const qint64 hourlyBefore = count("SELECT COUNT(*) FROM stream_rollups_1h");
    // A late census for an hour retention cleared: refused, said why.
    const qint64 old = kStart + 3 * kDay + 7 * kMinute;
    auto refused = m_store->write(makeCensus(
        Platform::Twitch, old, kStreams, [](int) { return 5; }, 5));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("older than this database keeps")),
             qPrintable(refused.error()));
    QVERIFY2(refused.error().contains(QStringLiteral("Settings → Storage")),
             qPrintable(refused.error()));
    QCOMPARE(count(QByteArray("SELECT COUNT(*) FROM censuses WHERE taken_at = ") +
                   QByteArray::number(old)),
             0);
    QCOMPARE(count("SELECT COUNT(*) FROM stream_rollups_1h"), hourlyBefore);
    // A late census within what is kept is stored as before.
    const qint64 recent = m_last - kHour + 7 * kMinute;
    auto stored = m_store->write(makeCensus(
        Platform::Twitch, recent, kStreams, [](int) { return 5; }, 5));
    QVERIFY2(stored, qPrintable(stored.error()));
    // So is the next census after a restart (the mark is read from the file).
    closeStore();
    openStore();
    refused = m_store->write(makeCensus(
        Platform::Twitch, old + kMinute, kStreams, [](int) { return 5; }, 5));
    QVERIFY(!refused);
    stored = m_store->write(makeCensus(
        Platform::Twitch, m_last + kInterval, kStreams, [](int) { return 5; }, 5));
    QVERIFY2(stored, qPrintable(stored.error()));
}

void TestRetention::anUncompactedCensusKeepsItsSamples()
{
    // Kick's last census was never compacted (nothing later closed its
    // hour); Twitch goes on for days. Kick's census keeps its samples until
    // its hour is compacted, however old it is.
    openStore();
    auto kick = m_store->write(makeCensus(
        Platform::Kick, kStart + 10 * kMinute, 7, [](int i) { return 50 + i; }, 2));
    QVERIFY2(kick, qPrintable(kick.error()));
    writeDays(kDays);
    setOptions(2, 4, 6);
    auto report = m_store->applyRetention(m_last);
    QVERIFY2(report && report->finished, report ? "" : qPrintable(report.error()));
    QCOMPARE(count("SELECT COUNT(*) FROM viewership_samples v JOIN censuses c ON c.id ="
                   " v.census_id WHERE c.platform_id = 4"),
             7);
    QCOMPARE(count("SELECT compacted FROM censuses WHERE platform_id = 4"), 0);
    verifyKept(m_last, {2, 4, 6});
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
