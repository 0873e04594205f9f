#include "streamchartpanel.h"

#include "clock.h"
#include "viewershipchart.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSignalBlocker>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentMap>
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
    m_resolution->addItem(tr("Auto"), qint64(-1));
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
    resetButton->setText(tr("&Reset"));
    resetButton->setToolTip(tr("Reset zoom and pan (Home, or a double-click on the chart)"));
    connect(resetButton, &QToolButton::clicked, m_chart, &ViewershipChart::resetZoom);
    m_live = new QToolButton(this);
    m_live->setObjectName(QStringLiteral("chartLive"));
    m_live->setText(tr("&Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Live: the range ends at the newest census and moves with it. Off: "
                          "the range stays where it is while censuses arrive."));
    connect(m_live, &QToolButton::toggled, this, &StreamChartPanel::setLive);
    // On or off must be seen at a glance in any palette: a filled dot while
    // following the newest census, a ring while the range stays put.
    connect(m_live, &QToolButton::toggled, this, [this] { updateLiveIcon(); });
    updateLiveIcon();
    m_compare = new QToolButton(this);
    m_compare->setObjectName(QStringLiteral("chartCompare"));
    m_compare->setPopupMode(QToolButton::InstantPopup);
    m_compare->setToolTip(tr("Compare: pin what is charted, then chart something else (from the "
                             "ranking's right-click menu) to see both; up to %1 pinned beside "
                             "the charted one, from any platform.")
                              .arg(MaxPins));
    auto *compareMenu = new QMenu(m_compare);
    m_compare->setMenu(compareMenu);
    connect(compareMenu, &QMenu::aboutToShow, this, [this, compareMenu] {
        compareMenu->clear();
        QAction *pin = compareMenu->addAction(
            m_pinned.size() >= MaxPins
                ? tr("&Pin this chart (%1 pinned: remove one first)").arg(MaxPins)
                : tr("&Pin this chart for comparison"),
            this, [this] { pinForComparison(m_target); });
        pin->setEnabled(m_target.isValid() && canPin(m_target));
        if (!m_pinned.isEmpty()) {
            compareMenu->addSection(tr("Pinned (click to remove)"));
            for (const ChartTarget &t : std::as_const(m_pinned)) {
                const QString key = t.key();
                compareMenu->addAction(tr("%1 · %2").arg(t.title, platformDisplayName(t.platform)),
                                       this, [this, key] { unpin(key); });
            }
            compareMenu->addSeparator();
            compareMenu->addAction(tr("C&lear comparison"), this,
                                   &StreamChartPanel::clearComparison);
        }
        compareMenu->addSeparator();
        QAction *normalize = compareMenu->addAction(tr("&Normalise: percent of own peak"));
        normalize->setCheckable(true);
        normalize->setChecked(isNormalized());
        connect(normalize, &QAction::toggled, this, &StreamChartPanel::setNormalized);
    });
    bar->addWidget(m_range);
    bar->addWidget(m_resolution);
    bar->addWidget(m_live);
    bar->addWidget(m_compare);
    bar->addStretch(1);
    bar->addWidget(resetButton);
    bar->addWidget(exportButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_chart);

    connect(&m_watcher, &QFutureWatcher<ChartData>::finished, this, [this] {
        // A result for what is no longer shown (the user chose another
        // subject meanwhile) is dropped: the reload queued behind it brings
        // the right one.
        if (!m_watcher.isCanceled() && m_target.isValid() &&
            m_watcher.result().keys == shownKeys()) {
            present(m_watcher.result());
            Q_EMIT loaded();
        }
        if (m_reloadPending) {
            m_reloadPending = false;
            load();
        }
    });
    updateCompareButton();
}

void StreamChartPanel::present(const ChartData &loaded)
{
    if (loaded.lines.isEmpty())
        return;
    const QString resolution =
        loaded.resolutionMs > 0 ? resolutionLabel(loaded.resolutionMs) : QString();
    const ChartSeries &first = loaded.lines.constFirst().series;
    if (loaded.lines.size() == 1) {
        // A broadcast's chart starts where it does (a 20-minute stream
        // is not a sliver at the end of a day); the others span the range.
        qint64 windowFrom = loaded.fromMs;
        if (m_target.subject == ChartSubject::Stream && !first.points.isEmpty())
            windowFrom = std::max(windowFrom, static_cast<qint64>(first.points.constFirst().x()));
        m_chart->setTimeWindow(windowFrom, loaded.toMs);
        m_chart->setLastSampleTime(first.lastSampleMs);
        if (first.channels.isEmpty()) {
            m_chart->setSeries(shownTitle(), first.points, first.peaks, resolution,
                               first.peaks.isEmpty() ? 0 : loaded.resolutionMs);
        } else {
            // A category or platform: its viewers, and its live channels on
            // the right-hand axis.
            const QString key = loaded.lines.constFirst().target.key();
            const qint64 step = first.peaks.isEmpty() ? 0 : loaded.resolutionMs;
            ChartLine viewers{tr("Viewers"), first.points, first.peaks, {}, false, key, step};
            if (!first.peaks.isEmpty())
                viewers.name = tr("Viewers (%1 average)").arg(resolution);
            ChartLine channels{first.channelPeaks.isEmpty()
                                   ? tr("Live channels")
                                   : tr("Live channels (%1 average)").arg(resolution),
                               first.channels,
                               first.channelPeaks,
                               {},
                               true,
                               key + QStringLiteral("#channels"),
                               step};
            m_chart->setLines(shownTitle(), {viewers, channels}, resolution, key);
        }
        m_chart->setEventMarkers(loaded.lines.constFirst().markers);
    } else {
        m_chart->setTimeWindow(loaded.fromMs, loaded.toMs);
        m_chart->setLastSampleTime(first.lastSampleMs);
        QVector<ChartLine> lines;
        for (const LoadedLine &line : loaded.lines) {
            // Rollups say so in their name: beside a line of every census
            // (a stream), a channel's are 5-minute averages.
            const bool rolled = !line.series.peaks.isEmpty();
            QString name =
                tr("%1 · %2").arg(line.target.title, platformDisplayName(line.target.platform));
            if (rolled)
                name += tr(" (%1 avg)").arg(resolution);
            lines.append({name, line.series.points, line.series.peaks, line.markers, false,
                          line.target.key(), rolled ? loaded.resolutionMs : 0});
        }
        m_chart->setLines(shownTitle(), lines, resolution, loaded.keys.join(QLatin1Char('|')));
    }
    if (m_target.focusMs > 0)
        m_chart->focusOn(m_target.focusMs, FocusShowMs);
    // Simulated data says so, in the window and in every exported picture.
    bool demo = false;
    for (const LoadedLine &line : loaded.lines)
        demo = demo || line.target.platform == Platform::Demo;
    m_chart->setMark(demo ? tr("Demo data") : QString());
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
    updateLiveIcon();
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
    updateLiveIcon();
    showCustomRangeText();
    m_range->setCurrentIndex(m_range->findData(qint64(CustomRangeData)));
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
    // In the zone the window shows (Qt 6.4's editor knows local time and UTC).
    const bool utc = displayTimeZone() == QTimeZone::utc();
    const auto editAt = [&](qint64 ms) {
        auto *edit = new QDateTimeEdit(&dialog);
        edit->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
        edit->setDateTime(utc ? QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
                              : QDateTime::fromMSecsSinceEpoch(ms));
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        return edit;
    };
    auto *from = editAt(hasCustomRange() ? m_customFrom : end - m_rangeMs);
    auto *to = editAt(hasCustomRange() ? m_customTo : end);
    auto *problem = new QLabel(&dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&From (%1):").arg(timeZoneName(displayTimeZone(), end)), from);
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
        updateLiveIcon();
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
    const int shown = static_cast<int>(shownTargets().size());
    if (shown > 1)
        return tr("Comparing %1 subjects").arg(shown);
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
    const qint64 resolution = effectiveResolutionMs();
    const QVector<ChartTarget> targets = shownTargets();
    const QStringList keys = shownKeys();
    // Every query runs on a pool thread with its own connection; compared
    // subjects load side by side.
    m_watcher.setFuture(QtConcurrent::run([series = m_seriesSource, events = m_eventSource, targets,
                                           keys, focusMs = m_target.focusMs, from, to, resolution] {
        ChartData result;
        result.keys = keys;
        result.resolutionMs = resolution;
        result.fromMs = focusMs > 0 ? 0 : from; // focused: the chart frames the moment
        result.toMs = focusMs > 0 ? 0 : to;
        const auto loadOne = [&](const ChartTarget &target) {
            LoadedLine line;
            line.target = target;
            line.series = series(target.subject, target.platform, target.id, from, to, resolution);
            // Alerts are a stream's: the other subjects show none.
            if (events && target.subject == ChartSubject::Stream) {
                AnomalyEventFilter filter;
                filter.platform = target.platform;
                filter.streamId = target.id;
                filter.fromMs = from;
                filter.toMs = to;
                for (const AnomalyEvent &e : events(filter))
                    line.markers.push_back(
                        {QPointF(static_cast<double>(e.timeMs), e.observedViewers), e.sentence()});
            }
            return line;
        };
        if (targets.size() == 1)
            result.lines.append(loadOne(targets.constFirst()));
        else
            result.lines = QtConcurrent::blockingMapped<QVector<LoadedLine>>(targets, loadOne);
        for (const LoadedLine &line : std::as_const(result.lines)) {
            // A channel has no every-census series: all lines say 5 min then.
            if (line.series.resolutionMs >= 0) {
                result.resolutionMs = line.series.resolutionMs;
                break;
            }
        }
        return result;
    }));
}

QVector<ChartTarget> StreamChartPanel::shownTargets() const
{
    QVector<ChartTarget> targets;
    if (m_target.isValid())
        targets.append(m_target);
    for (const ChartTarget &pin : m_pinned) {
        if (targets.size() >= ViewershipChart::MaxLines)
            break;
        if (pin.key() != m_target.key())
            targets.append(pin);
    }
    return targets;
}

QStringList StreamChartPanel::shownKeys() const
{
    QStringList keys;
    for (const ChartTarget &t : shownTargets())
        keys.append(t.key());
    return keys;
}

bool StreamChartPanel::canPin(const ChartTarget &target) const
{
    if (!target.isValid())
        return false;
    for (const ChartTarget &pin : m_pinned)
        if (pin.key() == target.key())
            return false;
    return m_pinned.size() < MaxPins;
}

bool StreamChartPanel::pinForComparison(const ChartTarget &target)
{
    if (!canPin(target))
        return false;
    ChartTarget pin = target;
    pin.focusMs = 0;
    m_pinned.append(pin);
    if (!m_target.isValid())
        m_target = pin;
    updateCompareButton();
    emit comparisonChanged();
    load();
    return true;
}

void StreamChartPanel::unpin(const QString &key)
{
    const auto removed = m_pinned.removeIf([&](const ChartTarget &t) { return t.key() == key; });
    if (removed == 0)
        return;
    updateCompareButton();
    emit comparisonChanged();
    if (m_target.isValid())
        load();
}

void StreamChartPanel::clearComparison()
{
    if (m_pinned.isEmpty())
        return;
    m_pinned.clear();
    updateCompareButton();
    emit comparisonChanged();
    if (m_target.isValid())
        load();
}

void StreamChartPanel::displayTimeZoneChanged()
{
    if (hasCustomRange())
        showCustomRangeText();
    if (m_target.isValid())
        load(); // redrawn on round times of the new zone
}

void StreamChartPanel::showCustomRangeText()
{
    // In the display zone, as every time the window shows.
    const QString format = QStringLiteral("d MMM HH:mm");
    const QString text =
        tr("%1 – %2").arg(localTimeText(m_customFrom, format), localTimeText(m_customTo, format));
    m_range->setItemText(m_range->findData(qint64(CustomRangeData)), text);
    m_range->setToolTip(text);
}

void StreamChartPanel::setNormalized(bool normalized)
{
    m_chart->setNormalized(normalized);
}

bool StreamChartPanel::isNormalized() const
{
    return m_chart->isNormalized();
}

void StreamChartPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && m_live)
        updateLiveIcon();
    QWidget::changeEvent(event);
}

void StreamChartPanel::updateLiveIcon()
{
    const int size = m_live->fontMetrics().height();
    const qreal ratio = devicePixelRatioF();
    QPixmap dot(QSize(size, size) * ratio);
    dot.setDevicePixelRatio(ratio);
    dot.fill(Qt::transparent);
    QPainter painter(&dot);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF circle(size * 0.2, size * 0.2, size * 0.6, size * 0.6);
    if (m_live->isChecked()) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xe0, 0x31, 0x31));
    } else {
        QColor ring = palette().color(QPalette::ButtonText);
        ring.setAlpha(160);
        painter.setPen(QPen(ring, 1.5));
        painter.setBrush(Qt::NoBrush);
    }
    painter.drawEllipse(circle);
    painter.end();
    m_live->setIcon(QIcon(dot));
    m_live->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void StreamChartPanel::updateCompareButton()
{
    m_compare->setText(m_pinned.isEmpty() ? tr("&Compare")
                                          : tr("&Compare (%1)").arg(m_pinned.size()));
}

} // namespace StreamRank
