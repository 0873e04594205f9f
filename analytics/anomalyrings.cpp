#include "anomalyrings.h"

namespace StreamRank {

void SampleRings::resize(int slotCount)
{
    m_meta.resize(std::size_t(slotCount));
    m_pool.resize(std::size_t(slotCount) << m_shift);
}

void SampleRings::rebase(int slot, qint64 newBaseMs)
{
    Meta &m = m_meta[std::size_t(slot)];
    const auto shift = qint32(newBaseMs - m.baseMs);
    for (quint32 i = 0; i < m.size; ++i)
        m_pool[(std::size_t(slot) << m_shift) + ((m.head + i) & m_mask)].offsetMs -= shift;
    m.baseMs = newBaseMs;
}

// Doubles every slot's capacity. Rare: only until the rings cover the
// longest lookback at the census rate (32 samples hold 60 minutes of
// 2-minute censuses), so it is a one-off cost rather than a per-sample one.
void SampleRings::grow()
{
    const int newShift = m_shift + 1;
    const quint32 newMask = (quint32(1) << newShift) - 1;
    std::vector<Sample> pool(m_meta.size() << newShift);
    for (std::size_t slot = 0; slot < m_meta.size(); ++slot) {
        Meta &m = m_meta[slot];
        for (quint32 i = 0; i < m.size; ++i)
            pool[(slot << newShift) + i] = m_pool[(slot << m_shift) + ((m.head + i) & m_mask)];
        m.head = 0;
    }
    m_pool = std::move(pool);
    m_shift = newShift;
    m_mask = newMask;
}

} // namespace StreamRank
