// YouTube's daily quota on our side: the Pacific day, both buckets, and the plan
// that makes the day's quota last the day.

#include "youtubequota.h"

#include <QDateTime>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::YouTube;

namespace {

qint64 utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC).toMSecsSinceEpoch();
}

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;

} // namespace

class TestYouTubeQuota : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pacificMidnight_data()
    {
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("dayStart");
        QTest::addColumn<qint64>("next");
        // Winter: midnight PST is 08:00 UTC.
        QTest::newRow("january") << utc(2026, 1, 15, 12) << utc(2026, 1, 15, 8)
                                 << utc(2026, 1, 16, 8);
        QTest::newRow("just before winter midnight")
            << utc(2026, 1, 16, 7, 59) << utc(2026, 1, 15, 8) << utc(2026, 1, 16, 8);
        QTest::newRow("at winter midnight")
            << utc(2026, 1, 16, 8) << utc(2026, 1, 16, 8) << utc(2026, 1, 17, 8);
        // Summer: midnight PDT is 07:00 UTC.
        QTest::newRow("july") << utc(2026, 7, 4, 3) << utc(2026, 7, 3, 7) << utc(2026, 7, 4, 7);
        // 2026-03-08 is the second Sunday of March: a 23-hour day.
        QTest::newRow("spring-forward day")
            << utc(2026, 3, 8, 20) << utc(2026, 3, 8, 8) << utc(2026, 3, 9, 7);
        // 2026-11-01 is the first Sunday of November: a 25-hour day.
        QTest::newRow("fall-back day")
            << utc(2026, 11, 1, 20) << utc(2026, 11, 1, 7) << utc(2026, 11, 2, 8);
        QTest::newRow("new year's eve in Pacific time, already 2027 in UTC")
            << utc(2027, 1, 1, 5) << utc(2026, 12, 31, 8) << utc(2027, 1, 1, 8);
    }
    void pacificMidnight()
    {
        QFETCH(qint64, now);
        QFETCH(qint64, dayStart);
        QFETCH(qint64, next);
        QCOMPARE(pacificDayStartMs(now), dayStart);
        QCOMPARE(nextPacificMidnightMs(now), next);
    }

    void bucketsAreSeparateAndNeverOverspent()
    {
        QuotaCosts costs;
        costs.dailyUnits = 5;
        costs.dailySearches = 2;
        QuotaBudget q(costs);
        const qint64 t = utc(2026, 12, 4, 12);
        for (int i = 0; i < 5; ++i) {
            QVERIFY(q.canSpend(Spend::Videos, t));
            q.spend(Spend::Videos, t);
        }
        QVERIFY(!q.canSpend(Spend::Videos, t));
        QVERIFY(!q.canSpend(Spend::Channels, t));
        // Searches cost no units by default: their own bucket still has room.
        QVERIFY(q.canSpend(Spend::Search, t));
        q.spend(Spend::Search, t);
        q.spend(Spend::Search, t);
        QVERIFY(!q.canSpend(Spend::Search, t));
        QCOMPARE(q.unitsUsed(t), 5);
        QCOMPARE(q.searchesUsed(t), 2);
        QCOMPARE(q.unitsLeft(t), 0);
    }

    void searchesCanAlsoCostUnits()
    {
        QuotaCosts costs;
        costs.dailyUnits = 250;
        costs.searchCostUnits = 100; // the older documentation's price
        QuotaBudget q(costs);
        const qint64 t = utc(2026, 12, 4, 12);
        q.spend(Spend::Search, t);
        q.spend(Spend::Search, t);
        QCOMPARE(q.unitsUsed(t), 200);
        QVERIFY(!q.canSpend(Spend::Search, t)); // 300 > 250
        QVERIFY(q.canSpend(Spend::Videos, t));
    }

    void exhaustedUntilThePacificReset()
    {
        QuotaBudget q;
        const qint64 t = utc(2026, 12, 4, 12); // 04:00 PST
        q.exhausted(t);
        QVERIFY(q.exhaustedNow(t));
        QVERIFY(!q.canSpend(Spend::Videos, t));
        QVERIFY(!q.canSpend(Spend::Search, t));
        const qint64 reset = q.resetAtMs(t);
        QCOMPARE(reset, utc(2026, 12, 5, 8));
        QVERIFY(!q.canSpend(Spend::Videos, reset - 1));
        QVERIFY(q.canSpend(Spend::Videos, reset));
        QCOMPARE(q.unitsUsed(reset), 0);
        QVERIFY(!q.exhaustedNow(reset));
    }

    void restoreCountsOnlyTheSameDay()
    {
        const qint64 t = utc(2026, 12, 4, 12);
        QuotaBudget today;
        today.restore(pacificDayStartMs(t), 4200, 37, t);
        QCOMPARE(today.unitsUsed(t), 4200);
        QCOMPARE(today.searchesUsed(t), 37);
        QuotaBudget yesterday;
        yesterday.restore(pacificDayStartMs(t - 24 * Hour), 9999, 99, t);
        QCOMPARE(yesterday.unitsUsed(t), 0);
        QCOMPARE(yesterday.searchesUsed(t), 0);
    }

    void planAtTheUsersIntervalWhenTheQuotaAllows()
    {
        QuotaBudget q;
        const qint64 t = utc(2026, 12, 4, 8); // the start of a Pacific day
        // 100 videos = 2 calls a poll; at 2 min that is 1,440 units a day.
        const QuotaPlan p = q.plan(100, 0, 0, 2 * Minute, t);
        QCOMPARE(p.unitsPerPoll, 2);
        QCOMPARE(p.pollIntervalMs, 2 * Minute);
        QVERIFY(!p.slowed);
        QCOMPARE(p.watchIntervalMs, 0);
        QCOMPARE(p.searchIntervalMs, 0);
    }

    void planSlowsDownToLastTheDay()
    {
        QuotaBudget q;
        const qint64 t = utc(2026, 12, 4, 8);
        // PLATFORM-APIS: 700 tracked videos (14 calls a poll) fit at about 2
        // minutes, not at 1.
        const QuotaPlan p = q.plan(700, 0, 0, 1 * Minute, t);
        QVERIFY(p.slowed);
        QVERIFY2(p.pollIntervalMs > 2 * Minute && p.pollIntervalMs < 3 * Minute,
                 qPrintable(QString::number(p.pollIntervalMs)));
        // 100 searches a day: about one every 14.4 minutes.
        const QuotaPlan s = q.plan(10, 0, 1, 2 * Minute, t);
        QCOMPARE(s.searchIntervalMs, 24 * Hour / 100);
    }

    void pollingGetsAtLeastHalfWhenWatchedChannelsCompete()
    {
        QuotaBudget q;
        const qint64 t = utc(2026, 12, 4, 8);
        // 500 watched channels at 1 unit a check every 2 minutes would need
        // 360,000 units: the watched checks slow down, polling keeps its pace.
        const QuotaPlan p = q.plan(50, 500, 0, 2 * Minute, t);
        QCOMPARE(p.pollIntervalMs, 2 * Minute);
        QVERIFY(p.slowed);
        const double perDay = 24.0 * Hour;
        const double units = perDay / double(p.pollIntervalMs) * p.unitsPerPoll +
                             perDay / double(p.watchIntervalMs) * 500;
        QVERIFY2(units <= 10000 * 0.95 + 1, qPrintable(QString::number(units)));
        QVERIFY(p.watchIntervalMs > 60 * Minute);
    }

    // A simulated day of collecting by the plan, minute by minute, with the
    // costs a collector pays: never more than either bucket, and a fresh
    // quota after the reset.
    void aSimulatedDayNeverOverspends_data()
    {
        QTest::addColumn<int>("tracked");
        QTest::addColumn<int>("watched");
        QTest::addColumn<int>("searchCost");
        QTest::newRow("few videos") << 20 << 0 << 0;
        QTest::newRow("many videos") << 1500 << 0 << 0;
        QTest::newRow("many watched channels") << 200 << 300 << 0;
        QTest::newRow("searches priced in units") << 300 << 40 << 100;
    }
    void aSimulatedDayNeverOverspends()
    {
        QFETCH(int, tracked);
        QFETCH(int, watched);
        QFETCH(int, searchCost);
        QuotaCosts costs;
        costs.searchCostUnits = searchCost;
        QuotaBudget q(costs);
        const qint64 start = utc(2026, 12, 4, 15); // 07:00 PST: a day already under way
        const qint64 reset = nextPacificMidnightMs(start);
        qint64 nextPoll = start, nextWatch = start, nextSearch = start;
        int refused = 0;
        int polls = 0;
        for (qint64 t = start; t < reset; t += 10 * 1000) {
            const QuotaPlan plan = q.plan(tracked, watched, 1, 2 * Minute, t);
            auto pay = [&](Spend what, int calls) {
                for (int i = 0; i < calls; ++i) {
                    if (!q.canSpend(what, t)) {
                        ++refused;
                        return;
                    }
                    q.spend(what, t);
                }
            };
            if (t >= nextSearch) {
                pay(Spend::Search, 1);
                nextSearch = t + plan.searchIntervalMs;
            }
            if (watched > 0 && t >= nextWatch) {
                pay(Spend::PlaylistItems, watched);
                nextWatch = t + plan.watchIntervalMs;
            }
            if (t >= nextPoll) {
                pay(Spend::Videos, plan.unitsPerPoll);
                nextPoll = t + plan.pollIntervalMs;
                ++polls;
            }
            QVERIFY(q.unitsUsed(t) <= costs.dailyUnits);
            QVERIFY(q.searchesUsed(t) <= costs.dailySearches);
        }
        // The plan keeps 5 % back: what it spends by plan never hits the limit.
        QCOMPARE(refused, 0);
        QVERIFY2(q.unitsUsed(reset - 1) <= costs.dailyUnits, "units overspent");
        // ... and it polled through the whole day, not in a burst at its start.
        const qint64 hours = (reset - start) / Hour;
        QVERIFY2(polls >= hours * 10, qPrintable(QStringLiteral("%1 polls").arg(polls)));
        QCOMPARE(q.unitsUsed(reset), 0);
        QCOMPARE(q.searchesUsed(reset), 0);
        QVERIFY(q.canSpend(Spend::Search, reset));
    }
};

QTEST_GUILESS_MAIN(TestYouTubeQuota)
#include "tst_youtubequota.moc"
