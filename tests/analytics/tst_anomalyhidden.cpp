// Viewer counts a platform hides (StreamObservation::UnknownViewers) in
// anomaly detection: never a sample — no score, no baseline of 0, no event —
// while the stream stays tracked; a series with hidden counts among its
// known ones raises exactly the events of its known counts alone, live and
// warmed from history alike.

#include "anomalydetector.h"
#include "anomalyreference.h"

#include <QTest>

#include <random>
#include <utility>

#include "anomalytestsupport.h"

using namespace StreamRank;

namespace {

using namespace StreamRank::AnomalyTest;

constexpr qint32 kHidden = StreamObservation::UnknownViewers;

// A steady audience with a small deterministic wobble and two raids.
qint32 viewersAt(int i)
{
    static const int wobble[] = {0, 12, -9, 5, -15, 8, -3, 17, -11, 2};
    const qint32 base = 1000 + wobble[i % 10];
    const bool raid = (i >= 90 && i < 105) || (i >= 150 && i < 160);
    return raid ? base + 4000 : base;
}

// Which censuses hide s1's count: about one in four, the first census of the
// second raid among them (its event moves to the next known count).
QVector<bool> hiddenPattern(int count)
{
    std::mt19937 random(2026);
    QVector<bool> hidden(count);
    for (int i = 0; i < count; ++i)
        hidden[i] = random() % 4 == 0;
    for (const auto &[i, h] : {std::pair{90, false}, {150, true}, {151, false}}) {
        if (i < count)
            hidden[i] = h;
    }
    return hidden;
}

QString describe(const AnomalyEvent &e)
{
    return QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
        .arg(e.streamId)
        .arg(e.timeMs)
        .arg(strategyCode(e.strategy))
        .arg(e.observedViewers)
        .arg(e.baselineViewers, 0, 'g', 17)
        .arg(e.score, 0, 'g', 17)
        .arg(e.incidentStartMs);
}

QStringList describe(const QVector<AnomalyEvent> &events)
{
    QStringList out;
    for (const AnomalyEvent &e : events)
        out.append(describe(e));
    return out;
}

} // namespace

class TestAnomalyHidden : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aHiddenCountIsNeverABaselineNorAnEvent()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        // Two hours hidden, then its real audience: no "rise from 0".
        for (int i = 0; i < 60; ++i, t += 2 * Minute) {
            QVector<StreamAnomalyScores> scores;
            QVERIFY(detector
                        .apply(census(t, {obs(QStringLiteral("s1"), kHidden),
                                          obs(QStringLiteral("s2"), viewersAt(i))}),
                               &scores)
                        .isEmpty());
            // Only the stream whose count is known is scored.
            QCOMPARE(scores.size(), 1);
            QCOMPARE(scores.first().observation, 1);
        }
        QCOMPARE(detector.trackedStreams(), 2); // listed: tracked
        for (int i = 0; i < 5; ++i, t += 2 * Minute)
            QVERIFY(detector
                        .apply(census(t, {obs(QStringLiteral("s1"), 5000),
                                          obs(QStringLiteral("s2"), viewersAt(i))}))
                        .isEmpty());
        // Any negative count is a hidden one, not a drop to 0 and back.
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(census(t, {obs(QStringLiteral("s1"), 5000 + i % 3),
                                      obs(QStringLiteral("s2"), i % 2 ? -1 : -9)}));
        QVERIFY(detector
                    .apply(census(
                        t, {obs(QStringLiteral("s1"), 5001), obs(QStringLiteral("s2"), 1000)}))
                    .isEmpty());
        QVERIFY(detector.takeIncidentUpdates().isEmpty());
    }

    void hiddenCountsAmongKnownOnesGiveTheEventsOfTheKnownOnes()
    {
        // With hidden counts (complete censuses listing s1 hidden) and
        // without them (those censuses partial, s1 not listed): the same
        // events and incidents, bit for bit, and s1's are those of the
        // batch reference over its known counts.
        constexpr int kCensuses = 220;
        const QVector<bool> hidden = hiddenPattern(kCensuses);
        AnomalyDetector with;
        AnomalyDetector without;
        QVector<AnomalyEvent> eventsWith;
        QVector<AnomalyEvent> eventsWithout;
        QVector<AnomalyIncidentUpdate> incidentsWith;
        QVector<AnomalyIncidentUpdate> incidentsWithout;
        QVector<SeriesSample> known;
        for (int i = 0; i < kCensuses; ++i) {
            const qint64 t = T0 + i * 2 * Minute;
            const StreamObservation other = obs(QStringLiteral("s2"), viewersAt(i + 37));
            if (hidden[i]) {
                eventsWith += with.apply(census(t, {obs(QStringLiteral("s1"), kHidden), other}));
                eventsWithout += without.apply(census(t, {other}, true));
            } else {
                const StreamObservation s1 = obs(QStringLiteral("s1"), viewersAt(i));
                known.append({t, s1.viewers});
                eventsWith += with.apply(census(t, {s1, other}));
                eventsWithout += without.apply(census(t, {s1, other}));
            }
            incidentsWith += with.takeIncidentUpdates();
            incidentsWithout += without.takeIncidentUpdates();
        }
        QCOMPARE(describe(eventsWith), describe(eventsWithout));
        QCOMPARE(incidentsWith, incidentsWithout);

        QVector<qint64> s1Events;
        for (const AnomalyEvent &e : eventsWith) {
            if (e.streamId == QLatin1String("s1"))
                s1Events.append(e.timeMs);
        }
        QVector<qint64> expected;
        const auto reference = referenceAnomalyScores(known, AnomalySettings{});
        for (int n = 0; n < known.size(); ++n) {
            if (reference[n].event)
                expected.append(known[n].tMs);
        }
        QCOMPARE(s1Events, expected);
        QCOMPARE(s1Events.size(), 2); // both raids; the second one census late
        QCOMPARE(s1Events.at(0), T0 + 90 * 2 * Minute);
        QCOMPARE(s1Events.at(1), T0 + 151 * 2 * Minute);
    }

    void warmingSkipsHiddenCounts()
    {
        // Warmed from a history with hidden counts, or from its known counts
        // only: the same events from then on. Hidden samples alone track nothing.
        constexpr int kWarm = 140;
        const QVector<bool> hidden = hiddenPattern(kWarm);
        AnomalyDetector with;
        AnomalyDetector without;
        for (int i = 0; i < kWarm; ++i) {
            const qint64 t = T0 + i * 2 * Minute;
            with.warmSample(Platform::Demo, QStringLiteral("s1"), t,
                            hidden[i] ? kHidden : viewersAt(i));
            if (!hidden[i])
                without.warmSample(Platform::Demo, QStringLiteral("s1"), t, viewersAt(i));
            with.warmSample(Platform::Demo, QStringLiteral("dark"), t, kHidden);
        }
        QCOMPARE(with.trackedStreams(), 1);
        (void)with.takeIncidentUpdates();
        (void)without.takeIncidentUpdates();
        QVector<AnomalyEvent> eventsWith;
        QVector<AnomalyEvent> eventsWithout;
        for (int i = kWarm; i < 200; ++i) {
            const qint64 t = T0 + i * 2 * Minute;
            eventsWith += with.apply(one(t, viewersAt(i)));
            eventsWithout += without.apply(one(t, viewersAt(i)));
        }
        QCOMPARE(describe(eventsWith), describe(eventsWithout));
        QCOMPARE(eventsWith.size(), 1); // the second raid
    }
};

QTEST_GUILESS_MAIN(TestAnomalyHidden)
#include "tst_anomalyhidden.moc"
