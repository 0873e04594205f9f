// Opening the database: what a user sees when the file is new, reused, in use,
// not a database, damaged or from a newer StreamRank.

#include "censusstore.h"
#include "database.h"
#include "migrations.h"
#include "storagetestsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <QScopeGuard>

#include <sqlite3.h>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>
#endif

#include <utility>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

bool exists(const QString &path)
{
    return QFile::exists(path);
}

bool noCompanionFiles(const QString &path)
{
    return !exists(path + QLatin1String("-wal")) && !exists(path + QLatin1String("-shm")) &&
           !exists(path + QLatin1String(".lock"));
}

// A closed database holding one census and no WAL beside it (closing the last
// connection folds the WAL back into the file).
void createDatabaseWithData(const QString &path, int streams = 2000)
{
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    CensusStore store((*db)->handle());
    auto stored = store.write(
        makeCensus(Platform::Twitch, 1'700'000'000'000, streams, [](int i) { return 10 + i; }));
    QVERIFY2(stored, qPrintable(stored.error()));
}

void overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    auto *rng = QRandomGenerator::global();
    for (char &c : bytes)
        c = char(rng->generate() & 0xff);
    return bytes;
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newFileGetsEveryTableInWalMode();
    void reopeningKeepsDataAndDoesNotMigrateAgain();
    void failedUpgradeLeavesThePreviousVersion();
    void newerSchemaIsRefusedAndLeftUntouched();
    void secondOpenIsLockedPromptly();
    void databaseHeldByAnotherProgramIsLockedAfterTheTimeout();
    void nonDatabaseFileIsRefusedAndLeftUntouched_data();
    void nonDatabaseFileIsRefusedAndLeftUntouched();
    void damagedDatabaseIsRefusedAndLeftUntouched_data();
    void damagedDatabaseIsRefusedAndLeftUntouched();
    void otherProgramsDatabaseIsRefused();
    void crashImageWithItsWalOpensWithEveryCommittedCensus();
    void emptyFileBecomesADatabase();
    void folderIsNotADatabaseFile();
    void symbolicLinkSharesTheFilesLock();
    void hardLinkSharesTheFilesLockAndIsNotCalledDamaged();
    void readOnlyFileIsRefusedAtOpen();
    void aFullDiskIsNamedAtOpen();
};

void TestDatabase::newFileGetsEveryTableInWalMode()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new/sub/streamrank.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QVERIFY(exists(path));
    QCOMPARE((*db)->schemaVersion(), latestSchemaVersion());
    QVERIFY((*db)->walActive());

    const QStringList tables = (*db)->connection().tables();
    for (const char *table :
         {"schema_version", "platforms", "categories", "channels", "streams", "censuses",
          "viewership_samples", "sample_chunks", "category_samples", "collector_runs",
          "anomaly_events", "anomaly_settings", "anomaly_options"})
        QVERIFY2(tables.contains(QLatin1String(table)), table);

    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys")) && query.next());
    QCOMPARE(query.value(0).toInt(), 1);
    QVERIFY(query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next());
    QCOMPARE(query.value(0).toInt(), latestSchemaVersion());
    // Schema 2 replaced the per-stream index of viewership_samples with sample_chunks.
    QVERIFY(query.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'index'")));
    QStringList indexes;
    while (query.next())
        indexes.append(query.value(0).toString());
    QVERIFY2(!indexes.contains(QLatin1String("viewership_samples_stream")),
             qPrintable(indexes.join(QLatin1Char(' '))));
    QVERIFY2(indexes.contains(QLatin1String("censuses_uncompacted")),
             qPrintable(indexes.join(QLatin1Char(' '))));
    QVERIFY(query.exec(QStringLiteral("SELECT id, code FROM platforms ORDER BY id")));
    for (int p = 0; p < PlatformCount; ++p) {
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), p + 1);
        QCOMPARE(query.value(1).toString(), platformCode(Platform(p)));
    }
}

void TestDatabase::reopeningKeepsDataAndDoesNotMigrateAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    createDatabaseWithData(path, 10);
    const qint64 appliedAt = queryInt(path, "SELECT applied_at FROM schema_version");

    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QCOMPARE((*db)->schemaVersion(), latestSchemaVersion());
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*), MIN(applied_at) FROM schema_version")) &&
            query.next());
    QCOMPARE(query.value(0).toInt(), latestSchemaVersion());
    QCOMPARE(query.value(1).toLongLong(), appliedAt);
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM viewership_samples")) && query.next());
    QCOMPARE(query.value(0).toInt(), 10);
}

void TestDatabase::failedUpgradeLeavesThePreviousVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QSqlDatabase connection = (*db)->connection();

    QVector<MigrationStep> steps = migrationSteps();
    const int broken = latestSchemaVersion() + 1;
    steps.append({broken,
                  {QStringLiteral("CREATE TABLE added_by_broken_step (a INTEGER)"),
                   QStringLiteral("INSERT INTO no_such_table VALUES (1)")}});
    auto result = migrate(connection, path, steps);
    QVERIFY(!result);
    QCOMPARE(result.error().kind, OpenError::Other);
    QVERIFY2(result.error().message.contains(path), qPrintable(result.error().message));
    QVERIFY2(result.error().message.contains(QString::number(broken)),
             qPrintable(result.error().message));

    QVERIFY(!connection.tables().contains(QStringLiteral("added_by_broken_step")));
    QSqlQuery query(connection);
    QVERIFY(query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next());
    QCOMPARE(query.value(0).toInt(), latestSchemaVersion());
}

void TestDatabase::newerSchemaIsRefusedAndLeftUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    createDatabaseWithData(path, 10);
    {
        // What a later StreamRank would have left behind.
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "INSERT INTO schema_version VALUES (99, 0)", nullptr, nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(raw);
    }
    QVERIFY(noCompanionFiles(path));
    const FileFingerprint before = fingerprint(path);

    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::TooNew);
    const QString message = db.error().message;
    QVERIFY2(message.contains(path) && message.contains(QLatin1String("newer StreamRank")) &&
                 message.contains(QLatin1String("99")),
             qPrintable(message));
    QCOMPARE(fingerprint(path), before);
    QVERIFY(noCompanionFiles(path));
}

void TestDatabase::secondOpenIsLockedPromptly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    auto first = Database::open(path);
    QVERIFY2(first, qPrintable(first.error().message));

    QElapsedTimer timer;
    timer.start();
    auto second = Database::open(path);
    QVERIFY(!second);
    QVERIFY2(timer.elapsed() < 1000, "a held database must be reported, not waited for");
    QCOMPARE(second.error().kind, OpenError::Locked);
    const QString message = second.error().message;
    QVERIFY2(message.contains(path) &&
                 message.contains(QLatin1String("in use by another StreamRank")) &&
                 message.contains(QString::number(QCoreApplication::applicationPid())) &&
                 message.contains(QLatin1String("--database")),
             qPrintable(message));

    // The first keeps working, and once it is closed the file opens again.
    {
        CensusStore store((*first)->handle());
        QVERIFY(store.write(makeCensus(Platform::Demo, 1000, 3, [](int) { return 1; })));
    }
    first->reset();
    auto third = Database::open(path);
    QVERIFY2(third, qPrintable(third.error().message));
}

void TestDatabase::databaseHeldByAnotherProgramIsLockedAfterTheTimeout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    createDatabaseWithData(path, 10);

    // Another program (not a StreamRank: it takes no lock file) is writing.
    sqlite3 *other = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &other), SQLITE_OK);
    QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

    OpenOptions options;
    options.busyTimeoutMs = 300;
    QElapsedTimer timer;
    timer.start();
    auto db = Database::open(path, options);
    const qint64 elapsed = timer.elapsed();
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::Locked);
    QVERIFY2(db.error().message.contains(QLatin1String("in use by another program")),
             qPrintable(db.error().message));
    QVERIFY2(elapsed >= 250 && elapsed < 5000, qPrintable(QString::number(elapsed)));
    QVERIFY(!exists(path + QLatin1String(".lock")));
}

void TestDatabase::nonDatabaseFileIsRefusedAndLeftUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("These are my notes, not a database.\n");
    QTest::newRow("random bytes") << randomBytes(64 * 1024);
    QTest::newRow("shorter than a header") << QByteArray("SQLite");
}

void TestDatabase::nonDatabaseFileIsRefusedAndLeftUntouched()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.sqlite"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const FileFingerprint before = fingerprint(path);
    QTest::qWait(20); // a rewrite would now show in the modification time

    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::NotADatabase);
    QVERIFY2(db.error().message.contains(path) &&
                 db.error().message.contains(QLatin1String("not a StreamRank database")),
             qPrintable(db.error().message));
    QCOMPARE(fingerprint(path), before);
    QVERIFY(noCompanionFiles(path));
}

void TestDatabase::damagedDatabaseIsRefusedAndLeftUntouched_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("garbage pages after the first") << QStringLiteral("pages");
    QTest::newRow("garbage in the first page") << QStringLiteral("first page");
    QTest::newRow("truncated") << QStringLiteral("truncated");
}

void TestDatabase::damagedDatabaseIsRefusedAndLeftUntouched()
{
    QFETCH(QString, damage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    createDatabaseWithData(path);
    QVERIFY(noCompanionFiles(path));
    const qint64 size = QFileInfo(path).size();
    QVERIFY(size > 16 * 4096);

    if (damage == QLatin1String("pages")) {
        overwrite(path, 4096, randomBytes(size - 4096));
    } else if (damage == QLatin1String("first page")) {
        overwrite(path, 100, randomBytes(4096 - 100)); // the 100-byte header stays valid
    } else {
        QFile file(path);
        QVERIFY(file.resize(size / 3));
    }
    const FileFingerprint before = fingerprint(path);

    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::Corrupt);
    QVERIFY2(db.error().message.contains(path) &&
                 db.error().message.contains(QLatin1String("damaged")),
             qPrintable(db.error().message));
    QCOMPARE(fingerprint(path), before);
    QVERIFY(noCompanionFiles(path));
}

void TestDatabase::otherProgramsDatabaseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("photos.db"));
    {
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(raw);
    }
    const FileFingerprint before = fingerprint(path);
    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::NotADatabase);
    QVERIFY2(db.error().message.contains(QLatin1String("another program")),
             qPrintable(db.error().message));
    QCOMPARE(fingerprint(path), before);
    QVERIFY(noCompanionFiles(path));
}

void TestDatabase::crashImageWithItsWalOpensWithEveryCommittedCensus()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    const QString image = dir.filePath(QStringLiteral("after-crash.sqlite"));
    {
        auto db = Database::open(path);
        QVERIFY2(db, qPrintable(db.error().message));
        CensusStore store((*db)->handle());
        QVERIFY(store.write(makeCensus(Platform::Kick, 1000, 300, [](int i) { return i; })));
        // The files as a power cut would leave them: the census is committed
        // to the WAL, not yet copied into the database file.
        QVERIFY(QFileInfo(path + QLatin1String("-wal")).size() > 0);
        QVERIFY(QFile::copy(path, image));
        QVERIFY(QFile::copy(path + QLatin1String("-wal"), image + QLatin1String("-wal")));
    }
    auto db = Database::open(image);
    QVERIFY2(db, qPrintable(db.error().message));
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM viewership_samples")) && query.next());
    QCOMPARE(query.value(0).toInt(), 300);
}

void TestDatabase::emptyFileBecomesADatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.sqlite"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QCOMPARE((*db)->schemaVersion(), latestSchemaVersion());
}

void TestDatabase::folderIsNotADatabaseFile()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.path());
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::Io);
    QVERIFY2(db.error().message.contains(QLatin1String("folder")), qPrintable(db.error().message));
}

// "link.sqlite -> real.sqlite": the second open is the same file, so it is
// refused as in use, whichever name comes first.
void TestDatabase::symbolicLinkSharesTheFilesLock()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(QStringLiteral("real.sqlite"));
    const QString link = dir.filePath(QStringLiteral("link.sqlite"));
    createDatabaseWithData(real, 10);
    QVERIFY(QFile::link(real, link));
    // A link to the folder is resolved as well.
    const QString folderLink = dir.filePath(QStringLiteral("folder-link"));
    QVERIFY(QFile::link(dir.path(), folderLink));

    for (const auto &[first, second] :
         {std::pair{real, link}, std::pair{link, real},
          std::pair{QString(folderLink + QStringLiteral("/real.sqlite")), real}}) {
        auto a = Database::open(first);
        QVERIFY2(a, qPrintable(a.error().message));
        QVERIFY(databaseInUse(second));
        auto b = Database::open(second);
        QVERIFY(!b);
        QCOMPARE(b.error().kind, OpenError::Locked);
        QVERIFY2(b.error().message.contains(QLatin1String("in use by another StreamRank")),
                 qPrintable(b.error().message));
    }
    // The lock file belongs to the real file; none appears beside the link.
    QVERIFY(!exists(link + QLatin1String(".lock")));
}

// Two names of one inode: a lock file per name cannot see it, the lock on the
// file itself does, and the second open never reads the file first (which
// while another process writes could look like damage).
void TestDatabase::hardLinkSharesTheFilesLockAndIsNotCalledDamaged()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(QStringLiteral("real.sqlite"));
    const QString other = dir.filePath(QStringLiteral("other-name.sqlite"));
    createDatabaseWithData(real, 10);
#ifndef Q_OS_LINUX
    QSKIP("hard links are tried on Linux");
#else
    QVERIFY(::link(QFile::encodeName(real).constData(), QFile::encodeName(other).constData()) == 0);
    auto a = Database::open(real);
    QVERIFY2(a, qPrintable(a.error().message));
    const auto inUse = databaseInUse(other);
    QVERIFY(inUse);
    QCOMPARE(inUse->kind, OpenError::Locked);
    auto b = Database::open(other);
    QVERIFY(!b);
    QCOMPARE(b.error().kind, OpenError::Locked);
    QVERIFY2(b.error().message.contains(QLatin1String("another name of the same file")),
             qPrintable(b.error().message));
    // Once the first is closed, the other name opens the same data.
    a->reset();
    auto c = Database::open(other);
    QVERIFY2(c, qPrintable(c.error().message));
    QCOMPARE(queryInt(other, "SELECT COUNT(*) FROM censuses"), 1);
#endif
}

namespace {
// Makes a file unwritable even for root (who ignores permission bits): the
// immutable attribute where the filesystem has it. Undone by the returned guard.
bool makeUnwritable(const QString &path)
{
#ifndef Q_OS_LINUX
    return QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup);
#else
    if (::geteuid() != 0)
        return QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    flags |= FS_IMMUTABLE_FL;
    ok = ok && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    ::close(fd);
    return ok;
#endif
}

void makeWritable(const QString &path)
{
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
#ifdef Q_OS_LINUX
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return;
    int flags = 0;
    if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
        flags &= ~FS_IMMUTABLE_FL;
        ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    ::close(fd);
#endif
}
} // namespace

// A file StreamRank may not write is refused at once, in words, instead of
// failing every census later.
void TestDatabase::readOnlyFileIsRefusedAtOpen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("readonly.sqlite"));
    createDatabaseWithData(path, 10);
    const FileFingerprint before = fingerprint(path);
    if (!makeUnwritable(path))
        QSKIP("cannot make a file unwritable here (root on a filesystem without the "
              "immutable attribute)");
    const auto undo = qScopeGuard([&] { makeWritable(path); });
    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(db.error().kind, OpenError::ReadOnly);
    QVERIFY2(db.error().message.contains(path) &&
                 db.error().message.contains(QLatin1String("is read-only")),
             qPrintable(db.error().message));
    QCOMPARE(fingerprint(path), before);
}

namespace {

// A 256 KiB tmpfs of our own to fill (Linux, as root); unmounted by the guard.
struct SmallDisk
{
    QTemporaryDir dir;
    bool mounted = false;
    SmallDisk()
    {
#ifdef Q_OS_LINUX
        if (::geteuid() == 0 && dir.isValid())
            mounted = QProcess::execute(QStringLiteral("mount"),
                                        {QStringLiteral("-t"), QStringLiteral("tmpfs"),
                                         QStringLiteral("-o"), QStringLiteral("size=256k"),
                                         QStringLiteral("tmpfs"), dir.path()}) == 0;
#endif
    }
    ~SmallDisk()
    {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {dir.path()});
    }
    // Writes a file until the disk is full, then frees `leaveBytes` of it.
    void fill(qint64 leaveBytes)
    {
        const QString path = dir.filePath(QStringLiteral("filler"));
        {
            QFile filler(path);
            QVERIFY(filler.open(QIODevice::WriteOnly));
            const QByteArray block(1024, 'x');
            while (filler.write(block) == block.size() && filler.flush()) {
            }
        }
        if (leaveBytes > 0)
            QVERIFY(QFile::resize(path, std::max<qint64>(0, QFileInfo(path).size() - leaveBytes)));
    }
};

} // namespace

// A full disk is said in those words, not "unknown error" or a bare "disk I/O
// error", whether the lock file or the first schema step is what fails.
void TestDatabase::aFullDiskIsNamedAtOpen()
{
    for (const qint64 leave : {qint64(0), qint64(16 * 1024)}) {
        SmallDisk disk;
        if (!disk.mounted)
            QSKIP("needs root and mount to make a small disk to fill (Linux)");
        disk.fill(leave);
        const QString path = disk.dir.filePath(QStringLiteral("full.sqlite"));
        auto db = Database::open(path);
        QVERIFY(!db);
        QVERIFY2(db.error().message.contains(QLatin1String("no space left on device")),
                 qPrintable(db.error().message));
        QVERIFY2(db.error().message.contains(path), qPrintable(db.error().message));
    }
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
