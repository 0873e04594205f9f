#include "headlessrunner.h"

#include "pipeline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <csignal>

namespace StreamRank {

namespace {

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

extern "C" void onInterrupt(int)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                              Qt::QueuedConnection);
}

} // namespace

int runHeadless(const CommandLine &options, QTextStream &out, QTextStream &err)
{
    PipelineConfig config;
    config.databasePath = options.databasePath;
    config.demoSpeed = options.demoSpeed;
    config.demoSeed = options.demoSeed;
    Pipeline pipeline(config);

    int exitCode = 0;
    int censuses = 0;
    int failures = 0;
    const QLocale c = QLocale::c();
    QObject::connect(&pipeline, &Pipeline::failed, &pipeline, [&](const QString &message) {
        err << "streamrank: " << message << Qt::endl;
        exitCode = 1;
        QCoreApplication::exit(1);
    });
    QObject::connect(&pipeline, &Pipeline::ready, &pipeline, [&] {
        out << "collecting from Demo into " << options.databasePath << " (speed "
            << options.demoSpeed << "x)" << Qt::endl;
    });
    QObject::connect(&pipeline, &Pipeline::censusStored, &pipeline,
                     [&](Platform platform, qint64 takenAtMs, int streams, qint64 viewers,
                         qint64 elapsedMs, qint64 databaseBytes) {
                         ++censuses;
                         out << "census " << isoUtc(takenAtMs) << ' ' << platformCode(platform)
                             << ": " << streams << " streams, " << viewers << " viewers, stored in "
                             << elapsedMs << " ms, database "
                             << c.toString(static_cast<double>(databaseBytes) / (1024.0 * 1024.0),
                                           'f', 1)
                             << " MiB" << Qt::endl;
                     });
    int alerts = 0;
    QObject::connect(&pipeline, &Pipeline::anomalyEventsStored, &pipeline,
                     [&](const QVector<AnomalyEvent> &events) {
                         for (const AnomalyEvent &e : events) {
                             ++alerts;
                             out << "alert " << isoUtc(e.timeMs) << ' ' << platformCode(e.platform)
                                 << ' ' << e.channelLogin << ": " << e.sentence() << Qt::endl;
                         }
                     });
    QObject::connect(&pipeline, &Pipeline::writeFailed, &pipeline, [&](const QString &message) {
        ++failures;
        err << "streamrank: " << message << Qt::endl;
    });

    if (options.durationSeconds > 0)
        QTimer::singleShot(options.durationSeconds * 1000, Qt::PreciseTimer, &pipeline,
                           [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    pipeline.start();
    QCoreApplication::exec();
    pipeline.stop();
    if (exitCode == 0)
        out << "stopped after " << censuses << " censuses (" << failures << " failed to store), "
            << alerts << " anomaly events" << Qt::endl;
    return exitCode;
}

} // namespace StreamRank
