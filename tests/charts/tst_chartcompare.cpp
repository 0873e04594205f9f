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
#include <QTimeZone>

#include "clock.h"

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
            {QStringLiteral("orbitlab · Twitch"), run(T0, 30, 60'000), {}, {}, false, {}, 0},
            {QStringLiteral("nebula · Demo"), run(T0, 30, 3'000), {}, {}, false, {}, 0},
            {QStringLiteral("labcast · Kick"), run(T0 + 10 * Step, 20, 800), {}, {}, false, {}, 0}};
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
            many.append({QStringLiteral("s%1").arg(i), run(T0, 10, 100 + i), {}, {}, false, {}, 0});
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
                       {{QStringLiteral("big"), big, {}, {}, false, {}, 0},
                        {QStringLiteral("small"), small, {}, {}, false, {}, 0}},
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
                       {{QStringLiteral("Viewers"), run(T0, 30, 90'000), {}, {}, false, {}, 0},
                        {QStringLiteral("Live channels"), channels, {}, {}, true, {}, 0}},
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

    void hidingFollowsTheSubjectNotTheName()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // One stream's "Viewers" hidden does not hide the next stream's.
        chart.setSeries(QStringLiteral("stream A"), run(T0, 30, 1'000));
        chart.setLineVisible(0, false);
        QVERIFY(!chart.isLineVisible(0));
        chart.setSeries(QStringLiteral("stream B"), run(T0, 30, 2'000));
        QVERIFY(chart.isLineVisible(0));
        chart.setSeries(QStringLiteral("stream A"), run(T0, 30, 1'000));
        QVERIFY(!chart.isLineVisible(0)); // A's choice is kept for A
        chart.setLineVisible(0, true);

        // Two broadcasts of one channel share a name; each hides alone.
        const QString name = QStringLiteral("orbitlab — Science · Twitch");
        chart.setLines(QStringLiteral("Comparing 2 subjects"),
                       {{name, run(T0, 30, 1'000), {}, {}, false, QStringLiteral("twitch:1"), 0},
                        {name, run(T0, 30, 2'000), {}, {}, false, QStringLiteral("twitch:2"), 0}},
                       QString(), QStringLiteral("twitch:1|twitch:2"));
        chart.setLineVisible(1, false);
        QVERIFY(chart.isLineVisible(0));
        QVERIFY(!chart.isLineVisible(1));
    }

    void aChannelOfflineMostOfTheTimeStillShowsGaps()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // Hourly rollups of a channel live one hour a day for 10 days: every
        // spacing is a day; the known step (an hour) makes each a gap.
        constexpr qint64 Hour = 3'600'000;
        QVector<QPointF> daily, peaks;
        for (int day = 0; day < 10; ++day) {
            daily.append(QPointF(double(T0 + day * 24 * Hour), 500));
            peaks.append(QPointF(double(T0 + day * 24 * Hour), 600));
        }
        chart.setLines(QStringLiteral("rare"),
                       {{QStringLiteral("rare · Twitch"), daily, peaks, {}, false, {}, Hour}},
                       QStringLiteral("1 h"));
        QCOMPARE(chart.segmentCount(0), 10);
        // Without the step, from the samples alone (raw censuses every 2
        // minutes, live 20 minutes a day): still a run a day.
        QVector<QPointF> raw;
        for (int day = 0; day < 10; ++day)
            raw += run(T0 + day * 24 * Hour, 10, 300);
        chart.setSeries(QStringLiteral("rare raw"), raw);
        QCOMPARE(chart.segmentCount(0), 10);
    }

    void theTimeAxisFollowsTheDisplayZoneWhileZoomed()
    {
        const QTimeZone before = displayTimeZone();
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        setDisplayTimeZone(QTimeZone::utc());
        chart.setSeries(QStringLiteral("s"), run(T0, 90, 1'000)); // 3 hours
        chart.zoomTo(T0 + 30 * Step, T0 + 60 * Step);
        QVERIFY(chart.isZoomed());
        const QStringList utcLabels = chart.timeAxisLabels();
        QVERIFY(!utcLabels.isEmpty());
        // Kolkata is UTC+05:30: the same range has other labels, on round
        // Kolkata times, and the zoom stays.
        setDisplayTimeZone(QTimeZone("Asia/Kolkata"));
        chart.setSeries(QStringLiteral("s"), run(T0, 90, 1'000));
        QVERIFY(chart.isZoomed());
        const QStringList kolkataLabels = chart.timeAxisLabels();
        setDisplayTimeZone(before);
        QVERIFY2(kolkataLabels != utcLabels,
                 qPrintable(utcLabels.join(u' ') + u" / " + kolkataLabels.join(u' ')));
        const QString first = QDateTime::fromMSecsSinceEpoch(T0 + 30 * Step, QTimeZone::utc())
                                  .toTimeZone(QTimeZone("Asia/Kolkata"))
                                  .toString(QStringLiteral("HH"));
        QVERIFY2(kolkataLabels.join(u' ').contains(first),
                 qPrintable(first + u" in " + kolkataLabels.join(u' ')));
    }

    void csvNamesAreQuotedAndNeverFormulas()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setLines(
            QStringLiteral("c"),
            {{QStringLiteral("Speedrun, \"any%\""), run(T0, 2, 10), {}, {}, false, {}, 0},
             {QStringLiteral("=HYPERLINK(1)"), run(T0, 2, 20), {}, {}, false, {}, 0}},
            QString());
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("names.csv"));
        QVERIFY2(chart.exportCsv(path, &error), qPrintable(error));
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray text = csv.readAll();
        QVERIFY2(text.contains(",\"Speedrun, \"\"any%\"\"\",10\n"), text.constData());
        QVERIFY2(text.contains(",'=HYPERLINK(1),20\n"), text.constData());
    }

    void theDemoMarkIsInTheExportedPicture()
    {
        ViewershipChart chart;
        chart.resize(900, 320);
        chart.setPalette(QPalette(Qt::white));
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("s"), run(T0, 30, 1'000));
        QTemporaryDir dir;
        const auto amberPixels = [&](const QString &file) {
            QString error;
            const QString path = dir.filePath(file);
            if (!chart.exportPng(path, &error))
                return -1;
            const QImage image(path);
            int amber = 0;
            for (int y = 0; y < image.height() / 3; ++y)
                for (int x = image.width() / 2; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    amber += c.red() > 120 && c.green() > 60 && c.green() < 120 && c.blue() < 40;
                }
            return amber;
        };
        QCOMPARE(amberPixels(QStringLiteral("plain.png")), 0);
        chart.setMark(QStringLiteral("Demo data"));
        QCOMPARE(chart.mark(), QStringLiteral("Demo data"));
        QTest::qWait(50);
        QVERIFY2(amberPixels(QStringLiteral("marked.png")) > 20,
                 qPrintable(QString::number(amberPixels(QStringLiteral("marked2.png")))));
        chart.setMark(QString());
        QCOMPARE(chart.mark(), QString());
    }
};

QTEST_MAIN(TestChartCompare)
#include "tst_chartcompare.moc"
