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

    void longDurationsAreKeptWhole()
    {
        // 2,147,484 s is past what a timer's int milliseconds hold.
        const auto r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                                         QStringLiteral("--duration"), QStringLiteral("2147484")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.options->durationSeconds, qint64(2147484));
    }

    void optionsThatDoNotApplyAreNamed()
    {
        auto r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                                   QStringLiteral("--export"), QStringLiteral("anomalies"),
                                   QStringLiteral("--demo-speed"), QStringLiteral("60")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings,
                 QStringList{QStringLiteral("--demo-speed does not apply to --export, which "
                                            "collects nothing; it is ignored")});

        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--platform"), QStringLiteral("twitch"),
                              QStringLiteral("--demo-seed"), QStringLiteral("7")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.constFirst().startsWith(
                     QStringLiteral("--demo-seed does not apply without the Demo")),
                 qPrintable(r.warnings.constFirst()));

        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--twitch-api-url"),
                              QStringLiteral("http://127.0.0.1:1/helix")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings, QStringList{QStringLiteral("--twitch-api-url does not apply without "
                                                        "--platform twitch; it is ignored")});

        // Nothing to say about a plain run or a run that uses what it is given.
        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--demo-speed"), QStringLiteral("60"),
                              QStringLiteral("--database"), QStringLiteral("x.sqlite")});
        QVERIFY(r.options);
        QVERIFY(r.warnings.isEmpty());
    }

    void youtubeOptionsAddToThisRun()
    {
        const QString channel = QStringLiteral("UC_x5XG1OV2P6uZZ5FSM9Ttw");
        auto r = parseCommandLine(
            {QStringLiteral("streamrank"), QStringLiteral("--headless"),
             QStringLiteral("--platform"), QStringLiteral("youtube"), QStringLiteral("--once"),
             QStringLiteral("--youtube-search"), QStringLiteral("science"),
             QStringLiteral("--youtube-search"), QStringLiteral("q=;category=20;region=JP"),
             QStringLiteral("--youtube-channel"), channel, QStringLiteral("--youtube-api-url"),
             QStringLiteral("http://127.0.0.1:8788/youtube/v3")});
        QVERIFY2(r.options, qPrintable(r.error));
        QVERIFY(r.options->youtube);
        QVERIFY(!r.options->twitch);
        QVERIFY(!r.options->demo); // a real platform without --demo
        QVERIFY(r.options->once);  // --once takes YouTube as its real platform
        QCOMPARE(
            r.options->youtubeSearches,
            (QStringList{QStringLiteral("science"), QStringLiteral("q=;category=20;region=JP")}));
        QCOMPARE(r.options->youtubeChannels, QStringList{channel});
        QCOMPARE(r.options->youtubeApiUrl, QStringLiteral("http://127.0.0.1:8788/youtube/v3"));
        QVERIFY(r.warnings.isEmpty());

        // Without --platform youtube they change nothing, and say so.
        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--youtube-channel"), channel});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings, QStringList{QStringLiteral("--youtube-channel does not apply without "
                                                        "--platform youtube; it is ignored")});
    }

    void kickOptionsAddToThisRun()
    {
        auto r = parseCommandLine(
            {QStringLiteral("streamrank"), QStringLiteral("--headless"),
             QStringLiteral("--platform"), QStringLiteral("kick"), QStringLiteral("--once"),
             QStringLiteral("--kick-api-url"), QStringLiteral("http://127.0.0.1:8790"),
             QStringLiteral("--kick-auth-url"), QStringLiteral("http://127.0.0.1:8791")});
        QVERIFY2(r.options, qPrintable(r.error));
        QVERIFY(r.options->kick);
        QVERIFY(!r.options->demo); // a real platform without --demo
        QVERIFY(r.options->once);  // --once takes Kick as its real platform
        QCOMPARE(r.options->kickApiUrl, QStringLiteral("http://127.0.0.1:8790"));
        QCOMPARE(r.options->kickAuthUrl, QStringLiteral("http://127.0.0.1:8791"));
        QVERIFY(r.warnings.isEmpty());

        // Without --platform kick they change nothing, and say so.
        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--kick-auth-url"),
                              QStringLiteral("https://id.kick.com")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings, QStringList{QStringLiteral("--kick-auth-url does not apply without "
                                                        "--platform kick; it is ignored")});
    }

    void themeIsChosenForThisRun()
    {
        auto r = parseCommandLine({QStringLiteral("streamrank")});
        QVERIFY(r.options);
        QVERIFY(r.options->theme.isEmpty()); // the saved one

        r = parseCommandLine(
            {QStringLiteral("streamrank"), QStringLiteral("--theme"), QStringLiteral("Dark")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.options->theme, QStringLiteral("dark"));
        QVERIFY(r.warnings.isEmpty());

        // No window, no colours: said, not refused.
        r = parseCommandLine({QStringLiteral("streamrank"), QStringLiteral("--headless"),
                              QStringLiteral("--theme=light")});
        QVERIFY2(r.options, qPrintable(r.error));
        QCOMPARE(r.warnings, QStringList{QStringLiteral("--theme does not apply without a "
                                                        "window; it is ignored")});
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
        QTest::newRow("speed not a number")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("nan")}
            << QStringLiteral("from 0.01 to 100000, not \"nan\"");
        QTest::newRow("speed infinite")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("inf")}
            << QStringLiteral("--demo-speed");
        QTest::newRow("speed that stops the clock")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("1e-300")}
            << QStringLiteral("--demo-speed");
        QTest::newRow("speed too high")
            << QStringList{QStringLiteral("--demo-speed"), QStringLiteral("100001")}
            << QStringLiteral("--demo-speed");
        QTest::newRow("duration past a year")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--duration"),
                           QStringLiteral("31536001")}
            << QStringLiteral("from 1 to 31536000 (a year)");
        QTest::newRow("duration past 64 bits")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--duration"),
                           QStringLiteral("99999999999999999999")}
            << QStringLiteral("--duration");
        QTest::newRow("an option where a value belongs")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--export"),
                           QStringLiteral("--database"), QStringLiteral("x.sqlite")}
            << QStringLiteral("--export needs a value (KIND) before the next option, not "
                              "\"--database\"");
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
        QTest::newRow("unknown theme")
            << QStringList{QStringLiteral("--theme"), QStringLiteral("solarized")}
            << QStringLiteral("--theme must be one of system, light, dark, not \"solarized\"");
        QTest::newRow("theme without a value")
            << QStringList{QStringLiteral("--theme"), QStringLiteral("--demo")}
            << QStringLiteral("--theme needs a value (NAME)");
        QTest::newRow("youtube channel that is not a channel id")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--platform"),
                           QStringLiteral("youtube"), QStringLiteral("--youtube-channel"),
                           QStringLiteral("@somehandle")}
            << QStringLiteral("--youtube-channel needs a channel id (UC followed by 22 letters, "
                              "digits, - or _), not \"@somehandle\"");
        QTest::newRow("youtube search of nothing")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--youtube-search"),
                           QStringLiteral("  ")}
            << QStringLiteral("--youtube-search needs the words to search for");
        QTest::newRow("youtube api url not http")
            << QStringList{QStringLiteral("--youtube-api-url"), QStringLiteral("ftp://x/y")}
            << QStringLiteral("--youtube-api-url must be an http(s) URL");
        QTest::newRow("kick api url not http")
            << QStringList{QStringLiteral("--kick-api-url"), QStringLiteral("api.kick.com")}
            << QStringLiteral("--kick-api-url must be an http(s) URL");
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
