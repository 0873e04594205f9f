#pragma once
// Replays stored history into analytics before collection (or an import)
// resumes, so that ranking and anomaly detection go on as if they had never
// stopped: the pipeline at start-up and the CSV importer share it.

#include "census.h"
#include "result.h"

#include <QStringList>
#include <QVector>

#include <functional>
#include <limits>

namespace StreamRank {

class AnalyticsEngine;
class AnomalyDetector;
class Ranker;
class StorageReader;

struct HistoryWarmup
{
    qint64 beforeMs = 0;       // replay the samples taken before this (exclusive)
    qint64 rankerWindowMs = 0; // ... of which the ranker gets this much (0: none)
    // ... and only those before this: the censuses from here on are ranked
    // again as censuses (AnalyticsEngine::resumeRanking), which also gives
    // their rank changes.
    qint64 rankerBeforeMs = std::numeric_limits<qint64>::max();
};

// Feeds the platform's stored samples of the last
// AnomalyDetector::warmHistoryMs() (and the ranker's window, if longer)
// before `beforeMs` to the detector, per stream in time order, and those of
// the ranker's window to `ranker`. Returns how many samples were replayed.
Result<qsizetype> warmFromHistory(const StorageReader &reader, Platform platform,
                                  const HistoryWarmup &warmup, AnomalyDetector &detector,
                                  Ranker *ranker = nullptr);

// What the pipeline does at start-up before the first live census, for
// each platform with stored censuses (lastCensus: its newest, read before
// any collector started, so a census taken meanwhile is not mistaken for a
// stored one): the detector replays the samples up to that census, and the
// ranker those before the censuses ranked again, which the engine then ranks
// and publishes (AnalyticsEngine::resumeRanking): rank changes, trends,
// peaks and flags go on as if it had never stopped. Ranked again: each
// platform's newest two, and every census of any platform since the oldest
// of those (plus the one before it), so each platform's ranks are taken
// with the other platforms' rows as they were. A platform whose newest
// census is older than MaxRestoreAgeMs is warmed but not ranked again (its
// rows would read as live). progress(platform, i, count) is called before
// each platform's read.
struct ResumedAnalytics
{
    qsizetype samples = 0; // replayed into the detector
    int censuses = 0;      // ranked again
    QStringList problems;  // what could not be read, in words (the rest resumed)
};
inline constexpr qint64 MaxRestoreAgeMs = 60LL * 60 * 1000;
inline constexpr int MaxRestoredCensuses = 32; // per platform
struct StoredLast
{
    Platform platform = Platform::Demo;
    qint64 lastCensusMs = 0; // 0: none stored
};
ResumedAnalytics
resumeAnalytics(const StorageReader &reader, const QVector<StoredLast> &lastCensus,
                qint64 rankerWindowMs, qint64 nowMs, AnalyticsEngine &engine,
                const std::function<void(Platform platform, int i, int count)> &progress = {});

} // namespace StreamRank
