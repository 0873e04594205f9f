#include "anomalydetector.h"

#include "anomalyindex.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace StreamRank {

namespace {

constexpr qint64 NoTime = std::numeric_limits<qint64>::min();
constexpr qint64 MinuteMs = 60'000;
constexpr int MaxHistory = 1 << 30; // the sample counter saturates here
// How far ahead (in streams of the census) pass 1 prefetches an id's
// characters and then its index entries: far enough to cover a memory
// access, near enough that the lines are still in cache when used.
constexpr qsizetype CharsAhead = 32;
constexpr qsizetype EntriesAhead = 16;
// Excesses closer than this are a tie (docs/ANOMALY.md, "One spike, one event").
constexpr double TieTolerance = 1e-9;

// How far past its threshold a score is, relative to the threshold: the
// order of the 0–100 score, without its saturation at 100, so two large
// deviations still rank.
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
    using Header = AnomalyDetector::StreamHeader;
    // Written by the hash pass, read by the slot pass.
    struct Due
    {
        quint32 stamp = 0; // the census that listed the stream
        qint32 observation = 0;
        qint32 viewers = 0;
    };

    std::vector<QString> ids; // slot → stream id
    StreamIndex index{&ids};
    // Tracked streams that have raised an event → its time: a few hundred
    // at most, so the ranking's per-row flag looks in a table that stays in
    // cache rather than in the big index.
    QHash<QString, qint64> eventTimes;
    // Pass-1 scratch, kept to avoid an allocation per census: what the
    // lookup loop needs of each observation, so it reads only this array.
    struct Listed
    {
        StreamIndex::Key key;
        const QString *id = nullptr; // into the census being applied
        qint32 viewers = 0;
    };
    std::vector<Listed> listed;
    std::vector<Header> headers;
    std::vector<Due> due;
    std::vector<qint32> freeSlots;
    quint32 stamp = 0;
    qint64 retainMs = 0;
    Platform platform = Platform::Demo;
    // One past the highest slot in use: free slots are handed out lowest
    // first, so the slack left by growing the arrays stays past it and the
    // slot pass does not walk it.
    int slotsInUse = 0;

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
    template <typename F> void forEachModel(F f)
    {
        f(zscore);
        f(percent);
        f(moving);
        f(quantile);
    }

    int slotFor(const QString &streamId, const StreamIndex::Key &key)
    {
        return index.findOrInsert(streamId, key, [&] {
            if (freeSlots.empty())
                growSlots();
            const int slot = freeSlots.back();
            freeSlots.pop_back();
            slotsInUse = std::max(slotsInUse, slot + 1);
            ids[std::size_t(slot)] = streamId; // shares the census's string
            headers[std::size_t(slot)].used = true;
            return slot;
        });
    }
    int slotFor(const QString &streamId) { return slotFor(streamId, StreamIndex::key(streamId)); }

    void growSlots(int atLeast = 0)
    {
        const int old = int(headers.size());
        const int grown = std::max(old + std::max(64, old / 2), atLeast);
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
        if (headers[std::size_t(slot)].lastEventMs != NoTime)
            eventTimes.remove(ids[std::size_t(slot)]);
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

    // Window upkeep shared by live censuses and warming (step()): every
    // model is kept up to date, enabled or not, so enabling one later needs
    // no replay.
    Q_ALWAYS_INLINE void add(int slot, qint64 tMs, qint32 viewers)
    {
        Header &h = headers[std::size_t(slot)];
        rings.dropOlderThan(slot, tMs - retainMs);
        rings.push(slot, tMs, viewers);
        forEachModel([&](auto &m) { m.add(slot, h.lastMs, tMs, viewers); });
        if (h.history == 0)
            h.firstMs = tMs;
        h.lastMs = tMs;
        h.history = std::min(h.history + 1, MaxHistory);
    }
};

AnomalyDetector::AnomalyDetector(const AnomalySettings &settings) : m_settings(settings.sanitized())
{}

AnomalyDetector::~AnomalyDetector() = default;

std::unique_ptr<AnomalyDetector::PlatformState> &AnomalyDetector::platformState(Platform platform)
{
    auto &state = m_platforms[std::size_t(platform)];
    if (!state) {
        state = std::make_unique<PlatformState>();
        state->platform = platform;
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
    PlatformState &ps = *platformState(census.platform);
    const quint32 stamp = ++ps.stamp;
    m_incidentUpdates.clear();
    const qint64 t = census.takenAtMs;

    // Pass 1, in census order: one hash per stream, writing what the slot
    // pass needs into a small slot-indexed array. The lookups are
    // independent, so the ids' characters and then their index entries are
    // prefetched some streams ahead and many cache misses are in flight at
    // once.
    const QVector<StreamObservation> &streams = census.streams;
    const qsizetype count = streams.size();
    ps.listed.resize(std::size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        if (i + CharsAhead < count) {
            // Both ends: a short id still straddles two cache lines half the time.
            const QString &ahead = streams[i + CharsAhead].streamId;
            prefetchLine(ahead.constData());
            prefetchLine(ahead.constData() + ahead.size());
        }
        PlatformState::Listed &l = ps.listed[std::size_t(i)];
        l.id = &streams[i].streamId;
        l.key = StreamIndex::key(*l.id);
        l.viewers = std::max<qint32>(StreamObservation::UnknownViewers, streams[i].viewers);
    }
    // Room for a census of new streams at once (the first census): one
    // step to its size rather than many of half as much again, whose last
    // would leave up to a third of every per-stream array unused.
    if (ps.headers.size() < std::size_t(count))
        ps.growSlots(int(count));
    // Backwards, writing the slot-indexed array without reading it first:
    // for a stream listed twice, the first (highest) count is written last.
    for (qsizetype i = count - 1; i >= 0; --i) {
        if (i >= EntriesAhead)
            ps.index.prefetch(ps.listed[std::size_t(i - EntriesAhead)].key);
        const PlatformState::Listed &l = ps.listed[std::size_t(i)];
        const int slot = ps.slotFor(*l.id, l.key);
        ps.due[std::size_t(slot)] = {stamp, qint32(i), l.viewers};
    }

    // Pass 2, in slot order: every stream's state is read sequentially.
    std::vector<std::pair<qint32, AnomalyEvent>> events;
    std::vector<StreamAnomalyScores> allScores;
    const int slotCount = ps.slotsInUse;
    for (int slot = 0; slot < slotCount; ++slot) {
        StreamHeader &h = ps.headers[std::size_t(slot)];
        const PlatformState::Due &d = ps.due[std::size_t(slot)];
        if (d.stamp != stamp) {
            if (h.used && census.provesEnded()) {
                // A complete census proves the stream ended, and its incident.
                if (h.incidentStartMs != NoTime)
                    endIncident(census.platform, ps.ids[std::size_t(slot)], h, h.lastMs);
                ps.release(slot);
            }
            continue;
        }
        if (h.lastMs != NoTime && t <= h.lastMs)
            continue; // not newer than what the stream already has
        const qint32 x = d.viewers;
        if (x < 0)
            continue; // hidden: no sample at all (header), yet listed, so kept
        std::array<StrategyScore, AnomalyStrategyCount> sc;
        const int best = step(ps, slot, t, x, !scores, sc);
        if (best >= 0) {
            const StreamObservation &obs = streams[d.observation];
            const StrategyScore &score = sc[std::size_t(best)];
            const StrategySettings &cfg = m_settings.strategies[std::size_t(best)];
            AnomalyEvent e;
            e.platform = census.platform;
            e.streamId = obs.streamId;
            e.channelLogin = obs.channelLogin;
            e.channelName = obs.channelName;
            e.channelId = obs.channelId;
            e.timeMs = t;
            e.strategy = AnomalyStrategy(best);
            e.baselineViewers = score.baseline;
            e.observedViewers = x;
            e.rawScore = score.raw;
            e.score =
                eventScore(score.raw, cfg.threshold, x, score.baseline, m_settings.minRisePercent);
            e.lookbackMinutes = cfg.lookbackMinutes;
            e.incidentStartMs = h.incidentStartMs;
            events.emplace_back(d.observation, std::move(e));
        }
        if (scores)
            allScores.push_back({d.observation, sc});
    }
    // Streams a census that proves nothing else names as ended (YouTube's
    // actualEndTime): they end, and their incidents, at their last sample.
    for (const QString &id : census.endedStreamIds) {
        const int slot = ps.index.find(id);
        if (slot < 0)
            continue;
        StreamHeader &h = ps.headers[std::size_t(slot)];
        if (!h.used || ps.due[std::size_t(slot)].stamp == stamp)
            continue;
        if (h.incidentStartMs != NoTime)
            endIncident(census.platform, ps.ids[std::size_t(slot)], h, h.lastMs);
        ps.release(slot);
    }

    while (ps.slotsInUse > 0 && !ps.headers[std::size_t(ps.slotsInUse - 1)].used)
        --ps.slotsInUse;

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

// One sample of one stream, live or warming alike: scored against the
// windows before it joins them, the event rule applied, then added. So a
// stream's state — windows, average, cooldown, re-arming — is a function of
// its sample history alone, however that history was delivered.
int AnomalyDetector::step(PlatformState &ps, int slot, qint64 t, qint32 x, bool screen,
                          std::array<StrategyScore, AnomalyStrategyCount> &sc)
{
    StreamHeader &h = ps.headers[std::size_t(slot)];
    const int minSamples = m_settings.minSamples;
    ScoringContext ctx{t, h.firstMs, h.history, minSamples, minWindowSamples(minSamples)};
    const double minIncrease = m_settings.minIncreaseViewers;
    if (h.armed && screen)
        ctx.screenBelow = minIncrease;

    // Evaluate against the window before the sample joins it.
    const SampleRings::View ring = ps.rings.view(slot);
    int k = 0;
    ps.forEachModel([&](auto &m) {
        m.advance(slot, ring, t);
        if (m_settings.strategies[std::size_t(k)].enabled)
            sc[std::size_t(k)] = m.score(slot, ring, x, ctx);
        ++k;
    });
    const int best =
        decide(h, sc, t, x, qint64(m_settings.cooldownMinutes) * MinuteMs, minIncrease);
    if (best >= 0)
        ps.eventTimes.insert(ps.ids[std::size_t(slot)], t);
    if (best >= 0 || h.incidentStartMs != NoTime)
        trackIncident(ps.platform, ps.ids[std::size_t(slot)], h, best, t, x);
    ps.add(slot, t, x);
    return best;
}

// An incident opens with an event, takes the peak of every census while
// open, and ends at the first census back within the band (h.armed again:
// every strategy below its threshold) — see AnomalyIncidentUpdate.
void AnomalyDetector::trackIncident(Platform platform, const QString &streamId, StreamHeader &h,
                                    int best, qint64 t, qint32 x)
{
    if (h.incidentStartMs == NoTime) {
        h.incidentStartMs = t;
        h.incidentPeak = x;
        h.incidentPeakMs = t;
        m_incidentUpdates.push_back({platform, streamId, t, x, t, 0});
        return;
    }
    if (h.armed && best < 0) {
        endIncident(platform, streamId, h, t);
        return;
    }
    if (x > h.incidentPeak) {
        h.incidentPeak = x;
        h.incidentPeakMs = t;
        m_incidentUpdates.push_back({platform, streamId, h.incidentStartMs, x, t, 0});
    }
}

void AnomalyDetector::endIncident(Platform platform, const QString &streamId, StreamHeader &h,
                                  qint64 endMs)
{
    m_incidentUpdates.push_back(
        {platform, streamId, h.incidentStartMs, h.incidentPeak, h.incidentPeakMs, endMs});
    h.incidentStartMs = NoTime;
}

QVector<AnomalyIncidentUpdate> AnomalyDetector::takeIncidentUpdates()
{
    return std::exchange(m_incidentUpdates, {});
}

// The event rule (docs/ANOMALY.md, "One spike, one event"): the strategy
// with the highest score among those over their threshold, at least
// minIncreaseViewers and minRisePercent above their baseline, if the stream
// may raise one.
int AnomalyDetector::decide(StreamHeader &h,
                            const std::array<StrategyScore, AnomalyStrategyCount> &sc, qint64 t,
                            qint32 x, qint64 cooldownMs, double minIncrease) const
{
    const double riseFactor = 1.0 + m_settings.minRisePercent / 100.0;
    bool anyOver = false;
    int best = -1;
    double bestExcess = 0;
    for (int s = 0; s < AnomalyStrategyCount; ++s) {
        const StrategyScore &score = sc[std::size_t(s)];
        const StrategySettings &cfg = m_settings.strategies[std::size_t(s)];
        if (!score.valid || score.raw < cfg.threshold)
            continue;
        anyOver = true;
        if (double(x) - score.baseline < minIncrease ||
            double(x) < riseFactor * std::max(score.baseline, 1.0))
            continue;
        // Ranked by the lower of surprise and size, as the score is.
        const double e =
            std::min(excess(score, cfg), sizeExcess(x, score.baseline, m_settings.minRisePercent));
        // Near-ties (two strategies capped by the same size, their
        // baselines equal up to rounding) go to the one listed first.
        if (best < 0 || e > bestExcess + TieTolerance) {
            best = s;
            bestExcess = e;
        }
    }
    if (!anyOver)
        h.armed = true; // every strategy is below its threshold again
    if (best < 0)
        return -1;
    const bool quiet = h.armed && (h.lastEventMs == NoTime || t - h.lastEventMs >= cooldownMs);
    // A much bigger spike is a new one, even right after an event.
    const bool escalated = h.lastEventViewers > 0 && x >= EscalationFactor * h.lastEventViewers &&
                           double(x - h.lastEventViewers) >= minIncrease;
    if (!quiet && !escalated)
        return -1;
    h.armed = false;
    h.lastEventMs = t;
    h.lastEventViewers = x;
    return best;
}

void AnomalyDetector::warmSample(Platform platform, const QString &streamId, qint64 tMs,
                                 qint32 viewers)
{
    if (viewers < 0)
        return; // a hidden count: no sample, as in apply()
    PlatformState &ps = *platformState(platform);
    const int slot = ps.slotFor(streamId);
    const StreamHeader &h = ps.headers[std::size_t(slot)];
    if (h.lastMs != NoTime && tMs <= h.lastMs)
        return;
    std::array<StrategyScore, AnomalyStrategyCount> sc;
    step(ps, slot, tMs, viewers, true, sc);
}

qint64 AnomalyDetector::warmHistoryMs(const AnomalySettings &settings)
{
    const AnomalySettings s = settings.sanitized();
    // Capped at two days: a longer moving average (over 72 minutes) is then
    // warmed to within e^−(2 days / τ) of its live value, not to the bit;
    // reading weeks of samples at every start would cost more than it is
    // worth.
    const qint64 movingAverage = std::min<qint64>(
        20 * qint64(s.of(AnomalyStrategy::MovingAverage).lookbackMinutes), 48 * 60);
    return std::max({qint64(24 * 60), movingAverage, qint64(s.maxLookbackMinutes())}) * MinuteMs;
}

void AnomalyDetector::warmEvent(Platform platform, const QString &streamId, qint64 tMs,
                                qint32 observedViewers)
{
    PlatformState &ps = *platformState(platform);
    StreamHeader &h = ps.headers[std::size_t(ps.slotFor(streamId))];
    if (h.lastEventMs == NoTime || tMs > h.lastEventMs) {
        h.lastEventMs = tMs;
        h.lastEventViewers = observedViewers;
        ps.eventTimes.insert(streamId, tMs);
        h.armed = false; // re-armed by the first census with every strategy below threshold
    }
}

void AnomalyDetector::warmEvent(const AnomalyEvent &event)
{
    warmEvent(event.platform, event.streamId, event.timeMs, event.observedViewers);
}

bool AnomalyDetector::hasRecentEvent(Platform platform, const QString &streamId, qint64 nowMs,
                                     qint64 withinMs) const
{
    const auto &state = m_platforms[std::size_t(platform)];
    if (!state || state->eventTimes.isEmpty())
        return false;
    const auto it = state->eventTimes.constFind(streamId);
    return it != state->eventTimes.cend() && *it <= nowMs && nowMs - *it <= withinMs;
}

QHash<QString, qint64> AnomalyDetector::recentEvents(Platform platform, qint64 nowMs,
                                                     qint64 withinMs) const
{
    QHash<QString, qint64> recent;
    if (const auto &state = m_platforms[std::size_t(platform)]) {
        for (auto it = state->eventTimes.cbegin(); it != state->eventTimes.cend(); ++it) {
            if (*it <= nowMs && nowMs - *it <= withinMs)
                recent.insert(it.key(), *it);
        }
    }
    return recent;
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
