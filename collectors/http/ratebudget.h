#pragma once
// Paces requests to a platform's rate limit. Two limits apply and the stricter
// wins:
//  - our own budget: a token bucket of `burst` points refilled so that no
//    rolling minute can exceed `pointsPerMinute` (refill = pointsPerMinute −
//    burst per minute), because Twitch's measured refill is nearer 600/min
//    than the 800 its header advertises;
//  - the server's: from Ratelimit-Limit/Remaining/Reset. When nothing is left
//    we wait for about one point's refill (estimated from the time to Reset),
//    and after a 429 we wait until Reset itself.
// Pure arithmetic on times passed in: no clock, no timers.

#include <QtGlobal>

namespace StreamRank {

class RateBudget
{
public:
    explicit RateBudget(int pointsPerMinute = 600, int burst = 20);

    // Our own bucket off (benchmarks against a local server); the server's
    // Ratelimit-* headers and 429s are still honoured.
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool enabled() const { return m_enabled; }

    // How long to wait before the next request may be sent.
    qint64 delayMs(qint64 nowMs) const;
    // A request was sent now.
    void consume(qint64 nowMs);
    // The rate-limit headers of a response (any negative value: header absent).
    void observe(int limit, int remaining, qint64 resetEpochS, qint64 nowMs);
    // A 429: nothing more until the bucket is full again (Reset absent or
    // implausible: wait one second).
    void tooManyRequests(qint64 resetEpochS, qint64 nowMs);

    int pointsPerMinute() const { return m_pointsPerMinute; }

    // A server-given wait is never longer than this: the bucket refills
    // within a minute, so a longer one means the two clocks disagree (a
    // machine without a real-time clock, say) and is not believed.
    static constexpr qint64 MaxServerWaitMs = 65 * 1000;

private:
    double tokensAt(qint64 nowMs) const;
    void block(qint64 nowMs, qint64 forMs);

    int m_pointsPerMinute;
    int m_burst;
    double m_refillPerMs;
    double m_tokens;
    qint64 m_tokensAtMs = -1;
    qint64 m_serverBlockedUntilMs = 0;
    bool m_enabled = true;
};

} // namespace StreamRank
