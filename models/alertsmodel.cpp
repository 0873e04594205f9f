#include "alertsmodel.h"

#include "clock.h"

#include <QFont>
#include <QLocale>

#include <algorithm>

namespace StreamRank {

AlertsModel::AlertsModel(QObject *parent) : QAbstractTableModel(parent) {}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AnomalyEvent &e = m_events.at(index.row());
    const int column = index.column();
    if (role == EventIdRole)
        return e.id;
    if (role == AcknowledgedRole)
        return e.acknowledged;
    if (role == Qt::ToolTipRole)
        return e.sentence();
    if (role == Qt::CheckStateRole && column == AcknowledgedColumn)
        return e.acknowledged ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::FontRole && !e.acknowledged) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
        case ObservedColumn:
        case BaselineColumn:
        case RawColumn:
        case ScoreColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return e.timeMs;
        case PlatformColumn:
            return platformCode(e.platform);
        case ChannelColumn:
            return (e.channelName.isEmpty() ? e.channelLogin : e.channelName).toCaseFolded();
        case StrategyColumn:
            return strategyCode(e.strategy);
        case ObservedColumn:
            return e.observedViewers;
        case BaselineColumn:
            return e.baselineViewers;
        case RawColumn:
            return e.rawScore;
        case ScoreColumn:
            return e.score;
        case AcknowledgedColumn:
            return e.acknowledged;
        case SentenceColumn:
            return e.sentence();
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    static const QLocale locale;
    switch (column) {
    case TimeColumn:
        return localTimeText(e.timeMs);
    case PlatformColumn:
        return platformDisplayName(e.platform);
    case ChannelColumn:
        return e.channelName.isEmpty() ? e.channelLogin : e.channelName;
    case StrategyColumn:
        return strategyDisplayName(e.strategy);
    case ObservedColumn:
        return locale.toString(e.observedViewers);
    case BaselineColumn:
        return locale.toString(qRound64(e.baselineViewers));
    case RawColumn:
        return QString::number(e.rawScore, 'f', 2);
    case ScoreColumn:
        return QString::number(qRound(e.score));
    case AcknowledgedColumn:
        return e.acknowledged ? tr("yes") : QString();
    case SentenceColumn:
        return e.sentence();
    default:
        return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case PlatformColumn:
        return tr("Platform");
    case ChannelColumn:
        return tr("Channel");
    case StrategyColumn:
        return tr("Strategy");
    case ObservedColumn:
        return tr("Observed");
    case BaselineColumn:
        return tr("Baseline");
    case RawColumn:
        return tr("Raw");
    case ScoreColumn:
        return tr("Score");
    case AcknowledgedColumn:
        return tr("Ack");
    case SentenceColumn:
        return tr("What happened");
    default:
        return {};
    }
}

void AlertsModel::setFilter(const AnomalyEventFilter &filter)
{
    m_filter = filter;
}

void AlertsModel::setEvents(QVector<AnomalyEvent> events)
{
    beginResetModel();
    m_events = std::move(events);
    reindex();
    endResetModel();
}

void AlertsModel::addEvents(const QVector<AnomalyEvent> &events)
{
    QVector<AnomalyEvent> accepted;
    for (const AnomalyEvent &e : events)
        if (m_filter.accepts(e) && !m_rowOfId.contains(e.id))
            accepted.push_back(e);
    if (accepted.isEmpty())
        return;
    std::sort(accepted.begin(), accepted.end(),
              [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.timeMs > b.timeMs; });
    beginInsertRows({}, 0, static_cast<int>(accepted.size()) - 1);
    m_events = accepted + m_events;
    reindex();
    endInsertRows();
}

void AlertsModel::markAcknowledged(const QVector<qint64> &ids, bool acknowledged)
{
    for (qint64 id : ids) {
        const int row = m_rowOfId.value(id, -1);
        if (row < 0 || m_events[row].acknowledged == acknowledged)
            continue;
        m_events[row].acknowledged = acknowledged;
        Q_EMIT dataChanged(
            index(row, 0), index(row, ColumnCount - 1),
            {Qt::DisplayRole, Qt::CheckStateRole, Qt::FontRole, SortRole, AcknowledgedRole});
    }
}

void AlertsModel::refreshTimeTexts()
{
    if (m_events.isEmpty())
        return;
    // SortRole is the epoch time, the same in every zone.
    Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

int AlertsModel::unacknowledgedCount() const
{
    return static_cast<int>(std::count_if(m_events.cbegin(), m_events.cend(),
                                          [](const AnomalyEvent &e) { return !e.acknowledged; }));
}

void AlertsModel::reindex()
{
    m_rowOfId.clear();
    for (int i = 0; i < m_events.size(); ++i)
        if (m_events[i].id != 0)
            m_rowOfId.insert(m_events[i].id, i);
}

} // namespace StreamRank
