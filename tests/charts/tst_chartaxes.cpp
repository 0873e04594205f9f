// The chart's axes as a reader sees them: viewer labels with separators or
// "12.3k" on 1-2-5 steps; a time axis on round local times that stays put as
// the range grows by a census, with the date where the range crosses a day;
// hover picking the nearest stored point.
#include "chartaxes.h"
#include "clock.h"

#include <QTest>

using namespace StreamRank;
using namespace StreamRank::ChartAxes;

namespace {
const QTimeZone Utc = QTimeZone::utc();
const QTimeZone Berlin("Europe/Berlin");
qint64 at(const char *iso, const QTimeZone &zone = Utc)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeZone(zone);
    return t.toMSecsSinceEpoch();
}
} // namespace

class TestChartAxes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void viewerCounts_data()
    {
        QTest::addColumn<double>("viewers");
        QTest::addColumn<QString>("text");
        QTest::newRow("small") << 950.0 << QStringLiteral("950");
        QTest::newRow("separator") << 9500.0 << QStringLiteral("9,500");
        QTest::newRow("thousands") << 12345.0 << QStringLiteral("12.3k");
        QTest::newRow("round thousands") << 50000.0 << QStringLiteral("50k");
        QTest::newRow("hundreds of thousands") << 150000.0 << QStringLiteral("150k");
        QTest::newRow("millions") << 1250000.0 << QStringLiteral("1.25M");
        QTest::newRow("two millions") << 2000000.0 << QStringLiteral("2M");
    }
    void viewerCounts()
    {
        QFETCH(double, viewers);
        QFETCH(QString, text);
        QCOMPARE(viewerCount(viewers, QLocale(QLocale::English, QLocale::UnitedStates)), text);
    }

    void viewerTicksAreRoundAndCoverTheMaximum()
    {
        const QLocale en(QLocale::English, QLocale::UnitedStates);
        const QVector<Tick> ticks = viewerTicks(51567, 5, en);
        QStringList labels;
        for (const Tick &t : ticks)
            labels << t.label;
        QCOMPARE(labels, (QStringList{QStringLiteral("0"), QStringLiteral("20k"),
                                      QStringLiteral("40k"), QStringLiteral("60k")}));
        QVERIFY(ticks.constLast().value >= 51567);
        // An empty or tiny series still gets an axis.
        QCOMPARE(viewerTicks(0, 5, en).constLast().value, 10.0);
    }

    void timeTicksFallOnRoundTimesAndStayPutAsCensusesArrive()
    {
        const qint64 from = at("2026-12-02T13:07:00");
        const TimeAxis a = timeAxis(from, at("2026-12-02T16:51:00"), 10, Utc);
        QCOMPARE(a.stepMs, 30 * 60'000LL);
        QCOMPARE(a.startMs, at("2026-12-02T13:00:00"));
        QCOMPARE(a.endMs, at("2026-12-02T17:00:00"));
        QCOMPARE(a.tickCount, 9);
        QCOMPARE(a.format, QStringLiteral("HH:mm"));
        // Two minutes later (the next census) the ticks are the same.
        const TimeAxis b = timeAxis(from, at("2026-12-02T16:53:00"), 10, Utc);
        QCOMPARE(b.startMs, a.startMs);
        QCOMPARE(b.stepMs, a.stepMs);
    }

    void theDateShowsWhenTheRangeCrossesADay()
    {
        const TimeAxis night =
            timeAxis(at("2026-12-02T21:10:00"), at("2026-12-03T02:40:00"), 8, Utc);
        QCOMPARE(night.format, QStringLiteral("d MMM HH:mm"));
        const TimeAxis week =
            timeAxis(at("2026-11-25T10:00:00"), at("2026-12-02T10:00:00"), 10, Utc);
        QCOMPARE(week.stepMs, 24 * 3600'000LL);
        QCOMPARE(week.format, QStringLiteral("ddd d MMM"));
        QCOMPARE(week.startMs, at("2026-11-25T00:00:00"));
    }

    void shortRangesGetMinuteTicks()
    {
        // Not "16:50 16:50 16:50": at most one tick per minute.
        const TimeAxis a = timeAxis(at("2026-12-02T16:50:00"), at("2026-12-02T16:56:00"), 8, Utc);
        QVERIFY(a.stepMs >= 60'000);
        QVERIFY((a.endMs - a.startMs) / a.stepMs + 1 == a.tickCount);
        QVERIFY(a.tickCount <= 8);
    }

    void roundTimesAreLocal()
    {
        if (!Berlin.isValid())
            QSKIP("no time zone database here");
        // 13:07 UTC is 14:07 in Berlin: the hour ticks are Berlin's whole hours.
        const TimeAxis a =
            timeAxis(at("2026-12-02T13:07:00"), at("2026-12-02T18:00:00"), 6, Berlin);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(a.startMs, Berlin).time().minute(), 0);
        QCOMPARE(timeZoneName(Berlin, a.startMs), QStringLiteral("CET"));
        QCOMPARE(timeZoneName(Utc, a.startMs), QStringLiteral("UTC"));
    }

    void hoverPicksTheNearestStoredPoint()
    {
        const QVector<QPointF> points{{1000, 49849}, {2000, 51567}, {3000, 50000}};
        QCOMPARE(nearestIndex(points, 1499), 0);
        QCOMPARE(nearestIndex(points, 1501), 1);
        QCOMPARE(nearestIndex(points, -5), 0);
        QCOMPARE(nearestIndex(points, 9000), 2);
        QCOMPARE(nearestIndex({}, 5), -1);
    }
};

QTEST_GUILESS_MAIN(TestChartAxes)
#include "tst_chartaxes.moc"
