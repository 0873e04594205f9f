// StorageReader's rollup reads (storagereader.h): series at 5 min, 15 min
// or 1 h from the rollup tables (rollup.h) for compacted hours and from the
// raw samples for censuses not compacted yet, in one read transaction so
// that compaction moving a census between the two cannot miss or repeat it.

#include "storagereader.h"

#include "platformrow.h"
#include "rollup.h"
#include "samplechunk.h"
#include "sqlitestatement.h"
#include "storagelog.h"

#include <QCoreApplication>
#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <map>

namespace StreamRank {

using Rollup::Aggregate;
using SampleChunk::BucketMs;

qint64 resolutionMs(Resolution resolution)
{
    switch (resolution) {
    case Resolution::Raw:
        return 0;
    case Resolution::FiveMinutes:
        return Rollup::SlotMs;
    case Resolution::FifteenMinutes:
        return 3 * Rollup::SlotMs;
    case Resolution::Hour:
        return BucketMs;
    }
    return 0;
}

QString resolutionName(Resolution resolution)
{
    switch (resolution) {
    case Resolution::Raw:
        return QCoreApplication::translate("Resolution", "every census");
    case Resolution::FiveMinutes:
        return QCoreApplication::translate("Resolution", "5 min");
    case Resolution::FifteenMinutes:
        return QCoreApplication::translate("Resolution", "15 min");
    case Resolution::Hour:
        return QCoreApplication::translate("Resolution", "1 h");
    }
    return {};
}

namespace {

QString rollupReadError(sqlite3 *db)
{
    const QString message =
        QStringLiteral("Could not read the database: %1").arg(sqliteErrorText(db));
    qCWarning(lcStorage).noquote() << message;
    return message;
}

// Buckets of the output resolution, filled from hours, 5-minute slots or
// single samples. Every input is an exact aggregate, so any mix combines
// exactly.
class Buckets
{
public:
    explicit Buckets(Resolution resolution)
        : m_stepMs(std::max<qint64>(1, resolutionMs(resolution)))
    {}

    qint64 keyOf(qint64 tMs) const
    {
        const qint64 r = tMs % m_stepMs;
        return tMs - (r < 0 ? r + m_stepMs : r);
    }
    // The last moment of the bucket that holds tMs: reads go to there, so the
    // last bucket is whole whether its hour is compacted or not.
    qint64 endOf(qint64 tMs) const { return keyOf(tMs) + m_stepMs - 1; }
    void add(qint64 tMs, const Aggregate &viewers, const Aggregate &channels = {})
    {
        if (viewers.empty())
            return;
        auto &[v, c] = m_buckets[keyOf(tMs)];
        v.add(viewers);
        c.add(channels);
    }
    void addSlots(qint64 bucket, const Rollup::HourSlots &hour)
    {
        for (int i = 0; i < Rollup::SlotsPerHour; ++i)
            add(bucket + i * Rollup::SlotMs, hour.viewers[i], hour.channels[i]);
    }
    void addSample(qint64 tMs, qint32 viewers, qint32 channels = 0)
    {
        Aggregate v;
        v.add(viewers);
        Aggregate c;
        c.add(channels);
        add(tMs, v, c);
    }
    void addAll(const Buckets &other)
    {
        for (const auto &[key, value] : other.m_buckets) {
            auto &[v, c] = m_buckets[key];
            v.add(value.first);
            c.add(value.second);
        }
    }
    // Buckets starting in [keyOf(fromMs), toMs].
    QVector<RollupPoint> points(qint64 fromMs, qint64 toMs) const
    {
        QVector<RollupPoint> out;
        out.reserve(qsizetype(m_buckets.size()));
        for (auto it = m_buckets.lower_bound(keyOf(fromMs));
             it != m_buckets.end() && it->first <= toMs; ++it) {
            const auto &[v, c] = it->second;
            // Only hidden counts: the bucket says it knows none, not 0 viewers.
            const bool known = v.count > 0;
            out.append({it->first, v.count, known ? v.mean() : double(Rollup::UnknownViewers),
                        v.storedMin(), v.storedMax(), c.mean(), c.max, v.hidden});
        }
        return out;
    }

private:
    qint64 m_stepMs;
    std::map<qint64, std::pair<Aggregate, Aggregate>> m_buckets;
};

// One read transaction for all the statements of a read.
struct ReadTransaction
{
    sqlite3 *db;
    bool ok;
    explicit ReadTransaction(sqlite3 *handle)
        : db(handle), ok(sqlite3_exec(handle, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK)
    {}
    ~ReadTransaction()
    {
        if (ok)
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
};

struct Session
{
    qint64 streamId = 0;
    qint64 from = 0;
    qint64 to = -1;
};

// Adds one stream's buckets over [session.from, session.to].
std::optional<QString> readStreamBuckets(sqlite3 *db, qint64 platformId, const Session &session,
                                         Resolution resolution, Buckets &out)
{
    const bool hourly = resolution == Resolution::Hour;
    SqliteStatement probe;
    if (probe.prepare(db, hourly ? "SELECT count, viewers_sum, viewers_min, viewers_max,"
                                   " hidden_count FROM stream_rollups_1h WHERE bucket_start = ?1"
                                   " AND stream_id = ?2"
                                 : "SELECT slots FROM stream_rollups_5m WHERE bucket_start = ?1"
                                   " AND stream_id = ?2") != SQLITE_OK)
        return rollupReadError(db);
    probe.bind(2, session.streamId);
    Rollup::HourSlots slotsOfHour;
    for (qint64 bucket = SampleChunk::bucketOf(session.from); bucket <= session.to;
         bucket += BucketMs) {
        probe.bind(1, bucket);
        const int rc = probe.step();
        if (rc == SQLITE_ROW) {
            if (hourly) {
                const qint64 count = probe.columnInt64(0);
                out.add(bucket,
                        {count, probe.columnInt64(1), count > 0 ? qint32(probe.columnInt64(2)) : 0,
                         count > 0 ? qint32(probe.columnInt64(3)) : 0, probe.columnInt64(4)});
            } else {
                slotsOfHour.clear();
                Rollup::decode(probe.columnBlob(0), probe.columnBytes(0), false, slotsOfHour);
                out.addSlots(bucket, slotsOfHour);
            }
        } else if (rc != SQLITE_DONE) {
            return rollupReadError(db);
        }
        probe.reset();
    }

    // CROSS JOIN keeps censuses outside: the partial index censuses_uncompacted
    // gives the few censuses in range, each then one primary-key probe.
    SqliteStatement recent;
    if (recent.prepare(db, "SELECT c.taken_at, v.viewers FROM censuses c"
                           " CROSS JOIN viewership_samples v ON v.census_id = c.id"
                           " AND v.stream_id = ?4 WHERE c.platform_id = ?1 AND c.compacted = 0"
                           " AND c.taken_at BETWEEN ?2 AND ?3") != SQLITE_OK)
        return rollupReadError(db);
    recent.bind(1, platformId);
    recent.bind(2, SampleChunk::bucketOf(session.from));
    recent.bind(3, session.to);
    recent.bind(4, session.streamId);
    int rc;
    while ((rc = recent.step()) == SQLITE_ROW)
        out.addSample(recent.columnInt64(0), qint32(recent.columnInt64(1)));
    if (rc != SQLITE_DONE)
        return rollupReadError(db);
    return std::nullopt;
}

// The hours a session can have samples in, clipped to [fromMs, toMs]: from
// its first census to its end, or to the platform's newest census while live.
constexpr const char *kSessionColumns =
    "s.id, COALESCE(s.first_seen_at, s.started_at), s.ended_at,"
    " (SELECT MAX(taken_at) FROM censuses WHERE platform_id = s.platform_id)";

Session clippedSession(const SqliteStatement &row, qint64 fromMs, qint64 toMs)
{
    Session session;
    session.streamId = row.columnInt64(0);
    session.from = std::max(fromMs, row.columnInt64(1));
    if (!row.columnIsNull(2))
        session.to = std::min(toMs, row.columnInt64(2));
    else if (!row.columnIsNull(3))
        session.to = std::min(toMs, row.columnInt64(3));
    else
        session.to = session.from - 1;
    return session;
}

} // namespace

Result<QVector<RollupPoint>> StorageReader::streamRollups(Platform platform,
                                                          const QString &streamExternalId,
                                                          qint64 fromMs, qint64 toMs,
                                                          Resolution resolution) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    sqlite3 *db = *handle;
    const ReadTransaction transaction(db);
    if (!transaction.ok)
        return Unexpected{rollupReadError(db)};
    SqliteStatement row;
    const QByteArray sql = QByteArray("SELECT ") + kSessionColumns +
                           " FROM streams s WHERE s.platform_id = ?1 AND s.external_id = ?2";
    if (row.prepare(db, sql.constData()) != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    row.bind(1, platformRowId(platform));
    row.bindText(2, streamExternalId);
    const int rc = row.step();
    if (rc == SQLITE_DONE)
        return QVector<RollupPoint>();
    if (rc != SQLITE_ROW)
        return Unexpected{rollupReadError(db)};
    Buckets buckets(resolution);
    const Session session = clippedSession(row, buckets.keyOf(fromMs), buckets.endOf(toMs));
    row.reset();
    if (session.from <= session.to) {
        if (auto error =
                readStreamBuckets(db, platformRowId(platform), session, resolution, buckets))
            return Unexpected{*error};
    }
    return buckets.points(fromMs, toMs);
}

Result<QVector<RollupPoint>> StorageReader::channelRollups(Platform platform,
                                                           const QString &channelExternalId,
                                                           qint64 fromMs, qint64 toMs,
                                                           Resolution resolution) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    sqlite3 *db = *handle;
    const ReadTransaction transaction(db);
    if (!transaction.ok)
        return Unexpected{rollupReadError(db)};
    // The channel's broadcasts that overlap the range (streams_channel).
    SqliteStatement rows;
    const QByteArray sql = QByteArray("SELECT ") + kSessionColumns +
                           " FROM streams s WHERE s.channel_id = (SELECT id FROM channels"
                           " WHERE platform_id = ?1 AND external_id = ?2)"
                           " AND COALESCE(s.first_seen_at, s.started_at) <= ?4"
                           " AND (s.ended_at IS NULL OR s.ended_at >= ?3)";
    if (rows.prepare(db, sql.constData()) != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    rows.bind(1, platformRowId(platform));
    rows.bindText(2, channelExternalId);
    Buckets buckets(resolution);
    const qint64 readTo = buckets.endOf(toMs);
    const qint64 readFrom = buckets.keyOf(fromMs);
    rows.bind(3, readFrom);
    rows.bind(4, readTo);
    std::vector<Session> sessions;
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW)
        sessions.push_back(clippedSession(rows, readFrom, readTo));
    rows.reset();
    if (rc != SQLITE_DONE)
        return Unexpected{rollupReadError(db)};
    // Broadcasts follow each other, so a bucket shared by two (one ended, the
    // next began) averages all its samples. Two at once (a YouTube channel
    // can) would average per broadcast: see docs/STORAGE.md.
    for (const Session &session : sessions) {
        if (session.from > session.to)
            continue;
        if (auto error =
                readStreamBuckets(db, platformRowId(platform), session, resolution, buckets))
            return Unexpected{*error};
    }
    return buckets.points(fromMs, toMs);
}

Result<QVector<RollupPoint>> StorageReader::categoryRollups(Platform platform,
                                                            const QString &categoryExternalId,
                                                            qint64 fromMs, qint64 toMs,
                                                            Resolution resolution) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    sqlite3 *db = *handle;
    const ReadTransaction transaction(db);
    if (!transaction.ok)
        return Unexpected{rollupReadError(db)};
    const bool hourly = resolution == Resolution::Hour;
    SqliteStatement id;
    if (id.prepare(db, "SELECT id FROM categories WHERE platform_id = ?1 AND external_id = ?2") !=
        SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    id.bind(1, platformRowId(platform));
    id.bindText(2, categoryExternalId);
    int rc = id.step();
    if (rc == SQLITE_DONE)
        return QVector<RollupPoint>();
    if (rc != SQLITE_ROW)
        return Unexpected{rollupReadError(db)};
    const qint64 categoryId = id.columnInt64(0);
    id.reset();

    Buckets buckets(resolution);
    const qint64 firstHour = SampleChunk::bucketOf(fromMs);
    // One primary-key probe (bucket_start, category_id) per hour of the range.
    SqliteStatement range;
    if (range.prepare(db, hourly ? "SELECT bucket_start, count, viewers_sum, viewers_min,"
                                   " viewers_max, channels_sum, channels_min, channels_max"
                                   " FROM category_rollups_1h WHERE category_id = ?1"
                                   " AND bucket_start = ?2"
                                 : "SELECT bucket_start, slots FROM category_rollups_5m"
                                   " WHERE category_id = ?1 AND bucket_start = ?2") != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    range.bind(1, categoryId);
    // Only the hours the platform has censuses in: a range of years costs
    // what the history holds.
    SqliteStatement extent;
    if (extent.prepare(db, "SELECT MIN(taken_at), MAX(taken_at) FROM censuses"
                           " WHERE platform_id = ?1") != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    extent.bind(1, platformRowId(platform));
    if (extent.step() != SQLITE_ROW)
        return Unexpected{rollupReadError(db)};
    if (extent.columnIsNull(0))
        return QVector<RollupPoint>();
    const qint64 firstProbe = std::max(firstHour, SampleChunk::bucketOf(extent.columnInt64(0)));
    const qint64 lastProbe = std::min(toMs, extent.columnInt64(1));
    extent.reset();
    Rollup::HourSlots hour;
    for (qint64 probe = firstProbe; probe <= lastProbe; probe += BucketMs) {
        range.bind(2, probe);
        rc = range.step();
        if (rc == SQLITE_DONE) {
            range.reset();
            continue;
        }
        if (rc != SQLITE_ROW)
            break;
        const qint64 bucket = range.columnInt64(0);
        if (hourly) {
            const qint64 count = range.columnInt64(1);
            buckets.add(bucket,
                        {count, range.columnInt64(2), qint32(range.columnInt64(3)),
                         qint32(range.columnInt64(4))},
                        {count, range.columnInt64(5), qint32(range.columnInt64(6)),
                         qint32(range.columnInt64(7))});
        } else {
            hour.clear();
            Rollup::decode(range.columnBlob(1), range.columnBytes(1), true, hour);
            buckets.addSlots(bucket, hour);
        }
        range.reset();
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        range.reset();
        return Unexpected{rollupReadError(db)};
    }

    // Not compacted yet: the census's row of this category, a key probe.
    SqliteStatement recent;
    if (recent.prepare(db, "SELECT c.taken_at, cs.viewers, cs.live_channels FROM censuses c"
                           " CROSS JOIN category_samples cs ON cs.category_id = ?4"
                           " AND cs.taken_at = c.taken_at WHERE c.platform_id = ?1"
                           " AND c.compacted = 0 AND c.taken_at BETWEEN ?2 AND ?3") != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    recent.bind(1, platformRowId(platform));
    recent.bind(2, firstHour);
    recent.bind(3, buckets.endOf(toMs));
    recent.bind(4, categoryId);
    while ((rc = recent.step()) == SQLITE_ROW)
        buckets.addSample(recent.columnInt64(0), qint32(recent.columnInt64(1)),
                          qint32(recent.columnInt64(2)));
    if (rc != SQLITE_DONE)
        return Unexpected{rollupReadError(db)};
    return buckets.points(fromMs, toMs);
}

Result<QVector<CategoryPoint>> StorageReader::platformSeries(Platform platform, qint64 fromMs,
                                                             qint64 toMs) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    sqlite3 *db = *handle;
    SqliteStatement range;
    if (range.prepare(db, "SELECT taken_at, total_viewers, stream_count FROM censuses"
                          " WHERE platform_id = ?1 AND taken_at BETWEEN ?2 AND ?3"
                          " ORDER BY taken_at") != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    range.bind(1, platformRowId(platform));
    range.bind(2, fromMs);
    range.bind(3, toMs);
    QVector<CategoryPoint> points;
    int rc;
    while ((rc = range.step()) == SQLITE_ROW)
        points.append({range.columnInt64(0), range.columnInt64(1), qint32(range.columnInt64(2))});
    if (rc != SQLITE_DONE)
        return Unexpected{rollupReadError(db)};
    return points;
}

Result<QVector<RollupPoint>> StorageReader::platformRollups(Platform platform, qint64 fromMs,
                                                            qint64 toMs,
                                                            Resolution resolution) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    sqlite3 *db = *handle;
    Buckets buckets(resolution);
    // One range of censuses_platform_time: 43,200 rows for 30 days at one
    // census a minute, a few milliseconds; small enough to need no rollup.
    SqliteStatement range;
    if (range.prepare(db, "SELECT taken_at, total_viewers, stream_count FROM censuses"
                          " WHERE platform_id = ?1 AND taken_at BETWEEN ?2 AND ?3") != SQLITE_OK)
        return Unexpected{rollupReadError(db)};
    range.bind(1, platformRowId(platform));
    range.bind(2, buckets.keyOf(fromMs));
    range.bind(3, buckets.endOf(toMs));
    int rc;
    while ((rc = range.step()) == SQLITE_ROW)
        buckets.addSample(range.columnInt64(0),
                          qint32(std::min<qint64>(range.columnInt64(1), INT32_MAX)),
                          qint32(range.columnInt64(2)));
    if (rc != SQLITE_DONE)
        return Unexpected{rollupReadError(db)};
    return buckets.points(fromMs, toMs);
}

} // namespace StreamRank
