// The writer object as the app uses it: on its own QThread, fed censuses by
// queued signal, answering with censusStored or writeFailed, and carrying on
// after a failure.

#include "censuswriter.h"
#include "database.h"
#include "integritycheck.h"
#include "storagetestsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

// Stands in for a collector: emits censuses from the test's thread.
class CensusSource : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void censusReady(const StreamRank::Census &census);
};

Census smallCensus(qint64 takenAt, int streams = 10)
{
    return makeCensus(Platform::Demo, takenAt, streams, [](int i) { return 100 - i; });
}

// Overwrites the root page of table or index `name` with garbage, as a bad
// sector or a stray write would.
void damagePageOf(const QString &path, const QByteArray &name)
{
    const qint64 page = queryInt(
        path, QByteArray("SELECT rootpage FROM sqlite_schema WHERE name = '" + name + "'"));
    const qint64 pageSize = queryInt(path, "PRAGMA page_size");
    QVERIFY(page > 1 && pageSize >= 512);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek((page - 1) * pageSize));
    QCOMPARE(file.write(QByteArray(pageSize, '\xa5')), pageSize);
}

// A database with three censuses and an event, closed (its log folded in).
void writeHistory(const QString &path)
{
    CensusWriter writer;
    writer.open(path);
    for (int i = 0; i < 3; ++i)
        writer.writeCensus(smallCensus(kT0 + i * 120'000));
    writer.writeEvents(
        {makeEvent(Platform::Demo, QStringLiteral("s1"), kT0, AnomalyStrategy::ZScore, 90)});
    writer.close();
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM censuses"), 3);
}

// Every file counts as too large to check before use.
OpenOptions checkedLater()
{
    OpenOptions options;
    options.fullCheckMaxBytes = 0;
    return options;
}

} // namespace

class TestCensusWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerStorageMetaTypes(); }
    void storesCensusesOnItsOwnThread();
    void reportsALockedDatabase();
    void reportsAFailedCensusAndStoresTheNext();
    void refusesCensusesBeforeOpen();
    void aDamagedPageHitByAWriteStopsAllWriting();
    void theBackgroundCheckFindsDamageNoWriteTouches();
    void theBackgroundCheckPassesAHealthyFile();
};

void TestCensusWriter::storesCensusesOnItsOwnThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));

    QThread thread;
    auto *writer = new CensusWriter;
    writer->moveToThread(&thread);
    connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    CensusSource source;
    connect(&source, &CensusSource::censusReady, writer, &CensusWriter::writeCensus);

    // Signals cross back to this thread queued, as they would to the GUI.
    std::atomic<QThread *> storedOn = nullptr;
    connect(
        writer, &CensusWriter::censusStored, writer,
        [&storedOn] { storedOn = QThread::currentThread(); }, Qt::DirectConnection);
    int opened = 0;
    QVector<StoredCensus> stored;
    QStringList failed;
    connect(writer, &CensusWriter::opened, this, [&opened] { ++opened; });
    connect(writer, &CensusWriter::censusStored, this,
            [&stored](const StoredCensus &info) { stored.append(info); });
    connect(writer, &CensusWriter::writeFailed, this,
            [&failed](Platform, qint64, const QString &message) { failed.append(message); });
    thread.start();

    QMetaObject::invokeMethod(
        writer, [writer, path] { writer->open(path); }, Qt::QueuedConnection);
    QTRY_COMPARE(opened, 1);

    Q_EMIT source.censusReady(smallCensus(kT0));
    Q_EMIT source.censusReady(smallCensus(kT0 + 60'000, 12));
    QTRY_COMPARE(stored.size(), 2);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.join(QLatin1Char('\n'))));
    QCOMPARE(storedOn.load(), &thread);

    const StoredCensus first = stored.at(0);
    const StoredCensus second = stored.at(1);
    QCOMPARE(first.platform, Platform::Demo);
    QCOMPARE(first.takenAtMs, kT0);
    QCOMPARE(first.streamCount, 10);
    QCOMPARE(second.streamCount, 12);
    QCOMPARE(second.newStreams, 2);
    QVERIFY(second.censusId > first.censusId);
    QVERIFY(second.databaseBytes > 0);

    thread.quit();
    QVERIFY(thread.wait(10000));
    // deleteLater ran on the writer thread and closed the database there.
    QVERIFY(!QFile::exists(path + QLatin1String(".lock")));
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM viewership_samples"), 22);
}

void TestCensusWriter::reportsALockedDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    auto holder = Database::open(path);
    QVERIFY(holder);

    CensusWriter writer;
    QSignalSpy opened(&writer, &CensusWriter::opened);
    QSignalSpy openFailed(&writer, &CensusWriter::openFailed);
    writer.open(path);
    QCOMPARE(opened.count(), 0);
    QCOMPARE(openFailed.count(), 1);
    const QString message = openFailed.at(0).at(0).toString();
    QVERIFY2(message.contains(QLatin1String("in use by another StreamRank")), qPrintable(message));
}

void TestCensusWriter::reportsAFailedCensusAndStoresTheNext()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("streamrank.sqlite"));
    CensusWriter writer;
    bool failOnce = true;
    writer.setFaultInjector([&failOnce](int index) {
        if (index != 5 || !failOnce)
            return false;
        failOnce = false;
        return true;
    });
    QSignalSpy stored(&writer, &CensusWriter::censusStored);
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    writer.open(path);

    writer.writeCensus(smallCensus(kT0));
    QCOMPARE(stored.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).value<Platform>(), Platform::Demo);
    QCOMPARE(failed.at(0).at(1).toLongLong(), kT0);
    QVERIFY2(failed.at(0).at(2).toString().startsWith(
                 QLatin1String("Could not store the Demo census of")),
             qPrintable(failed.at(0).at(2).toString()));

    writer.writeCensus(smallCensus(kT0 + 60'000));
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.at(0).at(0).value<StoredCensus>().newStreams, 10);
    writer.close();
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM censuses"), 1);
}

void TestCensusWriter::refusesCensusesBeforeOpen()
{
    CensusWriter writer;
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    writer.writeCensus(smallCensus(kT0));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(2).toString().contains(QLatin1String("no database is open")),
             qPrintable(failed.at(0).at(2).toString()));
}

// A file too big to check at open (over 256 MB in use) whose damage a
// census write runs into: that write fails, the file is called damaged once,
// and nothing more is written to it (the next census, events, settings).
void TestCensusWriter::aDamagedPageHitByAWriteStopsAllWriting()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    writeHistory(path);
    damagePageOf(path, "censuses");

    CensusWriter writer;
    writer.setOpenOptions(checkedLater());
    QSignalSpy opened(&writer, &CensusWriter::opened);
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    QSignalSpy eventsFailed(&writer, &CensusWriter::eventsFailed);
    QSignalSpy damaged(&writer, &CensusWriter::databaseDamaged);
    writer.open(path);
    QCOMPARE(opened.count(), 1);
    // Before the event loop runs, so the write (not the background check,
    // whose answer is queued) is what finds the damage.
    writer.writeCensus(smallCensus(kT0 + 10 * 120'000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(damaged.count(), 1);
    const QString message = damaged.at(0).at(0).toString();
    QVERIFY2(
        message.startsWith(QStringLiteral("The database ") + path + QStringLiteral(" is damaged")),
        qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("stopped writing")), qPrintable(message));

    const FileFingerprint before = fingerprint(path);
    writer.writeCensus(smallCensus(kT0 + 11 * 120'000));
    QCOMPARE(failed.count(), 2);
    QVERIFY2(failed.at(1).at(2).toString().contains(message),
             qPrintable(failed.at(1).at(2).toString()));
    writer.writeEvents(
        {makeEvent(Platform::Demo, QStringLiteral("s2"), kT0, AnomalyStrategy::ZScore, 80)});
    QCOMPARE(eventsFailed.count(), 1);
    QVERIFY(eventsFailed.at(0).at(0).toString().contains(QStringLiteral("is damaged")));
    // The background check's verdict arrives too: still said only once.
    QTest::qWait(300);
    QCOMPARE(damaged.count(), 1);
    QCOMPARE(fingerprint(path), before);
}

// Damage in a page no census touches (an index of the anomaly events) is
// found by the background check of a large file, not months later.
void TestCensusWriter::theBackgroundCheckFindsDamageNoWriteTouches()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    writeHistory(path);
    damagePageOf(path, "anomaly_events_stream");

    CensusWriter writer;
    writer.setOpenOptions(checkedLater());
    QSignalSpy stored(&writer, &CensusWriter::censusStored);
    QSignalSpy damaged(&writer, &CensusWriter::databaseDamaged);
    writer.open(path);
    writer.writeCensus(smallCensus(kT0 + 10 * 120'000));
    QCOMPARE(stored.count(), 1); // the census path never reads that index
    QCOMPARE(damaged.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(damaged.count(), 1, 20000);
    QVERIFY2(damaged.at(0).at(0).toString().contains(path),
             qPrintable(damaged.at(0).at(0).toString()));
    QSignalSpy failed(&writer, &CensusWriter::writeFailed);
    writer.writeCensus(smallCensus(kT0 + 11 * 120'000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(stored.count(), 1);
}

void TestCensusWriter::theBackgroundCheckPassesAHealthyFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("healthy.sqlite"));
    writeHistory(path);
    IntegrityCheck check;
    QSignalSpy finished(&check, &IntegrityCheck::finished);
    check.start(path);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QCOMPARE(finished.at(0).at(2).toString(), QStringLiteral("ok"));

    damagePageOf(path, "streams");
    IntegrityCheck again;
    QSignalSpy verdict(&again, &IntegrityCheck::finished);
    again.start(path);
    QTRY_COMPARE_WITH_TIMEOUT(verdict.count(), 1, 20000);
    QCOMPARE(verdict.at(0).at(0).toBool(), false);
    QCOMPARE(verdict.at(0).at(1).toBool(), true);
    QVERIFY(!verdict.at(0).at(2).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestCensusWriter)
#include "tst_censuswriter.moc"
