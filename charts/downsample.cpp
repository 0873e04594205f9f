#include "downsample.h"

#include <algorithm>
#include <array>
#include <vector>

namespace StreamRank::Downsample {

QVector<QPointF> minMaxPerColumn(const QVector<QPointF> &points, double fromX, double toX,
                                 int columns)
{
    const auto byX = [](const QPointF &p, double x) { return p.x() < x; };
    const auto xBefore = [](double x, const QPointF &p) { return x < p.x(); };
    qsizetype begin =
        std::lower_bound(points.cbegin(), points.cend(), fromX, byX) - points.cbegin();
    qsizetype end =
        std::upper_bound(points.cbegin(), points.cend(), toX, xBefore) - points.cbegin();
    QVector<QPointF> out;
    // A hidden neighbour is a gap: the line does not run past it to the edge.
    if (begin > 0 && !isHidden(points.at(begin - 1)))
        out.append(points.at(begin - 1));
    if (columns < 1 || toX <= fromX || end - begin <= 4LL * columns) {
        out.reserve(out.size() + (end - begin) + 1);
        for (qsizetype i = begin; i < end; ++i) {
            if (!isHidden(points.at(i)))
                out.append(points.at(i));
        }
    } else {
        out.reserve(4 * columns + 2);
        const double width = (toX - fromX) / columns;
        qsizetype i = begin;
        while (i < end) {
            const int column =
                std::min(columns - 1, static_cast<int>((points.at(i).x() - fromX) / width));
            const double columnEnd = fromX + (column + 1) * width;
            qsizetype first = -1, low = -1, high = -1, last = -1;
            const auto take = [&](qsizetype k) {
                const double y = points.at(k).y();
                if (std::isnan(y)) // hidden: neither low nor high, nor drawn
                    return;
                if (first < 0) {
                    first = low = high = k;
                } else if (y < points.at(low).y()) {
                    low = k;
                } else if (y > points.at(high).y()) {
                    high = k;
                }
                last = k;
            };
            take(i); // the column's first point, whatever rounding says of columnEnd
            for (++i; i < end && (points.at(i).x() < columnEnd || column == columns - 1); ++i)
                take(i);
            if (first < 0)
                continue;
            std::array<qsizetype, 4> kept{first, low, high, last};
            std::sort(kept.begin(), kept.end());
            const qsizetype *keptEnd = std::unique(kept.begin(), kept.end());
            for (const qsizetype *k = kept.begin(); k != keptEnd; ++k)
                out.append(points.at(*k));
        }
    }
    if (end < points.size() && !isHidden(points.at(end)))
        out.append(points.at(end));
    return out;
}

QVector<QVector<QPointF>> splitAtGaps(const QVector<QPointF> &points, double gapX)
{
    QVector<QVector<QPointF>> runs;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= points.size(); ++i) {
        const bool hidden = i < points.size() && isHidden(points.at(i));
        const bool spaced = i > start && i < points.size() && gapX > 0 &&
                            points.at(i).x() - points.at(i - 1).x() > gapX;
        if (i == points.size() || hidden || spaced) {
            if (i > start)
                runs.append(points.mid(start, i - start));
            start = hidden ? i + 1 : i;
        }
    }
    return runs;
}

double gapThreshold(const QVector<QPointF> &points, double stepX)
{
    if (stepX > 0)
        return 2.5 * stepX;
    if (points.size() < 3)
        return 0;
    std::vector<double> steps;
    steps.reserve(static_cast<size_t>(points.size() - 1));
    for (qsizetype i = 1; i < points.size(); ++i)
        steps.push_back(points.at(i).x() - points.at(i - 1).x());
    const auto quartile = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 4);
    std::nth_element(steps.begin(), quartile, steps.end());
    return 2.5 * *quartile;
}

} // namespace StreamRank::Downsample
