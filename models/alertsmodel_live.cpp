// AlertsModel: loading a scope, live events and incident updates,
// acknowledgement, each as the smallest set of row signals.
#include "alertsmodel.h"

#include <QSet>

#include <algorithm>

namespace StreamRank {

namespace {
// Updates of incidents whose first event has not arrived yet: a few at a
// time in practice; the cap only bounds a stream of them that never do.
constexpr int MaxEarlyUpdates = 1000;

void apply(AnomalyIncident &incident, const AnomalyIncidentUpdate &u)
{
    incident.peakViewers = u.peakViewers;
    incident.peakMs = u.peakMs;
    incident.endMs = u.endMs;
}
} // namespace

bool AlertsModel::settleAcknowledged(AnomalyIncident &incident)
{
    const bool all = !incident.events.isEmpty() &&
                     std::all_of(incident.events.cbegin(), incident.events.cend(),
                                 [](const AnomalyEvent &e) { return e.acknowledged; });
    return std::exchange(incident.acknowledged, all) != all;
}

void AlertsModel::setFilter(const AnomalyEventFilter &filter)
{
    m_filter = filter;
}

void AlertsModel::setIncidents(QVector<AnomalyIncident> incidents)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(incidents.size());
    for (AnomalyIncident &incident : incidents) {
        // Acknowledged as far as the rows shown say: that is what the box acts on.
        settleAcknowledged(incident);
        m_earlyUpdates.remove(keyOf(incident)); // what was stored is newer
        m_rows.push_back({std::move(incident), m_nextSerial++});
    }
    reindex();
    endResetModel();
}

void AlertsModel::addEvents(const QVector<AnomalyEvent> &events)
{
    QVector<AnomalyEvent> accepted;
    for (const AnomalyEvent &e : events)
        if (m_filter.accepts(e) && (e.id == 0 || !m_placeOfId.contains(e.id)))
            accepted.push_back(e);
    if (accepted.isEmpty())
        return;
    std::stable_sort(
        accepted.begin(), accepted.end(),
        [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.timeMs < b.timeMs; });

    // Escalations of shown incidents: children appended, the incident's row
    // changed (its score, strategies, perhaps its peak).
    QHash<int, QVector<AnomalyEvent>> joining;
    QVector<QString> openedOrder;
    QHash<QString, QVector<AnomalyEvent>> opened;
    for (const AnomalyEvent &e : std::as_const(accepted)) {
        const QString key = incidentKeyOf(e);
        const int row = m_rowOfKey.value(key, -1);
        if (row >= 0) {
            joining[row].push_back(e);
        } else {
            if (!opened.contains(key))
                openedOrder.push_back(key);
            opened[key].push_back(e);
        }
    }
    QVector<int> changed;
    for (auto it = joining.cbegin(); it != joining.cend(); ++it) {
        const int row = it.key();
        AnomalyIncident &incident = m_rows[row].incident;
        const int first = static_cast<int>(incident.events.size());
        beginInsertRows(index(row, 0), first, first + static_cast<int>(it->size()) - 1);
        for (const AnomalyEvent &e : *it) {
            incident.events.push_back(e);
            // The stored updates say the peak between events; an event
            // above it is newer than the last update.
            if (e.observedViewers > incident.peakViewers) {
                incident.peakViewers = e.observedViewers;
                incident.peakMs = e.timeMs;
            }
        }
        settleAcknowledged(incident);
        indexEvents(row);
        endInsertRows();
        changed.push_back(row);
    }
    emitRowRuns(changed, {},
                {Qt::DisplayRole, Qt::ToolTipRole, Qt::CheckStateRole, Qt::FontRole,
                 Qt::ForegroundRole, SortRole, AcknowledgedRole});

    if (openedOrder.isEmpty())
        return;
    QVector<Row> added;
    for (const QString &key : std::as_const(openedOrder)) {
        const QVector<AnomalyEvent> &list = opened[key];
        const AnomalyEvent &e = list.constFirst();
        AnomalyIncident incident;
        incident.platform = e.platform;
        incident.streamId = e.streamId;
        incident.channelLogin = e.channelLogin;
        incident.channelName = e.channelName;
        incident.channelId = e.channelId;
        incident.startMs = e.incidentStartMs > 0 ? e.incidentStartMs : e.timeMs;
        incident.baselineViewers = e.baselineViewers;
        incident.events = list;
        for (const AnomalyEvent &x : list) {
            if (x.observedViewers > incident.peakViewers) {
                incident.peakViewers = x.observedViewers;
                incident.peakMs = x.timeMs;
            }
        }
        if (const auto early = m_earlyUpdates.constFind(key); early != m_earlyUpdates.cend()) {
            apply(incident, *early);
            m_earlyUpdates.erase(early);
        }
        settleAcknowledged(incident);
        added.push_back({std::move(incident), m_nextSerial++});
    }
    std::stable_sort(added.begin(), added.end(), [](const Row &a, const Row &b) {
        return a.incident.startMs > b.incident.startMs;
    });
    beginInsertRows({}, 0, static_cast<int>(added.size()) - 1);
    m_rows = added + m_rows;
    reindex();
    endInsertRows();
}

void AlertsModel::applyIncidentUpdates(const QVector<AnomalyIncidentUpdate> &updates)
{
    QVector<int> rows;
    for (const AnomalyIncidentUpdate &u : updates) {
        const QString key = incidentKey(u.platform, u.streamId, u.startMs);
        const int row = m_rowOfKey.value(key, -1);
        if (row < 0) {
            if (m_earlyUpdates.size() >= MaxEarlyUpdates)
                m_earlyUpdates.clear();
            m_earlyUpdates.insert(key, u);
            continue;
        }
        apply(m_rows[row].incident, u);
        rows.push_back(row);
    }
    emitRowRuns(rows, {}, {Qt::DisplayRole, Qt::ToolTipRole, SortRole});
}

void AlertsModel::markAcknowledged(const QVector<qint64> &ids, bool acknowledged)
{
    QHash<int, QVector<int>> children; // incident row → changed child rows
    for (qint64 id : ids) {
        const auto place = m_placeOfId.constFind(id);
        if (place == m_placeOfId.cend())
            continue;
        const int row = m_rowOfSerial.value(place->first);
        AnomalyEvent &e = m_rows[row].incident.events[place->second];
        if (e.acknowledged == acknowledged)
            continue;
        e.acknowledged = acknowledged;
        children[row].push_back(place->second);
    }
    const QList<int> roles{Qt::DisplayRole, Qt::CheckStateRole, Qt::FontRole,    Qt::ForegroundRole,
                           Qt::ToolTipRole, SortRole,           AcknowledgedRole};
    QVector<int> incidents;
    for (auto it = children.cbegin(); it != children.cend(); ++it) {
        emitRowRuns(*it, index(it.key(), 0), roles);
        if (settleAcknowledged(m_rows[it.key()].incident))
            incidents.push_back(it.key());
    }
    // One dataChanged per run of incident rows (a bulk acknowledgement of
    // a selection is mostly a few runs).
    emitRowRuns(incidents, {}, roles);
}

void AlertsModel::refreshTimeTexts()
{
    if (m_rows.isEmpty())
        return;
    // SortRole is the epoch time, the same in every zone. The summary
    // holds the peak's time.
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                       {Qt::DisplayRole, Qt::ToolTipRole});
    for (int row = 0; row < m_rows.size(); ++row) {
        const QModelIndex parent = index(row, 0);
        const int n = rowCount(parent);
        if (n > 0)
            Q_EMIT dataChanged(index(0, TimeColumn, parent), index(n - 1, TimeColumn, parent),
                               {Qt::DisplayRole});
    }
}

void AlertsModel::emitRowRuns(QVector<int> rows, const QModelIndex &parent, const QList<int> &roles)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype last = i;
        while (last + 1 < rows.size() && rows[last + 1] == rows[last] + 1)
            ++last;
        Q_EMIT dataChanged(index(rows[i], 0, parent), index(rows[last], ColumnCount - 1, parent),
                           roles);
        i = last + 1;
    }
}

void AlertsModel::indexEvents(int row)
{
    const Row &r = m_rows.at(row);
    for (int child = 0; child < r.incident.events.size(); ++child)
        if (const qint64 id = r.incident.events.at(child).id; id != 0)
            m_placeOfId.insert(id, {r.serial, child});
}

void AlertsModel::reindex()
{
    m_rowOfSerial.clear();
    m_rowOfKey.clear();
    m_placeOfId.clear();
    for (int row = 0; row < m_rows.size(); ++row) {
        m_rowOfSerial.insert(m_rows.at(row).serial, row);
        m_rowOfKey.insert(keyOf(m_rows.at(row).incident), row);
        indexEvents(row);
    }
}

} // namespace StreamRank
