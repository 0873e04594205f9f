#pragma once
// The analytics thread's entry point: applies each census to the Ranker and
// the AnomalyDetector, publishes the ranking (with each stream's anomaly flag)
// and any new anomaly events as values.

#include "anomalydetector.h"
#include "ranking.h"

#include <QObject>

namespace StreamRank {

class AnalyticsEngine : public QObject
{
    Q_OBJECT
public:
    // A stream's ranking row shows the anomaly flag this long after an event.
    static constexpr qint64 AnomalyFlagMs = 30LL * 60 * 1000;

    explicit AnalyticsEngine(QObject *parent = nullptr);

    Ranker &ranker() { return m_ranker; }
    AnomalyDetector &detector() { return m_detector; }

public Q_SLOTS:
    void applyCensus(const StreamRank::Census &census);
    // At start-up, after the ranker is warmed with the samples before them:
    // ranks the newest stored censuses again (every platform's, in time
    // order; the detector has seen them already) and publishes the last
    // ranking, marked restored, so the window shows it at once and the
    // next census's rank changes are against it.
    void resumeRanking(QVector<StreamRank::Census> stored);
    // Applies from the next census, without a restart.
    void setAnomalySettings(const StreamRank::AnomalySettings &settings);

Q_SIGNALS:
    void rankingUpdated(const StreamRank::RankingSnapshot &snapshot);
    // A census's new events and incident changes (either may be empty).
    void anomaliesDetected(const QVector<StreamRank::AnomalyEvent> &events,
                           const QVector<StreamRank::AnomalyIncidentUpdate> &incidents);

private:
    void publish(RankingSnapshot &snapshot);

    Ranker m_ranker;
    AnomalyDetector m_detector;
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::RankingSnapshot)
