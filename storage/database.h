#pragma once
// Opening the StreamRank database for writing: one writing StreamRank per file
// (a lock file next to it, and a lock on the file itself so that links to it
// count too), read-only checks before anything is written, WAL,
// and schema migrations. Failures come back as an OpenError worded for a user.

#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

class QLockFile;
struct sqlite3;

namespace StreamRank {

class FileLock;

struct OpenError
{
    enum Kind
    {
        Locked,
        NotADatabase,
        Corrupt,
        TooNew,
        ReadOnly,
        Io,
        Other
    };
    Kind kind = Other;
    QString message;
};

struct OpenOptions
{
    // How long SQLite waits for another program's lock before giving up.
    int busyTimeoutMs = 5000;
    // Files up to this size get a full PRAGMA quick_check before use; larger
    // ones only a check of the schema, so start-up stays fast on years of
    // data, and integrityCheckDeferred() asks for the check in the background.
    qint64 fullCheckMaxBytes = qint64(256) * 1024 * 1024;
};

// An open read-write connection owned by the thread that opened it. Closing
// (destroying) it must happen on that thread too, after any CensusStore on its
// handle is gone (SQLite will not close under live prepared statements).
class Database
{
public:
    static Result<std::unique_ptr<Database>, OpenError> open(const QString &path,
                                                             const OpenOptions &options = {});
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase connection() const { return m_connection; }
    sqlite3 *handle() const { return m_handle; }
    const QString &path() const { return m_path; }
    const QString &connectionName() const { return m_connectionName; }
    int schemaVersion() const { return m_schemaVersion; }
    // False where the filesystem refused WAL (no shared memory); StreamRank
    // still works then, readers just wait for the writer more often.
    bool walActive() const { return m_walActive; }
    // The file was too big to check at open: check it in the background
    // (IntegrityCheck) while it is used.
    bool integrityCheckDeferred() const { return m_checkDeferred; }
    // An SQLite call on this connection reported the file damaged
    // (SQLITE_CORRUPT, SQLITE_NOTADB); nothing more should be written.
    bool damageSeen() const;

private:
    Database() = default;
    std::optional<OpenError> configure(const OpenOptions &options);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_connection;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<FileLock> m_fileLock; // released after the connection, with m_lock
    sqlite3 *m_handle = nullptr;
    int m_schemaVersion = 0;
    bool m_walActive = false;
    bool m_checkDeferred = false;
};

// A connection name no other connection in this process has, naming its use
// ("write", "read") for log lines: Qt connections must not be shared by threads.
QString uniqueConnectionName(QStringView purpose);

// Whether another StreamRank holds the file's lock right now: the Locked
// error Database::open would give, worded the same, or nothing. Cheap (no
// SQLite), so a window can ask before it appears; open() still decides.
std::optional<OpenError> databaseInUse(const QString &path);

// Bytes the database occupies on disk: the file plus its write-ahead log.
qint64 databaseSizeBytes(const QString &path);

} // namespace StreamRank
