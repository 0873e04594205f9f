#include "streamchartpanel.h"

#include "viewershipchart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace StreamRank {

namespace {
constexpr qint64 HourMs = 60LL * 60 * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr qint64 FocusLoadMs = 6 * HourMs;       // loaded either side of an alert
constexpr qint64 FocusShowMs = 90LL * 60 * 1000; // shown either side of it
} // namespace

StreamChartPanel::StreamChartPanel(SeriesSource series, EventSource events, QWidget *parent)
    : QWidget(parent), m_seriesSource(std::move(series)), m_eventSource(std::move(events)),
      m_chart(new ViewershipChart(this))
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("chartRange"));
    rangeLabel->setBuddy(m_range);
    const std::pair<QString, qint64> ranges[] = {{tr("Last hour"), HourMs},
                                                 {tr("Last 6 hours"), 6 * HourMs},
                                                 {tr("Last 24 hours"), DayMs},
                                                 {tr("Last 7 days"), 7 * DayMs},
                                                 {tr("Last 30 days"), 30 * DayMs}};
    for (const auto &[label, ms] : ranges)
        m_range->addItem(label, ms);
    m_range->setCurrentIndex(m_range->findData(m_rangeMs));
    connect(m_range, &QComboBox::activated, this,
            [this](int index) { setRangeMs(m_range->itemData(index).toLongLong()); });
    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("chartExport"));
    exportButton->setText(tr("&Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Chart as PNG…"), this,
                          [this] { m_chart->exportWithDialog(QStringLiteral("png")); });
    exportMenu->addAction(tr("Chart as SVG…"), this,
                          [this] { m_chart->exportWithDialog(QStringLiteral("svg")); });
    exportMenu->addAction(tr("Data as CSV…"), this,
                          [this] { m_chart->exportWithDialog(QStringLiteral("csv")); });
    exportButton->setMenu(exportMenu);
    auto *resetButton = new QToolButton(this);
    resetButton->setText(tr("Reset &zoom"));
    connect(resetButton, &QToolButton::clicked, m_chart, &ViewershipChart::resetZoom);
    bar->addWidget(rangeLabel);
    bar->addWidget(m_range);
    bar->addStretch(1);
    bar->addWidget(resetButton);
    bar->addWidget(exportButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
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

void StreamChartPanel::setRangeMs(qint64 rangeMs)
{
    const int index = m_range->findData(rangeMs);
    if (index < 0 || rangeMs == m_rangeMs)
        return;
    m_rangeMs = rangeMs;
    m_range->setCurrentIndex(index);
    if (m_target.isValid()) {
        m_target.focusMs = 0; // a range is the latest one: leave an alert's moment
        m_chart->resetZoom();
        load();
    }
}

void StreamChartPanel::load()
{
    if (!m_target.isValid() || !m_seriesSource)
        return;
    if (m_watcher.isRunning()) {
        m_reloadPending = true; // one more load when this one lands
        return;
    }
    qint64 from = m_latestMs - m_rangeMs;
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
