#include "ranking.h"

#include "trend.h"

#include <algorithm>

namespace StreamRank {

namespace {
constexpr qint64 PeakWindowMs = 24LL * 60 * 60 * 1000;
}

QString RankedStream::key() const
{
    return platformCode(platform) + QLatin1Char(':') + streamId;
}

Ranker::Ranker(qint64 trendWindowMs) : m_trendWindowMs(trendWindowMs) {}

void Ranker::push(StreamState &st, qint64 tMs, qint32 viewers)
{
    // Sliding maximum: drop every queued sample not larger than the new one.
    while (st.maxQueue.size() > st.maxHead && st.maxQueue.back().viewers <= viewers)
        st.maxQueue.pop_back();
    st.maxQueue.push_back({tMs, viewers});
    // Compact the consumed prefix now and then so the vector stays small.
    if (st.maxHead > 32 && st.maxHead * 2 > st.maxQueue.size()) {
        st.maxQueue.erase(st.maxQueue.begin(),
                          st.maxQueue.begin() + static_cast<std::ptrdiff_t>(st.maxHead));
        st.maxHead = 0;
    }

    st.recent.push_back({tMs, viewers});
    const qint64 cutoff = tMs - m_trendWindowMs;
    auto firstKept = std::find_if(st.recent.begin(), st.recent.end(),
                                  [cutoff](const Sample &s) { return s.tMs >= cutoff; });
    st.recent.erase(st.recent.begin(), firstKept);
    st.lastSeenMs = std::max(st.lastSeenMs, tMs);
}

qint32 Ranker::peak(StreamState &st, qint64 nowMs) const
{
    const qint64 cutoff = nowMs - PeakWindowMs;
    while (st.maxHead < st.maxQueue.size() && st.maxQueue[st.maxHead].tMs < cutoff)
        ++st.maxHead;
    return st.maxHead < st.maxQueue.size() ? st.maxQueue[st.maxHead].viewers : 0;
}

double Ranker::baseline(const StreamState &st, qint64 nowMs) const
{
    const qint64 cutoff = nowMs - m_trendWindowMs;
    double sum = 0;
    int n = 0;
    for (const Sample &s : st.recent) {
        if (s.tMs >= cutoff && s.tMs < nowMs) {
            sum += s.viewers;
            ++n;
        }
    }
    return n > 0 ? sum / n : -1.0;
}

void Ranker::warmSample(Platform platform, const QString &streamId, qint64 tMs, qint32 viewers)
{
    push(m_state[static_cast<int>(platform)][streamId], tMs, viewers);
}

int Ranker::trackedStreams() const
{
    int n = 0;
    for (const auto &h : m_state)
        n += static_cast<int>(h.size());
    return n;
}

RankingSnapshot Ranker::apply(const Census &census)
{
    const int p = static_cast<int>(census.platform);
    auto &states = m_state[p];
    const qint64 t = census.takenAtMs;

    QVector<RankedStream> rows;
    rows.reserve(census.streams.size());
    for (const StreamObservation &obs : census.streams) {
        StreamState &st = states[obs.streamId];
        if (st.lastSeenMs == t)
            continue; // duplicate within one census: the first (highest) count wins
        const double base = baseline(st, t);
        push(st, t, obs.viewers);

        RankedStream r;
        r.platform = census.platform;
        r.streamId = obs.streamId;
        r.channelId = obs.channelId;
        r.channelLogin = obs.channelLogin;
        r.channelName = obs.channelName;
        r.title = obs.title;
        r.categoryId = obs.categoryId;
        r.categoryName = obs.categoryName;
        r.language = obs.language;
        r.startedAtMs = obs.startedAtMs;
        r.uptimeMs = obs.startedAtMs > 0 ? std::max<qint64>(0, t - obs.startedAtMs) : 0;
        r.viewers = obs.viewers;
        r.peak24h = peak(st, t);
        r.trend = base < 0 ? 0.5 : trendScore(obs.viewers, base);
        rows.push_back(std::move(r));
    }

    // A complete census proves the missing streams ended; a partial one does not.
    if (!census.partial) {
        for (auto it = states.begin(); it != states.end();) {
            if (it->lastSeenMs < t)
                it = states.erase(it);
            else
                ++it;
        }
    }
    m_latest[p] = std::move(rows);
    m_latestAt[p] = t;

    RankingSnapshot snap;
    snap.takenAtMs = t;
    snap.platform = census.platform;
    snap.partial = census.partial;
    qsizetype total = 0;
    for (const auto &v : m_latest)
        total += v.size();
    snap.rows.reserve(total);
    for (const auto &v : m_latest)
        snap.rows.append(v);

    std::sort(snap.rows.begin(), snap.rows.end(), [](const RankedStream &a, const RankedStream &b) {
        if (a.viewers != b.viewers)
            return a.viewers > b.viewers;
        if (a.platform != b.platform)
            return a.platform < b.platform;
        return a.streamId < b.streamId;
    });

    QHash<QString, int> ranks;
    ranks.reserve(snap.rows.size());
    int rank = 0;
    for (RankedStream &r : snap.rows) {
        r.rank = ++rank;
        snap.totalViewers += r.viewers;
        const QString k = r.key();
        const auto prev = m_previousRanks.constFind(k);
        if (prev == m_previousRanks.cend()) {
            r.isNew = true;
            r.rankChange = 0;
        } else {
            r.rankChange = *prev - r.rank;
        }
        ranks.insert(k, r.rank);
    }
    m_previousRanks = std::move(ranks);
    return snap;
}

} // namespace StreamRank
