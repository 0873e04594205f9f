#pragma once
// The command-line overrides of anomaly settings shared by the anomaly
// measurement tools (anomaly_recall, anomaly_grid): key=value, keys
// minSamples, minIncreaseViewers, minRisePercent, cooldownMinutes and
// <strategy code>.threshold / .lookback / .enabled (e.g. quantile.threshold=2.5).

#include "anomalytypes.h"

#include <QString>
#include <QStringList>

namespace StreamRank::Bench {

inline bool applyOverride(AnomalySettings &s, const QString &arg)
{
    const QString key = arg.section(QLatin1Char('='), 0, 0);
    const QString value = arg.section(QLatin1Char('='), 1);
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok)
        return false;
    if (key == QLatin1String("minSamples"))
        s.minSamples = int(v);
    else if (key == QLatin1String("minIncreaseViewers"))
        s.minIncreaseViewers = int(v);
    else if (key == QLatin1String("minRisePercent"))
        s.minRisePercent = int(v);
    else if (key == QLatin1String("cooldownMinutes"))
        s.cooldownMinutes = int(v);
    else {
        const auto strategy = strategyFromCode(key.section(QLatin1Char('.'), 0, 0));
        const QString field = key.section(QLatin1Char('.'), 1);
        if (!strategy)
            return false;
        StrategySettings &st = s.of(*strategy);
        if (field == QLatin1String("threshold"))
            st.threshold = v;
        else if (field == QLatin1String("lookback"))
            st.lookbackMinutes = int(v);
        else if (field == QLatin1String("enabled"))
            st.enabled = v != 0;
        else
            return false;
    }
    return true;
}

// "settings: zscore 2.5/60min, …; minSamples 10, minIncreaseViewers 100, …"
inline QString settingsLine(const AnomalySettings &settings)
{
    QStringList cfg;
    for (int k = 0; k < AnomalyStrategyCount; ++k) {
        const StrategySettings &st = settings.strategies[std::size_t(k)];
        cfg << QStringLiteral("%1%2 %3/%4min")
                   .arg(strategyCode(AnomalyStrategy(k)),
                        st.enabled ? QString() : QStringLiteral("(off)"))
                   .arg(st.threshold)
                   .arg(st.lookbackMinutes);
    }
    return QStringLiteral("settings: %1; minSamples %2, minIncreaseViewers %3, minRisePercent %4, "
                          "cooldown %5 min")
        .arg(cfg.join(QStringLiteral(", ")))
        .arg(settings.minSamples)
        .arg(settings.minIncreaseViewers)
        .arg(settings.minRisePercent)
        .arg(settings.cooldownMinutes);
}

} // namespace StreamRank::Bench
