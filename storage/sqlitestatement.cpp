#include "sqlitestatement.h"

#include "census.h"
#include "storagelog.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <algorithm>
#include <cstring>

namespace StreamRank {

sqlite3 *nativeSqliteHandle(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || std::strcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QString systemErrorText(int error)
{
    QString text = QString::fromLocal8Bit(std::strerror(error));
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return text;
}

QString systemErrorSuffix(sqlite3 *db)
{
    if (!db)
        return {};
    const int code = sqlite3_errcode(db) & 0xff;
    const int system = sqlite3_system_errno(db);
    if (system == 0 || (code != SQLITE_IOERR && code != SQLITE_FULL && code != SQLITE_CANTOPEN))
        return {};
    // "disk I/O error" alone does not say the disk is full.
    return QStringLiteral(" (%1)").arg(systemErrorText(system));
}

namespace {

QMutex g_damageMutex;
QHash<const sqlite3 *, bool> g_watched; // guarded by g_damageMutex: damage seen?

} // namespace

bool isDamageCode(int rc)
{
    return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

void watchForDamage(sqlite3 *db)
{
    const QMutexLocker lock(&g_damageMutex);
    g_watched.insert(db, false);
}

void unwatchForDamage(sqlite3 *db)
{
    const QMutexLocker lock(&g_damageMutex);
    g_watched.remove(db);
}

bool connectionReportedDamage(sqlite3 *db)
{
    const QMutexLocker lock(&g_damageMutex);
    return g_watched.value(db, false);
}

QString sqliteErrorText(sqlite3 *db)
{
    if (!db)
        return QStringLiteral("no database connection");
    if (isDamageCode(sqlite3_errcode(db))) {
        const QMutexLocker lock(&g_damageMutex);
        if (const auto it = g_watched.find(db); it != g_watched.end())
            *it = true;
    }
    return QString::fromUtf8(sqlite3_errmsg(db)) + systemErrorSuffix(db);
}

SqliteStatement::~SqliteStatement()
{
    finalize();
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept : m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        finalize();
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

bool prepareAll(sqlite3 *db,
                std::initializer_list<std::pair<SqliteStatement *, const char *>> statements)
{
    for (const auto &[statement, sql] : statements) {
        if (statement->prepare(db, sql) != SQLITE_OK) {
            qCWarning(lcStorage) << "Could not prepare" << sql << ":" << sqliteErrorText(db);
            return false;
        }
    }
    return true;
}

std::optional<QString> stepAndReset(sqlite3 *db, SqliteStatement &statement, qint64 *changes)
{
    const int rc = statement.step();
    std::optional<QString> error;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        error = sqliteErrorText(db);
    else if (changes)
        *changes += sqlite3_changes64(db);
    statement.reset();
    return error;
}

int SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    finalize();
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
}

void SqliteStatement::finalize()
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

QString SqliteStatement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!text)
        return {};
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column));
}

bool oldestCensusMs(SqliteStatement &minPerPlatform, qint64 *oldest)
{
    *oldest = -1;
    for (int platform = 1; platform <= PlatformCount; ++platform) {
        minPerPlatform.bind(1, platform);
        const int rc = minPerPlatform.step();
        if (rc == SQLITE_ROW && !minPerPlatform.columnIsNull(0)) {
            const qint64 t = minPerPlatform.columnInt64(0);
            *oldest = *oldest < 0 ? t : std::min(*oldest, t);
        }
        minPerPlatform.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return false;
    }
    return true;
}

} // namespace StreamRank
