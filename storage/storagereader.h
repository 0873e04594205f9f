#pragma once
// Read-side queries for the GUI and for warming analytics at start-up. Safe to
// call from any thread: each calling thread (QtConcurrent pool threads too)
// gets its own read-only connection, opened on first use and closed when the
// thread ends or the reader is destroyed.

#include "anomalytypes.h"
#include "census.h"
#include "result.h"
#include "retention.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

struct sqlite3;

namespace StreamRank {

// A stream's sample: viewers is StreamObservation::UnknownViewers where the
// platform hid the count (the stream was live; "hidden" for the user).
struct SeriesPoint
{
    qint64 tMs = 0;
    qint32 viewers = 0;
    bool viewersKnown() const { return viewers >= 0; }
    friend bool operator==(const SeriesPoint &, const SeriesPoint &) = default;
};

// A category's or a platform's: viewers sum the known counts only (a
// channel hiding its count still counts as live).
struct CategoryPoint
{
    qint64 tMs = 0;
    qint64 viewers = 0;
    qint32 liveChannels = 0;
    friend bool operator==(const CategoryPoint &, const CategoryPoint &) = default;
};

// The time step of a series: every census (raw), or a rollup.
enum class Resolution
{
    Raw,
    FiveMinutes,
    FifteenMinutes,
    Hour
};
qint64 resolutionMs(Resolution resolution);    // Raw: 0
QString resolutionName(Resolution resolution); // "1 min", "5 min", …

// One rollup bucket of a series: the samples whose time falls in
// [tMs, tMs + resolutionMs). average/min/max are viewers over the samples
// whose count is known (count of them); hidden counts the samples whose
// count the platform hid (streams and channels only). A bucket with hidden
// samples only has count 0 and average, min and max UnknownViewers (-1):
// live, count unknown. Categories and platform totals also carry live
// channels.
struct RollupPoint
{
    qint64 tMs = 0;
    qint64 count = 0;
    double average = 0;
    qint32 min = 0;
    qint32 max = 0;
    double averageChannels = 0;
    qint32 maxChannels = 0;
    qint64 hidden = 0;
    bool viewersKnown() const { return count > 0; }
    friend bool operator==(const RollupPoint &, const RollupPoint &) = default;
};

class StorageReader
{
public:
    explicit StorageReader(const QString &path);
    // Closes the connections this reader opened on every thread: destroy it
    // only when no query of it is running (after QThreadPool::waitForDone()).
    ~StorageReader();
    StorageReader(const StorageReader &) = delete;
    StorageReader &operator=(const StorageReader &) = delete;

    const QString &path() const { return m_path; }

    // Samples with fromMs <= t <= toMs, in time order (hidden counts included,
    // as UnknownViewers).
    Result<QVector<SeriesPoint>> streamSeries(Platform platform, const QString &streamExternalId,
                                              qint64 fromMs, qint64 toMs) const;
    Result<QVector<CategoryPoint>> categorySeries(Platform platform,
                                                  const QString &categoryExternalId, qint64 fromMs,
                                                  qint64 toMs) const;

    // Rollup buckets (resolution not Raw) whose start lies in
    // [bucket of fromMs, toMs], in time order, exact at every moment: the
    // compacted hours from the rollup tables, the censuses not compacted yet
    // from their raw samples. A channel is all of its broadcasts (buckets
    // where it was offline are absent); a platform is its censuses' totals,
    // with streams as live channels.
    Result<QVector<RollupPoint>> streamRollups(Platform platform, const QString &streamExternalId,
                                               qint64 fromMs, qint64 toMs,
                                               Resolution resolution) const;
    Result<QVector<RollupPoint>> channelRollups(Platform platform, const QString &channelExternalId,
                                                qint64 fromMs, qint64 toMs,
                                                Resolution resolution) const;
    Result<QVector<RollupPoint>> categoryRollups(Platform platform,
                                                 const QString &categoryExternalId, qint64 fromMs,
                                                 qint64 toMs, Resolution resolution) const;
    // Every census's total viewers and stream count, fromMs <= t <= toMs.
    Result<QVector<CategoryPoint>> platformSeries(Platform platform, qint64 fromMs,
                                                  qint64 toMs) const;
    Result<QVector<RollupPoint>> platformRollups(Platform platform, qint64 fromMs, qint64 toMs,
                                                 Resolution resolution) const;

    // The platform's newest census as the collector delivered it, streams
    // sorted by viewers (highest first, hidden counts last as UnknownViewers),
    // stats reduced to what is stored (pages and malformed items). No census
    // yet: takenAtMs 0, no streams.
    Result<Census> latestCensus(Platform platform) const;
    // The platform's censuses the same way, oldest first: the newest `count`
    // taken at or before atOrBeforeMs, none before the last one before fromMs
    // (so the one just before fromMs is included, if any):
    // what a restart ranks again at once. They are rebuilt from what is
    // stored, so none is marked exhaustive (the streams they proved ended
    // are ended already). Only censuses whose raw samples retention still
    // keeps have streams.
    Result<QVector<Census>>
    recentCensuses(Platform platform, int count,
                   qint64 atOrBeforeMs = std::numeric_limits<qint64>::max(),
                   qint64 fromMs = std::numeric_limits<qint64>::min()) const;

    // Highest viewers per stream external id over samples at or after
    // sinceMs; UnknownViewers for a stream whose every count there was hidden.
    Result<QHash<QString, qint32>> peakSince(Platform platform, qint64 sinceMs) const;
    // Samples at or after sinceMs per stream external id, each list in time
    // order (hidden counts as UnknownViewers).
    Result<QHash<QString, QVector<SeriesPoint>>> recentSamples(Platform platform,
                                                               qint64 sinceMs) const;

    // The time of the platform's newest census, 0 if none: where a restarted
    // collector resumes. Cheap, unlike latestCensus().
    Result<qint64> lastCensusAt(Platform platform) const;
    Result<qint64> censusCount(Platform platform) const;
    // The platform's sessions still open (ended_at NULL): stream external id
    // -> channel external id. What a collector that tracks its streams
    // itself (YouTube) carries on with after a restart.
    Result<QHash<QString, QString>> openStreams(Platform platform) const;
    Result<qint64> sampleCount() const;

    // Stored anomaly events the filter accepts (every field of it), newest
    // first, at most filter.limit (limit <= 0: all). See anomalystore.h.
    Result<QVector<AnomalyEvent>> anomalyEvents(const AnomalyEventFilter &filter) const;
    // The incidents of those events (readAnomalyIncidents in anomalystore.h).
    Result<QVector<AnomalyIncident>> anomalyIncidents(const AnomalyEventFilter &filter) const;
    // The stored detection settings; defaults where nothing is stored.
    Result<AnomalySettings> anomalySettings() const;
    // How long each resolution is kept (retention.h); defaults where unset.
    Result<RetentionOptions> retentionOptions() const;
    // Events with time >= sinceMs (the status bar, the ranking's flag).
    Result<qint64> eventCountSince(qint64 sinceMs) const;

    // The file plus its write-ahead log.
    static qint64 databaseSizeBytes(const QString &path);

private:
    Result<QSqlDatabase> connection() const;
    // This thread's connection as a native handle, for the reads that step
    // sqlite3 statements directly.
    Result<sqlite3 *> nativeConnection() const;

    QString m_path;
    QString m_namePrefix;
    mutable QMutex m_mutex;
    mutable QStringList m_connectionNames;
};

} // namespace StreamRank
