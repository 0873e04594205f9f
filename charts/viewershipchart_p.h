#pragma once
// ViewershipChart's private state, shared by its source files:
// viewershipchart.cpp (setup, palette, public setters), viewershipchart_lines.cpp
// (lines, runs, axes, drawing), viewershipchart_input.cpp (hover, wheel, keys)
// and viewershipchart_export.cpp (PNG, SVG, CSV).

#include "viewershipchart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSet>
#include <QTimer>

namespace StreamRank {

// A line as drawn: its data split into runs at gaps, and the Qt Charts series
// that draw them (pooled: a reload reuses them; run 0 carries the legend entry).
struct LineState
{
    ChartLine data;
    QVector<QVector<QPointF>> runs;     // data.points split at gaps
    QVector<QVector<QPointF>> peakRuns; // data.peaks, the same splits
    double scale = 1;                   // normalised: 100 / own peak
    double gap = 0;                     // spacing that breaks the line (0: never)
    QString key;                        // data.key, or title + name
    QVector<QLineSeries *> series;      // one per run (at least one)
    QVector<QLineSeries *> peakSeries;
    bool onChannelAxis = false; // the series are attached to the right-hand axis
};

class ViewershipChartPrivate
{
public:
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QVector<LineState> lines; // the pool: lineCount of them are in use
    int lineCount = 0;
    QScatterSeries *markers = nullptr;
    QScatterSeries *hoverDot = nullptr;
    // Time: epoch ms, labelled by us in the display zone (QDateTimeAxis
    // can only label in the system's zone).
    QCategoryAxis *xAxis = nullptr;
    QString timeFormat; // the labels' format
    QCategoryAxis *yAxis = nullptr;
    QCategoryAxis *channelAxis = nullptr; // live channels (categories), on the right
    QLabel *placeholder = nullptr;
    QGraphicsSimpleTextItem *mark = nullptr; // setMark(), top right of the plot
    QTimer *redrawTimer = nullptr;
    QVector<std::pair<int, ChartMarker>> markerInfo; // line, marker
    QSet<QString> hidden;                            // keys of lines the user hid
    QString identity;                                // what is shown; a change drops zoom and focus
    bool normalized = false;
    bool active = false;    // something is shown
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
        return {qRound64(xAxis->min()), qRound64(xAxis->max())};
    }
    // The first line's data (empty when there is none).
    const QVector<QPointF> &points() const
    {
        static const QVector<QPointF> none;
        return lineCount > 0 ? lines.at(0).data.points : none;
    }
    const QVector<QPointF> &peaks() const
    {
        static const QVector<QPointF> none;
        return lineCount > 0 ? lines.at(0).data.peaks : none;
    }
    bool isVisible(int line) const { return !hidden.contains(lines.at(line).key); }
    bool anyPoints() const
    {
        for (int i = 0; i < lineCount; ++i)
            if (!lines.at(i).data.points.isEmpty())
                return true;
        return false;
    }
    // The time of the first and the last point over all lines.
    std::pair<qint64, qint64> dataExtent() const;
    QColor colour(int line) const;
    // Where a line's value is drawn: normalised or as stored.
    double shownY(int line, double y) const { return normalized ? y * lines.at(line).scale : y; }
    QPointF markerPoint(int line, const ChartMarker &m) const
    {
        return QPointF(m.point.x(), shownY(line, m.point.y()));
    }
    bool dark = false;
};

} // namespace StreamRank
