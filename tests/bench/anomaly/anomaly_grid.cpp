// Measures anomaly detection on generated streams (tests/analytics/
// anomalygrid.h): per cell of noise × audience × daily cycle, false alerts
// per stream-day on steady streams, one event per permanent ×2 step, and
// spike recall within two censuses; then recall by spike size and length.
// Usage:
//   anomaly_grid [key=value ...] [seed=N] [--missed]
// keys as anomaly_recall's (anomalyoverrides.h).

#include "anomalygrid.h"
#include "anomalyoverrides.h"
#include "benchsupport.h"

#include <QCoreApplication>

using namespace StreamRank;
using namespace StreamRank::Bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    AnomalyGrid::Options options;
    AnomalySettings settings;
    bool listMissed = false;
    for (const QString &arg : app.arguments().mid(1)) {
        if (arg == QLatin1String("--missed"))
            listMissed = true;
        else if (arg.startsWith(QLatin1String("seed=")))
            options.seed = arg.mid(5).toULongLong();
        else if (!applyOverride(settings, arg)) {
            printLine(QStringLiteral("unknown argument: %1").arg(arg));
            return 2;
        }
    }
    printHeader("anomaly_grid");
    printLine(QStringLiteral("seed %1, 2-minute censuses; per cell %2 steady streams × %3 days, "
                             "%4 steps ×2, %5 spikes per size and length")
                  .arg(options.seed)
                  .arg(options.steadyStreams)
                  .arg(options.steadyDays)
                  .arg(options.stepsPerCell)
                  .arg(options.spikesPerKind));
    printLine(settingsLine(settings));

    Stopwatch clock;
    const AnomalyGrid::Result r = AnomalyGrid::run(options, settings);
    const double seconds = clock.ms() / 1000.0;

    Table cells({QStringLiteral("noise"), QStringLiteral("audience"), QStringLiteral("cycle"),
                 QStringLiteral("false / stream-day"), QStringLiteral("worst stream / day"),
                 QStringLiteral("×2 steps with one event"), QStringLiteral("spikes found")});
    double worstMean = 0;
    double worstStream = 0;
    int steps = 0;
    int stepsOne = 0;
    int spikes = 0;
    int found = 0;
    for (const AnomalyGrid::CellResult &c : r.cells) {
        cells.add(
            {QStringLiteral("%1 %").arg(c.cell.noise * 100), QString::number(c.cell.audience),
             QStringLiteral("±%1 %").arg(c.cell.cycle * 100), fmt(c.falsePerStreamDay(), 3),
             fmt(c.worstPerDay, 2),
             QStringLiteral("%1/%2 (max %3)").arg(c.stepsWithOne).arg(c.steps).arg(c.stepEventsMax),
             QStringLiteral("%1/%2").arg(c.spikesFound).arg(c.spikes)});
        worstMean = std::max(worstMean, c.falsePerStreamDay());
        worstStream = std::max(worstStream, c.worstPerDay);
        steps += c.steps;
        stepsOne += c.stepsWithOne;
        spikes += c.spikes;
        found += c.spikesFound;
    }
    cells.print();

    Table kinds({QStringLiteral("spike"), QStringLiteral("found within two censuses")});
    for (const auto &[kind, counts] : r.spikesByKind) {
        kinds.add({QStringLiteral("×%1 for %2 min").arg(kind.first).arg(kind.second),
                   QStringLiteral("%1 % (%2/%3)")
                       .arg(fmt(100.0 * counts.first / std::max(1, counts.second)))
                       .arg(counts.first)
                       .arg(counts.second)});
    }
    kinds.print();
    printLine(QStringLiteral("worst cell %1 false alerts per stream-day, worst stream %2 per day; "
                             "steps with one event %3/%4; spikes found %5 % (%6/%7); "
                             "%8 events; %9 s")
                  .arg(fmt(worstMean, 3), fmt(worstStream, 2))
                  .arg(stepsOne)
                  .arg(steps)
                  .arg(fmt(100.0 * found / std::max(1, spikes)))
                  .arg(found)
                  .arg(spikes)
                  .arg(r.events)
                  .arg(fmt(seconds, 1)));
    if (listMissed) {
        for (const QString &line : r.missed)
            printLine(QStringLiteral("missed: %1").arg(line));
    }
    return 0;
}
