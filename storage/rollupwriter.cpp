#include "rollupwriter.h"

#include "census.h"
#include "samplechunk.h"
#include "storagelog.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <sqlite3.h>

#include <algorithm>
#include <utility>

namespace StreamRank::StorageDetail {

using SampleChunk::BucketMs;

bool RollupWriter::prepare()
{
    m_prepared = prepareAll(
        m_db,
        {
            {&m_stream5m,
             "INSERT OR REPLACE INTO stream_rollups_5m (bucket_start, stream_id, slots)"
             " VALUES (?1, ?2, ?3)"},
            {&m_stream1h,
             "INSERT OR REPLACE INTO stream_rollups_1h (bucket_start, stream_id, count,"
             " viewers_sum, viewers_min, viewers_max, hidden_count)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
            // The hour's compacted censuses of one platform (censuses_platform_time),
            // then each census's category rows (category_samples_census).
            {&m_categorySamples,
             "SELECT cs.category_id, c.taken_at, cs.viewers, cs.live_channels FROM censuses c"
             " CROSS JOIN category_samples cs ON cs.census_id = c.id WHERE c.platform_id = ?1"
             " AND c.taken_at >= ?2 AND c.taken_at < ?3 AND c.compacted = 1"},
            {&m_category5m,
             "INSERT OR REPLACE INTO category_rollups_5m (category_id, bucket_start, slots)"
             " VALUES (?1, ?2, ?3)"},
            {&m_category1h,
             "INSERT OR REPLACE INTO category_rollups_1h (category_id, bucket_start, count,"
             " viewers_sum, viewers_min, viewers_max, channels_sum, channels_min, channels_max)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
            {&m_task, "SELECT value FROM storage_tasks WHERE name = 'rollup_backfill_before'"},
            {&m_setTask,
             "UPDATE storage_tasks SET value = ?1 WHERE name = 'rollup_backfill_before'"},
            {&m_endTask, "DELETE FROM storage_tasks WHERE name IN ('rollup_backfill_before',"
                         " 'rollup_backfill_done')"},
            // The hours built so far, counted in each hour's transaction so
            // that the status bar's figures survive a restart.
            {&m_hoursDone, "SELECT value FROM storage_tasks WHERE name = 'rollup_backfill_done'"},
            {&m_addHourDone,
             "INSERT INTO storage_tasks (name, value) VALUES ('rollup_backfill_done', 1)"
             " ON CONFLICT (name) DO UPDATE SET value = value + 1"},
            // censuses_platform_time: the first entry of the platform.
            {&m_oldest, "SELECT MIN(taken_at) FROM censuses WHERE platform_id = ?1"},
            {&m_latestBefore,
             "SELECT MAX(taken_at) FROM censuses WHERE platform_id = ?1 AND taken_at < ?2"},
            {&m_chunksOfHour,
             "SELECT stream_id, samples FROM sample_chunks WHERE bucket_start = ?1"},
            {&m_begin, "BEGIN IMMEDIATE"},
            {&m_commit, "COMMIT"},
            {&m_rollback, "ROLLBACK"},
        });
    return m_prepared;
}

QString RollupWriter::lastError() const
{
    return sqliteErrorText(m_db);
}

std::optional<QString> RollupWriter::writeStream(qint64 bucket, qint64 streamId, const void *chunk,
                                                 int bytes)
{
    if (!m_prepared && !prepare())
        return lastError();
    m_slots.clear();
    SampleChunk::forEachSample(chunk, bytes, bucket, [this, bucket](qint64 t, qint32 viewers) {
        m_slots.add(bucket, t, viewers);
    });
    // An hour whose every count was hidden is kept too: the stream was live,
    // its count unknown (count 0, min = max = -1, hidden_count samples).
    const Rollup::Aggregate hour = m_slots.hourViewers();
    if (hour.empty())
        return std::nullopt;
    Rollup::encode(m_slots, false, m_blob);
    m_stream5m.bind(1, bucket);
    m_stream5m.bind(2, streamId);
    m_stream5m.bindBlob(3, m_blob.data(), int(m_blob.size()));
    if (auto error = stepAndReset(m_db, m_stream5m))
        return error;
    m_stream1h.bind(1, bucket);
    m_stream1h.bind(2, streamId);
    m_stream1h.bind(3, hour.count);
    m_stream1h.bind(4, hour.sum);
    m_stream1h.bind(5, hour.storedMin());
    m_stream1h.bind(6, hour.storedMax());
    m_stream1h.bind(7, hour.hidden);
    return stepAndReset(m_db, m_stream1h);
}

std::optional<QString> RollupWriter::writeCategories(qint64 platformId, qint64 bucket)
{
    if (!m_prepared && !prepare())
        return lastError();
    m_categories.clear();
    m_categorySamples.bind(1, platformId);
    m_categorySamples.bind(2, bucket);
    m_categorySamples.bind(3, bucket + BucketMs);
    int rc;
    while ((rc = m_categorySamples.step()) == SQLITE_ROW) {
        m_categories[m_categorySamples.columnInt64(0)].add(
            bucket, m_categorySamples.columnInt64(1), qint32(m_categorySamples.columnInt64(2)),
            qint32(m_categorySamples.columnInt64(3)));
    }
    m_categorySamples.reset();
    if (rc != SQLITE_DONE)
        return lastError();

    // In key order, so that each insert lands after the previous one's page.
    std::vector<qint64> ids(m_categories.keyBegin(), m_categories.keyEnd());
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids) {
        const Rollup::HourSlots &hour = m_categories[id];
        Rollup::encode(hour, true, m_blob);
        m_category5m.bind(1, id);
        m_category5m.bind(2, bucket);
        m_category5m.bindBlob(3, m_blob.data(), int(m_blob.size()));
        if (auto error = stepAndReset(m_db, m_category5m))
            return error;
        const Rollup::Aggregate viewers = hour.hourViewers();
        const Rollup::Aggregate channels = hour.hourChannels();
        m_category1h.bind(1, id);
        m_category1h.bind(2, bucket);
        m_category1h.bind(3, viewers.count);
        m_category1h.bind(4, viewers.sum);
        m_category1h.bind(5, viewers.min);
        m_category1h.bind(6, viewers.max);
        m_category1h.bind(7, channels.sum);
        m_category1h.bind(8, channels.min);
        m_category1h.bind(9, channels.max);
        if (auto error = stepAndReset(m_db, m_category1h))
            return error;
    }
    return std::nullopt;
}

std::optional<QString> RollupWriter::backfillHour(qint64 bucket)
{
    int rc;
    m_chunksOfHour.bind(1, bucket);
    while ((rc = m_chunksOfHour.step()) == SQLITE_ROW) {
        if (auto error = writeStream(bucket, m_chunksOfHour.columnInt64(0),
                                     m_chunksOfHour.columnBlob(1), m_chunksOfHour.columnBytes(1))) {
            m_chunksOfHour.reset();
            return error;
        }
    }
    m_chunksOfHour.reset();
    if (rc != SQLITE_DONE)
        return lastError();
    for (int p = 0; p < PlatformCount; ++p) {
        if (auto error = writeCategories(p + 1, bucket))
            return error;
    }
    return std::nullopt;
}

std::optional<QString> RollupWriter::readHoursDone(qint64 *done)
{
    const int rc = m_hoursDone.step();
    *done = rc == SQLITE_ROW ? m_hoursDone.columnInt64(0) : 0;
    m_hoursDone.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return lastError();
    return std::nullopt;
}

std::optional<QString> RollupWriter::readHoursBelow(qint64 mark, int *hours)
{
    qint64 oldest = -1;
    if (!oldestCensusMs(m_oldest, &oldest))
        return lastError();
    const qint64 first = oldest >= 0 ? SampleChunk::bucketOf(oldest) : mark;
    *hours = first < mark ? int((mark - first + BucketMs - 1) / BucketMs) : 0;
    return std::nullopt;
}

Result<RollupBackfillProgress> RollupWriter::progress()
{
    const auto failed = [this](const QString &why) {
        return Unexpected{QStringLiteral("Could not read how far the rollups of the older "
                                         "history are: %1")
                              .arg(why)};
    };
    if (!m_prepared && !prepare())
        return failed(lastError());
    const int rc = m_task.step();
    const bool pending = rc == SQLITE_ROW;
    const qint64 mark = pending ? m_task.columnInt64(0) : 0;
    m_task.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return failed(lastError());
    RollupBackfillProgress progress;
    if (!pending)
        return progress; // finished, or there was nothing to build
    progress.finished = false;
    qint64 done = 0;
    if (auto error = readHoursDone(&done))
        return failed(*error);
    progress.hoursDone = int(done);
    if (auto error = readHoursBelow(mark, &progress.hoursLeft))
        return failed(*error);
    return progress;
}

Result<BackfillReport> RollupWriter::backfill(qint64 budgetMs)
{
    QElapsedTimer timer;
    timer.start();
    BackfillReport report;
    if (!m_prepared && !prepare())
        return Unexpected{QStringLiteral("Could not build rollups: %1").arg(lastError())};
    qint64 doneBefore = -1; // read once the task is known to be pending
    qint64 mark = 0;
    for (;;) {
        int rc = m_task.step();
        const bool pending = rc == SQLITE_ROW;
        const qint64 before = pending ? m_task.columnInt64(0) : 0;
        m_task.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return Unexpected{QStringLiteral("Could not build rollups: %1").arg(lastError())};
        if (!pending) {
            report.finished = true;
            break;
        }
        mark = before;
        if (doneBefore < 0) {
            if (auto error = readHoursDone(&doneBefore))
                return Unexpected{QStringLiteral("Could not build rollups: %1").arg(*error)};
        }

        // The newest census before the mark, of any platform: its hour is next.
        qint64 latest = -1;
        for (int p = 0; p < PlatformCount; ++p) {
            m_latestBefore.bind(1, p + 1);
            m_latestBefore.bind(2, before);
            rc = m_latestBefore.step();
            if (rc == SQLITE_ROW && !m_latestBefore.columnIsNull(0))
                latest = std::max(latest, m_latestBefore.columnInt64(0));
            m_latestBefore.reset();
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return Unexpected{QStringLiteral("Could not build rollups: %1").arg(lastError())};
        }

        // Past the budget only once an hour is built; ending the task is
        // done at once, so that the call that built the last hour says so.
        if (latest >= 0 && budgetMs >= 0 && report.hours > 0 && timer.elapsed() >= budgetMs)
            break;

        if (auto error = stepAndReset(m_db, m_begin))
            return Unexpected{QStringLiteral("Could not build rollups: %1").arg(*error)};
        std::optional<QString> error;
        const qint64 bucket = latest >= 0 ? SampleChunk::bucketOf(latest) : 0;
        if (latest >= 0) {
            error = backfillHour(bucket);
            if (!error) {
                m_setTask.bind(1, bucket);
                error = stepAndReset(m_db, m_setTask);
            }
            if (!error)
                error = stepAndReset(m_db, m_addHourDone);
        } else {
            error = stepAndReset(m_db, m_endTask);
        }
        if (!error)
            error = stepAndReset(m_db, m_commit);
        if (error) {
            if (!sqlite3_get_autocommit(m_db)) {
                m_rollback.step();
                m_rollback.reset();
            }
            const QString message =
                QStringLiteral("Could not build the rollups of the hour from %1 UTC: %2. It will "
                               "be tried again.")
                    .arg(QDateTime::fromMSecsSinceEpoch(bucket, Qt::UTC)
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                         *error);
            qCWarning(lcStorage).noquote() << message;
            return Unexpected{message};
        }
        if (latest < 0) {
            report.finished = true;
            qCInfo(lcStorage) << "Rollups of the older history are complete";
            break;
        }
        ++report.hours;
        mark = bucket;
    }
    report.hoursDone = int(std::max<qint64>(doneBefore, 0)) + report.hours;
    if (!report.finished) {
        if (auto error = readHoursBelow(mark, &report.hoursLeft))
            return Unexpected{QStringLiteral("Could not build rollups: %1").arg(*error)};
    }
    report.elapsedMs = timer.elapsed();
    if (report.hours > 0)
        qCInfo(lcStorage).noquote()
            << QStringLiteral("Built the rollups of %1 older hours in %2 ms (%3 so far)%4")
                   .arg(report.hours)
                   .arg(report.elapsedMs)
                   .arg(report.hoursDone)
                   .arg(report.finished
                            ? QString()
                            : QStringLiteral("; at most %1 hours follow").arg(report.hoursLeft));
    return report;
}

} // namespace StreamRank::StorageDetail
