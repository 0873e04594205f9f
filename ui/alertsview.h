#pragma once
// The alerts view (live insertion in alertsview_live.cpp): stored and live anomaly events with
// filters (date range, platform, channel text, strategy, minimum score), a detail pane with the
// selected alert in full, acknowledgement of one or many (the Ack box, Space,
// the buttons), double-click to open the stream's chart at that moment, and a
// right-click menu to chart the channel or pin either for comparison. Live
// alerts wait behind an "N new alerts — Show" bar while the user is reading
// (scrolled down, a selection, the mouse over the rows), so no row moves
// under the cursor.

#include "anomalytypes.h"

#include <QFutureWatcher>
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
class QTableView;
class QTimer;

namespace StreamRank {

class AlertDetails;
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
    AlertDetails *details() const { return m_details; }
    AnomalyEventFilter currentFilter(qint64 nowMs) const;
    // Puts the cursor in the channel search box (Ctrl+F).
    void focusSearch();
    // Live alerts held back while the user reads (see the class comment).
    int pendingCount() const { return static_cast<int>(m_pending.size()); }
    // The ranking's ⚠: selects the stream's newest alert. Held-back alerts
    // are shown first; if the filters hide the stream's alerts they are
    // widened to that stream (its id in the search box) and it is selected
    // once loaded.
    void showNewestAlertOf(StreamRank::Platform platform, const QString &streamId);

public Q_SLOTS:
    void addEvents(const QVector<StreamRank::AnomalyEvent> &events);
    // Reloads the stored events for the current filter (off the GUI thread).
    void reload();
    void setNow(qint64 nowMs) { m_nowMs = nowMs; }
    // Inserts the held-back live alerts (the bar's Show), keeping the
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
    QVector<qint64> selectedUnacknowledged() const;
    // Scrolled away from the top, a selection, or the mouse over the rows.
    bool userIsReading() const;
    void insertKeepingView(const QVector<AnomalyEvent> &events);
    void updatePendingBar();
    void placePendingBar();
    void updateDetails();
    void updateAckButton();
    void emitUnacknowledged();
    bool selectNewestOf(Platform platform, const QString &streamId);

    EventSource m_source;
    AlertsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
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
    QFutureWatcher<QVector<AnomalyEvent>> m_watcher;
    bool m_reloadPending = false;
    qint64 m_nowMs = 0;
    QVector<AnomalyEvent> m_pending; // live alerts behind the bar, newest first
    // The ⚠'s stream, selected when the widened filter's events arrive.
    std::optional<std::pair<Platform, QString>> m_selectAfterLoad;
    // The selection across a reload (a reset), by event id.
    QVector<qint64> m_keptSelection;
    qint64 m_keptCurrent = 0;
};

} // namespace StreamRank
