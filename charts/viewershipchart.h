#pragma once
// A live line chart of one stream's viewers over time. The only place that
// includes Qt Charts, so moving to Qt Graphs later is this folder's work.
//
// Readable: viewer ticks with separators or "12.3k", time ticks on round
// local times with the date where the range needs it and the zone named in
// the axis title; hovering snaps to the nearest stored point (value, time,
// and an alert's sentence). A zoom (rubber band, mouse wheel) stays while
// censuses arrive, the viewer axis fitted to it, until reset (double-click,
// right-click → Reset zoom). Follows the light or dark palette.

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <utility>

namespace StreamRank {

class ViewershipChartPrivate;

// An anomaly event on the chart: x = epoch ms, y = observed viewers.
struct ChartMarker
{
    QPointF point;
    QString text; // the alert's sentence, shown on hover
};

class ViewershipChart : public QWidget
{
    Q_OBJECT
public:
    explicit ViewershipChart(QWidget *parent = nullptr);
    ~ViewershipChart() override;

    // Replaces the whole series: x = epoch ms (UTC), y = viewers.
    void setSeries(const QString &title, const QVector<QPointF> &points);
    // Rollups: points are each bucket's average, peaks (one per point) its
    // highest census, drawn as a second, dashed line so a spike is never
    // averaged away; resolution names the bucket ("5 min").
    void setSeries(const QString &title, const QVector<QPointF> &points,
                   const QVector<QPointF> &peaks, const QString &resolution);
    // Adds the latest census's value; redraws are coalesced. Ignored while
    // the series is rollups (the next load brings the bucket).
    void appendPoint(qint64 tMs, qint32 viewers);
    void clear(const QString &message);
    void setEventMarkers(const QVector<ChartMarker> &markers);
    // Shows [centreMs − halfSpanMs, centreMs + halfSpanMs] instead of the whole
    // series (jumping to an alert), until another stream is shown.
    void focusOn(qint64 centreMs, qint64 halfSpanMs);
    // The stream is no longer live: the title says since when (its last sample).
    void setOffline(bool offline);
    // The newest census behind the series, for "offline since" when points
    // are rollup buckets (0: the last point's time).
    void setLastSampleTime(qint64 tMs);
    // The range the user chose (the last 24 hours, …): unzoomed and not
    // focused, the time axis spans it even where there is no data yet.
    // (0, 0): the data's own extent.
    void setTimeWindow(qint64 fromMs, qint64 toMs);
    bool isOffline() const;
    QString title() const;
    // The user's zoom, as the rubber band or the wheel sets it.
    void zoomTo(qint64 fromMs, qint64 toMs);
    void resetZoom();

    bool isZoomed() const;
    std::pair<qint64, qint64> shownRange() const; // epoch ms of the time axis
    QStringList viewerAxisLabels() const;
    QString timeAxisFormat() const;
    int pointCount() const; // stored points held (drawnPointCount: those drawn)
    int markerCount() const;
    // What hovering at tMs shows: the nearest stored point's value and time
    // (local, zone named) and the sentence of an alert at that point.
    QString readoutAt(qint64 tMs) const;
    // Points the line draws: the stored ones in the shown range thinned to at
    // most four per pixel column (downsample.h), so peaks stay exact.
    int drawnPointCount() const;
    // Off draws every stored point of the shown range as it is: the
    // benchmark's peer (bench_chart), to show what the thinning saves.
    void setDownsampling(bool enabled);

    // The chart as shown (size, zoom, palette) as a PNG or SVG file; its
    // stored points in the shown range, at full resolution, as CSV
    // ("time,viewers", ISO 8601 UTC; rollups: "bucket_start,viewers_average,
    // viewers_peak"). False with *error set when the file
    // cannot be written.
    bool exportPng(const QString &path, QString *error = nullptr) const;
    bool exportSvg(const QString &path, QString *error = nullptr) const;
    bool exportCsv(const QString &path, QString *error = nullptr) const;
    // Asks for a file name and exports; failures are shown in a message box.
    void exportWithDialog(const QString &format);

protected:
    // Keys: Left/Right pan by a fifth of the shown range, +/− zoom in and
    // out around its middle, Home or Escape resets the zoom.
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void scheduleRedraw();
    void redraw();
    void drawSeries(); // the stored points of the shown range, downsampled
    void fitViewers();
    void setTimeRange(qint64 fromMs, qint64 toMs); // rounded out to round local times
    void showReadout(const QPointF &viewportPos);
    void applyPalette();

    ViewershipChartPrivate *d;
};

} // namespace StreamRank
