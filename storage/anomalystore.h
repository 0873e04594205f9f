#pragma once
// Anomaly events and detection settings in the database (schema 3,
// docs/SCHEMA.md). AnomalyEventStore writes on the writer's connection:
// CensusWriter uses it on the writer thread, the CSV importer without any
// thread. The read functions take any connection (StorageReader's read-only
// ones, or the writer's own).

#include "anomalytypes.h"
#include "result.h"
#include "sqlitestatement.h"

#include <QVector>

struct sqlite3;

namespace StreamRank {

class AnomalyEventStore
{
public:
    // `db` must carry schema 3 or later, outlive this store and be used by
    // one thread at a time (the same rules as CensusStore's).
    explicit AnomalyEventStore(sqlite3 *db);
    ~AnomalyEventStore();
    AnomalyEventStore(const AnomalyEventStore &) = delete;
    AnomalyEventStore &operator=(const AnomalyEventStore &) = delete;

    // Inserts the events in one transaction, all or none, and returns those
    // inserted with their new row ids (an id the events already carry is
    // ignored). An event of a stream and time already stored is skipped and
    // not returned: one census raises at most one event per stream, so it is
    // the same event again (a census replayed after a kill or a failed
    // write). No stream row is needed: events are denormalised.
    // In the same transaction, each incident update is stored over what the
    // incident's row held (the detector reports them in order, so the last
    // one is the incident as it stands).
    Result<QVector<AnomalyEvent>> write(const QVector<AnomalyEvent> &events,
                                        const QVector<AnomalyIncidentUpdate> &incidents = {});

    // Sets or clears the acknowledged flag of `ids` in one transaction;
    // returns how many rows exist with those ids (unknown ids are skipped).
    Result<int> acknowledge(const QVector<qint64> &ids, bool acknowledged);

    // Stores settings.sanitized(), every strategy and option, in one
    // transaction and returns what was stored.
    Result<AnomalySettings> saveSettings(const AnomalySettings &settings);

private:
    bool prepare(QString *error);
    QString failure(const QString &what);

    sqlite3 *m_db;
    bool m_prepared = false;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_insertEvent;
    SqliteStatement m_upsertIncident;
    SqliteStatement m_acknowledge;
    SqliteStatement m_upsertStrategy;
    SqliteStatement m_upsertOption;
};

// Stored events the filter accepts (AnomalyEventFilter::accepts, every field),
// newest first (time, then id), at most filter.limit of them (limit <= 0: all).
Result<QVector<AnomalyEvent>> readAnomalyEvents(sqlite3 *db, const AnomalyEventFilter &filter);

// The incidents of the events readAnomalyEvents(filter) returns, newest
// start first, each with all of its events (oldest first, whatever the
// filter) and its stored end and peak (an incident without a row, which
// only a damaged file has, ends at its last event and peaks at its highest
// one).
Result<QVector<AnomalyIncident>> readAnomalyIncidents(sqlite3 *db,
                                                      const AnomalyEventFilter &filter);

// The stored settings; a strategy or option without a row keeps the
// AnomalySettings default, and the result is sanitized().
Result<AnomalySettings> readAnomalySettings(sqlite3 *db);

// Events with time >= sinceMs.
Result<qint64> readEventCountSince(sqlite3 *db, qint64 sinceMs);

} // namespace StreamRank
