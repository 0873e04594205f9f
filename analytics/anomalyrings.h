#pragma once
// The anomaly detector's per-stream sample history: for every tracked stream
// (a "slot") a ring buffer of its recent (time, viewers) samples, all slots
// in one contiguous pool, so a census walks memory in slot order and adding a
// sample never allocates (the pool only grows when a ring fills up, which
// stops happening once the longest lookback window is covered).

#include <QtGlobal>

#include <vector>

namespace StreamRank {

class SampleRings
{
    struct Sample
    {
        qint32 offsetMs; // from the slot's base time
        qint32 viewers;
    };

public:
    // Times are stored as 32-bit offsets from a per-slot base: 8 bytes a
    // sample instead of 16, so a census touches half the memory. A ring never
    // spans more than the longest lookback (capped at 7 days), far below 2^30.
    static constexpr qint64 MaxSpanMs = qint64(1) << 30;

    void resize(int slotCount);
    void clear(int slot) { m_meta[std::size_t(slot)] = Meta{}; }

    int size(int slot) const { return int(m_meta[std::size_t(slot)].size); }
    int capacity() const { return int(m_mask + 1); }

    // i = 0 is the oldest retained sample, size() - 1 the newest.
    qint64 timeAt(int slot, int i) const
    {
        const Meta &m = m_meta[std::size_t(slot)];
        return m.baseMs + at(slot, m, i).offsetMs;
    }
    qint32 valueAt(int slot, int i) const { return at(slot, m_meta[std::size_t(slot)], i).viewers; }

    // One slot's ring, resolved once for the several reads of a census.
    class View
    {
    public:
        int size() const { return int(m_size); }
        qint64 timeAt(int i) const { return m_baseMs + sample(i).offsetMs; } // 0 = oldest
        qint32 valueAt(int i) const { return sample(i).viewers; }

    private:
        friend class SampleRings;
        const Sample &sample(int i) const { return m_block[(m_head + quint32(i)) & m_mask]; }
        const Sample *m_block = nullptr;
        qint64 m_baseMs = 0;
        quint32 m_head = 0;
        quint32 m_size = 0;
        quint32 m_mask = 0;
    };
    View view(int slot) const
    {
        const Meta &m = m_meta[std::size_t(slot)];
        View v;
        v.m_block = &m_pool[std::size_t(slot) << m_shift];
        v.m_baseMs = m.baseMs;
        v.m_head = m.head;
        v.m_size = m.size;
        v.m_mask = m_mask;
        return v;
    }

    // Forgets the samples older than cutoffMs (from the oldest end).
    void dropOlderThan(int slot, qint64 cutoffMs)
    {
        Meta &m = m_meta[std::size_t(slot)];
        while (m.size > 0 && m.baseMs + at(slot, m, 0).offsetMs < cutoffMs) {
            m.head = (m.head + 1) & m_mask;
            --m.size;
        }
    }

    // Appends the newest sample; tMs must be later than every retained one
    // and at most MaxSpanMs after the oldest retained one.
    void push(int slot, qint64 tMs, qint32 viewers)
    {
        Meta *m = &m_meta[std::size_t(slot)];
        if (m->size == m_mask + 1) {
            grow();
            m = &m_meta[std::size_t(slot)];
        }
        if (m->size == 0)
            m->baseMs = tMs;
        else if (tMs - m->baseMs >= MaxSpanMs)
            rebase(slot, timeAt(slot, 0));
        Sample &s = m_pool[(std::size_t(slot) << m_shift) + ((m->head + m->size) & m_mask)];
        s.offsetMs = qint32(tMs - m->baseMs);
        s.viewers = viewers;
        ++m->size;
    }

private:
    struct Meta
    {
        qint64 baseMs = 0;
        quint32 head = 0;
        quint32 size = 0;
    };

    const Sample &at(int slot, const Meta &m, int i) const
    {
        return m_pool[(std::size_t(slot) << m_shift) + ((m.head + quint32(i)) & m_mask)];
    }
    void grow();
    void rebase(int slot, qint64 newBaseMs);

    int m_shift = 5; // capacity = 2^m_shift samples per slot
    quint32 m_mask = 31;
    std::vector<Meta> m_meta;
    std::vector<Sample> m_pool;
};

} // namespace StreamRank
