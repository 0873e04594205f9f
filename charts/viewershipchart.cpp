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

    d->xAxis = new QCategoryAxis(d->chart);
    d->xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->yAxis = new QCategoryAxis(d->chart);
    d->yAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->yAxis->setTitleText(tr("Viewers"));
    d->channelAxis = new QCategoryAxis(d->chart);
    d->channelAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->channelAxis->setTitleText(tr("Channels"));
    d->channelAxis->setGridLineVisible(false);
    d->chart->addAxis(d->xAxis, Qt::AlignBottom);
    d->chart->addAxis(d->yAxis, Qt::AlignLeft);
    d->chart->addAxis(d->channelAxis, Qt::AlignRight);
    d->channelAxis->setVisible(false);

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
    for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(d->markers),
                               static_cast<QAbstractSeries *>(d->hoverDot)}) {
        s->attachAxis(d->xAxis);
        s->attachAxis(d->yAxis);
    }
    // The hover dot is not a series of the legend; "Alerts" only with alerts.
    d->chart->legend()->markers(d->hoverDot).constFirst()->setVisible(false);
    d->chart->legend()->markers(d->markers).constFirst()->setVisible(false);
    d->lines.resize(1);
    layoutLines(); // the first line's series exist from the start

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
            action->setEnabled(d->active && d->anyPoints());
            connect(action, &QAction::triggered, this,
                    [this, format] { exportWithDialog(format); });
        }
        menu.exec(d->view->mapToGlobal(at));
    });

    // Above the plot's top right corner, placed again whenever the plot moves.
    d->mark = new QGraphicsSimpleTextItem(d->chart);
    d->mark->setZValue(10);
    d->mark->hide();
    connect(d->chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        d->mark->setPos(plot.right() - d->mark->boundingRect().width() - 4, plot.top() + 2);
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
    connect(d->xAxis, &QCategoryAxis::rangeChanged, this, [this] {
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
        for (const auto &[line, m] : std::as_const(d->markerInfo)) {
            if (d->markerPoint(line, m) == point) {
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
                                const QVector<QPointF> &peaks, const QString &resolution,
                                qint64 stepMs)
{
    ChartLine line;
    line.name = tr("Viewers");
    line.points = points;
    line.peaks = peaks;
    line.stepMs = stepMs;
    // The alerts stay with the stream they were set for.
    if (d->title == title && d->lineCount > 0)
        line.markers = d->lines.at(0).data.markers;
    setLines(title, {line}, resolution);
}

void ViewershipChart::setLines(const QString &title, const QVector<ChartLine> &lines,
                               const QString &resolution, const QString &identity)
{
    d->active = true;
    const QString shown = identity.isEmpty() ? title : identity;
    if (d->identity != shown) {
        // Another subject: drop a previous focus and zoom.
        d->focusCentre = 0;
        d->zoomed = false;
    }
    d->identity = shown;
    d->title = title;
    d->lineCount = static_cast<int>(std::min<qsizetype>(lines.size(), MaxLines));
    if (d->lines.size() < d->lineCount)
        d->lines.resize(d->lineCount);
    bool rolled = false;
    for (int i = 0; i < d->lineCount; ++i) {
        LineState &line = d->lines[i];
        line.data = lines.at(i);
        if (line.data.peaks.size() != line.data.points.size())
            line.data.peaks.clear();
        rolled = rolled || !line.data.peaks.isEmpty();
        line.key =
            line.data.key.isEmpty() ? title + QLatin1Char('\n') + line.data.name : line.data.key;
        line.gap = Downsample::gapThreshold(line.data.points, double(line.data.stepMs));
        line.runs = Downsample::splitAtGaps(line.data.points, line.gap);
        line.peakRuns.clear();
        for (const QVector<QPointF> &run : std::as_const(line.runs)) {
            if (line.data.peaks.isEmpty())
                break;
            // The peaks share the points' times: the same cuts.
            const qsizetype at =
                std::lower_bound(line.data.points.cbegin(), line.data.points.cend(),
                                 run.constFirst(),
                                 [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }) -
                line.data.points.cbegin();
            line.peakRuns.append(line.data.peaks.mid(at, run.size()));
        }
        double top = 0;
        for (const QVector<QPointF> *values : {&line.data.points, &line.data.peaks})
            for (const QPointF &p : *values)
                if (!Downsample::isHidden(p))
                    top = std::max(top, p.y());
        line.scale = top > 0 ? 100.0 / top : 1;
    }
    for (qsizetype i = d->lineCount; i < d->lines.size(); ++i) {
        d->lines[i].data = ChartLine();
        d->lines[i].runs.clear();
        d->lines[i].peakRuns.clear();
    }
    d->resolution = rolled ? resolution : QString();
    if (d->lineCount == 1 && d->lines.at(0).data.name == tr("Viewers") && rolled)
        d->lines[0].data.name = tr("Viewers (%1 average)").arg(d->resolution);
    layoutLines();
    updateMarkers();
    d->hoverDot->clear();
    d->placeholder->hide();
    d->view->show();
    redraw();
}

int ViewershipChart::lineCount() const
{
    return d->lineCount;
}

QStringList ViewershipChart::lineNames() const
{
    QStringList names;
    for (int i = 0; i < d->lineCount; ++i)
        names.append(d->lines.at(i).data.name);
    return names;
}

void ViewershipChart::setLineVisible(int index, bool visible)
{
    if (index < 0 || index >= d->lineCount)
        return;
    const QString &key = d->lines.at(index).key;
    if (visible)
        d->hidden.remove(key);
    else
        d->hidden.insert(key);
    applyLineVisibility();
    updateMarkers();
    fitViewers();
}

bool ViewershipChart::isLineVisible(int index) const
{
    return index >= 0 && index < d->lineCount && d->isVisible(index);
}

QColor ViewershipChart::lineColour(int index) const
{
    return d->colour(index);
}

int ViewershipChart::segmentCount(int index) const
{
    return index >= 0 && index < d->lineCount ? static_cast<int>(d->lines.at(index).runs.size())
                                              : 0;
}

void ViewershipChart::setNormalized(bool normalized)
{
    if (d->normalized == normalized)
        return;
    d->normalized = normalized;
    layoutLines(); // the channel axis is not used while normalised
    updateMarkers();
    redraw();
}

bool ViewershipChart::isNormalized() const
{
    return d->normalized;
}

void ViewershipChart::appendPoint(qint64 tMs, qint32 viewers)
{
    if (!d->active || d->lineCount != 1 || !d->peaks().isEmpty())
        return; // nothing shown, compared lines, or rollup buckets (a census is not one)
    LineState &line = d->lines[0];
    const double x = static_cast<double>(tMs);
    if (!line.data.points.isEmpty() && line.data.points.constLast().x() >= x)
        return; // already have this census
    if (line.gap <= 0 || line.data.points.size() < 8)
        line.gap = Downsample::gapThreshold(line.data.points, double(line.data.stepMs));
    // A hidden count is stored (the hover names it) but drawn as a gap: the
    // next known count starts a new run.
    const bool afterHidden =
        !line.data.points.isEmpty() && Downsample::isHidden(line.data.points.constLast());
    if (viewers < 0) {
        line.data.points.push_back(QPointF(x, Downsample::HiddenY));
        scheduleRedraw();
        return;
    }
    line.data.points.push_back(QPointF(x, viewers));
    if (line.runs.isEmpty() || afterHidden ||
        (line.gap > 0 && x - line.runs.constLast().constLast().x() > line.gap))
        line.runs.append(QVector<QPointF>());
    line.runs.last().push_back(QPointF(x, viewers));
    if (viewers * line.scale > 100)
        line.scale = 100.0 / viewers;
    if (line.runs.size() > line.series.size())
        layoutLines();
    scheduleRedraw();
}

void ViewershipChart::clear(const QString &message)
{
    d->active = false;
    d->focusCentre = 0;
    d->zoomed = false;
    d->lineCount = 0;
    for (LineState &line : d->lines) {
        line.data = ChartLine();
        line.runs.clear();
        line.peakRuns.clear();
    }
    layoutLines();
    d->markers->clear();
    d->markerInfo.clear();
    d->hoverDot->clear();
    d->title.clear();
    d->identity.clear();
    d->offline = false;
    d->chart->setTitle(QString());
    d->placeholder->setText(message);
    d->placeholder->show();
    d->view->hide();
}

void ViewershipChart::setEventMarkers(const QVector<ChartMarker> &markers)
{
    if (d->lineCount == 0)
        return;
    d->lines[0].data.markers = markers;
    updateMarkers();
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

void ViewershipChart::setMark(const QString &text)
{
    if (d->mark->text() == text && d->mark->isVisible() == !text.isEmpty())
        return;
    d->mark->setText(text);
    QFont font = d->mark->font();
    font.setBold(true);
    d->mark->setFont(font);
    const QRectF plot = d->chart->plotArea();
    d->mark->setPos(plot.right() - d->mark->boundingRect().width() - 4, plot.top() + 2);
    d->mark->setVisible(!text.isEmpty());
}

QString ViewershipChart::mark() const
{
    return d->mark->isVisible() ? d->mark->text() : QString();
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
    d->xAxis->setRange(double(fromMs), double(toMs)); // counts as the user's
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

QStringList ViewershipChart::channelAxisLabels() const
{
    return d->channelAxis->isVisible() ? d->channelAxis->categoriesLabels() : QStringList();
}

QStringList ViewershipChart::timeAxisLabels() const
{
    return d->xAxis->categoriesLabels();
}

QString ViewershipChart::timeAxisFormat() const
{
    return d->timeFormat;
}

int ViewershipChart::markerCount() const
{
    return static_cast<int>(d->markers->count());
}

int ViewershipChart::pointCount() const
{
    return static_cast<int>(d->points().size());
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
    d->dark = isDark(pal);
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(d->dark ? 50 : 35);
    d->chart->setBackgroundBrush(base);
    d->chart->setPlotAreaBackgroundVisible(false);
    d->chart->setTitleBrush(text);
    d->chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(d->xAxis), static_cast<QAbstractAxis *>(d->yAxis),
          static_cast<QAbstractAxis *>(d->channelAxis)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    d->markers->setBorderColor(base);
    d->hoverDot->setBorderColor(base);
    d->mark->setBrush(d->dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x5b, 0x00));
    d->hoverDot->setColor(d->lineCount > 1 ? text : d->colour(0));
    applyLineVisibility(); // pens, and the legend's dimmed entries
}

void ViewershipChart::scheduleRedraw()
{
    if (!d->redrawTimer->isActive())
        d->redrawTimer->start();
}

void ViewershipChart::setDownsampling(bool enabled)
{
    d->downsampling = enabled;
    scheduleRedraw();
}

} // namespace StreamRank
