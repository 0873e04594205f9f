#pragma once
// An independent, deliberately naive recomputation of anomaly detection for
// one stream's whole series: every strategy's score at every point straight
// from its definition (plain loops over the window, no state carried from
// one point to the next), then the event rule on top. Tests check the
// incremental AnomalyDetector against it; it is far too slow for live use.

#include "anomalystrategies.h"
#include "anomalytypes.h"

#include <QVector>

#include <array>
#include <optional>

namespace StreamRank {

struct SeriesSample
{
    qint64 tMs = 0;
    qint32 viewers = 0;
};

struct ReferencePoint
{
    std::array<StrategyScore, AnomalyStrategyCount> scores;
    std::optional<AnomalyStrategy> event; // the strategy of the event raised here, if any
};

// series: one stream's samples in strictly increasing time, from the first
// one the detector saw. Returns one point per sample.
QVector<ReferencePoint> referenceAnomalyScores(const QVector<SeriesSample> &series,
                                               const AnomalySettings &settings);

} // namespace StreamRank
