#pragma once
// Thinning a long series for drawing without losing what matters: per pixel
// column the first, lowest, highest and last stored point are kept, in time
// order. A spike (one census at 48× the audience) is always drawn at its
// exact height and time, a dip likewise, and the line enters and leaves each
// column where the data does. At most four points per column are drawn, so a
// 30-day series at one census a minute (43,200 points) costs a few thousand.

#include <QPointF>
#include <QVector>

#include <cmath>
#include <limits>

namespace StreamRank::Downsample {

// A sample whose viewer count the platform hid (the stream was live): its y
// is NaN, never 0 or -1, so no arithmetic can take it for a count.
inline constexpr double HiddenY = std::numeric_limits<double>::quiet_NaN();
inline bool isHidden(const QPointF &p)
{
    return std::isnan(p.y());
}

// points: sorted by x. Keeps those in [fromX, toX] thinned to at most four per
// column of `columns` equal-width columns over that range, plus the nearest
// point outside it on each side (so the line runs to the edge). A range with
// no more than 4 × columns points is returned whole. Hidden points are left
// out (they are gaps, and no column's low or high).
QVector<QPointF> minMaxPerColumn(const QVector<QPointF> &points, double fromX, double toX,
                                 int columns);

// Where a line breaks: consecutive points more than gapX apart are not joined
// (the channel was offline, or nothing was collected), so the series comes
// back as runs of joined points. gapX <= 0: no break for spacing. A hidden
// point breaks the line too and is in no run: a hidden count is a gap, not
// a drop to 0.
QVector<QVector<QPointF>> splitAtGaps(const QVector<QPointF> &points, double gapX);

// The spacing that counts as a gap: more than 2.5 steps without a sample,
// i.e. more than two census intervals (or rollup buckets). stepX > 0 is the
// known step (a rollup's bucket); 0 estimates it as the lower quartile of
// the spacings (the census interval while live, even for a channel offline
// most of the time), hidden points included (they were censuses). 0 (never
// a gap) without a step and below three points.
double gapThreshold(const QVector<QPointF> &points, double stepX = 0);

} // namespace StreamRank::Downsample
