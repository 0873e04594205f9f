#include "viewershipchart.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace StreamRank {

class ViewershipChartPrivate
{
public:
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QLineSeries *series = nullptr;
    QScatterSeries *markers = nullptr;
    QDateTimeAxis *xAxis = nullptr;
    QValueAxis *yAxis = nullptr;
    QLabel *placeholder = nullptr;
    QTimer *redrawTimer = nullptr;
    QVector<QPointF> points;
    bool active = false;    // a stream is shown
    qint64 focusCentre = 0; // 0: show the whole series
    qint64 focusHalfSpan = 0;
};

ViewershipChart::ViewershipChart(QWidget *parent) : QWidget(parent), d(new ViewershipChartPrivate)
{
    d->chart = new QChart;
    d->chart->legend()->hide();
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->chart->setAnimationOptions(QChart::NoAnimation);

    d->series = new QLineSeries(d->chart);
    d->series->setPointsVisible(false);
    QPen pen(QColor(0x91, 0x46, 0xff));
    pen.setWidthF(2.0);
    d->series->setPen(pen);
    d->chart->addSeries(d->series);

    d->markers = new QScatterSeries(d->chart);
    d->markers->setName(tr("Anomalies"));
    d->markers->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    d->markers->setMarkerSize(11);
    d->markers->setColor(QColor(0xd9, 0x30, 0x25));
    d->markers->setBorderColor(Qt::white);
    d->chart->addSeries(d->markers);

    d->xAxis = new QDateTimeAxis(d->chart);
    d->xAxis->setFormat(QStringLiteral("HH:mm"));
    d->xAxis->setTickCount(6);
    d->yAxis = new QValueAxis(d->chart);
    d->yAxis->setLabelFormat(QStringLiteral("%.0f"));
    d->yAxis->setTitleText(tr("Viewers"));
    d->chart->addAxis(d->xAxis, Qt::AlignBottom);
    d->chart->addAxis(d->yAxis, Qt::AlignLeft);
    d->series->attachAxis(d->xAxis);
    d->series->attachAxis(d->yAxis);
    d->markers->attachAxis(d->xAxis);
    d->markers->attachAxis(d->yAxis);

    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    d->view->setRubberBand(QChartView::HorizontalRubberBand);

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

    connect(d->series, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const QString when = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(point.x()))
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        QToolTip::showText(QCursor::pos(),
                           tr("%1 viewers at %2").arg(QLocale().toString(qRound(point.y())), when),
                           this);
    });
}

ViewershipChart::~ViewershipChart()
{
    delete d;
}

void ViewershipChart::setSeries(const QString &title, const QVector<QPointF> &points)
{
    d->active = true;
    if (d->chart->title() != title) {
        d->focusCentre = 0; // another stream: drop a previous focus and markers
        d->markers->clear();
    }
    d->chart->setTitle(title);
    d->points = points;
    d->placeholder->hide();
    d->view->show();
    redraw();
}

void ViewershipChart::appendPoint(qint64 tMs, qint32 viewers)
{
    if (!d->active)
        return; // nothing selected
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
    d->points.clear();
    d->series->clear();
    d->markers->clear();
    d->chart->setTitle(QString());
    d->placeholder->setText(message);
    d->placeholder->show();
    d->view->hide();
}

void ViewershipChart::setEventMarkers(const QVector<QPointF> &markers)
{
    d->markers->replace(markers);
}

void ViewershipChart::focusOn(qint64 centreMs, qint64 halfSpanMs)
{
    d->focusCentre = centreMs;
    d->focusHalfSpan = halfSpanMs;
    redraw();
}

int ViewershipChart::markerCount() const
{
    return static_cast<int>(d->markers->count());
}

int ViewershipChart::pointCount() const
{
    return static_cast<int>(d->series->count());
}

void ViewershipChart::scheduleRedraw()
{
    if (!d->redrawTimer->isActive())
        d->redrawTimer->start();
}

void ViewershipChart::redraw()
{
    // One replace() per redraw: a clear + append per point would repaint each time.
    d->series->replace(d->points);
    if (d->points.isEmpty())
        return;
    qint64 first = static_cast<qint64>(d->points.constFirst().x());
    qint64 last = static_cast<qint64>(d->points.constLast().x());
    if (d->focusCentre > 0) {
        first = d->focusCentre - d->focusHalfSpan;
        last = d->focusCentre + d->focusHalfSpan;
    }
    if (last <= first)
        last = first + 60 * 1000;
    d->xAxis->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    d->xAxis->setFormat(last - first > 36LL * 3600 * 1000 ? QStringLiteral("MM-dd HH:mm")
                                                          : QStringLiteral("HH:mm"));
    double maxY = 0;
    for (const QPointF &p : std::as_const(d->points))
        if (p.x() >= static_cast<double>(first) && p.x() <= static_cast<double>(last))
            maxY = std::max(maxY, p.y());
    d->yAxis->setRange(0, std::max(10.0, maxY * 1.1));
    d->yAxis->applyNiceNumbers();
}

} // namespace StreamRank
