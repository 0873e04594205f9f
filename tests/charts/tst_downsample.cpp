// Thinning for display keeps what an analyst looks for: every spike and dip
// at its exact value and time, the first and last point, time order, and at
// most four points per pixel column.
#include "downsample.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace StreamRank;

namespace {
constexpr double Minute = 60'000;

QVector<QPointF> noisySeries(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QVector<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.append(QPointF(i * Minute, 20'000 + random.bounded(2'000)));
    return points;
}
} // namespace

class TestDownsample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void thirtyDaysBecomeAtMostFourPointsPerColumn()
    {
        const QVector<QPointF> points = noisySeries(43'200, 7);
        const QVector<QPointF> drawn =
            Downsample::minMaxPerColumn(points, 0, points.constLast().x(), 800);
        QVERIFY2(drawn.size() <= 4 * 800, qPrintable(QString::number(drawn.size())));
        QVERIFY(drawn.size() >= 800); // every column has points
        QCOMPARE(drawn.constFirst(), points.constFirst());
        QCOMPARE(drawn.constLast(), points.constLast());
        QVERIFY(std::is_sorted(drawn.cbegin(), drawn.cend(),
                               [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
        // Every drawn point is a stored one.
        for (const QPointF &p : drawn)
            QCOMPARE(points.at(static_cast<qsizetype>(p.x() / Minute)), p);
    }

    void aOneCensusSpikeAndDipSurviveExactly()
    {
        QVector<QPointF> points = noisySeries(43'200, 11);
        points[12'345].setY(960'000); // a raid, one census long
        points[30'001].setY(3);       // an outage
        const QVector<QPointF> drawn =
            Downsample::minMaxPerColumn(points, 0, points.constLast().x(), 640);
        QVERIFY(drawn.contains(points.at(12'345)));
        QVERIFY(drawn.contains(points.at(30'001)));
        // And each column's extremes are the stored ones: the drawn maximum
        // and minimum over the whole series equal the stored ones.
        const auto byY = [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); };
        QCOMPARE(std::max_element(drawn.cbegin(), drawn.cend(), byY)->y(), 960'000.0);
        QCOMPARE(std::min_element(drawn.cbegin(), drawn.cend(), byY)->y(), 3.0);
    }

    void everyColumnKeepsItsOwnExtremes()
    {
        const QVector<QPointF> points = noisySeries(10'000, 3);
        const int columns = 100;
        const double to = points.constLast().x();
        const QVector<QPointF> drawn = Downsample::minMaxPerColumn(points, 0, to, columns);
        const double width = to / columns;
        for (int c = 0; c < columns; ++c) {
            double storedMax = -1, drawnMax = -1, storedMin = 1e12, drawnMin = 1e12;
            const auto inColumn = [&](const QPointF &p) {
                return std::min(columns - 1, static_cast<int>(p.x() / width)) == c;
            };
            for (const QPointF &p : points)
                if (inColumn(p)) {
                    storedMax = std::max(storedMax, p.y());
                    storedMin = std::min(storedMin, p.y());
                }
            for (const QPointF &p : drawn)
                if (inColumn(p)) {
                    drawnMax = std::max(drawnMax, p.y());
                    drawnMin = std::min(drawnMin, p.y());
                }
            QCOMPARE(drawnMax, storedMax);
            QCOMPARE(drawnMin, storedMin);
        }
    }

    void aZoomedRangeKeepsOneNeighbourEachSide()
    {
        const QVector<QPointF> points = noisySeries(1'000, 5);
        const QVector<QPointF> drawn =
            Downsample::minMaxPerColumn(points, 100 * Minute, 199 * Minute, 400);
        // Few enough to draw whole: the 100 in range plus the neighbours.
        QCOMPARE(drawn.size(), 102);
        QCOMPARE(drawn.constFirst(), points.at(99));
        QCOMPARE(drawn.constLast(), points.at(200));
    }

    void shortAndEmptySeriesAreReturnedWhole()
    {
        QCOMPARE(Downsample::minMaxPerColumn({}, 0, 1, 100).size(), 0);
        const QVector<QPointF> one{{5 * Minute, 42}};
        QCOMPARE(Downsample::minMaxPerColumn(one, 0, 10 * Minute, 100), one);
        // A degenerate range or no columns draws what is in range.
        QCOMPARE(Downsample::minMaxPerColumn(one, 5 * Minute, 5 * Minute, 0), one);
    }

    // A hidden count (y NaN) is a gap: in no run, never a column's low or
    // high, never drawn, never a neighbour the line runs to.
    void hiddenCountsAreGapsAndNeverDrawn()
    {
        QVector<QPointF> points = noisySeries(10'000, 9);
        for (int i = 17; i < 10'000; i += 23)
            points[i].setY(Downsample::HiddenY);
        const double to = points.constLast().x();
        for (const int columns : {100, 5'000}) { // thinned, and drawn whole
            const QVector<QPointF> drawn = Downsample::minMaxPerColumn(points, 0, to, columns);
            QVERIFY(!drawn.isEmpty());
            for (const QPointF &p : drawn)
                QVERIFY(!Downsample::isHidden(p));
        }
        // Each column's extremes are still its known ones.
        const QVector<QPointF> drawn = Downsample::minMaxPerColumn(points, 0, to, 100);
        const double width = to / 100;
        const auto byY = [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); };
        QVector<QPointF> known;
        for (const QPointF &p : points)
            if (!Downsample::isHidden(p) && p.x() < width)
                known.append(p);
        QVector<QPointF> firstColumn;
        for (const QPointF &p : drawn)
            if (p.x() < width)
                firstColumn.append(p);
        QCOMPARE(std::max_element(firstColumn.cbegin(), firstColumn.cend(), byY)->y(),
                 std::max_element(known.cbegin(), known.cend(), byY)->y());
        QCOMPARE(std::min_element(firstColumn.cbegin(), firstColumn.cend(), byY)->y(),
                 std::min_element(known.cbegin(), known.cend(), byY)->y());
        // A column of hidden counts only draws nothing; a hidden neighbour is
        // not the edge.
        const QVector<QPointF> dark{{0, Downsample::HiddenY},
                                    {Minute, Downsample::HiddenY},
                                    {2 * Minute, Downsample::HiddenY}};
        QCOMPARE(Downsample::minMaxPerColumn(dark, 0, 2 * Minute, 1).size(), 0);
        QCOMPARE(Downsample::minMaxPerColumn(dark, Minute, Minute, 10).size(), 0);

        // Runs: broken at each hidden point, which is in none; the spacing
        // (for the gap threshold) still counts it as a census.
        const QVector<QPointF> line{{0, 5},
                                    {Minute, 6},
                                    {2 * Minute, Downsample::HiddenY},
                                    {3 * Minute, 7},
                                    {4 * Minute, Downsample::HiddenY},
                                    {5 * Minute, Downsample::HiddenY},
                                    {6 * Minute, 8},
                                    {7 * Minute, 9}};
        QCOMPARE(Downsample::gapThreshold(line), 2.5 * Minute);
        const auto runs = Downsample::splitAtGaps(line, Downsample::gapThreshold(line));
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs.at(0), (QVector<QPointF>{{0, 5}, {Minute, 6}}));
        QCOMPARE(runs.at(1), (QVector<QPointF>{{3 * Minute, 7}}));
        QCOMPARE(runs.at(2), (QVector<QPointF>{{6 * Minute, 8}, {7 * Minute, 9}}));
        QCOMPARE(Downsample::splitAtGaps(dark, 0).size(), 0);
    }
};

QTEST_APPLESS_MAIN(TestDownsample)
#include "tst_downsample.moc"
