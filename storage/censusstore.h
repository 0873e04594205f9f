#pragma once
// The census write path, synchronous and thread-agnostic: CensusWriter runs it
// on the writer thread, benchmarks and tests call it directly. A census is one
// transaction, stored whole or not at all, and the in-memory id caches change
// only when that transaction commits. compact() packs closed hours of samples
// into per-stream chunks in transactions of its own (docs/SCHEMA.md).

#include "census.h"
#include "result.h"
#include "retention.h"
#include "storedcensus.h"

#include <functional>
#include <memory>

struct sqlite3;

namespace StreamRank {

class CensusStorePrivate;

class CensusStore
{
public:
    // Called before observation `index` is written; returning true makes the
    // census fail there, as a full disk would. Lets a test prove atomicity.
    using FaultInjector = std::function<bool(int index)>;
    // Called before an hour (its start, epoch ms) is compacted; returning true
    // makes that hour's compaction fail. Lets a test prove a census survives it.
    using CompactionFaultInjector = std::function<bool(qint64 bucketStartMs)>;

    // `db` must carry the current schema (Database::open migrates it), stay
    // open longer than this store and be used by one thread at a time.
    explicit CensusStore(sqlite3 *db);
    ~CensusStore();
    CensusStore(const CensusStore &) = delete;
    CensusStore &operator=(const CensusStore &) = delete;

    // The error is a sentence for the user: "Could not store the Twitch census
    // of 12:34: database or disk is full".
    Result<StoredCensus> write(const Census &census);

    // Packs every closed hour not yet compacted (an hour is closed once its
    // platform has a census in a later hour) into sample_chunks, one
    // transaction per platform and hour. Usually it finds nothing to do in a
    // few microseconds; once an hour it compacts the hour just closed, and
    // after a crash or an upgrade whatever was left. A failure leaves every
    // census as it was (still read from viewership_samples) and the hour for
    // the next call.
    Result<CompactionReport> compact();
    // Builds rollups for history compacted before schema 4 (an hour per
    // transaction) until the budget (ms, -1 none) is spent; true once none
    // is left. checkpoint() does it a little after each census too.
    Result<bool> buildOlderRollups(qint64 budgetMs = -1);
    // Where that backfill stands: read from the file the first time, then
    // as the last run of it (here or in checkpoint()) left it.
    Result<RollupBackfillProgress> rollupBackfillProgress();
    // Deletes what is older than the retention options allow relative to
    // nowMs (retention.h), until done or the budget is spent (-1: none, 0:
    // one batch). checkpoint() does it after each census with "now" the
    // newest census stored.
    Result<RetentionReport> applyRetention(qint64 nowMs, qint64 budgetMs = -1);
    // Rows a retention batch starts with (tests: a small one shows an hour
    // cleared over several batches).
    void setRetentionBatchRows(int rows);
    // Saves the options (sanitized); the next pass applies them.
    std::optional<QString> setRetentionOptions(const RetentionOptions &options);

    // The housekeeping between censuses, outside any census's time: compact()
    // (a failure is logged and retried next time), then copy the write-ahead
    // log into the database file without blocking readers. SQLite's automatic
    // checkpoint is off on this connection so a commit never pays for it.
    void checkpoint();

    void setFaultInjector(FaultInjector injector);
    void setCompactionFaultInjector(CompactionFaultInjector injector);

private:
    std::unique_ptr<CensusStorePrivate> d;
};

} // namespace StreamRank
