#pragma once
// Value types of anomaly detection shared by analytics, storage, models and
// ui: the per-strategy settings and the event a detection produces.

#include "census.h"

#include <QMetaType>
#include <QString>
#include <QVector>

#include <array>
#include <optional>

namespace StreamRank {

enum class AnomalyStrategy : std::uint8_t
{
    ZScore = 0,
    PercentChange = 1,
    MovingAverage = 2,
    Quantile = 3
};
inline constexpr int AnomalyStrategyCount = 4;

QString strategyCode(AnomalyStrategy s); // "zscore", "percent_change", "moving_average", "quantile"
QString strategyDisplayName(AnomalyStrategy s);
std::optional<AnomalyStrategy> strategyFromCode(const QString &code);

struct StrategySettings
{
    bool enabled = true;
    double threshold = 0; // in the strategy's raw unit; the 0–100 score is 50 here
    int lookbackMinutes = 60;

    bool operator==(const StrategySettings &) const = default;
};

struct AnomalySettings
{
    std::array<StrategySettings, AnomalyStrategyCount> strategies{{
        {true, 2.5, 60},   // zscore: standard deviations above the lookback mean
        {true, 200.0, 30}, // percent_change: percent above the lookback mean
        {true, 3.0, 60},   // moving_average: band half-widths above the EMA (see docs/ANOMALY.md)
        {true, 2.0, 60}, // quantile: upper spreads above the 95th percentile (see docs/ANOMALY.md)
    }};
    int cooldownMinutes = 30;    // see docs/ANOMALY.md: one spike, one event
    int minIncreaseViewers = 20; // an event needs observed − baseline ≥ this
    // An event also needs observed ≥ baseline × (1 + minRisePercent / 100):
    // a rise an analyst cares about, not only a surprising one; the size
    // half of the 0–100 score is 50 here (see sizeScore()). 0 turns the
    // gate and the size score off.
    int minRisePercent = 50;
    int minSamples = 10; // history a stream needs before it can raise anything

    const StrategySettings &of(AnomalyStrategy s) const { return strategies[static_cast<int>(s)]; }
    StrategySettings &of(AnomalyStrategy s) { return strategies[static_cast<int>(s)]; }
    int maxLookbackMinutes() const;
    // Within the ranges detection supports: lookback 1 min to 7 days,
    // threshold > 0 (else the default), cooldown and minIncreaseViewers ≥ 0,
    // minSamples ≥ 1, minRisePercent 0 to 10,000.
    AnomalySettings sanitized() const;
    bool operator==(const AnomalySettings &) const = default;
};

struct AnomalyEvent
{
    qint64 id = 0; // database row id; 0 until stored
    Platform platform = Platform::Demo;
    QString streamId;
    QString channelLogin;
    QString channelName;
    // The platform's id of the channel (charts its broadcasts); not stored
    // with the event: read back from the stream's row, empty while the
    // stream has none.
    QString channelId;
    qint64 timeMs = 0; // the census that raised it
    AnomalyStrategy strategy = AnomalyStrategy::ZScore;
    double baselineViewers = 0;
    qint32 observedViewers = 0;
    double rawScore = 0;
    double score = 0; // 0–100
    int lookbackMinutes = 0;
    bool acknowledged = false;
    // The incident the event belongs to (its first event's time; the same
    // as timeMs for the event that opened it). See AnomalyIncident.
    qint64 incidentStartMs = 0;

    // "45,000 viewers vs a 60-minute baseline of 10,000: 3.5σ, score 91"
    QString sentence() const;
    // The webhook and JSON export body: id, platform, stream_id, channel,
    // channel_name, time (ISO 8601 UTC), strategy, baseline, observed,
    // raw_score, score, lookback_minutes, text.
    QByteArray toJson() const;
};

// Consecutive events of one stream form an incident: it opens with an event
// and stays open while the stream is still over some strategy's threshold
// (an escalation in that time joins it); it ends at the first census where
// every strategy is below its threshold again ("back within the band"), or
// when the stream ends. The detector reports each change of an incident
// (opened, a new peak, ended); the store keeps one row per incident, keyed
// by (platform, stream, startMs).
struct AnomalyIncidentUpdate
{
    Platform platform = Platform::Demo;
    QString streamId;
    qint64 startMs = 0;
    qint32 peakViewers = 0; // the highest census count while open
    qint64 peakMs = 0;
    qint64 endMs = 0; // 0 while open
    bool operator==(const AnomalyIncidentUpdate &) const = default;
};

// An incident as the alerts view shows it: the update's facts plus what its
// events say.
struct AnomalyIncident
{
    Platform platform = Platform::Demo;
    QString streamId;
    QString channelLogin;
    QString channelName;
    QString channelId;
    qint64 startMs = 0;
    qint64 endMs = 0; // 0 while open
    qint32 peakViewers = 0;
    qint64 peakMs = 0;
    double baselineViewers = 0;   // the first event's
    QVector<AnomalyEvent> events; // oldest first
    bool acknowledged = false;    // every event acknowledged

    // peak ÷ baseline (the baseline floored at one viewer).
    double peakMultiple() const;
    // The event with the highest score (the first of equals).
    const AnomalyEvent &bestEvent() const;
    double maxScore() const { return bestEvent().score; }
    // "zscore, percent_change" in AnomalyStrategy order, each once.
    QString strategyCodes() const;
    // "Peak 45,000 viewers (×4.5 the baseline of 10,000) at 20:14, 12 min; " +
    // the best event's sentence. Times as the caller formats them.
    QString summary(const QString &peakTime, const QString &duration) const;
};

// Which stored events the alerts view asks for; also applied to live events.
struct AnomalyEventFilter
{
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0;   // inclusive; 0 = no upper bound
    std::optional<Platform> platform;
    QString text;     // case-insensitive: channel login/name or stream id
    QString streamId; // exact: one stream's events (chart markers)
    std::optional<AnomalyStrategy> strategy;
    double minScore = 0;
    int limit = 10000; // newest first, at most this many

    bool accepts(const AnomalyEvent &e) const;
    bool operator==(const AnomalyEventFilter &) const = default;
};

// The logistic normalisation every strategy shares: 50 at the threshold,
// steepness chosen so that raw = 1.5 × threshold scores about 95.
double normalizedScore(double raw, double threshold);

// How big a rise is, 0–100, the same logistic on the rise's multiple in
// log scale: u = ln(observed / max(baseline, 1)) / ln(1 + minRisePercent /
// 100), score = normalizedScore(u, 1). At the default 50 %: ×1.5 scores 50,
// ×1.84 scores 95, ×1.14 scores 2. minRisePercent 0: always 100.
double sizeScore(double observed, double baseline, int minRisePercent);
// The rise's size on the scale of the strategies' (raw − T) / T: u − 1
// (+infinity when minRisePercent is 0). The event rule ranks by the lower
// of this and the strategy's excess.
double sizeExcess(double observed, double baseline, int minRisePercent);
// An event's 0–100 score: the lower of its strategy's surprise,
// normalizedScore(raw, threshold), and sizeScore(): a high score needs a
// rise that is both surprising and large.
double eventScore(double raw, double threshold, double observed, double baseline,
                  int minRisePercent);

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::AnomalyEvent)
Q_DECLARE_METATYPE(StreamRank::AnomalyIncidentUpdate)
Q_DECLARE_METATYPE(StreamRank::AnomalySettings)
