#include "viewershipchart.h"

#include "chartaxes.h"
#include "clock.h"
#include "downsample.h"
#include "viewershipchart_p.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QScatterSeries>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace StreamRank {

namespace {

constexpr qint64 MinuteMs = 60'000;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

ViewershipChart::ViewershipChart(QWidget *parent) : QWidget(parent), d(new ViewershipChartPrivate)
{
    setFocusPolicy(Qt::StrongFocus); // the keys of keyPressEvent()
    d->chart = new QChart;
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->chart->setAnimationOptions(QChart::NoAnimation);

    d->series = new QLineSeries(d->chart);
    d->series->setName(tr("Viewers"));
    d->series->setPointsVisible(false);
    d->chart->addSeries(d->series);

    d->peakSeries = new QLineSeries(d->chart);
    d->peakSeries->setPointsVisible(false);
    d->chart->addSeries(d->peakSeries);

    d->markers = new QScatterSeries(d->chart);
    d->markers->setName(tr("Alerts"));
    d->markers->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    d->markers->setMarkerSize(11);
    d->markers->setColor(QColor(0xd9, 0x30, 0x25));
    d->chart->addSeries(d->markers);

    d->hoverDot = new QScatterSeries(d->chart);
    d->hoverDot->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    d->hoverDot->setMarkerSize(8);
    d->chart->addSeries(d->hoverDot);

    d->xAxis = new QDateTimeAxis(d->chart);
    d->yAxis = new QCategoryAxis(d->chart);
    d->yAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->yAxis->setTitleText(tr("Viewers"));
    d->chart->addAxis(d->xAxis, Qt::AlignBottom);
    d->chart->addAxis(d->yAxis, Qt::AlignLeft);
    for (QAbstractSeries *s :
         {static_cast<QAbstractSeries *>(d->series), static_cast<QAbstractSeries *>(d->peakSeries),
          static_cast<QAbstractSeries *>(d->markers),
          static_cast<QAbstractSeries *>(d->hoverDot)}) {
        s->attachAxis(d->xAxis);
        s->attachAxis(d->yAxis);
    }
    // The hover dot is not a series of the legend.
    d->chart->legend()->markers(d->hoverDot).constFirst()->setVisible(false);
    d->chart->legend()->markers(d->peakSeries).constFirst()->setVisible(false);

    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    d->view->setRubberBand(QChartView::HorizontalRubberBand);
    d->view->setMouseTracking(true);
    d->view->viewport()->installEventFilter(this);
    d->view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(d->view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu menu(this);
        QAction *reset = menu.addAction(tr("Reset zoom"));
        reset->setEnabled(d->zoomed);
        connect(reset, &QAction::triggered, this, &ViewershipChart::resetZoom);
        menu.addSeparator();
        for (const QString &format :
             {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("csv")}) {
            QAction *action = menu.addAction(format == QLatin1String("csv")
                                                 ? tr("Export data as CSV…")
                                                 : tr("Export as %1…").arg(format.toUpper()));
            action->setEnabled(d->active && !d->points.isEmpty());
            connect(action, &QAction::triggered, this,
                    [this, format] { exportWithDialog(format); });
        }
        menu.exec(d->view->mapToGlobal(at));
    });

    d->placeholder =
        new QLabel(tr("Select a stream in the ranking to see its viewers over time."), this);
    d->placeholder->setAlignment(Qt::AlignCenter);
    d->placeholder->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->placeholder);
    layout->addWidget(d->view);
    d->view->hide();

    d->redrawTimer = new QTimer(this);
    d->redrawTimer->setSingleShot(true);
    d->redrawTimer->setInterval(100);
    connect(d->redrawTimer, &QTimer::timeout, this, &ViewershipChart::redraw);

    // A zoom by the rubber band (or anything but redraw()) is the user's
    // range: kept through new censuses until reset, the y axis fitted to it.
    connect(d->xAxis, &QDateTimeAxis::rangeChanged, this, [this] {
        if (d->settingRange)
            return;
        d->zoomed = true;
        const auto [from, to] = d->shownRange();
        setTimeRange(from, to); // onto round times
        drawSeries();
        fitViewers();
    });
    connect(d->markers, &QScatterSeries::hovered, this, [this](const QPointF &point, bool state) {
        if (!state)
            return;
        for (const ChartMarker &m : std::as_const(d->markerInfo)) {
            if (m.point == point) {
                QToolTip::showText(QCursor::pos(), m.text, this);
                return;
            }
        }
    });
    applyPalette();
}

ViewershipChart::~ViewershipChart()
{
    delete d;
}

void ViewershipChart::setSeries(const QString &title, const QVector<QPointF> &points)
{
    setSeries(title, points, {}, {});
}

void ViewershipChart::setSeries(const QString &title, const QVector<QPointF> &points,
                                const QVector<QPointF> &peaks, const QString &resolution)
{
    d->active = true;
    if (d->title != title) {
        // Another stream: drop a previous focus, zoom and markers.
        d->focusCentre = 0;
        d->zoomed = false;
        d->markers->clear();
        d->markerInfo.clear();
    }
    d->title = title;
    d->points = points;
    d->peaks = peaks.size() == points.size() ? peaks : QVector<QPointF>();
    d->resolution = d->peaks.isEmpty() ? QString() : resolution;
    d->series->setName(d->resolution.isEmpty() ? tr("Viewers")
                                               : tr("Viewers (%1 average)").arg(d->resolution));
    d->peakSeries->setName(tr("%1 peak").arg(d->resolution));
    d->chart->legend()->markers(d->peakSeries).constFirst()->setVisible(!d->peaks.isEmpty());
    if (d->peaks.isEmpty())
        d->peakSeries->clear();
    d->hoverDot->clear();
    d->placeholder->hide();
    d->view->show();
    redraw();
}

void ViewershipChart::appendPoint(qint64 tMs, qint32 viewers)
{
    if (!d->active || !d->peaks.isEmpty())
        return; // nothing selected, or rollup buckets (a census is not one)
    const double x = static_cast<double>(tMs);
    if (!d->points.isEmpty() && d->points.constLast().x() >= x)
        return; // already have this census
    d->points.push_back(QPointF(x, viewers));
    scheduleRedraw();
}

void ViewershipChart::clear(const QString &message)
{
    d->active = false;
    d->focusCentre = 0;
    d->zoomed = false;
    d->points.clear();
    d->series->clear();
    d->markers->clear();
    d->markerInfo.clear();
    d->hoverDot->clear();
    d->title.clear();
    d->offline = false;
    d->chart->setTitle(QString());
    d->placeholder->setText(message);
    d->placeholder->show();
    d->view->hide();
}

void ViewershipChart::setEventMarkers(const QVector<ChartMarker> &markers)
{
    d->markerInfo = markers;
    QVector<QPointF> points;
    points.reserve(markers.size());
    for (const ChartMarker &m : markers)
        points.append(m.point);
    d->markers->replace(points);
    // "Alerts" in the legend only where there are some.
    d->chart->legend()->markers(d->markers).constFirst()->setVisible(!markers.isEmpty());
}

void ViewershipChart::focusOn(qint64 centreMs, qint64 halfSpanMs)
{
    d->focusCentre = centreMs;
    d->focusHalfSpan = halfSpanMs;
    d->zoomed = false;
    redraw();
}

void ViewershipChart::setOffline(bool offline)
{
    if (d->offline == offline)
        return;
    d->offline = offline;
    redraw();
}

void ViewershipChart::setLastSampleTime(qint64 tMs)
{
    d->lastSampleMs = tMs;
}

void ViewershipChart::setTimeWindow(qint64 fromMs, qint64 toMs)
{
    d->windowFrom = fromMs < toMs ? fromMs : 0;
    d->windowTo = fromMs < toMs ? toMs : 0;
}

bool ViewershipChart::isOffline() const
{
    return d->offline;
}

QString ViewershipChart::title() const
{
    return d->chart->title();
}

void ViewershipChart::zoomTo(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        return;
    d->xAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs),
                       QDateTime::fromMSecsSinceEpoch(toMs)); // counts as the user's
}

void ViewershipChart::resetZoom()
{
    d->zoomed = false;
    d->focusCentre = 0; // the whole series, an alert's moment included
    redraw();
}

bool ViewershipChart::isZoomed() const
{
    return d->zoomed;
}

std::pair<qint64, qint64> ViewershipChart::shownRange() const
{
    return d->shownRange();
}

QStringList ViewershipChart::viewerAxisLabels() const
{
    return d->yAxis->categoriesLabels();
}

QString ViewershipChart::timeAxisFormat() const
{
    return d->xAxis->format();
}

int ViewershipChart::markerCount() const
{
    return static_cast<int>(d->markers->count());
}

int ViewershipChart::pointCount() const
{
    return static_cast<int>(d->points.size());
}

void ViewershipChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void ViewershipChart::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(dark ? 50 : 35);
    d->chart->setBackgroundBrush(base);
    d->chart->setPlotAreaBackgroundVisible(false);
    d->chart->setTitleBrush(text);
    d->chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(d->xAxis), static_cast<QAbstractAxis *>(d->yAxis)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    QPen pen(dark ? QColor(0xb1, 0x8c, 0xff) : QColor(0x91, 0x46, 0xff));
    pen.setWidthF(2.0);
    d->series->setPen(pen);
    d->series->setColor(pen.color());
    QPen peakPen(dark ? QColor(0xff, 0xb8, 0x6c) : QColor(0xc2, 0x5e, 0x00));
    peakPen.setWidthF(1.0);
    peakPen.setStyle(Qt::DashLine);
    d->peakSeries->setPen(peakPen);
    d->peakSeries->setColor(peakPen.color());
    d->markers->setBorderColor(base);
    d->hoverDot->setColor(pen.color());
    d->hoverDot->setBorderColor(base);
}

void ViewershipChart::scheduleRedraw()
{
    if (!d->redrawTimer->isActive())
        d->redrawTimer->start();
}

void ViewershipChart::redraw()
{
    QString title = d->title;
    if (d->offline && !d->points.isEmpty()) {
        const qint64 last =
            std::max(d->lastSampleMs, static_cast<qint64>(d->points.constLast().x()));
        title = tr("%1 · offline since %2")
                    .arg(title, localTimeText(last, QStringLiteral("d MMM HH:mm")));
    }
    if (d->chart->title() != title)
        d->chart->setTitle(title);
    // A lone point is a dot; a line needs two.
    d->series->setPointsVisible(d->points.size() == 1);
    if (d->points.isEmpty()) {
        d->series->clear();
        return;
    }
    if (!d->zoomed) {
        qint64 first = static_cast<qint64>(d->points.constFirst().x());
        qint64 last = static_cast<qint64>(d->points.constLast().x());
        if (d->focusCentre > 0) {
            first = d->focusCentre - d->focusHalfSpan;
            last = d->focusCentre + d->focusHalfSpan;
        } else if (d->windowTo > 0) {
            first = std::min(first, d->windowFrom);
            last = std::max(last, d->windowTo);
        }
        if (last - first < 30 * MinuteMs) {
            const qint64 middle = first + (last - first) / 2;
            first = middle - 15 * MinuteMs;
            last = middle + 15 * MinuteMs;
        }
        setTimeRange(first, last);
    }
    drawSeries();
    d->xAxis->setTitleText(tr("Time (%1)")
                               .arg(timeZoneName(QTimeZone::systemTimeZone(),
                                                 static_cast<qint64>(d->points.constLast().x()))));
    fitViewers();
}

void ViewershipChart::drawSeries()
{
    const auto [from, to] = d->shownRange();
    const qreal plotWidth = d->chart->plotArea().width();
    const int columns =
        std::max(200, static_cast<int>(plotWidth > 0 ? plotWidth : d->view->width()));
    if (!d->downsampling) {
        d->series->replace(d->points);
        d->peakSeries->replace(d->peaks);
        return;
    }
    // One replace() per redraw: a clear + append per point would repaint each time.
    d->series->replace(Downsample::minMaxPerColumn(d->points, static_cast<double>(from),
                                                   static_cast<double>(to), columns));
    if (!d->peaks.isEmpty())
        d->peakSeries->replace(Downsample::minMaxPerColumn(d->peaks, static_cast<double>(from),
                                                           static_cast<double>(to), columns));
}

void ViewershipChart::setDownsampling(bool enabled)
{
    d->downsampling = enabled;
    scheduleRedraw();
}

int ViewershipChart::drawnPointCount() const
{
    return static_cast<int>(d->series->count());
}

void ViewershipChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    const int wanted = std::clamp(d->view->width() / 110, 3, 10);
    const ChartAxes::TimeAxis axis =
        ChartAxes::timeAxis(fromMs, toMs, wanted, QTimeZone::systemTimeZone());
    d->settingRange = true;
    d->xAxis->setRange(QDateTime::fromMSecsSinceEpoch(axis.startMs),
                       QDateTime::fromMSecsSinceEpoch(axis.endMs));
    d->xAxis->setTickCount(axis.tickCount);
    d->xAxis->setFormat(axis.format);
    d->settingRange = false;
}

void ViewershipChart::fitViewers()
{
    const auto [from, to] = d->shownRange();
    double maxY = 0;
    for (const QVector<QPointF> *points : {&d->points, &d->peaks}) {
        for (const QPointF &p : *points) {
            if (p.x() >= static_cast<double>(from) && p.x() <= static_cast<double>(to))
                maxY = std::max(maxY, p.y());
        }
    }
    for (const ChartMarker &m : std::as_const(d->markerInfo)) {
        if (m.point.x() >= static_cast<double>(from) && m.point.x() <= static_cast<double>(to))
            maxY = std::max(maxY, m.point.y());
    }
    const int wanted = std::clamp(d->view->height() / 45, 3, 8);
    const QVector<ChartAxes::Tick> ticks = ChartAxes::viewerTicks(maxY * 1.05, wanted);
    for (const QString &label : d->yAxis->categoriesLabels())
        d->yAxis->remove(label);
    d->yAxis->setStartValue(0);
    for (const ChartAxes::Tick &t : ticks) {
        if (t.value > 0)
            d->yAxis->append(t.label, t.value);
    }
    d->yAxis->setRange(0, ticks.constLast().value);
}

} // namespace StreamRank
