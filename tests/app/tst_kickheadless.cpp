// `streamrank --headless --platform kick --once` as a user runs it: the real
// executable against the fake Kick (token endpoint and public API, on its own
// thread so the test can block on the process), the credentials from the
// environment. The census is stored under session ids that hold across runs
// and across v1 and v2; a v2 that is not there falls back to v1; refused or
// missing credentials fail with one line naming the cause, and no secret or
// token reaches the output or the database.

#include "dbquery.h"
#include "fakekickserver.h"
#include "streamrankprocess.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace StreamRank::Fake;

namespace {

using Run = StreamRank::TestSupport::StreamRankRun;
const auto query = StreamRank::TestSupport::queryRows;

class ServerThread
{
public:
    explicit ServerThread(const FakeKickConfig &config) : server(new FakeKickServer(config))
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
    FakeKickServer *server;
    QThread thread;
    bool listening = false;
};

FakeKickConfig stillWorld()
{
    FakeKickConfig c;
    c.channels = 400;
    c.liveStreams = 150;
    c.viewerDriftPerRequest = 0;
    return c;
}

QString kickStreams()
{
    return QStringLiteral("SELECT s.external_id FROM streams s JOIN platforms p ON p.id = "
                          "s.platform_id WHERE p.code = 'kick' AND s.ended_at IS NULL ORDER BY 1");
}

} // namespace

class TestKickHeadless : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Run run(const ServerThread &s, const QString &db, const QString &id, const QString &secret)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STREAMRANK_KICK_CLIENT_ID"));
        env.remove(QStringLiteral("STREAMRANK_KICK_CLIENT_SECRET"));
        if (!id.isEmpty())
            env.insert(QStringLiteral("STREAMRANK_KICK_CLIENT_ID"), id);
        if (!secret.isEmpty())
            env.insert(QStringLiteral("STREAMRANK_KICK_CLIENT_SECRET"), secret);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"),
                   m_dir.filePath(QStringLiteral("config-") +
                                  QString::fromUtf8(QTest::currentTestFunction())));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        // No keychain to fall back on: the environment or nothing.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("disabled:"));
        const QStringList args{QStringLiteral("--headless"),
                               QStringLiteral("--platform"),
                               QStringLiteral("kick"),
                               QStringLiteral("--once"),
                               QStringLiteral("--database"),
                               db,
                               QStringLiteral("--kick-api-url"),
                               s.server->apiUrl(),
                               QStringLiteral("--kick-auth-url"),
                               s.server->authUrl()};
        return StreamRank::TestSupport::runStreamRank(args, env, 60000);
    }

    Run runGood(const ServerThread &s, const QString &db)
    {
        return run(s, db, s.server->config().clientId, s.server->config().clientSecret);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void oneCensusIsStoredUnderSessionIds()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("ok.sqlite"));
        const Run r = runGood(s, db);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("kick census: 150 streams")), qPrintable(r.out));
        QCOMPARE(query(db, QStringLiteral("SELECT c.stream_count, c.partial FROM censuses c JOIN "
                                          "platforms p ON p.id = c.platform_id WHERE p.code = "
                                          "'kick'")),
                 QStringList{QStringLiteral("150|0")});
        // Every live stream of the fake, under "<broadcaster>@<started_at ms>",
        // with the count Kick said.
        QStringList expected;
        for (const FakeKickChannel &c : s.server->liveChannels())
            expected.append(QStringLiteral("%1@%2").arg(c.broadcasterUserId).arg(c.startedAtMs));
        expected.sort();
        QCOMPARE(query(db, kickStreams()), expected);
        const FakeKickChannel top = s.server->liveChannels().constFirst();
        QCOMPARE(query(db, QStringLiteral("SELECT v.viewers, ch.login FROM viewership_samples v "
                                          "JOIN streams st ON st.id = v.stream_id JOIN channels "
                                          "ch ON ch.id = st.channel_id WHERE st.external_id = "
                                          "'%1@%2'")
                               .arg(top.broadcasterUserId)
                               .arg(top.startedAtMs)),
                 QStringList{QStringLiteral("%1|%2").arg(top.viewers).arg(top.slug)});
        for (const QString &secret : {s.server->config().clientSecret})
            QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
    }

    void v1TakesOverWhenV2IsNotThereAndSessionsKeepTheirIds()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("versions.sqlite"));
        const Run first = runGood(s, db);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const QStringList before = query(db, kickStreams());
        QCOMPARE(before.size(), 150);

        // v2 gone: v1 lists the top 100 by viewers; they are the same sessions.
        QMetaObject::invokeMethod(
            s.server, [&] { s.server->setV2Available(false); }, Qt::BlockingQueuedConnection);
        const Run second = runGood(s, db);
        QVERIFY2(second.exitCode == 0, qPrintable(second.err + second.out));
        QVERIFY2(second.out.contains(QStringLiteral("kick census: 1")), qPrintable(second.out));
        const QStringList sampled = query(
            db, QStringLiteral("SELECT COUNT(DISTINCT st.external_id) FROM viewership_samples v "
                               "JOIN streams st ON st.id = v.stream_id JOIN censuses c ON c.id = "
                               "v.census_id WHERE c.taken_at = (SELECT MAX(taken_at) FROM "
                               "censuses)"));
        // v1's 100, and the other 50 asked for by channel as still live.
        QCOMPARE(sampled, QStringList{QStringLiteral("150")});
        QCOMPARE(query(db, kickStreams()), before); // no new session for a stream
        QCOMPARE(query(db, QStringLiteral("SELECT COUNT(*) FROM streams")),
                 QStringList{QStringLiteral("150")});
    }

    void refusedOrMissingCredentialsSayTheirCause()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("refused.sqlite"));
        const Run wrong = run(s, db, s.server->config().clientId, QStringLiteral("wrong-secret-1"));
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains(QStringLiteral("Kick")), qPrintable(wrong.err));
        QVERIFY2(wrong.err.contains(QStringLiteral("credentials"), Qt::CaseInsensitive),
                 qPrintable(wrong.err));
        QVERIFY(!wrong.err.contains(QStringLiteral("wrong-secret-1")));
        QVERIFY(!wrong.out.contains(QStringLiteral("wrong-secret-1")));

        const Run none = run(s, db, QString(), QString());
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(QStringLiteral("STREAMRANK_KICK_CLIENT_ID")),
                 qPrintable(none.err));
    }
};

QTEST_GUILESS_MAIN(TestKickHeadless)
#include "tst_kickheadless.moc"
