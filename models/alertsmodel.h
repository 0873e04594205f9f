#pragma once
// Anomaly incidents as a tree: a top-level row per incident (start, peak,
// duration, the strategies that fired, the highest score), its events as
// child rows (oldest first). Loaded for the alerts view's filter; live
// events open incidents or join them, live incident updates change a
// shown incident's peak and end; acknowledgement shown per row (a checkbox
// that acknowledges, greyed text once acknowledged; an incident is
// acknowledged when all its events are). A reset happens only when the
// filter (the whole scope) changes.

#include "alerttexts.h"
#include "anomalytypes.h"

#include <QAbstractItemModel>
#include <QHash>

namespace StreamRank {

class AlertsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    // One header for both levels: an incident row fills the columns with
    // its own facts (Viewers = the peak and its multiple, Score = the
    // highest, Strategy = all that fired, Duration), an event row as a
    // table of alerts would (Raw in its strategy's unit).
    enum Column
    {
        TimeColumn,
        PlatformColumn,
        ChannelColumn,
        StrategyColumn,
        ObservedColumn,
        BaselineColumn,
        DurationColumn,
        RawColumn,
        ScoreColumn,
        AcknowledgedColumn,
        SentenceColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        EventIdRole,      // an event row's id; 0 on an incident row
        AcknowledgedRole, // bool
        IsIncidentRole,   // bool
        // Stable across reloads: "e:<id>" for an event, "i:<platform>:<stream>:<start>".
        KeyRole,
    };
    explicit AlertsModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Checking the Ack box acknowledges the row (an incident: all its
    // events) and emits checkedByUser(); unchecking is refused
    // (acknowledgement is stored one way).
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    const AnomalyEventFilter &filter() const { return m_filter; }
    // A new scope: the caller loads the matching stored incidents and hands
    // them to setIncidents(); until then live events are still filtered by it.
    void setFilter(const AnomalyEventFilter &filter);
    void setIncidents(QVector<AnomalyIncident> incidents);
    // Live events passing the filter: one that opens an incident (or joins
    // one not shown) adds an incident row at the top, one joining a shown
    // incident adds a child row and updates the incident's row.
    void addEvents(const QVector<AnomalyEvent> &events);
    // Live changes of incidents (a new peak, the end): one dataChanged per
    // shown incident. An update of an incident not shown yet is kept for
    // when its first event arrives.
    void applyIncidentUpdates(const QVector<AnomalyIncidentUpdate> &updates);
    void markAcknowledged(const QVector<qint64> &ids, bool acknowledged = true);
    // The display time zone changed (setDisplayTimeZone): the times are
    // shown again: one dataChanged for the incidents, one per incident for its alerts.
    void refreshTimeTexts();

    bool isIncident(const QModelIndex &index) const;
    // An incident row's incident, or an event row's parent incident.
    const AnomalyIncident &incidentOf(const QModelIndex &index) const;
    const AnomalyIncident &incidentAt(int row) const { return m_rows.at(row).incident; }
    // An event row's event; on an incident row its best event.
    const AnomalyEvent &eventOf(const QModelIndex &index) const;
    // Column 0 of the row holding that event, or invalid.
    QModelIndex indexOfEvent(qint64 id) const;
    int rowOfIncident(const QString &key) const { return m_rowOfKey.value(key, -1); }
    // Column 0 of the row KeyRole names, or invalid.
    QModelIndex indexOfKey(const QString &key) const;
    // The unacknowledged stored (id ≠ 0) events under the index: its own
    // for an event row, all of an incident's for an incident row.
    QVector<qint64> unacknowledgedIds(const QModelIndex &index) const;
    int eventCount() const;
    // Unacknowledged incidents (what the Alerts tab counts).
    int unacknowledgedCount() const;

    // An incident's KeyRole: "i:<platform>:<stream>:<start>".
    static QString incidentKey(Platform platform, const QString &streamId, qint64 startMs);
    static QString keyOf(const AnomalyIncident &i);
    static QString incidentKeyOf(const AnomalyEvent &e); // the incident it belongs to

Q_SIGNALS:
    // The user checked a row's Ack box: the view stores these events.
    void checkedByUser(const QVector<qint64> &ids);

private:
    struct Row
    {
        AnomalyIncident incident;
        quintptr serial = 0; // a child's internalId: survives rows moving down
    };
    void reindex();
    void indexEvents(int row);
    // The incident's acknowledged flag from its events; true when it changed.
    static bool settleAcknowledged(AnomalyIncident &incident);
    QVariant incidentData(const AnomalyIncident &i, int column, int role) const;
    QVariant eventData(const AnomalyEvent &e, int column, int role) const;
    // Rows [first, last] of `parent`, every column, in one signal per run.
    void emitRowRuns(QVector<int> rows, const QModelIndex &parent, const QList<int> &roles);

    AnomalyEventFilter m_filter;
    QVector<Row> m_rows; // newest start first
    quintptr m_nextSerial = 1;
    QHash<quintptr, int> m_rowOfSerial;
    QHash<QString, int> m_rowOfKey;
    QHash<qint64, std::pair<quintptr, int>> m_placeOfId; // event id → (serial, child row)
    QHash<QString, AnomalyIncidentUpdate> m_earlyUpdates;
};

} // namespace StreamRank
