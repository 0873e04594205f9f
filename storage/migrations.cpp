#include "migrations.h"

#include "sqlitestatement.h"
#include "storagelog.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace StreamRank {

namespace {

// Schema 1. Portable SQL except WITHOUT ROWID, which a PostgreSQL dialect of
// these steps will drop (there every table is a heap with indexes anyway).
// Timestamps are Unix epoch milliseconds; ids are the database's own, the
// platforms' ids are kept as external_id text.
QStringList schemaV1()
{
    return {
        QStringLiteral("CREATE TABLE schema_version ("
                       " version INTEGER PRIMARY KEY,"
                       " applied_at INTEGER NOT NULL)"),
        // ids are Platform + 1, fixed, so the writer and the readers map a
        // Platform to its row without a lookup.
        QStringLiteral("CREATE TABLE platforms ("
                       " id INTEGER PRIMARY KEY,"
                       " code TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO platforms (id, code, name) VALUES"
                       " (1, 'demo', 'Demo'), (2, 'twitch', 'Twitch'),"
                       " (3, 'youtube', 'YouTube'), (4, 'kick', 'Kick')"),
        QStringLiteral("CREATE TABLE categories ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " external_id TEXT NOT NULL,"
                       " name TEXT NOT NULL,"
                       " UNIQUE (platform_id, external_id))"),
        QStringLiteral("CREATE TABLE channels ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " external_id TEXT NOT NULL,"
                       " login TEXT NOT NULL,"
                       " display_name TEXT NOT NULL,"
                       " follower_count INTEGER,"
                       " UNIQUE (platform_id, external_id))"),
        // One row per live session. last_seen_at is exact once ended_at is set;
        // while a stream is live the writer keeps it in memory (see censusstore.cpp).
        QStringLiteral("CREATE TABLE streams ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " external_id TEXT NOT NULL,"
                       " channel_id INTEGER NOT NULL REFERENCES channels (id),"
                       " category_id INTEGER REFERENCES categories (id),"
                       " title TEXT NOT NULL,"
                       " language TEXT NOT NULL,"
                       " started_at INTEGER NOT NULL,"
                       " ended_at INTEGER,"
                       " peak_viewers INTEGER NOT NULL,"
                       " last_seen_at INTEGER NOT NULL,"
                       " UNIQUE (platform_id, external_id))"),
        QStringLiteral("CREATE INDEX streams_live ON streams (platform_id) WHERE ended_at IS NULL"),
        QStringLiteral("CREATE INDEX streams_channel ON streams (channel_id)"),
        QStringLiteral("CREATE TABLE censuses ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " taken_at INTEGER NOT NULL,"
                       " stream_count INTEGER NOT NULL,"
                       " total_viewers INTEGER NOT NULL,"
                       " partial INTEGER NOT NULL,"
                       " pages_ok INTEGER NOT NULL,"
                       " pages_failed INTEGER NOT NULL,"
                       " malformed_items INTEGER NOT NULL)"),
        // Unique: one census per platform and instant, which also makes
        // (category_id, taken_at) a key of category_samples.
        QStringLiteral(
            "CREATE UNIQUE INDEX censuses_platform_time ON censuses (platform_id, taken_at)"),
        // Clustered by census: a census's rows are contiguous (the latest
        // ranking is one range scan) and a new census appends at the end.
        QStringLiteral("CREATE TABLE viewership_samples ("
                       " census_id INTEGER NOT NULL REFERENCES censuses (id),"
                       " stream_id INTEGER NOT NULL REFERENCES streams (id),"
                       " taken_at INTEGER NOT NULL,"
                       " viewers INTEGER NOT NULL,"
                       " PRIMARY KEY (census_id, stream_id)) WITHOUT ROWID"),
        // Covering: one stream's series is one range scan of this index alone.
        // Step 2 drops it for sample_chunks; steps stay as they were shipped.
        QStringLiteral("CREATE INDEX viewership_samples_stream"
                       " ON viewership_samples (stream_id, taken_at, viewers)"),
        QStringLiteral("CREATE TABLE category_samples ("
                       " category_id INTEGER NOT NULL REFERENCES categories (id),"
                       " taken_at INTEGER NOT NULL,"
                       " census_id INTEGER NOT NULL REFERENCES censuses (id),"
                       " viewers INTEGER NOT NULL,"
                       " live_channels INTEGER NOT NULL,"
                       " PRIMARY KEY (category_id, taken_at)) WITHOUT ROWID"),
        // Lets a future retention step delete old censuses without scanning
        // every child table for the foreign-key check.
        QStringLiteral("CREATE INDEX category_samples_census ON category_samples (census_id)"),
        QStringLiteral("CREATE TABLE collector_runs ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " census_id INTEGER REFERENCES censuses (id),"
                       " started_at INTEGER NOT NULL,"
                       " finished_at INTEGER NOT NULL,"
                       " requests INTEGER NOT NULL,"
                       " errors INTEGER NOT NULL,"
                       " quota_used INTEGER NOT NULL,"
                       " duration_ms INTEGER NOT NULL,"
                       " pages_ok INTEGER NOT NULL,"
                       " pages_failed INTEGER NOT NULL,"
                       " message TEXT)"),
        QStringLiteral("CREATE INDEX collector_runs_platform_time"
                       " ON collector_runs (platform_id, started_at)"),
        QStringLiteral("CREATE INDEX collector_runs_census ON collector_runs (census_id)"),
    };
}

// Schema 2: per-stream series move from an index on viewership_samples to
// hourly chunks. That index (stream_id, taken_at, viewers) took one entry per
// live stream per census at as many places as there are live streams, so at
// 100,000 streams every census dirtied about 100,000 index pages once streams
// had a few hours of history. Chunks are written once per closed hour, in key
// order at the end of their table (samplecompactor.cpp); existing censuses
// start uncompacted and the writer compacts their closed hours after opening.
QStringList schemaV2()
{
    return {
        // The first census that listed the session: with ended_at it bounds the
        // hours a series read probes. Filled from the old index before it goes.
        QStringLiteral("ALTER TABLE streams ADD COLUMN first_seen_at INTEGER"),
        QStringLiteral("UPDATE streams SET first_seen_at = COALESCE("
                       "(SELECT MIN(v.taken_at) FROM viewership_samples v"
                       " WHERE v.stream_id = streams.id), last_seen_at)"),
        QStringLiteral("DROP INDEX viewership_samples_stream"),
        // 1 once the census's samples are also in sample_chunks (set in the
        // same transaction as the chunks): readers take a census's samples
        // from the chunks if it is compacted, from viewership_samples if not.
        QStringLiteral("ALTER TABLE censuses ADD COLUMN compacted INTEGER NOT NULL DEFAULT 0"),
        // Only the censuses still to compact, about an hour's worth: what the
        // compactor looks for after every census and what a series read takes
        // from viewership_samples.
        QStringLiteral("CREATE INDEX censuses_uncompacted ON censuses (platform_id, taken_at)"
                       " WHERE compacted = 0"),
        // One row per stream and hour (bucket_start: taken_at floored to the
        // hour, UTC epoch ms). samples packs the hour's (offset, viewers) pairs
        // in time order, 8 bytes each (samplechunk.h). Keyed by bucket first so
        // a closed hour's rows append at the end of the table.
        QStringLiteral("CREATE TABLE sample_chunks ("
                       " bucket_start INTEGER NOT NULL,"
                       " stream_id INTEGER NOT NULL REFERENCES streams (id),"
                       " first_at INTEGER NOT NULL,"
                       " last_at INTEGER NOT NULL,"
                       " count INTEGER NOT NULL,"
                       " samples BLOB NOT NULL,"
                       " PRIMARY KEY (bucket_start, stream_id)) WITHOUT ROWID"),
    };
}

// Schema 3: anomaly detection. Events are denormalised on purpose (stream
// external id, channel login and name as text, no foreign key to streams): an
// event is raised by the analytics thread from the census as collected, and
// must store even when that census failed to (a full disk, a repeated time).
// Settings are one row per strategy plus a key/value table for the options
// shared by all strategies; a missing row means AnomalySettings' default.
QStringList schemaV3()
{
    return {
        QStringLiteral("CREATE TABLE anomaly_events ("
                       " id INTEGER PRIMARY KEY,"
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " stream_external_id TEXT NOT NULL,"
                       " channel_login TEXT NOT NULL,"
                       " channel_name TEXT NOT NULL,"
                       " time INTEGER NOT NULL,"
                       " strategy TEXT NOT NULL,"
                       " baseline REAL NOT NULL,"
                       " observed INTEGER NOT NULL,"
                       " raw_score REAL NOT NULL,"
                       " score REAL NOT NULL,"
                       " lookback_minutes INTEGER NOT NULL,"
                       " acknowledged INTEGER NOT NULL DEFAULT 0)"),
        // The alerts view: newest first (the implicit rowid after time breaks
        // ties in id order), and the export: oldest first.
        QStringLiteral("CREATE INDEX anomaly_events_time ON anomaly_events (time)"),
        // A chart's markers and the cooldown warm-up: one stream over a range.
        QStringLiteral("CREATE INDEX anomaly_events_stream"
                       " ON anomaly_events (platform_id, stream_external_id, time)"),
        QStringLiteral("CREATE TABLE anomaly_settings ("
                       " strategy TEXT PRIMARY KEY,"
                       " enabled INTEGER NOT NULL,"
                       " threshold REAL NOT NULL,"
                       " lookback_minutes INTEGER NOT NULL)"),
        // cooldown_minutes, min_increase_viewers, min_samples, min_rise_percent
        // (a key added later needs no migration: absent means the default).
        QStringLiteral("CREATE TABLE anomaly_options ("
                       " key TEXT PRIMARY KEY,"
                       " value INTEGER NOT NULL)"),
    };
}

// Schema 4: rollups (storage/rollup.h) and retention. Rollups are keyed hour
// first, as sample_chunks: the compactor appends, a subject's hours are point
// lookups, and retention deletes the oldest hours as key ranges. History
// compacted before this step gets its rollups from the backfill task recorded
// in storage_tasks (hours below `value`, newest first, one per transaction).
// storage_options holds what the user set (retention days); a key without a
// row has its default (storage/retention.h).
QStringList schemaV4()
{
    return {
        QStringLiteral("CREATE TABLE stream_rollups_5m ("
                       " bucket_start INTEGER NOT NULL,"
                       " stream_id INTEGER NOT NULL REFERENCES streams (id),"
                       " slots BLOB NOT NULL,"
                       " PRIMARY KEY (bucket_start, stream_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE stream_rollups_1h ("
                       " bucket_start INTEGER NOT NULL,"
                       " stream_id INTEGER NOT NULL REFERENCES streams (id),"
                       " count INTEGER NOT NULL,"
                       " viewers_sum INTEGER NOT NULL,"
                       " viewers_min INTEGER NOT NULL,"
                       " viewers_max INTEGER NOT NULL,"
                       " PRIMARY KEY (bucket_start, stream_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE category_rollups_5m ("
                       " bucket_start INTEGER NOT NULL,"
                       " category_id INTEGER NOT NULL REFERENCES categories (id),"
                       " slots BLOB NOT NULL,"
                       " PRIMARY KEY (bucket_start, category_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE category_rollups_1h ("
                       " bucket_start INTEGER NOT NULL,"
                       " category_id INTEGER NOT NULL REFERENCES categories (id),"
                       " count INTEGER NOT NULL,"
                       " viewers_sum INTEGER NOT NULL,"
                       " viewers_min INTEGER NOT NULL,"
                       " viewers_max INTEGER NOT NULL,"
                       " channels_sum INTEGER NOT NULL,"
                       " channels_min INTEGER NOT NULL,"
                       " channels_max INTEGER NOT NULL,"
                       " PRIMARY KEY (bucket_start, category_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE storage_tasks ("
                       " name TEXT PRIMARY KEY,"
                       " value INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE storage_options ("
                       " key TEXT PRIMARY KEY,"
                       " value INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO storage_tasks (name, value)"
                       " SELECT 'rollup_backfill_before', MAX(taken_at) + 1 FROM censuses"
                       " WHERE compacted = 1 HAVING COUNT(*) > 0"),
    };
}

// Schema 5: anomaly incidents. One row per incident, keyed as the detector
// names it (platform, stream, its first event's time); its events point at
// it by incident_start. What the events say (strategies, scores, the
// sentence) is not repeated here. Events stored before this step become an
// incident each, ended at their own census.
QStringList schemaV5()
{
    return {
        QStringLiteral("CREATE TABLE anomaly_incidents ("
                       " platform_id INTEGER NOT NULL REFERENCES platforms (id),"
                       " stream_external_id TEXT NOT NULL,"
                       " start_time INTEGER NOT NULL,"
                       " end_time INTEGER,"
                       " peak_viewers INTEGER NOT NULL,"
                       " peak_time INTEGER NOT NULL,"
                       " PRIMARY KEY (platform_id, stream_external_id, start_time)) WITHOUT ROWID"),
        QStringLiteral("ALTER TABLE anomaly_events ADD COLUMN incident_start INTEGER"),
        QStringLiteral("UPDATE anomaly_events SET incident_start = time"),
        QStringLiteral("INSERT OR IGNORE INTO anomaly_incidents (platform_id, stream_external_id,"
                       " start_time, end_time, peak_viewers, peak_time)"
                       " SELECT platform_id, stream_external_id, time, time, MAX(observed), time"
                       " FROM anomaly_events GROUP BY platform_id, stream_external_id, time"),
    };
}

// Schema 6: viewer counts a platform hides (a YouTube owner can) are
// unknown, not 0. Samples, chunks and peaks keep the int32 they always had
// and mark it with StreamObservation::UnknownViewers (-1): no table is
// rebuilt, and a newer file is refused by an older StreamRank (its schema
// version) rather than shown with -1 viewers. Hourly stream rollups count
// the samples their sums leave out (the 5-minute slots carry theirs in the
// record, rollup.h). ADD COLUMN with a constant default rewrites nothing.
QStringList schemaV6()
{
    return {
        QStringLiteral(
            "ALTER TABLE stream_rollups_1h ADD COLUMN hidden_count INTEGER NOT NULL DEFAULT 0"),
    };
}

bool isBusy(const QSqlError &error)
{
    // QSQLITE reports SQLite's primary result code: 5 SQLITE_BUSY, 6 SQLITE_LOCKED.
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("5") || code == QLatin1String("6");
}

OpenError failure(const QSqlError &error, const QString &path, int targetVersion,
                  const QString &systemReason)
{
    if (isBusy(error)) {
        return {OpenError::Locked,
                QStringLiteral("The database %1 is in use by another program and stayed locked. "
                               "Close it or choose another file with --database.")
                    .arg(path)};
    }
    return {OpenError::Other, QStringLiteral("Could not bring the database %1 to schema version "
                                             "%2: %3. The database was left as it was.")
                                  .arg(path)
                                  .arg(targetVersion)
                                  .arg(error.databaseText() + systemReason)};
}

} // namespace

OpenError schemaTooNewError(const QString &path, int found, int known)
{
    return {OpenError::TooNew,
            QStringLiteral("The database %1 was written by a newer StreamRank (schema version %2; "
                           "this version knows up to %3). Update StreamRank or choose another "
                           "file with --database. The file was left unchanged.")
                .arg(path)
                .arg(found)
                .arg(known)};
}

const QVector<MigrationStep> &migrationSteps()
{
    static const QVector<MigrationStep> steps{
        {1, schemaV1()}, {2, schemaV2()}, {3, schemaV3()},
        {4, schemaV4()}, {5, schemaV5()}, {6, schemaV6()},
    };
    return steps;
}

int latestSchemaVersion()
{
    return migrationSteps().last().version;
}

Result<int, OpenError> migrate(QSqlDatabase &db, const QString &pathForMessages,
                               const QVector<MigrationStep> &steps)
{
    const int target = steps.isEmpty() ? 0 : steps.last().version;
    QSqlQuery query(db);
    sqlite3 *handle = nativeSqliteHandle(db);
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return Unexpected{
            failure(query.lastError(), pathForMessages, target, systemErrorSuffix(handle))};

    auto abandon = [&](const QSqlError &error) {
        // The reason first: the rollback's own result replaces it.
        const OpenError why = failure(error, pathForMessages, target, systemErrorSuffix(handle));
        query.finish();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return Unexpected{why};
    };

    int current = 0;
    if (db.tables().contains(QStringLiteral("schema_version"))) {
        if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")))
            return abandon(query.lastError());
        if (query.next())
            current = query.value(0).toInt();
        query.finish();
    }

    if (current > target) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return Unexpected{schemaTooNewError(pathForMessages, current, target)};
    }

    for (const MigrationStep &step : steps) {
        if (step.version <= current)
            continue;
        qCInfo(lcStorage) << "Upgrading" << pathForMessages << "to schema version" << step.version;
        for (const QString &statement : step.statements) {
            if (!query.exec(statement)) {
                qCWarning(lcStorage) << "Schema step" << step.version
                                     << "failed:" << query.lastError().text() << "in" << statement;
                return abandon(query.lastError());
            }
        }
        query.prepare(
            QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
        query.addBindValue(step.version);
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!query.exec())
            return abandon(query.lastError());
    }
    query.finish();

    if (!query.exec(QStringLiteral("COMMIT")))
        return abandon(query.lastError());
    return target;
}

} // namespace StreamRank
