#include "storagereader.h"
#include "platformrow.h"

#include "anomalystore.h"
#include "database.h"
#include "samplechunk.h"
#include "sqlitestatement.h"
#include "storagelog.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMutexLocker>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

namespace StreamRank {

namespace {

std::atomic<quint64> g_threadSerial{0};

// A number no other thread of this process ever had: unlike a QThread pointer
// it is not reused when a pool thread ends and another starts, so a
// connection name never meets a thread it does not belong to.
quint64 currentThreadSerial()
{
    thread_local const quint64 serial = ++g_threadSerial;
    return serial;
}

// Closes this thread's reader connections when the thread ends: QThreadPool
// retires idle threads after 30 s and starts new ones, and connections must
// not pile up.
struct ThreadConnections
{
    QStringList names;
    ~ThreadConnections()
    {
        if (!QCoreApplication::instance())
            return; // process exit: nothing left to release them to
        for (const QString &name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
    }
};
thread_local ThreadConnections t_connections;

QString queryError(const QSqlQuery &query)
{
    const QString message =
        QStringLiteral("Could not read the database: %1").arg(query.lastError().databaseText());
    qCWarning(lcStorage).noquote() << message;
    return message;
}

// Runs a prepared query and folds every row into `out` with `row`; a failure
// to run or to step through the rows is an error, never a short result.
template <typename T, typename Row> Result<T> readRows(QSqlQuery &query, T out, Row row)
{
    if (!query.exec())
        return Unexpected{queryError(query)};
    while (query.next())
        row(out, query);
    if (query.lastError().isValid())
        return Unexpected{queryError(query)};
    return out;
}

QString sqliteReadError(sqlite3 *db)
{
    const QString message =
        QStringLiteral("Could not read the database: %1").arg(sqliteErrorText(db));
    qCWarning(lcStorage).noquote() << message;
    return message;
}

// One stream's samples in [fromMs, toMs]: the packed hours of sample_chunks
// plus the censuses not compacted yet, on the native handle (a QVariant per
// value would cost more than the read itself: 43,200 points take a few ms).
// The hours probed are bounded by the session (first_seen_at .. ended_at, or
// the platform's last census while live), one primary-key lookup per hour
// with one statement re-bound: a 3-hour stream costs 3 lookups whatever the
// range, and no other stream's rows are touched.
Result<QVector<SeriesPoint>> readStreamSeries(sqlite3 *db, qint64 platformId,
                                              const QString &externalId, qint64 fromMs, qint64 toMs)
{
    // One snapshot for both sources: compaction moves a census from
    // viewership_samples to the chunks in a single commit, so reading them at
    // two moments could miss or repeat it.
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Unexpected{sqliteReadError(db)};
    // Declared before the statements, so it runs after they are finalized.
    const auto endRead =
        qScopeGuard([db] { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); });

    SqliteStatement session;
    if (session.prepare(db, "SELECT s.id, s.first_seen_at, s.ended_at,"
                            " (SELECT MAX(taken_at) FROM censuses WHERE platform_id = ?1)"
                            " FROM streams s WHERE s.platform_id = ?1 AND s.external_id = ?2") !=
        SQLITE_OK)
        return Unexpected{sqliteReadError(db)};
    session.bind(1, platformId);
    session.bindText(2, externalId);
    int rc = session.step();
    if (rc == SQLITE_DONE)
        return QVector<SeriesPoint>(); // no such stream
    if (rc != SQLITE_ROW)
        return Unexpected{sqliteReadError(db)};
    const qint64 streamId = session.columnInt64(0);
    const qint64 from = session.columnIsNull(1) ? fromMs : std::max(fromMs, session.columnInt64(1));
    qint64 to = toMs;
    if (!session.columnIsNull(2))
        to = std::min(to, session.columnInt64(2));
    else if (!session.columnIsNull(3))
        to = std::min(to, session.columnInt64(3));
    else
        to = from - 1; // no census at all
    session.reset();

    QVector<SeriesPoint> points;
    if (from > to)
        return points;

    SqliteStatement chunk;
    if (chunk.prepare(db, "SELECT first_at, last_at, samples FROM sample_chunks"
                          " WHERE bucket_start = ?1 AND stream_id = ?2") != SQLITE_OK)
        return Unexpected{sqliteReadError(db)};
    chunk.bind(2, streamId);
    for (qint64 bucket = SampleChunk::bucketOf(from); bucket <= to;
         bucket += SampleChunk::BucketMs) {
        chunk.bind(1, bucket);
        rc = chunk.step();
        if (rc == SQLITE_ROW) {
            const bool whole = chunk.columnInt64(0) >= from && chunk.columnInt64(1) <= to;
            SampleChunk::forEachSample(chunk.columnBlob(2), chunk.columnBytes(2), bucket,
                                       [&](qint64 t, qint32 viewers) {
                                           if (whole || (t >= from && t <= to))
                                               points.append({t, viewers});
                                       });
        } else if (rc != SQLITE_DONE) {
            return Unexpected{sqliteReadError(db)};
        }
        chunk.reset();
    }

    // CROSS JOIN keeps censuses outside: the partial index censuses_uncompacted
    // gives the few censuses in range, each then one primary-key probe.
    SqliteStatement recent;
    if (recent.prepare(db, "SELECT c.taken_at, v.viewers FROM censuses c"
                           " CROSS JOIN viewership_samples v ON v.census_id = c.id"
                           " AND v.stream_id = ?4 WHERE c.platform_id = ?1 AND c.compacted = 0"
                           " AND c.taken_at BETWEEN ?2 AND ?3 ORDER BY c.taken_at") != SQLITE_OK)
        return Unexpected{sqliteReadError(db)};
    recent.bind(1, platformId);
    recent.bind(2, from);
    recent.bind(3, to);
    recent.bind(4, streamId);
    const auto fromChunks = points.size();
    while ((rc = recent.step()) == SQLITE_ROW)
        points.append({recent.columnInt64(0), qint32(recent.columnInt64(1))});
    if (rc != SQLITE_DONE)
        return Unexpected{sqliteReadError(db)};

    // Uncompacted censuses are normally the open hour, after every chunk; a
    // census that arrived late for a compacted hour sorts into place.
    if (fromChunks > 0 && fromChunks < points.size() &&
        points.at(fromChunks).tMs < points.at(fromChunks - 1).tMs) {
        std::inplace_merge(
            points.begin(), points.begin() + fromChunks, points.end(),
            [](const SeriesPoint &a, const SeriesPoint &b) { return a.tMs < b.tMs; });
    }
    return points;
}

} // namespace

StorageReader::StorageReader(const QString &path)
    : m_path(QFileInfo(path).absoluteFilePath()), m_namePrefix(uniqueConnectionName(u"read"))
{}

StorageReader::~StorageReader()
{
    QMutexLocker locker(&m_mutex);
    for (const QString &name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
}

qint64 StorageReader::databaseSizeBytes(const QString &path)
{
    return StreamRank::databaseSizeBytes(path);
}

Result<QSqlDatabase> StorageReader::connection() const
{
    const QString name = m_namePrefix + QLatin1Char('.') + QString::number(currentThreadSerial());
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid())
        return db;
    if (!QFileInfo::exists(m_path))
        return Unexpected{QStringLiteral("There is no database at %1 yet.").arg(m_path)};

    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    // Read-only: a reader can never take the writer's place by accident. In
    // WAL mode it reads the last committed census while the next one is
    // being written, so the busy timeout only covers rare checkpoint moments.
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    {
        QMutexLocker locker(&m_mutex);
        m_connectionNames.append(name);
    }
    t_connections.names.append(name);
    if (!db.open()) {
        const QString error = db.lastError().databaseText();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Unexpected{QStringLiteral("Could not open the database %1: %2").arg(m_path, error)};
    }
    return db;
}

Result<sqlite3 *> StorageReader::nativeConnection() const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    sqlite3 *handle = nativeSqliteHandle(*db);
    if (!handle)
        return Unexpected{QStringLiteral("Could not read the database: the SQLite driver gave no "
                                         "native handle.")};
    return handle;
}

Result<QVector<SeriesPoint>> StorageReader::streamSeries(Platform platform,
                                                         const QString &streamExternalId,
                                                         qint64 fromMs, qint64 toMs) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readStreamSeries(*handle, platformRowId(platform), streamExternalId, fromMs, toMs);
}

Result<QVector<AnomalyEvent>> StorageReader::anomalyEvents(const AnomalyEventFilter &filter) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readAnomalyEvents(*handle, filter);
}

Result<QVector<AnomalyIncident>>
StorageReader::anomalyIncidents(const AnomalyEventFilter &filter) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readAnomalyIncidents(*handle, filter);
}

Result<AnomalySettings> StorageReader::anomalySettings() const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readAnomalySettings(*handle);
}

Result<RetentionOptions> StorageReader::retentionOptions() const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readRetentionOptions(*handle);
}

Result<qint64> StorageReader::eventCountSince(qint64 sinceMs) const
{
    auto handle = nativeConnection();
    if (!handle)
        return Unexpected{handle.error()};
    return readEventCountSince(*handle, sinceMs);
}

Result<QVector<CategoryPoint>> StorageReader::categorySeries(Platform platform,
                                                             const QString &categoryExternalId,
                                                             qint64 fromMs, qint64 toMs) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT taken_at, viewers, live_channels FROM category_samples"
        " WHERE category_id = (SELECT id FROM categories WHERE platform_id = ? AND external_id = ?)"
        " AND taken_at BETWEEN ? AND ? ORDER BY taken_at"));
    query.addBindValue(platformRowId(platform));
    query.addBindValue(categoryExternalId);
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    return readRows(
        query, QVector<CategoryPoint>(), [](QVector<CategoryPoint> &points, const QSqlQuery &q) {
            points.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt()});
        });
}

Result<Census> StorageReader::latestCensus(Platform platform) const
{
    auto censuses = recentCensuses(platform, 1);
    if (!censuses)
        return Unexpected{censuses.error()};
    if (censuses->isEmpty()) {
        Census none;
        none.platform = platform;
        return none;
    }
    return censuses->constLast();
}

Result<QVector<Census>> StorageReader::recentCensuses(Platform platform, int count,
                                                      qint64 atOrBeforeMs, qint64 fromMs) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery head(*db);
    head.setForwardOnly(true);
    head.prepare(QStringLiteral(
        "SELECT id, taken_at, partial, pages_ok, pages_failed, malformed_items FROM censuses"
        " WHERE platform_id = ? AND taken_at <= ? AND taken_at >= COALESCE("
        "(SELECT MAX(taken_at) FROM censuses WHERE platform_id = ? AND taken_at < ?), ?)"
        " ORDER BY taken_at DESC LIMIT ?"));
    head.addBindValue(platformRowId(platform));
    head.addBindValue(atOrBeforeMs);
    head.addBindValue(platformRowId(platform));
    head.addBindValue(std::min(fromMs, atOrBeforeMs));
    head.addBindValue(std::numeric_limits<qint64>::min());
    head.addBindValue(std::max(0, count));
    if (!head.exec())
        return Unexpected{queryError(head)};
    QVector<qint64> ids;
    QVector<Census> censuses;
    while (head.next()) {
        Census census;
        census.platform = platform;
        census.exhaustive = false;
        ids.append(head.value(0).toLongLong());
        census.takenAtMs = head.value(1).toLongLong();
        census.partial = head.value(2).toBool();
        census.stats.pagesOk = head.value(3).toInt();
        census.stats.pagesFailed = head.value(4).toInt();
        census.stats.malformedItems = head.value(5).toInt();
        censuses.prepend(std::move(census));
    }
    if (head.lastError().isValid())
        return Unexpected{queryError(head)};
    head.finish();
    std::reverse(ids.begin(), ids.end());

    QSqlQuery rows(*db);
    rows.setForwardOnly(true);
    rows.prepare(
        QStringLiteral("SELECT s.external_id, ch.external_id, ch.login, ch.display_name, s.title,"
                       " cat.external_id, cat.name, s.language, s.started_at, v.viewers"
                       " FROM viewership_samples v"
                       " JOIN streams s ON s.id = v.stream_id"
                       " JOIN channels ch ON ch.id = s.channel_id"
                       " LEFT JOIN categories cat ON cat.id = s.category_id"
                       " WHERE v.census_id = ? ORDER BY v.viewers DESC, v.stream_id"));
    for (qsizetype i = 0; i < censuses.size(); ++i) {
        rows.addBindValue(ids[i]);
        if (!rows.exec())
            return Unexpected{queryError(rows)};
        Census &census = censuses[i];
        while (rows.next()) {
            StreamObservation obs;
            obs.streamId = rows.value(0).toString();
            obs.channelId = rows.value(1).toString();
            obs.channelLogin = rows.value(2).toString();
            obs.channelName = rows.value(3).toString();
            obs.title = rows.value(4).toString();
            obs.categoryId = rows.value(5).toString();
            obs.categoryName = rows.value(6).toString();
            obs.language = rows.value(7).toString();
            obs.startedAtMs = rows.value(8).toLongLong();
            obs.viewers = rows.value(9).toInt();
            census.streams.append(std::move(obs));
        }
        if (rows.lastError().isValid())
            return Unexpected{queryError(rows)};
        rows.finish();
    }
    return censuses;
}

Result<QHash<QString, qint32>> StorageReader::peakSince(Platform platform, qint64 sinceMs) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT s.external_id, p.peak FROM"
                       " (SELECT v.stream_id, MAX(v.viewers) AS peak FROM censuses c"
                       "  JOIN viewership_samples v ON v.census_id = c.id"
                       "  WHERE c.platform_id = ? AND c.taken_at >= ? GROUP BY v.stream_id) p"
                       " JOIN streams s ON s.id = p.stream_id"));
    query.addBindValue(platformRowId(platform));
    query.addBindValue(sinceMs);
    return readRows(query, QHash<QString, qint32>(),
                    [](QHash<QString, qint32> &peaks, const QSqlQuery &q) {
                        peaks.insert(q.value(0).toString(), q.value(1).toInt());
                    });
}

Result<QHash<QString, QVector<SeriesPoint>>> StorageReader::recentSamples(Platform platform,
                                                                          qint64 sinceMs) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    // Census order is the table's own order: no sort, and appending per stream
    // keeps every list in time order.
    query.prepare(
        QStringLiteral("SELECT s.external_id, v.taken_at, v.viewers FROM censuses c"
                       " JOIN viewership_samples v ON v.census_id = c.id"
                       " JOIN streams s ON s.id = v.stream_id"
                       " WHERE c.platform_id = ? AND c.taken_at >= ? ORDER BY c.taken_at"));
    query.addBindValue(platformRowId(platform));
    query.addBindValue(sinceMs);
    return readRows(
        query, QHash<QString, QVector<SeriesPoint>>(),
        [](QHash<QString, QVector<SeriesPoint>> &samples, const QSqlQuery &q) {
            samples[q.value(0).toString()].append({q.value(1).toLongLong(), q.value(2).toInt()});
        });
}

Result<qint64> StorageReader::lastCensusAt(Platform platform) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.prepare(
        QStringLiteral("SELECT COALESCE(MAX(taken_at), 0) FROM censuses WHERE platform_id = ?"));
    query.addBindValue(platformRowId(platform));
    if (!query.exec() || !query.next())
        return Unexpected{queryError(query)};
    return query.value(0).toLongLong();
}

Result<QHash<QString, QString>> StorageReader::openStreams(Platform platform) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT s.external_id, ch.external_id FROM streams s"
                                 " JOIN channels ch ON ch.id = s.channel_id"
                                 " WHERE s.platform_id = ? AND s.ended_at IS NULL"));
    query.addBindValue(platformRowId(platform));
    return readRows(query, QHash<QString, QString>(),
                    [](QHash<QString, QString> &open, const QSqlQuery &q) {
                        open.insert(q.value(0).toString(), q.value(1).toString());
                    });
}

Result<qint64> StorageReader::censusCount(Platform platform) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM censuses WHERE platform_id = ?"));
    query.addBindValue(platformRowId(platform));
    if (!query.exec() || !query.next())
        return Unexpected{queryError(query)};
    return query.value(0).toLongLong();
}

Result<qint64> StorageReader::sampleCount() const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    // Each census row counts its samples, so this stays cheap on a big file.
    if (!query.exec(QStringLiteral("SELECT COALESCE(SUM(stream_count), 0) FROM censuses")) ||
        !query.next())
        return Unexpected{queryError(query)};
    return query.value(0).toLongLong();
}

} // namespace StreamRank
