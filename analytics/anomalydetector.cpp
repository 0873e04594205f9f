#include "anomalydetector.h"

#include "anomalyindex.h"

#include <ctime> // PROFILE
#include <cstdio> // PROFILE
#include <algorithm>
#include <limits>
#include <utility>

namespace StreamRank {

namespace {
constexpr qint64 NoTime = std::numeric_limits<qint64>::min();
constexpr qint64 MinuteMs = 60'000;
constexpr int MaxHistory = 1 << 30; // the sample counter saturates here
static double EscalationFactor = qEnvironmentVariableIsSet("ESC") ? qEnvironmentVariable("ESC").toDouble() : 0;

// Strictly by (raw − threshold) / threshold: the same order as the 0–100
// score, but without its saturation at 100, so two huge deviations still
// rank.
struct ProfClock { double t0 = 0; static double now() { timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6; } void start() { t0 = now(); } double nsecsElapsed() const { return (now() - t0) * 1e6; } }; ProfClock g_prof; // PROFILE
Q_ALWAYS_INLINE void prefetch(const void *p) // see StreamIndex::prefetch
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

double excess(const StrategyScore &s, const StrategySettings &settings)
{
    return (s.raw - settings.threshold) / settings.threshold;
}
} // namespace

// One platform's tracked streams. A stream owns a slot: an index into every
// per-stream array here and in the strategy models, reused after the stream
// ends, so all state is contiguous and a census is two passes over arrays.
struct AnomalyDetector::PlatformState
{
    struct Header
    {
        qint64 firstMs = 0;
        qint64 lastMs = NoTime;
        qint64 lastEventMs = NoTime;
        qint32 history = 0;
        qint32 lastEventViewers = 0;
        bool armed = true; // false from an event until every strategy is below threshold
        bool used = false;
    };
    // Written by the hash pass, read by the slot pass.
    struct Due
    {
        quint32 stamp = 0; // the census that listed the stream
        qint32 observation = 0;
        qint32 viewers = 0;
    };

    std::vector<QString> ids; // slot → stream id
    StreamIndex index{&ids};
    // Pass-1 scratch, kept to avoid an allocation per census: what the
    // lookup loop needs of each observation, so it reads only this array.
    struct Listed
    {
        StreamIndex::Key key;
        QStringView id;
        qint32 viewers = 0;
    };
    std::vector<Listed> listed;
    std::vector<Header> headers;
    std::vector<Due> due;
    std::vector<qint32> freeSlots;
    quint32 stamp = 0;
    qint64 retainMs = 0;

    SampleRings rings;
    ZScoreModel zscore;
    PercentChangeModel percent;
    MovingAverageModel moving;
    QuantileModel quantile;

    // In AnomalyStrategy order, for the rare, non-hot operations.
    std::array<StrategyModel *, AnomalyStrategyCount> models()
    {
        return {&zscore, &percent, &moving, &quantile};
    }

    // The hot path names the concrete (final) models, so every call below is
    // resolved at compile time and inlined.
    template <typename F>
    void forEachModel(F f)
    {
        f(zscore);
        f(percent);
        f(moving);
        f(quantile);
    }

    int slotFor(QStringView streamId, const StreamIndex::Key &key)
    {
        return index.findOrInsert(streamId, key, [&] {
            if (freeSlots.empty())
                growSlots();
            const int slot = freeSlots.back();
            freeSlots.pop_back();
            ids[std::size_t(slot)] = streamId.toString();
            headers[std::size_t(slot)].used = true;
            return slot;
        });
    }
    int slotFor(QStringView streamId) { return slotFor(streamId, StreamIndex::key(streamId)); }

    void growSlots()
    {
        const int old = int(headers.size());
        const int grown = old + std::max(64, old / 2);
        ids.resize(std::size_t(grown));
        headers.resize(std::size_t(grown));
        due.resize(std::size_t(grown));
        rings.resize(grown);
        for (StrategyModel *m : models())
            m->resize(grown);
        for (int s = grown - 1; s >= old; --s) // lowest slot first
            freeSlots.push_back(s);
    }

    void release(int slot)
    {
        index.remove(ids[std::size_t(slot)]);
        ids[std::size_t(slot)] = QString();
        headers[std::size_t(slot)] = Header{};
        rings.clear(slot);
        for (StrategyModel *m : models())
            m->clear(slot);
        freeSlots.push_back(slot);
    }

    void configure(const AnomalySettings &settings, bool rebuildWindows)
    {
        for (int k = 0; k < AnomalyStrategyCount; ++k)
            models()[std::size_t(k)]->configure(settings.strategies[std::size_t(k)]);
        retainMs = qint64(settings.maxLookbackMinutes()) * MinuteMs;
        if (!rebuildWindows)
            return;
        for (int slot = 0; slot < int(headers.size()); ++slot) {
            if (headers[std::size_t(slot)].used)
                forEachModel([&](auto &m) { m.rebuild(slot, rings); });
        }
    }

    // Window upkeep shared by live censuses and warming: every model is kept
    // up to date, enabled or not, so enabling one later needs no replay.
    void advance(int slot, qint64 tMs)
    {
        forEachModel([&](auto &m) { m.advance(slot, rings, tMs); });
    }
    void add(int slot, qint64 tMs, qint32 viewers)
    {
        Header &h = headers[std::size_t(slot)];
        rings.dropOlderThan(slot, tMs - retainMs);
        rings.push(slot, tMs, viewers);
        static const int skipMask = qEnvironmentVariableIntValue("SKIP"); // PROFILE
        int k = 0;
        forEachModel([&](auto &m) { if (!(skipMask >> k & 1)) m.add(slot, rings, h.lastMs, tMs, viewers); ++k; });
        if (h.history == 0)
            h.firstMs = tMs;
        h.lastMs = tMs;
        h.history = std::min(h.history + 1, MaxHistory);
    }
};

AnomalyDetector::AnomalyDetector(const AnomalySettings &settings)
    : m_settings(settings.sanitized())
{
}

AnomalyDetector::~AnomalyDetector() = default;

std::unique_ptr<AnomalyDetector::PlatformState> &AnomalyDetector::platformState(Platform platform)
{
    auto &state = m_platforms[std::size_t(platform)];
    if (!state) {
        state = std::make_unique<PlatformState>();
        state->configure(m_settings, false);
    }
    return state;
}

void AnomalyDetector::setSettings(const AnomalySettings &settings)
{
    const AnomalySettings next = settings.sanitized();
    bool lookbackChanged = false;
    for (int k = 0; k < AnomalyStrategyCount; ++k) {
        lookbackChanged |= next.strategies[std::size_t(k)].lookbackMinutes !=
                           m_settings.strategies[std::size_t(k)].lookbackMinutes;
    }
    m_settings = next;
    for (auto &state : m_platforms) {
        if (state)
            state->configure(m_settings, lookbackChanged);
    }
}

QVector<AnomalyEvent> AnomalyDetector::apply(const Census &census)
{
    return apply(census, nullptr);
}

QVector<AnomalyEvent> AnomalyDetector::apply(const Census &census,
                                             QVector<StreamAnomalyScores> *scores)
{
    g_prof.start(); // PROFILE
    PlatformState &ps = *platformState(census.platform);
    const quint32 stamp = ++ps.stamp;
    const qint64 t = census.takenAtMs;

    // Pass 1, in census order: one hash per stream, writing what the slot
    // pass needs into a small slot-indexed array. The ids' characters and
    // then their index entries are prefetched a few streams ahead, in two
    // short loops, so that many cache misses are in flight at once.
    const QVector<StreamObservation> &streams = census.streams;
    const qsizetype count = streams.size();
    static const qsizetype Ahead = qEnvironmentVariableIntValue("AHEADA"); // PROFILE
    static const qsizetype AheadB = qEnvironmentVariableIntValue("AHEADB"); // PROFILE
    ps.listed.resize(std::size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        if (i + Ahead < count)
            prefetch(streams[i + Ahead].streamId.constData());
        PlatformState::Listed &l = ps.listed[std::size_t(i)];
        l.id = streams[i].streamId;
        l.key = StreamIndex::key(l.id);
        l.viewers = std::max<qint32>(0, streams[i].viewers);
    }
    const double tLoopA = g_prof.nsecsElapsed() / 1e6; // PROFILE
    // Backwards, writing the slot-indexed array without reading it first:
    // for a stream listed twice the first (highest) count is written last.
    for (qsizetype i = count - 1; i >= 0; --i) {
        if (i >= AheadB)
            ps.index.prefetch(ps.listed[std::size_t(i - AheadB)].key);
        const PlatformState::Listed &l = ps.listed[std::size_t(i)];
        const int slot = ps.slotFor(l.id, l.key);
        ps.due[std::size_t(slot)] = {stamp, qint32(i), l.viewers};
    }

    const double tPass1 = g_prof.nsecsElapsed() / 1e6; // PROFILE
    // Pass 2, in slot order: the per-stream state is read sequentially.
    std::array<bool, AnomalyStrategyCount> enabled{};
    for (int k = 0; k < AnomalyStrategyCount; ++k)
        enabled[std::size_t(k)] = m_settings.strategies[std::size_t(k)].enabled;
    const qint64 cooldownMs = qint64(m_settings.cooldownMinutes) * MinuteMs;
    const double minIncrease = m_settings.minIncreaseViewers;

    std::vector<std::pair<qint32, AnomalyEvent>> events;
    std::vector<StreamAnomalyScores> allScores;
    const int slotCount = int(ps.headers.size());
    for (int slot = 0; slot < slotCount; ++slot) {
        PlatformState::Header &h = ps.headers[std::size_t(slot)];
        const PlatformState::Due &d = ps.due[std::size_t(slot)];
        if (d.stamp != stamp) {
            if (h.used && !census.partial)
                ps.release(slot); // a complete census proves the stream ended
            continue;
        }
        if (h.lastMs != NoTime && t <= h.lastMs)
            continue; // not newer than what the stream already has
        const qint32 x = d.viewers;
        const ScoringContext ctx{t, h.firstMs, h.history, m_settings.minSamples};

        std::array<StrategyScore, AnomalyStrategyCount> sc{};
        int k = 0;
        static const int skipMask = qEnvironmentVariableIntValue("SKIP"); // PROFILE
        ps.forEachModel([&](auto &m) {
            if (!(skipMask >> k & 1)) {
            m.advance(slot, ps.rings, t);
            static const int noScore = qEnvironmentVariableIntValue("NOSCORE"); // PROFILE
            if (enabled[std::size_t(k)] && !(noScore >> k & 1))
                sc[std::size_t(k)] = m.score(slot, ps.rings, x, ctx);
            }
            ++k;
        });

        // One spike, one event: the best strategy over its threshold (and
        // minIncreaseViewers above its baseline), only when the stream is
        // re-armed and out of cooldown.
        bool anyOver = false;
        int best = -1;
        double bestExcess = 0;
        for (int s = 0; s < AnomalyStrategyCount; ++s) {
            const StrategyScore &score = sc[std::size_t(s)];
            const StrategySettings &cfg = m_settings.strategies[std::size_t(s)];
            if (!score.valid || score.raw < cfg.threshold)
                continue;
            anyOver = true;
            if (double(x) - score.baseline < minIncrease)
                continue;
            const double e = excess(score, cfg);
            if (best < 0 || e > bestExcess) {
                best = s;
                bestExcess = e;
            }
        }
        if (!anyOver)
            h.armed = true;
        const bool quiet =
            h.armed && (h.lastEventMs == NoTime || t - h.lastEventMs >= cooldownMs);
        const bool escalated = EscalationFactor > 0 && h.lastEventViewers > 0 &&
                               x >= EscalationFactor * h.lastEventViewers &&
                               x - h.lastEventViewers >= minIncrease;
        if (best >= 0 && (quiet || escalated)) {
            h.armed = false;
            h.lastEventMs = t;
            h.lastEventViewers = x;
            const StreamObservation &obs = streams[d.observation];
            const StrategyScore &score = sc[std::size_t(best)];
            const StrategySettings &cfg = m_settings.strategies[std::size_t(best)];
            AnomalyEvent e;
            e.platform = census.platform;
            e.streamId = obs.streamId;
            e.channelLogin = obs.channelLogin;
            e.channelName = obs.channelName;
            e.timeMs = t;
            e.strategy = AnomalyStrategy(best);
            e.baselineViewers = score.baseline;
            e.observedViewers = x;
            e.rawScore = score.raw;
            e.score = normalizedScore(score.raw, cfg.threshold);
            e.lookbackMinutes = cfg.lookbackMinutes;
            events.emplace_back(d.observation, std::move(e));
        }
        if (scores)
            allScores.push_back({d.observation, sc});

        ps.add(slot, t, x);
    }

    if (qEnvironmentVariableIsSet("PROF")) fprintf(stderr, "pass1 %.2f pass2 %.2f loopA %.2f\n", tPass1, g_prof.nsecsElapsed() / 1e6 - tPass1, tLoopA); // PROFILE
    std::sort(events.begin(), events.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    QVector<AnomalyEvent> result;
    result.reserve(qsizetype(events.size()));
    for (auto &e : events)
        result.push_back(std::move(e.second));
    if (scores) {
        std::sort(allScores.begin(), allScores.end(),
                  [](const auto &a, const auto &b) { return a.observation < b.observation; });
        *scores = QVector<StreamAnomalyScores>(allScores.begin(), allScores.end());
    }
    return result;
}

void AnomalyDetector::warmSample(Platform platform, const QString &streamId, qint64 tMs,
                                 qint32 viewers)
{
    PlatformState &ps = *platformState(platform);
    const int slot = ps.slotFor(streamId);
    const PlatformState::Header &h = ps.headers[std::size_t(slot)];
    if (h.lastMs != NoTime && tMs <= h.lastMs)
        return;
    ps.advance(slot, tMs);
    ps.add(slot, tMs, std::max<qint32>(0, viewers));
}

void AnomalyDetector::warmEvent(Platform platform, const QString &streamId, qint64 tMs)
{
    PlatformState &ps = *platformState(platform);
    PlatformState::Header &h = ps.headers[std::size_t(ps.slotFor(streamId))];
    if (h.lastEventMs == NoTime || tMs > h.lastEventMs) {
        h.lastEventMs = tMs;
        h.armed = false; // re-armed by the first census with every strategy below threshold
    }
}

bool AnomalyDetector::hasRecentEvent(Platform platform, const QString &streamId, qint64 nowMs,
                                     qint64 withinMs) const
{
    const auto &state = m_platforms[std::size_t(platform)];
    if (!state)
        return false;
    const int slot = state->index.find(streamId);
    if (slot < 0)
        return false;
    const qint64 last = state->headers[std::size_t(slot)].lastEventMs;
    return last != NoTime && last <= nowMs && nowMs - last <= withinMs;
}

int AnomalyDetector::trackedStreams() const
{
    int n = 0;
    for (const auto &state : m_platforms) {
        if (state)
            n += int(state->index.size());
    }
    return n;
}

} // namespace StreamRank
