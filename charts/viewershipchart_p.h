#pragma once
// ViewershipChart's private state, shared by its source files:
// viewershipchart.cpp (series, axes, palette), viewershipchart_input.cpp
// (hover, wheel, keys) and viewershipchart_export.cpp (PNG, SVG, CSV).

#include "viewershipchart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTimer>

namespace StreamRank {

class ViewershipChartPrivate
{
public:
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QLineSeries *series = nullptr;
    QLineSeries *peakSeries = nullptr; // rollups: each bucket's highest census
    QScatterSeries *markers = nullptr;
    QScatterSeries *hoverDot = nullptr;
    QDateTimeAxis *xAxis = nullptr;
    QCategoryAxis *yAxis = nullptr;
    QLabel *placeholder = nullptr;
    QTimer *redrawTimer = nullptr;
    QVector<QPointF> points;
    QVector<QPointF> peaks; // empty, or one per point
    QVector<ChartMarker> markerInfo;
    bool active = false;    // a stream is shown
    qint64 focusCentre = 0; // 0: show the whole series
    qint64 focusHalfSpan = 0;
    QString title;      // as given; the shown one may add "offline since"
    QString resolution; // "5 min" when points are rollups, empty for every census
    bool downsampling = true;
    bool offline = false;
    qint64 lastSampleMs = 0;
    qint64 windowFrom = 0; // setTimeWindow(); 0: the data's extent
    qint64 windowTo = 0;
    bool zoomed = false;       // the user chose the shown time range
    bool settingRange = false; // the range is being set by redraw(), not the user

    std::pair<qint64, qint64> shownRange() const
    {
        return {xAxis->min().toMSecsSinceEpoch(), xAxis->max().toMSecsSinceEpoch()};
    }
};

} // namespace StreamRank
