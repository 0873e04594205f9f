#include "ranking.h"

#include "anomalyindex.h"
#include "rankingstate.h"
#include "trend.h"

#include <algorithm>
#include <array>
#include <utility>

namespace StreamRank {

namespace {

constexpr qint64 PeakWindowMs = 24LL * 60 * 60 * 1000;
// How far ahead (in streams of the census) the lookup pass prefetches an id's
// characters and then its index entries (as in the anomaly detector).
constexpr qsizetype CharsAhead = 32;
constexpr qsizetype EntriesAhead = 16;
// How far ahead (in slots) the state pass prefetches a row and spilled rings.
constexpr int StatesAhead = 8;

} // namespace

QString RankedStream::key() const
{
    return platformCode(platform) + QLatin1Char(':') + obs->streamId;
}

// One platform's tracked streams. A stream owns a slot, an index into every
// array here, reused after the stream ends; the states are contiguous, so a
// census looks up each id once (in census order) and then walks the states
// in slot order.
struct Ranker::PlatformStates
{
    struct Due
    {
        quint32 stamp = 0; // the census that listed the stream
        qint32 row = 0;    // its row in that census's ranking
    };

    std::vector<QString> ids; // slot → stream id (null: free)
    StreamIndex index{&ids};
    std::vector<RankStreamState> states;
    std::vector<Due> due;
    std::vector<qint32> lastRank; // rank in this platform's last snapshot, 0: none
    std::vector<quint8> used;
    std::vector<qint32> freeSlots;
    int slotsInUse = 0; // one past the highest slot ever used
    quint32 stamp = 0;
    // The latest sample time of any stream (0 to start, like a new state's
    // lastSeenMs): a census after it can meet no stream that already has a
    // sample at its time, or later.
    qint64 maxSeenMs = 0;
    // Per-census scratch, kept to avoid allocations.
    std::vector<StreamIndex::Key> keys;
    std::vector<qint32> rowSlot; // row → slot

    int obtain(const QString &id, const StreamIndex::Key &key)
    {
        return index.findOrInsert(id, key, [&] {
            if (freeSlots.empty())
                grow();
            const int slot = freeSlots.back();
            freeSlots.pop_back();
            slotsInUse = std::max(slotsInUse, slot + 1);
            const auto s = std::size_t(slot);
            ids[s] = id; // shares the census's string
            // states[s] is fresh: grown, or reset when released.
            due[s] = Due{};
            lastRank[s] = 0;
            used[s] = 1;
            return slot;
        });
    }

    void release(int slot)
    {
        const auto s = std::size_t(slot);
        index.remove(ids[s]);
        ids[s] = QString();
        states[s] = RankStreamState{}; // frees a spilled ring now
        used[s] = 0;
        freeSlots.push_back(slot);
    }

    void grow(int atLeast = 0)
    {
        const int old = int(states.size());
        const int grown = std::max(old + std::max(64, old / 2), atLeast);
        const auto n = std::size_t(grown);
        ids.resize(n);
        states.resize(n);
        due.resize(n);
        lastRank.resize(n);
        used.resize(n);
        for (int s = grown - 1; s >= old; --s) // lowest slot first
            freeSlots.push_back(s);
    }
};

Ranker::Ranker(qint64 trendWindowMs) : m_trendWindowMs(trendWindowMs) {}
Ranker::~Ranker() = default;
Ranker::Ranker(Ranker &&) noexcept = default;
Ranker &Ranker::operator=(Ranker &&) noexcept = default;

Ranker::PlatformStates &Ranker::platformStates(Platform platform)
{
    auto &ps = m_state[std::size_t(platform)];
    if (!ps)
        ps = std::make_unique<PlatformStates>();
    return *ps;
}

void Ranker::warmSample(Platform platform, const QString &streamId, qint64 tMs, qint32 viewers)
{
    PlatformStates &ps = platformStates(platform);
    const int slot = ps.obtain(streamId, StreamIndex::key(streamId));
    ps.states[std::size_t(slot)].push(tMs, viewers, m_trendWindowMs);
    ps.maxSeenMs = std::max(ps.maxSeenMs, tMs);
}

int Ranker::trackedStreams() const
{
    int n = 0;
    for (const auto &ps : m_state)
        n += ps ? ps->index.size() : 0;
    return n;
}

// A row's figures from its stream's state: the trend against the samples
// before this one, then the sample joins the state.
void Ranker::rankState(RankStreamState &st, RankedStream &r, qint64 t) const
{
    st.prune(t - m_trendWindowMs); // as push() would: the baseline ignores them anyway
    const double base = st.baseline(t, m_trendWindowMs);
    st.push(t, r.viewers, m_trendWindowMs);
    r.peak24h = st.peak(t - PeakWindowMs);
    if (r.viewers < 0)
        r.trend = RankedStream::NoTrend;
    else
        r.trend = base < 0 ? 0.5 : trendScore(r.viewers, base);
}

RankingSnapshot Ranker::apply(const Census &census)
{
    const int p = static_cast<int>(census.platform);
    PlatformStates &ps = platformStates(census.platform);
    const quint32 stamp = ++ps.stamp;
    const qint64 t = census.takenAtMs;

    // Share the census (no copy) and point the rows into it; constData() so
    // nothing ever detaches it.
    m_latestCensus[p] = census.streams;
    const StreamObservation *observations = m_latestCensus[p].constData();
    const qsizetype count = m_latestCensus[p].size();

    // Rows in census order, in the previous census's buffer (never shared:
    // snapshots copy the rows).
    QVector<RankedStream> &rows = m_latest[p];
    rows.resize(count);
    RankedStream *row = rows.data();
    ps.rowSlot.resize(std::size_t(count));
    auto newRow = [&](qsizetype i, int slot, int n) {
        const StreamObservation &obs = observations[i];
        RankedStream &r = row[n];
        r = RankedStream{};
        r.platform = census.platform;
        r.obs = &obs;
        r.uptimeMs = obs.startedAtMs > 0 ? std::max<qint64>(0, t - obs.startedAtMs) : 0;
        r.viewers = std::max(obs.viewers, StreamObservation::UnknownViewers);
        r.tieKey = quint32(ps.keys[std::size_t(i)].hash >> 32);
        ps.rowSlot[std::size_t(n)] = slot;
        return &r;
    };

    // Room for a census of new streams at once (the first census), rather
    // than growing the states in many steps.
    if (ps.states.size() < std::size_t(count))
        ps.grow(int(count));

    // Pass 1, in census order: one hash per id; the lookups are independent,
    // so the ids' characters and then their index entries are prefetched some
    // streams ahead and many cache misses are in flight at once.
    ps.keys.resize(std::size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        if (i + CharsAhead < count) {
            // Both ends: a short id still straddles two cache lines half the time.
            const QString &ahead = observations[i + CharsAhead].streamId;
            prefetchLine(ahead.constData());
            prefetchLine(ahead.constData() + ahead.size());
        }
        ps.keys[std::size_t(i)] = StreamIndex::key(observations[i].streamId);
    }

    int n = 0;
    if (t > ps.maxSeenMs) {
        // The usual case. No state has a sample at t yet, so a stream listed
        // twice is skipped exactly when it was listed before in this census:
        // the first (highest) count wins.
        for (qsizetype i = 0; i < count; ++i) {
            if (i + EntriesAhead < count)
                ps.index.prefetch(ps.keys[std::size_t(i + EntriesAhead)]);
            const int slot = ps.obtain(observations[i].streamId, ps.keys[std::size_t(i)]);
            PlatformStates::Due &d = ps.due[std::size_t(slot)];
            if (d.stamp == stamp)
                continue;
            d = {stamp, n};
            newRow(i, slot, n++);
        }
        // Pass 2, in slot order: every state is read sequentially. A complete
        // exhaustive census proves the missing streams ended; a partial or
        // top-N one does not.
        const int slotCount = ps.slotsInUse;
        for (int slot = 0; slot < slotCount; ++slot) {
            const auto s = std::size_t(slot);
            if (slot + StatesAhead < slotCount) {
                // The states stream in; what they point to (a row, a spilled
                // ring) is random, so it is fetched some slots ahead.
                const auto ahead = std::size_t(slot + StatesAhead);
                if (ps.due[ahead].stamp == stamp)
                    prefetchLine(&row[ps.due[ahead].row]);
                ps.states[ahead].prefetchSpilled();
            }
            if (!ps.used[s])
                continue;
            RankStreamState &st = ps.states[s];
            const PlatformStates::Due d = ps.due[s];
            if (d.stamp == stamp) {
                RankedStream &r = row[d.row];
                rankState(st, r, t);
                r.rank = ps.lastRank[s]; // the previous rank until this snapshot ranks it
            } else if (census.provesEnded() && st.lastSeenMs < t) {
                ps.release(slot);
            }
        }
        ps.maxSeenMs = t;
    } else {
        // A census not after the latest sample (the same census again, an
        // older one, or one at a warm-up sample's time): in census order,
        // skipping a stream that already has a sample at t, as it always did.
        for (qsizetype i = 0; i < count; ++i) {
            const int slot = ps.obtain(observations[i].streamId, ps.keys[std::size_t(i)]);
            RankStreamState &st = ps.states[std::size_t(slot)];
            if (st.lastSeenMs == t)
                continue;
            RankedStream *r = newRow(i, slot, n++);
            rankState(st, *r, t);
            r->rank = ps.lastRank[std::size_t(slot)];
        }
        for (int slot = 0; slot < ps.slotsInUse; ++slot) {
            if (ps.used[std::size_t(slot)] && census.provesEnded() &&
                ps.states[std::size_t(slot)].lastSeenMs < t)
                ps.release(slot);
        }
    }
    // Streams a census that proves nothing else names as ended (YouTube's
    // actualEndTime) leave with it.
    for (const QString &id : census.endedStreamIds) {
        const int slot = ps.index.find(id);
        if (slot >= 0 && ps.used[std::size_t(slot)] && ps.states[std::size_t(slot)].lastSeenMs < t)
            ps.release(slot);
    }
    rows.resize(n);

    RankingSnapshot snap;
    snap.takenAtMs = t;
    snap.platform = census.platform;
    snap.partial = census.partial;
    snap.censuses = m_latestCensus;
    rankAll(snap);

    // Remember this platform's ranks for the next census's rank change (rows of
    // other platforms keep theirs in m_latest).
    for (int i = 0; i < n; ++i)
        ps.lastRank[std::size_t(ps.rowSlot[std::size_t(i)])] = row[i].rank;
    return snap;
}

// Orders by key, equal keys in the order they were pushed (the platforms'
// order, then each census's): a stable least-significant-digit radix sort,
// 11 bits a pass, skipping the digits every key shares (the high bits of the
// viewer counts, most of them). With tie keys that are hashes, the runs of
// equal counts are in random order, which a comparison sort pays for in
// mispredicted branches; this does not care.
void Ranker::sortByKey(std::vector<SortKey> &v, std::vector<SortKey> &scratch)
{
    constexpr int Bits = 11;
    constexpr int Digits = (64 + Bits - 1) / Bits;
    constexpr quint64 Mask = (quint64(1) << Bits) - 1;
    const std::size_t n = v.size();
    if (n < 2)
        return;
    std::vector<std::array<quint32, std::size_t(1) << Bits>> counts(Digits);
    for (const SortKey &k : v)
        for (int d = 0; d < Digits; ++d)
            ++counts[std::size_t(d)][(k.key >> (Bits * d)) & Mask];
    scratch.resize(n);
    SortKey *src = v.data();
    SortKey *dst = scratch.data();
    for (int d = 0; d < Digits; ++d) {
        auto &count = counts[std::size_t(d)];
        if (count[(src[0].key >> (Bits * d)) & Mask] == n)
            continue; // one value of this digit for all: nothing to order
        quint32 offset = 0;
        for (quint32 &c : count)
            offset += std::exchange(c, offset);
        for (std::size_t i = 0; i < n; ++i)
            dst[count[(src[i].key >> (Bits * d)) & Mask]++] = src[i];
        std::swap(src, dst);
    }
    if (src != v.data())
        std::copy(src, src + n, v.data());
}

// Ranks the rows of every platform together through integer keys: viewers
// descending, then the stream's tie key (a hash of its id: equal counts keep
// one order from census to census instead of churning, and the order depends
// on nothing but the census, so a restart that ranks the stored census again
// gets the ranks it had), then the order the platforms listed them (equal
// hashes). Comparing strings for the many streams with equal small counts
// would cost more than everything else here. A hidden count (-1) maps to 0 and a known count v
// to v + 1, so hidden rows rank below every count, 0 included, and keep
// their order among themselves the same way.
void Ranker::rankAll(RankingSnapshot &snap)
{
    qsizetype total = 0;
    for (const auto &v : m_latest)
        total += v.size();
    m_order.clear();
    m_order.reserve(std::size_t(total));
    for (auto &v : m_latest) {
        for (RankedStream &r : v) {
            const quint64 viewersDesc = 0xffffffffu - (static_cast<quint32>(r.viewers) + 1u);
            m_order.push_back({(viewersDesc << 32) | r.tieKey, &r});
        }
    }
    sortByKey(m_order, m_orderScratch);

    snap.rows.reserve(total);
    int rank = 0;
    for (const SortKey &k : m_order) {
        RankedStream *r = k.row;
        ++rank;
        // r->rank still holds the previous rank (0: never ranked).
        r->isNew = r->rank == 0;
        r->rankChange = r->isNew ? 0 : r->rank - rank;
        r->rank = rank;
        snap.totalViewers += std::max(r->viewers, 0);
        snap.hiddenCount += r->viewers < 0;
        snap.rows.push_back(*r);
    }
}

} // namespace StreamRank
