#include "democollector.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcDemo, "streamrank.demo")

namespace {

// How often to look at a clock whose speed we cannot know (a test's manual
// clock); often enough that a test advancing it sees the census promptly.
constexpr int FallbackPollMs = 50;
constexpr int MinPollMs = 10;
constexpr int MaxPollMs = 250;

// In the zone the window shows every other time in, named: the status bar
// shows this next to the last census's time.
QString simulatedTimeText(qint64 ms)
{
    return localTimeText(ms, QStringLiteral("HH:mm"));
}

} // namespace

DemoCollector::DemoCollector(std::shared_ptr<const Clock> clock, const DemoConfig &config,
                             qint64 censusIntervalMs, QObject *parent)
    : Collector(parent), m_clock(std::move(clock)), m_config(config),
      m_intervalMs(std::max<qint64>(DemoSimulation::StepMs, censusIntervalMs))
{}

DemoCollector::~DemoCollector() = default;

QVector<DemoRaid> DemoCollector::raids() const
{
    QMutexLocker lock(&m_raidsMutex);
    return m_raids;
}

qint64 DemoCollector::gridAtOrBefore(qint64 ms) const
{
    qint64 grid = (ms / m_intervalMs) * m_intervalMs;
    if (grid > ms) // negative times round towards zero
        grid -= m_intervalMs;
    return grid;
}

void DemoCollector::setResume(const QHash<QString, QString> &openStreams, qint64 lastCensusMs)
{
    m_resumeOpen = openStreams;
    m_resumeCensusMs = lastCensusMs;
}

void DemoCollector::start()
{
    if (m_simulation)
        return;
    m_firstGridMs = gridAtOrBefore(m_clock->nowMs());
    const qint64 backfillCount = m_backfillMs / m_intervalMs;
    m_backfillStartMs = m_firstGridMs - backfillCount * m_intervalMs;
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &DemoCollector::tick);
    }
    {
        QMutexLocker lock(&m_raidsMutex);
        m_raids.clear();
    }

    // The world the stored open streams came from, if it can be resumed.
    std::optional<qint64> resumeStart;
    for (auto it = m_resumeOpen.cbegin(); it != m_resumeOpen.cend(); ++it) {
        const auto start = DemoSimulation::startOfStreamId(it.key());
        if (start && (!resumeStart || *start > *resumeStart))
            resumeStart = start;
    }
    if (resumeStart && *resumeStart <= m_resumeCensusMs && m_resumeCensusMs <= m_firstGridMs &&
        m_firstGridMs - *resumeStart <= MaxResumeMs) {
        m_simulation = std::make_unique<DemoSimulation>(m_config, *resumeStart);
        m_fastForwarding = true;
        Q_EMIT stateChanged(Platform::Demo, CollectorState::Collecting,
                            QStringLiteral("resuming the simulation that stopped at %1")
                                .arg(simulatedTimeText(m_resumeCensusMs)));
        m_timer->start(0);
        return;
    }
    // A new world, begun on a whole simulated minute (its stream ids name it).
    const qint64 start = (m_backfillStartMs / DemoSimulation::StepMs) * DemoSimulation::StepMs;
    m_simulation = std::make_unique<DemoSimulation>(m_config, start);
    beginCollecting();
}

bool DemoCollector::fastForward()
{
    constexpr qint64 SliceMs = 24LL * 60 * 60 * 1000;
    // First to the stored census (which must be the stored one), then on to
    // where the backfill begins; a simulated day a tick, so a stop is never
    // kept waiting and the state says how far it is.
    const auto progress = [this](qint64 reached) {
        const qint64 total =
            std::max(m_resumeCensusMs, m_backfillStartMs) - m_simulation->startMs();
        const qint64 done = reached - m_simulation->startMs();
        Q_EMIT stateChanged(Platform::Demo, CollectorState::Collecting,
                            QStringLiteral("resuming the simulation that stopped at %1: %2 %")
                                .arg(simulatedTimeText(m_resumeCensusMs))
                                .arg(total > 0 ? std::min<qint64>(99, done * 100 / total) : 99));
    };
    if (!m_resumeChecked) {
        const qint64 next = std::min(m_resumeCensusMs, m_simulation->reachedMs() + SliceMs);
        m_simulation->advanceUntil(next);
        if (next < m_resumeCensusMs) {
            progress(next);
            return false;
        }
        m_resumeChecked = true;
        if (!storedWorldMatches()) {
            qCInfo(lcDemo) << "the stored Demo streams are not this simulation's (another seed "
                              "or version): a new simulation begins";
            const qint64 start =
                (m_backfillStartMs / DemoSimulation::StepMs) * DemoSimulation::StepMs;
            m_simulation = std::make_unique<DemoSimulation>(m_config, start);
            endResume();
            return true;
        }
    }
    if (m_simulation->reachedMs() < m_backfillStartMs) {
        const qint64 next = std::min(m_backfillStartMs, m_simulation->reachedMs() + SliceMs);
        m_simulation->advanceUntil(next);
        if (next < m_backfillStartMs) {
            progress(next);
            return false;
        }
    }
    endResume();
    return true;
}

bool DemoCollector::storedWorldMatches()
{
    // The same streams, each on the same channel, at the stored census.
    const Census census = m_simulation->censusAt(m_resumeCensusMs);
    bool same = census.streams.size() == m_resumeOpen.size();
    for (qsizetype i = 0; same && i < census.streams.size(); ++i) {
        const StreamObservation &obs = census.streams[i];
        const auto it = m_resumeOpen.constFind(obs.streamId);
        same = it != m_resumeOpen.cend() && *it == obs.channelId;
    }
    return same;
}

void DemoCollector::endResume()
{
    // Used once: a later start() begins as without.
    m_fastForwarding = false;
    m_resumeChecked = false;
    m_resumeOpen.clear();
    m_resumeCensusMs = 0;
}

void DemoCollector::beginCollecting()
{
    Q_EMIT stateChanged(
        Platform::Demo, CollectorState::Collecting,
        QStringLiteral("simulating %1 streams (demo data)").arg(m_simulation->liveCount()));
    // The backfill and the first census come at once so a new user sees
    // data immediately.
    m_nextGridMs = m_backfillStartMs;
    m_backfillUntilMs = m_firstGridMs;
    tick();
}

void DemoCollector::stop()
{
    if (m_timer)
        m_timer->stop();
    m_simulation.reset();
    m_fastForwarding = false;
    Q_EMIT stateChanged(Platform::Demo, CollectorState::Idle, QStringLiteral("stopped"));
}

QString DemoCollector::waitingText() const
{
    return QStringLiteral("next census at %1 (simulated)").arg(simulatedTimeText(m_nextGridMs));
}

void DemoCollector::tick()
{
    if (!m_simulation)
        return;
    if (m_fastForwarding) {
        if (fastForward())
            beginCollecting();
        else
            m_timer->start(0);
        return;
    }
    // The backfill: every census of it, in order, at once. It is bounded (at
    // most DemoBackfillMs of censuses, 90 at the default interval) and the
    // consumers take it in order; live censuses wait for them (below).
    if (m_nextGridMs <= m_backfillUntilMs) {
        for (; m_nextGridMs <= m_backfillUntilMs; m_nextGridMs += m_intervalMs) {
            if (m_nextGridMs > m_storedUntilMs)
                produce(m_nextGridMs);
        }
        Q_EMIT stateChanged(Platform::Demo, CollectorState::Waiting, waitingText());
        scheduleNextTick();
        return;
    }
    const qint64 now = m_clock->nowMs();
    if (now >= m_nextGridMs) {
        qint64 due = (now - m_nextGridMs) / m_intervalMs + 1;
        qint64 skipped = 0;
        if (due > MaxCatchUpCensuses) {
            // The simulation still walks through the skipped time (it must, to
            // stay deterministic); only their censuses are not emitted.
            skipped = due - MaxCatchUpCensuses;
            m_nextGridMs += skipped * m_intervalMs;
            due = MaxCatchUpCensuses;
        }
        Q_EMIT stateChanged(
            Platform::Demo, CollectorState::Collecting,
            QStringLiteral("simulating census at %1").arg(simulatedTimeText(m_nextGridMs)));
        qint64 behind = 0;
        QString behindReason;
        for (qint64 i = 0; i < due; ++i) {
            if (consumersBehind()) {
                // Queued, it would wait in memory for storage to catch up.
                if (behind == 0)
                    behindReason = behindText();
                ++behind;
            } else {
                produce(m_nextGridMs);
            }
            m_nextGridMs += m_intervalMs;
        }
        QString detail = waitingText();
        if (skipped > 0) {
            detail += QStringLiteral("; skipped %1 older censuses to keep up with the clock")
                          .arg(skipped);
            Q_EMIT censusesSkipped(Platform::Demo, static_cast<int>(skipped),
                                   QStringLiteral("the simulated clock ran ahead"));
        }
        if (behind > 0) {
            detail += QStringLiteral("; skipped %1 censuses: %2").arg(behind).arg(behindReason);
            Q_EMIT censusesSkipped(Platform::Demo, static_cast<int>(behind), behindReason);
        }
        Q_EMIT stateChanged(Platform::Demo, CollectorState::Waiting, detail);
    }
    scheduleNextTick();
}

void DemoCollector::produce(qint64 gridMs)
{
    const Census census = m_simulation->censusAt(gridMs);
    const QVector<DemoRaid> &all = m_simulation->raids();
    {
        QMutexLocker lock(&m_raidsMutex);
        for (qsizetype i = m_raids.size(); i < all.size(); ++i)
            m_raids.append(all[i]);
    }
    Q_EMIT censusReady(census);
}

void DemoCollector::scheduleNextTick()
{
    int delay = FallbackPollMs;
    // With a clock of known speed, wake close to the next grid point instead
    // of polling blindly: prompt at 3600x, idle at 1x.
    double speed = 0.0;
    if (const auto *scaled = dynamic_cast<const ScaledClock *>(m_clock.get()))
        speed = scaled->speed();
    else if (dynamic_cast<const SystemClock *>(m_clock.get()))
        speed = 1.0;
    if (speed > 0.0) {
        const double wallMs = double(m_nextGridMs - m_clock->nowMs()) / speed;
        delay =
            static_cast<int>(std::clamp(std::ceil(wallMs), double(MinPollMs), double(MaxPollMs)));
    }
    m_timer->start(delay);
}

} // namespace StreamRank
