#pragma once
// The Demo platform's collector: turns the deterministic DemoSimulation into a
// census on every census-grid point the (possibly accelerated) clock passes,
// so a new user sees the whole product working without credentials.

#include "clock.h"
#include "collector.h"
#include "demosimulation.h"

#include <QHash>
#include <QMutex>
#include <QVector>

#include <limits>
#include <memory>

class QTimer;

namespace StreamRank {

class DemoCollector final : public Collector
{
    Q_OBJECT
public:
    // At most this many missed grid points are produced per tick; older ones
    // are dropped so a fast clock cannot make the collector fall behind.
    static constexpr int MaxCatchUpCensuses = 10;

    DemoCollector(std::shared_ptr<const Clock> clock, const DemoConfig &config,
                  qint64 censusIntervalMs = 120000, QObject *parent = nullptr);
    ~DemoCollector() override;

    Platform platform() const override { return Platform::Demo; }
    qint64 censusIntervalMs() const { return m_intervalMs; }
    // Before start(): also simulate and emit the censuses of this much time
    // before the clock's now, so charts have history from the first second.
    void setBackfillMs(qint64 ms) { m_backfillMs = std::max<qint64>(0, ms); }
    // Before start(): censuses at or before this time are already stored, so
    // none of them is emitted again (the simulation still walks through them).
    void setStoredUntilMs(qint64 ms) { m_storedUntilMs = ms; }

    // Before start(): the Demo streams the database holds open (stream id ->
    // channel id) after its last census at lastCensusMs. When their ids name
    // a simulation start at most MaxResumeMs ago, start() resumes that
    // simulation (fast-forwarding it, a day a tick, from its start to
    // lastCensusMs) instead of beginning a new one, so a stream still live
    // keeps its id and its history; only if the resumed census at
    // lastCensusMs holds exactly those streams. Otherwise (a different seed,
    // a changed simulation, too old) a new simulation begins, as without.
    static constexpr qint64 MaxResumeMs = 30LL * 24 * 60 * 60 * 1000;
    void setResume(const QHash<QString, QString> &openStreams, qint64 lastCensusMs);

    // The simulation's ground truth so far; safe to call from any thread.
    QVector<DemoRaid> raids() const;

public Q_SLOTS:
    // start() begins (or resumes, see setResume) a simulation at the grid
    // point at or before now (doing nothing if already running); stop() ends it.
    void start() override;
    void stop() override;

private:
    void tick();
    bool fastForward(); // false while days are left
    bool storedWorldMatches();
    void endResume();
    void beginCollecting();
    void produce(qint64 gridMs);
    void scheduleNextTick();
    QString waitingText() const;
    qint64 gridAtOrBefore(qint64 ms) const;

    std::shared_ptr<const Clock> m_clock;
    DemoConfig m_config;
    qint64 m_intervalMs;
    std::unique_ptr<DemoSimulation> m_simulation;
    QTimer *m_timer = nullptr; // created in start(), on the collector's thread
    qint64 m_nextGridMs = 0;
    qint64 m_backfillMs = 0;
    qint64 m_backfillUntilMs = std::numeric_limits<qint64>::min(); // the last backfill census
    qint64 m_storedUntilMs = std::numeric_limits<qint64>::min();
    QHash<QString, QString> m_resumeOpen;
    qint64 m_resumeCensusMs = 0; // the stored census the resume must reproduce; 0: none
    qint64 m_firstGridMs = 0;    // the first live census of this start
    qint64 m_backfillStartMs = 0;
    bool m_fastForwarding = false;
    bool m_resumeChecked = false;

    mutable QMutex m_raidsMutex;
    QVector<DemoRaid> m_raids; // guarded by m_raidsMutex
};

} // namespace StreamRank
