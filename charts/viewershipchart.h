#pragma once
// A live line chart of one stream's viewers over time. The only place that
// includes Qt Charts, so moving to Qt Graphs later is this folder's work.

#include <QPointF>
#include <QVector>
#include <QWidget>

class QTimer;
class QLabel;

namespace StreamRank {

class ViewershipChartPrivate;

class ViewershipChart : public QWidget
{
    Q_OBJECT
public:
    explicit ViewershipChart(QWidget *parent = nullptr);
    ~ViewershipChart() override;

    // Replaces the whole series: x = epoch ms (UTC), y = viewers.
    void setSeries(const QString &title, const QVector<QPointF> &points);
    // Adds the latest census's value; redraws are coalesced.
    void appendPoint(qint64 tMs, qint32 viewers);
    void clear(const QString &message);
    // Anomaly events of the shown stream: x = epoch ms, y = observed viewers.
    void setEventMarkers(const QVector<QPointF> &markers);
    // Shows [centreMs − halfSpanMs, centreMs + halfSpanMs] instead of the whole
    // series (jumping to an alert), until another stream is shown.
    void focusOn(qint64 centreMs, qint64 halfSpanMs);

    int pointCount() const;
    int markerCount() const;

private:
    void scheduleRedraw();
    void redraw();

    ViewershipChartPrivate *d;
};

} // namespace StreamRank
