#pragma once
// CensusStore's internals, shared by the files that implement it:
// censusstore.cpp (the census transaction and the public API),
// censusentities.cpp (categories, channels and streams: cache and rows) and
// censusstatements.cpp (the SQL, prepared once).

#include "censuscache.h"
#include "censusstore.h"
#include "retention.h"
#include "samplecompactor.h"
#include "sqlitestatement.h"

#include <array>
#include <optional>
#include <vector>

namespace StreamRank {

namespace StorageDetail {

struct Sample
{
    qint64 streamId;
    qint32 viewers;
};

// A failure inside the census transaction, in SQLite's words.
struct WriteError
{
    QString detail;
};

} // namespace StorageDetail

class CensusStorePrivate
{
public:
    using CategoryEntry = StorageDetail::CategoryEntry;
    using StreamEntry = StorageDetail::StreamEntry;
    using PlatformState = StorageDetail::PlatformState;
    using WriteError = StorageDetail::WriteError;

    explicit CensusStorePrivate(sqlite3 *db) : m_db(db), m_compactor(db) {}

    // censusstatements.cpp
    bool prepare(QString *error);
    std::optional<WriteError> stepDone(SqliteStatement &statement);
    WriteError lastError() const { return {sqliteErrorText(m_db)}; }

    // censusstore.cpp
    std::optional<WriteError> writeInTransaction(const Census &census, StoredCensus &stored);
    std::optional<WriteError> writeSamples(qint64 censusId, qint64 takenAt);
    std::optional<WriteError> endUnseenStreams(PlatformState &state, const Census &census,
                                               StoredCensus &stored);
    void rollback();
    void commitCaches(const Census &census);

    // censusentities.cpp
    std::optional<WriteError> loadPlatform(PlatformState &state, qint64 platformId);
    CategoryEntry *resolveCategory(PlatformState &state, qint64 platformId,
                                   const StreamObservation &obs, std::optional<WriteError> &error);
    std::optional<WriteError> writeKnownStream(StreamEntry &stream, const StreamObservation &obs,
                                               qint64 platformId);
    StreamEntry *insertStream(PlatformState &state, const StreamObservation &obs, qint64 platformId,
                              qint64 takenAt, std::optional<WriteError> &error);
    std::optional<WriteError> channelFor(const StreamObservation &obs, qint64 platformId,
                                         qint64 *channelId);
    std::optional<WriteError> lastSightingOf(const StreamEntry &stream, qint64 *lastSeen);

    sqlite3 *m_db;
    bool m_prepared = false;
    quint64 m_writeSerial = 0;
    CensusStore::FaultInjector m_faultInjector;
    std::array<PlatformState, PlatformCount> m_platforms;
    StorageDetail::SampleCompactor m_compactor;
    // Until the backfill of rollups says it is done (an extra look per census otherwise).
    bool m_backfillPending = true;
    // As the last backfill run (or the first look) left it; none before either.
    std::optional<RollupBackfillProgress> m_backfillProgress;
    void noteBackfill(const StorageDetail::BackfillReport &report);
    StorageDetail::RetentionPass m_retention{m_db};
    qint64 m_newestCensusMs = 0; // "now" for retention: the newest census stored

    // Per-write scratch, kept to reuse their capacity.
    std::vector<StorageDetail::Sample> m_samples;
    std::vector<StreamEntry *> m_found;
    std::vector<StreamEntry *> m_seen;
    std::vector<CategoryEntry *> m_touchedCategories;
    std::vector<StreamEntry *> m_peakRises;
    PlatformState *m_current = nullptr;
    StorageDetail::UndoLog<CategoryEntry> m_categoryUndo;
    StorageDetail::UndoLog<StreamEntry> m_streamUndo;

    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_insertCensus;
    SqliteStatement m_updateCensusTotals;
    SqliteStatement m_upsertCategory;
    SqliteStatement m_insertChannel;
    SqliteStatement m_findChannel;
    SqliteStatement m_updateChannel;
    SqliteStatement m_insertStream;
    SqliteStatement m_reopenStream;
    SqliteStatement m_updateStream;
    SqliteStatement m_updatePeak;
    SqliteStatement m_insertSample;
    SqliteStatement m_endStream;
    SqliteStatement m_lastSeen;
    SqliteStatement m_insertCategorySample;
    SqliteStatement m_insertRun;
};

} // namespace StreamRank
