#pragma once
// The alerts view: stored and live anomaly events with filters (date range,
// platform, channel text, strategy, minimum score), acknowledgement of one or
// many, double-click to open the stream's chart at that moment, and a
// right-click menu to chart the channel or pin either for comparison.

#include "anomalytypes.h"

#include <QFutureWatcher>
#include <QWidget>

#include <functional>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace StreamRank {

class AlertsModel;

// Loads stored events for a filter; runs on a pool thread.
using EventSource = std::function<QVector<AnomalyEvent>(const AnomalyEventFilter &)>;

class AlertsView : public QWidget
{
    Q_OBJECT
public:
    AlertsView(EventSource source, QWidget *parent = nullptr);
    ~AlertsView() override;

    AlertsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    AnomalyEventFilter currentFilter(qint64 nowMs) const;
    // Puts the cursor in the channel search box (Ctrl+F).
    void focusSearch();

public Q_SLOTS:
    void addEvents(const QVector<StreamRank::AnomalyEvent> &events);
    // Reloads the stored events for the current filter (off the GUI thread).
    void reload();
    void setNow(qint64 nowMs) { m_nowMs = nowMs; }

Q_SIGNALS:
    void acknowledgeRequested(const QVector<qint64> &eventIds);
    void eventActivated(const StreamRank::AnomalyEvent &event);
    // Right-click: chart the event's channel (channel) or its broadcast,
    // or pin it for comparison (compare).
    void chartRequested(const StreamRank::AnomalyEvent &event, bool channel, bool compare);
    void unacknowledgedChanged(int count);

private:
    void acknowledge(bool allShown);

    EventSource m_source;
    AlertsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_range;
    QComboBox *m_platform;
    QComboBox *m_strategy;
    QLineEdit *m_text;
    QDoubleSpinBox *m_minScore;
    QPushButton *m_ackSelected;
    QPushButton *m_ackAll;
    QTimer *m_reloadDebounce;
    QFutureWatcher<QVector<AnomalyEvent>> m_watcher;
    bool m_reloadPending = false;
    qint64 m_nowMs = 0;
};

} // namespace StreamRank
