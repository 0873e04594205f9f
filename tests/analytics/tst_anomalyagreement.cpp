// The incremental AnomalyDetector against the independent batch reference
// (anomalyreference.h) over long random censuses: churn, irregular gaps,
// partial censuses, duplicates, reused and unusual ids; every strategy's
// score at every point to 1e-9 relative, and the same events. Also the
// stream-id index on its own.

#include "anomalydetector.h"
#include "anomalyindex.h"
#include "anomalyreference.h"

#include <QHash>
#include <QTest>

#include <cmath>
#include <map>
#include <random>

#include "anomalytestsupport.h"

using namespace StreamRank;

namespace {

using namespace StreamRank::AnomalyTest;

// Shorter windows than the defaults, so random series produce many scored
// points and events.
AnomalySettings testSettings()
{
    AnomalySettings s;
    s.of(AnomalyStrategy::ZScore) = {true, 2.5, 20};
    s.of(AnomalyStrategy::PercentChange) = {true, 100.0, 10};
    s.of(AnomalyStrategy::MovingAverage) = {true, 3.0, 20};
    s.of(AnomalyStrategy::Quantile) = {true, 1.5, 20};
    s.minSamples = 5;
    s.minIncreaseViewers = 20;
    s.cooldownMinutes = 15;
    return s;
}

bool close(double a, double b, double relative)
{
    return std::abs(a - b) <= relative * std::max(1.0, std::abs(b));
}

// One stream's life in the detector: from its first census until a complete
// census without it (which drops its state).
struct Life
{
    QString id;
    QVector<SeriesSample> series;
    QVector<std::array<StrategyScore, AnomalyStrategyCount>> scores;
    std::map<int, AnomalyStrategy> events; // point → strategy
};

struct RandomRun
{
    QVector<Life> lives;
    QVector<QVector<AnomalyEvent>> eventsWithScores;
    QVector<QVector<AnomalyEvent>> eventsWithout;
};

// Long random censuses through two detectors (one asked for scores, one
// not, which takes the screening shortcut).
RandomRun randomRun(quint64 seed, int censuses, const AnomalySettings &settings)
{
    std::mt19937_64 rng(seed);
    auto uniform = [&rng] { return double(rng() >> 11) * 0x1.0p-53; };
    struct Stream
    {
        double level;
        int spikeLeft = 0;
        double spike = 1;
    };
    // Ordered maps, so the run does not depend on QHash's per-process seed.
    std::map<QString, Stream> live; // streams the simulation has running
    std::map<QString, int> lifeOf;  // streams the detector tracks → life
    QStringList ended;              // ids free to be used again
    int nextId = 0;
    auto newId = [&]() -> QString {
        if (!ended.isEmpty() && uniform() < 0.2)
            return ended.takeAt(int(rng() % quint64(ended.size())));
        const int n = nextId++;
        const double kind = uniform();
        if (kind < 0.1) // long: past the index's inline storage
            return QStringLiteral("a-rather-long-stream-identifier-%1").arg(n);
        if (kind < 0.2) // 17–24 units: inline but not word-compared
            return QStringLiteral("mid-length-id-%1").arg(n, 6, 10, QLatin1Char('0'));
        if (kind < 0.25) // not Latin-1
            return QStringLiteral("ストリーム%1").arg(n);
        return QString::number(40'000'000'000LL + n * 7919LL);
    };

    RandomRun run;
    AnomalyDetector withScores(settings);
    AnomalyDetector without(settings);
    qint64 t = T0;
    for (int c = 0; c < censuses; ++c) {
        // Irregular gaps, with bursts of short ones so the rings must grow.
        t += (c % 300 < 40 ? 15'000 : 60'000) + qint64(rng() % 240'000) + qint64(rng() % 997);
        while (live.size() < 40 || uniform() < 0.05) {
            const QString id = newId();
            if (!live.count(id) && !lifeOf.count(id))
                live.emplace(id, Stream{5.0 * std::exp(uniform() * 9.0)});
        }
        const bool partial = uniform() < 0.1;
        QVector<StreamObservation> streams;
        for (auto it = live.begin(); it != live.end(); ++it) {
            Stream &s = it->second;
            s.level *= std::exp(0.04 * (uniform() - 0.5));
            if (s.spikeLeft == 0 && uniform() < 0.01) {
                s.spikeLeft = 3 + int(rng() % 10);
                s.spike = 2.0 + 4.0 * uniform();
            }
            const double v =
                s.level * (s.spikeLeft > 0 ? s.spike : 1.0) * std::exp(0.05 * (uniform() - 0.5));
            s.spikeLeft = std::max(0, s.spikeLeft - 1);
            if (partial && uniform() < 0.3)
                continue;
            streams.append(obs(it->first, qint32(std::lround(v))));
        }
        std::shuffle(streams.begin(), streams.end(), rng);
        if (!streams.isEmpty() && uniform() < 0.2) { // a duplicate, listed after the original
            StreamObservation dup = streams[qsizetype(rng() % quint64(streams.size()))];
            dup.viewers = dup.viewers / 2;
            streams.append(dup);
        }
        // Streams ending: gone from this census on.
        for (auto it = live.begin(); it != live.end();) {
            if (uniform() < 0.01)
                it = live.erase(it);
            else
                ++it;
        }

        const Census cs = census(t, streams, partial);
        QVector<StreamAnomalyScores> scores;
        run.eventsWithScores.append(withScores.apply(cs, &scores));
        run.eventsWithout.append(without.apply(cs));

        QHash<QString, int> seen;
        for (qsizetype i = 0; i < streams.size(); ++i) {
            if (seen.contains(streams[i].streamId))
                continue;
            seen.insert(streams[i].streamId, int(i));
            if (!lifeOf.count(streams[i].streamId)) {
                lifeOf.emplace(streams[i].streamId, int(run.lives.size()));
                run.lives.append({streams[i].streamId, {}, {}, {}});
            }
            Life &life = run.lives[lifeOf.at(streams[i].streamId)];
            life.series.append({t, streams[i].viewers});
            life.scores.append(std::array<StrategyScore, AnomalyStrategyCount>{});
        }
        for (const StreamAnomalyScores &s : std::as_const(scores)) {
            Life &life = run.lives[lifeOf.at(streams[s.observation].streamId)];
            life.scores.last() = s.scores;
        }
        for (const AnomalyEvent &e : std::as_const(run.eventsWithScores.last())) {
            Life &life = run.lives[lifeOf.at(e.streamId)];
            life.events[int(life.series.size() - 1)] = e.strategy;
        }
        if (!partial) { // the detector drops whoever this census did not list
            for (auto it = lifeOf.begin(); it != lifeOf.end();) {
                if (!seen.contains(it->first)) {
                    if (!live.count(it->first))
                        ended.append(it->first);
                    it = lifeOf.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    return run;
}

QString eventKey(const AnomalyEvent &e)
{
    return QStringLiteral("%1@%2:%3").arg(e.streamId).arg(e.timeMs).arg(int(e.strategy));
}

} // namespace

class TestAnomalyAgreement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void incrementalMatchesBatch_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed 1") << quint64(1);
        QTest::newRow("seed 2") << quint64(20261121);
        QTest::newRow("seed 3") << quint64(0xC0FFEE);
    }

    void incrementalMatchesBatch()
    {
        QFETCH(quint64, seed);
        const AnomalySettings settings = testSettings();
        const RandomRun run = randomRun(seed, 1500, settings);

        int points = 0;
        int scored = 0;
        int events = 0;
        for (const Life &life : run.lives) {
            const QVector<ReferencePoint> ref = referenceAnomalyScores(life.series, settings);
            QCOMPARE(ref.size(), life.scores.size());
            for (qsizetype n = 0; n < ref.size(); ++n) {
                ++points;
                for (int k = 0; k < AnomalyStrategyCount; ++k) {
                    const StrategyScore &a = life.scores[n][std::size_t(k)];
                    const StrategyScore &b = ref[n].scores[std::size_t(k)];
                    if (a.valid != b.valid) {
                        QFAIL(qPrintable(QStringLiteral("%1 point %2 %3: valid %4 vs %5")
                                             .arg(life.id)
                                             .arg(n)
                                             .arg(strategyCode(AnomalyStrategy(k)))
                                             .arg(a.valid)
                                             .arg(b.valid)));
                    }
                    if (!a.valid)
                        continue;
                    ++scored;
                    if (!close(a.raw, b.raw, 1e-9) || !close(a.baseline, b.baseline, 1e-9)) {
                        QFAIL(qPrintable(QStringLiteral("%1 point %2 %3: raw %4 vs %5, "
                                                        "baseline %6 vs %7")
                                             .arg(life.id)
                                             .arg(n)
                                             .arg(strategyCode(AnomalyStrategy(k)))
                                             .arg(a.raw, 0, 'g', 17)
                                             .arg(b.raw, 0, 'g', 17)
                                             .arg(a.baseline, 0, 'g', 17)
                                             .arg(b.baseline, 0, 'g', 17)));
                    }
                }
                const auto it = life.events.find(int(n));
                const bool detectorFired = it != life.events.end();
                QCOMPARE(detectorFired, ref[n].event.has_value());
                if (detectorFired) {
                    QCOMPARE(it->second, *ref[n].event);
                    ++events;
                }
            }
        }
        qInfo("%d lives, %d points, %d strategy scores compared, %d events", int(run.lives.size()),
              points, scored, events);
        QVERIFY(run.lives.size() > 150); // churn happened
        QVERIFY(scored > 100'000);
        QVERIFY(events > 50);

        // The detector that was not asked for scores screens them, and must
        // raise exactly the same events.
        QCOMPARE(run.eventsWithout.size(), run.eventsWithScores.size());
        for (qsizetype c = 0; c < run.eventsWithout.size(); ++c) {
            QStringList a, b;
            for (const AnomalyEvent &e : run.eventsWithout[c])
                a << eventKey(e);
            for (const AnomalyEvent &e : run.eventsWithScores[c])
                b << eventKey(e);
            QCOMPARE(a, b);
        }
    }

    void zscoreAgreesOnHugeAudiences()
    {
        // Σx² beyond 2^64 (30 samples of ~1.5 billion): the exact sums still
        // give the two-pass variance.
        AnomalySettings s = testSettings();
        AnomalyDetector detector(s);
        QVector<SeriesSample> series;
        for (int i = 0; i < 40; ++i) {
            const qint32 v = 1'500'000'000 + (i % 7) * 1'000'003 - (i % 3) * 777;
            series.append({T0 + i * Minute, v});
        }
        series.append({T0 + 40 * Minute, 2'100'000'000});
        QVector<StreamAnomalyScores> scores;
        for (const SeriesSample &p : std::as_const(series))
            detector.apply(one(p.tMs, p.viewers), &scores);
        const auto ref = referenceAnomalyScores(series, s);
        const StrategyScore &z = scores.first().scores[0];
        QVERIFY(z.valid);
        QVERIFY(close(z.raw, ref.last().scores[0].raw, 1e-9));
    }

    void streamIndexFindsEveryId()
    {
        std::vector<QString> keys;
        StreamIndex index(&keys);
        QStringList ids;
        for (int i = 0; i < 20'000; ++i) {
            switch (i % 5) {
            case 0:
                ids << QString::number(40'000'000'000LL + i);
                break;
            case 1:
                ids << QStringLiteral("x%1").arg(i); // short
                break;
            case 2:
                ids << QStringLiteral("twenty-units-%1").arg(i, 7, 10, QLatin1Char('0'));
                break;
            case 3:
                ids << QStringLiteral("a-very-long-identifier-beyond-inline-%1").arg(i);
                break;
            default:
                ids << QStringLiteral("流%1").arg(i);
            }
        }
        ids << QString() << QStringLiteral("a") << QStringLiteral("ab");
        keys.resize(std::size_t(ids.size()));
        for (int i = 0; i < ids.size(); ++i) {
            keys[std::size_t(i)] = ids[i];
            QCOMPARE(index.findOrInsert(ids[i], StreamIndex::key(ids[i]), [i] { return i; }), i);
        }
        QCOMPARE(index.size(), int(ids.size()));
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(index.find(ids[i]), i);
        QCOMPARE(index.find(QStringLiteral("absent")), -1);
        QCOMPARE(index.find(QStringLiteral("40000000000")), 0);
        QCOMPARE(index.find(QStringLiteral("400000000000")), -1);
        // Remove every other id; the rest stay findable.
        for (int i = 0; i < ids.size(); i += 2)
            index.remove(ids[i]);
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(index.find(ids[i]), i % 2 ? i : -1);
        QCOMPARE(index.size(), int(ids.size() / 2));
    }
};

QTEST_GUILESS_MAIN(TestAnomalyAgreement)
#include "tst_anomalyagreement.moc"
