#include "traynotifier.h"

#include <QApplication>
#include <QDateTime>
#include <QIcon>
#include <QSystemTrayIcon>
#include <QTimer>

namespace StreamRank {

TrayNotifier::TrayNotifier(QObject *parent) : QObject(parent), m_flushTimer(new QTimer(this))
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("StreamRank"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                [this] { Q_EMIT eventClicked(m_lastHeadline); });
    }
    // Held-back events go out once the throttle's interval has passed.
    m_flushTimer->setInterval(5000);
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        if (auto n = m_throttle.flush(QDateTime::currentMSecsSinceEpoch()))
            show(*n);
        if (m_throttle.pending() == 0)
            m_flushTimer->stop();
    });
}

void TrayNotifier::addEvents(const QVector<AnomalyEvent> &events)
{
    if (auto n = m_throttle.offer(events, QDateTime::currentMSecsSinceEpoch()))
        show(*n);
    if (m_throttle.pending() > 0 && !m_flushTimer->isActive())
        m_flushTimer->start();
}

void TrayNotifier::show(const Notification &n)
{
    ++m_shown;
    m_lastHeadline = n.headline;
    m_lastMessage = n.message;
    if (m_tray)
        m_tray->showMessage(n.title, n.message, QSystemTrayIcon::Warning, 10000);
}

} // namespace StreamRank
