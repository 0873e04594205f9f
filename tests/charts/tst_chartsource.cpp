// What a chart loads from storage (app/chartsource.h) for a stream whose
// channel hides its viewer count now and then: every census and every
// rollup resolution bring the hidden samples as points without a height
// (Downsample::HiddenY), so the chart draws gaps, not drops to 0.

#include "censusstore.h"
#include "chartsource.h"
#include "database.h"
#include "downsample.h"
#include "storagereader.h"
#include "viewershipchart.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace StreamRank;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 3'600'000;
constexpr qint64 kT0 = 1'774'731'600'000; // a whole hour (UTC)

Census census(qint64 t, qint32 viewers)
{
    StreamObservation obs;
    obs.streamId = QStringLiteral("v1");
    obs.channelId = QStringLiteral("UC1");
    obs.channelLogin = QStringLiteral("@one");
    obs.channelName = QStringLiteral("One");
    obs.title = QStringLiteral("Live");
    obs.language = QStringLiteral("en");
    obs.startedAtMs = kT0;
    obs.viewers = viewers;
    Census c;
    c.platform = Platform::YouTube;
    c.takenAtMs = t;
    c.stats.pagesOk = 1;
    c.streams = {obs};
    return c;
}

// Minute m's count: hidden from minute 10 to 19, and at minute 33.
qint32 viewersAt(int m)
{
    const bool hidden = (m >= 10 && m < 20) || m == 33;
    return hidden ? StreamObservation::UnknownViewers : 1000 + m;
}

} // namespace

class TestChartSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hiddenCountsLoadAsGaps()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chart.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY2(db, qPrintable(db.error().message));
            CensusStore store((*db)->handle());
            // An hour of censuses a minute, then one that closes the hour.
            for (int m = 0; m <= 60; ++m)
                QVERIFY(store.write(census(kT0 + m * kMinute, viewersAt(m))));
            QVERIFY(store.compact());
        }
        StorageReader reader(path);
        const qint64 to = kT0 + kHour - 1;

        const ChartSeries raw = loadChartSeries(reader, ChartSubject::Stream, Platform::YouTube,
                                                QStringLiteral("v1"), kT0, to, 0);
        QCOMPARE(raw.points.size(), 60);
        int hidden = 0;
        for (int m = 0; m < 60; ++m) {
            QCOMPARE(qint64(raw.points.at(m).x()), kT0 + m * kMinute);
            const bool expectHidden = viewersAt(m) < 0;
            QCOMPARE(Downsample::isHidden(raw.points.at(m)), expectHidden);
            if (!expectHidden)
                QCOMPARE(raw.points.at(m).y(), double(viewersAt(m)));
            hidden += expectHidden;
        }
        QCOMPARE(hidden, 11);

        // 5 minutes: buckets 10 and 15 hidden whole, 30 partly (its known
        // counts only: 30, 31, 32, 34 → 1031.75).
        const ChartSeries five = loadChartSeries(reader, ChartSubject::Stream, Platform::YouTube,
                                                 QStringLiteral("v1"), kT0, to, 5 * kMinute);
        QCOMPARE(five.points.size(), 12);
        QCOMPARE(five.peaks.size(), 12);
        QVERIFY(Downsample::isHidden(five.points.at(2)));
        QVERIFY(Downsample::isHidden(five.peaks.at(3)));
        QCOMPARE(five.points.at(6).y(), 1031.75);
        QCOMPARE(five.peaks.at(6).y(), 1034.0);
        QVERIFY(!Downsample::isHidden(five.points.at(4)));

        // Drawn: the gap splits the line; the hover names the hidden bucket.
        ViewershipChart chart;
        chart.resize(800, 300);
        chart.setSeries(QStringLiteral("One"), raw.points);
        QCOMPARE(chart.segmentCount(0), 3);
        QVERIFY(chart.readoutAt(kT0 + 15 * kMinute).contains(QStringLiteral("hidden")));
        chart.setSeries(QStringLiteral("One"), five.points, five.peaks, QStringLiteral("5 min"),
                        5 * kMinute);
        QCOMPARE(chart.segmentCount(0), 2);
    }
};

QTEST_MAIN(TestChartSource)
#include "tst_chartsource.moc"
