#pragma once
// Turns closed hours of viewership_samples into sample_chunks rows: one row
// per stream per hour holding that hour's samples packed (samplechunk.h), and
// the hour's rollups (rollupwriter.h), so
// a stream's series is a handful of point lookups instead of an index that
// every census would have to touch once per live stream. Internal to
// CensusStore, run on the writer's connection between censuses.
//
// What is compacted is recorded per census (censuses.compacted), in the same
// transaction as the chunks: a reader sees a census either in the chunks or in
// viewership_samples, never in both or neither, and a crash or failure at any
// point just leaves hours for the next run.

#include "result.h"
#include "rollupwriter.h"
#include "sqlitestatement.h"
#include "storedcensus.h"

#include <functional>
#include <optional>
#include <vector>

struct sqlite3;

namespace StreamRank::StorageDetail {

class SampleCompactor
{
public:
    // Called before an hour is compacted; returning true makes that hour's
    // transaction fail, as a full disk would.
    using FaultInjector = std::function<bool(qint64 bucketStartMs)>;

    explicit SampleCompactor(sqlite3 *db) : m_db(db), m_rollups(db) {}

    // Compacts every census not yet compacted whose hour is closed, meaning
    // its platform has a census in a later hour: normally the hour before the
    // census just stored, at open whatever a crash or an older schema left.
    // Each (platform, hour) is its own transaction; the first failure stops
    // the run and leaves the rest for the next one. With a budget (ms, -1 for
    // none) no further hour is started once it is spent; what is left is
    // counted in CompactionReport::hoursLeft.
    Result<CompactionReport> compactClosedHours(qint64 budgetMs = -1);

    void setFaultInjector(FaultInjector injector) { m_faultInjector = std::move(injector); }

    // The rollups of each hour are written with its chunks; this also builds
    // those of history compacted before there were rollups.
    RollupWriter &rollups() { return m_rollups; }

private:
    struct PendingCensus
    {
        qint64 id;
        qint64 takenAt;
    };
    // A census's rows, read in stream id order while the hour is merged.
    struct Cursor
    {
        qint64 streamId = 0;
        qint32 viewers = 0;
        bool atRow = false;
    };
    struct Chunk
    {
        qint64 streamId = 0;
        qint64 firstAt = 0;
        qint64 lastAt = 0;
        int count = 0;
    };

    bool prepare();
    std::optional<QString> compactHour(qint64 platformId, qint64 bucket,
                                       const std::vector<PendingCensus> &censuses,
                                       CompactionReport &report);
    std::optional<QString> mergeHour(qint64 bucket, const std::vector<PendingCensus> &censuses,
                                     bool intoExisting, CompactionReport &report);
    std::optional<QString> advance(size_t cursor);
    std::optional<QString> writeChunk(qint64 bucket, Chunk &chunk, bool intoExisting);
    std::optional<QString> mergeWithStored(qint64 bucket, Chunk &chunk);
    void rollback();
    QString lastError() const;

    sqlite3 *m_db;
    RollupWriter m_rollups;
    bool m_prepared = false;
    FaultInjector m_faultInjector;

    SqliteStatement m_pending;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_hourHasChunks;
    SqliteStatement m_insertChunk;
    SqliteStatement m_upsertChunk;
    SqliteStatement m_storedChunk;
    SqliteStatement m_markCompacted;
    // One per census of the hour being merged, kept prepared between hours.
    std::vector<SqliteStatement> m_readers;
    std::vector<Cursor> m_cursors;
    std::vector<qint64> m_cursorTimes;
    std::vector<uchar> m_blob;
    qint64 m_rollupNs = 0; // of the hour being compacted
};

} // namespace StreamRank::StorageDetail
