#include "storagereader.h"

#include "database.h"
#include "storagelog.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>

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

qint64 platformRowId(Platform platform)
{
    return qint64(platform) + 1; // fixed ids, see migrations.cpp
}

QString queryError(const QSqlQuery &query)
{
    const QString message =
        QStringLiteral("Could not read the database: %1").arg(query.lastError().databaseText());
    qCWarning(lcStorage).noquote() << message;
    return message;
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

Result<QVector<SeriesPoint>> StorageReader::streamSeries(Platform platform,
                                                         const QString &streamExternalId,
                                                         qint64 fromMs, qint64 toMs) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT v.taken_at, v.viewers FROM viewership_samples v"
        " WHERE v.stream_id = (SELECT id FROM streams WHERE platform_id = ? AND external_id = ?)"
        " AND v.taken_at BETWEEN ? AND ? ORDER BY v.taken_at"));
    query.addBindValue(platformRowId(platform));
    query.addBindValue(streamExternalId);
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!query.exec())
        return Unexpected{queryError(query)};
    QVector<SeriesPoint> points;
    while (query.next())
        points.append({query.value(0).toLongLong(), query.value(1).toInt()});
    if (query.lastError().isValid())
        return Unexpected{queryError(query)};
    return points;
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
    if (!query.exec())
        return Unexpected{queryError(query)};
    QVector<CategoryPoint> points;
    while (query.next())
        points.append(
            {query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toInt()});
    if (query.lastError().isValid())
        return Unexpected{queryError(query)};
    return points;
}

Result<Census> StorageReader::latestCensus(Platform platform) const
{
    auto db = connection();
    if (!db)
        return Unexpected{db.error()};
    Census census;
    census.platform = platform;

    QSqlQuery head(*db);
    head.setForwardOnly(true);
    head.prepare(QStringLiteral(
        "SELECT id, taken_at, partial, pages_ok, pages_failed, malformed_items FROM censuses"
        " WHERE platform_id = ? ORDER BY taken_at DESC LIMIT 1"));
    head.addBindValue(platformRowId(platform));
    if (!head.exec())
        return Unexpected{queryError(head)};
    if (!head.next())
        return census;
    const qint64 censusId = head.value(0).toLongLong();
    census.takenAtMs = head.value(1).toLongLong();
    census.partial = head.value(2).toBool();
    census.stats.pagesOk = head.value(3).toInt();
    census.stats.pagesFailed = head.value(4).toInt();
    census.stats.malformedItems = head.value(5).toInt();
    head.finish();

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
    rows.addBindValue(censusId);
    if (!rows.exec())
        return Unexpected{queryError(rows)};
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
    return census;
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
    if (!query.exec())
        return Unexpected{queryError(query)};
    QHash<QString, qint32> peaks;
    while (query.next())
        peaks.insert(query.value(0).toString(), query.value(1).toInt());
    if (query.lastError().isValid())
        return Unexpected{queryError(query)};
    return peaks;
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
    if (!query.exec())
        return Unexpected{queryError(query)};
    QHash<QString, QVector<SeriesPoint>> samples;
    while (query.next())
        samples[query.value(0).toString()].append(
            {query.value(1).toLongLong(), query.value(2).toInt()});
    if (query.lastError().isValid())
        return Unexpected{queryError(query)};
    return samples;
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
