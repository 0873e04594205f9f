#pragma once
// Retry waits shared by everything that talks to the network: exponential
// backoff with full jitter — attempt n waits a uniformly random time in
// [0, min(cap, base·2^(n−1))], so many clients that failed together do not
// retry together.

#include <QtGlobal>

#include <algorithm>
#include <random>

namespace StreamRank {

inline qint64 fullJitterBackoffMs(int attempt, qint64 baseMs, qint64 capMs, std::mt19937_64 &rng)
{
    const int doublings = std::clamp(attempt - 1, 0, 30);
    const qint64 ceiling = std::min(capMs, baseMs << doublings);
    std::uniform_int_distribution<qint64> dist(0, std::max<qint64>(0, ceiling));
    return dist(rng);
}

} // namespace StreamRank
