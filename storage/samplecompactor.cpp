#include "samplecompactor.h"

#include "census.h"
#include "samplechunk.h"
#include "storagelog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <utility>

// How an hour is compacted without holding it in memory: each census's rows
// are contiguous and sorted by stream id (the primary key of
// viewership_samples), so one cursor per census, all advanced together, yields
// the hour stream by stream in stream id order with each stream's samples in
// census (time) order. Memory is one chunk; the hour is read once, front to
// back. Chunks are inserted in (bucket_start, stream_id) order, and a closed
// hour's bucket is larger than every bucket written before, so the inserts
// append to the right edge of sample_chunks instead of dirtying pages all
// over it.

namespace StreamRank::StorageDetail {

using SampleChunk::BucketMs;
using SampleChunk::bucketOf;

namespace {

QString describeHour(qint64 platformId, qint64 bucket)
{
    const QString platform = platformId >= 1 && platformId <= PlatformCount
                                 ? platformCode(Platform(platformId - 1))
                                 : QString::number(platformId);
    return QStringLiteral("%1 hour from %2 UTC")
        .arg(platform, QDateTime::fromMSecsSinceEpoch(bucket, Qt::UTC)
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}

} // namespace

bool SampleCompactor::prepare()
{
    m_prepared = prepareAll(
        m_db,
        {
            // Served by the partial index censuses_uncompacted: about an hour of
            // censuses per platform, so this is cheap enough to ask after every census.
            {&m_pending, "SELECT platform_id, id, taken_at FROM censuses WHERE compacted = 0"
                         " ORDER BY platform_id, taken_at"},
            {&m_begin, "BEGIN IMMEDIATE"},
            {&m_commit, "COMMIT"},
            {&m_rollback, "ROLLBACK"},
            // Chunks of a platform's hour exist only if one of its censuses in that
            // hour was compacted: a census that arrived after its hour closed.
            {&m_hourHasChunks, "SELECT EXISTS (SELECT 1 FROM censuses WHERE platform_id = ?1"
                               " AND taken_at >= ?2 AND taken_at < ?3 AND compacted = 1)"},
            {&m_insertChunk, "INSERT INTO sample_chunks (bucket_start, stream_id, first_at, "
                             "last_at, count, samples)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
            {&m_upsertChunk,
             "INSERT INTO sample_chunks (bucket_start, stream_id, first_at, last_at, count, "
             "samples)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (bucket_start, stream_id) DO UPDATE SET"
             " first_at = excluded.first_at, last_at = excluded.last_at, count = excluded.count,"
             " samples = excluded.samples"},
            {&m_storedChunk,
             "SELECT samples FROM sample_chunks WHERE bucket_start = ?1 AND stream_id = ?2"},
            {&m_markCompacted, "UPDATE censuses SET compacted = 1 WHERE id = ?1"},
        });
    return m_prepared;
}

QString SampleCompactor::lastError() const
{
    return sqliteErrorText(m_db);
}

void SampleCompactor::rollback()
{
    // SQLite may already have rolled back by itself (SQLITE_FULL, I/O errors).
    if (!sqlite3_get_autocommit(m_db)) {
        if (m_rollback.step() != SQLITE_DONE)
            qCWarning(lcStorage) << "ROLLBACK of a compaction failed:" << lastError();
        m_rollback.reset();
    }
}

Result<CompactionReport> SampleCompactor::compactClosedHours(qint64 budgetMs)
{
    QElapsedTimer timer;
    timer.start();
    CompactionReport report;
    if (!m_prepared && !prepare())
        return Unexpected{QStringLiteral("Could not compact samples: %1").arg(lastError())};

    struct Row
    {
        qint64 platformId;
        PendingCensus census;
    };
    std::vector<Row> rows;
    int rc;
    while ((rc = m_pending.step()) == SQLITE_ROW)
        rows.push_back(
            {m_pending.columnInt64(0), {m_pending.columnInt64(1), m_pending.columnInt64(2)}});
    m_pending.reset();
    if (rc != SQLITE_DONE)
        return Unexpected{QStringLiteral("Could not compact samples: %1").arg(lastError())};

    std::vector<PendingCensus> hour;
    for (size_t first = 0; first < rows.size();) {
        const qint64 platformId = rows[first].platformId;
        size_t end = first;
        while (end < rows.size() && rows[end].platformId == platformId)
            ++end;
        // A platform's newest census is never compacted (its hour is still
        // open), so the newest pending one marks the open hour.
        const qint64 openHour = bucketOf(rows[end - 1].census.takenAt);
        for (size_t i = first; i < end && bucketOf(rows[i].census.takenAt) < openHour;) {
            const qint64 bucket = bucketOf(rows[i].census.takenAt);
            hour.clear();
            for (; i < end && bucketOf(rows[i].census.takenAt) == bucket; ++i)
                hour.push_back(rows[i].census);
            if (budgetMs >= 0 && report.hours > 0 && timer.elapsed() >= budgetMs) {
                ++report.hoursLeft;
                continue;
            }
            if (auto error = compactHour(platformId, bucket, hour, report)) {
                const QString message = QStringLiteral("Could not compact the samples of the %1: "
                                                       "%2. It will be tried again.")
                                            .arg(describeHour(platformId, bucket), *error);
                qCWarning(lcStorage).noquote() << message;
                return Unexpected{message};
            }
        }
        first = end;
    }
    report.elapsedMs = timer.elapsed();
    return report;
}

std::optional<QString> SampleCompactor::compactHour(qint64 platformId, qint64 bucket,
                                                    const std::vector<PendingCensus> &censuses,
                                                    CompactionReport &report)
{
    QElapsedTimer timer;
    timer.start();
    if (auto error = stepAndReset(m_db, m_begin))
        return error;

    CompactionReport hour;
    m_rollupNs = 0;
    std::optional<QString> error;
    if (m_faultInjector && m_faultInjector(bucket))
        error = QStringLiteral("fault injected");

    bool intoExisting = false;
    if (!error) {
        m_hourHasChunks.bind(1, platformId);
        m_hourHasChunks.bind(2, bucket);
        m_hourHasChunks.bind(3, bucket + BucketMs);
        if (m_hourHasChunks.step() == SQLITE_ROW)
            intoExisting = m_hourHasChunks.columnInt64(0) != 0;
        else
            error = lastError();
        m_hourHasChunks.reset();
    }
    if (!error)
        error = mergeHour(bucket, censuses, intoExisting, hour);
    for (size_t i = 0; !error && i < censuses.size(); ++i) {
        m_markCompacted.bind(1, censuses[i].id);
        error = stepAndReset(m_db, m_markCompacted);
    }
    // After the marks: the categories' rollups are built from the hour's
    // compacted censuses, the late ones merged here included.
    if (!error) {
        QElapsedTimer rollupTime;
        rollupTime.start();
        error = m_rollups.writeCategories(platformId, bucket);
        m_rollupNs += rollupTime.nsecsElapsed();
    }
    if (!error)
        error = stepAndReset(m_db, m_commit);
    if (error) {
        rollback();
        return error;
    }

    hour.hours = 1;
    hour.censuses = qint64(censuses.size());
    report.hours += hour.hours;
    report.censuses += hour.censuses;
    report.chunks += hour.chunks;
    report.samples += hour.samples;
    report.rollupNs += m_rollupNs;
    qCInfo(lcStorage).noquote() << QStringLiteral("Compacted the %1: %2 censuses, %3 streams, "
                                                  "%4 samples in %5 ms%6")
                                       .arg(describeHour(platformId, bucket))
                                       .arg(hour.censuses)
                                       .arg(hour.chunks)
                                       .arg(hour.samples)
                                       .arg(timer.elapsed())
                                       .arg(intoExisting ? QStringLiteral(" (late censuses)")
                                                         : QString());
    return std::nullopt;
}

std::optional<QString> SampleCompactor::advance(size_t cursor)
{
    SqliteStatement &reader = m_readers[cursor];
    Cursor &at = m_cursors[cursor];
    const int rc = reader.step();
    at.atRow = rc == SQLITE_ROW;
    if (at.atRow) {
        at.streamId = reader.columnInt64(0);
        at.viewers = qint32(reader.columnInt64(1));
        return std::nullopt;
    }
    if (rc != SQLITE_DONE)
        return lastError();
    return std::nullopt;
}

std::optional<QString> SampleCompactor::mergeHour(qint64 bucket,
                                                  const std::vector<PendingCensus> &censuses,
                                                  bool intoExisting, CompactionReport &report)
{
    const size_t n = censuses.size();
    while (m_readers.size() < n) {
        SqliteStatement reader;
        if (reader.prepare(m_db, "SELECT stream_id, viewers FROM viewership_samples"
                                 " WHERE census_id = ?1 ORDER BY stream_id") != SQLITE_OK)
            return lastError();
        m_readers.push_back(std::move(reader));
    }
    // Open read cursors would keep the transaction's snapshot pinned.
    const auto resetReaders = qScopeGuard([this, n] {
        for (size_t k = 0; k < n; ++k)
            m_readers[k].reset();
    });
    m_cursors.assign(n, Cursor{});
    m_cursorTimes.resize(n);
    for (size_t k = 0; k < n; ++k) {
        m_readers[k].bind(1, censuses[k].id);
        m_cursorTimes[k] = censuses[k].takenAt;
        if (auto error = advance(k))
            return error;
    }

    for (;;) {
        // The smallest stream id any census is at; a linear scan beats a heap
        // here because nearly every census lists nearly every stream.
        bool any = false;
        qint64 next = 0;
        for (const Cursor &cursor : m_cursors) {
            if (cursor.atRow && (!any || cursor.streamId < next)) {
                next = cursor.streamId;
                any = true;
            }
        }
        if (!any)
            return std::nullopt;

        Chunk chunk;
        chunk.streamId = next;
        m_blob.clear();
        for (size_t k = 0; k < n; ++k) {
            const Cursor &cursor = m_cursors[k];
            if (!cursor.atRow || cursor.streamId != next)
                continue;
            const qint64 t = m_cursorTimes[k];
            SampleChunk::appendSample(m_blob, bucket, t, cursor.viewers);
            if (chunk.count++ == 0)
                chunk.firstAt = t;
            chunk.lastAt = t;
            if (auto error = advance(k))
                return error;
        }
        report.samples += chunk.count;
        ++report.chunks;
        if (auto error = writeChunk(bucket, chunk, intoExisting))
            return error;
    }
}

std::optional<QString> SampleCompactor::writeChunk(qint64 bucket, Chunk &chunk, bool intoExisting)
{
    if (intoExisting) {
        if (auto error = mergeWithStored(bucket, chunk))
            return error;
    }
    SqliteStatement &insert = intoExisting ? m_upsertChunk : m_insertChunk;
    insert.bind(1, bucket);
    insert.bind(2, chunk.streamId);
    insert.bind(3, chunk.firstAt);
    insert.bind(4, chunk.lastAt);
    insert.bind(5, chunk.count);
    insert.bindBlob(6, m_blob.data(), int(m_blob.size()));
    if (auto error = stepAndReset(m_db, insert))
        return error;
    QElapsedTimer rollupTime;
    rollupTime.start();
    auto error = m_rollups.writeStream(bucket, chunk.streamId, m_blob.data(), int(m_blob.size()));
    m_rollupNs += rollupTime.nsecsElapsed();
    return error;
}

// The rare path: censuses that arrived after their hour was compacted join
// the chunk already stored, in time order.
std::optional<QString> SampleCompactor::mergeWithStored(qint64 bucket, Chunk &chunk)
{
    m_storedChunk.bind(1, bucket);
    m_storedChunk.bind(2, chunk.streamId);
    const int rc = m_storedChunk.step();
    if (rc != SQLITE_ROW) {
        m_storedChunk.reset();
        return rc == SQLITE_DONE ? std::nullopt : std::optional<QString>(lastError());
    }
    std::vector<std::pair<qint64, qint32>> samples;
    const auto collect = [&samples](qint64 t, qint32 viewers) { samples.emplace_back(t, viewers); };
    SampleChunk::forEachSample(m_storedChunk.columnBlob(0), m_storedChunk.columnBytes(0), bucket,
                               collect);
    m_storedChunk.reset();
    const auto stored = std::ptrdiff_t(samples.size());
    SampleChunk::forEachSample(m_blob.data(), int(m_blob.size()), bucket, collect);
    std::inplace_merge(samples.begin(), samples.begin() + stored, samples.end(),
                       [](const auto &a, const auto &b) { return a.first < b.first; });

    m_blob.clear();
    for (const auto &[t, viewers] : samples)
        SampleChunk::appendSample(m_blob, bucket, t, viewers);
    chunk.firstAt = samples.front().first;
    chunk.lastAt = samples.back().first;
    chunk.count = int(samples.size());
    return std::nullopt;
}

} // namespace StreamRank::StorageDetail
