#pragma once
// The interface every platform collector implements (Demo, Twitch, YouTube,
// Kick). A collector lives on its own thread; it emits each finished census as
// a value and reports its state in words for the status bar.

#include "census.h"

#include <QObject>

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

public Q_SLOTS:
    // Both are invoked on the collector's own thread (queued).
    virtual void start() = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void censusReady(const StreamRank::Census &census);
    void stateChanged(StreamRank::Platform platform, StreamRank::CollectorState state,
                      const QString &detail);
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::CollectorState)
