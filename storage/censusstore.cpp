#include "censusstore_p.h"
#include "platformrow.h"

#include "clock.h"
#include "database.h"
#include "storagelog.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <sqlite3.h>

#include <algorithm>

// How the hot path stays cheap: every statement is prepared once, and each
// live stream's row id and a digest of its last written values sit in memory,
// so a stream already known costs one hash lookup and one sample insert, plus
// one UPDATE only when its peak rose or its title, category, language or
// channel name changed. Updates and samples are written sorted by stream id,
// so each B-tree is walked front to back rather than in the platform's order.
// Every table and index a census appends to is keyed by something that grows
// with time (census id, taken_at) except streams and category_samples, so
// what a census writes does not depend on how much history the file holds;
// per-stream series are built once an hour by SampleCompactor.
//
// last_seen_at is not rewritten per census (that would be a second write per
// stream): the writer keeps it in memory and stores it when the stream ends.
// Streams still open when StreamRank starts are treated conservatively: their
// last sighting is read from the censuses when they turn out to have ended,
// so ended_at is never later than a census that saw them.

namespace StreamRank {

using namespace StorageDetail;

namespace {
// How long checkpoint() may spend starting new hours of compaction: about 4
// hours at 100,000 streams, a few percent of a one-minute census interval.
constexpr qint64 kCompactionBudgetMs = 3000;
// And how long it may spend building rollups of older history per census.
constexpr qint64 kBackfillBudgetMs = 1000;
// And deleting what aged out: whole batches of ~20 ms until this is spent.
// An hour of 100,000 streams is 6.4 million rows to delete, about 35 s of
// batches on a warm disk and more on a cold one: 500 ms a census keeps up
// (docs/PERFORMANCE.md §9).
constexpr qint64 kRetentionBudgetMs = 500;
} // namespace

std::optional<WriteError> CensusStorePrivate::writeInTransaction(const Census &census,
                                                                 StoredCensus &stored)
{
    const qint64 platformId = platformRowId(census.platform);
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
    qint64 totalViewers = 0; // of the known counts
    qint64 hidden = 0;       // streams whose count the platform hid
    int duplicates = 0;
    std::optional<WriteError> error;

    // Every cache lookup first, in a loop of their own: a census comes in
    // viewers order, unrelated to where its streams sit in memory, so each
    // lookup is a few cache misses. Without SQL calls in between, the CPU
    // overlaps the misses of consecutive lookups (at 100,000 streams the
    // census loop went from about 55 to 42 ms).
    const qsizetype streamCount = census.streams.size();
    m_found.resize(size_t(streamCount));
    for (qsizetype i = 0; i < streamCount; ++i)
        m_found[size_t(i)] = state.streams.find(census.streams.at(i).streamId);

    for (qsizetype i = 0; i < streamCount; ++i) {
        if (m_faultInjector && m_faultInjector(int(i)))
            return WriteError{QStringLiteral("fault injected at stream %1").arg(i)};
        const StreamObservation &obs = census.streams.at(i);

        // Not found then, it may have been added since by a repeat of it earlier in this census.
        StreamEntry *stream = m_found[size_t(i)];
        if (!stream)
            stream = state.streams.find(obs.streamId);
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
        // A hidden count is stored as UnknownViewers (any negative count is
        // one) and left out of the sums without a branch; the stream still
        // counts as live in its category.
        const qint32 viewers = std::max(obs.viewers, StreamObservation::UnknownViewers);
        const qint32 known = std::max(viewers, 0);
        m_samples.push_back({stream->id, viewers});
        totalViewers += known;
        hidden += viewers < 0;
        if (CategoryEntry *category = stream->category) {
            if (category->aggregatedIn != serial) {
                category->aggregatedIn = serial;
                category->viewers = 0;
                category->liveChannels = 0;
                m_touchedCategories.push_back(category);
            }
            category->viewers += known;
            ++category->liveChannels;
        }
    }
    if (duplicates > 0) {
        qCInfo(lcStorage) << "Dropped" << duplicates << "repeated streams from the"
                          << platformCode(census.platform) << "census";
    }

    if ((error = writeSamples(censusId, takenAt)))
        return error;

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
    // on a page that failed; nor does a top-N or filtered one. It may still
    // name streams it knows ended (YouTube: an actualEndTime).
    if (census.provesEnded() || !census.endedStreamIds.isEmpty()) {
        if ((error = endUnseenStreams(state, census, stored)))
            return error;
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
    stored.hiddenStreams = int(hidden);
    return std::nullopt;
}

// Peak updates and the census's samples. Rows written in stream id order
// walk each B-tree front to back instead of jumping around it in the
// platform's order; the samples all land at the end of viewership_samples,
// after the previous census's.
std::optional<WriteError> CensusStorePrivate::writeSamples(qint64 censusId, qint64 takenAt)
{
    std::optional<WriteError> error;
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
    return std::nullopt;
}

// A complete census ends the live streams it does not list, at their last sighting.
// Whether a live stream the census did not list ends with it: every one when
// the census proves it, else those it names as ended.
static bool endsWith(const StreamEntry &stream, const Census &census)
{
    return census.provesEnded() || census.endedStreamIds.contains(stream.externalId);
}

std::optional<WriteError> CensusStorePrivate::endUnseenStreams(PlatformState &state,
                                                               const Census &census,
                                                               StoredCensus &stored)
{
    const quint64 serial = m_writeSerial;
    for (StreamEntry *stream : state.live) {
        if (stream->seenInWrite == serial || !endsWith(*stream, census))
            continue;
        qint64 lastSeen = stream->lastSeenMs;
        if (lastSeen == 0) { // open since before start-up
            if (auto error = lastSightingOf(*stream, &lastSeen))
                return error;
        }
        m_endStream.bind(1, stream->id);
        m_endStream.bind(2, lastSeen);
        if (auto error = stepDone(m_endStream))
            return error;
        ++stored.endedStreams;
    }
    return std::nullopt;
}

// Only after COMMIT: the caches now describe the database again.
void CensusStorePrivate::commitCaches(const Census &census)
{
    PlatformState &state = *m_current;
    const quint64 serial = m_writeSerial;
    // max: a late census (a collector catching up) must not move a sighting back.
    for (StreamEntry *stream : m_seen)
        stream->lastSeenMs = std::max(stream->lastSeenMs, census.takenAtMs);

    std::vector<StreamEntry *> ended;
    std::vector<StreamEntry *> live = m_seen;
    for (StreamEntry *stream : state.live) {
        if (stream->seenInWrite == serial)
            continue;
        if (!endsWith(*stream, census))
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
    // A page cache of 16 MiB (SQLite's default is 2 MiB) keeps the right
    // edge of every index in memory between censuses; 64 MiB wrote a census
    // of 100,000 streams no faster and held 48 MiB more (docs/PERFORMANCE.md
    // §7). Checkpoints are run by checkpoint(), not by COMMIT.
    sqlite3_exec(db, "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0", nullptr, nullptr,
                 nullptr);
}

CensusStore::~CensusStore() = default;

void CensusStore::setFaultInjector(FaultInjector injector)
{
    d->m_faultInjector = std::move(injector);
}

void CensusStore::setCompactionFaultInjector(CompactionFaultInjector injector)
{
    d->m_compactor.setFaultInjector(std::move(injector));
}

Result<CompactionReport> CensusStore::compact()
{
    return d->m_compactor.compactClosedHours();
}

Result<RetentionReport> CensusStore::applyRetention(qint64 nowMs, qint64 budgetMs)
{
    auto report = d->m_retention.run(nowMs, budgetMs);
    if (report && report->rowsDeleted > 0)
        qCInfo(lcStorage).noquote()
            << QStringLiteral("Retention: deleted %1 rows in %2 batches (longest %3 ms)%4")
                   .arg(report->rowsDeleted)
                   .arg(report->batches)
                   .arg(report->longestBatchMs)
                   .arg(report->finished ? QString() : QStringLiteral("; more follow"));
    return report;
}

void CensusStore::setRetentionBatchRows(int rows)
{
    d->m_retention.setBatchRows(rows);
}

std::optional<QString> CensusStore::setRetentionOptions(const RetentionOptions &options)
{
    auto error = saveRetentionOptions(d->m_db, options);
    d->m_retention.invalidateOptions();
    return error;
}

void CensusStorePrivate::noteBackfill(const BackfillReport &report)
{
    if (report.finished)
        m_backfillPending = false;
    m_backfillProgress =
        RollupBackfillProgress{report.hoursDone, report.hoursLeft, report.finished};
}

Result<bool> CensusStore::buildOlderRollups(qint64 budgetMs)
{
    auto built = d->m_compactor.rollups().backfill(budgetMs);
    if (!built)
        return Unexpected{built.error()};
    d->noteBackfill(*built);
    return built->finished;
}

Result<RollupBackfillProgress> CensusStore::rollupBackfillProgress()
{
    if (!d->m_backfillProgress) {
        auto progress = d->m_compactor.rollups().progress();
        if (!progress)
            return progress;
        d->m_backfillProgress = *progress;
        if (progress->finished)
            d->m_backfillPending = false;
    }
    return *d->m_backfillProgress;
}

void CensusStore::checkpoint()
{
    // Compaction first, so that the hour it just wrote goes into the file now
    // rather than sitting in the log until the next census. Bounded: a
    // schema 1 history of weeks at 100,000 streams is minutes of work (0.7 s
    // an hour), and the censuses queued behind it wait in memory; it is
    // spread over the following censuses instead, reads being right meanwhile.
    auto compacted = d->m_compactor.compactClosedHours(kCompactionBudgetMs);
    if (compacted && (compacted->hours > 1 || compacted->hoursLeft > 0)) {
        // Each hour logged its own line too; failures are logged by the compactor.
        qCInfo(lcStorage) << "Compacted" << compacted->hours << "hours," << compacted->samples
                          << "samples in" << compacted->elapsedMs << "ms;" << compacted->hoursLeft
                          << "closed hours left for the next censuses";
    }
    // Then rollups for history compacted before schema 4, a little at a time.
    if (d->m_backfillPending) {
        // A failure (logged if an hour's failed) is tried again after the next census.
        if (auto built = d->m_compactor.rollups().backfill(kBackfillBudgetMs))
            d->noteBackfill(*built);
    }
    // Then what aged out, in batches of a few tens of ms.
    // A failure was logged by the pass and is tried again after the next census.
    if (d->m_newestCensusMs > 0)
        (void)applyRetention(d->m_newestCensusMs, kRetentionBudgetMs);
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
    // Hours retention has cleared are final (their rollups too): a census
    // for them is refused, not half-merged.
    if (const auto mark = d->m_retention.rawDeletedBefore(); !mark) {
        error = WriteError{mark.error()};
    } else if (census.takenAtMs < *mark) {
        error = WriteError{
            QStringLiteral("it is older than this database keeps every census (retention "
                           "deleted them before %1); keep them longer in Settings → Storage to "
                           "store older ones")
                .arg(isoUtcText(*mark))};
    }
    if (!error) {
        if (!d->m_prepared && !d->prepare(&prepareError))
            error = WriteError{prepareError};
        else if (d->m_begin.step() != SQLITE_DONE)
            error = d->lastError();
        d->m_begin.reset();
    }

    if (!error)
        error = d->writeInTransaction(census, stored);
    if (error) {
        d->rollback();
        const QString message =
            QStringLiteral("Could not store the %1 census of %2: %3")
                .arg(
                    platformDisplayName(census.platform),
                    QDateTime::fromMSecsSinceEpoch(census.takenAtMs, Qt::UTC).toString(Qt::ISODate),
                    error->detail);
        qCWarning(lcStorage).noquote() << message;
        return Unexpected{message};
    }

    d->commitCaches(census);
    d->m_newestCensusMs = std::max(d->m_newestCensusMs, census.takenAtMs);
    stored.elapsedMs = timer.elapsed();
    stored.databaseBytes =
        databaseSizeBytes(QString::fromUtf8(sqlite3_db_filename(d->m_db, "main")));
    return stored;
}

} // namespace StreamRank
