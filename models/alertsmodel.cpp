#include "alertsmodel.h"

#include "clock.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace StreamRank {

QString rawScoreMeaning(const AnomalyEvent &e)
{
    const QString minutes = QString::number(e.lookbackMinutes);
    switch (e.strategy) {
    case AnomalyStrategy::ZScore:
        return AlertsModel::tr("Standard deviations (σ) above the %1-minute mean").arg(minutes);
    case AnomalyStrategy::PercentChange:
        return AlertsModel::tr("Percent above the %1-minute mean").arg(minutes);
    case AnomalyStrategy::MovingAverage:
        return AlertsModel::tr("Band half-widths above the moving average (%1-minute lookback)")
            .arg(minutes);
    case AnomalyStrategy::Quantile:
        return AlertsModel::tr("Upper spreads (95th − 50th percentile) above the %1-minute "
                               "95th percentile")
            .arg(minutes);
    }
    return {};
}

QString rawScoreText(const AnomalyEvent &e)
{
    const QLocale locale;
    switch (e.strategy) {
    case AnomalyStrategy::ZScore:
        return locale.toString(e.rawScore, 'f', 1) + QStringLiteral("σ");
    case AnomalyStrategy::PercentChange:
        // A rise is what alerts are for: its sign is written out.
        return (e.rawScore > 0 ? QStringLiteral("+") : QString()) +
               locale.toString(e.rawScore, 'f', 0) + QStringLiteral(" %");
    case AnomalyStrategy::MovingAverage:
        return AlertsModel::tr("%1 bands").arg(locale.toString(e.rawScore, 'f', 1));
    case AnomalyStrategy::Quantile:
        return AlertsModel::tr("%1 spreads").arg(locale.toString(e.rawScore, 'f', 1));
    }
    return locale.toString(e.rawScore, 'f', 2);
}

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
    if (role == Qt::ToolTipRole) {
        if (column == RawColumn)
            return rawScoreMeaning(e);
        if (column == AcknowledgedColumn)
            return e.acknowledged ? tr("Acknowledged")
                                  : tr("Click to acknowledge (Space acknowledges the selected "
                                       "alerts)");
        return e.sentence();
    }
    if (role == Qt::CheckStateRole && column == AcknowledgedColumn)
        return e.acknowledged ? Qt::Checked : Qt::Unchecked;
    // Unread alerts in bold, acknowledged ones in the palette's secondary
    // text colour: the state is seen without reading the Ack column.
    if (role == Qt::FontRole && !e.acknowledged) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ForegroundRole && e.acknowledged)
        return QGuiApplication::palette().brush(QPalette::Active, QPalette::PlaceholderText);
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
        return rawScoreText(e);
    case ScoreColumn:
        return QString::number(qRound(e.score));
    case AcknowledgedColumn:
        return QString(); // the checkbox says it
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

Qt::ItemFlags AlertsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    // Only an unacknowledged row's box can be checked: there is no way back.
    if (index.isValid() && index.column() == AcknowledgedColumn &&
        !m_events.at(index.row()).acknowledged)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool AlertsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::CheckStateRole || index.column() != AcknowledgedColumn)
        return false;
    const AnomalyEvent &e = m_events.at(index.row());
    // An event without a database id could not be stored as acknowledged.
    if (value.value<Qt::CheckState>() != Qt::Checked || e.acknowledged || e.id == 0)
        return false;
    const qint64 id = e.id;
    markAcknowledged({id});
    Q_EMIT checkedByUser(id);
    return true;
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
    QVector<int> rows;
    for (qint64 id : ids) {
        const int row = m_rowOfId.value(id, -1);
        if (row < 0 || m_events[row].acknowledged == acknowledged)
            continue;
        m_events[row].acknowledged = acknowledged;
        rows.push_back(row);
    }
    // One dataChanged per run of adjacent rows (a bulk acknowledgement of
    // a selection is mostly a few runs).
    std::sort(rows.begin(), rows.end());
    const QList<int> roles{Qt::DisplayRole, Qt::CheckStateRole, Qt::FontRole,    Qt::ForegroundRole,
                           Qt::ToolTipRole, SortRole,           AcknowledgedRole};
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype last = i;
        while (last + 1 < rows.size() && rows[last + 1] == rows[last] + 1)
            ++last;
        Q_EMIT dataChanged(index(rows[i], 0), index(rows[last], ColumnCount - 1), roles);
        i = last + 1;
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
