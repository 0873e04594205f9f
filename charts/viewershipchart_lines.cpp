// ViewershipChart: the lines, their runs and colours, the axes, drawing.
#include "viewershipchart.h"
#include "viewershipchart_p.h"

#include "chartaxes.h"
#include "clock.h"
#include "downsample.h"

#include <QLegendMarker>
#include <QLocale>

#include <algorithm>
#include <limits>
#include <utility>

namespace StreamRank {

namespace {

constexpr qint64 MinuteMs = 60'000;

// Eight colours told apart on white and on a dark base; the first is the
// single line's violet.
constexpr QRgb LightColours[ViewershipChart::MaxLines] = {0x9146ff, 0x0b7bb8, 0xd9480f, 0x2b8a3e,
                                                          0xc2255c, 0x4c6ef5, 0x9c6f00, 0x5f6b7a};
constexpr QRgb DarkColours[ViewershipChart::MaxLines] = {0xb18cff, 0x4dabf7, 0xff8a4c, 0x69db7c,
                                                         0xf783ac, 0x91a7ff, 0xffd43b, 0xadb5bd};

} // namespace

QColor ViewershipChartPrivate::colour(int line) const
{
    const int i = std::clamp(line, 0, ViewershipChart::MaxLines - 1);
    return QColor(dark ? DarkColours[i] : LightColours[i]);
}

std::pair<qint64, qint64> ViewershipChartPrivate::dataExtent() const
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (int i = 0; i < lineCount; ++i) {
        const QVector<QPointF> &points = lines.at(i).data.points;
        if (points.isEmpty())
            continue;
        first = std::min(first, static_cast<qint64>(points.constFirst().x()));
        last = std::max(last, static_cast<qint64>(points.constLast().x()));
    }
    return {first, last};
}

void ViewershipChart::layoutLines()
{
    // Attaching axes to new series can move the time axis: not the user's zoom.
    const bool settingRange = std::exchange(d->settingRange, true);
    for (qsizetype i = 0; i < d->lines.size(); ++i) {
        LineState &line = d->lines[i];
        const bool channelAxis = line.data.channels && !d->normalized;
        QCategoryAxis *axis = channelAxis ? d->channelAxis : d->yAxis;
        if (line.onChannelAxis != channelAxis) {
            for (QVector<QLineSeries *> *pool : {&line.series, &line.peakSeries}) {
                for (QLineSeries *s : std::as_const(*pool)) {
                    s->detachAxis(channelAxis ? d->yAxis : d->channelAxis);
                    s->attachAxis(axis);
                }
            }
            line.onChannelAxis = channelAxis;
        }
        const auto make = [&] {
            auto *s = new QLineSeries(d->chart);
            s->setPointsVisible(false);
            d->chart->addSeries(s);
            s->attachAxis(d->xAxis);
            s->attachAxis(axis);
            return s;
        };
        while (line.series.size() < std::max<qsizetype>(1, line.runs.size())) {
            QLineSeries *s = make();
            if (line.series.isEmpty()) {
                // The line's legend entry: a click hides or shows the line.
                const int index = static_cast<int>(i);
                connect(d->chart->legend()->markers(s).constFirst(), &QLegendMarker::clicked, this,
                        [this, index] { setLineVisible(index, !isLineVisible(index)); });
            }
            line.series.append(s);
        }
        while (line.peakSeries.size() < line.peakRuns.size())
            line.peakSeries.append(make());
        line.series.constFirst()->setName(line.data.name);
        if (!line.peakSeries.isEmpty())
            line.peakSeries.constFirst()->setName(tr("%1 peak").arg(d->resolution));
        for (qsizetype r = line.runs.size(); r < line.series.size(); ++r)
            line.series.at(r)->clear();
        for (qsizetype r = line.peakRuns.size(); r < line.peakSeries.size(); ++r)
            line.peakSeries.at(r)->clear();
    }
    d->settingRange = settingRange;
    applyLineVisibility();
}

void ViewershipChart::applyLineVisibility()
{
    const QColor text = palette().color(QPalette::Text);
    QColor dimmed = text;
    dimmed.setAlpha(90);
    for (qsizetype i = 0; i < d->lines.size(); ++i) {
        LineState &line = d->lines[i];
        const int index = static_cast<int>(i);
        const bool used = index < d->lineCount;
        const bool visible = used && d->isVisible(index);
        const QColor colour = d->colour(index);
        QPen pen(colour);
        pen.setWidthF(2.0);
        if (d->lineCount > 1) {
            // Eight lines of a few thousand points each: the one-pixel
            // cosmetic pen is drawn without the stroker (several times faster).
            pen.setWidthF(1.0);
            pen.setCosmetic(true);
        }
        // One line's peaks in a colour of their own; compared lines' peaks
        // in the line's colour, dashed.
        QPen peakPen(d->lineCount > 1 ? colour
                     : d->dark        ? QColor(0xff, 0xb8, 0x6c)
                                      : QColor(0xc2, 0x5e, 0x00));
        peakPen.setWidthF(1.0);
        peakPen.setCosmetic(true);
        if (d->lineCount > 1) {
            // Compared: solid and paler, mixed with the background (dashes
            // cost as much as the line, and a translucent pen many times more).
            const QColor base = palette().color(QPalette::Base);
            const auto mixed = [](int a, int b) { return (2 * a + 3 * b) / 5; };
            peakPen.setColor(QColor(mixed(colour.red(), base.red()),
                                    mixed(colour.green(), base.green()),
                                    mixed(colour.blue(), base.blue())));
        } else {
            peakPen.setStyle(Qt::DashLine);
        }
        for (qsizetype r = 0; r < line.series.size(); ++r) {
            QLineSeries *s = line.series.at(r);
            // Only what changed: a new pen makes Qt Charts lay the line out again.
            if (s->pen() != pen)
                s->setPen(pen);
            s->setVisible(visible && (r == 0 || r < line.runs.size()));
        }
        for (qsizetype r = 0; r < line.peakSeries.size(); ++r) {
            QLineSeries *s = line.peakSeries.at(r);
            if (s->pen() != peakPen)
                s->setPen(peakPen);
            s->setVisible(visible && r < line.peakRuns.size());
        }
        // The legend after the series: a series' visibility resets its entry's.
        for (qsizetype r = 0; r < line.series.size(); ++r) {
            QLegendMarker *marker = d->chart->legend()->markers(line.series.at(r)).constFirst();
            marker->setVisible(r == 0 && used);
            if (r == 0) {
                marker->setLabelBrush(visible ? text : dimmed);
                QColor swatch = colour;
                if (!visible)
                    swatch.setAlpha(60);
                marker->setBrush(swatch);
                marker->setPen(Qt::NoPen);
            }
        }
        for (qsizetype r = 0; r < line.peakSeries.size(); ++r)
            d->chart->legend()
                ->markers(line.peakSeries.at(r))
                .constFirst()
                ->setVisible(r == 0 && visible && d->lineCount == 1 && !line.peakRuns.isEmpty());
    }
    d->hoverDot->setColor(d->lineCount > 1 ? text : d->colour(0));
}

void ViewershipChart::updateMarkers()
{
    d->markerInfo.clear();
    QVector<QPointF> points;
    for (int i = 0; i < d->lineCount; ++i) {
        if (!d->isVisible(i))
            continue;
        for (const ChartMarker &m : std::as_const(d->lines.at(i).data.markers)) {
            d->markerInfo.append({i, m});
            points.append(d->markerPoint(i, m));
        }
    }
    d->markers->replace(points);
    // "Alerts" in the legend only where there are some.
    d->chart->legend()->markers(d->markers).constFirst()->setVisible(!points.isEmpty());
}

void ViewershipChart::redraw()
{
    QString title = d->title;
    // Compared lines: the legend names each; "offline" would be one line's.
    if (d->offline && d->lineCount == 1 && !d->points().isEmpty()) {
        const qint64 last =
            std::max(d->lastSampleMs, static_cast<qint64>(d->points().constLast().x()));
        title = tr("%1 · offline since %2")
                    .arg(title, localTimeText(last, QStringLiteral("d MMM HH:mm")));
    }
    if (d->chart->title() != title)
        d->chart->setTitle(title);
    if (!d->anyPoints()) {
        for (LineState &line : d->lines)
            for (QVector<QLineSeries *> *pool : {&line.series, &line.peakSeries})
                for (QLineSeries *s : std::as_const(*pool))
                    s->clear();
        return;
    }
    const auto [dataFirst, dataLast] = d->dataExtent();
    if (!d->zoomed) {
        qint64 first = dataFirst;
        qint64 last = dataLast;
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
    } else {
        // The user's range, labelled again: the display zone may have changed.
        const auto [from, to] = d->shownRange();
        setTimeRange(from, to);
    }
    drawSeries();
    d->xAxis->setTitleText(tr("Time (%1)").arg(timeZoneName(displayTimeZone(), dataLast)));
    fitViewers();
}

void ViewershipChart::drawSeries()
{
    const auto [from, to] = d->shownRange();
    const qreal plotWidth = d->chart->plotArea().width();
    // Compared lines are thinned to two-pixel columns (still each column's
    // first, lowest, highest and last sample): eight lines stay quick to draw.
    const int columns =
        std::max(200, static_cast<int>(plotWidth > 0 ? plotWidth : d->view->width()) /
                          (d->lineCount > 1 ? 2 : 1));
    const auto shown = [&](int line, const QVector<QPointF> &run) {
        // One replace() per run and redraw: a clear + append per point would
        // repaint each time.
        QVector<QPointF> points =
            d->downsampling ? Downsample::minMaxPerColumn(run, static_cast<double>(from),
                                                          static_cast<double>(to), columns)
                            : run;
        if (d->normalized) {
            const double scale = d->lines.at(line).scale;
            for (QPointF &p : points)
                p.setY(p.y() * scale);
        }
        return points;
    };
    for (int i = 0; i < d->lineCount; ++i) {
        LineState &line = d->lines[i];
        for (qsizetype r = 0; r < line.runs.size(); ++r) {
            QLineSeries *s = line.series.at(r);
            s->replace(shown(i, line.runs.at(r)));
            s->setPointsVisible(line.runs.at(r).size() == 1); // a lone sample is a dot
        }
        for (qsizetype r = 0; r < line.peakRuns.size(); ++r)
            line.peakSeries.at(r)->replace(shown(i, line.peakRuns.at(r)));
    }
}

int ViewershipChart::drawnPointCount() const
{
    int drawn = 0;
    if (d->lineCount > 0)
        for (QLineSeries *s : std::as_const(d->lines.at(0).series))
            drawn += static_cast<int>(s->count());
    return drawn;
}

void ViewershipChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    const int wanted = std::clamp(d->view->width() / 110, 3, 10);
    const ChartAxes::TimeAxis axis = ChartAxes::timeAxis(fromMs, toMs, wanted, displayTimeZone());
    d->settingRange = true;
    for (const QString &label : d->xAxis->categoriesLabels())
        d->xAxis->remove(label);
    // A category ends at its label's value and must be wider than nothing:
    // the first one starts a millisecond before the first tick.
    d->xAxis->setStartValue(double(axis.startMs - 1));
    const QTimeZone zone = displayTimeZone();
    for (int k = 0; k < axis.tickCount; ++k) {
        const qint64 t = axis.startMs + k * axis.stepMs;
        // Not at the right-hand end: a label centred there would be cut off.
        if (t >= axis.endMs)
            break;
        QString label = QLocale().toString(QDateTime::fromMSecsSinceEpoch(t, zone), axis.format);
        // Labels are the axis's keys: an hour that repeats (the end of
        // summer time) gets an invisible mark to stay distinct.
        while (d->xAxis->categoriesLabels().contains(label))
            label += QChar(0x200B);
        d->xAxis->append(label, double(t));
    }
    d->xAxis->setRange(double(axis.startMs), double(axis.endMs));
    d->timeFormat = axis.format;
    d->settingRange = false;
}

namespace {
void setTicks(QCategoryAxis *axis, const QVector<ChartAxes::Tick> &ticks)
{
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(0);
    for (const ChartAxes::Tick &t : ticks) {
        if (t.value > 0)
            axis->append(t.label, t.value);
    }
    axis->setRange(0, ticks.constLast().value);
}
} // namespace

void ViewershipChart::fitViewers()
{
    const auto [from, to] = d->shownRange();
    const auto inRange = [from = double(from), to = double(to)](const QPointF &p) {
        return p.x() >= from && p.x() <= to;
    };
    double maxViewers = 0;
    double maxChannels = 0;
    bool channelsShown = false;
    for (int i = 0; i < d->lineCount; ++i) {
        if (!d->isVisible(i))
            continue;
        const LineState &line = d->lines.at(i);
        const bool onChannels = line.onChannelAxis;
        channelsShown = channelsShown || onChannels;
        double &top = onChannels ? maxChannels : maxViewers;
        for (const QVector<QPointF> *points : {&line.data.points, &line.data.peaks})
            for (const QPointF &p : *points)
                if (inRange(p))
                    top = std::max(top, d->shownY(i, p.y()));
        for (const ChartMarker &m : line.data.markers)
            if (inRange(m.point))
                top = std::max(top, d->shownY(i, m.point.y()));
    }
    const int wanted = std::clamp(d->view->height() / 45, 3, 8);
    if (d->normalized) {
        QVector<ChartAxes::Tick> ticks;
        for (int percent : {0, 25, 50, 75, 100})
            ticks.append({double(percent), tr("%1 %").arg(percent)});
        setTicks(d->yAxis, ticks);
        d->yAxis->setRange(0, 105);
        d->yAxis->setTitleText(tr("% of peak"));
    } else {
        setTicks(d->yAxis, ChartAxes::viewerTicks(maxViewers * 1.05, wanted));
        d->yAxis->setTitleText(tr("Viewers"));
    }
    d->channelAxis->setVisible(channelsShown);
    if (channelsShown)
        setTicks(d->channelAxis, ChartAxes::viewerTicks(std::max(1.0, maxChannels * 1.05), wanted));
}

} // namespace StreamRank
