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
        QCOMPARE(r.options->demoSpeed, 10.0);
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
