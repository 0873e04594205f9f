// `streamrank --headless --platform youtube --once` as a user runs it: the real
// executable against the fake YouTube Data API (on its own thread, so the test
// can block on the process), the key from the environment. The census is
// stored with hidden counts unknown, the quota is said and saved so a second
// run today goes on from it; a bad key, no key and a spent quota each fail
// with one line naming the cause.

#include "dbquery.h"
#include "fakeyoutubeserver.h"
#include "streamrankprocess.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace StreamRank::Fake;

namespace {

using Run = StreamRank::TestSupport::StreamRankRun;

class ServerThread
{
public:
    explicit ServerThread(const FakeYouTubeConfig &config) : server(new FakeYouTubeServer(config))
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
    FakeYouTubeServer *server;
    QThread thread;
    bool listening = false;
};

FakeYouTubeConfig stillWorld()
{
    FakeYouTubeConfig c;
    c.channels = 300;
    c.liveBroadcasts = 60;
    c.viewerDriftPerRequest = 0;
    c.hiddenViewersShare = 0.2;
    return c;
}

} // namespace

class TestYouTubeHeadless : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Run run(const ServerThread &s, const QString &db, const QString &key, const QStringList &extra)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STREAMRANK_YOUTUBE_API_KEY"));
        if (!key.isEmpty())
            env.insert(QStringLiteral("STREAMRANK_YOUTUBE_API_KEY"), key);
        // Settings of this test function only (the quota spent is kept
        // there), never the user's.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"),
                   m_dir.filePath(QStringLiteral("config-") +
                                  QString::fromUtf8(QTest::currentTestFunction())));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        QStringList args{QStringLiteral("--headless"),        QStringLiteral("--platform"),
                         QStringLiteral("youtube"),           QStringLiteral("--once"),
                         QStringLiteral("--database"),        db,
                         QStringLiteral("--youtube-api-url"), s.server->apiUrl()};
        return StreamRank::TestSupport::runStreamRank(args + extra, env, 60000);
    }

    QStringList watchedLive(const ServerThread &s, int n)
    {
        QStringList args;
        const auto live = s.server->liveVideos();
        for (int i = 0; i < n && i < live.size(); ++i)
            args << QStringLiteral("--youtube-channel") << live.at(i).channelId;
        return args;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void oneCensusIsStoredWithHiddenCountsUnknown()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("ok.sqlite"));
        const Run r = run(s, db, s.server->config().apiKey, watchedLive(s, 20));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("youtube census: 20 streams")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("youtube quota: ")), qPrintable(r.out));
        const QStringList census = StreamRank::TestSupport::queryRows(
            db, QStringLiteral("SELECT c.stream_count, c.partial FROM censuses c JOIN platforms "
                               "p ON p.id = c.platform_id WHERE p.code = 'youtube'"));
        QCOMPARE(census, QStringList{QStringLiteral("20|0")});
        // Each stream's stored count is what YouTube said; a hidden one is not 0.
        int hidden = 0;
        const auto live = s.server->liveVideos();
        for (int i = 0; i < 20; ++i) {
            const QStringList sample = StreamRank::TestSupport::queryRows(
                db, QStringLiteral("SELECT v.viewers FROM viewership_samples v JOIN streams st "
                                   "ON st.id = v.stream_id WHERE st.external_id = '%1'")
                        .arg(live.at(i).id));
            QCOMPARE(sample.size(), 1);
            if (live.at(i).hiddenViewers) {
                ++hidden;
                // Unknown: NULL (or a negative marker), never a count of 0.
                QVERIFY2(sample.at(0).isEmpty() || sample.at(0).toInt() < 0,
                         qPrintable(sample.at(0)));
            } else {
                QCOMPARE(sample.at(0).toInt(), live.at(i).viewers);
            }
        }
        qInfo("%d of 20 with a hidden count", hidden);
        // The key never reaches the output.
        QVERIFY(!r.out.contains(s.server->config().apiKey));
        QVERIFY(!r.err.contains(s.server->config().apiKey));
    }

    void theQuotaSpentTodayCarriesOverToTheNextRun()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("quota.sqlite"));
        const QRegularExpression used(QStringLiteral("youtube quota: (\\d+) of 10000 units"));
        const Run first = run(s, db, s.server->config().apiKey, watchedLive(s, 3));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const Run second = run(s, db, s.server->config().apiKey, watchedLive(s, 3));
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        auto lastUsed = [&](const QString &out) {
            int n = -1;
            auto it = used.globalMatch(out);
            while (it.hasNext())
                n = it.next().captured(1).toInt();
            return n;
        };
        const int afterFirst = lastUsed(first.out);
        const int afterSecond = lastUsed(second.out);
        QVERIFY2(afterFirst > 0, qPrintable(first.out));
        // The second run started from the first's count, as the server did.
        QCOMPARE(afterSecond, s.server->unitsUsed());
        QVERIFY(afterSecond > afterFirst);
    }

    // A restart tracks on the videos the database holds open: one that
    // ended while StreamRank was not running is ended at its last sample,
    // one still live is polled at once, without waiting for its search.
    void aRestartGoesOnWithTheOpenSessions()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const QString db = m_dir.filePath(QStringLiteral("restart.sqlite"));
        const auto live = s.server->liveVideos();
        const Run first = run(s, db, s.server->config().apiKey, watchedLive(s, 2));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QMetaObject::invokeMethod(
            s.server, [&] { s.server->endBroadcast(live.at(0).channelId); },
            Qt::BlockingQueuedConnection);
        // The second run watches nothing and searches for what matches nothing.
        const Run second = run(
            s, db, s.server->config().apiKey,
            {QStringLiteral("--youtube-search"), QStringLiteral("no title has these words xq7")});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err + second.out));
        QVERIFY2(second.out.contains(QStringLiteral("youtube census: 1 streams")),
                 qPrintable(second.out));
        const QStringList rows = StreamRank::TestSupport::queryRows(
            db, QStringLiteral("SELECT external_id, ended_at IS NULL FROM streams ORDER BY "
                               "external_id"));
        QStringList expected{live.at(0).id + QStringLiteral("|0"),
                             live.at(1).id + QStringLiteral("|1")};
        expected.sort();
        QCOMPARE(rows, expected);
        const QStringList endedAt = StreamRank::TestSupport::queryRows(
            db, QStringLiteral("SELECT s.ended_at = (SELECT MIN(taken_at) FROM censuses) FROM "
                               "streams s WHERE s.external_id = '%1'")
                    .arg(live.at(0).id));
        QCOMPARE(endedAt, QStringList{QStringLiteral("1")});
    }

    void failuresSayTheirCause_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("exhausted");
        QTest::addColumn<QString>("words");
        QTest::newRow("bad key") << "wrong-key" << false << "rejected the API key";
        QTest::newRow("API not enabled") << "fake-youtube-key-disabled" << false << "not enabled";
        QTest::newRow("no key") << "" << false << "STREAMRANK_YOUTUBE_API_KEY";
        QTest::newRow("quota used up") << "fake-youtube-key" << true << "quota is used up";
    }
    void failuresSayTheirCause()
    {
        QFETCH(QString, key);
        QFETCH(bool, exhausted);
        QFETCH(QString, words);
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        if (exhausted)
            QMetaObject::invokeMethod(
                s.server, [&] { s.server->exhaustQuota(); }, Qt::BlockingQueuedConnection);
        const QString db = m_dir.filePath(QStringLiteral("fail-%1.sqlite")
                                              .arg(QString::fromUtf8(QTest::currentDataTag()))
                                              .replace(u' ', u'-'));
        const Run r = run(s, db, key, watchedLive(s, 2));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(words, Qt::CaseInsensitive), qPrintable(r.err));
        if (!key.isEmpty())
            QVERIFY(!r.err.contains(key) || key == QStringLiteral("fake-youtube-key-disabled"));
    }

    void nothingToTrackIsRefused()
    {
        ServerThread s(stillWorld());
        QVERIFY(s.listening);
        const Run r =
            run(s, m_dir.filePath(QStringLiteral("none.sqlite")), s.server->config().apiKey, {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("nothing to track")), qPrintable(r.err));
        QCOMPARE(s.server->requests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestYouTubeHeadless)
#include "tst_youtubeheadless.moc"
