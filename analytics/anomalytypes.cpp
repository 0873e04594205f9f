#include "anomalytypes.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

namespace StreamRank {

namespace {
// ln(19) / 0.5: a raw score of 1.5 × threshold maps to 95.
constexpr double LogisticSteepness = 5.8888779583328805;
} // namespace

QString strategyCode(AnomalyStrategy s)
{
    switch (s) {
    case AnomalyStrategy::ZScore:
        return QStringLiteral("zscore");
    case AnomalyStrategy::PercentChange:
        return QStringLiteral("percent_change");
    case AnomalyStrategy::MovingAverage:
        return QStringLiteral("moving_average");
    case AnomalyStrategy::Quantile:
        return QStringLiteral("quantile");
    }
    return {};
}

QString strategyDisplayName(AnomalyStrategy s)
{
    switch (s) {
    case AnomalyStrategy::ZScore:
        return QStringLiteral("Z-score");
    case AnomalyStrategy::PercentChange:
        return QStringLiteral("Percent change");
    case AnomalyStrategy::MovingAverage:
        return QStringLiteral("Moving-average band");
    case AnomalyStrategy::Quantile:
        return QStringLiteral("High quantile");
    }
    return {};
}

std::optional<AnomalyStrategy> strategyFromCode(const QString &code)
{
    for (int i = 0; i < AnomalyStrategyCount; ++i) {
        const auto s = static_cast<AnomalyStrategy>(i);
        if (strategyCode(s) == code)
            return s;
    }
    return std::nullopt;
}

int AnomalySettings::maxLookbackMinutes() const
{
    int m = 0;
    for (const auto &s : strategies)
        m = std::max(m, s.lookbackMinutes);
    return m;
}

AnomalySettings AnomalySettings::sanitized() const
{
    static const AnomalySettings defaults;
    AnomalySettings s = *this;
    for (std::size_t k = 0; k < s.strategies.size(); ++k) {
        StrategySettings &st = s.strategies[k];
        st.lookbackMinutes = std::clamp(st.lookbackMinutes, 1, 7 * 24 * 60);
        if (!(st.threshold > 0) || !std::isfinite(st.threshold))
            st.threshold = defaults.strategies[k].threshold;
    }
    s.cooldownMinutes = std::max(0, s.cooldownMinutes);
    s.minIncreaseViewers = std::max(0, s.minIncreaseViewers);
    s.minSamples = std::max(1, s.minSamples);
    s.minRisePercent = std::clamp(s.minRisePercent, 0, 10000);
    return s;
}

double normalizedScore(double raw, double threshold)
{
    const double scale = threshold != 0 ? std::abs(threshold) : 1.0;
    return 100.0 / (1.0 + std::exp(-LogisticSteepness * (raw - threshold) / scale));
}

double sizeExcess(double observed, double baseline, int minRisePercent)
{
    if (minRisePercent <= 0)
        return std::numeric_limits<double>::infinity();
    const double multiple = std::max(observed, 0.0) / std::max(baseline, 1.0);
    if (!(multiple > 0))
        return -std::numeric_limits<double>::infinity();
    return std::log(multiple) / std::log1p(minRisePercent / 100.0) - 1.0;
}

double sizeScore(double observed, double baseline, int minRisePercent)
{
    if (minRisePercent <= 0)
        return 100.0;
    return normalizedScore(sizeExcess(observed, baseline, minRisePercent) + 1.0, 1.0);
}

double eventScore(double raw, double threshold, double observed, double baseline,
                  int minRisePercent)
{
    return std::min(normalizedScore(raw, threshold), sizeScore(observed, baseline, minRisePercent));
}

bool AnomalyEventFilter::accepts(const AnomalyEvent &e) const
{
    if (e.timeMs < fromMs || (toMs > 0 && e.timeMs > toMs))
        return false;
    if (platform && e.platform != *platform)
        return false;
    if (strategy && e.strategy != *strategy)
        return false;
    if (e.score < minScore)
        return false;
    if (!streamId.isEmpty() && e.streamId != streamId)
        return false;
    if (!text.isEmpty() && !e.channelLogin.contains(text, Qt::CaseInsensitive) &&
        !e.channelName.contains(text, Qt::CaseInsensitive) &&
        !e.streamId.contains(text, Qt::CaseInsensitive))
        return false;
    return true;
}

QString AnomalyEvent::sentence() const
{
    // The C locale's digits with thousands separators ("45,000"), whatever
    // the user's locale: the sentence is also stored and exported. (The C
    // locale omits the separators unless asked.)
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    auto n = [&c](double v) { return c.toString(qint64(std::llround(v))); };
    QString measure;
    switch (strategy) {
    case AnomalyStrategy::ZScore:
        measure = QString::number(rawScore, 'f', 1) + QStringLiteral("σ");
        break;
    case AnomalyStrategy::PercentChange:
        measure = QStringLiteral("+") + QString::number(rawScore, 'f', 0) + QStringLiteral("%");
        break;
    case AnomalyStrategy::MovingAverage:
        measure = QString::number(rawScore, 'f', 1) +
                  QStringLiteral(" band widths above the moving average");
        break;
    case AnomalyStrategy::Quantile:
        measure = QString::number(rawScore, 'f', 1) +
                  QStringLiteral(" spreads above the 95th percentile");
        break;
    }
    const QString multiple =
        QString::number(double(observedViewers) / std::max(baselineViewers, 1.0), 'f', 1);
    return QStringLiteral("%1 viewers vs a %2-minute baseline of %3 (×%4): %5, score %6")
        .arg(n(observedViewers), QString::number(lookbackMinutes), n(baselineViewers), multiple,
             measure, QString::number(std::llround(score)));
}

} // namespace StreamRank

namespace StreamRank {

QByteArray AnomalyEvent::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("platform"), platformCode(platform));
    o.insert(QStringLiteral("stream_id"), streamId);
    o.insert(QStringLiteral("channel"), channelLogin);
    o.insert(QStringLiteral("channel_name"), channelName);
    o.insert(QStringLiteral("time"),
             QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC).toString(Qt::ISODate));
    o.insert(QStringLiteral("strategy"), strategyCode(strategy));
    o.insert(QStringLiteral("baseline"), baselineViewers);
    // Detection raises nothing from a hidden count; a stored event that
    // never knew its count (observedViewers < 0) says null, never -1.
    if (observedViewers >= 0)
        o.insert(QStringLiteral("observed"), observedViewers);
    else
        o.insert(QStringLiteral("observed"), QJsonValue::Null);
    o.insert(QStringLiteral("raw_score"), rawScore);
    o.insert(QStringLiteral("score"), score);
    o.insert(QStringLiteral("lookback_minutes"), lookbackMinutes);
    o.insert(QStringLiteral("text"), sentence());
    if (incidentStartMs > 0) {
        o.insert(QStringLiteral("incident_start"),
                 QDateTime::fromMSecsSinceEpoch(incidentStartMs, Qt::UTC).toString(Qt::ISODate));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace StreamRank

namespace StreamRank {

double AnomalyIncident::peakMultiple() const
{
    return double(peakViewers) / std::max(baselineViewers, 1.0);
}

const AnomalyEvent &AnomalyIncident::bestEvent() const
{
    static const AnomalyEvent none;
    if (events.isEmpty())
        return none;
    const AnomalyEvent *best = &events.first();
    for (const AnomalyEvent &e : events) {
        if (e.score > best->score)
            best = &e;
    }
    return *best;
}

QString AnomalyIncident::strategyCodes() const
{
    std::array<bool, AnomalyStrategyCount> fired{};
    for (const AnomalyEvent &e : events)
        fired[std::size_t(e.strategy)] = true;
    QStringList codes;
    for (int k = 0; k < AnomalyStrategyCount; ++k) {
        if (fired[std::size_t(k)])
            codes << strategyCode(AnomalyStrategy(k));
    }
    return codes.join(QStringLiteral(", "));
}

QString AnomalyIncident::summary(const QString &peakTime, const QString &duration) const
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return QStringLiteral("Peak %1 viewers (×%2 the baseline of %3) at %4, %5; %6")
        .arg(c.toString(peakViewers), QString::number(peakMultiple(), 'f', 1),
             c.toString(qint64(std::llround(baselineViewers))), peakTime, duration,
             bestEvent().sentence());
}

} // namespace StreamRank
