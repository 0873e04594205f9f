#include "historywarmup.h"

#include "analyticsengine.h"
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
            if (ranker && p.tMs >= rankerSince && p.tMs < warmup.rankerBeforeMs)
                ranker->warmSample(platform, it.key(), p.tMs, p.viewers);
            if (p.tMs >= detectorSince) {
                detector.warmSample(platform, it.key(), p.tMs, p.viewers);
                ++replayed;
            }
        }
    }
    return replayed;
}

ResumedAnalytics resumeAnalytics(const StorageReader &reader, const QVector<Platform> &platforms,
                                 qint64 rankerWindowMs, AnalyticsEngine &engine,
                                 const std::function<void(Platform, int, int)> &progress)
{
    ResumedAnalytics resumed;
    QVector<Census> again; // every platform's newest two censuses
    for (qsizetype i = 0; i < platforms.size(); ++i) {
        const Platform p = platforms[i];
        const auto last = reader.lastCensusAt(p);
        if (!last) {
            resumed.problems.append(QStringLiteral("could not read the last %1 census: %2")
                                        .arg(platformDisplayName(p), last.error()));
            continue;
        }
        if (*last <= 0)
            continue;
        if (progress)
            progress(p, int(i), int(platforms.size()));
        // The newest two are ranked again as censuses: the ranking shown is
        // the one before the stop, and the next census's changes are against it.
        auto recent = reader.recentCensuses(p, 2);
        if (!recent) {
            resumed.problems.append(QStringLiteral("could not read the last %1 ranking: %2")
                                        .arg(platformDisplayName(p), recent.error()));
            recent = QVector<Census>();
        }
        HistoryWarmup warmup{*last + 1, rankerWindowMs};
        if (!recent->isEmpty())
            warmup.rankerBeforeMs = recent->constFirst().takenAtMs;
        // Every stored sample up to the newest census: the same events,
        // cooldowns and scores as had it never stopped.
        const auto replayed =
            warmFromHistory(reader, p, warmup, engine.detector(), &engine.ranker());
        if (!replayed) {
            resumed.problems.append(QStringLiteral("could not warm the %1 analytics: %2")
                                        .arg(platformDisplayName(p), replayed.error()));
            continue;
        }
        resumed.samples += *replayed;
        resumed.censuses += int(recent->size());
        again += *recent;
    }
    engine.resumeRanking(again);
    return resumed;
}

} // namespace StreamRank
