#include "alerttexts.h"

#include "clock.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <array>
#include <limits>

namespace StreamRank {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("AlertTexts", text);
}
} // namespace

QString rawScoreMeaning(const AnomalyEvent &e)
{
    const QString minutes = QString::number(e.lookbackMinutes);
    switch (e.strategy) {
    case AnomalyStrategy::ZScore:
        return tr("Standard deviations (σ) above the %1-minute mean").arg(minutes);
    case AnomalyStrategy::PercentChange:
        return tr("Percent above the %1-minute mean").arg(minutes);
    case AnomalyStrategy::MovingAverage:
        return tr("Band half-widths above the moving average (%1-minute lookback)").arg(minutes);
    case AnomalyStrategy::Quantile:
        return tr("Upper spreads (95th − 50th percentile) above the %1-minute "
                  "95th percentile")
            .arg(minutes);
    }
    return {};
}

QString rawScoreText(const AnomalyEvent &e)
{
    const QLocale locale;
    switch (e.strategy) {
    case AnomalyStrategy::ZScore:
        return locale.toString(e.rawScore, 'f', 1) + QStringLiteral("σ");
    case AnomalyStrategy::PercentChange:
        // A rise is what alerts are for: its sign is written out.
        return (e.rawScore > 0 ? QStringLiteral("+") : QString()) +
               locale.toString(e.rawScore, 'f', 0) + QStringLiteral(" %");
    case AnomalyStrategy::MovingAverage:
        return tr("%1 bands").arg(locale.toString(e.rawScore, 'f', 1));
    case AnomalyStrategy::Quantile:
        return tr("%1 spreads").arg(locale.toString(e.rawScore, 'f', 1));
    }
    return locale.toString(e.rawScore, 'f', 2);
}

qint64 incidentDurationMs(const AnomalyIncident &incident)
{
    if (incident.endMs == 0)
        return std::numeric_limits<qint64>::max();
    return std::max<qint64>(0, incident.endMs - incident.startMs);
}

QString incidentDurationText(const AnomalyIncident &incident)
{
    if (incident.endMs == 0)
        return tr("ongoing");
    const qint64 minutes = incidentDurationMs(incident) / 60000;
    if (minutes < 1)
        return tr("< 1 min");
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

namespace {
// Per strategy, the event with its highest score (null where it did not fire).
std::array<const AnomalyEvent *, AnomalyStrategyCount> bestPerStrategy(const AnomalyIncident &i)
{
    std::array<const AnomalyEvent *, AnomalyStrategyCount> best{};
    for (const AnomalyEvent &e : i.events) {
        const AnomalyEvent *&slot = best[std::size_t(e.strategy)];
        if (!slot || e.score > slot->score)
            slot = &e;
    }
    return best;
}
} // namespace

QString incidentStrategiesText(const AnomalyIncident &incident)
{
    QStringList names;
    for (const AnomalyEvent *e : bestPerStrategy(incident))
        if (e)
            names << strategyDisplayName(e->strategy);
    return names.join(QStringLiteral(", "));
}

QString strategyScoresText(const AnomalyIncident &incident)
{
    QStringList parts;
    for (const AnomalyEvent *e : bestPerStrategy(incident))
        if (e)
            parts << tr("%1 %2 (%3)")
                         .arg(strategyDisplayName(e->strategy), QString::number(qRound(e->score)),
                              rawScoreText(*e));
    return parts.join(QStringLiteral(" · "));
}

QString incidentPeakText(const AnomalyIncident &incident)
{
    const QLocale locale;
    return tr("%1 (×%2)")
        .arg(locale.toString(incident.peakViewers),
             locale.toString(incident.peakMultiple(), 'f', 1));
}

QString incidentSummaryText(const AnomalyIncident &incident)
{
    return incident.summary(localTimeText(incident.peakMs, QStringLiteral("HH:mm")),
                            incidentDurationText(incident));
}

} // namespace StreamRank
