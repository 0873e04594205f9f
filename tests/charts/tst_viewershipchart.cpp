// The chart widget as a user meets it (offscreen): the hover readout is a
// stored sample, never the cursor's position turned into a number; a zoom
// survives new censuses with the viewer axis fitted to it; a lone sample is
// drawn; a dark palette darkens the chart too; a hidden viewer count is a
// gap, "hidden" on hover and an empty CSV cell.
#include "downsample.h"
#include "viewershipchart.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPalette>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace StreamRank;

namespace {
constexpr qint64 T0 = 1'796'200'000'000 / 3'600'000 * 3'600'000; // a whole hour
constexpr qint64 Step = 120'000;

QVector<QPointF> series(int count)
{
    QVector<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.append(QPointF(double(T0 + i * Step), 40'000 + (i % 7) * 1'717));
    return points;
}
} // namespace

class TestViewershipChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theReadoutIsTheNearestStoredSample()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVector<QPointF> points{{double(T0), 49849}, {double(T0 + Step), 51567}};
        chart.setSeries(QStringLiteral("s"), points);
        chart.setEventMarkers({{points.at(1), QStringLiteral("Viewers rose 40 % in 10 minutes")}});
        // Between the two, nearer the second: the second's stored value.
        const QString text = chart.readoutAt(T0 + Step * 3 / 4);
        QVERIFY2(text.startsWith(QLocale().toString(51567) + QStringLiteral(" viewers at ")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Viewers rose 40 %")), qPrintable(text));
        QVERIFY2(chart.readoutAt(T0 + Step / 4).startsWith(QLocale().toString(49849)),
                 qPrintable(chart.readoutAt(T0)));
    }

    void aZoomSurvivesNewCensuses()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("s"), series(60));
        const qint64 from = T0 + 10 * Step;
        const qint64 to = T0 + 20 * Step;
        chart.zoomTo(from, to);
        QVERIFY(chart.isZoomed());
        const auto zoomed = chart.shownRange();
        QVERIFY(zoomed.first <= from && zoomed.second >= to);
        QVERIFY(zoomed.second - zoomed.first < 2 * (to - from)); // rounded out, not reset
        for (int i = 60; i < 70; ++i) {
            chart.appendPoint(T0 + i * Step, 60'000);
            QTest::qWait(120); // past the redraw coalescing
        }
        QCOMPARE(chart.shownRange(), zoomed);
        QVERIFY(chart.isZoomed());
        // The viewer axis fits the zoomed range (≤ 50,302 there), not the
        // 60,000 outside it.
        QCOMPARE(chart.viewerAxisLabels().constLast(), QStringLiteral("60k"));
        chart.resetZoom();
        QVERIFY(!chart.isZoomed());
        QVERIFY(chart.shownRange().second >= T0 + 69 * Step);
    }

    void viewerLabelsAreReadable()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("s"), {{double(T0), 98'000}, {double(T0 + Step), 151'000}});
        for (const QString &label : chart.viewerAxisLabels())
            QVERIFY2(label.endsWith(u'k'), qPrintable(chart.viewerAxisLabels().join(u' ')));
        QCOMPARE(chart.timeAxisFormat(), QStringLiteral("HH:mm"));
    }

    void aLoneSampleIsDrawn()
    {
        ViewershipChart chart;
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setPalette(QPalette(Qt::white));
        chart.setSeries(QStringLiteral("s"), {{double(T0), 5000}});
        QCOMPARE(chart.pointCount(), 1);
        const auto range = chart.shownRange();
        QVERIFY(range.first < T0 && range.second > T0); // centred, with room
        QTest::qWait(100);
        const QImage image = chart.grab().toImage();
        int violet = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                violet += c.blue() > 200 && c.red() > 100 && c.red() < 190 && c.green() < 120;
            }
        QVERIFY2(violet > 10, qPrintable(QString::number(violet))); // the dot is there
    }

    void aDarkPaletteDarkensTheChart()
    {
        ViewershipChart chart;
        chart.resize(600, 300);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
        chart.setPalette(dark);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("s"), series(30));
        QTest::qWait(100); // the chart lays its labels out on the event loop
        const QImage image = chart.grab().toImage();
        int darkPixels = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                darkPixels += image.pixelColor(x, y).lightness() < 80;
        const int sampled = (image.height() / 4) * (image.width() / 4);
        QVERIFY2(darkPixels > sampled * 8 / 10, qPrintable(QString::number(darkPixels)));
        if (qEnvironmentVariableIsSet("STREAMRANK_SCREENSHOT_DIR"))
            image.save(qEnvironmentVariable("STREAMRANK_SCREENSHOT_DIR") +
                       QStringLiteral("/chart-dark.png"));
    }

    void aMonthOfMinutesIsDrawnThinnedWithItsPeak()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVector<QPointF> points;
        for (int i = 0; i < 43'200; ++i)
            points.append(QPointF(double(T0 + i * 60'000LL), 10'000 + (i * 7919) % 900));
        points[20'000].setY(480'000); // a raid
        chart.setSeries(QStringLiteral("s"), points);
        QCOMPARE(chart.pointCount(), 43'200);
        QVERIFY2(chart.drawnPointCount() <= 4 * 900 + 2,
                 qPrintable(QString::number(chart.drawnPointCount())));
        // The raid is on the viewer axis: it is drawn, not averaged away.
        QString top = chart.viewerAxisLabels().constLast();
        QVERIFY2(top.endsWith(u'k'), qPrintable(top));
        const double topViewers = top.chopped(1).toDouble() * 1000;
        QVERIFY2(topViewers >= 480'000 && topViewers < 1'000'000, qPrintable(top));
        // Zoomed to a day, that day is drawn at full resolution.
        const qint64 day = T0 + 10 * 86'400'000LL;
        chart.zoomTo(day, day + 86'400'000LL);
        const auto [from, to] = chart.shownRange();
        const qint64 inRange = (to - from) / 60'000 + 1;
        QVERIFY2(
            std::abs(chart.drawnPointCount() - inRange) <= 3,
            qPrintable(
                QStringLiteral("%1 drawn, %2 in range").arg(chart.drawnPointCount()).arg(inRange)));
    }

    void exportsWriteAPngAnSvgThatParsesAndTheShownData()
    {
        ViewershipChart chart;
        chart.resize(800, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("Demo · aurora"), series(30));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        QVERIFY2(chart.exportPng(dir.filePath(QStringLiteral("c.png")), &error), qPrintable(error));
        const QImage png(dir.filePath(QStringLiteral("c.png")));
        QVERIFY(!png.isNull());
        QCOMPARE(png.size(), QSize(800, 320) * png.devicePixelRatio());

        QVERIFY2(chart.exportSvg(dir.filePath(QStringLiteral("c.svg")), &error), qPrintable(error));
        if (qEnvironmentVariableIsSet("STREAMRANK_SCREENSHOT_DIR"))
            QFile::copy(dir.filePath(QStringLiteral("c.svg")),
                        qEnvironmentVariable("STREAMRANK_SCREENSHOT_DIR") +
                            QStringLiteral("/chart.svg"));
        QFile svg(dir.filePath(QStringLiteral("c.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        // Well-formed XML whose root is <svg>, with drawn shapes and the title.
        QXmlStreamReader xml(&svg);
        QString root;
        int shapes = 0;
        bool titled = false;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (root.isEmpty())
                    root = xml.name().toString();
                shapes +=
                    xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline");
            } else if (xml.isCharacters() && xml.text().contains(u"Demo · aurora"_qs)) {
                titled = true;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY(shapes > 0);
        QVERIFY(titled);

        chart.zoomTo(T0 + 5 * Step, T0 + 9 * Step);
        QVERIFY2(chart.exportCsv(dir.filePath(QStringLiteral("c.csv")), &error), qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.constFirst(), QByteArray("time,viewers"));
        const auto [from, to] = chart.shownRange();
        const QVector<QPointF> all = series(30);
        QByteArrayList expected;
        for (const QPointF &p : all)
            if (p.x() >= from && p.x() <= to)
                expected.append(QDateTime::fromMSecsSinceEpoch(qint64(p.x()), Qt::UTC)
                                    .toString(Qt::ISODate)
                                    .toUtf8() +
                                ',' + QByteArray::number(qint64(p.y())));
        QVERIFY(expected.size() >= 5);
        QCOMPARE(lines.mid(1, lines.size() - 2), expected);
        QCOMPARE(lines.constLast(), QByteArray()); // ends with a newline

        // A folder that does not exist: a clear message, no file.
        QVERIFY(!chart.exportPng(dir.filePath(QStringLiteral("missing/c.png")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing/c.png")), qPrintable(error));
    }

    void rollupsShowAverageAndPeakInTheReadoutAxisAndCsv()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // Three 5-minute buckets; the middle one held a 2-minute raid whose
        // peak (96,000) the average (52,500.5) would hide.
        constexpr qint64 Bucket = 300'000;
        const QVector<QPointF> averages{{double(T0), 40'000},
                                        {double(T0 + Bucket), 52'500.5},
                                        {double(T0 + 2 * Bucket), 41'000}};
        const QVector<QPointF> peaks{
            {double(T0), 41'200}, {double(T0 + Bucket), 96'000}, {double(T0 + 2 * Bucket), 41'900}};
        chart.setSeries(QStringLiteral("s"), averages, peaks, QStringLiteral("5 min"));
        const QString text = chart.readoutAt(T0 + Bucket + 20'000);
        QVERIFY2(text.startsWith(QLocale().toString(52'501) +
                                 QStringLiteral(" viewers on average, "
                                                "peak ") +
                                 QLocale().toString(96'000) + QStringLiteral(", in the 5 min")),
                 qPrintable(text));
        // The viewer axis reaches the peak, not only the averages.
        bool reachesPeak = false;
        for (const QString &label : chart.viewerAxisLabels()) {
            QString digits = label;
            digits.remove(QRegularExpression(QStringLiteral("[^0-9.k]")));
            const double value =
                digits.endsWith(u'k') ? digits.chopped(1).toDouble() * 1000 : digits.toDouble();
            reachesPeak = reachesPeak || value >= 96'000;
        }
        QVERIFY2(reachesPeak, qPrintable(chart.viewerAxisLabels().join(u' ')));

        QTemporaryDir dir;
        QString error;
        QVERIFY2(chart.exportCsv(dir.filePath(QStringLiteral("r.csv")), &error), qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("r.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.value(0), QByteArray("bucket_start,viewers_average,viewers_peak"));
        const QByteArray middle =
            QDateTime::fromMSecsSinceEpoch(T0 + Bucket, Qt::UTC).toString(Qt::ISODate).toUtf8() +
            ",52500.50,96000";
        QVERIFY2(lines.contains(middle), csv.fileName().toUtf8().constData());

        // Back to every census: one line, the plain readout.
        chart.setSeries(QStringLiteral("s"), series(10));
        QVERIFY(chart.readoutAt(T0).contains(QStringLiteral(" viewers at ")));
    }

    // A count the channel hides (y = Downsample::HiddenY): a gap in the line,
    // never a drop to 0; the hover says so; the CSV cell is empty.
    void aHiddenCountIsAGapSaidOnHoverAndEmptyInTheCsv()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVector<QPointF> points = series(12);
        points[4].setY(Downsample::HiddenY);
        points[8].setY(Downsample::HiddenY);
        chart.setSeries(QStringLiteral("s"), points);
        QCOMPARE(chart.pointCount(), 12);
        QCOMPARE(chart.segmentCount(0), 3);
        QCOMPARE(chart.drawnPointCount(), 10);
        const QString hidden = chart.readoutAt(T0 + 4 * Step);
        QVERIFY2(hidden.startsWith(QStringLiteral("Viewer count hidden at ")), qPrintable(hidden));
        QVERIFY(chart.readoutAt(T0 + 5 * Step).contains(QStringLiteral(" viewers at ")));
        // The axis is fitted to the known counts (the highest is 50,302).
        QCOMPARE(chart.viewerAxisLabels().constLast(), QStringLiteral("60k"));

        // A live census with a hidden count, then a known one: a new run.
        chart.appendPoint(T0 + 12 * Step, -1); // StreamObservation::UnknownViewers
        chart.appendPoint(T0 + 13 * Step, 41'000);
        QCOMPARE(chart.segmentCount(0), 4);
        QVERIFY(chart.readoutAt(T0 + 12 * Step).contains(QStringLiteral("hidden")));

        QTemporaryDir dir;
        QString error;
        QVERIFY2(chart.exportCsv(dir.filePath(QStringLiteral("h.csv")), &error), qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("h.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        const QByteArray at4 =
            QDateTime::fromMSecsSinceEpoch(T0 + 4 * Step, Qt::UTC).toString(Qt::ISODate).toUtf8();
        QVERIFY2(lines.contains(at4 + ','), lines.join('|').constData());

        // Rollups: a bucket of hidden counts only.
        constexpr qint64 Bucket = 300'000;
        const QVector<QPointF> averages{{double(T0), 40'000},
                                        {double(T0 + Bucket), Downsample::HiddenY},
                                        {double(T0 + 2 * Bucket), 41'000}};
        const QVector<QPointF> peaks{{double(T0), 41'200},
                                     {double(T0 + Bucket), Downsample::HiddenY},
                                     {double(T0 + 2 * Bucket), 41'900}};
        chart.setSeries(QStringLiteral("r"), averages, peaks, QStringLiteral("5 min"), Bucket);
        QCOMPARE(chart.segmentCount(0), 2);
        QVERIFY2(chart.readoutAt(T0 + Bucket)
                     .startsWith(QStringLiteral("Viewer count hidden in the 5 min from ")),
                 qPrintable(chart.readoutAt(T0 + Bucket)));
        QVERIFY2(chart.exportCsv(dir.filePath(QStringLiteral("r.csv")), &error), qPrintable(error));
        QFile rolled(dir.filePath(QStringLiteral("r.csv")));
        QVERIFY(rolled.open(QIODevice::ReadOnly));
        const QByteArray middle =
            QDateTime::fromMSecsSinceEpoch(T0 + Bucket, Qt::UTC).toString(Qt::ISODate).toUtf8();
        QVERIFY(rolled.readAll().split('\n').contains(middle + ",,"));

        // Compared lines: the hidden one says so in the shared readout.
        ChartLine a{QStringLiteral("a"), series(6), {}, {}, false, QStringLiteral("a"), 0};
        ChartLine b{QStringLiteral("b"), series(6), {}, {}, false, QStringLiteral("b"), 0};
        b.points[3].setY(Downsample::HiddenY);
        chart.setLines(QStringLiteral("both"), {a, b}, QString());
        const QString both = chart.readoutAt(T0 + 3 * Step);
        QVERIFY2(both.contains(QStringLiteral("b: hidden")), qPrintable(both));
        QCOMPARE(chart.segmentCount(1), 2);
    }

    void keysPanAndZoomAndHomeResets()
    {
        ViewershipChart chart;
        chart.resize(900, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(QStringLiteral("s"), series(360)); // 12 hours
        const auto whole = chart.shownRange();
        QVERIFY(!chart.isZoomed());
        QTest::keyClick(&chart, Qt::Key_Plus);
        QVERIFY(chart.isZoomed());
        const auto zoomed = chart.shownRange();
        QVERIFY(zoomed.second - zoomed.first < whole.second - whole.first);
        QTest::keyClick(&chart, Qt::Key_Left);
        const auto left = chart.shownRange();
        QVERIFY2(left.first < zoomed.first && left.second < zoomed.second,
                 qPrintable(QStringLiteral("%1 %2")
                                .arg(left.first - zoomed.first)
                                .arg(left.second - zoomed.second)));
        QTest::keyClick(&chart, Qt::Key_Right);
        QTest::keyClick(&chart, Qt::Key_Right);
        QVERIFY(chart.shownRange().first > left.first);
        // A census arrives: the panned view stays.
        const auto panned = chart.shownRange();
        chart.appendPoint(T0 + 360 * Step, 41'000);
        QTest::qWait(150);
        QCOMPARE(chart.shownRange(), panned);
        QTest::keyClick(&chart, Qt::Key_Minus);
        QVERIFY(chart.shownRange().second - chart.shownRange().first >
                panned.second - panned.first);
        QTest::keyClick(&chart, Qt::Key_Home);
        QVERIFY(!chart.isZoomed());
    }
};

QTEST_MAIN(TestViewershipChart)
#include "tst_viewershipchart.moc"
