// The writer object as the app uses it: on its own QThread, fed censuses by
// queued signal, answering with censusStored or writeFailed, and carrying on
// after a failure.

#include "censuswriter.h"
#include "database.h"
#include "storagetestsupport.h"

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

QTEST_GUILESS_MAIN(TestCensusWriter)
#include "tst_censuswriter.moc"
