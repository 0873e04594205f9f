#include "analyticsengine.h"

namespace StreamRank {

AnalyticsEngine::AnalyticsEngine(QObject *parent) : QObject(parent)
{
}

void AnalyticsEngine::applyCensus(const Census &census)
{
    const QVector<AnomalyEvent> events = m_detector.apply(census);
    RankingSnapshot snapshot = m_ranker.apply(census);
    for (RankedStream &row : snapshot.rows)
        row.anomaly =
            m_detector.hasRecentEvent(row.platform, row.streamId, snapshot.takenAtMs, AnomalyFlagMs);
    if (!events.isEmpty())
        Q_EMIT anomaliesDetected(events);
    Q_EMIT rankingUpdated(snapshot);
}

void AnalyticsEngine::setAnomalySettings(const AnomalySettings &settings)
{
    m_detector.setSettings(settings);
}

} // namespace StreamRank
