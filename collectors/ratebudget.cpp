#include "ratebudget.h"

#include <algorithm>
#include <cmath>

namespace StreamRank {

namespace {
// Reset is whole seconds: add a margin so a rounded-down value never makes
// us early.
constexpr qint64 ResetMarginMs = 250;
} // namespace

RateBudget::RateBudget(int pointsPerMinute, int burst)
    : m_pointsPerMinute(std::max(1, pointsPerMinute)),
      m_burst(std::clamp(burst, 1, m_pointsPerMinute)),
      m_refillPerMs(double(std::max(1, m_pointsPerMinute - m_burst)) / 60000.0), m_tokens(m_burst)
{}

double RateBudget::tokensAt(qint64 nowMs) const
{
    if (m_tokensAtMs < 0)
        return m_tokens;
    const double elapsed = double(std::max<qint64>(0, nowMs - m_tokensAtMs));
    return std::min(double(m_burst), m_tokens + elapsed * m_refillPerMs);
}

qint64 RateBudget::delayMs(qint64 nowMs) const
{
    if (!m_enabled)
        return 0;
    qint64 wait = std::max<qint64>(0, m_serverBlockedUntilMs - nowMs);
    const double tokens = tokensAt(nowMs);
    if (tokens < 1.0)
        wait = std::max(wait, qint64(std::ceil((1.0 - tokens) / m_refillPerMs)));
    return wait;
}

void RateBudget::consume(qint64 nowMs)
{
    m_tokens = tokensAt(nowMs) - 1.0;
    m_tokensAtMs = nowMs;
}

void RateBudget::observe(int limit, int remaining, qint64 resetEpochS, qint64 nowMs)
{
    if (limit <= 0 || remaining < 0 || remaining > 0 || resetEpochS <= 0)
        return;
    // Nothing left: the bucket refills (limit − remaining) points by Reset, so
    // one point comes back after about (Reset − now) / limit.
    const qint64 toReset = std::max<qint64>(0, resetEpochS * 1000 + ResetMarginMs - nowMs);
    const qint64 perPoint = (toReset + limit - 1) / limit;
    m_serverBlockedUntilMs = std::max(m_serverBlockedUntilMs, nowMs + perPoint + ResetMarginMs);
}

void RateBudget::tooManyRequests(qint64 resetEpochS, qint64 nowMs)
{
    const qint64 until = resetEpochS > 0 ? resetEpochS * 1000 + ResetMarginMs : nowMs + 1000;
    m_serverBlockedUntilMs = std::max(m_serverBlockedUntilMs, std::max(until, nowMs + 100));
}

} // namespace StreamRank
