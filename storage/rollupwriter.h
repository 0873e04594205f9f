#pragma once
// Writes the rollup tables (storage/rollup.h, docs/SCHEMA.md) on the
// writer's connection. The compactor calls it inside the transaction that
// closes an hour, so an hour's rollups change together with its chunks: a
// reader takes a census either from the rollups (compacted) or from the raw
// samples, never both. backfill() builds the rollups of history compacted
// before schema 4, an hour per transaction, resumable.

#include "result.h"
#include "rollup.h"
#include "sqlitestatement.h"
#include "storedcensus.h"

#include <QHash>

#include <optional>
#include <vector>

struct sqlite3;

namespace StreamRank::StorageDetail {

struct BackfillReport
{
    int hours = 0;         // hours whose rollups were built by this call
    bool finished = false; // nothing older is left
    qint64 elapsedMs = 0;
    int hoursDone = 0; // hours built since the backfill began, across restarts
    int hoursLeft = 0; // at most this many still to build (RollupBackfillProgress)
};

class RollupWriter
{
public:
    explicit RollupWriter(sqlite3 *db) : m_db(db) {}

    // In an open transaction: the rollups of one stream's hour from its whole
    // chunk (samplechunk.h), replacing what was there.
    std::optional<QString> writeStream(qint64 bucket, qint64 streamId, const void *chunk,
                                       int bytes);
    // In an open transaction: the rollups of every category of a platform in
    // one hour, from the hour's compacted censuses, replacing what was there.
    std::optional<QString> writeCategories(qint64 platformId, qint64 bucket);

    // Builds rollups for hours the backfill task still lists, newest first,
    // until the budget (ms, -1 for none) is spent; each hour is its own
    // transaction and moves the task's mark, so a kill loses at most one.
    Result<BackfillReport> backfill(qint64 budgetMs = -1);
    // Where the backfill stands, without building anything: its mark, its
    // count of hours done and the oldest census (an index lookup per
    // platform), never a count over the history.
    Result<RollupBackfillProgress> progress();

private:
    bool prepare();
    std::optional<QString> backfillHour(qint64 bucket);
    std::optional<QString> readHoursDone(qint64 *done);
    // Hours from the oldest census's hour up to `mark` (exclusive).
    std::optional<QString> readHoursBelow(qint64 mark, int *hours);
    QString lastError() const;

    sqlite3 *m_db;
    bool m_prepared = false;
    SqliteStatement m_stream5m;
    SqliteStatement m_stream1h;
    SqliteStatement m_categorySamples;
    SqliteStatement m_category5m;
    SqliteStatement m_category1h;
    SqliteStatement m_task;
    SqliteStatement m_setTask;
    SqliteStatement m_endTask;
    SqliteStatement m_hoursDone;
    SqliteStatement m_addHourDone;
    SqliteStatement m_oldest;
    SqliteStatement m_latestBefore;
    SqliteStatement m_chunksOfHour;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    Rollup::HourSlots m_slots;
    std::vector<uchar> m_blob;
    QHash<qint64, Rollup::HourSlots> m_categories;
};

} // namespace StreamRank::StorageDetail
