// The command line: defaults, each option, and clear errors for bad values.
#include "commandline.h"

#include <QDir>
#include <QTest>

using namespace StreamRank;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsToTheDemoInTheStandardDataFolder()
    {
        const auto r = parseCommandLine({QStringLiteral("streamrank")});
        QVERIFY(r.options);
        QVERIFY(!r.options->headless);
        QVERIFY(r.options->demo);
        // The Demo runs at real time unless asked otherwise.
        QCOMPARE(r.options->demoSpeed, 1.0);
        QVERIFY(!r.options->databaseExplicit);
        QVERIFY(!needsThrowawayDatabase(*r.options, true));
        QCOMPARE(r.options->databasePath, defaultDatabasePath());
        QVERIFY(r.options->databasePath.endsWith(QStringLiteral("/streamrank.sqlite")));
    }

    void headlessWithAllOptions()
    {
        const auto r = parseCommandLine(
            {QStringLiteral("streamrank"), QStringLiteral("--headless"), QStringLiteral("--demo"),
             QStringLiteral("--duration"), QStringLiteral("30"), QStringLiteral("--demo-speed"),
             QStringLiteral("60"), QStringLiteral("--database"), QStringLiteral("rel/db.sqlite")});
        QVERIFY(r.options);
        QVERIFY(r.options->headless);
        QCOMPARE(r.options->durationSeconds, 30);
        QCOMPARE(r.options->demoSpeed, 60.0);
        // A relative path is taken relative to the working directory.
        QCOMPARE(r.options->databasePath,
                 QDir::current().absoluteFilePath(QStringLiteral("rel/db.sqlite")));
    }

    void aFastDemoNeverWritesTheDatabaseInTheDataFolder()
    {
        const auto parse = [](QStringList args) {
            args.prepend(QStringLiteral("streamrank"));
            const auto r = parseCommandLine(args);
            if (!r.options)
                qFatal("unexpected parse error: %s", qPrintable(r.error));
            return *r.options;
        };
        const QString fast = QStringLiteral("--demo-speed");
        // Faster than real time without --database: a throwaway file.
        QVERIFY(needsThrowawayDatabase(parse({fast, QStringLiteral("60")}), true));
        QVERIFY(needsThrowawayDatabase(
            parse({QStringLiteral("--headless"), fast, QStringLiteral("1.5")}), true));
        // ...but not when the Demo does not run (Twitch only) ...
        QVERIFY(!needsThrowawayDatabase(parse({fast, QStringLiteral("60")}), false));
        // ... nor when the user named the file ...
        const CommandLine named =
            parse({fast, QStringLiteral("60"), QStringLiteral("--database"), QStringLiteral("x")});
        QVERIFY(named.databaseExplicit);
        QVERIFY(!needsThrowawayDatabase(named, true));
        // ... nor at or below real time.
        QVERIFY(!needsThrowawayDatabase(parse({fast, QStringLiteral("1")}), true));
        QVERIFY(!needsThrowawayDatabase(parse({fast, QStringLiteral("0.5")}), true));
        // Import and export collect nothing: they read and write the file itself.
        QVERIFY(!needsThrowawayDatabase(
            parse({QStringLiteral("--headless"), fast, QStringLiteral("60"),
                   QStringLiteral("--export"), QStringLiteral("anomalies")}),
            true));
    }

    void importSamplesAndExportAreHeadlessCommands()
    {
        auto r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                                   QStringLiteral("--import-samples"), QStringLiteral("in/s.csv"),
                                   QStringLiteral("--database"), QStringLiteral("db.sqlite")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.options->importSamplesPath,
                 QDir::current().absoluteFilePath(QStringLiteral("in/s.csv")));
        QVERIFY(r.options->exportKind.isEmpty());
        QCOMPARE(r.options->databasePath,
                 QDir::current().absoluteFilePath(QStringLiteral("db.sqlite")));

        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--export"),
                              QStringLiteral("anomalies"), QStringLiteral("--headless")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.options->exportKind, QStringLiteral("anomalies"));
        QVERIFY(r.options->importSamplesPath.isEmpty());
        QCOMPARE(r.options->databasePath, defaultDatabasePath());

        // Neither is set by default.
        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless")});
        QVERIFY(r.options);
        QVERIFY(r.options->importSamplesPath.isEmpty());
        QVERIFY(r.options->exportKind.isEmpty());
        QCOMPARE(exportKinds(), QStringList{QStringLiteral("anomalies")});
    }

    void badValuesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("speed text")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("fast")}
            << QStringLiteral("--demo-speed");
        QTest::newRow("speed zero")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("0")}
            << QStringLiteral("--demo-speed");
        QTest::newRow("duration negative")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--duration"),
                           QStringLiteral("-5")}
            << QStringLiteral("--duration");
        QTest::newRow("duration without headless")
            << QStringList{QStringLiteral("--duration"), QStringLiteral("5")}
            << QStringLiteral("--headless");
        QTest::newRow("import without headless")
            << QStringList{QStringLiteral("--import-samples"), QStringLiteral("s.csv")}
            << QStringLiteral("--headless");
        QTest::newRow("export without headless")
            << QStringList{QStringLiteral("--export"), QStringLiteral("anomalies")}
            << QStringLiteral("--headless");
        QTest::newRow("import and export at once")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--import-samples"),
                           QStringLiteral("s.csv"), QStringLiteral("--export"),
                           QStringLiteral("anomalies")}
            << QStringLiteral("cannot be combined");
        QTest::newRow("unknown export lists the supported kinds")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--export"),
                           QStringLiteral("rankings")}
            << QStringLiteral("\"rankings\"; supported: anomalies");
        QTest::newRow("import without a file")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--import-samples")}
            << QStringLiteral("import-samples");
        QTest::newRow("import with a duration")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--import-samples"),
                           QStringLiteral("s.csv"), QStringLiteral("--duration"),
                           QStringLiteral("5")}
            << QStringLiteral("--duration");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("stray argument")
            << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
    }
    void badValuesAreRefusedWithAReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        args.prepend(QStringLiteral("streamrank"));
        const auto r = parseCommandLine(args);
        QVERIFY(!r.options);
        QVERIFY(!r.exitNow);
        QVERIFY2(r.error.contains(mentions), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
