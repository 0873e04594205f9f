#pragma once
// Anomaly events as a table: loaded for the alerts view's filter, live events
// inserted as they are detected, acknowledgement shown per row (a checkbox
// that acknowledges, greyed text once acknowledged). A reset happens only
// when the filter (the whole scope) changes.

#include "anomalytypes.h"

#include <QAbstractTableModel>
#include <QHash>

namespace StreamRank {

class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        PlatformColumn,
        ChannelColumn,
        StrategyColumn,
        ObservedColumn,
        BaselineColumn,
        RawColumn,
        ScoreColumn,
        AcknowledgedColumn,
        SentenceColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        EventIdRole,
        AcknowledgedRole,
    };

    explicit AlertsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Checking the Ack box acknowledges the row and emits checkedByUser();
    // unchecking is refused (acknowledgement is stored one way).
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    const AnomalyEventFilter &filter() const { return m_filter; }
    // A new scope: the caller loads the matching stored events and hands them
    // to setEvents(); until then live events are still filtered by it.
    void setFilter(const AnomalyEventFilter &filter);
    void setEvents(QVector<AnomalyEvent> events);
    // Live events: those passing the filter are inserted at the top.
    void addEvents(const QVector<AnomalyEvent> &events);
    void markAcknowledged(const QVector<qint64> &ids, bool acknowledged = true);
    // The display time zone changed (setDisplayTimeZone): the time column is
    // shown again, one dataChanged for it.
    void refreshTimeTexts();

    const AnomalyEvent &eventAt(int row) const { return m_events.at(row); }
    int rowOfId(qint64 id) const { return m_rowOfId.value(id, -1); }
    int unacknowledgedCount() const;

Q_SIGNALS:
    // The user checked the row's Ack box: the view stores it.
    void checkedByUser(qint64 id);

private:
    void reindex();

    AnomalyEventFilter m_filter;
    QVector<AnomalyEvent> m_events; // newest first
    QHash<qint64, int> m_rowOfId;
};

// The raw score in its strategy's unit, in the user's locale: "3.5σ",
// "+240 %", "4.1 bands", "2.6 spreads" (see docs/ANOMALY.md).
QString rawScoreText(const AnomalyEvent &e);
// What that number counts: "Standard deviations (σ) above the 60-minute mean".
QString rawScoreMeaning(const AnomalyEvent &e);

} // namespace StreamRank
