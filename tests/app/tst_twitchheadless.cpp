// `streamrank --headless --platform twitch --once` as a user runs it: the real
// executable against the fake Twitch server (on its own thread, so the test
// can block on the process), credentials from the environment. Exit 0 with a
// summary and the census stored; 1 with a one-line reason; 3 when the census
// was stored but partial.

#include "faketwitchserver.h"
#include "streamrankprocess.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace StreamRank::Fake;

namespace {

using Run = StreamRank::TestSupport::StreamRankRun;

class ServerThread
{
public:
    explicit ServerThread(const FakeTwitchConfig &config) : server(new FakeTwitchServer(config))
    {
        server->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, server, &QObject::deleteLater);
        thread.start();
        QMetaObject::invokeMethod(
            server, [this] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        thread.quit();
        thread.wait();
    }
    FakeTwitchServer *server;
    QThread thread;
    bool listening = false;
};

} // namespace

class TestTwitchHeadless : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Run run(const ServerThread &s, const QString &db, const QString &secret,
            bool withCredentials = true)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STREAMRANK_TWITCH_CLIENT_ID"));
        env.remove(QStringLiteral("STREAMRANK_TWITCH_CLIENT_SECRET"));
        if (withCredentials) {
            env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_ID"), s.server->config().clientId);
            env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_SECRET"), secret);
        }
        // Settings of this test only, never the user's.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        return StreamRank::TestSupport::runStreamRank(
            {QStringLiteral("--headless"), QStringLiteral("--platform"), QStringLiteral("twitch"),
             QStringLiteral("--once"), QStringLiteral("--database"), db,
             QStringLiteral("--twitch-api-url"), s.server->apiUrl(),
             QStringLiteral("--twitch-auth-url"), s.server->authUrl()},
            env, 60000);
    }

    static QVariantList censusRow(const QString &path)
    {
        QVariantList row;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral(
                        "SELECT c.stream_count, c.partial, c.pages_ok, c.pages_failed"
                        " FROM censuses c JOIN platforms p ON p.id = c.platform_id"
                        " WHERE p.code = 'twitch'")) &&
                    q.next())
                    row = {q.value(0), q.value(1), q.value(2), q.value(3)};
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return row;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void oneCensusIsStoredAndSummarised()
    {
        FakeTwitchConfig config;
        config.liveStreams = 1500;
        ServerThread s(config);
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("ok.sqlite"));
        const Run r = run(s, db, config.clientSecret);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QRegularExpression summary(QStringLiteral("twitch census: (\\d+) streams"));
        const QRegularExpressionMatch m = summary.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        const int streams = m.captured(1).toInt();
        QVERIFY2(streams >= 1000 && streams < 1100, qPrintable(r.out));
        const QVariantList row = censusRow(db);
        QCOMPARE(row.size(), 4);
        QCOMPARE(row.at(0).toInt(), streams);
        QCOMPARE(row.at(1).toInt(), 0);
        QVERIFY(row.at(2).toInt() >= 10);
    }

    void badSecretFailsWithOneLine()
    {
        ServerThread s(FakeTwitchConfig{});
        QVERIFY(s.listening);
        const Run r =
            run(s, m_dir.filePath(QStringLiteral("bad.sqlite")), QStringLiteral("wrong-secret"));
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = StreamRank::TestSupport::appLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.last().contains(QStringLiteral("invalid client secret")), qPrintable(r.err));
        QVERIFY(!r.err.contains(QStringLiteral("wrong-secret")));
    }

    void partialCensusIsStoredAndSaysSo()
    {
        FakeTwitchConfig config;
        config.liveStreams = 1500;
        ServerThread s(config);
        QVERIFY(s.listening);
        Fault fault;
        fault.kind = FaultKind::Status503;
        fault.skip = 3;
        fault.count = -1;
        s.server->addFault(fault);
        const QString db = m_dir.filePath(QStringLiteral("partial.sqlite"));
        const Run r = run(s, db, config.clientSecret);
        QVERIFY2(r.exitCode == 3, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("partial")), qPrintable(r.out));
        const QVariantList row = censusRow(db);
        QCOMPARE(row.size(), 4);
        QCOMPARE(row.at(0).toInt(), 300); // the three pages that arrived
        QCOMPARE(row.at(1).toInt(), 1);
        QCOMPARE(row.at(3).toInt(), 1);
    }

    void nothingReceivedFailsWithTheReasonAndStoresNothing()
    {
        FakeTwitchConfig config;
        config.liveStreams = 1500;
        ServerThread s(config);
        QVERIFY(s.listening);
        Fault fault;
        fault.kind = FaultKind::Status503;
        fault.count = -1; // every Get Streams page, from the first
        s.server->addFault(fault);
        const QString db = m_dir.filePath(QStringLiteral("nothing.sqlite"));
        const Run r = run(s, db, config.clientSecret);
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        const QStringList lines = StreamRank::TestSupport::appLines(r.err);
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.last().contains(QStringLiteral("census failed: no page of streams arrived")),
                 qPrintable(r.err));
        QVERIFY2(lines.last().contains(QStringLiteral("Service Unavailable")), qPrintable(r.err));
        QVERIFY(censusRow(db).isEmpty()); // no census stored, not even an empty one
    }

    void noCredentialsSaysWhereToPutThem()
    {
        ServerThread s(FakeTwitchConfig{});
        QVERIFY(s.listening);
        const Run r = run(s, m_dir.filePath(QStringLiteral("none.sqlite")), QString(), false);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("STREAMRANK_TWITCH_CLIENT_ID")), qPrintable(r.err));
        QCOMPARE(s.server->requestCount(QStringLiteral("/oauth2/token")), 0);
    }
};

QTEST_GUILESS_MAIN(TestTwitchHeadless)
#include "tst_twitchheadless.moc"
