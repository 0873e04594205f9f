#pragma once
// The census write path, synchronous and thread-agnostic: CensusWriter runs it
// on the writer thread, benchmarks and tests call it directly. A census is one
// transaction, stored whole or not at all, and the in-memory id caches change
// only when that transaction commits.

#include "census.h"
#include "result.h"
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

    // `db` must carry the current schema (Database::open migrates it), stay
    // open longer than this store and be used by one thread at a time.
    explicit CensusStore(sqlite3 *db);
    ~CensusStore();
    CensusStore(const CensusStore &) = delete;
    CensusStore &operator=(const CensusStore &) = delete;

    // The error is a sentence for the user: "Could not store the Twitch census
    // of 12:34: database or disk is full".
    Result<StoredCensus> write(const Census &census);

    // Copies the write-ahead log into the database file without blocking
    // readers. SQLite's automatic checkpoint is off on this connection so a
    // commit never pays for it; call this between censuses.
    void checkpoint();

    void setFaultInjector(FaultInjector injector);

private:
    std::unique_ptr<CensusStorePrivate> d;
};

} // namespace StreamRank
