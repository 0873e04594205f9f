#include "commandline.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

namespace StreamRank {

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/streamrank.sqlite");
}

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "StreamRank: live-streaming analytics. Without options it shows the window and "
        "collects from the Demo platform into the database in the standard data folder."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QStringLiteral("Collect without a window; print one line per census."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Collect from the simulated Demo platform (the default)."));
    const QCommandLineOption speed(
        QStringLiteral("demo-speed"),
        QStringLiteral("Run the Demo clock X times faster than real time "
                       "(60 = one simulated minute per second)."),
        QStringLiteral("X"), QStringLiteral("10"));
    const QCommandLineOption seed(QStringLiteral("demo-seed"),
                                  QStringLiteral("Seed of the Demo simulation."),
                                  QStringLiteral("N"), QStringLiteral("20261121"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Headless: stop after SECONDS of real time."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("Use the SQLite database file PATH instead of "
                                                     "the one in the standard data folder."),
                                      QStringLiteral("PATH"));
    parser.addOptions({headless, demo, speed, seed, duration, database});

    CommandLineResult result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        result.exitNow = true;
        return result;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("streamrank %s\n", STREAMRANK_VERSION);
        result.exitNow = true;
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("Unexpected argument: %1")
                           .arg(parser.positionalArguments().constFirst());
        return result;
    }

    CommandLine cl;
    cl.headless = parser.isSet(headless);
    cl.demo = true; // the only platform so far; --demo states it explicitly
    bool ok = true;
    cl.demoSpeed = parser.value(speed).toDouble(&ok);
    if (!ok || cl.demoSpeed <= 0 || cl.demoSpeed > 100000) {
        result.error =
            QStringLiteral("--demo-speed must be a number between 0 and 100000, not \"%1\"")
                .arg(parser.value(speed));
        return result;
    }
    cl.demoSeed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        result.error = QStringLiteral("--demo-seed must be a whole number, not \"%1\"")
                           .arg(parser.value(seed));
        return result;
    }
    if (parser.isSet(duration)) {
        cl.durationSeconds = parser.value(duration).toInt(&ok);
        if (!ok || cl.durationSeconds <= 0) {
            result.error =
                QStringLiteral("--duration must be a positive number of seconds, not \"%1\"")
                    .arg(parser.value(duration));
            return result;
        }
        if (!cl.headless) {
            result.error = QStringLiteral("--duration only applies with --headless");
            return result;
        }
    }
    cl.databasePath = parser.isSet(database)
                          ? QDir::current().absoluteFilePath(parser.value(database))
                          : defaultDatabasePath();
    result.options = cl;
    return result;
}

} // namespace StreamRank
