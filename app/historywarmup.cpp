#include "historywarmup.h"

#include "anomalydetector.h"
#include "ranking.h"
#include "storagereader.h"

#include <algorithm>

namespace StreamRank {

Result<qsizetype> warmFromHistory(const StorageReader &reader, Platform platform,
                                  const HistoryWarmup &warmup, AnomalyDetector &detector,
                                  Ranker *ranker)
{
    const qint64 detectorSince =
        warmup.beforeMs - AnomalyDetector::warmHistoryMs(detector.settings());
    const qint64 rankerSince = warmup.beforeMs - warmup.rankerWindowMs;
    const qint64 since =
        std::max<qint64>(0, ranker ? std::min(detectorSince, rankerSince) : detectorSince);
    auto samples = reader.recentSamples(platform, since);
    if (!samples)
        return Unexpected{samples.error()};
    qsizetype replayed = 0;
    for (auto it = samples->cbegin(); it != samples->cend(); ++it) {
        for (const SeriesPoint &p : it.value()) {
            if (p.tMs >= warmup.beforeMs)
                break; // in time order: the rest is what resumes
            if (ranker && p.tMs >= rankerSince)
                ranker->warmSample(platform, it.key(), p.tMs, p.viewers);
            if (p.tMs >= detectorSince) {
                detector.warmSample(platform, it.key(), p.tMs, p.viewers);
                ++replayed;
            }
        }
    }
    return replayed;
}

} // namespace StreamRank
