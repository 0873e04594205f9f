// The incremental AnomalyDetector's behaviour: settings applied at the next
// census, the one-spike-one-event rule, minimum history,
// minIncreaseViewers, ended streams, the ranking's recent-event flag and
// warming from storage. Agreement with the batch reference over long random
// censuses: tst_anomalyagreement.

#include "anomalydetector.h"
#include "anomalyreference.h"

#include <QTest>

#include <memory>
#include <random>

#include <cmath>

#include "anomalytestsupport.h"

using namespace StreamRank;

namespace {

using namespace StreamRank::AnomalyTest;

// A steady audience with a small deterministic wobble (±2 %).
qint32 steady(int i, qint32 level = 1000)
{
    static const int wobble[] = {0, 12, -9, 5, -15, 8, -3, 17, -11, 2};
    return level + wobble[i % 10] * level / 1000;
}

bool close(double a, double b, double relative)
{
    return std::abs(a - b) <= relative * std::max(1.0, std::abs(b));
}

} // namespace

class TestAnomalyDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingsApplyAtTheNextCensus()
    {
        AnomalySettings s;
        AnomalyDetector detector(s);
        QVector<SeriesSample> series;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute) {
            series.append({t, steady(i)});
            detector.apply(one(t, steady(i)));
        }
        // +30 viewers, +3 %: far under the default minimum rise, no event.
        series.append({t, 1030});
        QVector<StreamAnomalyScores> scores;
        QVERIFY(detector.apply(one(t, 1030), &scores).isEmpty());

        // Lower the z threshold and shorten its lookback: the very next
        // census is scored with the new window and the new threshold.
        AnomalySettings changed = s;
        changed.of(AnomalyStrategy::ZScore) = {true, 1.0, 20};
        changed.minIncreaseViewers = 10;
        changed.minRisePercent = 0;
        detector.setSettings(changed);
        QCOMPARE(detector.settings().of(AnomalyStrategy::ZScore).lookbackMinutes, 20);
        t += 2 * Minute;
        series.append({t, 1040});
        const QVector<AnomalyEvent> events = detector.apply(one(t, 1040), &scores);
        const auto ref = referenceAnomalyScores(series, changed);
        const auto old = referenceAnomalyScores(series, s);
        const StrategyScore &z = scores.first().scores[0];
        QVERIFY(z.valid);
        QVERIFY(close(z.raw, ref.last().scores[0].raw, 1e-9));  // the new 20-minute window
        QVERIFY(!close(z.raw, old.last().scores[0].raw, 1e-3)); // not the old 60-minute one
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().strategy, AnomalyStrategy::ZScore);
        QCOMPARE(events.first().lookbackMinutes, 20);

        // Disabling a strategy: it stops scoring at once.
        changed.of(AnomalyStrategy::Quantile).enabled = false;
        detector.setSettings(changed);
        detector.apply(one(t + 2 * Minute, 1000), &scores);
        QVERIFY(!scores.first().scores[3].valid);
        QVERIFY(scores.first().scores[0].valid);
    }

    void oneEventPerRaid()
    {
        // Two hours steady, a 30-minute raid (+5,000), an hour steady, a
        // second raid: exactly one event per raid, at its first census.
        AnomalyDetector detector;
        QVector<AnomalyEvent> events;
        qint64 t = T0;
        const qint64 raid1 = T0 + 120 * Minute;
        const qint64 raid2 = raid1 + 90 * Minute;
        for (int i = 0; t < raid2 + 60 * Minute; ++i, t += 2 * Minute) {
            qint32 v = steady(i);
            if ((t >= raid1 && t < raid1 + 30 * Minute) || (t >= raid2 && t < raid2 + 30 * Minute))
                v += 5000;
            events += detector.apply(one(t, v));
        }
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].timeMs, raid1);
        QCOMPARE(events[1].timeMs, raid2);
        QCOMPARE(events[0].observedViewers, steady(60) + 5000);
        QVERIFY(events[0].score > 50);
    }

    void cooldownHoldsAndABiggerSpikeBreaksIt()
    {
        AnomalySettings s;
        s.minIncreaseViewers = 100;
        AnomalyDetector detector(s);
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, steady(i)));
        // A jump to 2,000: an event.
        QCOMPARE(detector.apply(one(t, 2000)).size(), 1);
        t += 2 * Minute;
        // Back to 1,000 (every strategy below threshold), then up to 2,000
        // again within the cooldown: nothing.
        QVERIFY(detector.apply(one(t, 1000)).isEmpty());
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 2100)).isEmpty());
        t += 2 * Minute;
        // Twice the last event's viewers: a new, bigger spike → an event.
        const auto bigger = detector.apply(one(t, 4100));
        QCOMPARE(bigger.size(), 1);
        QCOMPARE(bigger.first().observedViewers, 4100);
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 4200)).isEmpty());
    }

    void staysQuietWhileAStrategyStaysOver()
    {
        // A level shift: z stays over threshold for a while; once the
        // cooldown has passed, still no second event until every strategy
        // has dropped below its threshold.
        AnomalySettings s;
        s.cooldownMinutes = 4;
        s.of(AnomalyStrategy::PercentChange).threshold = 50;
        AnomalyDetector detector(s);
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, steady(i)));
        int events = 0;
        for (int i = 0; i < 4; ++i, t += 2 * Minute)
            events += int(detector.apply(one(t, 1800 + 10 * i)).size());
        QCOMPARE(events, 1);
    }

    void minimumHistory()
    {
        // A stream raises nothing before minSamples samples, and a window
        // strategy needs its window to reach back half its lookback.
        AnomalySettings s;
        AnomalyDetector detector(s);
        qint64 t = T0;
        QVector<StreamAnomalyScores> scores;
        for (int i = 0; i < 9; ++i, t += 2 * Minute)
            detector.apply(one(t, 1000));
        // 9 samples: a spike is not an event, and nothing is scored.
        QVERIFY(detector.apply(one(t, 9000), &scores).isEmpty());
        for (const StrategyScore &sc : scores.first().scores)
            QVERIFY(!sc.valid);

        AnomalyDetector fresh(s);
        t = T0;
        for (int i = 0; i < 10; ++i, t += 2 * Minute)
            fresh.apply(one(t, 1000));
        // 10 samples over 18 minutes: percent_change (30 min, needs 15) is
        // scored; zscore, quantile (60 min, need 30) and moving_average
        // (history 30 min) are not yet.
        const auto events = fresh.apply(one(t, 9000), &scores);
        QVERIFY(scores.first().scores[1].valid);
        QVERIFY(!scores.first().scores[0].valid);
        QVERIFY(!scores.first().scores[2].valid);
        QVERIFY(!scores.first().scores[3].valid);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().strategy, AnomalyStrategy::PercentChange);
        QCOMPARE(events.first().baselineViewers, 1000.0);
    }

    void minIncreaseViewers()
    {
        // A tiny stream going from 2 to 8 viewers is far over every
        // threshold, but 6 viewers are not an alert.
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, 2 + i % 2));
        QVector<StreamAnomalyScores> scores;
        QVERIFY(detector.apply(one(t, 8), &scores).isEmpty());
        QVERIFY(scores.first().scores[0].raw > 2.5);
        QVERIFY(scores.first().scores[1].raw > 200);
        t += 2 * Minute;
        // ... while +150 viewers is.
        QCOMPARE(detector.apply(one(t, 153)).size(), 1);
    }

    void minimumRiseKeepsSmallSurprisesQuiet()
    {
        // A calm stream of 10,000 (±2 %): +14 % is ~13σ, far over every
        // threshold, but not a rise an analyst is alerted to.
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, steady(i, 10'000)));
        QVector<StreamAnomalyScores> scores;
        QVERIFY(detector.apply(one(t, 11'400), &scores).isEmpty());
        QVERIFY(scores.first().scores[0].raw > 10);
        // ×1.45 is still under the 50 % minimum rise ...
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 14'500)).isEmpty());
        // ... ×1.6 is an event, scored by its size: over 50, under 95.
        t += 2 * Minute;
        const auto events = detector.apply(one(t, 16'000));
        QCOMPARE(events.size(), 1);
        QVERIFY2(events.first().score > 50 && events.first().score < 95,
                 QByteArray::number(events.first().score));
        // With the gate off the +14 % rise would have been an event.
        AnomalySettings off;
        off.minRisePercent = 0;
        AnomalyDetector ungated(off);
        t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            ungated.apply(one(t, steady(i, 10'000)));
        QCOMPARE(ungated.apply(one(t, 11'400)).size(), 1);
    }

    void endedStreamsDropTheirState()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        const auto a = QStringLiteral("a");
        const auto b = QStringLiteral("b");
        detector.apply(census(t, {obs(a, 10), obs(b, 20)}));
        QCOMPARE(detector.trackedStreams(), 2);
        // A partial census that misses b proves nothing.
        t += 2 * Minute;
        detector.apply(census(t, {obs(a, 10)}, true));
        QCOMPARE(detector.trackedStreams(), 2);
        // A complete one does: b's state is gone.
        t += 2 * Minute;
        detector.apply(census(t, {obs(a, 10)}));
        QCOMPARE(detector.trackedStreams(), 1);
        // Another platform's census does not touch the Demo's streams.
        detector.apply(census(t, {obs(b, 5)}, false, Platform::Twitch));
        QCOMPARE(detector.trackedStreams(), 2);
        detector.apply(census(t + Minute, {}, false, Platform::Twitch));
        QCOMPARE(detector.trackedStreams(), 1);
    }

    void hasRecentEvent()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(
                census(t, {obs(QStringLiteral("x"), steady(i)), obs(QStringLiteral("y"), 50)}));
        const auto events = detector.apply(
            census(t, {obs(QStringLiteral("x"), 9000), obs(QStringLiteral("y"), 50)}));
        QCOMPARE(events.size(), 1);
        QVERIFY(detector.hasRecentEvent(Platform::Demo, QStringLiteral("x"), t + 5 * Minute,
                                        10 * Minute));
        QVERIFY(detector.hasRecentEvent(Platform::Demo, QStringLiteral("x"), t, 0));
        QVERIFY(!detector.hasRecentEvent(Platform::Demo, QStringLiteral("x"), t + 5 * Minute,
                                         2 * Minute));
        QVERIFY(!detector.hasRecentEvent(Platform::Demo, QStringLiteral("y"), t, 10 * Minute));
        QVERIFY(!detector.hasRecentEvent(Platform::Twitch, QStringLiteral("x"), t, 10 * Minute));
        QVERIFY(!detector.hasRecentEvent(Platform::Demo, QStringLiteral("z"), t, 10 * Minute));
        // All at once.
        const auto recent = detector.recentEvents(Platform::Demo, t + 5 * Minute, 10 * Minute);
        QCOMPARE(recent.size(), 1);
        QCOMPARE(recent.value(QStringLiteral("x")), t);
        QVERIFY(detector.recentEvents(Platform::Demo, t + 20 * Minute, 10 * Minute).isEmpty());
        QVERIFY(detector.recentEvents(Platform::Twitch, t, 10 * Minute).isEmpty());
        // Once the stream has ended, its flag goes with its state.
        detector.apply(census(t + 2 * Minute, {obs(QStringLiteral("y"), 50)}));
        QVERIFY(!detector.hasRecentEvent(Platform::Demo, QStringLiteral("x"), t + 2 * Minute,
                                         10 * Minute));
        QVERIFY(detector.recentEvents(Platform::Demo, t + 2 * Minute, 10 * Minute).isEmpty());
    }

    void eventCarriesTheStream()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, steady(i), QStringLiteral("s9")));
        const auto events =
            detector.apply(census(t, {obs(QStringLiteral("s9"), 9000)}, false, Platform::Demo));
        QCOMPARE(events.size(), 1);
        const AnomalyEvent &e = events.first();
        QCOMPARE(e.platform, Platform::Demo);
        QCOMPARE(e.streamId, QStringLiteral("s9"));
        QCOMPARE(e.channelLogin, QStringLiteral("login_s9"));
        QCOMPARE(e.channelName, QStringLiteral("Name s9"));
        QCOMPARE(e.timeMs, t);
        QCOMPARE(e.observedViewers, 9000);
        QCOMPARE(e.id, qint64(0));
        QVERIFY(!e.acknowledged);
        // The lower of surprise and size; ×9 is far past both.
        QCOMPARE(e.score, eventScore(e.rawScore, detector.settings().of(e.strategy).threshold,
                                     e.observedViewers, e.baselineViewers,
                                     detector.settings().minRisePercent));
        QVERIFY(e.score > 99.9);
        QCOMPARE(e.lookbackMinutes, detector.settings().of(e.strategy).lookbackMinutes);
        QVERIFY(e.baselineViewers > 900 && e.baselineViewers < 1100);
    }

    void duplicatesAndOlderCensuses()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute) {
            // Listed twice: the first count wins, the second is ignored.
            detector.apply(
                census(t, {obs(QStringLiteral("d"), steady(i)), obs(QStringLiteral("d"), 99'999)}));
        }
        QVector<StreamAnomalyScores> scores;
        detector.apply(one(t, 1000, QStringLiteral("d")), &scores);
        QVERIFY(qAbs(scores.first().scores[0].baseline - 1000) < 20);
        // A census not newer than the stream's last sample changes nothing.
        QVERIFY(detector.apply(one(t, 50'000, QStringLiteral("d")), &scores).isEmpty());
        QVERIFY(scores.isEmpty());
    }

    void warmSampleWarmsTheWindows()
    {
        // Stored history fed through warmSample gives the same scores as the
        // same history arriving as censuses, and the first live census can
        // already raise an event.
        AnomalyDetector live;
        AnomalyDetector warmed;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute) {
            live.apply(one(t, steady(i)));
            warmed.warmSample(Platform::Demo, QStringLiteral("s1"), t, steady(i));
        }
        QCOMPARE(warmed.trackedStreams(), 1);
        // Out of order or repeated: ignored.
        warmed.warmSample(Platform::Demo, QStringLiteral("s1"), T0, 123'456);
        QVector<StreamAnomalyScores> a, b;
        const auto liveEvents = live.apply(one(t, 5000), &a);
        const auto warmEvents = warmed.apply(one(t, 5000), &b);
        QCOMPARE(warmEvents.size(), 1);
        QCOMPARE(liveEvents.size(), 1);
        for (int k = 0; k < AnomalyStrategyCount; ++k) {
            QCOMPARE(b.first().scores[std::size_t(k)].valid,
                     a.first().scores[std::size_t(k)].valid);
            QCOMPARE(b.first().scores[std::size_t(k)].raw, a.first().scores[std::size_t(k)].raw);
        }
    }

    void warmingReplaysTheEventRule()
    {
        // A raid in the stored history: warming replays it, so the restart
        // is inside its cooldown with no stored event to warm from.
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.warmSample(Platform::Demo, QStringLiteral("s1"), t, steady(i));
        detector.warmSample(Platform::Demo, QStringLiteral("s1"), t, 4000);
        QVERIFY(detector.hasRecentEvent(Platform::Demo, QStringLiteral("s1"), t, 0));
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 4100)).isEmpty()); // still over, not re-armed
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 1000)).isEmpty()); // re-armed, cooldown holds
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 4000)).isEmpty()); // 6 minutes after the raid
    }

    void restartFromStoredHistoryRaisesTheSameEvents()
    {
        // Two days of six streams with spikes, steps and noise. One detector
        // sees every census; another is built at a restart in the middle
        // and warmed with warmHistoryMs() of the stored samples (not the
        // stream's whole past: the moving average's older history weighs
        // nothing a double can hold). From the restart on, both raise the
        // same events with bit-identical scores.
        const AnomalySettings settings;
        const qint64 horizon = AnomalyDetector::warmHistoryMs(settings);
        QCOMPARE(horizon, 24 * 60 * Minute);
        std::mt19937 rng(7);
        std::normal_distribution<double> noise(0, 0.05);
        QHash<QString, QVector<SeriesSample>> history;
        AnomalyDetector live(settings);
        std::unique_ptr<AnomalyDetector> restarted;
        const qint64 restartAt = T0 + 30 * 60 * Minute; // 30 h in
        QVector<AnomalyEvent> liveAfter;
        QVector<AnomalyEvent> restartedEvents;
        for (qint64 t = T0; t < T0 + 48 * 60 * Minute; t += 2 * Minute) {
            Census c;
            c.platform = Platform::Demo;
            c.takenAtMs = t;
            for (int s = 0; s < 6; ++s) {
                const qint64 minute = (t - T0) / Minute;
                double level = 300.0 * (s + 1);
                if (minute % (180 + 37 * s) < 6)
                    level *= 2 + s; // a spike every few hours
                if (s == 5 && minute > 31 * 60)
                    level *= 2; // a step for good after the restart
                const qint32 v = qint32(std::max(0.0, level * (1 + noise(rng))));
                StreamObservation o;
                o.streamId = QStringLiteral("s%1").arg(s);
                o.viewers = v;
                c.streams.append(o);
                history[o.streamId].append({t, v});
            }
            if (t == restartAt) {
                restarted = std::make_unique<AnomalyDetector>(settings);
                for (auto it = history.cbegin(); it != history.cend(); ++it) {
                    for (const SeriesSample &p : it.value()) {
                        if (p.tMs >= t - horizon && p.tMs < t)
                            restarted->warmSample(Platform::Demo, it.key(), p.tMs, p.viewers);
                    }
                }
            }
            const QVector<AnomalyEvent> e = live.apply(c);
            if (t >= restartAt) {
                liveAfter += e;
                restartedEvents += restarted->apply(c);
            }
        }
        QVERIFY2(liveAfter.size() >= 10, QByteArray::number(liveAfter.size()));
        QCOMPARE(restartedEvents.size(), liveAfter.size());
        for (qsizetype i = 0; i < liveAfter.size(); ++i) {
            const AnomalyEvent &a = liveAfter[i];
            const AnomalyEvent &b = restartedEvents[i];
            QCOMPARE(b.streamId, a.streamId);
            QCOMPARE(b.timeMs, a.timeMs);
            QCOMPARE(b.strategy, a.strategy);
            QCOMPARE(b.observedViewers, a.observedViewers);
            // Exactly, not fuzzily: the same bits.
            QVERIFY(b.baselineViewers == a.baselineViewers);
            QVERIFY(b.rawScore == a.rawScore);
            QVERIFY(b.score == a.score);
        }
        // And every strategy's score of every stream, moving average included.
        QVector<StreamAnomalyScores> sa, sb;
        Census probe;
        probe.platform = Platform::Demo;
        probe.takenAtMs = T0 + 48 * 60 * Minute;
        for (int s = 0; s < 6; ++s) {
            StreamObservation o;
            o.streamId = QStringLiteral("s%1").arg(s);
            o.viewers = 5000;
            probe.streams.append(o);
        }
        live.apply(probe, &sa);
        restarted->apply(probe, &sb);
        QCOMPARE(sb.size(), sa.size());
        for (qsizetype i = 0; i < sa.size(); ++i) {
            for (int k = 0; k < AnomalyStrategyCount; ++k) {
                QCOMPARE(sb[i].scores[std::size_t(k)].valid, sa[i].scores[std::size_t(k)].valid);
                QVERIFY(sb[i].scores[std::size_t(k)].raw == sa[i].scores[std::size_t(k)].raw);
            }
        }
    }

    void consecutiveEventsFormOneIncident()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.apply(one(t, steady(i)));
        QVERIFY(detector.takeIncidentUpdates().isEmpty());
        // A raid: 3,000, then 3,500, then (a second raid on top) 8,000.
        const qint64 start = t;
        auto events = detector.apply(one(t, 3000));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().incidentStartMs, start);
        QCOMPARE(detector.takeIncidentUpdates(),
                 (QVector<AnomalyIncidentUpdate>{
                     {Platform::Demo, QStringLiteral("s1"), start, 3000, start, 0}}));
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 3500)).isEmpty()); // no new event: a new peak
        QCOMPARE(detector.takeIncidentUpdates(),
                 (QVector<AnomalyIncidentUpdate>{
                     {Platform::Demo, QStringLiteral("s1"), start, 3500, t, 0}}));
        t += 2 * Minute;
        events = detector.apply(one(t, 8000)); // an escalation joins the incident
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().incidentStartMs, start);
        const qint64 peakAt = t;
        QCOMPARE(detector.takeIncidentUpdates().size(), 1);
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 7000)).isEmpty()); // lower: nothing changes
        QVERIFY(detector.takeIncidentUpdates().isEmpty());
        // Back within the band: the incident ends at that census.
        qint64 back = 0;
        for (int i = 0; i < 60 && !back; ++i) {
            t += 2 * Minute;
            detector.apply(one(t, steady(i)));
            const auto updates = detector.takeIncidentUpdates();
            if (!updates.isEmpty()) {
                QCOMPARE(updates.size(), 1);
                QCOMPARE(updates.first().startMs, start);
                QCOMPARE(updates.first().peakViewers, 8000);
                QCOMPARE(updates.first().peakMs, peakAt);
                back = updates.first().endMs;
            }
        }
        QCOMPARE(back, t);
        QVERIFY(back - start >= 8 * Minute);
        // The next raid, after the cooldown, is a new incident.
        t += 40 * Minute;
        events = detector.apply(one(t, 9000));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().incidentStartMs, t);
        // A stream that ends ends its incident, at its last sample.
        detector.takeIncidentUpdates();
        detector.apply(census(t + 2 * Minute, {obs(QStringLiteral("other"), 10)}));
        const auto ended = detector.takeIncidentUpdates();
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().startMs, t);
        QCOMPARE(ended.first().endMs, t);
    }

    void warmEventKeepsTheCooldown()
    {
        AnomalyDetector detector;
        qint64 t = T0;
        for (int i = 0; i < 40; ++i, t += 2 * Minute)
            detector.warmSample(Platform::Demo, QStringLiteral("s1"), t, steady(i));
        AnomalyEvent stored;
        stored.platform = Platform::Demo;
        stored.streamId = QStringLiteral("s1");
        stored.timeMs = t - 10 * Minute;
        stored.observedViewers = 2000;
        detector.warmEvent(stored);
        QVERIFY(detector.hasRecentEvent(Platform::Demo, QStringLiteral("s1"), t, 15 * Minute));
        // 10 minutes after the stored event: a spike to 3,000 is held back.
        QVERIFY(detector.apply(one(t, 3000)).isEmpty());
        t += 2 * Minute;
        QVERIFY(detector.apply(one(t, 1000)).isEmpty()); // below threshold: re-armed
        // Past the 30-minute cooldown: the next spike is an event.
        t += 20 * Minute;
        QCOMPARE(detector.apply(one(t, 3000)).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAnomalyDetector)
#include "tst_anomalydetector.moc"
