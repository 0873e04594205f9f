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
    qint64 wait = std::clamp<qint64>(m_serverBlockedUntilMs - nowMs, 0, MaxServerWaitMs);
    if (!m_enabled)
        return wait;
    const double tokens = tokensAt(nowMs);
    if (tokens < 1.0)
        wait = std::max(wait, qint64(std::ceil((1.0 - tokens) / m_refillPerMs)));
    return wait;
}

namespace {
// Milliseconds from now to a Ratelimit-Reset (Unix seconds), or -1 when the
// value is absent or implausible (more than two minutes away, in the past by
// more than that, or large enough to overflow).
qint64 msUntilReset(qint64 resetEpochS, qint64 nowMs)
{
    constexpr qint64 Plausible = 120;
    const qint64 nowS = nowMs / 1000;
    if (resetEpochS <= 0 || resetEpochS > nowS + Plausible || resetEpochS < nowS - Plausible)
        return -1;
    return std::max<qint64>(0, resetEpochS * 1000 + ResetMarginMs - nowMs);
}
} // namespace

void RateBudget::consume(qint64 nowMs)
{
    m_tokens = tokensAt(nowMs) - 1.0;
    m_tokensAtMs = nowMs;
}

void RateBudget::observe(int limit, int remaining, qint64 resetEpochS, qint64 nowMs)
{
    if (limit <= 0 || remaining != 0)
        return;
    // Nothing left: the bucket refills `limit` points by Reset, so one point
    // comes back after about (Reset − now) / limit. An implausible Reset:
    // wait a second.
    const qint64 toReset = msUntilReset(resetEpochS, nowMs);
    const qint64 perPoint = toReset < 0 ? 1000 : (toReset + limit - 1) / limit + ResetMarginMs;
    block(nowMs, perPoint);
}

void RateBudget::tooManyRequests(qint64 resetEpochS, qint64 nowMs)
{
    const qint64 toReset = msUntilReset(resetEpochS, nowMs);
    block(nowMs, toReset < 0 ? 1000 : std::max<qint64>(toReset, 100));
}

void RateBudget::block(qint64 nowMs, qint64 forMs)
{
    // Each answer replaces what the server said before: a wait from one bad
    // header cannot outlive the next good one.
    m_serverBlockedUntilMs = nowMs + std::clamp<qint64>(forMs, 0, MaxServerWaitMs);
}

} // namespace StreamRank
