// MainWindow: the Alerts tab's side — its signals to the chart and the tab's
// count, and the live anomaly events and incident updates it is handed.
#include "mainwindow.h"

#include "alertsview.h"
#include "streamchartpanel.h"

#include <QDockWidget>
#include <QTabWidget>

namespace StreamRank {

void MainWindow::wireAlerts()
{
    connect(m_alerts, &AlertsView::acknowledgeRequested, this, &MainWindow::acknowledgeRequested);
    connect(m_alerts, &AlertsView::eventActivated, this, &MainWindow::showEvent);
    connect(m_alerts, &AlertsView::chartRequested, this,
            [this](const AnomalyEvent &event, bool channel, bool compare) {
                const QString name =
                    event.channelName.isEmpty() ? event.channelLogin : event.channelName;
                ChartTarget target;
                target.platform = event.platform;
                if (channel) {
                    target.subject = ChartSubject::Channel;
                    target.id = event.channelId;
                    target.title = tr("%1 — all broadcasts").arg(name);
                } else {
                    target.id = event.streamId;
                    target.title = name;
                }
                if (compare)
                    pinTarget(target);
                else
                    chartTarget(target);
            });
    connect(m_alerts, &AlertsView::unacknowledgedChanged, this, [this](int count) {
        m_tabs->setTabText(1, count > 0 ? tr("Alerts (%1)").arg(count) : tr("Alerts"));
    });
}

void MainWindow::addAnomalyEvents(const QVector<AnomalyEvent> &events)
{
    m_alerts->addEvents(events);
}

void MainWindow::updateAnomalyIncidents(const QVector<AnomalyIncidentUpdate> &updates)
{
    m_alerts->updateIncidents(updates);
}

void MainWindow::setAnomalySettings(const AnomalySettings &settings)
{
    m_anomalySettings = settings;
}

void MainWindow::showEvent(const AnomalyEvent &event)
{
    ChartTarget target;
    target.platform = event.platform;
    target.id = event.streamId;
    // The panel adds "alert at …" while the chart is on the alert's moment.
    target.title = event.channelName.isEmpty() ? event.channelLogin : event.channelName;
    target.focusMs = event.timeMs;
    m_chartDock->show();
    m_chartDock->raise();
    m_chartPanel->showTarget(target, m_lastCensusMs);
    markChartLiveness();
}

} // namespace StreamRank
