#include "clock.h"

#include <QDateTime>

namespace StreamRank {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

ScaledClock::ScaledClock(qint64 startMs, double speed)
    : m_startMs(startMs), m_wallStartMs(QDateTime::currentMSecsSinceEpoch()), m_speed(speed)
{}

qint64 ScaledClock::nowMs() const
{
    const qint64 wallElapsed = QDateTime::currentMSecsSinceEpoch() - m_wallStartMs;
    return m_startMs + static_cast<qint64>(static_cast<double>(wallElapsed) * m_speed);
}

} // namespace StreamRank
