#pragma once
// How many handed-over censuses the consumers (the storage writer and the
// analytics) have not finished with yet. A collector asks hasRoom() before it
// emits a census; while the writer or the analytics lag behind (a slow disk,
// a Demo clock faster than storage), censuses are skipped instead of queued,
// so memory stays bounded and stopping never waits for a long queue.
// Thread-safe: collectors ask on their threads, consumers report on theirs.

#include <QtGlobal>

#include <atomic>

namespace StreamRank {

class CensusBacklog
{
public:
    // Censuses a consumer may hold before collectors wait.
    static constexpr int DefaultLimit = 3;

    explicit CensusBacklog(int limit = DefaultLimit) : m_limit(qMax(1, limit)) {}

    int limit() const { return m_limit; }
    // A census was handed to both consumers.
    void handedOver()
    {
        m_storing.fetch_add(1, std::memory_order_relaxed);
        m_analysing.fetch_add(1, std::memory_order_relaxed);
    }
    // The writer stored the census, or failed to.
    void stored() { release(m_storing); }
    // The analytics applied the census.
    void analysed() { release(m_analysing); }

    int storing() const { return m_storing.load(std::memory_order_relaxed); }
    int analysing() const { return m_analysing.load(std::memory_order_relaxed); }
    bool hasRoom() const { return storing() < m_limit && analysing() < m_limit; }

private:
    static void release(std::atomic<int> &count)
    {
        int now = count.load(std::memory_order_relaxed);
        while (now > 0 && !count.compare_exchange_weak(now, now - 1, std::memory_order_relaxed)) {
        }
    }

    const int m_limit;
    std::atomic<int> m_storing{0};
    std::atomic<int> m_analysing{0};
};

} // namespace StreamRank
