// Categories, channels and streams on the census write path: each census
// observation is matched against the in-memory caches, and only what is new
// or changed is written, with the old cache values kept in the undo logs in
// case the census rolls back.

#include "censusstore_p.h"
#include "storagelog.h"

#include <QHash>

#include <sqlite3.h>

#include <algorithm>

namespace StreamRank {

using namespace StorageDetail;

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

    // Newest first along censuses_platform_time; stops at the first complete one.
    SqliteStatement lastComplete;
    if (lastComplete.prepare(m_db, "SELECT taken_at FROM censuses WHERE platform_id = ?1"
                                   " AND partial = 0 ORDER BY taken_at DESC LIMIT 1") != SQLITE_OK)
        return lastError();
    lastComplete.bind(1, platformId);
    rc = lastComplete.step();
    if (rc == SQLITE_ROW)
        state.lastCompleteAtLoad = lastComplete.columnInt64(0);
    else if (rc != SQLITE_DONE)
        return lastError();

    state.loaded = true;
    qCDebug(lcStorage) << "Loaded" << state.categories.size() << "categories and"
                       << state.live.size() << "open streams of platform" << platformId;
    return std::nullopt;
}

// When a stream open since before start-up was last listed (see m_lastSeen).
std::optional<WriteError> CensusStorePrivate::lastSightingOf(const StreamEntry &stream,
                                                             qint64 *lastSeen)
{
    m_lastSeen.bind(1, stream.id);
    m_lastSeen.bind(2, m_current->lastCompleteAtLoad);
    const bool found = m_lastSeen.step() == SQLITE_ROW;
    std::optional<WriteError> error;
    if (found)
        *lastSeen = m_lastSeen.columnInt64(0);
    else
        error = lastError();
    m_lastSeen.reset();
    return error;
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
    // A first sighting with a hidden count has an unknown peak (UnknownViewers)
    // until a count is known: every peak update takes the maximum.
    const qint32 viewers = std::max(obs.viewers, StreamObservation::UnknownViewers);
    m_insertStream.bind(7, obs.startedAtMs);
    m_insertStream.bind(8, viewers);
    m_insertStream.bind(9, takenAt);
    if ((error = stepDone(m_insertStream)))
        return nullptr;
    qint64 id = 0;
    qint32 peak = viewers;
    qint64 lastSeen = 0;
    if (sqlite3_changes(m_db) == 1) {
        id = sqlite3_last_insert_rowid(m_db);
    } else {
        m_reopenStream.bind(1, platformId);
        m_reopenStream.bindText(2, obs.streamId);
        m_reopenStream.bind(3, channelId);
        m_reopenStream.bindOptionalId(4, category ? category->id : 0);
        m_reopenStream.bindText(5, obs.title);
        m_reopenStream.bindText(6, obs.language);
        m_reopenStream.bind(7, viewers);
        if (m_reopenStream.step() != SQLITE_ROW) {
            error = lastError();
            m_reopenStream.reset();
            return nullptr;
        }
        id = m_reopenStream.columnInt64(0);
        peak = qint32(m_reopenStream.columnInt64(1));
        // A session reopened by a late census was seen later than it: its
        // end must not move back to the late census.
        lastSeen = m_reopenStream.columnInt64(2);
        m_reopenStream.reset();
    }

    StreamEntry *entry = state.streams.add(obs.streamId);
    m_streamUndo.added.push_back(obs.streamId);
    entry->externalId = obs.streamId;
    entry->id = id;
    entry->peakViewers = peak;
    entry->lastSeenMs = lastSeen;
    entry->channelId = channelId;
    entry->channelNamedAs = channelNameHash(obs.channelLogin, obs.channelName);
    entry->category = category;
    entry->describedAs = descriptionHash(obs.title, obs.language);
    return entry;
}

} // namespace StreamRank
