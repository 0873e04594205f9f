#include "streamchartpanel.h"

#include "viewershipchart.h"

#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace StreamRank {

namespace {
constexpr qint64 HourMs = 60LL * 60 * 1000;
constexpr qint64 LiveRangeMs = 24 * HourMs;
constexpr qint64 FocusLoadMs = 6 * HourMs;       // loaded either side of an alert
constexpr qint64 FocusShowMs = 90LL * 60 * 1000; // shown either side of it
} // namespace

StreamChartPanel::StreamChartPanel(SeriesSource series, EventSource events, QWidget *parent)
    : QWidget(parent), m_seriesSource(std::move(series)), m_eventSource(std::move(events)),
      m_chart(new ViewershipChart(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart);

    connect(&m_watcher, &QFutureWatcher<ChartData>::finished, this, [this] {
        if (!m_watcher.isCanceled() && m_target.isValid()) {
            const ChartData loaded = m_watcher.result();
            m_chart->setSeries(m_target.title, loaded.series);
            m_chart->setEventMarkers(loaded.markers);
            if (m_target.focusMs > 0)
                m_chart->focusOn(m_target.focusMs, FocusShowMs);
        }
        if (m_reloadPending) {
            m_reloadPending = false;
            load();
        }
    });
}

StreamChartPanel::~StreamChartPanel()
{
    m_watcher.waitForFinished();
}

void StreamChartPanel::showTarget(const ChartTarget &target, qint64 latestCensusMs)
{
    m_target = target;
    m_latestMs = latestCensusMs;
    load();
}

void StreamChartPanel::refresh(qint64 latestCensusMs)
{
    m_latestMs = std::max(m_latestMs, latestCensusMs);
    if (m_target.isValid())
        load();
}

void StreamChartPanel::load()
{
    if (!m_target.isValid() || !m_seriesSource)
        return;
    if (m_watcher.isRunning()) {
        m_reloadPending = true; // one more load when this one lands
        return;
    }
    qint64 from = m_latestMs - LiveRangeMs;
    qint64 to = m_latestMs;
    if (m_target.focusMs > 0) {
        from = m_target.focusMs - FocusLoadMs;
        to = m_target.focusMs + FocusLoadMs;
    }
    AnomalyEventFilter filter;
    filter.platform = m_target.platform;
    filter.streamId = m_target.streamId;
    filter.fromMs = from;
    filter.toMs = to;
    // Both queries run on a pool thread with its own connection.
    m_watcher.setFuture(QtConcurrent::run(
        [series = m_seriesSource, events = m_eventSource, target = m_target, from, to, filter] {
            ChartData result;
            result.series = series(target.platform, target.streamId, from, to);
            if (events) {
                for (const AnomalyEvent &e : events(filter))
                    result.markers.push_back(
                        {QPointF(static_cast<double>(e.timeMs), e.observedViewers), e.sentence()});
            }
            return result;
        }));
}

} // namespace StreamRank
