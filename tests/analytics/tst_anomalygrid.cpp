// Anomaly detection on generated streams over the grid of issue 11
// (docs/ANOMALY.md, "Measured on generated streams"): at the default
// settings, steady streams with 3–8 % sample noise around a daily cycle of
// up to ±30 %, for audiences of 50 to 100,000, raise at most one alert per
// stream per day; a permanent ×2 step raises exactly one event; spikes of ×2
// and more lasting 4 minutes or more are found within two censuses at least
// 95 % of the time. The same grid without the size gate (minRisePercent 0)
// shows what the gate is for: surprise alone alerts on noise.

#include "anomalygrid.h"

#include <QTest>

using namespace StreamRank;

class TestAnomalyGrid : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsMeetTheTargetsInEveryCell()
    {
        AnomalyGrid::Options options;
        options.steadyStreams = 6; // the tool runs twice as many
        options.spikesPerKind = 3;
        options.stepsPerCell = 3;
        const AnomalyGrid::Result r = AnomalyGrid::run(options);
        QCOMPARE(r.cells.size(), std::size_t(3 * 4 * 3));
        int spikes = 0;
        int found = 0;
        for (const AnomalyGrid::CellResult &c : r.cells) {
            const QByteArray where = QStringLiteral("noise %1, audience %2, cycle %3")
                                         .arg(c.cell.noise)
                                         .arg(c.cell.audience)
                                         .arg(c.cell.cycle)
                                         .toUtf8();
            QVERIFY2(c.steadyStreamDays > 5, where);
            // At most one alert per stream per day, for every stream.
            QVERIFY2(c.worstPerDay <= 1.0,
                     QByteArray(where + " worst " + QByteArray::number(c.worstPerDay)).constData());
            QVERIFY2(c.falsePerStreamDay() <= 1.0, where);
            // A permanent doubling is one event, never a string of them.
            QVERIFY2(c.stepsWithOne == c.steps,
                     QByteArray(where + " max " + QByteArray::number(c.stepEventsMax)).constData());
            spikes += c.spikes;
            found += c.spikesFound;
            // Per cell too, not only overall.
            QVERIFY2(c.spikesFound >= 0.95 * c.spikes,
                     QByteArray(where + " found " + QByteArray::number(c.spikesFound) + "/" +
                                QByteArray::number(c.spikes))
                         .constData());
        }
        for (const auto &[kind, counts] : r.spikesByKind) {
            QVERIFY2(counts.first >= 0.95 * counts.second,
                     qPrintable(QStringLiteral("×%1 for %2 min: %3/%4")
                                    .arg(kind.first)
                                    .arg(kind.second)
                                    .arg(counts.first)
                                    .arg(counts.second)));
        }
        qInfo("spikes found %d/%d, events %d", found, spikes, r.events);
        QVERIFY(spikes >= 36 * 16 * 3);
    }

    void surpriseAloneAlertsOnNoise()
    {
        // The grid is not trivially quiet: without the size gate the same
        // streams raise many alerts a day on the big, noisy ones.
        AnomalyGrid::Options options;
        options.noises = {0.08};
        options.audiences = {100'000};
        options.cycles = {0.3};
        options.steadyStreams = 6;
        options.spikesPerKind = 1;
        options.stepsPerCell = 3;
        AnomalySettings noGate;
        noGate.minRisePercent = 0;
        const AnomalyGrid::Result without = AnomalyGrid::run(options, noGate);
        QCOMPARE(without.cells.size(), std::size_t(1));
        QVERIFY2(without.cells[0].falsePerStreamDay() > 3,
                 QByteArray::number(without.cells[0].falsePerStreamDay()));
        QVERIFY(without.cells[0].stepsWithOne < without.cells[0].steps);
        const AnomalyGrid::Result with = AnomalyGrid::run(options);
        QCOMPARE(with.cells[0].falseAlerts, 0);
    }

    void deterministic()
    {
        AnomalyGrid::Options options;
        options.noises = {0.05};
        options.steadyStreams = 2;
        options.spikesPerKind = 1;
        const AnomalyGrid::Result a = AnomalyGrid::run(options);
        const AnomalyGrid::Result b = AnomalyGrid::run(options);
        QCOMPARE(a.events, b.events);
        QCOMPARE(a.missed, b.missed);
    }
};

QTEST_GUILESS_MAIN(TestAnomalyGrid)
#include "tst_anomalygrid.moc"
