#pragma once
// Retention: how long each resolution is kept, and the writer's pass that
// deletes what aged out. Raw data (viewership_samples, sample_chunks,
// category_samples) is kept rawDays, 5-minute rollups fiveMinuteDays, hourly
// rollups hourDays; censuses, streams (with their peaks), channels,
// categories, collector runs and anomaly events are kept.
//
// The pass works on whole hours, oldest first, each hour's rows deleted in
// batches of one transaction each, sized to take about 20 ms (well inside
// the 50 ms a slice may take). Where it got to is stored per
// resolution in storage_tasks, so a kill loses at most one batch and the
// pass goes on from there. It runs between censuses (CensusStore::checkpoint)
// with "now" the newest census stored, so a fast Demo's history ages at the
// Demo's pace.

#include "result.h"
#include "sqlitestatement.h"

#include <QMetaType>
#include <QString>

#include <optional>

struct sqlite3;

namespace StreamRank {

struct RetentionOptions
{
    // Days each is kept; 0 keeps it for ever.
    int rawDays = 30;
    int fiveMinuteDays = 90;
    int hourDays = 365;

    // In range (0 or 1 … 36,500 days), and no coarser resolution kept
    // shorter than a finer one (it would be re-derivable from nothing).
    RetentionOptions sanitized() const;
    friend bool operator==(const RetentionOptions &, const RetentionOptions &) = default;
};

// The stored options (defaults for keys without a row); any connection.
Result<RetentionOptions> readRetentionOptions(sqlite3 *db);
// Saves the sanitized options in one transaction; the writer's connection.
std::optional<QString> saveRetentionOptions(sqlite3 *db, const RetentionOptions &options);

struct RetentionReport
{
    int batches = 0; // transactions committed
    qint64 rowsDeleted = 0;
    qint64 longestBatchMs = 0;
    bool finished = false; // nothing older than the limits is left
};

namespace StorageDetail {

class RetentionPass
{
public:
    explicit RetentionPass(sqlite3 *db) : m_db(db) {}

    // Deletes what is older than the options allow relative to nowMs, batch
    // by batch, until done or the budget (ms; -1 none, 0 one batch) is spent.
    Result<RetentionReport> run(qint64 nowMs, qint64 budgetMs);
    // The options are read again at the next run (after a save).
    void invalidateOptions() { m_options.reset(); }
    // Every census before this was deleted (0: none): a census older than it
    // is refused rather than stored into hours whose rollups are final.
    Result<qint64> rawDeletedBefore();
    // After something else moved the marks (futurecensuses.h).
    void invalidateMarks() { m_rawMark.reset(); }
    // Rows per batch; adapts to keep a batch near the slice time unless set
    // (> 0: fixed; 0: adaptive again).
    int batchRows() const { return m_batchRows; }
    void setBatchRows(int rows)
    {
        m_adaptive = rows <= 0;
        m_batchRows = rows > 0 ? rows : StartBatchRows;
    }

private:
    enum class Tier
    {
        Raw,
        FiveMinutes,
        Hour
    };
    bool prepare();
    // One batch of the oldest hour of a tier; *hourDone when that hour is clear.
    std::optional<QString> deleteBatch(Tier tier, qint64 hour, bool *hourDone, qint64 *rows);
    Result<qint64> progress(Tier tier); // the hour the tier is clear before, 0 if unknown
    Result<qint64> oldestHour();
    QString lastError() const;

    sqlite3 *m_db;
    bool m_prepared = false;
    std::optional<RetentionOptions> m_options;
    std::optional<qint64> m_rawMark;
    static constexpr int StartBatchRows = 10'000;
    static constexpr int MinBatchRows = 1'000;
    static constexpr int MaxBatchRows = 200'000;
    void adapt(qint64 rows, int batchRows, qint64 ns);
    int m_batchRows = StartBatchRows;
    bool m_adaptive = true;

    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_getProgress;
    SqliteStatement m_setProgress;
    SqliteStatement m_oldest;
    SqliteStatement m_backfillPending;
    SqliteStatement m_censusesOfHour;
    SqliteStatement m_deleteSamples;
    SqliteStatement m_deleteCategorySamples;
    SqliteStatement m_deleteChunks;
    SqliteStatement m_deleteStream5m;
    SqliteStatement m_deleteCategory5m;
    SqliteStatement m_deleteStream1h;
    SqliteStatement m_deleteCategory1h;
};

} // namespace StorageDetail

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::RetentionOptions)
