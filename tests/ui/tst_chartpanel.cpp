// The chart panel's range and resolution choosers as a user drives them:
// the chosen range is what is loaded and it stays through new censuses; the
// automatic resolution follows the range and the chart's width (every
// census for a day, rollups for weeks); a resolution the user picks is kept
// and the chart then shows each bucket's average and peak.
#include "streamchartpanel.h"
#include "viewershipchart.h"

#include <QApplication>
#include <QComboBox>
#include <QMutex>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace StreamRank;

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 Latest = 1'796'256'000'000;

struct Load
{
    ChartSubject subject;
    Platform platform;
    QString stream;
    qint64 from;
    qint64 to;
    qint64 resolution;
};

// Records every load and answers with a series in the loaded range: one
// point per census, or per bucket with a peak 10 % above the average.
class RecordingSource
{
public:
    SeriesSource source()
    {
        return [this](ChartSubject subject, Platform platform, const QString &stream, qint64 from,
                      qint64 to, qint64 step) {
            {
                QMutexLocker lock(&m_mutex);
                m_loads.append({subject, platform, stream, from, to, step});
            }
            ChartSeries s;
            const qint64 every = step > 0 ? step : 2 * Minute;
            for (qint64 t = to - (to - from) / every * every; t <= to; t += every) {
                s.points.append(QPointF(double(t), 1000));
                if (step > 0)
                    s.peaks.append(QPointF(double(t), 1100));
                // A category: 12 live channels throughout.
                if (subject == ChartSubject::Category)
                    s.channels.append(QPointF(double(t), 12));
            }
            return s;
        };
    }
    QVector<Load> loads() const
    {
        QMutexLocker lock(&m_mutex);
        return m_loads;
    }
    Load last() const { return loads().constLast(); }

private:
    mutable QMutex m_mutex;
    QVector<Load> m_loads;
};

ChartTarget stream(const QString &id)
{
    ChartTarget t;
    t.platform = Platform::Demo;
    t.id = id;
    t.title = QStringLiteral("Demo · ") + id;
    return t;
}

void choose(QComboBox *combo, qint64 data)
{
    const int index = combo->findData(data);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index); // as a click on the item does
}

} // namespace

class TestChartPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theChosenRangeIsLoadedAndStaysThroughCensuses()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("s1")), Latest);
        QTRY_COMPARE(recorder.loads().size(), 1);
        QCOMPARE(recorder.last().from, Latest - Day); // the default: the last 24 hours
        QCOMPARE(recorder.last().to, Latest);

        auto *range = panel.findChild<QComboBox *>(QStringLiteral("chartRange"));
        QVERIFY(range);
        choose(range, 7 * Day);
        QTRY_COMPARE(recorder.loads().size(), 2);
        QCOMPARE(recorder.last().stream, QStringLiteral("s1"));
        QCOMPARE(recorder.last().from, Latest - 7 * Day);
        QCOMPARE(panel.rangeMs(), 7 * Day);

        // Ten censuses later: still seven days, still s1, ending at the newest.
        QTRY_VERIFY(!panel.chart()->title().isEmpty());
        for (int i = 1; i <= 10; ++i) {
            const int before = recorder.loads().size();
            panel.refresh(Latest + i * 2 * Minute);
            QTRY_VERIFY(recorder.loads().size() > before);
        }
        QTRY_COMPARE(recorder.last().to, Latest + 20 * Minute);
        QCOMPARE(recorder.last().from, Latest + 20 * Minute - 7 * Day);
        QCOMPARE(recorder.last().stream, QStringLiteral("s1"));
        QCOMPARE(range->currentData().toLongLong(), 7 * Day);
    }

    void theAutomaticResolutionFollowsTheRangeAndWidth()
    {
        // Every census while a pixel column holds at most ~4 of them.
        QCOMPARE(StreamChartPanel::automaticResolutionMs(Hour, 900), 0);
        QCOMPARE(StreamChartPanel::automaticResolutionMs(Day, 900), 0);
        // A week: 2,016 five-minute buckets are more than 2 a column of 900 px.
        QCOMPARE(StreamChartPanel::automaticResolutionMs(7 * Day, 900), 15 * Minute);
        QCOMPARE(StreamChartPanel::automaticResolutionMs(7 * Day, 1800), 5 * Minute);
        QCOMPARE(StreamChartPanel::automaticResolutionMs(30 * Day, 900), Hour);
        // Never finer than the chart can show, never coarser than an hour.
        QCOMPARE(StreamChartPanel::automaticResolutionMs(365 * Day, 900), Hour);
        // A chart not laid out yet counts as 200 columns: a week is hourly.
        QCOMPARE(StreamChartPanel::automaticResolutionMs(7 * Day, 10), Hour);
        QCOMPARE(StreamChartPanel::automaticResolutionMs(Day, 10), 5 * Minute);

        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("s2")), Latest);
        QTRY_COMPARE(recorder.loads().size(), 1);
        QCOMPARE(recorder.last().resolution, 0);
        panel.setRangeMs(30 * Day);
        QTRY_COMPARE(recorder.loads().size(), 2);
        QCOMPARE(recorder.last().resolution, Hour);
        // The chart says what a point is.
        QTRY_VERIFY(panel.chart()->readoutAt(Latest - Hour).contains(QStringLiteral("on average")));
    }

    void aResolutionTheUserPicksIsKept()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("s3")), Latest);
        QTRY_COMPARE(recorder.loads().size(), 1);
        auto *resolution = panel.findChild<QComboBox *>(QStringLiteral("chartResolution"));
        QVERIFY(resolution);
        QCOMPARE(resolution->currentData().toLongLong(), -1); // automatic by default
        choose(resolution, 5 * Minute);
        QTRY_COMPARE(recorder.loads().size(), 2);
        QCOMPARE(recorder.last().resolution, 5 * Minute);
        QTRY_VERIFY(
            panel.chart()->readoutAt(Latest - 10 * Minute).contains(QLocale().toString(1100)));
        // Through a range change, a census and another stream.
        panel.setRangeMs(30 * Day);
        QTRY_COMPARE(recorder.loads().size(), 3);
        QCOMPARE(recorder.last().resolution, 5 * Minute);
        panel.showTarget(stream(QStringLiteral("s4")), Latest + 2 * Minute);
        QTRY_COMPARE(recorder.last().stream, QStringLiteral("s4"));
        QCOMPARE(recorder.last().resolution, 5 * Minute);
        // Every census again: plain points, no peak line.
        choose(resolution, 0);
        QTRY_COMPARE(recorder.last().resolution, 0);
        QTRY_VERIFY(panel.chart()->readoutAt(Latest).contains(QStringLiteral(" viewers at ")));
    }

    void aCustomRangeIsLoadedAsChosenAndDoesNotFollowCensuses()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("s5")), Latest);
        QTRY_COMPARE(recorder.loads().size(), 1);

        // Nonsense is refused and changes nothing.
        QVERIFY(!panel.setCustomRange(Latest, Latest - Hour));
        QVERIFY(!panel.setCustomRange(Latest - 500 * Day, Latest));
        QVERIFY(!panel.hasCustomRange());
        QCOMPARE(recorder.loads().size(), 1);

        const qint64 from = Latest - 3 * Day - 17 * Minute;
        const qint64 to = Latest - 2 * Day;
        QVERIFY(panel.setCustomRange(from, to));
        QTRY_COMPARE(recorder.loads().size(), 2);
        QCOMPARE(recorder.last().from, from);
        QCOMPARE(recorder.last().to, to);
        auto *range = panel.findChild<QComboBox *>(QStringLiteral("chartRange"));
        QVERIFY2(range->currentText().contains(QStringLiteral(" – ")),
                 qPrintable(range->currentText()));
        // A census later: the same from–to.
        panel.refresh(Latest + 2 * Minute);
        QTRY_COMPARE(recorder.loads().size(), 3);
        QCOMPARE(recorder.last().from, from);
        QCOMPARE(recorder.last().to, to);
        // A preset follows the newest census again.
        choose(range, 6 * Hour);
        QTRY_COMPARE(recorder.last().to, Latest + 2 * Minute);
        QCOMPARE(recorder.last().from, Latest + 2 * Minute - 6 * Hour);
        QVERIFY(!panel.hasCustomRange());
        QCOMPARE(range->itemText(range->findData(qint64(-1))), QStringLiteral("Custom…"));
    }

    void liveFollowsTheNewestCensusAndOffKeepsTheRange()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("s6")), Latest);
        QTRY_COMPARE(recorder.loads().size(), 1);
        auto *live = panel.findChild<QToolButton *>(QStringLiteral("chartLive"));
        QVERIFY(live && live->isChecked() && panel.isLive());

        live->click(); // off: the last 24 hours as they are now stay
        QVERIFY(!panel.isLive());
        QTRY_COMPARE(recorder.loads().size(), 2);
        QCOMPARE(recorder.last().from, Latest - Day);
        QCOMPARE(recorder.last().to, Latest);
        panel.refresh(Latest + 4 * Minute);
        QTRY_COMPARE(recorder.loads().size(), 3);
        QCOMPARE(recorder.last().to, Latest);

        live->click(); // on again: the last 24 hours up to the newest census
        QVERIFY(panel.isLive());
        QTRY_COMPARE(recorder.last().to, Latest + 4 * Minute);
        QCOMPARE(recorder.last().from, Latest + 4 * Minute - Day);

        // A custom range turns Live off; a preset turns it on.
        QVERIFY(panel.setCustomRange(Latest - 2 * Day, Latest - Day));
        QVERIFY(!live->isChecked());
        panel.setRangeMs(Hour);
        QVERIFY(live->isChecked());
        QTRY_COMPARE(recorder.last().from, Latest + 4 * Minute - Hour);
    }

    void pinnedSubjectsAreDrawnBesideTheChartedOneAcrossPlatforms()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showTarget(stream(QStringLiteral("a")), Latest);
        QTRY_COMPARE(panel.chart()->lineCount(), 1);
        QVERIFY(!panel.isComparing());
        QVERIFY(panel.pinForComparison(panel.target()));
        QVERIFY(!panel.pinForComparison(panel.target())); // once

        // Another platform's channel, charted from the ranking: both drawn.
        ChartTarget channel;
        channel.subject = ChartSubject::Channel;
        channel.platform = Platform::Twitch;
        channel.id = QStringLiteral("c9");
        channel.title = QStringLiteral("orbitlab — all broadcasts");
        const int before = recorder.loads().size();
        panel.showTarget(channel, Latest);
        QTRY_COMPARE(panel.chart()->lineCount(), 2);
        QVERIFY(panel.isComparing());
        bool loadedPinned = false, loadedCharted = false;
        for (const Load &l : recorder.loads().mid(before)) {
            loadedPinned |= l.stream == u"a" && l.platform == Platform::Demo &&
                            l.subject == ChartSubject::Stream;
            loadedCharted |= l.stream == u"c9" && l.platform == Platform::Twitch &&
                             l.subject == ChartSubject::Channel;
        }
        QVERIFY(loadedPinned && loadedCharted);
        const QStringList names = panel.chart()->lineNames();
        QCOMPARE(names.size(), 2);
        QVERIFY2(names[0].contains(QStringLiteral("orbitlab")) && names[0].contains(u"Twitch"),
                 qPrintable(names.join(u'|')));
        QVERIFY2(names[1].contains(QStringLiteral("Demo · a")), qPrintable(names.join(u'|')));
        QCOMPARE(panel.chart()->title(), QStringLiteral("Comparing 2 subjects"));
        // A Demo line among them: the chart says it is Demo data.
        QCOMPARE(panel.chart()->mark(), QStringLiteral("Demo data"));

        // Through censuses the comparison stays.
        for (int i = 1; i <= 3; ++i)
            panel.refresh(Latest + i * 2 * Minute);
        QTRY_COMPARE(recorder.last().to, Latest + 6 * Minute);
        QTRY_COMPARE(panel.chart()->lineCount(), 2);

        // Up to seven pinned beside the charted one: eight in all, whatever
        // is charted next.
        for (int i = 0; i < 6; ++i)
            QVERIFY(panel.pinForComparison(stream(QStringLiteral("p%1").arg(i))));
        QTRY_COMPARE(panel.chart()->lineCount(), 8);
        QCOMPARE(panel.pinned().size(), StreamChartPanel::MaxPins);
        QVERIFY(!panel.canPin(stream(QStringLiteral("one-too-many"))));
        QVERIFY(!panel.pinForComparison(stream(QStringLiteral("one-too-many"))));
        QVERIFY(!panel.canPin(channel));
        // Charting another subject still shows every pin.
        panel.showTarget(stream(QStringLiteral("elsewhere")), Latest + 6 * Minute);
        QTRY_COMPARE(panel.chart()->lineNames().constFirst().contains(u"elsewhere"), true);
        QCOMPARE(panel.chart()->lineCount(), 8);
        QCOMPARE(panel.shownTargets().size(), 8);
        panel.showTarget(channel, Latest + 6 * Minute);
        QTRY_VERIFY(panel.chart()->lineNames().constFirst().contains(u"orbitlab"));

        // Unpinned, the line goes; cleared, only the charted subject is left.
        panel.unpin(stream(QStringLiteral("p0")).key());
        QTRY_COMPARE(panel.chart()->lineCount(), 7);
        panel.clearComparison();
        QTRY_COMPARE(panel.chart()->lineCount(), 1);
        QVERIFY(!panel.isComparing());
        QCOMPARE(panel.chart()->title(), channel.title);
        QCOMPARE(panel.chart()->mark(), QString()); // Twitch alone
    }

    void aCategoryShowsItsViewersAndLiveChannels()
    {
        RecordingSource recorder;
        StreamChartPanel panel(recorder.source(), {});
        panel.resize(1000, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ChartTarget category;
        category.subject = ChartSubject::Category;
        category.platform = Platform::Demo;
        category.id = QStringLiteral("509658");
        category.title = QStringLiteral("Just Chatting — all Demo streams in it");
        panel.showTarget(category, Latest);
        QTRY_COMPARE(panel.chart()->lineCount(), 2);
        QCOMPARE(panel.chart()->lineNames().at(1), QStringLiteral("Live channels"));
        QVERIFY(!panel.chart()->channelAxisLabels().isEmpty());
    }
};

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
