#include "circuitbreaker.h"

#include <algorithm>

namespace StreamRank {

CircuitBreaker::CircuitBreaker(int threshold, qint64 pauseMs, qint64 maxPauseMs)
    : m_threshold(std::max(1, threshold)), m_basePauseMs(std::max<qint64>(1, pauseMs)),
      m_maxPauseMs(std::max(m_basePauseMs, maxPauseMs)), m_nextPauseMs(m_basePauseMs)
{}

void CircuitBreaker::recordSuccess()
{
    m_failures = 0;
    m_tripped = false;
    m_openUntilMs = 0;
    m_nextPauseMs = m_basePauseMs;
}

bool CircuitBreaker::recordFailure(qint64 nowMs)
{
    ++m_failures;
    // A failed probe after a pause reopens at once; otherwise wait for the threshold.
    if (m_failures < m_threshold && !m_tripped)
        return false;
    m_tripped = true;
    m_openUntilMs = nowMs + m_nextPauseMs;
    m_nextPauseMs = std::min(m_maxPauseMs, m_nextPauseMs * 2);
    return true;
}

} // namespace StreamRank
