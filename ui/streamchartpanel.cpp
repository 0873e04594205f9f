#include "streamchartpanel.h"

#include "clock.h"
#include "viewershipchart.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace StreamRank {

namespace {
constexpr qint64 HourMs = 60LL * 60 * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr qint64 FocusLoadMs = 6 * HourMs;       // loaded either side of an alert
constexpr qint64 FocusShowMs = 90LL * 60 * 1000; // shown either side of it
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 CustomRangeData = -1; // the range combo's "Custom…" item
constexpr qint64 MaxCustomSpanMs = 400 * DayMs;

QString resolutionLabel(qint64 ms)
{
    return ms >= HourMs ? StreamChartPanel::tr("1 h")
                        : StreamChartPanel::tr("%1 min").arg(ms / MinuteMs);
}
} // namespace

qint64 StreamChartPanel::automaticResolutionMs(qint64 rangeMs, int plotWidthPx)
{
    // Every census while there are at most ~4 a pixel column (the chart thins
    // them exactly, peaks kept); beyond, the finest rollup with at most ~2
    // buckets a column. A one-minute census is assumed.
    const qint64 columns = std::max(200, plotWidthPx);
    if (rangeMs / MinuteMs <= 4 * columns)
        return 0;
    for (qint64 step : {5 * MinuteMs, 15 * MinuteMs, HourMs}) {
        if (rangeMs / step <= 2 * columns)
            return step;
    }
    return HourMs;
}

qint64 StreamChartPanel::effectiveResolutionMs() const
{
    if (m_resolutionMs >= 0)
        return m_resolutionMs;
    const qint64 span = m_target.focusMs > 0 ? 2 * FocusLoadMs
                        : hasCustomRange()   ? m_customTo - m_customFrom
                                             : m_rangeMs;
    return automaticResolutionMs(span, m_chart->width());
}

void StreamChartPanel::setResolutionMs(qint64 resolutionMs)
{
    const int index = m_resolution->findData(resolutionMs);
    if (index < 0 || resolutionMs == m_resolutionMs)
        return;
    m_resolutionMs = resolutionMs;
    m_resolution->setCurrentIndex(index);
    if (m_target.isValid())
        load();
}

StreamChartPanel::StreamChartPanel(SeriesSource series, EventSource events, QWidget *parent)
    : QWidget(parent), m_seriesSource(std::move(series)), m_eventSource(std::move(events)),
      m_chart(new ViewershipChart(this))
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    // No text labels: the bar must fit a narrow floating dock. The combos
    // say what they are in their tooltips and accessible names.
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("chartRange"));
    m_range->setAccessibleName(tr("Time range"));
    // Wide enough for a custom range's text once one is chosen.
    m_range->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_range->setToolTip(tr("Time range, ending at the newest census"));
    const std::pair<QString, qint64> ranges[] = {{tr("Last hour"), HourMs},
                                                 {tr("Last 6 hours"), 6 * HourMs},
                                                 {tr("Last 24 hours"), DayMs},
                                                 {tr("Last 7 days"), 7 * DayMs},
                                                 {tr("Last 30 days"), 30 * DayMs}};
    for (const auto &[label, ms] : ranges)
        m_range->addItem(label, ms);
    m_range->addItem(tr("Custom…"), qint64(CustomRangeData));
    m_range->setCurrentIndex(m_range->findData(m_rangeMs));
    connect(m_range, &QComboBox::activated, this, [this](int index) {
        const qint64 choice = m_range->itemData(index).toLongLong();
        if (choice == CustomRangeData)
            chooseCustomRange();
        else
            setRangeMs(choice);
    });
    m_resolution = new QComboBox(this);
    m_resolution->setObjectName(QStringLiteral("chartResolution"));
    m_resolution->setAccessibleName(tr("Resolution"));
    m_resolution->setToolTip(tr("Resolution: every census, or 5-minute, 15-minute or hourly "
                                "averages with their peaks. Automatic picks from the range and "
                                "the chart's width."));
    m_resolution->addItem(tr("Auto resolution"), qint64(-1));
    m_resolution->addItem(tr("Every census"), qint64(0));
    for (qint64 step : {5 * MinuteMs, 15 * MinuteMs, HourMs})
        m_resolution->addItem(resolutionLabel(step), step);
    connect(m_resolution, &QComboBox::activated, this,
            [this](int index) { setResolutionMs(m_resolution->itemData(index).toLongLong()); });
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
    m_live = new QToolButton(this);
    m_live->setObjectName(QStringLiteral("chartLive"));
    m_live->setText(tr("&Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Live: the range ends at the newest census and moves with it. Off: "
                          "the range stays where it is while censuses arrive."));
    connect(m_live, &QToolButton::toggled, this, &StreamChartPanel::setLive);
    bar->addWidget(m_range);
    bar->addWidget(m_resolution);
    bar->addWidget(m_live);
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
            // A broadcast's chart starts where it does (a 20-minute stream
            // is not a sliver at the end of a day); the others span the range.
            qint64 windowFrom = loaded.fromMs;
            if (m_target.subject == ChartSubject::Stream && !loaded.series.points.isEmpty())
                windowFrom = std::max(windowFrom,
                                      static_cast<qint64>(loaded.series.points.constFirst().x()));
            m_chart->setTimeWindow(windowFrom, loaded.toMs);
            m_chart->setLastSampleTime(loaded.series.lastSampleMs);
            m_chart->setSeries(shownTitle(), loaded.series.points, loaded.series.peaks,
                               loaded.resolutionMs > 0 ? resolutionLabel(loaded.resolutionMs)
                                                       : QString());
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
    // The same range again still leaves an alert's moment (or a custom
    // range) for it.
    if (index < 0 || rangeMs == CustomRangeData ||
        (rangeMs == m_rangeMs && m_target.focusMs <= 0 && !hasCustomRange()))
        return;
    m_rangeMs = rangeMs;
    m_customFrom = m_customTo = 0;
    const QSignalBlocker blocker(m_live);
    m_live->setChecked(true);
    m_range->setItemText(m_range->findData(qint64(CustomRangeData)), tr("Custom…"));
    m_range->setToolTip(tr("Time range, ending at the newest census"));
    m_range->setCurrentIndex(index);
    if (m_target.isValid()) {
        m_target.focusMs = 0; // a range is the latest one: leave an alert's moment
        m_chart->resetZoom();
        load();
    }
}

bool StreamChartPanel::setCustomRange(qint64 fromMs, qint64 toMs)
{
    if (fromMs >= toMs || toMs - fromMs > MaxCustomSpanMs)
        return false;
    m_customFrom = fromMs;
    m_customTo = toMs;
    const QSignalBlocker blocker(m_live);
    m_live->setChecked(false);
    const int index = m_range->findData(qint64(CustomRangeData));
    const QString format = QStringLiteral("d MMM HH:mm");
    const QString text =
        tr("%1 – %2").arg(localTimeText(fromMs, format), localTimeText(toMs, format));
    m_range->setItemText(index, text);
    m_range->setToolTip(text);
    m_range->setCurrentIndex(index);
    if (m_target.isValid()) {
        m_target.focusMs = 0;
        m_chart->resetZoom();
        load();
    }
    return true;
}

void StreamChartPanel::chooseCustomRange()
{
    const qint64 end = m_latestMs > 0 ? m_latestMs : QDateTime::currentMSecsSinceEpoch();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom range"));
    auto *from = new QDateTimeEdit(
        QDateTime::fromMSecsSinceEpoch(hasCustomRange() ? m_customFrom : end - m_rangeMs), &dialog);
    auto *to = new QDateTimeEdit(
        QDateTime::fromMSecsSinceEpoch(hasCustomRange() ? m_customTo : end), &dialog);
    for (QDateTimeEdit *edit : {from, to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
    }
    auto *problem = new QLabel(&dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&From (%1):").arg(timeZoneName(QTimeZone::systemTimeZone(), end)), from);
    form->addRow(tr("&To:"), to);
    form->addRow(problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (setCustomRange(from->dateTime().toMSecsSinceEpoch(),
                           to->dateTime().toMSecsSinceEpoch()))
            dialog.accept();
        else
            problem->setText(tr("The end must come after the start, at most 400 days later."));
    });
    if (dialog.exec() != QDialog::Accepted) {
        // Back to what was shown.
        m_range->setCurrentIndex(hasCustomRange() ? m_range->findData(qint64(CustomRangeData))
                                                  : m_range->findData(m_rangeMs));
    }
}

void StreamChartPanel::setLive(bool live)
{
    if (live == isLive()) {
        const QSignalBlocker blocker(m_live);
        m_live->setChecked(live);
        return;
    }
    if (live) {
        setRangeMs(m_rangeMs); // the preset again, which ends the custom range
        return;
    }
    // Freeze what the range shows now.
    const qint64 end = m_latestMs > 0 ? m_latestMs : QDateTime::currentMSecsSinceEpoch();
    setCustomRange(end - m_rangeMs, end);
}

QString StreamChartPanel::shownTitle() const
{
    if (m_target.focusMs <= 0)
        return m_target.title;
    return tr("%1 — alert at %2").arg(m_target.title, localTimeText(m_target.focusMs));
}

void StreamChartPanel::load()
{
    if (!m_target.isValid() || !m_seriesSource)
        return;
    if (m_watcher.isRunning()) {
        m_reloadPending = true; // one more load when this one lands
        return;
    }
    // Before the first census since start-up the range ends now (the stored
    // history is there already; the census will move it on).
    const qint64 end = m_latestMs > 0 ? m_latestMs : QDateTime::currentMSecsSinceEpoch();
    qint64 from = end - m_rangeMs;
    qint64 to = end;
    if (hasCustomRange()) {
        from = m_customFrom;
        to = m_customTo;
    }
    if (m_target.focusMs > 0) {
        from = m_target.focusMs - FocusLoadMs;
        to = m_target.focusMs + FocusLoadMs;
    }
    AnomalyEventFilter filter;
    filter.platform = m_target.platform;
    filter.streamId = m_target.id;
    filter.fromMs = from;
    filter.toMs = to;
    const qint64 resolution = effectiveResolutionMs();
    // Both queries run on a pool thread with its own connection.
    m_watcher.setFuture(QtConcurrent::run([series = m_seriesSource, events = m_eventSource,
                                           target = m_target, from, to, filter, resolution] {
        ChartData result;
        result.resolutionMs = resolution;
        result.fromMs = target.focusMs > 0 ? 0 : from; // focused: the chart frames the moment
        result.toMs = target.focusMs > 0 ? 0 : to;
        result.series = series(target.subject, target.platform, target.id, from, to, resolution);
        if (result.series.resolutionMs >= 0)
            result.resolutionMs = result.series.resolutionMs;
        // Alerts are a stream's: the other subjects show none.
        if (events && target.subject == ChartSubject::Stream) {
            for (const AnomalyEvent &e : events(filter))
                result.markers.push_back(
                    {QPointF(static_cast<double>(e.timeMs), e.observedViewers), e.sentence()});
        }
        return result;
    }));
}

} // namespace StreamRank
