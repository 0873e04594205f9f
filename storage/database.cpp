#include "database.h"

#include "migrations.h"
#include "sqlitestatement.h"
#include "storagelog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QSysInfo>
#include <QUrl>

#include <sqlite3.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace StreamRank {

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3"; // 15 characters and the NUL: 16 bytes
static_assert(sizeof(kSqliteMagic) == 16);

OpenError ioError(const QString &what)
{
    return {OpenError::Io, what};
}

OpenError notADatabase(const QString &path)
{
    return {OpenError::NotADatabase,
            QStringLiteral("The file %1 is not a StreamRank database (it is not an SQLite database "
                           "file). It was left unchanged; choose another file with --database.")
                .arg(path)};
}

OpenError corrupt(const QString &path, const QString &detail)
{
    return {OpenError::Corrupt,
            QStringLiteral("The database %1 is damaged (%2). It was left unchanged; restore a "
                           "backup or choose another file with --database.")
                .arg(path, detail)};
}

// A plain read of 16 bytes, before any SQLite code sees the file: a text file
// chosen by mistake is rejected without a -wal, -shm or lock file next to it.
std::optional<OpenError> checkHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(
            QStringLiteral("Could not read the database %1: %2.").arg(path, file.errorString()));
    const QByteArray head = file.read(16);
    if (head.size() < 16 || std::memcmp(head.constData(), kSqliteMagic, 16) != 0)
        return notADatabase(path);
    return std::nullopt;
}

OpenError heldThroughAnotherName(const QString &path)
{
    return {OpenError::Locked,
            QStringLiteral("The database %1 is in use by another StreamRank (through another "
                           "name of the same file, such as a link). Close it or choose another "
                           "file with --database.")
                .arg(path)};
}

// QLockFile says only "unknown error": find out what the folder refuses by
// writing a small probe file there ("no space left on device", "read-only
// file system", ...).
QString whyFilesCannotBeWritten(const QString &folder)
{
#ifdef Q_OS_UNIX
    const QByteArray probe =
        QFile::encodeName(folder + QStringLiteral("/.streamrank-probe-%1").arg(::getpid()));
    const int fd = ::open(probe.constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    int error = fd < 0 ? errno : 0;
    if (fd >= 0) {
        const QByteArray block(4096, '\0');
        if (::write(fd, block.constData(), size_t(block.size())) < 0 || ::fsync(fd) != 0)
            error = errno;
        ::close(fd);
        ::unlink(probe.constData());
    }
    if (error != 0)
        return systemErrorText(error);
#endif
    const QStorageInfo storage(folder);
    if (storage.isValid() && storage.bytesAvailable() == 0)
        return QStringLiteral("no space left on device");
    if (storage.isValid() && storage.isReadOnly())
        return QStringLiteral("read-only file system");
    return QStringLiteral("unknown error");
}

OpenError lockError(const QString &path, const QLockFile &lock)
{
    if (lock.error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString app;
        QString who;
        if (lock.getLockInfo(&pid, &host, &app)) {
            who = host.isEmpty() || host == QSysInfo::machineHostName()
                      ? QStringLiteral(" (process %1)").arg(pid)
                      : QStringLiteral(" (process %1 on %2)").arg(QString::number(pid), host);
        }
        return {OpenError::Locked,
                QStringLiteral("The database %1 is in use by another StreamRank%2. Close it or "
                               "choose another file with --database.")
                    .arg(path, who)};
    }
    const QString why = lock.error() == QLockFile::PermissionError
                            ? QStringLiteral("permission denied")
                            : whyFilesCannotBeWritten(QFileInfo(path).absolutePath());
    return ioError(QStringLiteral("Could not create the lock file %1.lock: %2. Choose a folder you "
                                  "can write to with --database.")
                       .arg(path, why));
}

// Classifies an SQLite failure seen while only reading a file whose header
// said "SQLite": anything it cannot make sense of means the file is damaged.
OpenError readFailure(const QString &path, sqlite3 *handle, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_RANGE:
        return corrupt(path, sqliteErrorText(handle));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {OpenError::Locked,
                QStringLiteral("The database %1 is in use by another program and stayed locked. "
                               "Close it or choose another file with --database.")
                    .arg(path)};
    default:
        return ioError(QStringLiteral("Could not read the database %1: %2.")
                           .arg(path, sqliteErrorText(handle)));
    }
}

// Checks an existing database strictly read-only before any write: not ours,
// damaged or too new must leave the file exactly as it was. Without a WAL or
// journal the check opens it "immutable", which creates no -wal/-shm and takes
// no locks (the lock file already keeps other StreamRanks away). A non-empty
// WAL may hold committed pages and a rollback journal marks a half-written
// transaction, so then the check reads through SQLite's normal read-only path.
std::optional<OpenError> inspectReadOnly(const QString &path, qint64 size,
                                         const OpenOptions &options, bool *deferred)
{
    const bool pendingLog = QFileInfo(path + QLatin1String("-wal")).size() > 0 ||
                            QFileInfo(path + QLatin1String("-journal")).size() > 0;
    const QByteArray uri =
        QUrl::fromLocalFile(path).toEncoded() +
        (pendingLog ? QByteArrayLiteral("?mode=ro") : QByteArrayLiteral("?immutable=1"));
    sqlite3 *handle = nullptr;
    const int openRc =
        sqlite3_open_v2(uri.constData(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    const auto closeHandle = qScopeGuard([&] { sqlite3_close(handle); });
    if (openRc != SQLITE_OK)
        return readFailure(path, handle, openRc);
    sqlite3_busy_timeout(handle, options.busyTimeoutMs);

    // Reading the schema parses page 1 and the schema table: a damaged header
    // or first page fails here.
    bool hasTables = false;
    bool hasVersionTable = false;
    {
        SqliteStatement tables;
        int rc = tables.prepare(handle, "SELECT name FROM sqlite_schema WHERE type = 'table'");
        while (rc == SQLITE_OK || rc == SQLITE_ROW) {
            rc = tables.step();
            if (rc == SQLITE_ROW) {
                hasTables = true;
                hasVersionTable |= tables.columnText(0) == QLatin1String("schema_version");
            }
        }
        if ((rc & 0xff) == SQLITE_READONLY) {
            // A hot rollback journal that only a writer may roll back: the
            // read-write open below recovers it, as SQLite always does.
            qCInfo(lcStorage) << "Checking" << path << "after its crash recovery instead";
            return std::nullopt;
        }
        if (rc != SQLITE_DONE)
            return readFailure(path, handle, rc);
    }
    if (hasTables && !hasVersionTable) {
        return OpenError{
            OpenError::NotADatabase,
            QStringLiteral("The file %1 is an SQLite database of another program, not a "
                           "StreamRank database. It was left unchanged; choose another "
                           "file with --database.")
                .arg(path)};
    }
    if (hasVersionTable) {
        SqliteStatement version;
        int rc = version.prepare(handle, "SELECT MAX(version) FROM schema_version");
        if (rc == SQLITE_OK)
            rc = version.step();
        if (rc != SQLITE_ROW)
            return readFailure(path, handle, rc);
        const int found = int(version.columnInt64(0));
        if (found > latestSchemaVersion())
            return schemaTooNewError(path, found, latestSchemaVersion());
    }

    if (size > options.fullCheckMaxBytes) {
        qCInfo(lcStorage) << "Deferring the integrity check of" << path << "(" << size
                          << "bytes) to the background; the schema was read fine";
        if (deferred)
            *deferred = true;
        return std::nullopt;
    }
    SqliteStatement check;
    int rc = check.prepare(handle, "PRAGMA quick_check(1)");
    if (rc == SQLITE_OK)
        rc = check.step();
    if (rc != SQLITE_ROW)
        return readFailure(path, handle, rc);
    const QString verdict = check.columnText(0);
    if (verdict != QLatin1String("ok"))
        return corrupt(path, verdict);
    return std::nullopt;
}

std::atomic<quint64> g_connectionSerial{0};

// The path every lock is taken on: symbolic links resolved (in the folders
// too), so "link.sqlite -> real.sqlite" locks real.sqlite.
QString lockingPath(const QString &path)
{
    const QFileInfo info(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    const QString canonical = info.canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? info.absoluteFilePath() : folder + QLatin1Char('/') + info.fileName();
}

} // namespace

// A lock the OS ties to the file itself (its inode), so that two names of one
// file, hard links included, exclude each other. flock() locks are apart from
// the fcntl() locks SQLite takes on the same file on local filesystems.
class FileLock
{
public:
    ~FileLock()
    {
#ifdef Q_OS_UNIX
        if (m_fd >= 0)
            ::close(m_fd);
#endif
    }
    // Locked: another process (or another open of this process) holds it.
    enum class Outcome
    {
        Taken,
        Held,
        Unsupported
    };
    Outcome take(const QString &path)
    {
#ifdef Q_OS_UNIX
        m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0)
            return Outcome::Unsupported; // no file yet, or unreadable: open() says why
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0)
            return Outcome::Taken;
        const bool held = errno == EWOULDBLOCK;
        ::close(m_fd);
        m_fd = -1;
        return held ? Outcome::Held : Outcome::Unsupported;
#else
        Q_UNUSED(path);
        return Outcome::Unsupported;
#endif
    }

private:
    int m_fd = -1;
};

QString uniqueConnectionName(QStringView purpose)
{
    return QLatin1String("streamrank.") + purpose + QLatin1Char('.') +
           QString::number(++g_connectionSerial);
}

std::optional<OpenError> databaseInUse(const QString &path)
{
    const QString absPath = lockingPath(path);
    FileLock fileLock;
    if (fileLock.take(absPath) == FileLock::Outcome::Held)
        return heldThroughAnotherName(absPath);
    QLockFile lock(absPath + QLatin1String(".lock"));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return std::nullopt;
    }
    if (lock.error() == QLockFile::LockFailedError)
        return lockError(absPath, lock);
    return std::nullopt; // no folder yet, or not writable: open() words that
}

qint64 databaseSizeBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QLatin1String("-wal")).size();
}

Result<std::unique_ptr<Database>, OpenError> Database::open(const QString &path,
                                                            const OpenOptions &options)
{
    const QFileInfo info(lockingPath(path));
    const QString absPath = info.absoluteFilePath();
    if (info.isDir())
        return Unexpected{
            ioError(QStringLiteral("%1 is a folder, not a database file. Choose a file "
                                   "with --database.")
                        .arg(absPath))};
    if (!QDir().mkpath(info.absolutePath()))
        return Unexpected{
            ioError(QStringLiteral("Could not create the folder %1 for the database %2.")
                        .arg(info.absolutePath(), absPath))};

    const bool hasContent = info.exists() && info.size() > 0;
    if (hasContent) {
        if (auto error = checkHeader(absPath))
            return Unexpected{*error};
    }

    // One writing StreamRank per file. The lock is long-lived, so only a dead
    // owner (not the lock's age) may make it stale.
    auto lock = std::make_unique<QLockFile>(absPath + QLatin1String(".lock"));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return Unexpected{lockError(absPath, *lock)};
    // ... and one per file, whatever its name. Before any check reads the
    // file, so a file another StreamRank is writing is never called damaged.
    auto fileLock = std::make_unique<FileLock>();
    if (hasContent && fileLock->take(absPath) == FileLock::Outcome::Held)
        return Unexpected{heldThroughAnotherName(absPath)};

    bool checkDeferred = false;
    if (hasContent) {
        if (auto error = inspectReadOnly(absPath, info.size(), options, &checkDeferred))
            return Unexpected{*error};
    }

    std::unique_ptr<Database> db(new Database);
    db->m_checkDeferred = checkDeferred;
    db->m_path = absPath;
    db->m_connectionName = uniqueConnectionName(u"write");
    db->m_lock = std::move(lock);
    db->m_fileLock = std::move(fileLock);
    if (auto error = db->configure(options))
        return Unexpected{*error};
    if (!hasContent)
        db->m_fileLock->take(absPath); // the file SQLite just created
    return db;
}

std::optional<OpenError> Database::configure(const OpenOptions &options)
{
    m_connection = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_connection.setDatabaseName(m_path);
    m_connection.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
    if (!m_connection.open()) {
        return ioError(QStringLiteral("Could not open the database %1: %2.")
                           .arg(m_path, m_connection.lastError().databaseText()));
    }
    m_handle = nativeSqliteHandle(m_connection);
    if (!m_handle)
        return OpenError{OpenError::Other,
                         QStringLiteral("The SQLite driver gave no native handle.")};
    watchForDamage(m_handle);
    // SQLite quietly opens a file it may not write read-only; every census
    // would then fail. Refuse it now, in words.
    if (sqlite3_db_readonly(m_handle, "main") == 1) {
        return OpenError{OpenError::ReadOnly,
                         QStringLiteral("The database %1 is read-only (no permission to write "
                                        "it, or a read-only disk). StreamRank writes every census "
                                        "to it: make it writable or choose another file with "
                                        "--database.")
                             .arg(m_path)};
    }

    QSqlQuery query(m_connection);
    const auto pragmaFailed = [&] {
        const QSqlError error = query.lastError();
        const QString code = error.nativeErrorCode();
        if (code == QLatin1String("5") || code == QLatin1String("6")) {
            return OpenError{
                OpenError::Locked,
                QStringLiteral("The database %1 is in use by another program and stayed "
                               "locked. Close it or choose another file with --database.")
                    .arg(m_path)};
        }
        return ioError(QStringLiteral("Could not set up the database %1: %2.")
                           .arg(m_path, error.databaseText()));
    };

    // WAL lets the GUI read while the writer commits. Some filesystems (no
    // shared memory, some network mounts) silently keep the old mode, so the
    // answer is checked rather than assumed.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return pragmaFailed();
    const QString mode = query.next() ? query.value(0).toString().toLower() : QString();
    query.finish();
    m_walActive = mode == QLatin1String("wal");
    if (!m_walActive) {
        qCWarning(lcStorage) << "The database" << m_path << "stays in journal mode" << mode
                             << "instead of WAL; readers will wait for the writer";
    }
    // NORMAL is durable across application crashes in WAL mode; a power cut
    // can lose the last censuses but never corrupts the file.
    for (const auto *pragma : {"PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"}) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return pragmaFailed();
    }
    query.finish();

    auto migrated = migrate(m_connection, m_path);
    if (!migrated)
        return migrated.error();
    m_schemaVersion = *migrated;
    return std::nullopt;
}

bool Database::damageSeen() const
{
    return connectionReportedDamage(m_handle);
}

Database::~Database()
{
    unwatchForDamage(m_handle);
    if (m_connection.isValid()) {
        m_connection.close();
        m_connection = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    // m_lock is released after the connection has closed.
}

} // namespace StreamRank
