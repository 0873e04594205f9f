#pragma once
// The chart's readable axes and hover, as pure functions (no Qt Charts):
// viewer ticks on 1-2-5 steps labelled with the locale's separators or
// "12.3k"; a time axis on round local times that does not move as censuses
// arrive, with the date where the range needs it; the stored point nearest
// the cursor.

#include <QLocale>
#include <QPointF>
#include <QString>
#include <QTimeZone>
#include <QVector>

namespace StreamRank::ChartAxes {

struct Tick
{
    double value = 0; // viewers, or epoch ms
    QString label;
};

// "950", "9,500", "12.3k", "1.25M" (the locale's digits and separators).
QString viewerCount(double viewers, const QLocale &locale = QLocale());

// Ticks from 0 to at least maxViewers on a 1-2-5 step, about `wanted` of them;
// the last tick is the axis maximum.
QVector<Tick> viewerTicks(double maxViewers, int wanted, const QLocale &locale = QLocale());

// A time axis on round local times (every 5 min, 1 h, 1 day...) covering
// [fromMs, toMs], so ticks do not move as censuses arrive: from startMs to
// endMs, tickCount ticks stepMs apart, labels in `format` (the date where the
// range crosses a day).
struct TimeAxis
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
    int tickCount = 2;
    QString format;
};
TimeAxis timeAxis(qint64 fromMs, qint64 toMs, int wanted, const QTimeZone &zone);

// Index of the point whose x is nearest `x` (points sorted by x), -1 if none.
int nearestIndex(const QVector<QPointF> &points, double x);

} // namespace StreamRank::ChartAxes
