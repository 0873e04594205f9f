// ViewershipChart: hover readout, mouse wheel and keys.
#include "viewershipchart.h"
#include "viewershipchart_p.h"

#include "chartaxes.h"
#include "clock.h"
#include "downsample.h"

#include <QDateTime>
#include <QEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QTimeZone>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace StreamRank {

namespace {
// How far from a stored point the cursor may be for the readout, in pixels.
constexpr double HoverReachPx = 40;
constexpr qint64 MinuteMs = 60'000;
} // namespace

void ViewershipChart::keyPressEvent(QKeyEvent *event)
{
    if (!d->active || !d->anyPoints()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const auto [from, to] = d->shownRange();
    const qint64 span = to - from;
    // Pan by whole ticks, so the range stays on round times and keeps its width.
    const qint64 tick =
        ChartAxes::timeAxis(from, to, std::clamp(d->view->width() / 110, 3, 10), displayTimeZone())
            .stepMs;
    const qint64 pan =
        tick > 0 ? std::max<qint64>(1, (span / 5 + tick / 2) / tick) * tick : span / 5;
    switch (event->key()) {
    case Qt::Key_Left:
        zoomTo(from - pan, to - pan);
        break;
    case Qt::Key_Right:
        zoomTo(from + pan, to + pan);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomTo(from + span / 5, to - span / 5);
        break;
    case Qt::Key_Minus:
        zoomTo(from - span / 4, to + span / 4);
        break;
    case Qt::Key_Home:
    case Qt::Key_Escape:
        resetZoom();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

namespace {
QString whenText(qint64 at)
{
    const QTimeZone zone = displayTimeZone();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(at, zone),
                              QStringLiteral("ddd d MMM HH:mm")) +
           QLatin1Char(' ') + timeZoneName(zone, at);
}

QString count(double value)
{
    return QLocale().toString(qRound64(value));
}

// A count the platform hid (NaN): said, never shown as a number.
QString countOrHidden(double value)
{
    return std::isnan(value) ? ViewershipChart::tr("hidden") : count(value);
}
} // namespace

QString ViewershipChart::readoutAt(qint64 tMs) const
{
    if (d->lineCount == 1) {
        const QVector<QPointF> &points = d->points();
        const int i = ChartAxes::nearestIndex(points, static_cast<double>(tMs));
        if (i < 0)
            return {};
        const QPointF p = points.at(i);
        const qint64 at = static_cast<qint64>(p.x());
        QString text;
        if (Downsample::isHidden(p))
            text = d->peaks().isEmpty()
                       ? tr("Viewer count hidden at %1 (the channel hides it)").arg(whenText(at))
                       : tr("Viewer count hidden in the %1 from %2 (the channel hides it)")
                             .arg(d->resolution, whenText(at));
        else
            text = d->peaks().isEmpty() ? tr("%1 viewers at %2").arg(count(p.y()), whenText(at))
                                        : tr("%1 viewers on average, peak %2, in the %3 from %4")
                                              .arg(count(p.y()), count(d->peaks().at(i).y()),
                                                   d->resolution, whenText(at));
        for (const auto &[line, m] : std::as_const(d->markerInfo)) {
            if (static_cast<qint64>(m.point.x()) == at)
                text += QLatin1Char('\n') + m.text;
        }
        return text;
    }
    // Several lines: the time of the stored point nearest the cursor on any
    // visible line, then each visible line's value there (nothing where it
    // has no sample within its own gap).
    qint64 at = -1;
    for (int l = 0; l < d->lineCount; ++l) {
        if (!d->isVisible(l))
            continue;
        const QVector<QPointF> &points = d->lines.at(l).data.points;
        const int i = ChartAxes::nearestIndex(points, static_cast<double>(tMs));
        if (i >= 0 && (at < 0 || std::abs(points.at(i).x() - double(tMs)) <
                                     std::abs(double(at) - double(tMs))))
            at = static_cast<qint64>(points.at(i).x());
    }
    if (at < 0)
        return {};
    QStringList rows{whenText(at)};
    QStringList alerts;
    for (int l = 0; l < d->lineCount; ++l) {
        if (!d->isVisible(l))
            continue;
        const LineState &line = d->lines.at(l);
        const int i = ChartAxes::nearestIndex(line.data.points, static_cast<double>(at));
        // Within half the line's gap, or 90 s where a line is too short to
        // know its step (censuses of two platforms never share a millisecond).
        const double reach = line.gap > 0 ? line.gap / 2 : 90'000.0;
        if (i < 0 || std::abs(line.data.points.at(i).x() - double(at)) > reach) {
            rows.append(tr("%1: no sample").arg(line.data.name));
            continue;
        }
        const QPointF p = line.data.points.at(i);
        const bool hidden = Downsample::isHidden(p);
        QString value = line.data.peaks.isEmpty() || hidden
                            ? countOrHidden(p.y())
                            : tr("%1 on average, peak %2")
                                  .arg(count(p.y()), countOrHidden(line.data.peaks.at(i).y()));
        if (d->normalized && !hidden)
            value += tr(" (%1 % of its peak)").arg(qRound(p.y() * line.scale));
        rows.append(tr("%1: %2").arg(line.data.name, value));
        for (const ChartMarker &m : line.data.markers)
            if (qint64(m.point.x()) == qint64(p.x()))
                alerts.append(m.text);
    }
    return (rows + alerts).join(QLatin1Char('\n'));
}

bool ViewershipChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != d->view->viewport() || !d->active)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::MouseMove) {
        const auto *move = static_cast<QMouseEvent *>(event);
        showReadout(move->position());
    } else if (event->type() == QEvent::Leave) {
        d->hoverDot->clear();
        QToolTip::hideText();
    } else if (event->type() == QEvent::Wheel) {
        // Zoom the time axis around the cursor: up zooms in.
        const auto *wheel = static_cast<QWheelEvent *>(event);
        const double steps = wheel->angleDelta().y() / 120.0;
        if (steps == 0)
            return true;
        const QPointF value = d->chart->mapToValue(
            d->chart->mapFromScene(d->view->mapToScene(wheel->position().toPoint())), d->hoverDot);
        const auto [from, to] = d->shownRange();
        const double factor = std::pow(0.8, steps);
        const double centre = std::clamp(value.x(), double(from), double(to));
        const qint64 newFrom = qint64(centre - (centre - double(from)) * factor);
        const qint64 newTo = qint64(centre + (double(to) - centre) * factor);
        if (newTo - newFrom >= 5 * MinuteMs)
            zoomTo(newFrom, newTo);
        return true;
    } else if (event->type() == QEvent::MouseButtonDblClick) {
        resetZoom();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ViewershipChart::showReadout(const QPointF &viewportPos)
{
    const QPointF value = d->chart->mapToValue(
        d->chart->mapFromScene(d->view->mapToScene(viewportPos.toPoint())), d->hoverDot);
    // A dot on each visible line's nearest stored point within reach of the
    // cursor; the readout names them all.
    QVector<QPointF> dots;
    qint64 nearestAt = -1;
    double nearestPx = HoverReachPx;
    QPoint tipAt;
    for (int l = 0; l < d->lineCount; ++l) {
        if (!d->isVisible(l))
            continue;
        const LineState &line = d->lines.at(l);
        const int i = ChartAxes::nearestIndex(line.data.points, value.x());
        if (i < 0)
            continue;
        const QPointF p = line.data.points.at(i);
        // A hidden count has no height: measured on the time axis at 0, no dot.
        const bool hidden = Downsample::isHidden(p);
        const QPointF shown(p.x(), hidden ? 0.0 : d->shownY(l, p.y()));
        // A line on the channel axis maps through its own series.
        QAbstractSeries *mapping = line.onChannelAxis
                                       ? static_cast<QAbstractSeries *>(line.series.constFirst())
                                       : d->hoverDot;
        const QPointF onScreen =
            d->view->mapFromScene(d->chart->mapToScene(d->chart->mapToPosition(shown, mapping)));
        const double px = std::abs(onScreen.x() - viewportPos.x());
        if (px > HoverReachPx)
            continue;
        if (!line.onChannelAxis && !hidden) // the dot series is on the viewer axis
            dots.append(shown);
        if (px <= nearestPx) {
            nearestPx = px;
            nearestAt = static_cast<qint64>(p.x());
            tipAt = onScreen.toPoint();
        }
    }
    if (nearestAt < 0) {
        d->hoverDot->clear();
        QToolTip::hideText();
        return;
    }
    d->hoverDot->replace(dots);
    QToolTip::showText(d->view->viewport()->mapToGlobal(tipAt), readoutAt(nearestAt), d->view);
}

} // namespace StreamRank
