// The chart with more than one line, as an analyst uses it: a channel's
// offline stretches are gaps, not lines across; compared lines each have a
// colour, a legend entry and can be hidden (and stay hidden through a
// reload); normalised lines share a percent axis while the readout and the
// CSV keep the stored values; a category's live channels get their own axis.
#include "viewershipchart.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPalette>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace StreamRank;

namespace {
constexpr qint64 T0 = 1'796'200'000'000 / 3'600'000 * 3'600'000; // a whole hour
constexpr qint64 Step = 120'000;                                 // a census every 2 minutes

// count censuses from `start`, viewers around `level`.
QVector<QPointF> run(qint64 start, int count, double level)
{
    QVector<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.append(QPointF(double(start + i * Step), level + (i % 5) * level / 50));
    return points;
}

bool isViolet(const QColor &c)
{
    return c.blue() > 200 && c.red() > 100 && c.red() < 190 && c.green() < 120;
}

double topOfAxis(const QStringList &labels)
{
    // "60k", "1.2M", "900", "9,500": the last label as a number.
    QString top = labels.constLast();
    double factor = 1;
    if (top.endsWith(u'k'))
        factor = 1e3;
    else if (top.endsWith(u'M'))
        factor = 1e6;
    if (factor > 1)
        top.chop(1);
    return QLocale().toDouble(top) * factor;
}
} // namespace

class TestChartCompare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anOfflineStretchIsAGapNotALine()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.setPalette(QPalette(Qt::white));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // Two broadcasts of an hour each, three hours apart.
        QVector<QPointF> points = run(T0, 30, 20'000);
        points += run(T0 + 4 * 3'600'000, 30, 20'000);
        chart.setSeries(QStringLiteral("orbitlab — all broadcasts"), points);
        QCOMPARE(chart.segmentCount(0), 2);
        QTest::qWait(150);
        const QImage image = chart.grab().toImage();
        // Columns where the line is drawn: the broadcasts'. Between them a
        // wide band of columns without it.
        QVector<bool> drawn(image.width());
        // The plot's rows only: the legend's swatch below is violet too.
        for (int x = 0; x < image.width(); ++x)
            for (int y = 0; y < image.height() * 6 / 10 && !drawn[x]; ++y)
                drawn[x] = isViolet(image.pixelColor(x, y));
        const int first = int(drawn.indexOf(true));
        const int last = int(drawn.lastIndexOf(true));
        QVERIFY(first >= 0 && last > first);
        int longestEmpty = 0, empty = 0;
        for (int x = first; x <= last; ++x) {
            empty = drawn[x] ? 0 : empty + 1;
            longestEmpty = std::max(longestEmpty, empty);
        }
        // The gap is 3 of the 5 hours shown between the first and last sample.
        QVERIFY2(longestEmpty > (last - first) * 4 / 10,
                 qPrintable(QStringLiteral("%1 of %2").arg(longestEmpty).arg(last - first)));

        // The same samples without the pause are one line.
        chart.setSeries(QStringLiteral("orbitlab — all broadcasts"), run(T0, 60, 20'000));
        QCOMPARE(chart.segmentCount(0), 1);
        // A census that comes back after a pause starts a new run.
        chart.appendPoint(T0 + 60 * Step + 2 * 3'600'000, 21'000);
        QCOMPARE(chart.segmentCount(0), 2);
    }

    void comparedLinesHaveColoursALegendAndCanBeHidden()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QVector<ChartLine> lines = {
            {QStringLiteral("orbitlab · Twitch"), run(T0, 30, 60'000), {}, {}, false},
            {QStringLiteral("nebula · Demo"), run(T0, 30, 3'000), {}, {}, false},
            {QStringLiteral("labcast · Kick"), run(T0 + 10 * Step, 20, 800), {}, {}, false}};
        chart.setLines(QStringLiteral("Comparing 3 subjects"), lines, QString());
        QCOMPARE(chart.lineCount(), 3);
        QCOMPARE(chart.lineNames(),
                 QStringList({QStringLiteral("orbitlab · Twitch"), QStringLiteral("nebula · Demo"),
                              QStringLiteral("labcast · Kick")}));
        QSet<QRgb> colours;
        for (int i = 0; i < chart.lineCount(); ++i)
            colours.insert(chart.lineColour(i).rgb());
        QCOMPARE(colours.size(), 3);
        // The readout names every line's value at that time.
        const QString readout = chart.readoutAt(T0 + 12 * Step);
        QVERIFY2(readout.contains(QStringLiteral("orbitlab · Twitch: ")) &&
                     readout.contains(QStringLiteral("nebula · Demo: ")) &&
                     readout.contains(QStringLiteral("labcast · Kick: ")),
                 qPrintable(readout));
        QVERIFY2(readout.contains(QLocale().toString(qRound64(lines[1].points[12].y()))),
                 qPrintable(readout));
        // Before the third line starts it has no sample there.
        QVERIFY2(chart.readoutAt(T0).contains(QStringLiteral("labcast · Kick: no sample")),
                 qPrintable(chart.readoutAt(T0)));
        QVERIFY(topOfAxis(chart.viewerAxisLabels()) >= 60'000);

        // Hiding the biggest line fits the axis to the others and drops it
        // from the readout.
        chart.setLineVisible(0, false);
        QVERIFY(!chart.isLineVisible(0));
        const double top = topOfAxis(chart.viewerAxisLabels());
        QVERIFY2(top >= 3'000 && top < 10'000, qPrintable(chart.viewerAxisLabels().join(u' ')));
        QVERIFY(!chart.readoutAt(T0 + 12 * Step).contains(QStringLiteral("orbitlab")));
        // A reload (the next census) keeps it hidden; another subject in its
        // place is shown.
        chart.setLines(QStringLiteral("Comparing 3 subjects"), lines, QString());
        QVERIFY(!chart.isLineVisible(0));
        QVERIFY(chart.isLineVisible(1));
        chart.setLineVisible(0, true);
        QVERIFY(topOfAxis(chart.viewerAxisLabels()) >= 60'000);

        // More than eight are not drawn.
        QVector<ChartLine> many;
        for (int i = 0; i < 10; ++i)
            many.append({QStringLiteral("s%1").arg(i), run(T0, 10, 100 + i), {}, {}, false});
        chart.setLines(QStringLiteral("many"), many, QString());
        QCOMPARE(chart.lineCount(), ViewershipChart::MaxLines);
    }

    void normalisedLinesShareAPercentAxisAndKeepTheirValues()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVector<QPointF> big = run(T0, 30, 50'000);
        QVector<QPointF> small = run(T0, 30, 500);
        big[10].setY(80'000); // each line's own peak
        small[20].setY(1'000);
        chart.setLines(QStringLiteral("Comparing 2 subjects"),
                       {{QStringLiteral("big"), big, {}, {}, false},
                        {QStringLiteral("small"), small, {}, {}, false}},
                       QString());
        QVERIFY(topOfAxis(chart.viewerAxisLabels()) >= 80'000);
        chart.setNormalized(true);
        QVERIFY(chart.isNormalized());
        QVERIFY2(chart.viewerAxisLabels().contains(QStringLiteral("100 %")),
                 qPrintable(chart.viewerAxisLabels().join(u' ')));
        // The readout: the stored value and its share of the line's peak.
        const QString readout = chart.readoutAt(T0 + 20 * Step);
        QVERIFY2(
            readout.contains(
                QStringLiteral("small: %1 (100 % of its peak)").arg(QLocale().toString(1'000))),
            qPrintable(readout));
        QVERIFY2(readout.contains(QStringLiteral("big: %1 (%2 % of its peak)")
                                      .arg(QLocale().toString(qRound64(big[20].y())))
                                      .arg(qRound(big[20].y() * 100 / 80'000))),
                 qPrintable(readout));

        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("compare.csv"));
        QVERIFY2(chart.exportCsv(path, &error), qPrintable(error));
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().split('\n');
        QCOMPARE(rows.constFirst(), QByteArray("time,series,value"));
        QCOMPARE(rows.size(), 1 + 60 + 1); // header, 30 + 30 points, final newline
        QVERIFY(rows.contains(
            QDateTime::fromMSecsSinceEpoch(T0 + 20 * Step, Qt::UTC).toString(Qt::ISODate).toUtf8() +
            ",small,1000"));
        chart.setNormalized(false);
        QVERIFY(topOfAxis(chart.viewerAxisLabels()) >= 80'000);
    }

    void aCategorysLiveChannelsHaveTheirOwnAxis()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVector<QPointF> channels;
        for (const QPointF &p : run(T0, 30, 40))
            channels.append(p);
        chart.setLines(QStringLiteral("Science & Technology"),
                       {{QStringLiteral("Viewers"), run(T0, 30, 90'000), {}, {}, false},
                        {QStringLiteral("Live channels"), channels, {}, {}, true}},
                       QString());
        // Viewers on the left up to ~90k, channels on the right up to ~40.
        QVERIFY(topOfAxis(chart.viewerAxisLabels()) >= 90'000);
        const QStringList right = chart.channelAxisLabels();
        QVERIFY2(!right.isEmpty(), "no channel axis");
        const double top = topOfAxis(right);
        QVERIFY2(top >= 40 && top < 100, qPrintable(right.join(u' ')));
        // A stream alone has no channel axis.
        chart.setSeries(QStringLiteral("s"), run(T0, 30, 500));
        QVERIFY(chart.channelAxisLabels().isEmpty());
    }
};

QTEST_MAIN(TestChartCompare)
#include "tst_chartcompare.moc"
