#pragma once
// The chart dock's content: one stream's stored viewers with its anomaly
// events marked, loaded off the GUI thread and refreshed after each stored
// census. Shows either the last 24 hours or a moment (an alert) in focus.

#include "anomalytypes.h"
#include "viewershipchart.h"

#include <QFutureWatcher>
#include <QPointF>
#include <QWidget>

#include <functional>

class QComboBox;

namespace StreamRank {

// Loads one stream's stored viewers (x = epoch ms, y = viewers). Called on a
// pool thread, never on the GUI thread.
using SeriesSource =
    std::function<QVector<QPointF>(Platform, const QString &streamId, qint64 fromMs, qint64 toMs)>;
// Loads stored events for a filter; runs on a pool thread.
using EventSource = std::function<QVector<AnomalyEvent>(const AnomalyEventFilter &)>;

struct ChartTarget
{
    Platform platform = Platform::Demo;
    QString streamId;
    QString title;
    qint64 focusMs = 0; // 0: the latest 24 hours

    bool isValid() const { return !streamId.isEmpty(); }
    QString key() const { return platformCode(platform) + QLatin1Char(':') + streamId; }
};

class StreamChartPanel : public QWidget
{
    Q_OBJECT
public:
    StreamChartPanel(SeriesSource series, EventSource events, QWidget *parent = nullptr);
    ~StreamChartPanel() override;

    void showTarget(const ChartTarget &target, qint64 latestCensusMs);
    // A census was stored: reload what is shown.
    void refresh(qint64 latestCensusMs);
    const ChartTarget &target() const { return m_target; }
    // The range loaded back from the latest census (1 h … 30 d); a change
    // reloads and keeps the stream.
    void setRangeMs(qint64 rangeMs);
    qint64 rangeMs() const { return m_rangeMs; }
    ViewershipChart *chart() const { return m_chart; }

private:
    struct ChartData
    {
        QVector<QPointF> series;
        QVector<ChartMarker> markers;
    };
    void load();

    SeriesSource m_seriesSource;
    EventSource m_eventSource;
    ViewershipChart *m_chart;
    ChartTarget m_target;
    qint64 m_latestMs = 0;
    qint64 m_rangeMs = 24LL * 60 * 60 * 1000;
    QComboBox *m_range = nullptr;
    QFutureWatcher<ChartData> m_watcher;
    bool m_reloadPending = false;
};

} // namespace StreamRank
