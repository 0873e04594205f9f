// Measures anomaly detection on the Demo platform against the raids it
// records: recall within two censuses, false alerts per stream per simulated
// day, the worst stream. Usage:
//   anomaly_recall [DAYS=7] [key=value ...]
// keys: seed (the Demo's), minSamples, minIncreaseViewers, minRisePercent, cooldownMinutes, and
// <strategy>.threshold / .lookback / .enabled (strategy codes as stored, e.g.
// quantile.threshold=2.5); --verbose lists missed raids and false alerts.

#include "anomalydemomeasure.h"
#include "anomalyoverrides.h"
#include "benchsupport.h"

#include <QCoreApplication>

using namespace StreamRank;
using namespace StreamRank::Bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    DemoMeasure::Options options;
    options.days = 7;
    AnomalySettings settings;
    bool verbose = false;
    bool brief = false;
    const QStringList args = app.arguments().mid(1);
    for (const QString &arg : args) {
        bool isNumber = false;
        const int days = arg.toInt(&isNumber);
        if (isNumber && days > 0)
            options.days = days;
        else if (arg == QLatin1String("--verbose"))
            verbose = true;
        else if (arg == QLatin1String("--brief"))
            brief = true;
        else if (arg.startsWith(QLatin1String("seed=")))
            options.config.seed = arg.mid(5).toULongLong();
        else if (!applyOverride(settings, arg)) {
            printLine(QStringLiteral("unknown argument: %1").arg(arg));
            return 2;
        }
    }

    if (brief) {
        // One line, for comparing settings: recall within two censuses,
        // false alerts per stream-day, worst stream's false alerts, events.
        const DemoMeasure::Result r = DemoMeasure::run(options, settings);
        printLine(QStringLiteral("recall %1 % (%2/%3, first census %4)  false/stream-day %5  "
                                 "worst %6  events %7  false %8 [z %9 pc %10 ma %11 q %12]  "
                                 "notified false %13")
                      .arg(fmt(100.0 * r.recall()))
                      .arg(r.detectedWithin2)
                      .arg(r.raids)
                      .arg(r.detectedFirst)
                      .arg(fmt(r.falsePerStreamDay(), 3))
                      .arg(r.worstFalse)
                      .arg(r.events)
                      .arg(r.falseAlerts)
                      .arg(r.falseBy[0])
                      .arg(r.falseBy[1])
                      .arg(r.falseBy[2])
                      .arg(r.falseBy[3])
                      .arg(r.falseNotified));
        return 0;
    }
    printHeader("anomaly_recall");
    printLine(QStringLiteral("Demo seed %1, %2 peak streams, %3-minute censuses, %4 h warm-up, "
                             "%5 measured day(s)")
                  .arg(options.config.seed)
                  .arg(options.config.peakConcurrentStreams)
                  .arg(options.intervalMs / DemoMeasure::MinuteMs)
                  .arg(options.warmupMs / (60 * DemoMeasure::MinuteMs))
                  .arg(options.days));
    printLine(settingsLine(settings));

    Stopwatch clock;
    const DemoMeasure::Result r = DemoMeasure::run(options, settings);
    const double seconds = clock.ms() / 1000.0;

    Table table({QStringLiteral("measure"), QStringLiteral("value")});
    table.add({QStringLiteral("raids"), QString::number(r.raids)});
    table.add({QStringLiteral("recall, first census"),
               QStringLiteral("%1 % (%2)")
                   .arg(fmt(100.0 * r.detectedFirst / std::max(1, r.raids)))
                   .arg(r.detectedFirst)});
    table.add({QStringLiteral("recall, within two censuses"),
               QStringLiteral("%1 % (%2)").arg(fmt(100.0 * r.recall())).arg(r.detectedWithin2)});
    table.add({QStringLiteral("recall, [first, first + 2 intervals]"),
               QStringLiteral("%1 % (%2)")
                   .arg(fmt(100.0 * r.detectedWindow / std::max(1, r.raids)))
                   .arg(r.detectedWindow)});
    table.add({QStringLiteral("events"), QString::number(r.events)});
    table.add({QStringLiteral("false alerts"), QString::number(r.falseAlerts)});
    table.add({QStringLiteral("streams / stream-days"),
               QStringLiteral("%1 / %2").arg(r.streams).arg(fmt(r.streamDays, 1))});
    table.add({QStringLiteral("false alerts per stream-day"), fmt(r.falsePerStreamDay(), 4)});
    table.add({QStringLiteral("false alerts scoring ≥ %1 (notified)").arg(DemoMeasure::NotifyScore),
               QStringLiteral("%1 (%2 per simulated hour)")
                   .arg(r.falseNotified)
                   .arg(fmt(r.falseNotified / (24.0 * options.days), 2))});
    QVector<double> scores = r.raidScores;
    std::sort(scores.begin(), scores.end());
    if (!scores.isEmpty()) {
        table.add(
            {QStringLiteral("raid scores: min / median"),
             QStringLiteral("%1 / %2").arg(fmt(scores.front()), fmt(scores[scores.size() / 2]))});
    }
    table.add({QStringLiteral("worst stream"), r.worstFalse
                                                   ? QStringLiteral("%1: %2 false in %3 h live")
                                                         .arg(r.worstStream)
                                                         .arg(r.worstFalse)
                                                         .arg(fmt(r.worstLiveHours, 1))
                                                   : QStringLiteral("none")});
    for (int k = 0; k < AnomalyStrategyCount; ++k) {
        table.add({QStringLiteral("events / false by %1").arg(strategyCode(AnomalyStrategy(k))),
                   QStringLiteral("%1 / %2")
                       .arg(r.eventsBy[std::size_t(k)])
                       .arg(r.falseBy[std::size_t(k)])});
    }
    table.add({QStringLiteral("run time"), QStringLiteral("%1 s").arg(fmt(seconds, 1))});
    table.print();
    if (verbose) {
        for (const QString &line : r.missed)
            printLine(QStringLiteral("missed: ") + line);
        for (const QString &line : r.falseLines)
            printLine(QStringLiteral("false:  ") + line);
    }
    printFooter();
    return 0;
}
