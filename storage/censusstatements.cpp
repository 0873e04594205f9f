// The census write path's SQL, prepared once per connection on first use.

#include "censusstore_p.h"
#include "storagelog.h"

#include <sqlite3.h>

#include <utility>

namespace StreamRank {

bool CensusStorePrivate::prepare(QString *error)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
        // compacted starts at 0: the census's samples are in viewership_samples
        // only until SampleCompactor packs its hour.
        {&m_insertCensus,
         "INSERT INTO censuses (platform_id, taken_at, stream_count, total_viewers, partial,"
         " pages_ok, pages_failed, malformed_items) VALUES (?1, ?2, 0, 0, ?3, ?4, ?5, ?6)"},
        {&m_updateCensusTotals,
         "UPDATE censuses SET stream_count = ?2, total_viewers = ?3 WHERE id = ?1"},
        {&m_upsertCategory,
         "INSERT INTO categories (platform_id, external_id, name) VALUES (?1, ?2, ?3)"
         " ON CONFLICT (platform_id, external_id) DO UPDATE SET name = excluded.name"
         " RETURNING id"},
        // New streams insert with DO NOTHING and read the new id from
        // sqlite3_last_insert_rowid(): RETURNING would cost a statement
        // journal per row, about a third of a first census's time.
        {&m_insertChannel,
         "INSERT INTO channels (platform_id, external_id, login, display_name)"
         " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (platform_id, external_id) DO NOTHING"},
        {&m_findChannel, "SELECT id, login, display_name FROM channels"
                         " WHERE platform_id = ?1 AND external_id = ?2"},
        {&m_updateChannel, "UPDATE channels SET login = ?2, display_name = ?3 WHERE id = ?1"},
        // first_seen_at bounds the hours a series read looks at; a reopened
        // session keeps it.
        {&m_insertStream,
         "INSERT INTO streams (platform_id, external_id, channel_id, category_id, title, language,"
         " started_at, peak_viewers, last_seen_at, first_seen_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
         " ON CONFLICT (platform_id, external_id) DO NOTHING"},
        // A stream the cache does not know may still be in the database (a
        // census that missed it ended it): it is reopened and keeps the
        // higher peak. Peaks need no test for hidden counts: UnknownViewers
        // (-1) is below every count, so a peak is -1 only until one is known.
        {&m_reopenStream,
         "UPDATE streams SET channel_id = ?3, category_id = ?4, title = ?5, language = ?6,"
         " ended_at = NULL, peak_viewers = MAX(peak_viewers, ?7)"
         " WHERE platform_id = ?1 AND external_id = ?2 RETURNING id, peak_viewers, last_seen_at"},
        {&m_updateStream,
         "UPDATE streams SET category_id = ?2, title = ?3, language = ?4, peak_viewers = ?5"
         " WHERE id = ?1"},
        {&m_updatePeak, "UPDATE streams SET peak_viewers = ?2 WHERE id = ?1"},
        {&m_insertSample, "INSERT INTO viewership_samples (census_id, stream_id, taken_at, viewers)"
                          " VALUES (?1, ?2, ?3, ?4)"},
        {&m_endStream, "UPDATE streams SET ended_at = ?2, last_seen_at = ?2 WHERE id = ?1"},
        // The last sighting of a stream open since before start-up: the newest
        // census from ?2 on (PlatformState::lastCompleteAtLoad) or from its
        // stored last_seen_at (a lower bound) that lists it. Newest first by
        // censuses_platform_time, one primary-key probe per census: usually
        // the first census probed has it. No per-stream index is needed.
        {&m_lastSeen,
         "SELECT COALESCE((SELECT c.taken_at FROM censuses c"
         " WHERE c.platform_id = s.platform_id AND c.taken_at >= MAX(?2, s.last_seen_at)"
         " AND EXISTS (SELECT 1 FROM viewership_samples v"
         "  WHERE v.census_id = c.id AND v.stream_id = s.id)"
         " ORDER BY c.taken_at DESC LIMIT 1), s.last_seen_at) FROM streams s WHERE s.id = ?1"},
        {&m_insertCategorySample,
         "INSERT INTO category_samples (category_id, taken_at, census_id, viewers, live_channels)"
         " VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&m_insertRun,
         "INSERT INTO collector_runs (platform_id, census_id, started_at, finished_at, requests,"
         " errors, quota_used, duration_ms, pages_ok, pages_failed, message)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
    };
    for (const auto &[statement, sql] : statements) {
        if (statement->prepare(m_db, sql) != SQLITE_OK) {
            *error = sqliteErrorText(m_db);
            qCWarning(lcStorage) << "Could not prepare" << sql << ":" << *error;
            return false;
        }
    }
    m_prepared = true;
    return true;
}

std::optional<StorageDetail::WriteError> CensusStorePrivate::stepDone(SqliteStatement &statement)
{
    const int rc = statement.step();
    std::optional<WriteError> error;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        error = lastError();
    statement.reset();
    return error;
}

} // namespace StreamRank
