#pragma once
// The Ranker's per-stream state, laid out so that a census touches each
// stream's state once, in slot order, without following a pointer: the
// samples live inline in the state (a ring of fixed capacity) and spill to
// the heap only for a stream that needs more (a long decline fills the
// 24-hour maximum queue; a census more often than every 1.5 minutes fills the
// trend window).

#include "anomalyindex.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <memory>

namespace StreamRank {

struct RankSample
{
    qint64 tMs;
    qint32 viewers;
};

// A double-ended queue of samples: a ring of N inline, moved to a heap ring
// of twice the size when it overflows (and kept there until the state is
// reset, so a stream hovering at the limit does not move back and forth).
//
// Times are kept as 32-bit offsets from the queue's own base: 8 bytes a
// sample instead of 12, about 10 MB less for 100,000 streams
// (docs/PERFORMANCE.md §7). The offsets are moved to a new base when a
// sample would not fit; a sample more than MaxSpanMs (12.4 days) older than
// the one being added is dropped from the front then, being outside every
// window the ranking keeps (24 hours at most).
template <int N> class SampleDeque
{
public:
    static constexpr qint64 MaxSpanMs = qint64(1) << 30;

    int size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    RankSample operator[](int i) const { return sample(data()[at(i)]); }
    RankSample front() const { return sample(data()[m_head]); }
    RankSample back() const { return sample(data()[at(m_size - 1)]); }

    void pushBack(RankSample s)
    {
        if (m_size == 0)
            m_baseMs = s.tMs;
        else if (!fits(s.tMs) && !rebase(s.tMs))
            return; // far older than what the queue holds: outside every window
        if (m_size == m_capacity)
            grow();
        data()[at(m_size)] = {qint32(s.tMs - m_baseMs), s.viewers};
        ++m_size;
    }
    void popFront()
    {
        m_head = at(1);
        --m_size;
    }
    void popBack() { --m_size; }

    // Starts fetching both ends of a ring that spilled to the heap.
    Q_ALWAYS_INLINE void prefetchSpilled() const
    {
#if defined(__GNUC__) || defined(__clang__)
        if (m_heap && m_size > 0) {
            prefetchLine(&m_heap[std::size_t(m_head)]);
            prefetchLine(&m_heap[std::size_t(at(m_size - 1))]);
        }
#endif
    }

private:
    struct Stored
    {
        qint32 offsetMs; // from m_baseMs
        qint32 viewers;
    };

    RankSample sample(Stored s) const
    {
        return {m_baseMs + s.offsetMs, s.viewers};
    }
    bool fits(qint64 tMs) const
    {
        const qint64 offset = tMs - m_baseMs;
        return offset > -MaxSpanMs && offset < MaxSpanMs;
    }
    // Moves the offsets to the oldest time kept, after dropping from the
    // front what is more than MaxSpanMs older than tMs. False if tMs itself
    // is that much older than a sample kept.
    bool rebase(qint64 tMs)
    {
        while (m_size > 0 && front().tMs <= tMs - MaxSpanMs)
            popFront();
        qint64 oldest = tMs;
        qint64 newest = tMs;
        for (int i = 0; i < m_size; ++i) {
            oldest = std::min(oldest, (*this)[i].tMs);
            newest = std::max(newest, (*this)[i].tMs);
        }
        if (newest - oldest >= MaxSpanMs)
            return false;
        for (int i = 0; i < m_size; ++i) {
            Stored &st = data()[at(i)];
            st.offsetMs = qint32(m_baseMs + st.offsetMs - oldest);
        }
        m_baseMs = oldest;
        return true;
    }
    Stored *data()
    {
        return m_heap ? m_heap.get() : m_inline.data();
    }
    const Stored *data() const
    {
        return m_heap ? m_heap.get() : m_inline.data();
    }
    int at(int i) const
    {
        const int j = m_head + i;
        return j >= m_capacity ? j - m_capacity : j;
    }
    void grow()
    {
        const int capacity = m_capacity * 2;
        auto heap = std::make_unique<Stored[]>(std::size_t(capacity));
        for (int i = 0; i < m_size; ++i)
            heap[std::size_t(i)] = data()[at(i)];
        m_heap = std::move(heap);
        m_capacity = capacity;
        m_head = 0;
    }

    qint64 m_baseMs = 0;
    std::unique_ptr<Stored[]> m_heap;
    qint32 m_head = 0;
    qint32 m_size = 0;
    qint32 m_capacity = N;
    std::array<Stored, N> m_inline{};
};
static_assert(sizeof(SampleDeque<8>) == 96 && sizeof(SampleDeque<20>) == 192);

// One stream's rolling state. A monotonic queue gives the exact sliding
// 24-hour maximum in amortised O(1); the samples inside the trend window,
// with their running sum, give the trend baseline in O(1).
//
// A hidden count (UnknownViewers, -1) joins the maximum queue, where it is
// below every count: the peak is a known one whenever the window has one,
// and UnknownViewers when it has none. It never joins the trend window.
struct RankStreamState
{
    qint64 lastSeenMs = 0;
    qint64 recentSum = 0; // sum of the viewers in `recent`
    // Adjacent pairs in `recent` whose time goes backwards (only warm-up
    // samples or a census older than the last one cause any): while there are
    // none, the running sum is the baseline.
    qint32 recentDisorder = 0;
    SampleDeque<8> maxQueue; // viewers strictly decreasing from the front
    // Samples inside the trend window, oldest first: 16 at one census every
    // 2 minutes (Demo, Twitch), room for jitter up to 20.
    SampleDeque<20> recent;

    Q_ALWAYS_INLINE void prefetchSpilled() const
    {
        maxQueue.prefetchSpilled();
        recent.prefetchSpilled();
    }

    void push(qint64 tMs, qint32 viewers, qint64 trendWindowMs)
    {
        // Sliding maximum: drop every queued sample not larger than the new one.
        while (!maxQueue.empty() && maxQueue.back().viewers <= viewers)
            maxQueue.popBack();
        maxQueue.pushBack({tMs, viewers});

        if (viewers >= 0) {
            if (!recent.empty() && tMs < recent.back().tMs)
                ++recentDisorder;
            recent.pushBack({tMs, viewers});
            recentSum += viewers;
        }
        prune(tMs - trendWindowMs);
        lastSeenMs = std::max(lastSeenMs, tMs);
    }

    // Drops the samples before `cutoff` from the front of the trend window
    // (the oldest first, up to the first one inside it).
    void prune(qint64 cutoff)
    {
        while (!recent.empty() && recent.front().tMs < cutoff) {
            if (recent.size() >= 2 && recent[1].tMs < recent[0].tMs)
                --recentDisorder;
            recentSum -= recent.front().viewers;
            recent.popFront();
        }
    }

    // The 24-hour maximum up to nowMs (drops what fell out of the window).
    qint32 peak(qint64 cutoff)
    {
        while (!maxQueue.empty() && maxQueue.front().tMs < cutoff)
            maxQueue.popFront();
        return maxQueue.empty() ? 0 : maxQueue.front().viewers;
    }

    // Mean viewers of the samples in [nowMs − window, nowMs), −1 if none.
    double baseline(qint64 nowMs, qint64 trendWindowMs) const
    {
        const qint64 cutoff = nowMs - trendWindowMs;
        const int n = recent.size();
        if (n == 0)
            return -1.0;
        if (recentDisorder == 0 && recent.front().tMs >= cutoff && recent.back().tMs < nowMs)
            return double(recentSum) / n; // the same double the loop below computes
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < n; ++i) {
            const RankSample s = recent[i];
            if (s.tMs >= cutoff && s.tMs < nowMs) {
                sum += s.viewers;
                ++counted;
            }
        }
        return counted > 0 ? sum / counted : -1.0;
    }
};

} // namespace StreamRank
