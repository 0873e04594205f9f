// AlertsView: live incidents — inserted at once, or held behind the
// "N new incidents — Show" bar while the user reads — live incident
// updates, and the ranking's ⚠, which finds a stream's newest incident.
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
#include <QTimer>
#include <QTreeView>

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
    QVector<AnomalyEvent> now;
    for (const AnomalyEvent &e : events) {
        if (!m_model->filter().accepts(e) || m_model->indexOfEvent(e.id).isValid() ||
            held.contains(e.id))
            continue;
        // An escalation of a shown, collapsed incident changes that row in
        // place: no row moves. Under an expanded one it would add a row.
        const int row = m_model->rowOfIncident(AlertsModel::incidentKeyOf(e));
        if (row >= 0 && !m_tree->isExpanded(toView(m_model->index(row, 0)))) {
            now.push_back(e);
            continue;
        }
        m_pending.push_back(e);
        held.insert(e.id);
    }
    m_model->addEvents(now);
    std::stable_sort(
        m_pending.begin(), m_pending.end(),
        [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.timeMs > b.timeMs; });
    updatePendingBar();
    emitUnacknowledged();
}

void AlertsView::updateIncidents(const QVector<AnomalyIncidentUpdate> &updates)
{
    // In place: one dataChanged a shown incident, the selection and the
    // scroll position untouched. Updates of held-back incidents wait in
    // the model for their first alert.
    m_model->applyIncidentUpdates(updates);
}

int AlertsView::pendingCount() const
{
    QSet<QString> incidents;
    for (const AnomalyEvent &e : m_pending) {
        const QString key = AlertsModel::incidentKeyOf(e);
        if (m_model->rowOfIncident(key) < 0)
            incidents.insert(key);
    }
    return static_cast<int>(incidents.size());
}

int AlertsView::pendingJoinCount() const
{
    return static_cast<int>(
        std::count_if(m_pending.cbegin(), m_pending.cend(), [this](const auto &e) {
            return m_model->rowOfIncident(AlertsModel::incidentKeyOf(e)) >= 0;
        }));
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
    return m_tree->verticalScrollBar()->value() > 0 || m_tree->selectionModel()->hasSelection() ||
           m_tree->viewport()->underMouse();
}

void AlertsView::insertKeepingView(const QVector<AnomalyEvent> &events)
{
    // The row at the top of the viewport stays there, unless the view was
    // at the top: then the new rows show. The selection follows its rows
    // (persistent indexes) by itself.
    const bool atTop = m_tree->verticalScrollBar()->value() == 0;
    const QString anchor = m_tree->indexAt(QPoint(0, 0)).data(AlertsModel::KeyRole).toString();
    m_model->addEvents(events);
    if (atTop || anchor.isEmpty())
        return;
    if (const QModelIndex at = toView(m_model->indexOfKey(anchor)); at.isValid()) {
        const int x = m_tree->horizontalScrollBar()->value();
        m_tree->scrollTo(at, QAbstractItemView::PositionAtTop);
        m_tree->horizontalScrollBar()->setValue(x);
    }
}

void AlertsView::updatePendingBar()
{
    const int incidents = pendingCount();
    const int joins = pendingJoinCount();
    const QLocale locale;
    QString text;
    if (joins == 0)
        text = incidents == 1 ? tr("1 new incident —")
                              : tr("%1 new incidents —").arg(locale.toString(incidents));
    else if (incidents == 0)
        text = joins == 1 ? tr("1 new alert in an open incident —")
                          : tr("%1 new alerts in open incidents —").arg(locale.toString(joins));
    else
        text = tr("%1 new incidents, %2 more alerts —")
                   .arg(locale.toString(incidents), locale.toString(joins));
    m_newLabel->setText(text);
    m_newBar->setVisible(!m_pending.isEmpty());
    if (!m_pending.isEmpty())
        placePendingBar();
}

void AlertsView::placePendingBar()
{
    // Centred just under the tree's header.
    m_newBar->adjustSize();
    const QPoint origin = m_tree->mapTo(this, QPoint(0, m_tree->header()->height()));
    m_newBar->move(origin.x() + (m_tree->width() - m_newBar->width()) / 2, origin.y() + 6);
    m_newBar->raise();
}

void AlertsView::emitUnacknowledged()
{
    // Incidents, as the rows are: held-back new ones are unacknowledged.
    Q_EMIT unacknowledgedChanged(m_model->unacknowledgedCount() + pendingCount());
}

void AlertsView::showNewestIncidentOf(Platform platform, const QString &streamId)
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
        const AnomalyIncident &i = m_model->incidentAt(row);
        if (i.platform == platform && i.streamId == streamId &&
            (newest < 0 || i.startMs > m_model->incidentAt(newest).startMs))
            newest = row;
    }
    if (newest < 0)
        return false;
    const QModelIndex at = toView(m_model->index(newest, 0));
    m_tree->expand(at);
    m_tree->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    m_tree->scrollTo(at);
    m_tree->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace StreamRank
