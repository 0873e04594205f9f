// Tray notifications: only events at or above the threshold, at most one per
// interval, the rest summarised in the next one.
#include "notificationthrottle.h"

#include <QTest>

using namespace StreamRank;

namespace {
AnomalyEvent makeEvent(const QString &channel, double score)
{
    AnomalyEvent e;
    e.channelLogin = channel.toLower();
    e.channelName = channel;
    e.score = score;
    e.rawScore = 3.0;
    e.observedViewers = 5000;
    e.baselineViewers = 1000;
    e.lookbackMinutes = 60;
    return e;
}
} // namespace

class TestNotificationThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void belowThresholdIsSilent()
    {
        NotificationThrottle t(80, 60000);
        QVERIFY(!t.offer({makeEvent(QStringLiteral("A"), 79.9)}, 0));
        QCOMPARE(t.pending(), 0);
    }

    void oneNotificationPerIntervalWithSummary()
    {
        NotificationThrottle t(80, 60000);
        auto first = t.offer({makeEvent(QStringLiteral("A"), 90)}, 1000);
        QVERIFY(first);
        QCOMPARE(first->count, 1);
        QVERIFY(first->title.contains(QStringLiteral("A")));
        QVERIFY(first->message.contains(QStringLiteral("score 90")));

        // A busy census: three more within the interval are held back...
        QVERIFY(!t.offer({makeEvent(QStringLiteral("B"), 85), makeEvent(QStringLiteral("C"), 99),
                          makeEvent(QStringLiteral("D"), 10)},
                         20000));
        QCOMPARE(t.pending(), 2);
        QVERIFY(!t.flush(60999));
        // ...and shown together once it has passed, headed by the highest score.
        auto second = t.flush(61000);
        QVERIFY(second);
        QCOMPARE(second->count, 2);
        QCOMPARE(second->headline.channelName, QStringLiteral("C"));
        QVERIFY(second->message.contains(QStringLiteral("and 1 more alert")));
        QCOMPARE(t.pending(), 0);
        QVERIFY(!t.flush(200000));
    }

    void anEscalationSaysSo()
    {
        // One notification per incident, and one more for a bigger spike
        // on top of it, which says what it is.
        NotificationThrottle t(80, 0);
        AnomalyEvent opened = makeEvent(QStringLiteral("A"), 95);
        opened.timeMs = 1000;
        opened.incidentStartMs = 1000;
        auto first = t.offer({opened}, 1000);
        QVERIFY(first);
        QVERIFY(!first->title.contains(QStringLiteral("escalating")));
        AnomalyEvent bigger = makeEvent(QStringLiteral("A"), 99);
        bigger.timeMs = 5000;
        bigger.incidentStartMs = 1000;
        auto second = t.offer({bigger}, 5000);
        QVERIFY(second);
        QCOMPARE(second->title, QStringLiteral("StreamRank: A on Demo — escalating"));
    }

    void thresholdCanChange()
    {
        NotificationThrottle t(80, 0);
        t.setMinScore(95);
        QVERIFY(!t.offer({makeEvent(QStringLiteral("A"), 90)}, 0));
        QVERIFY(t.offer({makeEvent(QStringLiteral("A"), 96)}, 0));
    }
};

QTEST_GUILESS_MAIN(TestNotificationThrottle)
#include "tst_notificationthrottle.moc"
