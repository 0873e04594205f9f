// AlertsModel: the tree's structure, what each cell shows, the Ack box
// (live changes in alertsmodel_live.cpp).
#include "alertsmodel.h"

#include "clock.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace StreamRank {

namespace {
// A top-level (incident) index carries no id; a child carries its
// incident's serial.
constexpr quintptr IncidentLevel = 0;

QString channelText(const QString &name, const QString &login)
{
    return name.isEmpty() ? login : name;
}
} // namespace

AlertsModel::AlertsModel(QObject *parent) : QAbstractItemModel(parent) {}

QString AlertsModel::incidentKey(Platform platform, const QString &streamId, qint64 startMs)
{
    return QStringLiteral("i:") + platformCode(platform) + QLatin1Char(':') + streamId +
           QLatin1Char(':') + QString::number(startMs);
}

QString AlertsModel::keyOf(const AnomalyIncident &i)
{
    return incidentKey(i.platform, i.streamId, i.startMs);
}

QString AlertsModel::incidentKeyOf(const AnomalyEvent &e)
{
    // Events from before incidents were recorded open their own.
    return incidentKey(e.platform, e.streamId,
                       e.incidentStartMs > 0 ? e.incidentStartMs : e.timeMs);
}

QModelIndex AlertsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_rows.size() ? createIndex(row, column, IncidentLevel) : QModelIndex();
    if (parent.internalId() != IncidentLevel || parent.column() != 0 ||
        parent.row() >= m_rows.size())
        return {};
    const Row &owner = m_rows.at(parent.row());
    if (row >= owner.incident.events.size())
        return {};
    return createIndex(row, column, owner.serial);
}

QModelIndex AlertsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == IncidentLevel)
        return {};
    const int row = m_rowOfSerial.value(child.internalId(), -1);
    return row < 0 ? QModelIndex() : createIndex(row, 0, IncidentLevel);
}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_rows.size());
    if (parent.column() != 0 || parent.internalId() != IncidentLevel)
        return 0;
    return static_cast<int>(m_rows.at(parent.row()).incident.events.size());
}

int AlertsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool AlertsModel::isIncident(const QModelIndex &index) const
{
    return index.isValid() && index.internalId() == IncidentLevel;
}

const AnomalyIncident &AlertsModel::incidentOf(const QModelIndex &index) const
{
    if (isIncident(index))
        return m_rows.at(index.row()).incident;
    return m_rows.at(m_rowOfSerial.value(index.internalId())).incident;
}

const AnomalyEvent &AlertsModel::eventOf(const QModelIndex &index) const
{
    const AnomalyIncident &incident = incidentOf(index);
    return isIncident(index) ? incident.bestEvent() : incident.events.at(index.row());
}

QModelIndex AlertsModel::indexOfEvent(qint64 id) const
{
    const auto place = m_placeOfId.constFind(id);
    if (place == m_placeOfId.cend())
        return {};
    return createIndex(place->second, 0, place->first);
}

QModelIndex AlertsModel::indexOfKey(const QString &key) const
{
    if (key.startsWith(u"e:"))
        return indexOfEvent(key.mid(2).toLongLong());
    const int row = m_rowOfKey.value(key, -1);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QVector<qint64> AlertsModel::unacknowledgedIds(const QModelIndex &index) const
{
    QVector<qint64> ids;
    if (!index.isValid())
        return ids;
    if (!isIncident(index)) {
        const AnomalyEvent &e = eventOf(index);
        if (!e.acknowledged && e.id != 0)
            ids.push_back(e.id);
        return ids;
    }
    for (const AnomalyEvent &e : incidentOf(index).events)
        if (!e.acknowledged && e.id != 0)
            ids.push_back(e.id);
    return ids;
}

int AlertsModel::eventCount() const
{
    return static_cast<int>(m_placeOfId.size());
}

int AlertsModel::unacknowledgedCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(),
                                          [](const Row &r) { return !r.incident.acknowledged; }));
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AnomalyIncident &incident = incidentOf(index);
    const bool top = isIncident(index);
    const bool acknowledged =
        top ? incident.acknowledged : incident.events.at(index.row()).acknowledged;
    const int column = index.column();
    switch (role) {
    case IsIncidentRole:
        return top;
    case AcknowledgedRole:
        return acknowledged;
    case EventIdRole:
        return top ? qint64(0) : incident.events.at(index.row()).id;
    case KeyRole:
        return top ? keyOf(incident)
                   : QStringLiteral("e:") + QString::number(incident.events.at(index.row()).id);
    case Qt::CheckStateRole:
        if (column != AcknowledgedColumn)
            return {};
        return acknowledged ? Qt::Checked : Qt::Unchecked;
    // Unread rows in bold, acknowledged ones in the palette's secondary
    // text colour: the state is seen without reading the Ack column.
    case Qt::FontRole:
        if (acknowledged)
            return {};
        else {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
    case Qt::ForegroundRole:
        if (!acknowledged)
            return {};
        return QGuiApplication::palette().brush(QPalette::Active, QPalette::PlaceholderText);
    case Qt::TextAlignmentRole:
        switch (column) {
        case ObservedColumn:
        case BaselineColumn:
        case DurationColumn:
        case RawColumn:
        case ScoreColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        if (column == AcknowledgedColumn)
            return acknowledged
                       ? tr("Acknowledged")
                       : (top ? tr("Click to acknowledge the incident's alerts (Space "
                                   "acknowledges the selected rows)")
                              : tr("Click to acknowledge (Space acknowledges the selected rows)"));
        break;
    default:
        break;
    }
    return top ? incidentData(incident, column, role)
               : eventData(incident.events.at(index.row()), column, role);
}

QVariant AlertsModel::incidentData(const AnomalyIncident &i, int column, int role) const
{
    if (role == Qt::ToolTipRole) {
        if (column == StrategyColumn)
            return strategyScoresText(i);
        return incidentSummaryText(i);
    }
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return i.startMs;
        case PlatformColumn:
            return platformCode(i.platform);
        case ChannelColumn:
            return channelText(i.channelName, i.channelLogin).toCaseFolded();
        case StrategyColumn:
            return i.strategyCodes();
        case ObservedColumn:
            return i.peakViewers;
        case BaselineColumn:
            return i.baselineViewers;
        case DurationColumn:
            return incidentDurationMs(i);
        case RawColumn:
            return i.bestEvent().rawScore;
        case ScoreColumn:
            return i.maxScore();
        case AcknowledgedColumn:
            return i.acknowledged;
        case SentenceColumn:
            return i.bestEvent().sentence();
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    static const QLocale locale;
    switch (column) {
    case TimeColumn:
        return localTimeText(i.startMs);
    case PlatformColumn:
        return platformDisplayName(i.platform);
    case ChannelColumn:
        return channelText(i.channelName, i.channelLogin);
    case StrategyColumn:
        return incidentStrategiesText(i);
    case ObservedColumn:
        return incidentPeakText(i);
    case BaselineColumn:
        return locale.toString(qRound64(i.baselineViewers));
    case DurationColumn:
        return incidentDurationText(i);
    case RawColumn:
        return QString(); // per event, in its strategy's unit
    case ScoreColumn:
        return QString::number(qRound(i.maxScore()));
    case AcknowledgedColumn:
        return QString(); // the checkbox says it
    case SentenceColumn:
        // The best alert's sentence: the peak, baseline and duration have
        // their columns already (the whole summary is the tooltip).
        return i.bestEvent().sentence();
    default:
        return {};
    }
}

QVariant AlertsModel::eventData(const AnomalyEvent &e, int column, int role) const
{
    if (role == Qt::ToolTipRole)
        return column == RawColumn ? rawScoreMeaning(e) : e.sentence();
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return e.timeMs;
        case PlatformColumn:
            return platformCode(e.platform);
        case ChannelColumn:
            return channelText(e.channelName, e.channelLogin).toCaseFolded();
        case StrategyColumn:
            return strategyCode(e.strategy);
        case ObservedColumn:
            return e.observedViewers;
        case BaselineColumn:
            return e.baselineViewers;
        case DurationColumn:
            return e.timeMs; // within an incident: in order
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
        return channelText(e.channelName, e.channelLogin);
    case StrategyColumn:
        return strategyDisplayName(e.strategy);
    case ObservedColumn:
        return locale.toString(e.observedViewers);
    case BaselineColumn:
        return locale.toString(qRound64(e.baselineViewers));
    case DurationColumn:
        return QString();
    case RawColumn:
        return rawScoreText(e);
    case ScoreColumn:
        return QString::number(qRound(e.score));
    case AcknowledgedColumn:
        return QString();
    case SentenceColumn:
        return e.sentence();
    default:
        return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeColumn:
            return tr("An incident's start; an alert's census");
        case StrategyColumn:
            return tr("The strategies that fired in an incident; an alert's strategy");
        case ObservedColumn:
            return tr("An incident's peak viewers and its multiple of the baseline; the viewers "
                      "an alert saw");
        case DurationColumn:
            return tr("From the first alert to the census back within the band");
        case RawColumn:
            return tr("An alert's raw score in its strategy's unit");
        case ScoreColumn:
            return tr("0–100: an incident's highest alert score");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
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
        return tr("Viewers");
    case BaselineColumn:
        return tr("Baseline");
    case DurationColumn:
        return tr("Duration");
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
    Qt::ItemFlags f = QAbstractItemModel::flags(index);
    // Only an unacknowledged row's box can be checked: there is no way back.
    if (index.isValid() && index.column() == AcknowledgedColumn &&
        !unacknowledgedIds(index).isEmpty())
        f |= Qt::ItemIsUserCheckable;
    if (isIncident(index) || !index.isValid())
        return f;
    return f | Qt::ItemNeverHasChildren;
}

bool AlertsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::CheckStateRole ||
        index.column() != AcknowledgedColumn || value.value<Qt::CheckState>() != Qt::Checked)
        return false;
    // An event without a database id could not be stored as acknowledged.
    const QVector<qint64> ids = unacknowledgedIds(index);
    if (ids.isEmpty())
        return false;
    markAcknowledged(ids);
    Q_EMIT checkedByUser(ids);
    return true;
}

} // namespace StreamRank
