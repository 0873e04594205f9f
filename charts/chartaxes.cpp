#include "chartaxes.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <cmath>

namespace StreamRank::ChartAxes {

namespace {

constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

} // namespace

QString viewerCount(double viewers, const QLocale &locale)
{
    const double v = std::abs(viewers);
    if (v < 10'000)
        return locale.toString(qRound64(viewers));
    const bool millions = v >= 1'000'000;
    const double scaled = viewers / (millions ? 1e6 : 1e3);
    // Three significant digits: 12.3k, 123k, 1.25M.
    const int decimals = std::abs(scaled) < 10 ? 2 : std::abs(scaled) < 100 ? 1 : 0;
    QString text = locale.toString(scaled, 'f', decimals);
    // 12.0k reads as 12k.
    const QString point = locale.decimalPoint();
    if (decimals > 0 && text.contains(point)) {
        while (text.endsWith(locale.zeroDigit()))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return text + (millions ? QStringLiteral("M") : QStringLiteral("k"));
}

QVector<Tick> viewerTicks(double maxViewers, int wanted, const QLocale &locale)
{
    wanted = std::max(2, wanted);
    const double top = std::max(10.0, maxViewers);
    const double rough = top / wanted;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= rough)
            break;
    }
    QVector<Tick> ticks;
    const int count = int(std::ceil(top / step - 1e-9));
    for (int i = 0; i <= count; ++i)
        ticks.append({i * step, viewerCount(i * step, locale)});
    return ticks;
}

TimeAxis timeAxis(qint64 fromMs, qint64 toMs, int wanted, const QTimeZone &zone)
{
    if (toMs <= fromMs)
        toMs = fromMs + MinuteMs;
    wanted = std::max(2, wanted);
    static constexpr std::array<qint64, 14> Steps{
        MinuteMs,      2 * MinuteMs, 5 * MinuteMs, 10 * MinuteMs, 15 * MinuteMs,
        30 * MinuteMs, HourMs,       2 * HourMs,   3 * HourMs,    6 * HourMs,
        12 * HourMs,   DayMs,        2 * DayMs,    7 * DayMs};
    TimeAxis axis;
    axis.stepMs = Steps.back();
    for (const qint64 s : Steps) {
        // The span rounded out to the step on both sides still fits.
        if ((toMs - fromMs) / s + 2 <= wanted) {
            axis.stepMs = s;
            break;
        }
    }
    // Round local times: the local midnight of the first day plus whole
    // steps (steps under a day divide it).
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs, zone);
    const qint64 midnight = QDateTime(from.date(), QTime(0, 0), zone).toMSecsSinceEpoch();
    const qint64 step = axis.stepMs;
    axis.startMs = midnight + (fromMs - midnight) / step * step;
    const qint64 steps = std::max<qint64>(1, (toMs - axis.startMs + step - 1) / step);
    axis.endMs = axis.startMs + steps * step;
    axis.tickCount = int(steps + 1);
    const bool oneDay = QDateTime::fromMSecsSinceEpoch(axis.startMs, zone).date() ==
                        QDateTime::fromMSecsSinceEpoch(axis.endMs - 1, zone).date();
    if (step >= DayMs)
        axis.format = QStringLiteral("ddd d MMM");
    else if (oneDay)
        axis.format = QStringLiteral("HH:mm");
    else
        axis.format = QStringLiteral("d MMM HH:mm");
    return axis;
}

int nearestIndex(const QVector<QPointF> &points, double x)
{
    if (points.isEmpty())
        return -1;
    const auto it = std::lower_bound(points.cbegin(), points.cend(), x,
                                     [](const QPointF &p, double v) { return p.x() < v; });
    if (it == points.cbegin())
        return 0;
    if (it == points.cend())
        return int(points.size() - 1);
    const auto before = it - 1;
    return int((x - before->x() <= it->x() - x ? before : it) - points.cbegin());
}

} // namespace StreamRank::ChartAxes
