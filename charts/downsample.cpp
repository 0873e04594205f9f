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
    if (begin > 0)
        out.append(points.at(begin - 1));
    if (columns < 1 || toX <= fromX || end - begin <= 4LL * columns) {
        out.append(points.mid(begin, end - begin));
    } else {
        out.reserve(4 * columns + 2);
        const double width = (toX - fromX) / columns;
        qsizetype i = begin;
        while (i < end) {
            const int column =
                std::min(columns - 1, static_cast<int>((points.at(i).x() - fromX) / width));
            const double columnEnd = fromX + (column + 1) * width;
            qsizetype first = i, low = i, high = i, last = i;
            for (++i; i < end && (points.at(i).x() < columnEnd || column == columns - 1); ++i) {
                if (points.at(i).y() < points.at(low).y())
                    low = i;
                if (points.at(i).y() > points.at(high).y())
                    high = i;
                last = i;
            }
            std::array<qsizetype, 4> kept{first, low, high, last};
            std::sort(kept.begin(), kept.end());
            const qsizetype *keptEnd = std::unique(kept.begin(), kept.end());
            for (const qsizetype *k = kept.begin(); k != keptEnd; ++k)
                out.append(points.at(*k));
        }
    }
    if (end < points.size())
        out.append(points.at(end));
    return out;
}

QVector<QVector<QPointF>> splitAtGaps(const QVector<QPointF> &points, double gapX)
{
    QVector<QVector<QPointF>> runs;
    qsizetype start = 0;
    for (qsizetype i = 1; i <= points.size(); ++i) {
        if (i == points.size() || (gapX > 0 && points.at(i).x() - points.at(i - 1).x() > gapX)) {
            runs.append(points.mid(start, i - start));
            start = i;
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
