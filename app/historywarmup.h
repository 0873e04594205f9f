#pragma once
// Replays stored history into analytics before collection (or an import)
// resumes, so that ranking and anomaly detection go on as if they had never
// stopped: the pipeline at start-up and the CSV importer share it.

#include "census.h"
#include "result.h"

namespace StreamRank {

class AnomalyDetector;
class Ranker;
class StorageReader;

struct HistoryWarmup
{
    qint64 beforeMs = 0;       // replay the samples taken before this (exclusive)
    qint64 rankerWindowMs = 0; // ... of which the ranker gets this much (0: none)
};

// Feeds the platform's stored samples of the last
// AnomalyDetector::warmHistoryMs() (and the ranker's window, if longer)
// before `beforeMs` to the detector, per stream in time order, and those of
// the ranker's window to `ranker`. Returns how many samples were replayed.
Result<qsizetype> warmFromHistory(const StorageReader &reader, Platform platform,
                                  const HistoryWarmup &warmup, AnomalyDetector &detector,
                                  Ranker *ranker = nullptr);

} // namespace StreamRank
