#include "anomalystrategies.h"

#include <algorithm>
#include <cmath>

namespace StreamRank {

QuantilePosition typeSevenPosition(int n, double p)
{
    QuantilePosition q;
    if (n <= 0)
        return q;
    // NumPy: virtual index (n − 1)·p, split into its floor and fraction.
    const double h = double(n - 1) * p;
    const double below = std::floor(h);
    q.lo = int(below);
    q.t = h - below;
    q.last = q.lo + 1 >= n;
    return q;
}

double typeSevenQuantile(const qint32 *sorted, int n, double p)
{
    return typeSevenAt(sorted, n, typeSevenPosition(n, p));
}

void StrategyModel::configure(const StrategySettings &settings)
{
    m_settings = settings;
    m_lookbackMs = qint64(settings.lookbackMinutes) * 60'000;
    m_halfLookbackMs = m_lookbackMs / 2;
}

// --- zscore ---------------------------------------------------------------

void ZScoreModel::resize(int slotCount)
{
    WindowModel::resize(slotCount);
    m_sum.resize(std::size_t(slotCount), 0);
    m_sumSq.resize(std::size_t(slotCount), 0);
}

void ZScoreModel::clear(int slot)
{
    m_count[std::size_t(slot)] = 0;
    m_sum[std::size_t(slot)] = 0;
    m_sumSq[std::size_t(slot)] = 0;
}

void ZScoreModel::rebuild(int slot, const SampleRings &rings)
{
    clear(slot);
    for (int i = 0; i < rings.size(slot); ++i)
        add(slot, 0, 0, rings.valueAt(slot, i));
}

// --- percent_change -------------------------------------------------------

void PercentChangeModel::resize(int slotCount)
{
    WindowModel::resize(slotCount);
    m_sum.resize(std::size_t(slotCount), 0);
}

void PercentChangeModel::clear(int slot)
{
    m_count[std::size_t(slot)] = 0;
    m_sum[std::size_t(slot)] = 0;
}

void PercentChangeModel::rebuild(int slot, const SampleRings &rings)
{
    clear(slot);
    for (int i = 0; i < rings.size(slot); ++i)
        add(slot, 0, 0, rings.valueAt(slot, i));
}

// --- quantile -------------------------------------------------------------

void QuantileModel::resize(int slotCount)
{
    WindowModel::resize(slotCount);
    m_sorted.resize(std::size_t(slotCount) << m_shift);
    m_pending.resize(std::size_t(slotCount), -1);
    if (m_upper.empty())
        computePositions();
}

void QuantileModel::computePositions()
{
    const int sizes = (1 << m_shift) + 1;
    m_upper.resize(std::size_t(sizes));
    m_centre.resize(std::size_t(sizes));
    for (int n = 0; n < sizes; ++n) {
        m_upper[std::size_t(n)] = typeSevenPosition(n, AnomalyUpperQuantile);
        m_centre[std::size_t(n)] = typeSevenPosition(n, AnomalyCentreQuantile);
    }
}

void QuantileModel::grow()
{
    const int newShift = m_shift + 1;
    const std::size_t slotCount = m_count.size();
    std::vector<qint32> sorted(slotCount << newShift);
    for (std::size_t slot = 0; slot < slotCount; ++slot) {
        const int stored = m_count[slot] + (m_pending[slot] >= 0 ? 1 : 0);
        std::copy_n(&m_sorted[slot << m_shift], stored, &sorted[slot << newShift]);
    }
    m_sorted = std::move(sorted);
    m_shift = newShift;
    computePositions();
}

void QuantileModel::rebuild(int slot, const SampleRings &rings)
{
    const int n = rings.size(slot);
    while (n > (1 << m_shift))
        grow();
    qint32 *v = values(slot);
    for (int i = 0; i < n; ++i)
        v[i] = rings.valueAt(slot, i);
    std::sort(v, v + n);
    m_count[std::size_t(slot)] = n;
    m_pending[std::size_t(slot)] = -1;
}

// --- moving_average -------------------------------------------------------

void MovingAverageModel::configure(const StrategySettings &settings)
{
    StrategyModel::configure(settings);
    m_tauMs = std::max(1.0, double(lookbackMs()) / 2.0);
    m_cachedDtMs = -1;
}

} // namespace StreamRank
