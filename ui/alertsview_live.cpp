// AlertsView: live alerts — inserted at once, or held behind the
// "N new alerts — Show" bar while the user reads — and the ranking's ⚠,
// which finds a stream's newest alert.
#include "alertsview.h"

#include "alertdetails.h"
#include "alertsmodel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace StreamRank {

namespace {
constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
}

void AlertsView::addEvents(const QVector<AnomalyEvent> &events)
{
    if (!userIsReading()) {
        // At the top, nothing selected, the mouse elsewhere: in at once,
        // with any held back before.
        QVector<AnomalyEvent> all = m_pending + events;
        m_pending.clear();
        insertKeepingView(all);
        updatePendingBar();
        emitUnacknowledged();
        return;
    }
    QSet<qint64> held;
    for (const AnomalyEvent &e : std::as_const(m_pending))
        held.insert(e.id);
    for (const AnomalyEvent &e : events) {
        if (m_model->filter().accepts(e) && m_model->rowOfId(e.id) < 0 && !held.contains(e.id)) {
            m_pending.push_back(e);
            held.insert(e.id);
        }
    }
    std::stable_sort(
        m_pending.begin(), m_pending.end(),
        [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.timeMs > b.timeMs; });
    updatePendingBar();
    emitUnacknowledged();
}

void AlertsView::showPending()
{
    if (m_pending.isEmpty())
        return;
    const QVector<AnomalyEvent> events = std::exchange(m_pending, {});
    insertKeepingView(events);
    updatePendingBar();
    emitUnacknowledged();
}

bool AlertsView::userIsReading() const
{
    return m_table->verticalScrollBar()->value() > 0 || m_table->selectionModel()->hasSelection() ||
           m_table->viewport()->underMouse();
}

void AlertsView::insertKeepingView(const QVector<AnomalyEvent> &events)
{
    // The row at the top of the viewport stays there, unless the view was
    // at the top: then the new rows show. The selection follows its rows
    // (persistent indexes) by itself.
    const bool atTop = m_table->verticalScrollBar()->value() == 0;
    const QModelIndex top = m_table->indexAt(QPoint(0, 0));
    const qint64 anchor = top.isValid() ? top.data(AlertsModel::EventIdRole).toLongLong() : 0;
    m_model->addEvents(events);
    if (atTop || anchor == 0)
        return;
    const int row = m_model->rowOfId(anchor);
    if (row >= 0)
        m_table->verticalScrollBar()->setValue(
            m_proxy->mapFromSource(m_model->index(row, 0)).row());
}

void AlertsView::updatePendingBar()
{
    const int n = pendingCount();
    m_newLabel->setText(n == 1 ? tr("1 new alert —")
                               : tr("%1 new alerts —").arg(QLocale().toString(n)));
    m_newBar->setVisible(n > 0);
    if (n > 0)
        placePendingBar();
}

void AlertsView::placePendingBar()
{
    // Centred just under the table's header.
    m_newBar->adjustSize();
    const QPoint origin = m_table->mapTo(this, QPoint(0, m_table->horizontalHeader()->height()));
    m_newBar->move(origin.x() + (m_table->width() - m_newBar->width()) / 2, origin.y() + 6);
    m_newBar->raise();
}

void AlertsView::emitUnacknowledged()
{
    const auto held = std::count_if(m_pending.cbegin(), m_pending.cend(),
                                    [](const AnomalyEvent &e) { return !e.acknowledged; });
    Q_EMIT unacknowledgedChanged(m_model->unacknowledgedCount() + static_cast<int>(held));
}

void AlertsView::showNewestAlertOf(Platform platform, const QString &streamId)
{
    showPending();
    m_selectAfterLoad.reset();
    if (selectNewestOf(platform, streamId))
        return;
    // The filters hide it: widen them to this stream and select it once loaded.
    const QSignalBlocker blockers[] = {QSignalBlocker(m_range), QSignalBlocker(m_platform),
                                       QSignalBlocker(m_strategy), QSignalBlocker(m_text),
                                       QSignalBlocker(m_minScore)};
    if (m_range->currentData().toLongLong() > 0 && m_range->currentData().toLongLong() < DayMs)
        m_range->setCurrentIndex(m_range->findData(DayMs));
    m_platform->setCurrentIndex(m_platform->findData(static_cast<int>(platform)));
    m_strategy->setCurrentIndex(0);
    m_text->setText(streamId);
    m_minScore->setValue(0);
    m_selectAfterLoad = std::make_pair(platform, streamId);
    m_reloadDebounce->stop();
    reload();
}

bool AlertsView::selectNewestOf(Platform platform, const QString &streamId)
{
    int newest = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const AnomalyEvent &e = m_model->eventAt(row);
        if (e.platform == platform && e.streamId == streamId &&
            (newest < 0 || e.timeMs > m_model->eventAt(newest).timeMs))
            newest = row;
    }
    if (newest < 0)
        return false;
    const QModelIndex at = m_proxy->mapFromSource(m_model->index(newest, 0));
    m_table->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
    m_table->scrollTo(at);
    m_table->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace StreamRank
