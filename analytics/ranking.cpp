#include "ranking.h"

#include "trend.h"

#include <algorithm>

namespace StreamRank {

namespace {
constexpr qint64 PeakWindowMs = 24LL * 60 * 60 * 1000;
}

QString RankedStream::key() const
{
    return platformCode(platform) + QLatin1Char(':') + obs->streamId;
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
    int slot = 0;
    push(m_state[static_cast<int>(platform)].obtain(streamId, &slot), tMs, viewers);
}

int Ranker::trackedStreams() const
{
    int n = 0;
    for (const auto &h : m_state)
        n += h.size();
    return n;
}

Ranker::StreamState &Ranker::PlatformStates::obtain(const QString &id, int *slot)
{
    auto it = slotOf.find(id);
    if (it == slotOf.end()) {
        int fresh = 0;
        if (!freeSlots.empty()) {
            fresh = freeSlots.back();
            freeSlots.pop_back();
            pool[static_cast<std::size_t>(fresh)] = StreamState{};
        } else {
            fresh = static_cast<int>(pool.size());
            pool.emplace_back();
        }
        it = slotOf.insert(id, fresh);
    }
    *slot = *it;
    return pool[static_cast<std::size_t>(*it)];
}

void Ranker::PlatformStates::release(QHash<QString, int>::iterator it)
{
    freeSlots.push_back(*it);
}

RankingSnapshot Ranker::apply(const Census &census)
{
    const int p = static_cast<int>(census.platform);
    auto &states = m_state[p];
    const qint64 t = census.takenAtMs;

    // Share the census (no copy) and point the rows into it; constData() so
    // nothing ever detaches it.
    m_latestCensus[p] = census.streams;
    const StreamObservation *observations = m_latestCensus[p].constData();

    QVector<RankedStream> rows;
    rows.reserve(census.streams.size());
    std::vector<int> rowStates; // slot of each row's state
    rowStates.reserve(static_cast<std::size_t>(census.streams.size()));
    for (qsizetype i = 0; i < m_latestCensus[p].size(); ++i) {
        const StreamObservation &obs = observations[i];
        int slot = 0;
        StreamState &st = states.obtain(obs.streamId, &slot);
        if (st.lastSeenMs == t)
            continue; // duplicate within one census: the first (highest) count wins
        const double base = baseline(st, t);
        push(st, t, obs.viewers);

        RankedStream r;
        r.platform = census.platform;
        r.obs = &obs;
        r.uptimeMs = obs.startedAtMs > 0 ? std::max<qint64>(0, t - obs.startedAtMs) : 0;
        r.viewers = obs.viewers;
        r.peak24h = peak(st, t);
        r.trend = base < 0 ? 0.5 : trendScore(obs.viewers, base);
        r.rank = st.lastRank; // the previous rank until this snapshot ranks it
        rows.push_back(r);
        rowStates.push_back(slot);
    }

    // A complete census proves the missing streams ended; a partial one does
    // not. (Releasing them leaves the pool in rowStates valid.)
    if (!census.partial) {
        for (auto it = states.slotOf.begin(); it != states.slotOf.end();) {
            if (states.pool[static_cast<std::size_t>(*it)].lastSeenMs < t) {
                states.release(it);
                it = states.slotOf.erase(it);
            } else {
                ++it;
            }
        }
    }
    m_latest[p] = std::move(rows);
    m_latestAt[p] = t;

    // Rank through integer keys: viewers descending, then the previous rank
    // (so equal counts keep their order instead of churning), then the order
    // the platforms listed them. Comparing strings for the many streams with
    // equal small counts would cost more than everything else here.
    struct Key
    {
        quint64 key;
        quint32 seq;
        RankedStream *row;
    };
    std::vector<Key> order;
    qsizetype total = 0;
    for (const auto &v : m_latest)
        total += v.size();
    order.reserve(static_cast<std::size_t>(total));
    quint32 seq = 0;
    for (auto &v : m_latest) {
        for (RankedStream &r : v) {
            const quint64 viewersDesc = 0xffffffffu - static_cast<quint32>(std::max(r.viewers, 0));
            const quint64 previous = r.rank > 0 ? static_cast<quint32>(r.rank) : 0xffffffffu;
            order.push_back({(viewersDesc << 32) | previous, seq++, &r});
        }
    }
    std::sort(order.begin(), order.end(), [](const Key &a, const Key &b) {
        return a.key != b.key ? a.key < b.key : a.seq < b.seq;
    });

    RankingSnapshot snap;
    snap.takenAtMs = t;
    snap.platform = census.platform;
    snap.partial = census.partial;
    snap.censuses = m_latestCensus;
    snap.rows.reserve(total);
    int rank = 0;
    for (const Key &k : order) {
        RankedStream *r = k.row;
        ++rank;
        // r->rank still holds the previous rank (0: never ranked).
        r->isNew = r->rank == 0;
        r->rankChange = r->isNew ? 0 : r->rank - rank;
        r->rank = rank;
        snap.totalViewers += r->viewers;
        snap.rows.push_back(*r);
    }
    // Remember this platform's ranks for the next census's rank change (rows of
    // other platforms keep theirs in m_latest).
    for (qsizetype i = 0; i < m_latest[p].size(); ++i)
        states.pool[static_cast<std::size_t>(rowStates[static_cast<std::size_t>(i)])].lastRank =
            m_latest[p][i].rank;
    return snap;
}

} // namespace StreamRank
