#pragma once
// Incremental anomaly detection: as each census lands, scores every stream's
// viewers with the four strategies against that stream's rolling state and
// returns the new events (one per spike, see docs/ANOMALY.md). Per-stream
// state is updated in place; no history is re-read per census.

#include "anomalystrategies.h"
#include "anomalytypes.h"
#include "census.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <array>
#include <limits>
#include <memory>
#include <vector>

namespace StreamRank {

// Every strategy's score of one stream in one census (for inspection, tests
// and the batch comparison; detection itself does not need it).
struct StreamAnomalyScores
{
    qsizetype observation = -1; // index into Census::streams
    std::array<StrategyScore, AnomalyStrategyCount> scores;
};

class AnomalyDetector
{
public:
    // During a cooldown a stream still raises an event if its viewers reach
    // this multiple of its last event's viewers: a new, bigger spike (a raid
    // right after a smaller rise), not the same one again.
    static constexpr double EscalationFactor = 2.0;

    explicit AnomalyDetector(const AnomalySettings &settings = {});
    ~AnomalyDetector();
    AnomalyDetector(const AnomalyDetector &) = delete;
    AnomalyDetector &operator=(const AnomalyDetector &) = delete;

    // Applies from the next census; keeps every stream's history (windows
    // that grew longer fill up from the samples still retained).
    void setSettings(const AnomalySettings &settings);
    const AnomalySettings &settings() const { return m_settings; }

    // Scores the census and returns the events it raises, in census order.
    // A complete (non-partial) census also drops the state of the platform's
    // streams it no longer lists. A stream whose count is hidden
    // (StreamObservation::UnknownViewers) is listed but not scored: the
    // sample does not exist for detection (no score, no event, no window),
    // so the events of a series are the same with or without its hidden
    // counts.
    QVector<AnomalyEvent> apply(const Census &census);
    QVector<AnomalyEvent> apply(const Census &census, QVector<StreamAnomalyScores> *scores);

    // Startup: feeds stored history (per stream in time order; a sample not
    // later than the stream's newest, or a hidden count, is ignored) through
    // the very same scoring and event rule as apply(), returning nothing: the
    // streams' windows, averages, cooldowns and re-arming end as they would
    // have had the samples arrived live, so detection goes on as if it never
    // stopped.
    // Feed at least warmHistoryMs() of history before the first census to
    // score.
    void warmSample(Platform platform, const QString &streamId, qint64 tMs, qint32 viewers);
    // How much stored history warming needs for the state to be the one live
    // detection would have: every window (the longest lookback), and enough
    // of the moving average's past that what lies beyond weighs less than
    // double precision can hold (e^−40 < 2^−53 of the sum: 40 τ = 20
    // lookbacks), so the recursion lands on the same bits. At least 24 hours;
    // the moving average's share at most 48 hours (bit-exact up to a
    // 144-minute lookback).
    static qint64 warmHistoryMs(const AnomalySettings &settings);
    // A stored event whose samples are gone (warming replays the samples
    // and needs no events): its cooldown holds. observedViewers 0 (unknown):
    // no bigger-spike exception until the stream's next event (see
    // EscalationFactor).
    void warmEvent(Platform platform, const QString &streamId, qint64 tMs,
                   qint32 observedViewers = 0);
    void warmEvent(const AnomalyEvent &event);

    // For the ranking's anomaly flag: an event for the stream in
    // [nowMs − withinMs, nowMs] (only streams still tracked).
    bool hasRecentEvent(Platform platform, const QString &streamId, qint64 nowMs,
                        qint64 withinMs) const;
    // The same for all streams at once: those with an event in the window →
    // the time of their last one. Usually a handful; cheaper than asking for
    // each of 100,000 ranked rows when it is empty.
    QHash<QString, qint64> recentEvents(Platform platform, qint64 nowMs, qint64 withinMs) const;

    int trackedStreams() const;

    // The incident changes of the last apply(), or of the warming since the
    // last take (apply() drops what nobody took): incidents opened, new
    // peaks, incidents ended, in the order they happened. Taking them clears
    // the list.
    QVector<AnomalyIncidentUpdate> takeIncidentUpdates();

private:
    struct PlatformState;
    // Per stream: what the event rule needs besides the strategies' state.
    struct StreamHeader
    {
        qint64 firstMs = 0; // first sample since the stream was tracked
        qint64 lastMs = std::numeric_limits<qint64>::min();      // newest sample
        qint64 lastEventMs = std::numeric_limits<qint64>::min(); // none yet
        qint32 history = 0;                                      // samples seen (saturating)
        qint32 lastEventViewers = 0;
        // The open incident: its start (NoTime: none) and peak so far.
        qint64 incidentStartMs = std::numeric_limits<qint64>::min();
        qint64 incidentPeakMs = 0;
        qint32 incidentPeak = 0;
        bool armed = true; // false from an event until every strategy is below threshold
        bool used = false; // the slot belongs to a stream
    };

    int step(PlatformState &ps, int slot, qint64 t, qint32 x, bool screen,
             std::array<StrategyScore, AnomalyStrategyCount> &scores);
    void trackIncident(Platform platform, const QString &streamId, StreamHeader &h, int best,
                       qint64 t, qint32 x);
    void endIncident(Platform platform, const QString &streamId, StreamHeader &h, qint64 endMs);
    int decide(StreamHeader &h, const std::array<StrategyScore, AnomalyStrategyCount> &scores,
               qint64 t, qint32 x, qint64 cooldownMs, double minIncrease) const;

    std::unique_ptr<PlatformState> &platformState(Platform platform);

    AnomalySettings m_settings;
    std::array<std::unique_ptr<PlatformState>, PlatformCount> m_platforms;
    QVector<AnomalyIncidentUpdate> m_incidentUpdates;
};

} // namespace StreamRank
