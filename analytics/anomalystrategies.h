#pragma once
// The four anomaly strategies as incremental models: each keeps, for every
// stream the detector tracks (a slot), a rolling summary of that stream's
// lookback window, and scores a new census value against it before the value
// joins the window. Definitions and constants: docs/ANOMALY.md.

#include "anomalyrings.h"
#include "anomalytypes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

namespace StreamRank {

// One strategy's verdict on one sample. Raw scores measure UPWARD deviations;
// a drop gives a negative raw score and never an alert.
struct StrategyScore
{
    bool valid = false;  // enabled and enough history (docs/ANOMALY.md, "Minimum history")
    double raw = 0;      // in the strategy's unit: σ, %, band widths, spreads
    double baseline = 0; // viewers the sample is compared with
};

// The floor under every scale a raw score divides by (z-score σ, band unit,
// quantile spread): one viewer, so a flat series gives finite scores.
inline constexpr double AnomalyScaleFloorViewers = 1.0;
// The upper quantile and the centre the quantile strategy's spread starts from.
inline constexpr double AnomalyUpperQuantile = 0.95;
inline constexpr double AnomalyCentreQuantile = 0.50;

// What the minimum-history rule needs to know about the stream as a whole.
struct ScoringContext
{
    qint64 nowMs = 0;
    qint64 firstMs = 0; // the stream's first sample since it was tracked
    int history = 0;    // samples seen since it was tracked (saturating)
    int minSamples = 0; // AnomalySettings::minSamples
    int minWindow = 0;  // minWindowSamples(minSamples)
    // A model may skip the raw score (returning an invalid one) when viewers
    // − its baseline is below this: the detector sets it to
    // minIncreaseViewers for armed streams, where such a score can neither
    // raise an event nor re-arm anything, and saves the arithmetic.
    double screenBelow = -std::numeric_limits<double>::infinity();
};

// A window strategy needs at least this many samples inside its own window
// (besides minSamples of history overall): half of minSamples, at least 2.
inline int minWindowSamples(int minSamples)
{
    return std::max(2, (minSamples + 1) / 2);
}

// Type-7 quantile (NumPy's default "linear" method) of n ascending values,
// computed the way NumPy does it so the results match to the last bit.
double typeSevenQuantile(const qint32 *sorted, int n, double p);

// The same in two steps, so the detector computes the position once per
// window size rather than once per stream: where the quantile falls between
// two neighbours of the sorted values.
struct QuantilePosition
{
    int lo = 0;       // interpolate between sorted[lo] and sorted[lo + 1] ...
    double t = 0;     // ... by this fraction,
    bool last = true; // ... or take sorted[n − 1] (lo + 1 ≥ n)
};
QuantilePosition typeSevenPosition(int n, double p);
inline double typeSevenAt(const qint32 *sorted, int n, const QuantilePosition &q)
{
    if (n <= 0)
        return 0;
    if (q.last)
        return double(sorted[n - 1]);
    const double a = double(sorted[q.lo]);
    const double b = double(sorted[q.lo + 1]);
    const double diff = b - a;
    // NumPy's _lerp: for t ≥ 0.5 it interpolates back from b.
    return q.t >= 0.5 ? b - diff * (1.0 - q.t) : a + diff * q.t;
}

// The strategy interface. The detector calls, per census and stream:
// advance() (drop what left the window), score() (the new value against the
// window), then, after the value has been pushed onto the stream's ring,
// add(). The detector holds the concrete models as members, so these calls
// are resolved statically and inlined in the hot loop.
class StrategyModel
{
public:
    virtual ~StrategyModel() = default;
    virtual AnomalyStrategy kind() const = 0;

    // Threshold and lookback to use from the next census; keeps the state.
    // The caller rebuilds the windows afterwards if the lookback changed.
    virtual void configure(const StrategySettings &settings);
    const StrategySettings &settings() const { return m_settings; }
    qint64 lookbackMs() const { return m_lookbackMs; }
    qint64 halfLookbackMs() const { return m_halfLookbackMs; }

    virtual void resize(int slotCount) = 0;
    virtual void clear(int slot) = 0;
    // Recomputes the slot's summary from the samples the ring retains.
    virtual void rebuild(int slot, const SampleRings &rings) = 0;

    virtual void advance(int slot, const SampleRings::View &ring, qint64 nowMs) = 0;
    virtual StrategyScore score(int slot, const SampleRings::View &ring, qint32 viewers,
                                const ScoringContext &ctx) const = 0;
    virtual void add(int slot, qint64 previousMs, qint64 tMs, qint32 viewers) = 0;

protected:
    StrategySettings m_settings;
    qint64 m_lookbackMs = 0;
    qint64 m_halfLookbackMs = 0;
};

// Shared by the three strategies that look at a window of the last
// lookback minutes: the window is always the newest `count` samples of the
// stream's ring, so it only has to know how many.
class WindowModel : public StrategyModel
{
public:
    void resize(int slotCount) override { m_count.resize(std::size_t(slotCount), 0); }
    int windowCount(int slot) const { return m_count[std::size_t(slot)]; }

protected:
    // The window is [now − lookback, now): true if it holds enough samples
    // and reaches back at least half the lookback.
    bool windowReady(int slot, const SampleRings::View &ring, const ScoringContext &ctx) const
    {
        const int n = m_count[std::size_t(slot)];
        if (ctx.history < ctx.minSamples || n < ctx.minWindow)
            return false;
        return ring.timeAt(ring.size() - n) <= ctx.nowMs - halfLookbackMs();
    }
    // Calls drop(value) for every window sample older than now − lookback.
    template <typename Drop>
    void evict(int slot, const SampleRings::View &ring, qint64 nowMs, Drop drop)
    {
        int &n = m_count[std::size_t(slot)];
        const qint64 cutoff = nowMs - lookbackMs();
        const int size = ring.size();
        while (n > 0 && ring.timeAt(size - n) < cutoff) {
            drop(ring.valueAt(size - n));
            --n;
        }
    }

    std::vector<qint32> m_count;
};

// zscore: (x − mean) / max(σ, 1) over the window; σ is the population
// standard deviation. The sums are exact integers, so the variance never
// drifts however long a stream runs.
class ZScoreModel final : public WindowModel
{
public:
    AnomalyStrategy kind() const override { return AnomalyStrategy::ZScore; }
    void resize(int slotCount) override;
    void clear(int slot) override;
    void rebuild(int slot, const SampleRings &rings) override;
    void advance(int slot, const SampleRings::View &ring, qint64 nowMs) override
    {
        evict(slot, ring, nowMs, [this, slot](qint32 v) {
            m_sum[std::size_t(slot)] -= v;
            m_sumSq[std::size_t(slot)] -= square(v);
        });
    }
    StrategyScore score(int slot, const SampleRings::View &ring, qint32 viewers,
                        const ScoringContext &ctx) const override;
    void add(int slot, qint64, qint64, qint32 viewers) override
    {
        ++m_count[std::size_t(slot)];
        m_sum[std::size_t(slot)] += viewers;
        m_sumSq[std::size_t(slot)] += square(viewers);
    }

private:
#if defined(__SIZEOF_INT128__)
    __extension__ typedef __int128 SumSq;
#else
    typedef double SumSq; // exact while Σx² < 2^53; see varianceOf()
#endif
    static SumSq square(qint32 v)
    {
        return SumSq(qint64(v) * v);
    }
    // Population variance from the exact sums: (n·Σx² − (Σx)²) / n².
    static double varianceOf(qint64 n, qint64 sum, SumSq sumSq);

    std::vector<qint64> m_sum;
    std::vector<SumSq> m_sumSq;
};

// percent_change: 100 · (x − mean) / max(mean, 1) over the window.
class PercentChangeModel final : public WindowModel
{
public:
    AnomalyStrategy kind() const override { return AnomalyStrategy::PercentChange; }
    void resize(int slotCount) override;
    void clear(int slot) override;
    void rebuild(int slot, const SampleRings &rings) override;
    void advance(int slot, const SampleRings::View &ring, qint64 nowMs) override
    {
        evict(slot, ring, nowMs, [this, slot](qint32 v) { m_sum[std::size_t(slot)] -= v; });
    }
    StrategyScore score(int slot, const SampleRings::View &ring, qint32 viewers,
                        const ScoringContext &ctx) const override;
    void add(int slot, qint64, qint64, qint32 viewers) override
    {
        ++m_count[std::size_t(slot)];
        m_sum[std::size_t(slot)] += viewers;
    }

private:
    std::vector<qint64> m_sum;
};

// quantile: (x − q95) / max(q95 − q50, 1), type-7 quantiles of the window,
// which each slot keeps as a sorted array (a window of tens of samples is a
// few cache lines; positions are found by counting, values moved by one). A census usually evicts
// one sample and adds one: the evicted value stays in the array, skipped when scoring, until the
// new value replaces it, which moves only the values between the two positions instead of the whole
// tail twice.
class QuantileModel final : public WindowModel
{
public:
    AnomalyStrategy kind() const override { return AnomalyStrategy::Quantile; }
    void resize(int slotCount) override;
    void clear(int slot) override
    {
        m_count[std::size_t(slot)] = 0;
        m_pending[std::size_t(slot)] = -1;
    }
    void rebuild(int slot, const SampleRings &rings) override;
    void advance(int slot, const SampleRings::View &ring, qint64 nowMs) override;
    StrategyScore score(int slot, const SampleRings::View &ring, qint32 viewers,
                        const ScoringContext &ctx) const override;
    void add(int slot, qint64 previousMs, qint64 tMs, qint32 viewers) override;

private:
    qint32 *values(int slot) { return &m_sorted[std::size_t(slot) << m_shift]; }
    const qint32 *values(int slot) const { return &m_sorted[std::size_t(slot) << m_shift]; }
    static int countBelow(const qint32 *v, int stored, qint32 x);
    void grow();
    void computePositions();

    int m_shift = 5;               // 2^m_shift values per slot
    std::vector<qint32> m_sorted;  // the window's values ascending, plus the pending one
    std::vector<qint32> m_pending; // index of an evicted value still stored, or -1
    // By window size 0 .. 2^m_shift: where q95 and q50 fall.
    std::vector<QuantilePosition> m_upper;
    std::vector<QuantilePosition> m_centre;
};

// moving_average: an exponentially weighted mean (time constant τ = lookback
// / 2) and a band whose unit is the same average of the absolute one-step
// prediction errors |x − EMA before x|; raw = (x − EMA) / max(unit, 1).
// Weights are normalised (pandas' adjust=True), so a young stream's average
// is not biased towards zero.
class MovingAverageModel final : public StrategyModel
{
public:
    AnomalyStrategy kind() const override { return AnomalyStrategy::MovingAverage; }
    void configure(const StrategySettings &settings) override;
    void resize(int slotCount) override { m_state.resize(std::size_t(slotCount)); }
    void clear(int slot) override { m_state[std::size_t(slot)] = State{}; }
    void rebuild(int, const SampleRings &) override {} // not a window: nothing to redo
    void advance(int, const SampleRings::View &, qint64) override {}
    StrategyScore score(int slot, const SampleRings::View &ring, qint32 viewers,
                        const ScoringContext &ctx) const override;
    void add(int slot, qint64 previousMs, qint64 tMs, qint32 viewers) override;

    double tauMs() const { return m_tauMs; }

private:
    struct State
    {
        double sum = 0;    // Σ w·x
        double weight = 0; // Σ w
        double errSum = 0; // Σ w·|x − EMA before x|
        double errWeight = 0;
    };
    // exp(−Δt/τ) for the census interval is the same for every stream of a
    // census: one exp() per census instead of one per stream.
    double decay(qint64 dtMs);

    double m_tauMs = 1;
    qint64 m_cachedDtMs = -1;
    double m_cachedDecay = 0;
    std::vector<State> m_state;
};

// --- the hot path, inline so the detector's census loop can inline it ----

inline double ZScoreModel::varianceOf(qint64 n, qint64 sum, SumSq sumSq)
{
    const double nn = double(n) * double(n);
#if defined(__SIZEOF_INT128__)
    // Exact: n·Σx² − (Σx)² is an integer (≥ 0), rounded once to double.
    const SumSq numerator = SumSq(n) * sumSq - SumSq(sum) * sum;
    if ((numerator >> 62) == 0) // the usual case: skip the slow 128-bit conversion
        return double(qint64(numerator)) / nn;
    return double(numerator) / nn;
#else
    // Without 128-bit integers: both products split into a double and its
    // exact rounding error (fma), so the cancellation loses nothing while
    // Σx² < 2^53.
    const double nd = double(n);
    const double s = double(sum);
    const double p = nd * sumSq;
    const double pErr = std::fma(nd, sumSq, -p);
    const double q = s * s;
    const double qErr = std::fma(s, s, -q);
    return std::max(0.0, ((p - q) + (pErr - qErr)) / nn);
#endif
}

inline StrategyScore ZScoreModel::score(int slot, const SampleRings::View &ring, qint32 viewers,
                                        const ScoringContext &ctx) const
{
    StrategyScore s;
    if (!windowReady(slot, ring, ctx))
        return s;
    const std::size_t i = std::size_t(slot);
    const qint64 n = m_count[i];
    const double mean = double(m_sum[i]) / double(n);
    if (double(viewers) - mean < ctx.screenBelow)
        return s;
    const double sd =
        std::max(std::sqrt(varianceOf(n, m_sum[i], m_sumSq[i])), AnomalyScaleFloorViewers);
    s.valid = true;
    s.baseline = mean;
    s.raw = (double(viewers) - mean) / sd;
    return s;
}

inline StrategyScore PercentChangeModel::score(int slot, const SampleRings::View &ring,
                                               qint32 viewers, const ScoringContext &ctx) const
{
    StrategyScore s;
    if (!windowReady(slot, ring, ctx))
        return s;
    const std::size_t i = std::size_t(slot);
    const double mean = double(m_sum[i]) / double(m_count[i]);
    if (double(viewers) - mean < ctx.screenBelow)
        return s;
    s.valid = true;
    s.baseline = mean;
    s.raw = 100.0 * (double(viewers) - mean) / std::max(mean, 1.0);
    return s;
}

inline int QuantileModel::countBelow(const qint32 *v, int stored, qint32 x)
{
    // A plain count rather than a binary search: no branch that depends on
    // the values (each would mispredict half the time). Where SSE2 is there
    // (every x86-64) four values at a time, which -O2 would not do; the last
    // group reads past `stored` (the slot's buffer holds a multiple of four)
    // and masks those lanes off.
#if defined(__SSE2__) || defined(_M_X64)
    const __m128i xs = _mm_set1_epi32(x);
    const __m128i limit = _mm_set1_epi32(stored);
    __m128i lane = _mm_setr_epi32(0, 1, 2, 3);
    __m128i below = _mm_setzero_si128();
    for (int k = 0; k < stored; k += 4) {
        const __m128i four = _mm_loadu_si128(reinterpret_cast<const __m128i *>(v + k));
        const __m128i hit = _mm_and_si128(_mm_cmplt_epi32(four, xs), _mm_cmplt_epi32(lane, limit));
        below = _mm_sub_epi32(below, hit); // a hit is −1
        lane = _mm_add_epi32(lane, _mm_set1_epi32(4));
    }
    below = _mm_add_epi32(below, _mm_shuffle_epi32(below, 0x4E));
    below = _mm_add_epi32(below, _mm_shuffle_epi32(below, 0xB1));
    return _mm_cvtsi128_si32(below);
#else
    int c = 0;
    for (int k = 0; k < stored; ++k)
        c += v[k] < x ? 1 : 0;
    return c;
#endif
}

inline void QuantileModel::advance(int slot, const SampleRings::View &ring, qint64 nowMs)
{
    const std::size_t i = std::size_t(slot);
    qint32 *v = values(slot);
    evict(slot, ring, nowMs, [this, v, i](qint32 x) {
        // m_count[i] is still the window's size before x leaves it.
        const int stored = m_count[i];
        if (m_pending[i] >= 0) { // a second eviction: really remove the first
            std::memmove(v + m_pending[i], v + m_pending[i] + 1,
                         std::size_t(stored - m_pending[i]) * sizeof(qint32));
        }
        m_pending[i] = countBelow(v, stored, x); // where x is: its first copy
    });
}

inline StrategyScore QuantileModel::score(int slot, const SampleRings::View &ring, qint32 viewers,
                                          const ScoringContext &ctx) const
{
    StrategyScore s;
    if (!windowReady(slot, ring, ctx))
        return s;
    const std::size_t i = std::size_t(slot);
    const int n = m_count[i];
    const int skip = m_pending[i] >= 0 ? m_pending[i] : n; // rank → index past the pending value
    const qint32 *v = values(slot);
    const auto at = [v, skip](int rank) { return double(v[rank + (rank >= skip ? 1 : 0)]); };
    const auto quantile = [n, &at](const QuantilePosition &q) {
        if (q.last)
            return at(n - 1);
        const double a = at(q.lo);
        const double b = at(q.lo + 1);
        const double diff = b - a;
        return q.t >= 0.5 ? b - diff * (1.0 - q.t) : a + diff * q.t; // as typeSevenAt()
    };
    const double upper = quantile(m_upper[std::size_t(n)]);
    if (double(viewers) - upper < ctx.screenBelow)
        return s;
    const double centre = quantile(m_centre[std::size_t(n)]);
    s.valid = true;
    s.baseline = upper;
    s.raw = (double(viewers) - upper) / std::max(upper - centre, AnomalyScaleFloorViewers);
    return s;
}

inline void QuantileModel::add(int slot, qint64, qint64, qint32 viewers)
{
    const std::size_t i = std::size_t(slot);
    const int n = m_count[i];
    int hole = m_pending[i];
    if (hole < 0) {
        if (n == (1 << m_shift))
            grow();
        hole = n; // a free place at the end
    }
    // The new value's place among the others; then only the values between
    // the hole and that place move, by one.
    qint32 *v = values(slot);
    const int at = countBelow(v, n + 1, viewers) - (v[hole] < viewers ? 1 : 0); // not the hole
    for (int k = hole; k < at; ++k)
        v[k] = v[k + 1];
    for (int k = hole; k > at; --k)
        v[k] = v[k - 1];
    v[at] = viewers;
    m_pending[i] = -1;
    m_count[i] = n + 1;
}

inline double MovingAverageModel::decay(qint64 dtMs)
{
    if (dtMs != m_cachedDtMs) {
        m_cachedDtMs = dtMs;
        m_cachedDecay = std::exp(-double(dtMs) / m_tauMs);
    }
    return m_cachedDecay;
}

inline StrategyScore MovingAverageModel::score(int slot, const SampleRings::View &, qint32 viewers,
                                               const ScoringContext &ctx) const
{
    StrategyScore s;
    const State &st = m_state[std::size_t(slot)];
    if (ctx.history < ctx.minSamples || st.errWeight <= 0 ||
        ctx.firstMs > ctx.nowMs - halfLookbackMs())
        return s;
    const double ema = st.sum / st.weight;
    if (double(viewers) - ema < ctx.screenBelow)
        return s;
    const double unit = st.errSum / st.errWeight;
    s.valid = true;
    s.baseline = ema;
    s.raw = (double(viewers) - ema) / std::max(unit, AnomalyScaleFloorViewers);
    return s;
}

inline void MovingAverageModel::add(int slot, qint64 previousMs, qint64 tMs, qint32 viewers)
{
    State &st = m_state[std::size_t(slot)];
    const double x = double(viewers);
    if (st.weight > 0) {
        const double d = decay(tMs - previousMs);
        const double error = std::abs(x - st.sum / st.weight);
        st.errSum = d * st.errSum + error;
        st.errWeight = d * st.errWeight + 1.0;
        st.sum = d * st.sum + x;
        st.weight = d * st.weight + 1.0;
    } else {
        st.sum = x;
        st.weight = 1.0;
    }
}

} // namespace StreamRank
