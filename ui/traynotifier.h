#pragma once
// Desktop notifications for anomaly events through the system tray, filtered
// and rate-limited by a NotificationThrottle. Clicking a notification asks to
// open that event's chart.

#include "notificationthrottle.h"

#include <QObject>

class QSystemTrayIcon;
class QTimer;

namespace StreamRank {

class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(QObject *parent = nullptr);

    void setMinScore(double score) { m_throttle.setMinScore(score); }
    bool trayAvailable() const { return m_tray != nullptr; }
    int shownCount() const { return m_shown; }
    const QString &lastMessage() const { return m_lastMessage; }

public Q_SLOTS:
    void addEvents(const QVector<StreamRank::AnomalyEvent> &events);

Q_SIGNALS:
    void eventClicked(const StreamRank::AnomalyEvent &event);

private:
    void show(const Notification &n);

    NotificationThrottle m_throttle;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_flushTimer;
    AnomalyEvent m_lastHeadline;
    QString m_lastMessage;
    int m_shown = 0;
};

} // namespace StreamRank
