// Resident memory at Twitch scale: a steady census of 100,000 live streams
// every 2 simulated minutes for 3 simulated hours (90 censuses), through the
// app's own consumers on their own threads as Pipeline wires them: the
// CensusWriter (SQLite file in $TMPDIR) and the AnalyticsEngine (ranking and
// the four anomaly strategies). One census in flight at a time, as the
// backlog allows when both keep up. Prints VmRSS after each tenth census and
// VmHWM at the end.
//
//   bench_memory_scale [--mode both|writer|analytics|ranker|detector|none]
//                      [--streams N] [--censuses N]
//                      [--strings shared|fresh|interned]
//
// --strings: `shared` (the default) reuses the generator's strings in every
// census; `fresh` gives every census newly allocated copies of all of them,
// as a collector parsing JSON does; `interned` interns each stream through
// the collectors' CensusInterner as soon as it is copied, as the collectors
// do page by page.
//
// Where the memory goes: run each mode in its own process (memory a process
// freed is not always returned), `none` being the census generator alone (the
// 100,000 observations a collector would hold as well); `ranker` and
// `detector` are the two halves of the analytics, on this thread.

#include "benchsupport.h"

#include "analyticsengine.h"
#include "censusinterner.h"
#include "censuswriter.h"
#include "freedmemory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

double statusMb(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key)) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.size() >= 2 ? parts.at(1).toDouble() / 1024.0 : -1;
        }
    }
    return -1;
}

// Every string of the census in a buffer of its own, as parsing gives; with
// an interner, each stream is interned as soon as it is copied, as the
// collectors do page by page.
void freshStrings(Census &census, CensusInterner *interner, bool copy)
{
    auto fresh = [](QString &s) {
        if (!s.isEmpty())
            s = QString(s.constData(), s.size());
    };
    for (StreamObservation &o : census.streams) {
        if (!copy)
            break;
        fresh(o.streamId);
        fresh(o.channelId);
        fresh(o.channelLogin);
        fresh(o.channelName);
        fresh(o.title);
        fresh(o.categoryId);
        fresh(o.categoryName);
        fresh(o.language);
        if (interner)
            interner->intern(o);
    }
    if (interner)
        interner->intern(census);
}

} // namespace

int main(int argc, char *argv[])
{
    returnLargeBlocksWhenFreed(); // as app/main.cpp does
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.debug=false\nstreamrank.storage.info=false"));
    QCommandLineParser parser;
    const QCommandLineOption modeOption(QStringLiteral("mode"),
                                        QStringLiteral("both, writer, analytics, ranker, "
                                                       "detector or none."),
                                        QStringLiteral("mode"), QStringLiteral("both"));
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Live streams per census."),
                                           QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption censusesOption(QStringLiteral("censuses"),
                                            QStringLiteral("Censuses, 2 minutes apart."),
                                            QStringLiteral("n"), QStringLiteral("90"));
    const QCommandLineOption stringsOption(
        QStringLiteral("strings"),
        QStringLiteral("shared (the generator's, every census), fresh (new copies every "
                       "census, as parsed) or interned (fresh, then CensusInterner)."),
        QStringLiteral("how"), QStringLiteral("shared"));
    parser.addHelpOption();
    parser.addOptions({modeOption, streamsOption, censusesOption, stringsOption});
    parser.process(app);
    const QString mode = parser.value(modeOption);
    const QString strings = parser.value(stringsOption);
    if (strings != QLatin1String("shared") && strings != QLatin1String("fresh") &&
        strings != QLatin1String("interned")) {
        qCritical("--strings must be shared, fresh or interned");
        return 2;
    }
    const bool writing = mode == QLatin1String("both") || mode == QLatin1String("writer");
    const bool analysing = mode == QLatin1String("both") || mode == QLatin1String("analytics");
    const bool rankerOnly = mode == QLatin1String("ranker");
    const bool detectorOnly = mode == QLatin1String("detector");
    const int streams = std::max(1, parser.value(streamsOption).toInt());
    const int censuses = std::max(1, parser.value(censusesOption).toInt());

    printHeader("bench_memory_scale",
                {QStringLiteral("mode %1, strings %5: %2 streams, %3 censuses 2 min apart (%4 "
                                "simulated h)")
                     .arg(mode)
                     .arg(streams)
                     .arg(censuses)
                     .arg(censuses * 2 / 60.0, 0, 'f', 1)
                     .arg(strings)});
    const double startMb = statusMb("VmRSS:");
    const CensusGenerator generator(Platform::Twitch, streams, 2000);
    Census census = generator.census(kStartMs, 0);
    const double generatorMb = statusMb("VmRSS:");

    registerStorageMetaTypes();
    qRegisterMetaType<Census>();
    qRegisterMetaType<RankingSnapshot>();
    QTemporaryDir dir;
    QThread writerThread;
    QThread analyticsThread;
    auto *writer = new CensusWriter;
    auto *engine = new AnalyticsEngine;
    writer->moveToThread(&writerThread);
    engine->moveToThread(&analyticsThread);
    QObject::connect(&writerThread, &QThread::finished, writer, &QObject::deleteLater);
    QObject::connect(&analyticsThread, &QThread::finished, engine, &QObject::deleteLater);
    int stored = 0;
    int failed = 0;
    int analysed = 0;
    qint64 events = 0;
    QObject::connect(writer, &CensusWriter::censusStored, &app, [&] { ++stored; });
    QObject::connect(writer, &CensusWriter::writeFailed, &app, [&] { ++failed; });
    QObject::connect(engine, &AnalyticsEngine::rankingUpdated, &app, [&] { ++analysed; });
    QObject::connect(engine, &AnalyticsEngine::anomaliesDetected, writer,
                     &CensusWriter::writeEvents);
    QObject::connect(engine, &AnalyticsEngine::anomaliesDetected, &app,
                     [&](const QVector<AnomalyEvent> &e, const QVector<AnomalyIncidentUpdate> &) {
                         events += e.size();
                     });
    writerThread.start();
    analyticsThread.start();
    if (writing) {
        const QString path = dir.filePath(QStringLiteral("scale.sqlite"));
        QMetaObject::invokeMethod(writer, [writer, path] { writer->open(path); });
    }

    Table table({QStringLiteral("census"), QStringLiteral("simulated"), QStringLiteral("VmRSS MB"),
                 QStringLiteral("VmHWM MB"), QStringLiteral("wall s")});
    Stopwatch wall;
    double peakRss = 0;
    Ranker ranker;
    AnomalyDetector detector;
    RankingSnapshot lastSnapshot; // as the engine's receivers hold the last one
    CensusInterner interner;
    std::vector<double> collectorMs; // per census: the copies (and interning)
    for (int i = 0; i < censuses; ++i) {
        if (i > 0)
            generator.setViewers(census, i);
        census.takenAtMs = kStartMs + qint64(i) * 2 * kMinuteMs;
        // The first census's strings are the generator's, standing for the
        // first one parsed; from the second on they are new copies.
        Stopwatch copying;
        if (strings == QLatin1String("interned"))
            freshStrings(census, &interner, i > 0);
        else if (strings == QLatin1String("fresh") && i > 0)
            freshStrings(census, nullptr, true);
        if (i > 0 && strings != QLatin1String("shared"))
            collectorMs.push_back(copying.ms());
        if (writing)
            QMetaObject::invokeMethod(writer, [writer, census] { writer->writeCensus(census); });
        if (analysing)
            QMetaObject::invokeMethod(engine, [engine, census] { engine->applyCensus(census); });
        if (rankerOnly)
            lastSnapshot = ranker.apply(census);
        if (detectorOnly)
            events += detector.apply(census).size();
        while ((writing && stored + failed <= i) || (analysing && analysed <= i))
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        const double rss = statusMb("VmRSS:");
        peakRss = std::max(peakRss, rss);
        if ((i + 1) % 10 == 0 || i < 3)
            table.add({QString::number(i + 1), QStringLiteral("%1 min").arg((i + 1) * 2),
                       QString::number(rss, 'f', 1), QString::number(statusMb("VmHWM:"), 'f', 1),
                       QString::number(wall.ms() / 1000.0, 'f', 1)});
    }
    table.print();
    printLine(QStringLiteral("RSS at start %1 MB; with the generator's census %2 MB; peak after a "
                             "census %3 MB; VmHWM %4 MB")
                  .arg(startMb, 0, 'f', 1)
                  .arg(generatorMb, 0, 'f', 1)
                  .arg(peakRss, 0, 'f', 1)
                  .arg(statusMb("VmHWM:"), 0, 'f', 1));
    if (!collectorMs.empty()) {
        const Stats c = statsOf(collectorMs);
        printLine(QStringLiteral("on this thread per census from the second: copying the strings%1 "
                                 "%2 ms median (min %3, max %4)")
                      .arg(strings == QLatin1String("interned") ? QStringLiteral(" and interning")
                                                                : QString())
                      .arg(c.median, 0, 'f', 1)
                      .arg(c.min, 0, 'f', 1)
                      .arg(c.max, 0, 'f', 1));
    }
    printLine(QStringLiteral("stored %1, failed %2, analysed %3, anomaly events %4")
                  .arg(stored)
                  .arg(failed)
                  .arg(analysed)
                  .arg(events));
    writerThread.quit();
    analyticsThread.quit();
    writerThread.wait();
    analyticsThread.wait();
    printFooter();
    return failed == 0 ? 0 : 1;
}
