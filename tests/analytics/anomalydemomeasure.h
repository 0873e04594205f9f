#pragma once
// The Demo measurement of anomaly detection, shared by tst_anomalydemo and
// the anomaly_recall tool: runs DemoSimulation census by census through an
// AnomalyDetector and scores the events against the raids the simulation
// recorded as ground truth. Definitions: docs/ANOMALY.md, "Measured on the
// Demo platform".

#include "anomalydetector.h"
#include "demosimulation.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <algorithm>
#include <array>

namespace StreamRank::DemoMeasure {

inline constexpr qint64 MinuteMs = 60'000;
inline constexpr qint64 DayMs = 24 * 60 * MinuteMs;
// The default score of a desktop notification (NotificationThrottle).
inline constexpr double NotifyScore = 80;

struct Options
{
    DemoConfig config; // the seed and size the Demo platform uses by default
    int days = 1;      // measured simulated days, after the warm-up
    qint64 warmupMs = 3 * 60 * MinuteMs;
    qint64 intervalMs = 2 * MinuteMs; // the Demo collector's census interval
    // 2026-11-21 00:00 UTC: the measured days start at 03:00 and cover the
    // daily cycle (trough 08:00, prime time 20:00).
    qint64 startMs =
        QDateTime(QDate(2026, 11, 21), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
};

struct Result
{
    int raids = 0;           // raids whose first census falls in the measured period
    int detectedFirst = 0;   // an event at the first census that shows the raid
    int detectedWithin2 = 0; // ... at the first or the second census ("within two censuses")
    int detectedWindow = 0;  // ... in [first census, first census + 2 intervals]
    int events = 0;          // events in the measured period
    int falseAlerts = 0;     // events outside every raid of their stream (start .. end + cooldown)
    int falseNotified = 0;   // ... of them scoring at least NotifyScore
    QVector<double> raidScores; // per raid detected within two censuses: its event's score
    double streamDays = 0;      // Σ live time of all streams in the measured period, in days
    int streams = 0;
    QString worstStream;
    int worstFalse = 0;
    double worstLiveHours = 0;
    std::array<int, AnomalyStrategyCount> eventsBy{};
    std::array<int, AnomalyStrategyCount> falseBy{};
    QStringList missed;     // one line per raid not detected within two censuses
    QStringList falseLines; // one line per false alert (for inspection)

    double recall() const { return raids ? double(detectedWithin2) / raids : 1.0; }
    double falsePerStreamDay() const { return streamDays > 0 ? falseAlerts / streamDays : 0.0; }
};

inline Result run(const Options &o, const AnomalySettings &settings = {})
{
    DemoSimulation sim(o.config, o.startMs);
    AnomalyDetector detector(settings);
    const qint64 measureFrom = o.startMs + o.warmupMs;
    const qint64 end = measureFrom + qint64(o.days) * DayMs; // exclusive
    const qint64 cooldownMs = qint64(detector.settings().cooldownMinutes) * MinuteMs;

    QVector<AnomalyEvent> events;
    QHash<QString, int> liveCensuses;
    for (qint64 t = o.startMs; t < end; t += o.intervalMs) {
        const Census census = sim.censusAt(t);
        const QVector<AnomalyEvent> raised = detector.apply(census);
        if (t < measureFrom)
            continue;
        for (const StreamObservation &s : census.streams)
            ++liveCensuses[s.streamId];
        events += raised;
    }

    Result r;
    r.streams = int(liveCensuses.size());
    for (auto it = liveCensuses.cbegin(); it != liveCensuses.cend(); ++it)
        r.streamDays += double(it.value()) * double(o.intervalMs) / double(DayMs);

    QHash<QString, QVector<const DemoRaid *>> raidsOf;
    for (const DemoRaid &raid : sim.raids())
        raidsOf[raid.streamId].append(&raid);
    QHash<QString, QVector<qint64>> eventTimes;
    QHash<QString, QVector<double>> eventScores;
    QHash<QString, int> falseOf;
    for (const AnomalyEvent &e : std::as_const(events)) {
        ++r.events;
        ++r.eventsBy[std::size_t(e.strategy)];
        eventTimes[e.streamId].append(e.timeMs);
        eventScores[e.streamId].append(e.score);
        bool inRaid = false;
        for (const DemoRaid *raid : raidsOf.value(e.streamId))
            inRaid |= e.timeMs >= raid->startMs && e.timeMs <= raid->endMs + cooldownMs;
        if (!inRaid) {
            ++r.falseAlerts;
            ++r.falseBy[std::size_t(e.strategy)];
            r.falseNotified += e.score >= NotifyScore ? 1 : 0;
            ++falseOf[e.streamId];
            r.falseLines.append(QStringLiteral("%1 %2 %3")
                                    .arg(e.streamId,
                                         QDateTime::fromMSecsSinceEpoch(e.timeMs, QTimeZone::utc())
                                             .toString(Qt::ISODate),
                                         e.sentence()));
        }
    }
    for (auto it = falseOf.cbegin(); it != falseOf.cend(); ++it) {
        // Ties go to the smaller id, so the report does not depend on QHash's seed.
        if (it.value() > r.worstFalse || (it.value() == r.worstFalse && it.key() < r.worstStream)) {
            r.worstFalse = it.value();
            r.worstStream = it.key();
            r.worstLiveHours =
                double(liveCensuses.value(it.key())) * double(o.intervalMs) / (60.0 * MinuteMs);
        }
    }

    for (const DemoRaid &raid : sim.raids()) {
        // The first census on the grid at or after the raid's start.
        const qint64 first =
            o.startMs + (raid.startMs - o.startMs + o.intervalMs - 1) / o.intervalMs * o.intervalMs;
        if (first < measureFrom || first + 2 * o.intervalMs >= end)
            continue;
        ++r.raids;
        bool atFirst = false;
        bool within2 = false;
        bool inWindow = false;
        const QVector<qint64> times = eventTimes.value(raid.streamId);
        double score = -1;
        for (qsizetype i = 0; i < times.size(); ++i) {
            const qint64 t = times[i];
            atFirst |= t == first;
            if (t >= first && t <= first + o.intervalMs) {
                within2 = true;
                score = std::max(score, eventScores.value(raid.streamId).at(i));
            }
            inWindow |= t >= first && t <= first + 2 * o.intervalMs;
        }
        if (within2)
            r.raidScores.append(score);
        r.detectedFirst += atFirst;
        r.detectedWithin2 += within2;
        r.detectedWindow += inWindow;
        if (!within2) {
            r.missed.append(QStringLiteral("%1 at %2 +%3 viewers for %4 min")
                                .arg(raid.streamId,
                                     QDateTime::fromMSecsSinceEpoch(raid.startMs, QTimeZone::utc())
                                         .toString(Qt::ISODate))
                                .arg(raid.extraViewers)
                                .arg((raid.endMs - raid.startMs) / MinuteMs));
        }
    }
    return r;
}

} // namespace StreamRank::DemoMeasure
