#include "anomalyreference.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace StreamRank {

namespace {

constexpr qint64 MinuteMs = 60'000;

// NumPy's percentile(..., method="linear"), written out again on purpose.
double numpyLinearPercentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const double virtualIndex = double(values.size() - 1) * q;
    const auto previous = std::size_t(std::floor(virtualIndex));
    const std::size_t next = std::min(previous + 1, values.size() - 1);
    const double gamma = virtualIndex - std::floor(virtualIndex);
    const double a = values[previous];
    const double b = values[next];
    const double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

// The samples before point n that are inside [t_n − lookback, t_n), or
// nothing if the minimum-history rule says the window is not ready.
std::optional<std::vector<double>> windowBefore(const QVector<SeriesSample> &series, qsizetype n,
                                                int lookbackMinutes, int minSamples)
{
    const qint64 now = series[n].tMs;
    const qint64 lookback = qint64(lookbackMinutes) * MinuteMs;
    std::vector<double> window;
    qint64 oldest = now;
    for (qsizetype i = 0; i < n; ++i) {
        if (series[i].tMs >= now - lookback) {
            window.push_back(series[i].viewers);
            oldest = std::min(oldest, series[i].tMs);
        }
    }
    if (n < minSamples || int(window.size()) < std::max(2, (minSamples + 1) / 2) ||
        oldest > now - lookback / 2)
        return std::nullopt;
    return window;
}

StrategyScore zscore(const std::vector<double> &w, double x)
{
    double sum = 0;
    for (double v : w)
        sum += v;
    const double mean = sum / double(w.size());
    double squares = 0;
    for (double v : w)
        squares += (v - mean) * (v - mean);
    const double sd = std::max(std::sqrt(squares / double(w.size())), 1.0);
    return {true, (x - mean) / sd, mean};
}

StrategyScore percentChange(const std::vector<double> &w, double x)
{
    double sum = 0;
    for (double v : w)
        sum += v;
    const double mean = sum / double(w.size());
    return {true, 100.0 * (x - mean) / std::max(mean, 1.0), mean};
}

StrategyScore quantile(const std::vector<double> &w, double x)
{
    const double q95 = numpyLinearPercentile(w, 0.95);
    const double q50 = numpyLinearPercentile(w, 0.50);
    return {true, (x - q95) / std::max(q95 - q50, 1.0), q95};
}

} // namespace

QVector<ReferencePoint> referenceAnomalyScores(const QVector<SeriesSample> &series,
                                               const AnomalySettings &input)
{
    const AnomalySettings settings = input.sanitized();
    const qsizetype count = series.size();
    QVector<ReferencePoint> points(count);

    // moving_average: the weighted mean after each sample j, weights
    // exp(−age/τ) over every sample up to j (closed form, not a recursion).
    const StrategySettings &ma = settings.of(AnomalyStrategy::MovingAverage);
    const double tau = std::max(1.0, double(ma.lookbackMinutes) * MinuteMs / 2.0);
    std::vector<double> ema(std::size_t(count), 0.0);
    for (qsizetype j = 0; j < count; ++j) {
        double num = 0;
        double den = 0;
        for (qsizetype i = 0; i <= j; ++i) {
            const double w = std::exp(-double(series[j].tMs - series[i].tMs) / tau);
            num += w * series[i].viewers;
            den += w;
        }
        ema[std::size_t(j)] = num / den;
    }

    qint64 lastEvent = 0;
    double lastEventViewers = 0;
    bool hadEvent = false;
    bool armed = true;
    for (qsizetype n = 0; n < count; ++n) {
        const double x = series[n].viewers;
        ReferencePoint &p = points[n];
        const auto scoreWindow = [&](AnomalyStrategy s, auto formula) {
            const StrategySettings &cfg = settings.of(s);
            if (!cfg.enabled)
                return;
            if (auto w = windowBefore(series, n, cfg.lookbackMinutes, settings.minSamples))
                p.scores[std::size_t(s)] = formula(*w, x);
        };
        scoreWindow(AnomalyStrategy::ZScore, zscore);
        scoreWindow(AnomalyStrategy::PercentChange, percentChange);
        scoreWindow(AnomalyStrategy::Quantile, quantile);

        if (ma.enabled && n >= settings.minSamples && n >= 2 &&
            series[0].tMs <= series[n].tMs - qint64(ma.lookbackMinutes) * MinuteMs / 2) {
            // The band unit: the same weighted mean, at the previous sample,
            // of each earlier sample's error against the average before it.
            const qint64 at = series[n - 1].tMs;
            double num = 0;
            double den = 0;
            for (qsizetype i = 1; i < n; ++i) {
                const double w = std::exp(-double(at - series[i].tMs) / tau);
                num += w * std::abs(series[i].viewers - ema[std::size_t(i - 1)]);
                den += w;
            }
            const double base = ema[std::size_t(n - 1)];
            p.scores[std::size_t(AnomalyStrategy::MovingAverage)] = {
                true, (x - base) / std::max(num / den, 1.0), base};
        }

        // The event rule, restated.
        bool over = false;
        int best = -1;
        double bestExcess = 0;
        for (int s = 0; s < AnomalyStrategyCount; ++s) {
            const StrategyScore &sc = p.scores[std::size_t(s)];
            const double threshold = settings.strategies[std::size_t(s)].threshold;
            if (!sc.valid || !(sc.raw >= threshold))
                continue;
            over = true;
            // The size gate and ranking, from the definitions: a multiple
            // of at least 1 + minRisePercent/100, ranked by the lower of
            // the two scores (before saturation).
            double e = (sc.raw - threshold) / threshold;
            bool bigEnough = true;
            if (settings.minRisePercent > 0) {
                const double u = std::log(x / std::max(sc.baseline, 1.0)) /
                                 std::log(1.0 + settings.minRisePercent / 100.0);
                e = std::min(e, u - 1.0);
                bigEnough =
                    x >= (1.0 + settings.minRisePercent / 100.0) * std::max(sc.baseline, 1.0);
            }
            if (x - sc.baseline >= settings.minIncreaseViewers && bigEnough &&
                (best < 0 || e > bestExcess + 1e-9)) {
                best = s;
                bestExcess = e;
            }
        }
        if (!over)
            armed = true;
        const bool cooled =
            !hadEvent || series[n].tMs - lastEvent >= qint64(settings.cooldownMinutes) * MinuteMs;
        const bool bigger = hadEvent && lastEventViewers > 0 && x >= 2.0 * lastEventViewers &&
                            x - lastEventViewers >= settings.minIncreaseViewers;
        if (best >= 0 && ((armed && cooled) || bigger)) {
            p.event = AnomalyStrategy(best);
            armed = false;
            hadEvent = true;
            lastEvent = series[n].tMs;
            lastEventViewers = x;
        }
    }
    return points;
}

} // namespace StreamRank
