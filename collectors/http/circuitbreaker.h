#pragma once
// Pauses a platform after repeated failures instead of hammering it. After
// `threshold` requests in a row failed (each after its own retries) the
// breaker opens for a pause; the first request after the pause is a probe:
// success closes the breaker, failure reopens it for twice as long (up to a
// cap). Pure state on times passed in.

#include <QtGlobal>

namespace StreamRank {

class CircuitBreaker
{
public:
    explicit CircuitBreaker(int threshold = 5, qint64 pauseMs = 60000,
                            qint64 maxPauseMs = 15 * 60000);

    void recordSuccess();
    // Returns true when this failure opened (or reopened) the breaker.
    bool recordFailure(qint64 nowMs);

    bool isOpen(qint64 nowMs) const { return nowMs < m_openUntilMs; }
    // Has opened at least once and not been closed by a success since.
    bool tripped() const { return m_tripped; }
    qint64 openUntilMs() const { return m_openUntilMs; }
    int consecutiveFailures() const { return m_failures; }

private:
    int m_threshold;
    qint64 m_basePauseMs;
    qint64 m_maxPauseMs;
    qint64 m_nextPauseMs;
    qint64 m_openUntilMs = 0;
    int m_failures = 0;
    bool m_tripped = false;
};

} // namespace StreamRank
