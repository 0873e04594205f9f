// Anomaly detection with all four strategies on a census of 100,000 streams in
// steady state (every window full), against a naive detector that re-reads
// each stream's lookback window from a per-stream sample store and recomputes
// mean, σ, quantiles and the moving average from scratch: what detection
// costs if it queried history per stream instead of keeping rolling state.

#include "benchsupport.h"

#include "anomalydetector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

constexpr qint64 CensusIntervalMs = 2 * kMinuteMs;

// The naive detector: the same definitions (docs/ANOMALY.md) evaluated from
// the stored samples at every census. It keeps the samples of the longest
// lookback per stream, as a "SELECT ... WHERE t >= now − lookback" would
// return them, and recomputes everything from them; its moving average
// restarts at the window's first sample, which only makes it cheaper.
class NaiveDetector
{
public:
    explicit NaiveDetector(const AnomalySettings &settings) : m_settings(settings) {}

    int apply(const Census &census)
    {
        const qint64 t = census.takenAtMs;
        const qint64 keepMs = qint64(m_settings.maxLookbackMinutes()) * kMinuteMs;
        int events = 0;
        for (const StreamObservation &obs : census.streams) {
            Stream &s = m_streams[obs.streamId];
            if (s.lastSeenMs == t)
                continue;
            s.lastSeenMs = t;
            events += evaluate(s, t, obs.viewers) ? 1 : 0;
            s.samples.push_back({t, obs.viewers});
            const auto first =
                std::lower_bound(s.samples.begin(), s.samples.end(), t - keepMs,
                                 [](const Sample &a, qint64 cutoff) { return a.tMs < cutoff; });
            s.samples.erase(s.samples.begin(), first);
        }
        if (!census.partial) {
            for (auto it = m_streams.begin(); it != m_streams.end();)
                it = it->lastSeenMs < t ? m_streams.erase(it) : std::next(it);
        }
        return events;
    }

    double lastZ(const QString &streamId) const { return m_streams.value(streamId).lastZ; }

private:
    struct Sample
    {
        qint64 tMs;
        qint32 viewers;
    };
    struct Stream
    {
        std::vector<Sample> samples;
        qint64 lastSeenMs = 0;
        qint64 lastEventMs = -1;
        bool armed = true;
        double lastZ = 0;
    };

    // The window [t − lookback, t) as a range of the stored samples.
    std::pair<const Sample *, const Sample *> window(const Stream &s, qint64 t, int minutes) const
    {
        const Sample *begin = s.samples.data();
        const Sample *end = begin + s.samples.size();
        const Sample *first =
            std::lower_bound(begin, end, t - qint64(minutes) * kMinuteMs,
                             [](const Sample &a, qint64 cutoff) { return a.tMs < cutoff; });
        return {first, end};
    }

    bool evaluate(Stream &s, qint64 t, qint32 x)
    {
        if (int(s.samples.size()) < m_settings.minSamples)
            return false;
        std::array<double, AnomalyStrategyCount> raw{};
        std::array<double, AnomalyStrategyCount> baseline{};
        {
            auto [b, e] = window(s, t, m_settings.of(AnomalyStrategy::ZScore).lookbackMinutes);
            const double n = double(e - b);
            double sum = 0;
            for (auto *p = b; p != e; ++p)
                sum += p->viewers;
            const double mean = sum / n;
            double sq = 0;
            for (auto *p = b; p != e; ++p)
                sq += (p->viewers - mean) * (p->viewers - mean);
            baseline[0] = mean;
            raw[0] = s.lastZ = (x - mean) / std::max(std::sqrt(sq / n), 1.0);
        }
        {
            auto [b, e] =
                window(s, t, m_settings.of(AnomalyStrategy::PercentChange).lookbackMinutes);
            double sum = 0;
            for (auto *p = b; p != e; ++p)
                sum += p->viewers;
            const double mean = sum / double(e - b);
            baseline[1] = mean;
            raw[1] = 100.0 * (x - mean) / std::max(mean, 1.0);
        }
        {
            auto [b, e] =
                window(s, t, m_settings.of(AnomalyStrategy::MovingAverage).lookbackMinutes);
            const double tau = m_settings.of(AnomalyStrategy::MovingAverage).lookbackMinutes *
                               double(kMinuteMs) / 2.0;
            double sum = 0, weight = 0, errSum = 0, errWeight = 0;
            for (auto *p = b; p != e; ++p) {
                const double d = p == b ? 0.0 : std::exp(-double(p->tMs - (p - 1)->tMs) / tau);
                if (weight > 0) {
                    errSum = d * errSum + std::abs(p->viewers - sum / weight);
                    errWeight = d * errWeight + 1;
                }
                sum = d * sum + p->viewers;
                weight = d * weight + 1;
            }
            baseline[2] = sum / weight;
            raw[2] = (x - baseline[2]) / std::max(errWeight > 0 ? errSum / errWeight : 0.0, 1.0);
        }
        {
            auto [b, e] = window(s, t, m_settings.of(AnomalyStrategy::Quantile).lookbackMinutes);
            m_scratch.clear();
            for (auto *p = b; p != e; ++p)
                m_scratch.push_back(p->viewers);
            std::sort(m_scratch.begin(), m_scratch.end());
            const int n = int(m_scratch.size());
            const double q95 = typeSevenQuantile(m_scratch.data(), n, 0.95);
            const double q50 = typeSevenQuantile(m_scratch.data(), n, 0.50);
            baseline[3] = q95;
            raw[3] = (x - q95) / std::max(q95 - q50, 1.0);
        }
        bool over = false;
        bool fire = false;
        for (int k = 0; k < AnomalyStrategyCount; ++k) {
            const StrategySettings &cfg = m_settings.strategies[std::size_t(k)];
            if (cfg.enabled && raw[std::size_t(k)] >= cfg.threshold) {
                over = true;
                fire |= x - baseline[std::size_t(k)] >= m_settings.minIncreaseViewers;
            }
        }
        if (!over)
            s.armed = true;
        if (fire && s.armed &&
            (s.lastEventMs < 0 || t - s.lastEventMs >= m_settings.cooldownMinutes * kMinuteMs)) {
            s.armed = false;
            s.lastEventMs = t;
            return true;
        }
        return false;
    }

    AnomalySettings m_settings;
    QHash<QString, Stream> m_streams;
    std::vector<qint32> m_scratch;
};

// Resident memory in MiB (Linux), or -1.
double residentMiB()
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Stream ids as a collector parsing JSON would produce them: a fresh
// allocation per census, so no lookup can shortcut on shared string data.
void freshIds(Census &census)
{
    for (StreamObservation &obs : census.streams)
        obs.streamId = QString(obs.streamId.constData(), obs.streamId.size());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times AnomalyDetector::apply on 100,000 streams against a naive "
                       "re-reading detector."));
    parser.addHelpOption();
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Streams per census."),
                                           QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repsOption(QStringLiteral("reps"),
                                        QStringLiteral("Timed censuses (median reported)."),
                                        QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption naiveRepsOption(QStringLiteral("naive-reps"),
                                             QStringLiteral("Timed censuses of the naive one."),
                                             QStringLiteral("N"), QStringLiteral("20"));
    parser.addOptions({streamsOption, repsOption, naiveRepsOption});
    parser.process(app);
    const int streams = std::max(1, parser.value(streamsOption).toInt());
    const int reps = std::max(1, parser.value(repsOption).toInt());
    const int naiveReps = std::max(1, parser.value(naiveRepsOption).toInt());

    const AnomalySettings settings;
    // Untimed censuses first, so every window is full: the longest lookback
    // at the census interval, plus a few.
    const int warm = int(settings.maxLookbackMinutes() * kMinuteMs / CensusIntervalMs) + 5;

    printHeader("bench_anomaly",
                {QStringLiteral("census: %1 streams, %2-minute interval, %3 untimed censuses "
                                "first (every window full); all four strategies at defaults")
                     .arg(streams)
                     .arg(CensusIntervalMs / kMinuteMs)
                     .arg(warm)});

    const CensusGenerator generator(Platform::Twitch, streams, 40, 7);
    Census census = generator.census(kStartMs, 0);
    int round = 0;
    auto nextCensus = [&](bool fresh) {
        ++round;
        census.takenAtMs = kStartMs + qint64(round) * CensusIntervalMs;
        generator.setViewers(census, round);
        Census c = census;
        if (fresh)
            freshIds(c);
        return c;
    };

    Table table({QStringLiteral("detector"), QStringLiteral("censuses"),
                 QStringLiteral("median ms"), QStringLiteral("min ms"), QStringLiteral("max ms"),
                 QStringLiteral("events")});
    auto run = [&](const QString &name, auto &detector, int timed, bool fresh) {
        round = 0;
        census.takenAtMs = kStartMs;
        int events = 0;
        detector.apply(census);
        for (int i = 0; i < warm; ++i)
            detector.apply(nextCensus(fresh));
        std::vector<double> times;
        for (int i = 0; i < timed; ++i) {
            const Census c = nextCensus(fresh);
            Stopwatch w;
            const auto raised = detector.apply(c);
            times.push_back(w.ms());
            if constexpr (std::is_same_v<std::decay_t<decltype(raised)>, int>)
                events += raised;
            else
                events += int(raised.size());
        }
        const Stats s = statsOf(times);
        table.add({name, QString::number(s.n), fmt(s.median, 2), fmt(s.min, 2), fmt(s.max, 2),
                   QString::number(events)});
        return s.median;
    };

    const double rssBefore = residentMiB();
    AnomalyDetector incremental(settings);
    const double fast =
        run(QStringLiteral("AnomalyDetector (incremental)"), incremental, reps, false);
    const double rssDetector = residentMiB() - rssBefore;
    AnomalyDetector incrementalFresh(settings);
    const double fastFresh = run(QStringLiteral("AnomalyDetector, fresh id strings per census"),
                                 incrementalFresh, reps, true);
    NaiveDetector naive(settings);
    const double slow =
        run(QStringLiteral("naive (re-reads each stream's window)"), naive, naiveReps, false);
    table.print();

    // The two agree: the last census's z-scores, naive vs incremental.
    QVector<StreamAnomalyScores> scores;
    const Census last = nextCensus(false);
    incremental.apply(last, &scores);
    naive.apply(last);
    double worst = 0;
    for (const StreamAnomalyScores &s : std::as_const(scores)) {
        const double z = s.scores[0].raw;
        const double n = naive.lastZ(last.streams[s.observation].streamId);
        worst = std::max(worst, std::abs(z - n) / std::max(1.0, std::abs(n)));
    }
    // The ranking's anomaly flag: one hasRecentEvent() per ranked stream.
    std::vector<double> flagTimes;
    for (int r = 0; r < 5; ++r) {
        Stopwatch w;
        int flagged = 0;
        for (const StreamObservation &o : last.streams)
            flagged += incremental.hasRecentEvent(last.platform, o.streamId, last.takenAtMs,
                                                  30 * kMinuteMs);
        flagTimes.push_back(w.ms());
        if (flagged < 0)
            printLine(QString());
    }
    printLine(QStringLiteral("hasRecentEvent for all %1 streams (the ranking's anomaly flag): "
                             "median %2 ms")
                  .arg(last.streams.size())
                  .arg(fmt(statsOf(flagTimes).median, 2)));
    printLine(QStringLiteral("naive / incremental (shared ids): %1x; with fresh ids: %2x")
                  .arg(fmt(slow / fast, 1), fmt(slow / fastFresh, 1)));
    printLine(QStringLiteral("z-scores of the last census, naive vs incremental: max relative "
                             "difference %1")
                  .arg(worst, 0, 'g', 3));
    printLine(QStringLiteral("memory: the detector's state for %1 streams adds %2 MiB resident "
                             "(%3 bytes a stream)")
                  .arg(streams)
                  .arg(fmt(rssDetector, 0))
                  .arg(fmt(rssDetector * 1024 * 1024 / streams, 0)));
    printFooter();
    return 0;
}
