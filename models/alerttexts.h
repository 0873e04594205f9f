#pragma once
// How the alerts view words an event's raw score and an incident's facts,
// in the user's locale (shared by the model's columns and the detail pane).

#include "anomalytypes.h"

#include <QString>

namespace StreamRank {

// The raw score in its strategy's unit: "3.5σ", "+240 %", "4.1 bands",
// "2.6 spreads" (see docs/ANOMALY.md).
QString rawScoreText(const AnomalyEvent &e);
// What that number counts: "Standard deviations (σ) above the 60-minute mean".
QString rawScoreMeaning(const AnomalyEvent &e);

// How long an incident lasted: "12 min", "1 h 05 min", "ongoing" while open.
QString incidentDurationText(const AnomalyIncident &incident);
// Its length for sorting: an open incident sorts as the longest.
qint64 incidentDurationMs(const AnomalyIncident &incident);
// The strategies that fired, by display name, in AnomalyStrategy order.
QString incidentStrategiesText(const AnomalyIncident &incident);
// Each strategy that fired with its highest score and that event's raw
// score: "Z-score 91 (3.5σ) · Percent change 88 (+240 %)".
QString strategyScoresText(const AnomalyIncident &incident);
// The peak: "45,000 (×4.5)".
QString incidentPeakText(const AnomalyIncident &incident);
// AnomalyIncident::summary() with the peak time and duration as the window
// shows them.
QString incidentSummaryText(const AnomalyIncident &incident);

} // namespace StreamRank
