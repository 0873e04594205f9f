#pragma once
// For window tests: a MainWindow without a database behind it (the chart's
// series and the alert list read nothing).
#include "mainwindow.h"

namespace StreamRank::TestSupport {

inline MainWindowOptions windowWithoutStorage()
{
    MainWindowOptions options;
    options.demo = false;
    options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
        return ChartSeries();
    };
    options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
    options.incidentSource = [](const AnomalyEventFilter &) { return QVector<AnomalyIncident>(); };
    return options;
}

} // namespace StreamRank::TestSupport
