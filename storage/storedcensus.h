#pragma once
// What the writer reports after a census is stored, handed to the GUI by
// queued signal (status bar, database size), what a compaction did, and the
// metatype registration the storage signals need.

#include "census.h"

#include <QMetaType>

namespace StreamRank {

struct StoredCensus
{
    Platform platform = Platform::Demo;
    qint64 censusId = 0;
    qint64 takenAtMs = 0;
    int streamCount = 0;     // samples stored (duplicates within a census dropped)
    qint64 totalViewers = 0; // of the streams whose count is known
    int hiddenStreams = 0;   // streams whose count the platform hid
    int newStreams = 0;
    int endedStreams = 0;
    qint64 elapsedMs = 0;     // writes and commit
    qint64 databaseBytes = 0; // file plus write-ahead log, after the commit
};

// What one run of the sample compaction did (see samplecompactor.h): the hours
// it turned into sample_chunks rows, summed over platforms.
struct CompactionReport
{
    int hours = 0;        // (platform, hour) pairs compacted
    qint64 censuses = 0;  // censuses marked compacted
    qint64 chunks = 0;    // sample_chunks rows written
    qint64 samples = 0;   // samples packed into them
    qint64 elapsedMs = 0; // reading, packing and commits
    int hoursLeft = 0;    // closed hours left for a later run (time budget)
    qint64 rollupNs = 0;  // of elapsed, building and writing the rollups
};

// Where the backfill of rollups for history from before schema 4 stands
// (rollupwriter.h), for the window's status bar: hours built since it began
// and hours still to build, counted from its mark down to the oldest
// census's hour (an upper bound: hours without censuses among them take no
// time). finished: nothing is left, or there never was a backfill.
struct RollupBackfillProgress
{
    int hoursDone = 0;
    int hoursLeft = 0;
    bool finished = true;

    friend bool operator==(const RollupBackfillProgress &,
                           const RollupBackfillProgress &) = default;
};

// Registers Census, StoredCensus, RollupBackfillProgress, Platform and the anomaly types the
// writer's signals carry (AnomalyEvent and QVector of it, AnomalySettings, QVector<qint64>) for
// queued connections. Safe to call more than once.
void registerStorageMetaTypes();

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::StoredCensus)
Q_DECLARE_METATYPE(StreamRank::RollupBackfillProgress)
