#pragma once
// The interface every platform collector implements (Demo, Twitch, YouTube,
// Kick). A collector lives on its own thread; it emits each finished census as
// a value and reports its state in words for the status bar.

#include "census.h"
#include "censusbacklog.h"
#include "censusinterner.h"

#include <QObject>

#include <memory>

namespace StreamRank {

enum class CollectorState : std::uint8_t
{
    Idle,
    Collecting,
    Waiting,
    Stale,
    Failed
};
QString collectorStateText(CollectorState s);

class Collector : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Collector() override = default;

    virtual Platform platform() const = 0;

    // Before start(): the backlog of the consumers this collector feeds. With
    // one set, a census that would find them still busy with `limit` earlier
    // ones is skipped (censusesSkipped) rather than queued. Without one,
    // every census is emitted.
    void setBacklog(std::shared_ptr<const CensusBacklog> backlog)
    {
        m_backlog = std::move(backlog);
    }

public Q_SLOTS:
    // Both are invoked on the collector's own thread (queued).
    virtual void start() = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void censusReady(const StreamRank::Census &census);
    void stateChanged(StreamRank::Platform platform, StreamRank::CollectorState state,
                      const QString &detail);
    // `count` censuses due by now were not taken, for `reason` (in words).
    void censusesSkipped(StreamRank::Platform platform, int count, const QString &reason);

protected:
    // Storage or analytics is still busy with as many censuses as it may hold.
    bool consumersBehind() const { return m_backlog && !m_backlog->hasRoom(); }
    // "storage is behind (3 censuses waiting)", for a state's detail.
    QString behindText() const;
    // Before a census is emitted or its strings kept: replaces them by the
    // equal ones of the previous census (core/censusinterner.h), so a census
    // parsed from fresh JSON costs only the strings that changed.
    void internStrings(Census &census) { m_interner.intern(census); }
    // The same for one stream as its page is parsed (then the census's call
    // above has little left to do), so a census's parsed copies never pile up.
    void internStrings(StreamObservation &o) { m_interner.intern(o); }

private:
    std::shared_ptr<const CensusBacklog> m_backlog;
    CensusInterner m_interner;
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::CollectorState)
