// The anomaly strategies' definitions, checked against values computed by
// hand (docs/ANOMALY.md): each strategy on a small window, the type-7
// quantile, the logistic normalisation, the event sentence and the settings'
// ranges. The batch reference is checked against the same numbers, so both
// implementations are pinned to the documented definitions.

#include "anomalydetector.h"
#include "anomalyreference.h"
#include "anomalystrategies.h"
#include "anomalytypes.h"

#include <QTest>

#include <cmath>

using namespace StreamRank;

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 T0 = 1'790'000'000'000; // a fixed epoch time (2026)

// Only `only` enabled, with the given lookback; a short minimum history so
// that small hand-made windows are scored.
AnomalySettings onlyStrategy(AnomalyStrategy only, int lookbackMinutes, int minSamples = 4)
{
    AnomalySettings s;
    for (auto &st : s.strategies)
        st.enabled = false;
    s.of(only).enabled = true;
    s.of(only).lookbackMinutes = lookbackMinutes;
    s.minSamples = minSamples;
    s.minIncreaseViewers = 0;
    s.cooldownMinutes = 0;
    return s;
}

Census census(qint64 t, qint32 viewers, const QString &id = QStringLiteral("s1"))
{
    Census c;
    c.platform = Platform::Demo;
    c.takenAtMs = t;
    StreamObservation o;
    o.streamId = id;
    o.channelLogin = QStringLiteral("login_") + id;
    o.channelName = QStringLiteral("Name ") + id;
    o.viewers = viewers;
    c.streams = {o};
    return c;
}

// Feeds one census a minute with `history`, then scores `last`; returns the
// detector's score of the last census for strategy s.
StrategyScore scoreAfter(const AnomalySettings &settings, const QVector<qint32> &history,
                         qint32 last, AnomalyStrategy s)
{
    AnomalyDetector detector(settings);
    qint64 t = T0;
    for (qint32 v : history) {
        detector.apply(census(t, v));
        t += Minute;
    }
    QVector<StreamAnomalyScores> scores;
    detector.apply(census(t, last), &scores);
    if (scores.size() != 1)
        return {};
    return scores.first().scores[std::size_t(s)];
}

// The same point through the batch reference.
StrategyScore referenceAfter(const AnomalySettings &settings, const QVector<qint32> &history,
                             qint32 last, AnomalyStrategy s)
{
    QVector<SeriesSample> series;
    qint64 t = T0;
    for (qint32 v : history) {
        series.append({t, v});
        t += Minute;
    }
    series.append({t, last});
    return referenceAnomalyScores(series, settings).last().scores[std::size_t(s)];
}

const QVector<qint32> Wobble = {100, 110, 90, 100, 110, 90, 100, 110, 90, 100};

} // namespace

class TestAnomalyStrategies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void zscoreByHand()
    {
        // Window (10 min) = the ten samples 100,110,90,...,100: mean 1000/10
        // = 100; deviations 0,±10 (six of them ±10): Σ(x−mean)² = 600;
        // population variance 600/10 = 60; σ = √60. x = 200 → z = 100/√60
        // = 12.9099444873580...
        const auto s = onlyStrategy(AnomalyStrategy::ZScore, 10);
        const StrategyScore z = scoreAfter(s, Wobble, 200, AnomalyStrategy::ZScore);
        QVERIFY(z.valid);
        QCOMPARE(z.baseline, 100.0);
        QVERIFY(qAbs(z.raw - 100.0 / std::sqrt(60.0)) < 1e-12);
        QVERIFY(qAbs(z.raw - 12.909944487358056) < 1e-12);
        const StrategyScore r = referenceAfter(s, Wobble, 200, AnomalyStrategy::ZScore);
        QVERIFY(qAbs(r.raw - z.raw) < 1e-12);
    }

    void zscoreFlatWindowUsesTheFloor()
    {
        // All 100: σ = 0, floored at 1 viewer → z = (130 − 100) / 1 = 30.
        const auto s = onlyStrategy(AnomalyStrategy::ZScore, 10);
        const QVector<qint32> flat(10, 100);
        const StrategyScore z = scoreAfter(s, flat, 130, AnomalyStrategy::ZScore);
        QVERIFY(z.valid);
        QCOMPARE(z.raw, 30.0);
        // A drop is a negative score, never an alert.
        QCOMPARE(scoreAfter(s, flat, 40, AnomalyStrategy::ZScore).raw, -60.0);
    }

    void zscoreWindowIsTheLookback()
    {
        // Lookback 4 min at one census a minute: only the last four samples
        // count, 100,110,90,100 → mean 100, Σd² = 0+100+100+0 = 200,
        // σ = √50; x = 120 → 20/√50.
        const auto s = onlyStrategy(AnomalyStrategy::ZScore, 4, 4);
        const StrategyScore z = scoreAfter(s, Wobble, 120, AnomalyStrategy::ZScore);
        QVERIFY(z.valid);
        QVERIFY(qAbs(z.raw - 20.0 / std::sqrt(50.0)) < 1e-12);
    }

    void percentChangeByHand()
    {
        // Mean of the window 100 → 100·(200 − 100)/100 = +100 %.
        const auto s = onlyStrategy(AnomalyStrategy::PercentChange, 10);
        const StrategyScore p = scoreAfter(s, Wobble, 200, AnomalyStrategy::PercentChange);
        QVERIFY(p.valid);
        QCOMPARE(p.baseline, 100.0);
        QCOMPARE(p.raw, 100.0);
        // A tiny mean is floored at 1 viewer: window of zeros, x = 3 → 300 %.
        const QVector<qint32> zeros(10, 0);
        QCOMPARE(scoreAfter(s, zeros, 3, AnomalyStrategy::PercentChange).raw, 300.0);
    }

    void typeSevenQuantileMatchesNumPy()
    {
        // numpy.percentile([1, 2, 3, 4], 95) = 3.85: index 3·0.95 = 2.85,
        // between 3 and 4 at 0.85 (NumPy computes 4 − 1·0.15).
        const qint32 four[] = {1, 2, 3, 4};
        QCOMPARE(typeSevenQuantile(four, 4, 0.95), 3.85);
        QCOMPARE(typeSevenQuantile(four, 4, 0.50), 2.5);
        // numpy.percentile(range(10, 101, 10), [95, 50]) = [95.5, 55.0]:
        // index 9·0.95 = 8.55 → 90 + 0.55·10; index 4.5 → 50 + 0.5·10.
        const qint32 tens[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        QCOMPARE(typeSevenQuantile(tens, 10, 0.95), 95.5);
        QCOMPARE(typeSevenQuantile(tens, 10, 0.50), 55.0);
        const qint32 one[] = {7};
        QCOMPARE(typeSevenQuantile(one, 1, 0.95), 7.0);
    }

    void quantileByHand()
    {
        // Window 10,20,...,100 (arriving shuffled): q95 = 95.5, q50 = 55
        // (above); x = 200 → (200 − 95.5)/(95.5 − 55) = 104.5/40.5.
        const auto s = onlyStrategy(AnomalyStrategy::Quantile, 10);
        const QVector<qint32> window = {70, 10, 100, 40, 20, 90, 60, 30, 80, 50};
        const StrategyScore q = scoreAfter(s, window, 200, AnomalyStrategy::Quantile);
        QVERIFY(q.valid);
        QCOMPARE(q.baseline, 95.5);
        QVERIFY(qAbs(q.raw - 104.5 / 40.5) < 1e-12);
        // Wobble: sorted 90,90,90,100,100,100,100,110,110,110 → q95 = 110,
        // q50 = 100 → (200 − 110)/10 = 9.
        const StrategyScore w = scoreAfter(s, Wobble, 200, AnomalyStrategy::Quantile);
        QCOMPARE(w.baseline, 110.0);
        QCOMPARE(w.raw, 9.0);
        // Flat window: spread 0, floored at 1 → (105 − 100)/1 = 5.
        QCOMPARE(scoreAfter(s, QVector<qint32>(10, 100), 105, AnomalyStrategy::Quantile).raw, 5.0);
    }

    void quantileWindowSlides()
    {
        // Lookback 3 min, one census a minute: the sorted window must follow
        // evictions. Scores after 1,2,3,4,5,6 → window 4,5,6 at x = 10:
        // q95 = 5 + 0.9·1 = 5.9 (index 1.9: 6 − 1·0.1), q50 = 5 →
        // (10 − 5.9)/max(0.9, 1) = 4.1.
        const auto s = onlyStrategy(AnomalyStrategy::Quantile, 3, 2);
        const StrategyScore q = scoreAfter(s, {1, 2, 3, 4, 5, 6}, 10, AnomalyStrategy::Quantile);
        QVERIFY(q.valid);
        QVERIFY(qAbs(q.baseline - 5.9) < 1e-12);
        QVERIFY(qAbs(q.raw - 4.1) < 1e-12);
    }

    void movingAverageByHand()
    {
        // Lookback 2 min → τ = 1 min; one census a minute → each step decays
        // the weights by d = e^−1.
        //   after 100: EMA 100 (weight 1), no error yet
        //   110: error |110 − 100| = 10; EMA = (100d + 110)/(d + 1)
        //   90:  error |90 − EMA₁|; errors averaged with weights d, 1
        //        EMA₂ = (100d² + 110d + 90)/(d² + d + 1)
        //   x = 200: raw = (200 − EMA₂)/((10d + |90 − EMA₁|)/(d + 1))
        const double d = std::exp(-1.0);
        const double ema1 = (100 * d + 110) / (d + 1);
        const double ema2 = (100 * d * d + 110 * d + 90) / (d * d + d + 1);
        const double unit = (10 * d + std::abs(90 - ema1)) / (d + 1);
        // ≈ EMA₂ 95.795, unit 15.344, raw 6.791
        QVERIFY(qAbs(ema2 - 95.795) < 1e-3);
        const auto s = onlyStrategy(AnomalyStrategy::MovingAverage, 2, 3);
        const StrategyScore m = scoreAfter(s, {100, 110, 90}, 200, AnomalyStrategy::MovingAverage);
        QVERIFY(m.valid);
        QVERIFY(qAbs(m.baseline - ema2) < 1e-9);
        QVERIFY(qAbs(m.raw - (200 - ema2) / unit) < 1e-9);
        const StrategyScore r =
            referenceAfter(s, {100, 110, 90}, 200, AnomalyStrategy::MovingAverage);
        QVERIFY(qAbs(r.raw - m.raw) < 1e-9);
    }

    void normalisationByHand()
    {
        // score = 100 / (1 + e^(−k·(raw − T)/T)), k = ln(19)/0.5 = 2·ln 19.
        QCOMPARE(normalizedScore(2.5, 2.5), 50.0);
        QVERIFY(qAbs(normalizedScore(3.75, 2.5) - 95.0) < 1e-9); // 1.5 × T
        QVERIFY(qAbs(normalizedScore(1.25, 2.5) - 5.0) < 1e-9);  // 0.5 × T
        QVERIFY(qAbs(normalizedScore(300, 200) - 95.0) < 1e-9);  // any unit
        // raw 0: 100/(1 + 19²) = 100/362
        QVERIFY(qAbs(normalizedScore(0, 2.5) - 100.0 / 362.0) < 1e-9);
        // 2 × T: 100/(1 + 19⁻²) = 36100/362
        QVERIFY(qAbs(normalizedScore(5.0, 2.5) - 36100.0 / 362.0) < 1e-9);
        QVERIFY(normalizedScore(1e6, 2.5) <= 100.0);
        QVERIFY(normalizedScore(-1e6, 2.5) >= 0.0);
    }

    void scoreReflectsSizeAsWellAsSurprise()
    {
        // The size half: the same logistic on ln(multiple) / ln(1.5) at the
        // default minimum rise of 50 %.
        QCOMPARE(sizeScore(1500, 1000, 50), 50.0);
        QVERIFY(qAbs(sizeScore(1000 * std::pow(1.5, 1.5), 1000, 50) - 95.0) < 1e-9);
        QVERIFY(qAbs(sizeScore(1000 * std::sqrt(1.5), 1000, 50) - 5.0) < 1e-9);
        // A +14 % rise 40σ above a calm hour: surprise says 100, the score
        // stays far below the default notification threshold of 80.
        QVERIFY(normalizedScore(40, 2.5) > 99.99);
        const double small = eventScore(40, 2.5, 11'400, 10'000, 50);
        QVERIFY2(small < 5, QByteArray::number(small));
        // Every rise under ×1.5 scores under 50, whatever its surprise.
        for (double m = 1.0; m < 1.5; m += 0.01)
            QVERIFY(eventScore(1e6, 2.5, 1000 * m, 1000, 50) < 50);
        // A raid (×4.5, 12σ) scores near 100: both halves are high.
        QVERIFY(eventScore(12, 2.5, 45'000, 10'000, 50) > 99);
        // The lower of the two: a big rise that is barely surprising.
        QCOMPARE(eventScore(2.5, 2.5, 45'000, 10'000, 50), 50.0);
        // minRisePercent 0 turns the size half off.
        QCOMPARE(sizeScore(1001, 1000, 0), 100.0);
        QCOMPARE(eventScore(3.75, 2.5, 1001, 1000, 0), normalizedScore(3.75, 2.5));
        // A baseline under one viewer counts as one; no viewers is no size.
        QCOMPARE(sizeScore(1.5, 0, 50), 50.0);
        QVERIFY(sizeScore(0, 100, 50) < 1e-6);
    }

    void sentenceReadsAsOneLine()
    {
        AnomalyEvent e;
        e.strategy = AnomalyStrategy::ZScore;
        e.observedViewers = 45'000;
        e.baselineViewers = 10'000;
        e.lookbackMinutes = 60;
        e.rawScore = 3.5;
        e.score = 91.2;
        QCOMPARE(e.sentence(),
                 QStringLiteral(
                     "45,000 viewers vs a 60-minute baseline of 10,000 (×4.5): 3.5σ, score 91"));
        e.strategy = AnomalyStrategy::PercentChange;
        e.lookbackMinutes = 30;
        e.rawScore = 350.4;
        QCOMPARE(e.sentence(),
                 QStringLiteral(
                     "45,000 viewers vs a 30-minute baseline of 10,000 (×4.5): +350%, score 91"));
        e.strategy = AnomalyStrategy::MovingAverage;
        e.rawScore = 4.26;
        QVERIFY(e.sentence().contains(QStringLiteral("4.3 band widths above the moving average")));
        e.strategy = AnomalyStrategy::Quantile;
        e.rawScore = 2.04;
        QVERIFY(e.sentence().contains(QStringLiteral("2.0 spreads above the 95th percentile")));
    }

    void strategyCodesRoundTrip()
    {
        for (int k = 0; k < AnomalyStrategyCount; ++k) {
            const auto s = AnomalyStrategy(k);
            QCOMPARE(strategyFromCode(strategyCode(s)), s);
        }
        QCOMPARE(strategyCode(AnomalyStrategy::PercentChange), QStringLiteral("percent_change"));
        QVERIFY(!strategyFromCode(QStringLiteral("median")));
    }

    void settingsAreSanitised()
    {
        AnomalySettings s;
        s.of(AnomalyStrategy::ZScore).lookbackMinutes = 0;
        s.of(AnomalyStrategy::Quantile).lookbackMinutes = 100'000;
        s.of(AnomalyStrategy::PercentChange).threshold = -5;
        s.minSamples = 0;
        s.cooldownMinutes = -3;
        const AnomalySettings c = s.sanitized();
        QCOMPARE(c.of(AnomalyStrategy::ZScore).lookbackMinutes, 1);
        QCOMPARE(c.of(AnomalyStrategy::Quantile).lookbackMinutes, 7 * 24 * 60);
        QCOMPARE(c.of(AnomalyStrategy::PercentChange).threshold, 200.0);
        QCOMPARE(c.minSamples, 1);
        QCOMPARE(c.cooldownMinutes, 0);
        // The defaults the specification fixes.
        const AnomalySettings d;
        QCOMPARE(d.of(AnomalyStrategy::ZScore).threshold, 2.5);
        QCOMPARE(d.of(AnomalyStrategy::ZScore).lookbackMinutes, 60);
        QCOMPARE(d.of(AnomalyStrategy::PercentChange).threshold, 200.0);
        QCOMPARE(d.of(AnomalyStrategy::PercentChange).lookbackMinutes, 30);
        QVERIFY(d.sanitized() == d);
    }
};

QTEST_GUILESS_MAIN(TestAnomalyStrategies)
#include "tst_anomalystrategies.moc"
