// ViewershipChart: hover readout, mouse wheel and keys.
#include "viewershipchart.h"
#include "viewershipchart_p.h"

#include "chartaxes.h"
#include "clock.h"

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
    if (!d->active || d->points.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const auto [from, to] = d->shownRange();
    const qint64 span = to - from;
    // Pan by whole ticks, so the range stays on round times and keeps its width.
    const qint64 tick = ChartAxes::timeAxis(from, to, std::clamp(d->view->width() / 110, 3, 10),
                                            QTimeZone::systemTimeZone())
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

QString ViewershipChart::readoutAt(qint64 tMs) const
{
    const int i = ChartAxes::nearestIndex(d->points, static_cast<double>(tMs));
    if (i < 0)
        return {};
    const QPointF p = d->points.at(i);
    const qint64 at = static_cast<qint64>(p.x());
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(at, zone),
                                            QStringLiteral("ddd d MMM HH:mm")) +
                         QLatin1Char(' ') + timeZoneName(zone, at);
    QString text =
        d->peaks.isEmpty()
            ? tr("%1 viewers at %2").arg(QLocale().toString(qRound64(p.y())), when)
            : tr("%1 viewers on average, peak %2, in the %3 from %4")
                  .arg(QLocale().toString(qRound64(p.y())),
                       QLocale().toString(qRound64(d->peaks.at(i).y())), d->resolution, when);
    for (const ChartMarker &m : std::as_const(d->markerInfo)) {
        if (static_cast<qint64>(m.point.x()) == at)
            text += QLatin1Char('\n') + m.text;
    }
    return text;
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
            d->chart->mapFromScene(d->view->mapToScene(wheel->position().toPoint())), d->series);
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
        d->chart->mapFromScene(d->view->mapToScene(viewportPos.toPoint())), d->series);
    const int i = ChartAxes::nearestIndex(d->points, value.x());
    if (i < 0)
        return;
    const QPointF p = d->points.at(i);
    const QPointF onScreen =
        d->view->mapFromScene(d->chart->mapToScene(d->chart->mapToPosition(p, d->series)));
    if (std::abs(onScreen.x() - viewportPos.x()) > HoverReachPx) {
        d->hoverDot->clear();
        QToolTip::hideText();
        return;
    }
    d->hoverDot->replace({p});
    QToolTip::showText(d->view->viewport()->mapToGlobal(onScreen.toPoint()),
                       readoutAt(static_cast<qint64>(p.x())), d->view);
}

} // namespace StreamRank
