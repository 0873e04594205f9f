#pragma once
// A prepared statement on a native SQLite handle, prepared once and reused:
// the census hot path and the big reads bind and step without re-parsing SQL
// and without a QVariant per value.

#include <QString>
#include <QStringView>

#include <initializer_list>
#include <optional>
#include <utility>

#include <sqlite3.h>

class QSqlDatabase;

namespace StreamRank {

// The sqlite3* behind a QSQLITE connection, or nullptr for any other driver.
sqlite3 *nativeSqliteHandle(const QSqlDatabase &db);

// SQLite's message for the last error on `db`, as text for a user-facing line.
// Every failure in storage/ is worded through it while its code is fresh, so
// on a watched connection it also notes a damaged file (SQLITE_CORRUPT,
// SQLITE_NOTADB) for connectionReportedDamage(), whatever rolls back after.
QString sqliteErrorText(sqlite3 *db);
bool isDamageCode(int rc);
// The writer's connection is watched from open to close (a later connection
// may get the same address, so unwatch before sqlite3_close).
void watchForDamage(sqlite3 *db);
void unwatchForDamage(sqlite3 *db);
bool connectionReportedDamage(sqlite3 *db);
// The operating system's words for an errno, as the middle of a sentence:
// "no space left on device".
QString systemErrorText(int error);
// " (no space left on device)": the operating system's reason behind SQLite's
// last I/O error on this connection, or empty.
QString systemErrorSuffix(sqlite3 *db);

class SqliteStatement;

// Prepares each statement with its SQL; at the first failure logs it and
// returns false (the statements prepared so far stay prepared).
bool prepareAll(sqlite3 *db,
                std::initializer_list<std::pair<SqliteStatement *, const char *>> statements);
// Steps a statement run for its effect, resets it and returns SQLite's
// words on failure; a row (RETURNING) counts as success. With `changes`,
// adds the rows it changed.
std::optional<QString> stepAndReset(sqlite3 *db, SqliteStatement &statement,
                                    qint64 *changes = nullptr);
// The oldest census of any platform (epoch ms; -1 when there is none), from
// `minPerPlatform` prepared as "SELECT MIN(taken_at) FROM censuses WHERE
// platform_id = ?1" (one index probe per platform). False on an error, the
// statement reset either way.
bool oldestCensusMs(SqliteStatement &minPerPlatform, qint64 *oldest);

class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;

    // SQLITE_PREPARE_PERSISTENT: these statements live as long as the connection.
    int prepare(sqlite3 *db, const char *sql);
    void finalize();
    bool isPrepared() const { return m_stmt != nullptr; }

    void bind(int index, qint64 value) { sqlite3_bind_int64(m_stmt, index, value); }
    // Named apart from bind(): an int argument would be ambiguous between the two.
    void bindDouble(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }
    void bindNull(int index) { sqlite3_bind_null(m_stmt, index); }
    // The text is not copied: it must outlive the next step() (every caller
    // binds, steps and resets within one scope). A null QString binds as ''
    // (a platform that omits a title must not fail a NOT NULL column and with
    // it the whole census); NULL is only ever bound with bindNull().
    void bindText(int index, QStringView text)
    {
        static const char16_t empty[] = u"";
        const void *data = text.utf16() ? static_cast<const void *>(text.utf16()) : empty;
        sqlite3_bind_text16(m_stmt, index, data, int(text.size() * 2), SQLITE_STATIC);
    }
    // Not copied either, for the same reason.
    void bindBlob(int index, const void *data, int bytes)
    {
        sqlite3_bind_blob(m_stmt, index, data, bytes, SQLITE_STATIC);
    }
    void bindOptionalId(int index, qint64 id) // 0 stands for NULL
    {
        if (id > 0)
            bind(index, id);
        else
            bindNull(index);
    }

    int step() { return sqlite3_step(m_stmt); }
    // Returns the statement to its ready state; step()'s error stays with the
    // caller, reset()'s repeat of it is deliberately ignored.
    void reset() { sqlite3_reset(m_stmt); }

    qint64 columnInt64(int column) const { return sqlite3_column_int64(m_stmt, column); }
    double columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }
    bool columnIsNull(int column) const
    {
        return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
    }
    QString columnText(int column) const;
    // Valid until the next step() or reset(); call columnBytes() after it.
    const void *columnBlob(int column) const { return sqlite3_column_blob(m_stmt, column); }
    int columnBytes(int column) const { return sqlite3_column_bytes(m_stmt, column); }

    sqlite3_stmt *get() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace StreamRank
