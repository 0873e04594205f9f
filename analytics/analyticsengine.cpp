#include "analyticsengine.h"

#include <algorithm>

namespace StreamRank {

AnalyticsEngine::AnalyticsEngine(QObject *parent) : QObject(parent) {}

void AnalyticsEngine::applyCensus(const Census &census)
{
    const QVector<AnomalyEvent> events = m_detector.apply(census);
    RankingSnapshot snapshot = m_ranker.apply(census);
    const QVector<AnomalyIncidentUpdate> incidents = m_detector.takeIncidentUpdates();
    if (!events.isEmpty() || !incidents.isEmpty())
        Q_EMIT anomaliesDetected(events, incidents);
    publish(snapshot);
}

void AnalyticsEngine::resumeRanking(QVector<Census> stored)
{
    if (stored.isEmpty())
        return;
    std::stable_sort(stored.begin(), stored.end(),
                     [](const Census &a, const Census &b) { return a.takenAtMs < b.takenAtMs; });
    RankingSnapshot snapshot;
    for (const Census &census : std::as_const(stored))
        snapshot = m_ranker.apply(census);
    snapshot.restored = true;
    publish(snapshot);
}

void AnalyticsEngine::publish(RankingSnapshot &snapshot)
{
    // Only a handful of streams have a recent event: look those up per
    // platform instead of asking for every one of 100,000 rows.
    std::array<QHash<QString, qint64>, PlatformCount> recent;
    bool any = false;
    for (int p = 0; p < PlatformCount; ++p) {
        recent[p] =
            m_detector.recentEvents(static_cast<Platform>(p), snapshot.takenAtMs, AnomalyFlagMs);
        any = any || !recent[p].isEmpty();
    }
    if (any) {
        for (RankedStream &row : snapshot.rows)
            row.anomaly = recent[static_cast<int>(row.platform)].contains(row.streamId());
    }
    Q_EMIT rankingUpdated(snapshot);
}

void AnalyticsEngine::setAnomalySettings(const AnomalySettings &settings)
{
    m_detector.setSettings(settings);
}

} // namespace StreamRank
