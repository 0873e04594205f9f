#include "historywarmup.h"

#include "analyticsengine.h"
#include "anomalydetector.h"
#include "ranking.h"
#include "storagereader.h"

#include <QHash>

#include <algorithm>
#include <limits>

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

ResumedAnalytics resumeAnalytics(const StorageReader &reader, const QVector<StoredLast> &lastCensus,
                                 qint64 rankerWindowMs, qint64 nowMs, AnalyticsEngine &engine,
                                 const std::function<void(Platform, int, int)> &progress)
{
    ResumedAnalytics resumed;
    // Which platforms are ranked again, and from when: the oldest of their
    // second-newest censuses.
    QHash<int, QVector<Census>> again;
    qint64 fromMs = std::numeric_limits<qint64>::max();
    for (const StoredLast &s : lastCensus) {
        if (s.lastCensusMs <= 0 || s.lastCensusMs < nowMs - MaxRestoreAgeMs)
            continue;
        auto newest = reader.recentCensuses(s.platform, 2, s.lastCensusMs);
        if (!newest) {
            resumed.problems.append(QStringLiteral("could not read the last %1 ranking: %2")
                                        .arg(platformDisplayName(s.platform), newest.error()));
            continue;
        }
        if (newest->isEmpty())
            continue;
        fromMs = std::min(fromMs, newest->constFirst().takenAtMs);
        again.insert(int(s.platform), *newest);
    }
    for (qsizetype i = 0; i < lastCensus.size(); ++i) {
        const StoredLast &s = lastCensus[i];
        if (s.lastCensusMs <= 0)
            continue;
        if (progress)
            progress(s.platform, int(i), int(lastCensus.size()));
        HistoryWarmup warmup{s.lastCensusMs + 1, rankerWindowMs};
        if (again.contains(int(s.platform))) {
            // Everything since the oldest platform's second-newest census.
            auto all =
                reader.recentCensuses(s.platform, MaxRestoredCensuses, s.lastCensusMs, fromMs);
            if (all)
                again[int(s.platform)] = *all;
            else
                resumed.problems.append(QStringLiteral("could not read the last %1 ranking: %2")
                                            .arg(platformDisplayName(s.platform), all.error()));
            warmup.rankerBeforeMs = again[int(s.platform)].constFirst().takenAtMs;
        }
        // Every stored sample up to the newest census: the same events,
        // cooldowns and scores as had it never stopped.
        const auto replayed =
            warmFromHistory(reader, s.platform, warmup, engine.detector(), &engine.ranker());
        if (!replayed) {
            resumed.problems.append(QStringLiteral("could not warm the %1 analytics: %2")
                                        .arg(platformDisplayName(s.platform), replayed.error()));
            again.remove(int(s.platform));
            continue;
        }
        resumed.samples += *replayed;
    }
    QVector<Census> censuses;
    for (const QVector<Census> &list : std::as_const(again))
        censuses += list;
    resumed.censuses = int(censuses.size());
    engine.resumeRanking(censuses);
    return resumed;
}

} // namespace StreamRank
