// The retention pass (storage/retention.h) at 100,000 streams: how long one
// slice (one batch, one transaction) of CensusStore::applyRetention takes,
// and whether a census written between slices is slowed by them.
//
//   1. A real file (Database::open in a QTemporaryDir under $TMPDIR) gets
//      --hours hours of one-minute censuses of --streams streams (the shared
//      generator of benchsupport.h), each followed by compact() and
//      checkpoint() as CensusWriter does; their write times are "before".
//   2. Retention is set to one day for every resolution and "now" moved a day
//      on, so every hour but the newest has aged out (arithmetic below). A
//      first census a day later closes and compacts the newest hour.
//   3. One checkpoint() right after a census, while retention has work left:
//      what the writer spends per census in the catch-up (its 500 ms budget).
//   4. applyRetention(now, 0), one batch per call, timed per call, until
//      finished; every --census-every (10) batches a census is written and
//      timed ("during"), after a passive WAL checkpoint and followed by
//      compact(), as the writer's checkpoint() would do around it.
//      With --cold, the database file is dropped from the OS page cache
//      (posix_fadvise DONTNEED: clean pages of this file only) before every
//      batch, as the oldest hour of a 30-day file far larger than memory
//      would be; SQLite's own 64 MiB cache stays.
//   5. The rows are counted before and after: every aged-out row of the seven
//      tables gone, the newest hour untouched, and the rows the pass reported
//      deleted equal to those counted. A mismatch or an error fails (exit 1);
//      slow figures do not.
//
// Why a few hours stand for 30 days: every statement of a batch is keyed on
// one hour's or one census's prefix of a primary key (or of the
// category_samples_census index), so what a batch reads and deletes is one
// hour's rows, whatever lies beside them (docs/PERFORMANCE.md §9 says how far
// that holds).

#include "benchsupport.h"

#include "censusstore.h"
#include "database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

constexpr qint64 kDayMs = 24 * kHourMs;
// The slice limit of issue 10.
constexpr double kSliceLimitMs = 50.0;

[[noreturn]] void fail(const QString &message)
{
    printLine(QStringLiteral("FAILED: %1").arg(message));
    std::exit(1);
}

// Nearest rank: the smallest value with at least p of the values at or below it.
double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(p * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

// CPU time of this thread: a batch's wall time minus this is time spent
// waiting (for the other processes on the two cores, or for the disk).
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString thousands(qint64 n)
{
    QString digits = QString::number(n);
    for (qsizetype i = digits.size() - 3; i > (n < 0 ? 1 : 0); i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

// CensusStore::applyRetention logs one info line per call that deleted
// something; one per batch would bury the progress lines. They are kept
// (the last one and how many) instead of printed; everything else passes.
QtMessageHandler g_defaultHandler = nullptr;
QString g_lastRetentionLine;
int g_retentionLines = 0;

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtInfoMsg && message.startsWith(QLatin1String("Retention: "))) {
        g_lastRetentionLine = message;
        ++g_retentionLines;
        return;
    }
    g_defaultHandler(type, context, message);
}

qint64 scalar(sqlite3 *db, const char *sql, qint64 a, qint64 b)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        fail(QStringLiteral("prepare %1: %2")
                 .arg(QLatin1String(sql), QString::fromUtf8(sqlite3_errmsg(db))));
    sqlite3_bind_int64(statement, 1, a);
    sqlite3_bind_int64(statement, 2, b);
    const int rc = sqlite3_step(statement);
    const qint64 value = rc == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW)
        fail(QStringLiteral("%1: %2").arg(QLatin1String(sql),
                                          QString::fromUtf8(sqlite3_errmsg(db))));
    return value;
}

// Rows of each table retention works on whose census or hour lies in [from, to).
struct RowCounts
{
    static constexpr int kTables = 7;
    static constexpr const char *kNames[kTables] = {
        "viewership_samples", "category_samples",    "sample_chunks",      "stream_rollups_5m",
        "stream_rollups_1h",  "category_rollups_5m", "category_rollups_1h"};
    qint64 rows[kTables] = {};

    qint64 total() const
    {
        qint64 sum = 0;
        for (qint64 n : rows)
            sum += n;
        return sum;
    }
    QString describe() const
    {
        QStringList parts;
        for (int i = 0; i < kTables; ++i)
            parts.append(QStringLiteral("%1 %2").arg(QLatin1String(kNames[i]), thousands(rows[i])));
        return parts.join(QStringLiteral(", "));
    }
};

RowCounts countRows(sqlite3 *db, qint64 from, qint64 to)
{
    RowCounts c;
    c.rows[0] = scalar(db,
                       "SELECT COUNT(*) FROM viewership_samples WHERE census_id IN"
                       " (SELECT id FROM censuses WHERE taken_at >= ?1 AND taken_at < ?2)",
                       from, to);
    c.rows[1] = scalar(db,
                       "SELECT COUNT(*) FROM category_samples WHERE census_id IN"
                       " (SELECT id FROM censuses WHERE taken_at >= ?1 AND taken_at < ?2)",
                       from, to);
    for (int i = 2; i < RowCounts::kTables; ++i) {
        const QByteArray sql = QByteArrayLiteral("SELECT COUNT(*) FROM ") + RowCounts::kNames[i] +
                               " WHERE bucket_start >= ?1 AND bucket_start < ?2";
        c.rows[i] = scalar(db, sql.constData(), from, to);
    }
    return c;
}

double walCheckpoint(sqlite3 *db)
{
    // What CensusStore::checkpoint() ends with.
    Stopwatch watch;
    if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) !=
        SQLITE_OK)
        fail(QStringLiteral("WAL checkpoint: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    return watch.ms();
}

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 0);
}

struct Series
{
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    g_defaultHandler = qInstallMessageHandler(messageHandler);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times the retention pass in slices at 100,000 streams, and a census "
                       "written between its slices."));
    parser.addHelpOption();
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Streams per census."),
                                           QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption categoriesOption(QStringLiteral("categories"),
                                              QStringLiteral("Categories on the platform."),
                                              QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption hoursOption(
        QStringLiteral("hours"),
        QStringLiteral("Hours of one-minute censuses written; all but the newest age out (>= 2)."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption everyOption(
        QStringLiteral("census-every"),
        QStringLiteral("Batches between the censuses written during the pass."),
        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
                                       QStringLiteral("Also write every batch's figures to FILE."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption coldOption(
        QStringLiteral("cold"),
        QStringLiteral("Drop the database file from the OS page cache before every batch."));
    parser.addOptions(
        {streamsOption, categoriesOption, hoursOption, everyOption, csvOption, coldOption});
    parser.process(app);
    const int streams = std::max(1, parser.value(streamsOption).toInt());
    const int categories = std::max(0, parser.value(categoriesOption).toInt());
    const int hours = std::max(2, parser.value(hoursOption).toInt());
    const int censusEvery = std::max(1, parser.value(everyOption).toInt());
    const bool cold = parser.isSet(coldOption);

    printHeader(
        "bench_retention",
        {QStringLiteral("sqlite:  %1 (library), %2 (headers)")
             .arg(QLatin1String(sqlite3_libversion()), QLatin1String(SQLITE_VERSION)),
         QStringLiteral("files:   in %1 (TMPDIR chooses another disk)").arg(QDir::tempPath()),
         QStringLiteral("census:  %1 streams, %2 categories, one census a minute for %3 hours")
             .arg(streams)
             .arg(categories)
             .arg(hours),
         QStringLiteral("cache:   %1")
             .arg(cold ? QStringLiteral("cold: the database file leaves the OS page cache before "
                                        "every batch (--cold)")
                       : QStringLiteral("warm: the OS page cache keeps what it keeps"))});

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bench_retention-XXXXXX"));
    if (!dir.isValid())
        fail(QStringLiteral("no temporary folder"));
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    auto opened = Database::open(path);
    if (!opened)
        fail(opened.error().message);
    std::unique_ptr<Database> db = std::move(*opened);
    sqlite3 *handle = db->handle();
    auto store = std::make_unique<CensusStore>(handle);
    printLine(QStringLiteral("storage: schema version %1").arg(db->schemaVersion()));
    int coldFd = -1;
    if (cold) {
        coldFd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (coldFd < 0)
            fail(QStringLiteral("cannot open %1 for --cold").arg(path));
    }
    Series evictMs;
    auto evict = [&] {
        if (coldFd < 0)
            return;
        Stopwatch watch;
        if (posix_fadvise(coldFd, 0, 0, POSIX_FADV_DONTNEED) != 0)
            fail(QStringLiteral("posix_fadvise failed"));
        evictMs.add(watch.ms());
    };

    const CensusGenerator generator(Platform::Twitch, streams, categories);
    Census census = generator.census(kStartMs, 0);
    int round = 0;
    auto writeCensus = [&](qint64 takenAtMs, int expectedNew) {
        if (round > 0)
            generator.setViewers(census, round);
        census.takenAtMs = takenAtMs;
        ++round;
        Stopwatch watch;
        auto stored = store->write(census);
        const double ms = watch.ms();
        if (!stored)
            fail(stored.error());
        if (stored->streamCount != census.streams.size() || stored->newStreams != expectedNew)
            fail(QStringLiteral("the census of %1 stored %2 streams, %3 new (expected %4, %5 new)")
                     .arg(utc(takenAtMs))
                     .arg(stored->streamCount)
                     .arg(stored->newStreams)
                     .arg(census.streams.size())
                     .arg(expectedNew));
        return ms;
    };
    auto compactTimed = [&](int *hoursCompacted = nullptr) {
        Stopwatch watch;
        auto report = store->compact();
        const double ms = watch.ms();
        if (!report)
            fail(report.error());
        if (hoursCompacted)
            *hoursCompacted = report->hours;
        return ms;
    };

    // 1. The history: --hours hours of censuses, minute by minute from a whole hour.
    const int fillCensuses = hours * 60;
    Series fillWrite; // census 0 (everything new) left out
    Stopwatch fillWatch;
    for (int c = 0; c < fillCensuses; ++c) {
        const double writeMs = writeCensus(kStartMs + c * kMinuteMs, c == 0 ? streams : 0);
        int compacted = 0;
        const double compactMs = compactTimed(&compacted);
        Stopwatch watch;
        store->checkpoint(); // the default options (30 days): nothing to delete yet
        const double checkpointMs = watch.ms();
        if (c > 0)
            fillWrite.add(writeMs);
        if (c % 10 == 0 || c == fillCensuses - 1)
            printLine(QStringLiteral("  census %1/%2 (%3): write %4 ms, compact %5 ms (%6 hours), "
                                     "checkpoint %7 ms; %8 s so far")
                          .arg(c + 1)
                          .arg(fillCensuses)
                          .arg(utc(kStartMs + c * kMinuteMs))
                          .arg(fmt(writeMs), fmt(compactMs))
                          .arg(compacted)
                          .arg(fmt(checkpointMs), fmt(fillWatch.ms() / 1000.0)));
    }
    const double fillSeconds = fillWatch.ms() / 1000.0;

    // 2. Retention of one day for every resolution, and "now" a day on.
    //
    // RetentionPass deletes, per resolution, the whole hours h entirely before
    // limit = bucketOf(now - days * 1 day), i.e. h < limit. The history's hours
    // start at kStartMs + i h, i = 0 … hours-1; the newest starts at
    // newestHour = kStartMs + (hours-1) h and its last census is at
    // newestHour + 59 min. With days = 1 and now = newestHour + 1 day, limit =
    // bucketOf(newestHour) = newestHour: hours 0 … hours-2 go, the newest hour
    // stays. Every now in [newestHour + 1 day, newestHour + 1 day + 1 h) gives
    // the same limit (now = last census + 1 day - 1 h would give
    // newestHour - 1 h and keep two hours).
    //
    // The censuses written from here on are at newestHour + 1 day + k min, as
    // if the writer went on a day later: the first of them closes the newest
    // hour, which compact() then packs, and checkpoint()'s "now" (the newest
    // census) gives the same limit while k < 60. The batch loop passes the
    // fixed nowMs, so its limit never moves.
    const qint64 newestHour = kStartMs + (hours - 1) * kHourMs;
    const qint64 nowMs = newestHour + kDayMs;
    if (auto error = store->setRetentionOptions(RetentionOptions{1, 1, 1}))
        fail(*error);
    qint64 nextCensusMs = nowMs;

    const double gapWriteMs = writeCensus(nextCensusMs, 0);
    nextCensusMs += kMinuteMs;
    int gapCompacted = 0;
    const double gapCompactMs = compactTimed(&gapCompacted);
    const double gapWalMs = walCheckpoint(handle);
    if (gapCompacted != 1)
        fail(QStringLiteral("the census a day later compacted %1 hours, expected 1 (the newest)")
                 .arg(gapCompacted));

    const RowCounts agedBefore = countRows(handle, kStartMs, newestHour);
    const RowCounts keptBefore = countRows(handle, newestHour, newestHour + kHourMs);
    printLine(QString());
    printLine(QStringLiteral("history written in %1 s: %2 censuses, %3 (file + WAL), %4 rows "
                             "older than the limit %5 UTC: %6")
                  .arg(fmt(fillSeconds))
                  .arg(fillCensuses)
                  .arg(megabytes(databaseSizeBytes(path)))
                  .arg(thousands(agedBefore.total()), utc(newestHour), agedBefore.describe()));
    printLine(QStringLiteral("kept (the newest hour, %1 UTC): %2")
                  .arg(utc(newestHour), keptBefore.describe()));
    if (agedBefore.total() == 0)
        fail(QStringLiteral("nothing to delete"));

    // 3. One checkpoint() right after a census, retention having work left.
    const double catchUpWriteMs = writeCensus(nextCensusMs, 0);
    nextCensusMs += kMinuteMs;
    const double catchUpCompactMs = compactTimed();
    g_lastRetentionLine.clear();
    evict();
    Stopwatch checkpointWatch;
    store->checkpoint();
    const double catchUpCheckpointMs = checkpointWatch.ms();
    const QString catchUpLine = g_lastRetentionLine;
    const RowCounts agedAfterCheckpoint = countRows(handle, kStartMs, newestHour);
    const qint64 catchUpRows = agedBefore.total() - agedAfterCheckpoint.total();
    int catchUpBatches = -1;
    qint64 catchUpLongest = -1;
    {
        static const QRegularExpression pattern(
            QStringLiteral("deleted (\\d+) rows in (\\d+) batches \\(longest (\\d+) ms\\)"));
        const auto match = pattern.match(catchUpLine);
        if (!match.hasMatch())
            fail(QStringLiteral("checkpoint() deleted nothing (log: \"%1\")").arg(catchUpLine));
        if (match.captured(1).toLongLong() != catchUpRows)
            fail(QStringLiteral("checkpoint() reported %1 rows deleted, %2 counted")
                     .arg(match.captured(1))
                     .arg(catchUpRows));
        catchUpBatches = match.captured(2).toInt();
        catchUpLongest = match.captured(3).toLongLong();
    }
    printLine(QStringLiteral("catch-up checkpoint(): %1 ms, %2 batches, %3 rows, longest batch "
                             "%4 ms")
                  .arg(fmt(catchUpCheckpointMs))
                  .arg(catchUpBatches)
                  .arg(thousands(catchUpRows))
                  .arg(catchUpLongest));

    // 4. One batch per call until finished, a census every censusEvery batches.
    Series batchMs, batchCpuMs, afterCensusMs, otherBatchMs;
    std::vector<double> batchRows;
    std::vector<int> batchAfterCensus; // 1: a census (and its compact()) came just before
    Series duringWrite, duringCompact, duringWal;
    qint64 loopRows = 0;
    int calls = 0;
    Stopwatch loopWatch;
    bool censusJustWritten = false;
    for (;;) {
        evict();
        const double cpuStart = threadCpuMs();
        Stopwatch watch;
        auto report = store->applyRetention(nowMs, 0);
        const double ms = watch.ms();
        const double cpuMs = threadCpuMs() - cpuStart;
        ++calls;
        if (!report)
            fail(report.error());
        if (report->batches > 1)
            fail(QStringLiteral("applyRetention(now, 0) ran %1 batches").arg(report->batches));
        if (report->batches == 1) {
            batchMs.add(ms);
            batchCpuMs.add(cpuMs);
            (censusJustWritten ? afterCensusMs : otherBatchMs).add(ms);
            batchAfterCensus.push_back(censusJustWritten ? 1 : 0);
            batchRows.push_back(double(report->rowsDeleted));
            loopRows += report->rowsDeleted;
            censusJustWritten = false;
        }
        if (report->finished)
            break;
        const int batches = int(batchMs.ms.size());
        if (report->batches == 1 && batches % censusEvery == 0) {
            // As around a census in the writer: the WAL checkpoint that ends
            // checkpoint(), the census, its compact().
            duringWal.add(walCheckpoint(handle));
            duringWrite.add(writeCensus(nextCensusMs, 0));
            nextCensusMs += kMinuteMs;
            duringCompact.add(compactTimed());
            censusJustWritten = true;
        }
        if (report->batches == 1 && batches % 50 == 0)
            printLine(QStringLiteral("  batch %1: %2 ms, %3 rows; %4 rows so far, %5 censuses "
                                     "written between batches")
                          .arg(batches)
                          .arg(fmt(ms))
                          .arg(thousands(report->rowsDeleted))
                          .arg(thousands(loopRows))
                          .arg(duringWrite.ms.size()));
        if (calls > 1'000'000)
            fail(QStringLiteral("the pass did not finish"));
    }
    const double loopSeconds = loopWatch.ms() / 1000.0;
    const double finalWalMs = walCheckpoint(handle);

    // 5. Everything aged out gone, the newest hour kept, the counts agree.
    const RowCounts agedAfter = countRows(handle, kStartMs, newestHour);
    const RowCounts keptAfter = countRows(handle, newestHour, newestHour + kHourMs);
    if (agedAfter.total() != 0)
        fail(QStringLiteral("rows older than the limit left: %1").arg(agedAfter.describe()));
    for (int i = 0; i < RowCounts::kTables; ++i) {
        if (keptAfter.rows[i] != keptBefore.rows[i])
            fail(QStringLiteral("the newest hour lost rows: before %1; after %2")
                     .arg(keptBefore.describe(), keptAfter.describe()));
    }
    if (loopRows != agedAfterCheckpoint.total())
        fail(QStringLiteral("the batches reported %1 rows deleted, %2 counted")
                 .arg(loopRows)
                 .arg(agedAfterCheckpoint.total()));
    // (No parameters: scalar()'s binds then fail harmlessly with SQLITE_RANGE.)
    const qint64 freePages =
        scalar(handle, "SELECT freelist_count FROM pragma_freelist_count", 0, 0);
    const qint64 pageSize = scalar(handle, "SELECT page_size FROM pragma_page_size", 0, 0);

    // The table.
    const Stats batch = statsOf(batchMs.ms);
    const Stats rows = statsOf(batchRows);
    const Stats before = statsOf(fillWrite.ms);
    const Stats during = statsOf(duringWrite.ms);
    auto over = [](const std::vector<double> &values) {
        return int(std::count_if(values.begin(), values.end(),
                                 [](double ms) { return ms > kSliceLimitMs; }));
    };
    const int overLimit = over(batchMs.ms);

    printLine(QString());
    printLine(QStringLiteral("Retention of %1 aged-out hours of %2 streams (every hour but the "
                             "newest), times in ms. A batch = one applyRetention(now, 0) call, "
                             "one transaction; a census every %3 batches.")
                  .arg(hours - 1)
                  .arg(streams)
                  .arg(censusEvery));
    Table table({QStringLiteral("figure"), QStringLiteral("N"), QStringLiteral("median"),
                 QStringLiteral("p95"), QStringLiteral("max"), QStringLiteral("min")});
    auto addRow = [&table](const QString &name, const std::vector<double> &values, int decimals) {
        const Stats s = statsOf(values);
        table.add({name, QString::number(s.n), fmt(s.median, decimals),
                   fmt(percentile(values, 0.95), decimals), fmt(s.max, decimals),
                   fmt(s.min, decimals)});
    };
    addRow(QStringLiteral("batch ms (wall)"), batchMs.ms, 1);
    addRow(QStringLiteral("  the same batches, CPU ms of the thread"), batchCpuMs.ms, 1);
    addRow(QStringLiteral("  batches right after a census"), afterCensusMs.ms, 1);
    addRow(QStringLiteral("  the other batches"), otherBatchMs.ms, 1);
    addRow(QStringLiteral("rows per batch"), batchRows, 0);
    addRow(QStringLiteral("census write ms, before retention (censuses 2-%1)").arg(fillCensuses),
           fillWrite.ms, 1);
    addRow(QStringLiteral("census write ms, between batches"), duringWrite.ms, 1);
    addRow(QStringLiteral("  its WAL checkpoint before it"), duringWal.ms, 1);
    addRow(QStringLiteral("  its compact() after it"), duringCompact.ms, 1);
    table.print();

    printLine(QString());
    printLine(QStringLiteral("batches: %1 (+%2 in the catch-up checkpoint), rows deleted %3 "
                             "(+%4), %5 s for the loop including its %6 censuses; WAL checkpoint "
                             "after the last batch %7 ms")
                  .arg(batch.n)
                  .arg(catchUpBatches)
                  .arg(thousands(loopRows), thousands(catchUpRows), fmt(loopSeconds))
                  .arg(duringWrite.ms.size())
                  .arg(fmt(finalWalMs)));
    printLine(QStringLiteral("over %1 ms: %2 batches by wall time (%3 right after a census), %4 "
                             "by the thread's CPU time")
                  .arg(fmt(kSliceLimitMs, 0))
                  .arg(overLimit)
                  .arg(over(afterCensusMs.ms))
                  .arg(over(batchCpuMs.ms)));
    printLine(QStringLiteral("rows per batch: median %1 (min %2, max %3)")
                  .arg(thousands(qint64(rows.median)), thousands(qint64(rows.min)),
                       thousands(qint64(rows.max))));
    printLine(QStringLiteral("census write: median %1 ms before retention, %2 ms between batches "
                             "(%3x)")
                  .arg(fmt(before.median), fmt(during.median),
                       before.median > 0 ? fmt(during.median / before.median, 2)
                                         : QStringLiteral("n/a")));
    printLine(QStringLiteral("the day later: first census %1 ms, its compact() %2 ms (the newest "
                             "hour), WAL checkpoint %3 ms")
                  .arg(fmt(gapWriteMs), fmt(gapCompactMs), fmt(gapWalMs)));
    printLine(QStringLiteral("catch-up: census %1 ms, compact() %2 ms, then checkpoint() %3 ms "
                             "(retention budget 500 ms: %4 batches, %5 rows, longest %6 ms; then "
                             "the WAL checkpoint)")
                  .arg(fmt(catchUpWriteMs), fmt(catchUpCompactMs), fmt(catchUpCheckpointMs))
                  .arg(catchUpBatches)
                  .arg(thousands(catchUpRows))
                  .arg(catchUpLongest));
    printLine(QStringLiteral("after: %1 (file + WAL), %2 free pages (%3) for new censuses to "
                             "reuse; the newest hour intact: %4")
                  .arg(megabytes(databaseSizeBytes(path)), thousands(freePages),
                       megabytes(freePages * pageSize), keptAfter.describe()));
    if (batch.n == 0)
        printLine(QStringLiteral("VERDICT: the catch-up checkpoint left nothing for the loop "
                                 "(longest batch %1 ms); use more --streams or --hours")
                      .arg(catchUpLongest));
    else if (overLimit == 0 && catchUpLongest <= qint64(kSliceLimitMs))
        printLine(QStringLiteral("VERDICT: every slice within %1 ms: longest %2 ms (loop), %3 ms "
                                 "(catch-up checkpoint); median %4 ms, p95 %5 ms")
                      .arg(fmt(kSliceLimitMs, 0), fmt(batch.max))
                      .arg(catchUpLongest)
                      .arg(fmt(batch.median), fmt(percentile(batchMs.ms, 0.95))));
    else
        printLine(QStringLiteral("VERDICT: slices over %1 ms: %2 of %3 loop batches (loop longest "
                                 "%4 ms), catch-up checkpoint longest %5 ms (%6 batches); loop "
                                 "median %7 ms, p95 %8 ms")
                      .arg(fmt(kSliceLimitMs, 0))
                      .arg(overLimit)
                      .arg(batch.n)
                      .arg(fmt(batch.max))
                      .arg(catchUpLongest)
                      .arg(catchUpBatches)
                      .arg(fmt(batch.median), fmt(percentile(batchMs.ms, 0.95))));

    if (parser.isSet(csvOption)) {
        QFile csv(parser.value(csvOption));
        if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(csv.fileName()));
        QTextStream out(&csv);
        out << "batch,wall_ms,cpu_ms,rows,after_census\n";
        for (size_t i = 0; i < batchMs.ms.size(); ++i)
            out << i + 1 << ',' << batchMs.ms[i] << ',' << batchCpuMs.ms[i] << ','
                << qint64(batchRows[i]) << ',' << batchAfterCensus[i] << '\n';
    }

    if (cold)
        printLine(
            QStringLiteral("cold: %1 evictions, median %2 ms each (outside the batches' times)")
                .arg(evictMs.ms.size())
                .arg(fmt(statsOf(evictMs.ms).median, 2)));
    if (coldFd >= 0)
        ::close(coldFd);
    store.reset(); // before the connection it prepared statements on
    db.reset();
    printFooter();
    return 0;
}
