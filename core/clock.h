#pragma once
// The one source of "now" for everything time-based, so tests and the Demo
// platform can run simulated days in seconds.

#include <QString>
#include <QTimeZone>
#include <QtGlobal>

#include <atomic>
#include <memory>

namespace StreamRank {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // Unix epoch milliseconds, UTC
};

// Wall-clock time.
class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};

// Simulated time that advances `speed` times faster than the wall clock from
// a chosen start. Thread-safe: collectors and the GUI read it concurrently.
class ScaledClock final : public Clock
{
public:
    ScaledClock(qint64 startMs, double speed);
    qint64 nowMs() const override;
    double speed() const { return m_speed; }

private:
    qint64 m_startMs;
    qint64 m_wallStartMs;
    double m_speed;
};

// A clock only a test moves.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 0) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now.load(); }
    void setMs(qint64 ms) { m_now.store(ms); }
    void advanceMs(qint64 ms) { m_now.fetch_add(ms); }

private:
    std::atomic<qint64> m_now;
};

// How the window names a time zone, the same everywhere: "CET", "UTC", or
// the offset ("UTC+05:30") where the zone has no lettered abbreviation.
QString timeZoneName(const QTimeZone &zone, qint64 atMs);
// The zone every time the window shows is in: the system's (as it was when
// first asked, or when set again) unless the user chose UTC (View → Show
// times in UTC). Process-wide; read and set from any thread.
QTimeZone displayTimeZone();
void setDisplayTimeZone(const QTimeZone &zone);
// A time as the window shows it: in the display zone ("local" is the user's
// choice, the system's zone by default), in `format`, the zone named after it
// ("2026-12-02 15:04 CET", or "2026-12-02 14:04 UTC").
QString localTimeText(qint64 ms, const QString &format = QStringLiteral("yyyy-MM-dd HH:mm"));
// ISO 8601 in UTC ("2026-12-02T18:00:00Z", milliseconds only when there are
// some): headless output, exports and logs.
QString isoUtcText(qint64 ms);

} // namespace StreamRank
