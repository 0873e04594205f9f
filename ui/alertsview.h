#pragma once
// The alerts view (live insertion in alertsview_live.cpp): stored and live anomaly incidents,
// each expandable to its alerts, with filters (date range, platform, channel text, strategy,
// minimum score), a detail pane with the selected incident or alert in full, acknowledgement of
// one or many (the Ack box, Space, the buttons; an incident's acknowledges all its alerts),
// double-click to open the stream's chart at that moment, and a right-click menu to chart the
// channel or pin either for comparison. Live incidents wait behind an "N new incidents — Show"
// bar while the user is reading (scrolled down, a selection, the mouse over the rows), so no
// row moves under the cursor.

#include "anomalytypes.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>
#include <utility>

class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTreeView;
class QTimer;

namespace StreamRank {

class AlertDetails;
class AlertsModel;

// Loads the stored incidents for a filter; runs on a pool thread.
using IncidentSource = std::function<QVector<AnomalyIncident>(const AnomalyEventFilter &)>;

class AlertsView : public QWidget
{
    Q_OBJECT
public:
    AlertsView(IncidentSource source, QWidget *parent = nullptr);
    ~AlertsView() override;

    AlertsModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    AlertDetails *details() const { return m_details; }
    AnomalyEventFilter currentFilter(qint64 nowMs) const;
    // Puts the cursor in the channel search box (Ctrl+F).
    void focusSearch();
    // Live incidents held back while the user reads (see the class comment):
    // new ones, and alerts joining a shown incident that is expanded.
    int pendingCount() const;
    int pendingJoinCount() const;
    // The ranking's ⚠: selects (and expands) the stream's newest incident.
    // Held-back alerts are shown first; if the filters hide the stream's
    // incidents they are widened to that stream (its id in the search box)
    // and it is selected once loaded.
    void showNewestIncidentOf(StreamRank::Platform platform, const QString &streamId);

public Q_SLOTS:
    void addEvents(const QVector<StreamRank::AnomalyEvent> &events);
    // A shown incident's new peak or end: changed in place (no row moves).
    void updateIncidents(const QVector<StreamRank::AnomalyIncidentUpdate> &updates);
    // Reloads the stored events for the current filter (off the GUI thread).
    void reload();
    void setNow(qint64 nowMs) { m_nowMs = nowMs; }
    // Inserts the held-back live incidents (the bar's Show), keeping the
    // selection and the rows the user was looking at.
    void showPending();

Q_SIGNALS:
    void acknowledgeRequested(const QVector<qint64> &eventIds);
    void eventActivated(const StreamRank::AnomalyEvent &event);
    // Right-click: chart the event's channel (channel) or its broadcast,
    // or pin it for comparison (compare).
    void chartRequested(const StreamRank::AnomalyEvent &event, bool channel, bool compare);
    void unacknowledgedChanged(int count);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void acknowledge(bool allShown);
    void acknowledgeIds(const QVector<qint64> &ids);
    // The unacknowledged events of the selected rows (an incident: all its own).
    QVector<qint64> selectedUnacknowledged() const;
    QModelIndex toSource(const QModelIndex &viewIndex) const;
    QModelIndex toView(const QModelIndex &sourceIndex) const;
    // Scrolled away from the top, a selection, or the mouse over the rows.
    bool userIsReading() const;
    void insertKeepingView(const QVector<AnomalyEvent> &events);
    void updatePendingBar();
    void placePendingBar();
    void updateDetails();
    void updateAckButton();
    void emitUnacknowledged();
    bool selectNewestOf(Platform platform, const QString &streamId);

    IncidentSource m_source;
    AlertsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_tree;
    AlertDetails *m_details;
    QSplitter *m_splitter;
    QFrame *m_newBar;
    QLabel *m_newLabel;
    QPushButton *m_showNew;
    QComboBox *m_range;
    QComboBox *m_platform;
    QComboBox *m_strategy;
    QLineEdit *m_text;
    QDoubleSpinBox *m_minScore;
    QPushButton *m_ackSelected;
    QPushButton *m_ackAll;
    QTimer *m_reloadDebounce;
    QFutureWatcher<QVector<AnomalyIncident>> m_watcher;
    bool m_reloadPending = false;
    qint64 m_nowMs = 0;
    QVector<AnomalyEvent> m_pending; // live alerts behind the bar, newest first
    // The ⚠'s stream, selected when the widened filter's incidents arrive.
    std::optional<std::pair<Platform, QString>> m_selectAfterLoad;
    // The selection and the expanded incidents across a reload (a reset), by KeyRole.
    QStringList m_keptSelection;
    QStringList m_keptExpanded;
    QString m_keptCurrent;
};

} // namespace StreamRank
