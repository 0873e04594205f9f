#pragma once
// A live line chart of viewers over time: one stream, channel, category or
// platform, or up to eight of them compared. The only place that includes
// Qt Charts, so moving to Qt Graphs later is this folder's work.
//
// Each line has a legend entry and a colour; a click on the entry hides or
// shows it. A line breaks where its samples stop for more than two census
// intervals (downsample.h gapThreshold), so offline time is a gap, not a
// line across. Compared lines can be normalised to percent of their own peak.
//
// Readable: viewer ticks with separators or "12.3k", time ticks on round
// local times with the date where the range needs it and the zone named in
// the axis title; hovering snaps to the nearest stored point (value, time,
// and an alert's sentence). A zoom (rubber band, mouse wheel) stays while
// censuses arrive, the viewer axis fitted to it, until reset (double-click,
// right-click → Reset zoom). Follows the light or dark palette.

#include <QColor>
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

// One line of the chart: x = epoch ms (UTC), y = viewers (or live channels).
// A sample whose count the platform hid has y = Downsample::HiddenY (NaN), in
// points and peaks alike: the line breaks there, the hover says "hidden".
struct ChartLine
{
    QString name;                 // its legend entry
    QVector<QPointF> points;      // sorted by x
    QVector<QPointF> peaks;       // rollups: each bucket's highest census; empty, or one per point
    QVector<ChartMarker> markers; // alerts on this line
    bool channels = false;        // live channels, on the right-hand axis
    // What the line is (a subject's key): hiding follows it, not the name,
    // which two lines may share. Empty: the chart's title and the name.
    QString key;
    // The spacing of its samples when known (a rollup's bucket; 0: every
    // census, estimated from the samples): more than 2.5 of them without a
    // sample is a gap.
    qint64 stepMs = 0;
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
    // stepMs: the bucket's length, so that missing buckets are gaps.
    void setSeries(const QString &title, const QVector<QPointF> &points,
                   const QVector<QPointF> &peaks, const QString &resolution, qint64 stepMs = 0);
    // Several lines (at most MaxLines; more are dropped), each in its own
    // colour. resolution names the bucket when the lines are rollups.
    // Lines hidden by the user stay hidden while their name comes back.
    // identity: what is shown (the subjects' keys); a change drops the zoom
    // and an alert's focus, as a change of title does when it is empty.
    void setLines(const QString &title, const QVector<ChartLine> &lines, const QString &resolution,
                  const QString &identity = QString());
    static constexpr int MaxLines = 8;
    int lineCount() const;
    QStringList lineNames() const;
    void setLineVisible(int index, bool visible); // as a click on its legend entry
    bool isLineVisible(int index) const;
    QColor lineColour(int index) const;
    // The runs line `index` is drawn as (1 without gaps; 0 without points).
    int segmentCount(int index) const;
    // Each line as percent of its own highest value (points and peaks loaded),
    // so a 500-viewer channel and a 50,000-viewer one share one axis. The
    // readout and the CSV keep the stored values.
    void setNormalized(bool normalized);
    bool isNormalized() const;
    // Adds the latest census's value to the first line; redraws are
    // coalesced. Ignored while the series is rollups (the next load brings
    // the bucket) or lines are compared. viewers < 0 (UnknownViewers): the
    // count is hidden, a gap in the line.
    void appendPoint(qint64 tMs, qint32 viewers);
    void clear(const QString &message);
    // The first line's alerts.
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
    // A small mark in the plot's corner ("Demo data" when the chart shows the
    // simulated platform): on screen and in every PNG and SVG exported.
    // Empty: none.
    void setMark(const QString &text);
    QString mark() const;
    bool isOffline() const;
    QString title() const;
    // The user's zoom, as the rubber band or the wheel sets it.
    void zoomTo(qint64 fromMs, qint64 toMs);
    void resetZoom();

    bool isZoomed() const;
    std::pair<qint64, qint64> shownRange() const; // epoch ms of the time axis
    QStringList viewerAxisLabels() const;
    // The right-hand live-channels axis (a category's, a platform's); empty
    // while no such line is shown.
    QStringList channelAxisLabels() const;
    QString timeAxisFormat() const;
    QStringList timeAxisLabels() const; // as shown, in the display zone
    int pointCount() const; // the first line's stored points (drawnPointCount: those drawn)
    int markerCount() const;
    // What hovering at tMs shows: the nearest stored point's value and time
    // (display zone named) and the sentence of an alert at that point; with
    // several lines, each visible line's value nearest that time.
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
    // viewers_peak"; several lines: "time,series,value[,peak]", one row per
    // line and point, stored values; a hidden count is an empty cell). False
    // with *error set when the file cannot be written.
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
    void drawSeries();  // the stored points of the shown range, downsampled, per run
    void layoutLines(); // the pool of Qt Charts series for the lines and their runs
    void applyLineVisibility();
    void updateMarkers(); // the visible lines' alerts, normalised like their line
    void fitViewers();
    void setTimeRange(qint64 fromMs, qint64 toMs); // rounded out to round local times
    void showReadout(const QPointF &viewportPos);
    void applyPalette();

    ViewershipChartPrivate *d;
};

} // namespace StreamRank
