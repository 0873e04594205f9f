#include "retention.h"

#include "samplechunk.h"
#include "storagelog.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <sqlite3.h>

#include <algorithm>
#include <utility>

namespace StreamRank {

namespace {

constexpr qint64 DayMs = 24 * SampleChunk::BucketMs;
constexpr int MaxDays = 36'500;
// A batch aims at this, well inside the 50 ms a slice may take.
constexpr qint64 TargetBatchMs = 20;

constexpr const char *kRawKey = "raw_days";
constexpr const char *kFiveMinuteKey = "rollup_5m_days";
constexpr const char *kHourKey = "rollup_1h_days";

int clampDays(int days)
{
    return days <= 0 ? 0 : std::min(days, MaxDays);
}

// For ever (0) is longer than any number of days: a coarser tier is kept at
// least as long as the finer one.
int atLeast(int days, int finer)
{
    if (days == 0 || finer == 0)
        return 0;
    return std::max(days, finer);
}

QString retentionError(sqlite3 *db)
{
    return QStringLiteral("Could not apply retention: %1").arg(sqliteErrorText(db));
}

} // namespace

RetentionOptions RetentionOptions::sanitized() const
{
    RetentionOptions s;
    s.rawDays = clampDays(rawDays);
    s.fiveMinuteDays = atLeast(clampDays(fiveMinuteDays), s.rawDays);
    s.hourDays = atLeast(clampDays(hourDays), s.fiveMinuteDays);
    return s;
}

Result<RetentionOptions> readRetentionOptions(sqlite3 *db)
{
    RetentionOptions options;
    SqliteStatement rows;
    if (rows.prepare(db, "SELECT key, value FROM storage_options") != SQLITE_OK)
        return Unexpected{retentionError(db)};
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
        const QString key = rows.columnText(0);
        const qint64 value = std::clamp<qint64>(rows.columnInt64(1), -1, MaxDays + 1);
        if (key == QLatin1String(kRawKey))
            options.rawDays = int(value);
        else if (key == QLatin1String(kFiveMinuteKey))
            options.fiveMinuteDays = int(value);
        else if (key == QLatin1String(kHourKey))
            options.hourDays = int(value);
    }
    if (rc != SQLITE_DONE)
        return Unexpected{retentionError(db)};
    return options.sanitized();
}

std::optional<QString> saveRetentionOptions(sqlite3 *db, const RetentionOptions &options)
{
    const RetentionOptions s = options.sanitized();
    SqliteStatement upsert;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return retentionError(db);
    std::optional<QString> error;
    if (upsert.prepare(db, "INSERT INTO storage_options (key, value) VALUES (?1, ?2)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value") != SQLITE_OK)
        error = retentionError(db);
    const std::pair<const char *, int> values[] = {
        {kRawKey, s.rawDays}, {kFiveMinuteKey, s.fiveMinuteDays}, {kHourKey, s.hourDays}};
    for (const auto &[key, value] : values) {
        if (error)
            break;
        upsert.bindText(1, QString::fromLatin1(key));
        upsert.bind(2, value);
        if (upsert.step() != SQLITE_DONE)
            error = retentionError(db);
        upsert.reset();
    }
    upsert.finalize();
    if (!error && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        error = retentionError(db);
    if (error && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return error;
}

namespace StorageDetail {

bool RetentionPass::prepare()
{
    // Every delete takes at most ?2 rows of one hour's key range (the
    // primary keys lead with the census or the hour), so a batch costs the
    // same whatever the history.
    m_prepared = prepareAll(
        m_db,
        {
            {&m_begin, "BEGIN IMMEDIATE"},
            {&m_commit, "COMMIT"},
            {&m_rollback, "ROLLBACK"},
            {&m_getProgress, "SELECT value FROM storage_tasks WHERE name = ?1"},
            {&m_setProgress, "INSERT INTO storage_tasks (name, value) VALUES (?1, ?2)"
                             " ON CONFLICT (name) DO UPDATE SET value = excluded.value"},
            {&m_oldest, "SELECT MIN(taken_at) FROM censuses WHERE platform_id = ?1"},
            // Compacted only: a census not compacted yet (its platform's last
            // hour, still open) keeps its samples until it is.
            {&m_censusesOfHour, "SELECT id FROM censuses WHERE platform_id = ?1 AND taken_at >= ?2"
                                " AND taken_at < ?3 AND compacted = 1"},
            {&m_backfillPending,
             "SELECT EXISTS (SELECT 1 FROM storage_tasks WHERE name = 'rollup_backfill_before')"},
            {&m_deleteSamples,
             "DELETE FROM viewership_samples WHERE census_id = ?1 AND stream_id IN"
             " (SELECT stream_id FROM viewership_samples WHERE census_id = ?1 LIMIT ?2)"},
            {&m_deleteCategorySamples, "DELETE FROM category_samples WHERE census_id = ?1"},
            {&m_deleteChunks,
             "DELETE FROM sample_chunks WHERE bucket_start = ?1 AND stream_id IN"
             " (SELECT stream_id FROM sample_chunks WHERE bucket_start = ?1 LIMIT ?2)"},
            {&m_deleteStream5m,
             "DELETE FROM stream_rollups_5m WHERE bucket_start = ?1 AND stream_id IN"
             " (SELECT stream_id FROM stream_rollups_5m WHERE bucket_start = ?1 LIMIT ?2)"},
            {&m_deleteCategory5m, "DELETE FROM category_rollups_5m WHERE bucket_start = ?1"},
            {&m_deleteStream1h,
             "DELETE FROM stream_rollups_1h WHERE bucket_start = ?1 AND stream_id IN"
             " (SELECT stream_id FROM stream_rollups_1h WHERE bucket_start = ?1 LIMIT ?2)"},
            {&m_deleteCategory1h, "DELETE FROM category_rollups_1h WHERE bucket_start = ?1"},
        });
    return m_prepared;
}

QString RetentionPass::lastError() const
{
    return sqliteErrorText(m_db);
}

namespace {
const char *progressKey(int tier)
{
    static const char *const keys[] = {"retention_raw_before", "retention_5m_before",
                                       "retention_1h_before"};
    return keys[tier];
}
} // namespace

Result<qint64> RetentionPass::progress(Tier tier)
{
    m_getProgress.bindText(1, QString::fromLatin1(progressKey(int(tier))));
    const int rc = m_getProgress.step();
    const qint64 value = rc == SQLITE_ROW ? m_getProgress.columnInt64(0) : 0;
    m_getProgress.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return Unexpected{retentionError(m_db)};
    return value;
}

// Keeps a batch near its target time from what the last one cost per row:
// only a full batch says how long a batch of that size takes (the short one
// that ends an hour says little), the change is at most ×2 either way, and
// any batch over 35 ms halves the next at once.
void RetentionPass::adapt(qint64 rows, int batchRows, qint64 ns)
{
    constexpr qint64 SlowNs = 35'000'000;
    if (ns > SlowNs) {
        m_batchRows = std::max(MinBatchRows, batchRows / 2);
        return;
    }
    if (rows < batchRows || rows <= 0 || ns <= 0)
        return;
    const double wanted = double(TargetBatchMs) * 1e6 * double(rows) / double(ns);
    m_batchRows = int(std::clamp(wanted, double(batchRows) / 2, double(batchRows) * 2));
    m_batchRows = std::clamp(m_batchRows, MinBatchRows, MaxBatchRows);
}

Result<qint64> RetentionPass::rawDeletedBefore()
{
    if (!m_prepared && !prepare())
        return Unexpected{retentionError(m_db)};
    if (!m_rawMark) {
        auto mark = progress(Tier::Raw);
        if (!mark)
            return Unexpected{mark.error()};
        m_rawMark = *mark;
    }
    return *m_rawMark;
}

Result<qint64> RetentionPass::oldestHour()
{
    qint64 oldest = -1;
    if (!oldestCensusMs(m_oldest, &oldest))
        return Unexpected{retentionError(m_db)};
    return oldest < 0 ? qint64(-1) : SampleChunk::bucketOf(oldest);
}

std::optional<QString> RetentionPass::deleteBatch(Tier tier, qint64 hour, bool *hourDone,
                                                  qint64 *rows)
{
    const qint64 limit = m_batchRows;
    qint64 deleted = 0;
    auto keyed = [&](SqliteStatement &statement) -> std::optional<QString> {
        statement.bind(1, hour);
        statement.bind(2, limit - deleted);
        return stepAndReset(m_db, statement, &deleted);
    };
    std::optional<QString> error;
    if (tier == Tier::Raw) {
        // The hour's censuses of every platform, then its chunks.
        for (qint64 platform = 1; platform <= 4 && !error && deleted < limit; ++platform) {
            std::vector<qint64> ids;
            m_censusesOfHour.bind(1, platform);
            m_censusesOfHour.bind(2, hour);
            m_censusesOfHour.bind(3, hour + SampleChunk::BucketMs);
            int rc;
            while ((rc = m_censusesOfHour.step()) == SQLITE_ROW)
                ids.push_back(m_censusesOfHour.columnInt64(0));
            m_censusesOfHour.reset();
            if (rc != SQLITE_DONE)
                return lastError();
            for (qint64 id : ids) {
                if (deleted >= limit)
                    break;
                m_deleteSamples.bind(1, id);
                m_deleteSamples.bind(2, limit - deleted);
                if ((error = stepAndReset(m_db, m_deleteSamples, &deleted)))
                    break;
                if (deleted < limit) { // the census's samples are all gone
                    m_deleteCategorySamples.bind(1, id);
                    if ((error = stepAndReset(m_db, m_deleteCategorySamples, &deleted)))
                        break;
                }
            }
        }
        if (!error && deleted < limit)
            error = keyed(m_deleteChunks);
    } else if (tier == Tier::FiveMinutes) {
        error = keyed(m_deleteStream5m);
        if (!error && deleted < limit) {
            m_deleteCategory5m.bind(1, hour);
            error = stepAndReset(m_db, m_deleteCategory5m, &deleted);
        }
    } else {
        error = keyed(m_deleteStream1h);
        if (!error && deleted < limit) {
            m_deleteCategory1h.bind(1, hour);
            error = stepAndReset(m_db, m_deleteCategory1h, &deleted);
        }
    }
    *rows += deleted;
    *hourDone = !error && deleted < limit;
    return error;
}

Result<RetentionReport> RetentionPass::run(qint64 nowMs, qint64 budgetMs)
{
    QElapsedTimer timer;
    timer.start();
    RetentionReport report;
    if (!m_prepared && !prepare())
        return Unexpected{retentionError(m_db)};
    if (!m_options) {
        auto options = readRetentionOptions(m_db);
        if (!options)
            return Unexpected{options.error()};
        m_options = *options;
    }
    const int days[] = {m_options->rawDays, m_options->fiveMinuteDays, m_options->hourDays};
    const auto oldest = oldestHour();
    if (!oldest)
        return Unexpected{oldest.error()};

    // Raw data the backfill still needs (a schema 3 file's history) waits.
    bool backfillPending = false;
    if (m_backfillPending.step() == SQLITE_ROW)
        backfillPending = m_backfillPending.columnInt64(0) != 0;
    m_backfillPending.reset();

    for (int t = 0; t < 3; ++t) {
        if (days[t] == 0 || *oldest < 0)
            continue; // kept for ever, or nothing stored
        if (t == int(Tier::Raw) && backfillPending)
            continue;
        // Whole hours entirely before the limit.
        const qint64 limit = SampleChunk::bucketOf(nowMs - days[t] * DayMs);
        const auto done = progress(Tier(t));
        if (!done)
            return Unexpected{done.error()};
        qint64 hour = std::max(*done, *oldest);
        while (hour < limit) {
            if (budgetMs >= 0 && report.batches > 0 && timer.elapsed() >= budgetMs)
                return report; // the rest after the next census
            QElapsedTimer batch;
            batch.start();
            if (auto error = stepAndReset(m_db, m_begin))
                return Unexpected{QStringLiteral("Could not apply retention: %1").arg(*error)};
            bool hourDone = false;
            const qint64 rowsBefore = report.rowsDeleted;
            const int batchRows = m_batchRows;
            auto error = deleteBatch(Tier(t), hour, &hourDone, &report.rowsDeleted);
            if (!error && hourDone) {
                m_setProgress.bindText(1, QString::fromLatin1(progressKey(t)));
                m_setProgress.bind(2, hour + SampleChunk::BucketMs);
                error = stepAndReset(m_db, m_setProgress);
            }
            if (!error && hourDone && t == int(Tier::Raw))
                m_rawMark = hour + SampleChunk::BucketMs; // after the commit below, or reloaded
            if (!error)
                error = stepAndReset(m_db, m_commit);
            if (error) {
                if (!sqlite3_get_autocommit(m_db)) {
                    m_rollback.step();
                    m_rollback.reset();
                }
                m_rawMark.reset(); // read again: the mark may not have moved
                const QString message =
                    QStringLiteral("Could not delete data older than %1 days (the hour from %2 "
                                   "UTC): %3. It will be tried again.")
                        .arg(days[t])
                        .arg(QDateTime::fromMSecsSinceEpoch(hour, Qt::UTC)
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                             *error);
                qCWarning(lcStorage).noquote() << message;
                return Unexpected{message};
            }
            ++report.batches;
            const qint64 ns = batch.nsecsElapsed();
            report.longestBatchMs = std::max(report.longestBatchMs, ns / 1'000'000);
            if (m_adaptive)
                adapt(report.rowsDeleted - rowsBefore, batchRows, ns);
            if (hourDone)
                hour += SampleChunk::BucketMs;
        }
    }
    report.finished = true;
    return report;
}

} // namespace StorageDetail

} // namespace StreamRank
