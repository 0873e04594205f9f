#include "clock.h"

#include <QDateTime>
#include <QMutex>
#include <QMutexLocker>

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

QString timeZoneName(const QTimeZone &zone, qint64 atMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs, zone);
    const QString abbreviation = zone.abbreviation(at);
    // Names such as "+05" say less than the offset written out.
    if (!abbreviation.isEmpty() && !abbreviation.startsWith(u'+') && !abbreviation.startsWith(u'-'))
        return abbreviation;
    return zone.displayName(at, QTimeZone::OffsetName);
}

namespace {
// A copy is taken under the lock: QTimeZone is implicitly shared, so a reader
// holds its own reference while the window sets another zone.
struct DisplayZone
{
    QMutex mutex;
    QTimeZone zone = QTimeZone::systemTimeZone();
};

DisplayZone &displayZone()
{
    static DisplayZone instance;
    return instance;
}
} // namespace

QTimeZone displayTimeZone()
{
    DisplayZone &d = displayZone();
    const QMutexLocker lock(&d.mutex);
    return d.zone;
}

void setDisplayTimeZone(const QTimeZone &zone)
{
    DisplayZone &d = displayZone();
    const QMutexLocker lock(&d.mutex);
    d.zone = zone.isValid() ? zone : QTimeZone::systemTimeZone();
}

QString localTimeText(qint64 ms, const QString &format)
{
    const QTimeZone zone = displayTimeZone();
    return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(format) + u' ' +
           timeZoneName(zone, ms);
}

QString isoUtcText(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.toString(ms % 1000 == 0 ? Qt::ISODate : Qt::ISODateWithMs);
}

} // namespace StreamRank
