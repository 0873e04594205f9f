#include "censusstore.h"

#include "censuscache.h"
#include "database.h"
#include "sqlitestatement.h"
#include "storagelog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

// How the hot path stays cheap: every statement is prepared once, and each
// live stream's row id and a digest of its last written values sit in memory,
// so a stream already known costs one hash lookup and one sample insert, plus
// one UPDATE only when its peak rose or its title, category, language or
// channel name changed. Updates and samples are written sorted by stream id,
// so each B-tree is walked front to back rather than in the platform's order.
//
// last_seen_at is not rewritten per census (that would be a second write per
// stream): the writer keeps it in memory and stores it when the stream ends.
// Streams still open when StreamRank starts are treated conservatively: their
// last sighting is read from their newest sample when they turn out to have
// ended, so ended_at is never later than a census that saw them.

namespace StreamRank {

using namespace StorageDetail;

namespace {

struct Sample
{
    qint64 streamId;
    qint32 viewers;
};

// A failure inside the census transaction, in SQLite's words.
struct WriteError
{
    QString detail;
};

} // namespace

class CensusStorePrivate
{
public:
    explicit CensusStorePrivate(sqlite3 *db) : m_db(db) {}

    bool prepare(QString *error);
    std::optional<WriteError> writeInTransaction(const Census &census, StoredCensus &stored);
    std::optional<WriteError> loadPlatform(PlatformState &state, qint64 platformId);
    CategoryEntry *resolveCategory(PlatformState &state, qint64 platformId,
                                   const StreamObservation &obs, std::optional<WriteError> &error);
    std::optional<WriteError> writeKnownStream(StreamEntry &stream, const StreamObservation &obs,
                                               qint64 platformId);
    StreamEntry *insertStream(PlatformState &state, const StreamObservation &obs, qint64 platformId,
                              qint64 takenAt, std::optional<WriteError> &error);
    std::optional<WriteError> channelFor(const StreamObservation &obs, qint64 platformId,
                                         qint64 *channelId);
    std::optional<WriteError> stepDone(SqliteStatement &statement);
    WriteError lastError() const { return {sqliteErrorText(m_db)}; }
    void rollback();
    void commitCaches(const Census &census);

    sqlite3 *m_db;
    bool m_prepared = false;
    quint64 m_writeSerial = 0;
    CensusStore::FaultInjector m_faultInjector;
    std::array<PlatformState, PlatformCount> m_platforms;

    // Per-write scratch, kept to reuse their capacity.
    std::vector<Sample> m_samples;
    std::vector<StreamEntry *> m_seen;
    std::vector<CategoryEntry *> m_touchedCategories;
    std::vector<StreamEntry *> m_peakRises;
    PlatformState *m_current = nullptr;
    UndoLog<CategoryEntry> m_categoryUndo;
    UndoLog<StreamEntry> m_streamUndo;

    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_insertCensus;
    SqliteStatement m_updateCensusTotals;
    SqliteStatement m_upsertCategory;
    SqliteStatement m_insertChannel;
    SqliteStatement m_findChannel;
    SqliteStatement m_updateChannel;
    SqliteStatement m_insertStream;
    SqliteStatement m_reopenStream;
    SqliteStatement m_updateStream;
    SqliteStatement m_updatePeak;
    SqliteStatement m_insertSample;
    SqliteStatement m_endStream;
    SqliteStatement m_lastSeen;
    SqliteStatement m_insertCategorySample;
    SqliteStatement m_insertRun;
};

bool CensusStorePrivate::prepare(QString *error)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
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
        {&m_insertStream,
         "INSERT INTO streams (platform_id, external_id, channel_id, category_id, title, language,"
         " started_at, peak_viewers, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
         " ON CONFLICT (platform_id, external_id) DO NOTHING"},
        // A stream the cache does not know may still be in the database (a
        // census that missed it ended it): it is reopened and keeps the
        // higher peak.
        {&m_reopenStream,
         "UPDATE streams SET channel_id = ?3, category_id = ?4, title = ?5, language = ?6,"
         " ended_at = NULL, peak_viewers = MAX(peak_viewers, ?7)"
         " WHERE platform_id = ?1 AND external_id = ?2 RETURNING id, peak_viewers"},
        {&m_updateStream,
         "UPDATE streams SET category_id = ?2, title = ?3, language = ?4, peak_viewers = ?5"
         " WHERE id = ?1"},
        {&m_updatePeak, "UPDATE streams SET peak_viewers = ?2 WHERE id = ?1"},
        {&m_insertSample, "INSERT INTO viewership_samples (census_id, stream_id, taken_at, viewers)"
                          " VALUES (?1, ?2, ?3, ?4)"},
        {&m_endStream, "UPDATE streams SET ended_at = ?2, last_seen_at = ?2 WHERE id = ?1"},
        {&m_lastSeen,
         "SELECT COALESCE((SELECT MAX(taken_at) FROM viewership_samples WHERE stream_id = ?1),"
         " last_seen_at) FROM streams WHERE id = ?1"},
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

std::optional<WriteError> CensusStorePrivate::stepDone(SqliteStatement &statement)
{
    const int rc = statement.step();
    std::optional<WriteError> error;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        error = lastError();
    statement.reset();
    return error;
}

// Loads what a restart must not forget: the platform's categories and its
// streams still open in the database (with their channel names), so the first
// census after start-up neither re-inserts them nor misses those that ended
// while StreamRank was closed.
std::optional<WriteError> CensusStorePrivate::loadPlatform(PlatformState &state, qint64 platformId)
{
    SqliteStatement categories;
    if (categories.prepare(m_db, "SELECT id, external_id, name FROM categories"
                                 " WHERE platform_id = ?1") != SQLITE_OK)
        return lastError();
    categories.bind(1, platformId);
    QHash<qint64, CategoryEntry *> categoryById;
    int rc;
    while ((rc = categories.step()) == SQLITE_ROW) {
        const QString key = categories.columnText(1);
        CategoryEntry *entry = state.categories.add(key);
        entry->externalId = key;
        entry->id = categories.columnInt64(0);
        entry->name = categories.columnText(2);
        categoryById.insert(entry->id, entry);
    }
    if (rc != SQLITE_DONE)
        return lastError();

    SqliteStatement open;
    if (open.prepare(m_db, "SELECT s.id, s.external_id, s.channel_id, c.login, c.display_name,"
                           " s.category_id, s.title, s.language, s.peak_viewers"
                           " FROM streams s JOIN channels c ON c.id = s.channel_id"
                           " WHERE s.platform_id = ?1 AND s.ended_at IS NULL") != SQLITE_OK)
        return lastError();
    open.bind(1, platformId);
    while ((rc = open.step()) == SQLITE_ROW) {
        const QString key = open.columnText(1);
        StreamEntry *stream = state.streams.add(key);
        stream->externalId = key;
        stream->id = open.columnInt64(0);
        stream->channelId = open.columnInt64(2);
        stream->channelNamedAs = channelNameHash(open.columnText(3), open.columnText(4));
        stream->category = open.columnIsNull(5) ? nullptr : categoryById.value(open.columnInt64(5));
        stream->describedAs = descriptionHash(open.columnText(6), open.columnText(7));
        stream->peakViewers = qint32(open.columnInt64(8));
        state.live.push_back(stream);
    }
    if (rc != SQLITE_DONE)
        return lastError();
    state.loaded = true;
    qCDebug(lcStorage) << "Loaded" << state.categories.size() << "categories and"
                       << state.live.size() << "open streams of platform" << platformId;
    return std::nullopt;
}

CategoryEntry *CensusStorePrivate::resolveCategory(PlatformState &state, qint64 platformId,
                                                   const StreamObservation &obs,
                                                   std::optional<WriteError> &error)
{
    CategoryEntry *known = state.categories.find(obs.categoryId);
    if (known && known->name == obs.categoryName)
        return known;

    m_upsertCategory.bind(1, platformId);
    m_upsertCategory.bindText(2, obs.categoryId);
    m_upsertCategory.bindText(3, obs.categoryName);
    if (m_upsertCategory.step() != SQLITE_ROW) {
        error = lastError();
        m_upsertCategory.reset();
        return nullptr;
    }
    const qint64 id = m_upsertCategory.columnInt64(0);
    m_upsertCategory.reset();

    if (known) { // renamed
        m_categoryUndo.changed.emplace_back(known, *known);
        known->name = obs.categoryName;
        return known;
    }
    CategoryEntry *entry = state.categories.add(obs.categoryId);
    m_categoryUndo.added.push_back(obs.categoryId);
    entry->externalId = obs.categoryId;
    entry->id = id;
    entry->name = obs.categoryName;
    return entry;
}

// A stream seen before: write only what changed, and remember the old values
// in case the census rolls back.
std::optional<WriteError> CensusStorePrivate::writeKnownStream(StreamEntry &stream,
                                                               const StreamObservation &obs,
                                                               qint64 platformId)
{
    std::optional<WriteError> error;
    CategoryEntry *category = stream.category;
    const bool categoryDiffers =
        category ? (obs.categoryId != category->externalId || obs.categoryName != category->name)
                 : !obs.categoryId.isEmpty();
    if (categoryDiffers) {
        category = nullptr;
        if (!obs.categoryId.isEmpty()) {
            category = resolveCategory(*m_current, platformId, obs, error);
            if (!category)
                return error;
        }
    }
    const size_t channelNamedAs = channelNameHash(obs.channelLogin, obs.channelName);
    const size_t describedAs = descriptionHash(obs.title, obs.language);
    const bool channelRenamed = channelNamedAs != stream.channelNamedAs;
    const bool described = category != stream.category || describedAs != stream.describedAs;

    if (channelRenamed || described) {
        m_streamUndo.changed.emplace_back(&stream, stream);
        if (channelRenamed) {
            m_updateChannel.bind(1, stream.channelId);
            m_updateChannel.bindText(2, obs.channelLogin);
            m_updateChannel.bindText(3, obs.channelName);
            if ((error = stepDone(m_updateChannel)))
                return error;
            stream.channelNamedAs = channelNamedAs;
        }
        if (described) {
            stream.category = category;
            stream.describedAs = describedAs;
            stream.peakViewers = std::max(stream.peakViewers, obs.viewers);
            m_updateStream.bind(1, stream.id);
            m_updateStream.bindOptionalId(2, category ? category->id : 0);
            m_updateStream.bindText(3, obs.title);
            m_updateStream.bindText(4, obs.language);
            m_updateStream.bind(5, stream.peakViewers);
            return stepDone(m_updateStream);
        }
    }
    if (obs.viewers > stream.peakViewers) {
        m_streamUndo.peaks.emplace_back(&stream, stream.peakViewers);
        stream.peakViewers = obs.viewers;
        m_peakRises.push_back(&stream);
    }
    return std::nullopt;
}

// The row id of the observation's channel, inserted or renamed as needed.
std::optional<WriteError> CensusStorePrivate::channelFor(const StreamObservation &obs,
                                                         qint64 platformId, qint64 *channelId)
{
    m_insertChannel.bind(1, platformId);
    m_insertChannel.bindText(2, obs.channelId);
    m_insertChannel.bindText(3, obs.channelLogin);
    m_insertChannel.bindText(4, obs.channelName);
    if (auto error = stepDone(m_insertChannel))
        return error;
    if (sqlite3_changes(m_db) == 1) {
        *channelId = sqlite3_last_insert_rowid(m_db);
        return std::nullopt;
    }

    // A channel seen before, with a new stream.
    m_findChannel.bind(1, platformId);
    m_findChannel.bindText(2, obs.channelId);
    if (m_findChannel.step() != SQLITE_ROW) {
        const WriteError error = lastError();
        m_findChannel.reset();
        return error;
    }
    *channelId = m_findChannel.columnInt64(0);
    const bool renamed = m_findChannel.columnText(1) != obs.channelLogin ||
                         m_findChannel.columnText(2) != obs.channelName;
    m_findChannel.reset();
    if (!renamed)
        return std::nullopt;
    m_updateChannel.bind(1, *channelId);
    m_updateChannel.bindText(2, obs.channelLogin);
    m_updateChannel.bindText(3, obs.channelName);
    return stepDone(m_updateChannel);
}

// A stream the cache does not know: insert its channel and itself.
StreamEntry *CensusStorePrivate::insertStream(PlatformState &state, const StreamObservation &obs,
                                              qint64 platformId, qint64 takenAt,
                                              std::optional<WriteError> &error)
{
    CategoryEntry *category = nullptr;
    if (!obs.categoryId.isEmpty()) {
        category = resolveCategory(state, platformId, obs, error);
        if (!category)
            return nullptr;
    }
    qint64 channelId = 0;
    if ((error = channelFor(obs, platformId, &channelId)))
        return nullptr;

    m_insertStream.bind(1, platformId);
    m_insertStream.bindText(2, obs.streamId);
    m_insertStream.bind(3, channelId);
    m_insertStream.bindOptionalId(4, category ? category->id : 0);
    m_insertStream.bindText(5, obs.title);
    m_insertStream.bindText(6, obs.language);
    m_insertStream.bind(7, obs.startedAtMs);
    m_insertStream.bind(8, obs.viewers);
    m_insertStream.bind(9, takenAt);
    if ((error = stepDone(m_insertStream)))
        return nullptr;
    qint64 id = 0;
    qint32 peak = obs.viewers;
    if (sqlite3_changes(m_db) == 1) {
        id = sqlite3_last_insert_rowid(m_db);
    } else {
        m_reopenStream.bind(1, platformId);
        m_reopenStream.bindText(2, obs.streamId);
        m_reopenStream.bind(3, channelId);
        m_reopenStream.bindOptionalId(4, category ? category->id : 0);
        m_reopenStream.bindText(5, obs.title);
        m_reopenStream.bindText(6, obs.language);
        m_reopenStream.bind(7, obs.viewers);
        if (m_reopenStream.step() != SQLITE_ROW) {
            error = lastError();
            m_reopenStream.reset();
            return nullptr;
        }
        id = m_reopenStream.columnInt64(0);
        peak = qint32(m_reopenStream.columnInt64(1));
        m_reopenStream.reset();
    }

    StreamEntry *entry = state.streams.add(obs.streamId);
    m_streamUndo.added.push_back(obs.streamId);
    entry->externalId = obs.streamId;
    entry->id = id;
    entry->peakViewers = peak;
    entry->channelId = channelId;
    entry->channelNamedAs = channelNameHash(obs.channelLogin, obs.channelName);
    entry->category = category;
    entry->describedAs = descriptionHash(obs.title, obs.language);
    return entry;
}

std::optional<WriteError> CensusStorePrivate::writeInTransaction(const Census &census,
                                                                 StoredCensus &stored)
{
    const qint64 platformId = qint64(census.platform) + 1; // fixed ids, see migrations.cpp
    PlatformState &state = m_platforms[size_t(census.platform)];
    m_current = &state;
    const quint64 serial = ++m_writeSerial;
    const qint64 takenAt = census.takenAtMs;

    if (!state.loaded) {
        if (auto error = loadPlatform(state, platformId)) {
            state.clear(); // half a load must not count as one
            return error;
        }
    }

    m_insertCensus.bind(1, platformId);
    m_insertCensus.bind(2, takenAt);
    m_insertCensus.bind(3, census.partial ? 1 : 0);
    m_insertCensus.bind(4, census.stats.pagesOk);
    m_insertCensus.bind(5, census.stats.pagesFailed);
    m_insertCensus.bind(6, census.stats.malformedItems);
    if (m_insertCensus.step() != SQLITE_DONE) {
        const bool repeated = sqlite3_extended_errcode(m_db) == SQLITE_CONSTRAINT_UNIQUE;
        WriteError error =
            repeated ? WriteError{QStringLiteral("a census of this time is already stored")}
                     : lastError();
        m_insertCensus.reset();
        return error;
    }
    m_insertCensus.reset();
    const qint64 censusId = sqlite3_last_insert_rowid(m_db);

    const auto count = size_t(census.streams.size());
    m_samples.clear();
    m_samples.reserve(count);
    m_seen.clear();
    m_seen.reserve(count);
    m_touchedCategories.clear();
    m_peakRises.clear();
    qint64 totalViewers = 0;
    int duplicates = 0;
    std::optional<WriteError> error;

    for (qsizetype i = 0; i < census.streams.size(); ++i) {
        if (m_faultInjector && m_faultInjector(int(i)))
            return WriteError{QStringLiteral("fault injected at stream %1").arg(i)};
        const StreamObservation &obs = census.streams.at(i);

        StreamEntry *stream = state.streams.find(obs.streamId);
        if (stream) {
            if (stream->seenInWrite == serial) {
                // Paginated APIs repeat an item when the list shifts between
                // pages; the first sighting counts.
                ++duplicates;
                continue;
            }
            if ((error = writeKnownStream(*stream, obs, platformId)))
                return error;
        } else {
            stream = insertStream(state, obs, platformId, takenAt, error);
            if (!stream)
                return error;
            ++stored.newStreams;
        }
        stream->seenInWrite = serial;
        m_seen.push_back(stream);
        m_samples.push_back({stream->id, obs.viewers});
        totalViewers += obs.viewers;
        if (CategoryEntry *category = stream->category) {
            if (category->aggregatedIn != serial) {
                category->aggregatedIn = serial;
                category->viewers = 0;
                category->liveChannels = 0;
                m_touchedCategories.push_back(category);
            }
            category->viewers += obs.viewers;
            ++category->liveChannels;
        }
    }
    if (duplicates > 0) {
        qCInfo(lcStorage) << "Dropped" << duplicates << "repeated streams from the"
                          << platformCode(census.platform) << "census";
    }

    // Rows and index entries written in stream id order walk each B-tree
    // front to back instead of jumping around it in the platform's order.
    std::sort(m_peakRises.begin(), m_peakRises.end(),
              [](const StreamEntry *a, const StreamEntry *b) { return a->id < b->id; });
    for (const StreamEntry *stream : m_peakRises) {
        m_updatePeak.bind(1, stream->id);
        m_updatePeak.bind(2, stream->peakViewers);
        if ((error = stepDone(m_updatePeak)))
            return error;
    }
    std::sort(m_samples.begin(), m_samples.end(),
              [](const Sample &a, const Sample &b) { return a.streamId < b.streamId; });
    m_insertSample.bind(1, censusId);
    m_insertSample.bind(3, takenAt);
    for (const Sample &sample : m_samples) {
        m_insertSample.bind(2, sample.streamId);
        m_insertSample.bind(4, sample.viewers);
        if (m_insertSample.step() != SQLITE_DONE) {
            error = lastError();
            m_insertSample.reset();
            return error;
        }
        m_insertSample.reset();
    }

    for (const CategoryEntry *category : m_touchedCategories) {
        m_insertCategorySample.bind(1, category->id);
        m_insertCategorySample.bind(2, takenAt);
        m_insertCategorySample.bind(3, censusId);
        m_insertCategorySample.bind(4, category->viewers);
        m_insertCategorySample.bind(5, category->liveChannels);
        if ((error = stepDone(m_insertCategorySample)))
            return error;
    }

    // A partial census proves nothing about the streams it lacks: they may sit
    // on a page that failed.
    if (!census.partial) {
        for (StreamEntry *stream : state.live) {
            if (stream->seenInWrite == serial)
                continue;
            qint64 lastSeen = stream->lastSeenMs;
            if (lastSeen == 0) { // open since before start-up
                m_lastSeen.bind(1, stream->id);
                const bool found = m_lastSeen.step() == SQLITE_ROW;
                if (found)
                    lastSeen = m_lastSeen.columnInt64(0);
                else
                    error = lastError();
                m_lastSeen.reset();
                if (!found)
                    return error;
            }
            m_endStream.bind(1, stream->id);
            m_endStream.bind(2, lastSeen);
            if ((error = stepDone(m_endStream)))
                return error;
            ++stored.endedStreams;
        }
    }

    m_updateCensusTotals.bind(1, censusId);
    m_updateCensusTotals.bind(2, qint64(m_samples.size()));
    m_updateCensusTotals.bind(3, totalViewers);
    if ((error = stepDone(m_updateCensusTotals)))
        return error;

    // The census stamp is when the collector's run began.
    const CollectorRunStats &stats = census.stats;
    m_insertRun.bind(1, platformId);
    m_insertRun.bind(2, censusId);
    m_insertRun.bind(3, takenAt);
    m_insertRun.bind(4, takenAt + stats.durationMs);
    m_insertRun.bind(5, stats.requests);
    m_insertRun.bind(6, stats.errors);
    m_insertRun.bind(7, stats.quotaUsed);
    m_insertRun.bind(8, stats.durationMs);
    m_insertRun.bind(9, stats.pagesOk);
    m_insertRun.bind(10, stats.pagesFailed);
    m_insertRun.bindNull(11);
    if ((error = stepDone(m_insertRun)))
        return error;

    if ((error = stepDone(m_commit)))
        return error;

    stored.censusId = censusId;
    stored.streamCount = int(m_samples.size());
    stored.totalViewers = totalViewers;
    return std::nullopt;
}

// Only after COMMIT: the caches now describe the database again.
void CensusStorePrivate::commitCaches(const Census &census)
{
    PlatformState &state = *m_current;
    const quint64 serial = m_writeSerial;
    for (StreamEntry *stream : m_seen)
        stream->lastSeenMs = census.takenAtMs;

    std::vector<StreamEntry *> ended;
    std::vector<StreamEntry *> live = m_seen;
    for (StreamEntry *stream : state.live) {
        if (stream->seenInWrite == serial)
            continue;
        if (census.partial)
            live.push_back(stream);
        else
            ended.push_back(stream);
    }
    state.live = std::move(live);

    // Ended sessions leave memory; should one come back, insertStream() finds
    // its row and reopens it.
    for (const StreamEntry *stream : ended)
        state.streams.remove(stream->externalId); // deletes `stream`
    m_categoryUndo.clear();
    m_streamUndo.clear();
}

void CensusStorePrivate::rollback()
{
    // SQLite may already have rolled back by itself (SQLITE_FULL, I/O errors).
    if (!sqlite3_get_autocommit(m_db)) {
        if (m_rollback.step() != SQLITE_DONE)
            qCWarning(lcStorage) << "ROLLBACK failed:" << sqliteErrorText(m_db);
        m_rollback.reset();
    }
    if (m_current) {
        m_streamUndo.undo(m_current->streams);
        m_categoryUndo.undo(m_current->categories);
    }
}

CensusStore::CensusStore(sqlite3 *db) : d(std::make_unique<CensusStorePrivate>(db))
{
    // A bigger page cache keeps the right edge of every index in memory
    // between censuses; checkpoints are run by checkpoint(), not by COMMIT.
    sqlite3_exec(db, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0", nullptr, nullptr,
                 nullptr);
}

CensusStore::~CensusStore() = default;

void CensusStore::setFaultInjector(FaultInjector injector)
{
    d->m_faultInjector = std::move(injector);
}

void CensusStore::checkpoint()
{
    int logFrames = 0;
    int copiedFrames = 0;
    const int rc = sqlite3_wal_checkpoint_v2(d->m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &logFrames, &copiedFrames);
    if (rc != SQLITE_OK)
        qCWarning(lcStorage) << "WAL checkpoint failed:" << sqliteErrorText(d->m_db);
}

Result<StoredCensus> CensusStore::write(const Census &census)
{
    QElapsedTimer timer;
    timer.start();
    d->m_current = nullptr;
    StoredCensus stored;
    stored.platform = census.platform;
    stored.takenAtMs = census.takenAtMs;

    std::optional<WriteError> error;
    QString prepareError;
    if (!d->m_prepared && !d->prepare(&prepareError))
        error = WriteError{prepareError};
    else if (d->m_begin.step() != SQLITE_DONE)
        error = d->lastError();
    d->m_begin.reset();

    if (!error)
        error = d->writeInTransaction(census, stored);
    if (error) {
        d->rollback();
        const QString message = QStringLiteral("Could not store the %1 census of %2: %3")
                                    .arg(platformDisplayName(census.platform),
                                         QDateTime::fromMSecsSinceEpoch(census.takenAtMs)
                                             .toString(QStringLiteral("HH:mm")),
                                         error->detail);
        qCWarning(lcStorage).noquote() << message;
        return Unexpected{message};
    }

    d->commitCaches(census);
    stored.elapsedMs = timer.elapsed();
    stored.databaseBytes =
        databaseSizeBytes(QString::fromUtf8(sqlite3_db_filename(d->m_db, "main")));
    return stored;
}

} // namespace StreamRank
