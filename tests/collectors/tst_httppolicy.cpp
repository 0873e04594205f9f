// The pure parts of polite HTTP: the rate budget (our own 600/min ceiling and
// the server's Ratelimit-* headers), the circuit breaker and the full-jitter
// backoff, all on times passed in.

#include "backoff.h"
#include "circuitbreaker.h"
#include "ratebudget.h"

#include <QTest>

#include <deque>
#include <limits>

using namespace StreamRank;

class TestHttpPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void budgetNeverExceedsPointsPerMinuteInAnyMinute()
    {
        // A greedy client that sends whenever delayMs() allows, for ten
        // minutes: no rolling 60-second window may hold more than 600 sends.
        RateBudget budget(600, 20);
        qint64 now = 1'000'000;
        const qint64 end = now + 10 * 60'000;
        std::deque<qint64> window;
        int sent = 0;
        size_t busiest = 0;
        while (now < end) {
            const qint64 wait = budget.delayMs(now);
            if (wait > 0) {
                now += wait;
                continue;
            }
            budget.consume(now);
            ++sent;
            window.push_back(now);
            while (window.front() <= now - 60'000)
                window.pop_front();
            busiest = std::max(busiest, window.size());
        }
        QVERIFY2(busiest <= 600, qPrintable(QString::number(busiest)));
        // ...and it does not waste the budget either: close to 580/min + the burst.
        QVERIFY2(sent >= 5700, qPrintable(QString::number(sent)));
    }

    void budgetStartsWithItsBurst()
    {
        RateBudget budget(600, 20);
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(budget.delayMs(0), 0);
            budget.consume(0);
        }
        QVERIFY(budget.delayMs(0) > 0);
        QVERIFY(budget.delayMs(0) <= 200); // one point refills in ~103 ms at 580/min
    }

    void emptyServerBucketWaitsForAboutOnePoint()
    {
        RateBudget budget(100000, 1000); // our own budget out of the way
        const qint64 now = 1'700'000'000'000;
        // Remaining 5: nothing to wait for.
        budget.observe(10, 5, now / 1000 + 5, now);
        QCOMPARE(budget.delayMs(now), 0);
        // Remaining 0 with 10 s to a full bucket of 10: about one second per point.
        budget.observe(10, 0, now / 1000 + 10, now);
        const qint64 wait = budget.delayMs(now);
        QVERIFY2(wait >= 1000 && wait <= 1600, qPrintable(QString::number(wait)));
        QCOMPARE(budget.delayMs(now + wait), 0);
    }

    void tooManyRequestsWaitsUntilReset()
    {
        RateBudget budget;
        const qint64 now = 1'700'000'000'000;
        budget.tooManyRequests(now / 1000 + 7, now);
        const qint64 wait = budget.delayMs(now);
        QVERIFY2(wait >= 7000 - 1000 && wait <= 7000 + 300, qPrintable(QString::number(wait)));
        // An unknown reset still waits, briefly.
        RateBudget unknown;
        unknown.tooManyRequests(-1, now);
        QCOMPARE(unknown.delayMs(now), 1000);
    }

    void disabledBudgetStillHonoursTheServer()
    {
        RateBudget budget(60, 1);
        budget.setEnabled(false);
        for (int i = 0; i < 100; ++i)
            budget.consume(0); // our own bucket is off
        QCOMPARE(budget.delayMs(0), 0);
        const qint64 now = 1'700'000'000'000;
        budget.tooManyRequests(now / 1000 + 3, now); // the server's 429 is not
        QVERIFY(budget.delayMs(now) >= 2000);
    }

    void implausibleResetIsNotBelieved()
    {
        // A machine whose clock says 1970 (no real-time clock yet) hears a
        // Reset in 2027: it waits a second, not 56 years (nor a negative or
        // overflowed time).
        RateBudget budget;
        const qint64 now = 3'600'000;
        budget.tooManyRequests(1'800'000'000, now);
        QCOMPARE(budget.delayMs(now), 1000);
        budget.observe(800, 0, 1'800'000'000, now);
        QCOMPARE(budget.delayMs(now), 1000);
        budget.tooManyRequests(std::numeric_limits<qint64>::max(), now);
        QCOMPARE(budget.delayMs(now), 1000);
        // And no server wait is ever longer than the bucket's minute.
        QVERIFY(RateBudget::MaxServerWaitMs <= 65000);
        // The next plausible answer replaces it.
        const qint64 later = 1'700'000'000'000;
        budget.tooManyRequests(later / 1000 + 2, later);
        QVERIFY(budget.delayMs(later) >= 1000 && budget.delayMs(later) <= 2300);
    }

    void breakerOpensAfterThresholdAndDoublesItsPause()
    {
        CircuitBreaker breaker(3, 1000, 5000);
        QVERIFY(!breaker.recordFailure(0));
        QVERIFY(!breaker.recordFailure(0));
        QVERIFY(!breaker.isOpen(0));
        QVERIFY(breaker.recordFailure(100));
        QVERIFY(breaker.isOpen(100));
        QCOMPARE(breaker.openUntilMs(), 1100);
        QVERIFY(!breaker.isOpen(1100));
        // The probe after the pause fails: open again at once, twice as long.
        QVERIFY(breaker.recordFailure(1100));
        QCOMPARE(breaker.openUntilMs(), 3100);
        QVERIFY(breaker.recordFailure(3100));
        QCOMPARE(breaker.openUntilMs(), 7100);
        QVERIFY(breaker.recordFailure(7100)); // capped at 5 s
        QCOMPARE(breaker.openUntilMs(), 12100);
        // A success closes it and resets the count and the pause.
        breaker.recordSuccess();
        QVERIFY(!breaker.tripped());
        QVERIFY(!breaker.recordFailure(20000));
        QVERIFY(!breaker.recordFailure(20000));
        QVERIFY(breaker.recordFailure(20000));
        QCOMPARE(breaker.openUntilMs(), 21000);
    }

    void successesBetweenFailuresKeepTheBreakerClosed()
    {
        CircuitBreaker breaker(3, 1000);
        for (int i = 0; i < 10; ++i) {
            QVERIFY(!breaker.recordFailure(i));
            QVERIFY(!breaker.recordFailure(i));
            breaker.recordSuccess();
        }
        QVERIFY(!breaker.isOpen(10));
    }

    void backoffIsFullJitterUnderAGrowingCap()
    {
        std::mt19937_64 rng(7);
        for (int attempt = 1; attempt <= 8; ++attempt) {
            const qint64 cap = std::min<qint64>(30000, qint64(500) << (attempt - 1));
            qint64 lo = cap;
            qint64 hi = 0;
            for (int i = 0; i < 2000; ++i) {
                const qint64 w = fullJitterBackoffMs(attempt, 500, 30000, rng);
                QVERIFY(w >= 0 && w <= cap);
                lo = std::min(lo, w);
                hi = std::max(hi, w);
            }
            // Spread over the whole range, not clustered at the cap.
            QVERIFY(lo < cap / 10 + 1);
            QVERIFY(hi > cap * 9 / 10);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpPolicy)
#include "tst_httppolicy.moc"
