// No secret leaves the keychain/environment: the real `streamrank` binary
// collects Twitch headless from the in-process fake Twitch with the
// credentials in the environment and every debug log category on, then
// exports; the client secret and the access tokens the fake issued appear in
// none of stdout, stderr, the database and its -wal/-shm (copied while a run
// is still collecting), the settings file or the export. The same for a
// YouTube API key against the in-process fake YouTube, given through the
// environment and (inside scripts/with-test-keyring.sh) through the keychain.
#include "fakekickserver.h"
#include "faketwitchserver.h"
#include "fakeyoutubeserver.h"
#include "secretstore.h"
#include "streamrankprocess.h"

#include <QDirIterator>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>

using namespace StreamRank;

namespace {

// A byte pipe in front of the fake's login service that remembers every
// access token it sees go by, so the test knows what the binary was given.
class TokenTap : public QTcpServer
{
public:
    explicit TokenTap(quint16 upstreamPort) : m_upstreamPort(upstreamPort)
    {
        connect(this, &QTcpServer::newConnection, this, &TokenTap::onConnection);
    }
    QStringList tokens() const { return m_tokens; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }

private:
    void onConnection()
    {
        while (QTcpSocket *client = nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            auto pending = std::make_shared<QByteArray>();
            connect(client, &QTcpSocket::readyRead, upstream, [client, upstream, pending] {
                if (upstream->state() == QAbstractSocket::ConnectedState)
                    upstream->write(client->readAll());
                else
                    pending->append(client->readAll());
            });
            connect(upstream, &QTcpSocket::connected, client, [upstream, pending] {
                upstream->write(*pending);
                pending->clear();
            });
            connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] {
                const QByteArray bytes = upstream->readAll();
                m_seen += bytes;
                collectTokens();
                client->write(bytes);
            });
            connect(upstream, &QTcpSocket::disconnected, client,
                    [client] { client->disconnectFromHost(); });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        }
    }
    void collectTokens()
    {
        static const QRegularExpression re(QStringLiteral("\"access_token\"\\s*:\\s*\"([^\"]+)\""));
        auto it = re.globalMatch(QString::fromUtf8(m_seen));
        while (it.hasNext()) {
            const QString token = it.next().captured(1);
            if (!m_tokens.contains(token))
                m_tokens.append(token);
        }
    }

    quint16 m_upstreamPort;
    QByteArray m_seen;
    QStringList m_tokens;
};

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Every file under `dir` that holds one of `needles` (as UTF-8 or UTF-16).
QStringList filesHolding(const QString &dir, const QStringList &needles, int *files)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            found.append(path + QStringLiteral(" (unreadable)"));
            continue;
        }
        const QByteArray bytes = f.readAll();
        ++*files;
        for (const QString &needle : needles) {
            const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()),
                                   needle.size() * 2);
            if (bytes.contains(needle.toUtf8()) || bytes.contains(utf16))
                found.append(path);
        }
    }
    return found;
}

bool inTestKeyring()
{
    return qEnvironmentVariableIntValue("STREAMRANK_TEST_KEYCHAIN") == 1;
}

// Writes (or, with an empty value, removes) a keychain entry, as the app does.
bool setKeychain(const QString &key, const QString &value)
{
    SecretStore store;
    QSignalSpy done(&store, value.isEmpty() ? &SecretStore::removeDone : &SecretStore::writeDone);
    if (value.isEmpty())
        store.remove(key);
    else
        store.write(key, value);
    return done.wait(15000) && done.first().at(1).value<SecretError>() == SecretError::None;
}

} // namespace

class TestSecretsAbsent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_fake.clientId = QStringLiteral("cid-") + QUuid::createUuid().toString(QUuid::Id128);
        m_fake.clientSecret =
            QStringLiteral("secret-") + QUuid::createUuid().toString(QUuid::Id128);
        m_fake.liveStreams = 300;
        m_server = std::make_unique<Fake::FakeTwitchServer>(m_fake);
        QVERIFY(m_server->listen());
        m_tap = std::make_unique<TokenTap>(m_server->port());
        QVERIFY(m_tap->listen(QHostAddress::LocalHost));
        m_youtubeFake.apiKey = QStringLiteral("ytkey") + QUuid::createUuid().toString(QUuid::Id128);
        m_youtubeFake.channels = 300;
        m_youtubeFake.liveBroadcasts = 40;
        m_youtube = std::make_unique<Fake::FakeYouTubeServer>(m_youtubeFake);
        QVERIFY(m_youtube->listen());
        m_kickFake.clientId = QStringLiteral("kid-") + QUuid::createUuid().toString(QUuid::Id128);
        m_kickFake.clientSecret =
            QStringLiteral("ksecret-") + QUuid::createUuid().toString(QUuid::Id128);
        m_kickFake.channels = 300;
        m_kickFake.liveStreams = 60;
        m_kick = std::make_unique<Fake::FakeKickServer>(m_kickFake);
        QVERIFY(m_kick->listen());
        if (!inTestKeyring() &&
            qEnvironmentVariableIntValue("STREAMRANK_TEST_BUS_WITHOUT_KEYRING") != 1) {
            // Never touch the keychain of whoever runs this by hand.
            qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/streamrank-test-bus");
        }
    }

    // The YouTube key, from the environment and then from the keychain: a
    // census is collected with it (so it was used), and it is nowhere after.
    void youtubeKeyNowhere_data()
    {
        QTest::addColumn<bool>("fromKeychain");
        QTest::newRow("environment") << false;
        QTest::newRow("keychain") << true;
    }

    void youtubeKeyNowhere()
    {
        QFETCH(bool, fromKeychain);
        if (fromKeychain && !inTestKeyring())
            QSKIP("No throwaway keyring (run through scripts/with-test-keyring.sh)");
        const QString keyName = QString::fromLatin1("youtube-api-key");
        if (fromKeychain)
            QVERIFY(setKeychain(keyName, m_youtubeFake.apiKey));
        const auto forget = qScopeGuard([&] {
            if (fromKeychain)
                setKeychain(keyName, QString());
        });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("data/youtube.sqlite"));
        const QVector<Fake::FakeYouTubeVideo> live = m_youtube->liveVideos();
        QVERIFY(!live.isEmpty());
        QProcessEnvironment env;
        if (!fromKeychain)
            env.insert(QStringLiteral("STREAMRANK_YOUTUBE_API_KEY"), m_youtubeFake.apiKey);
        const Run collect = run({QStringLiteral("--headless"), QStringLiteral("--platform"),
                                 QStringLiteral("youtube"), QStringLiteral("--once"),
                                 QStringLiteral("--youtube-api-url"), m_youtube->apiUrl(),
                                 QStringLiteral("--youtube-channel"), live.first().channelId,
                                 QStringLiteral("--youtube-search"), QStringLiteral("live"),
                                 QStringLiteral("--database"), db},
                                dir.path(), {}, env);
        QVERIFY2(collect.exitCode == 0 || collect.exitCode == 3, collect.err.constData());
        QVERIFY2(collect.out.contains("youtube census: "), collect.out.constData());
        // The key really was used: the fake charged calls made with it.
        QVERIFY(m_youtube->unitsUsed() > 0);
        QVERIFY(!collect.err.isEmpty()); // debug logging was on

        const QString &key = m_youtubeFake.apiKey;
        QVERIFY2(!collect.out.contains(key.toUtf8()), "stdout contains the YouTube key");
        QVERIFY2(!collect.err.contains(key.toUtf8()), "stderr contains the YouTube key");
        int files = 0;
        const QStringList holding = filesHolding(dir.path(), {key}, &files);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(QStringLiteral(", "))));
        QVERIFY(QFile::exists(db));
        qInfo().noquote() << collect.out.trimmed();
        qInfo() << "searched" << files << "files and both outputs for the YouTube key";
    }

    // Kick's client secret and the app tokens issued with it, from the
    // environment and then from the keychain: a census is collected (so they
    // were used), and they are nowhere after.
    void kickSecretsNowhere_data() { youtubeKeyNowhere_data(); }

    void kickSecretsNowhere()
    {
        QFETCH(bool, fromKeychain);
        if (fromKeychain && !inTestKeyring())
            QSKIP("No throwaway keyring (run through scripts/with-test-keyring.sh)");
        const QString idName = QStringLiteral("kick-client-id");
        const QString secretName = QStringLiteral("kick-client-secret");
        if (fromKeychain) {
            QVERIFY(setKeychain(idName, m_kickFake.clientId));
            QVERIFY(setKeychain(secretName, m_kickFake.clientSecret));
        }
        const auto forget = qScopeGuard([&] {
            if (fromKeychain) {
                setKeychain(idName, QString());
                setKeychain(secretName, QString());
            }
        });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("data/kick.sqlite"));
        QProcessEnvironment env;
        if (!fromKeychain) {
            env.insert(QStringLiteral("STREAMRANK_KICK_CLIENT_ID"), m_kickFake.clientId);
            env.insert(QStringLiteral("STREAMRANK_KICK_CLIENT_SECRET"), m_kickFake.clientSecret);
        }
        m_kick->clearRequests();
        const Run collect =
            run({QStringLiteral("--headless"), QStringLiteral("--platform"), QStringLiteral("kick"),
                 QStringLiteral("--once"), QStringLiteral("--kick-api-url"), m_kick->apiUrl(),
                 QStringLiteral("--kick-auth-url"), m_kick->authUrl(), QStringLiteral("--database"),
                 db},
                dir.path(), {}, env);
        QVERIFY2(collect.exitCode == 0, collect.err.constData());
        QVERIFY2(collect.out.contains("kick census: 60 streams"), collect.out.constData());
        QStringList secrets{m_kickFake.clientSecret};
        for (const Fake::KickRequestRecord &request : m_kick->requests())
            if (!request.token.isEmpty() && !secrets.contains(request.token))
                secrets.append(request.token);
        QVERIFY2(secrets.size() >= 2, "no app token was used"); // the secret and a token
        for (const QString &secret : std::as_const(secrets)) {
            QVERIFY2(!collect.out.contains(secret.toUtf8()), "stdout holds a Kick secret");
            QVERIFY2(!collect.err.contains(secret.toUtf8()), "stderr holds a Kick secret");
        }
        int files = 0;
        const QStringList holding = filesHolding(dir.path(), secrets, &files);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(QStringLiteral(", "))));
        QVERIFY(QFile::exists(db));
        qInfo() << "searched" << files << "files and both outputs for" << secrets.size()
                << "Kick secrets";
    }

    void noSecretInOutputsFilesOrExports()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("data/twitch.sqlite"));

        const Run collect = run(
            {QStringLiteral("--headless"), QStringLiteral("--platform"), QStringLiteral("twitch"),
             QStringLiteral("--once"), QStringLiteral("--twitch-api-url"), m_server->apiUrl(),
             QStringLiteral("--twitch-auth-url"), m_tap->url(), QStringLiteral("--database"), db},
            dir.path());
        QVERIFY2(collect.exitCode == 0, collect.err.constData());
        QVERIFY2(collect.out.contains("twitch census: "), collect.out.constData());
        // It really ran against the fake: a token was issued and streams were stored.
        QVERIFY2(!m_tap->tokens().isEmpty(), "the binary fetched no token through the tap");
        QVERIFY(m_server->requestCount(QStringLiteral("/helix/streams")) > 0);
        QVERIFY(QFile::exists(db));
        // Debug logging was on, so a leak in a log line would show.
        QVERIFY(!collect.err.isEmpty());

        // A run that keeps going: the database's -wal and -shm as they are
        // right after a census was stored (a clean exit folds them away).
        QList<std::pair<QString, QByteArray>> live;
        const QString liveDb = dir.filePath(QStringLiteral("data/live.sqlite"));
        const Run running = run(
            {QStringLiteral("--headless"), QStringLiteral("--platform"), QStringLiteral("twitch"),
             QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--twitch-api-url"),
             m_server->apiUrl(), QStringLiteral("--twitch-auth-url"), m_tap->url(),
             QStringLiteral("--database"), liveDb},
            dir.path(), [&](const QByteArray &line) {
                if (!line.startsWith("census ") || !live.isEmpty())
                    return;
                for (const QString &suffix :
                     {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
                    QFile f(liveDb + suffix);
                    if (f.open(QIODevice::ReadOnly))
                        live.append({liveDb + suffix, f.readAll()});
                }
            });
        QVERIFY2(running.exitCode == 0, running.err.constData());
        QVERIFY2(live.size() == 3, running.out.constData()); // the file, -wal and -shm

        const Run exported = run({QStringLiteral("--headless"), QStringLiteral("--export"),
                                  QStringLiteral("anomalies"), QStringLiteral("--database"), db},
                                 dir.path());
        QVERIFY2(exported.exitCode == 0, exported.err.constData());

        QStringList needles{m_fake.clientSecret};
        needles += m_tap->tokens();
        const QList<std::pair<QString, QByteArray>> outputs{
            {QStringLiteral("collect stdout"), collect.out},
            {QStringLiteral("collect stderr"), collect.err},
            {QStringLiteral("running stdout"), running.out},
            {QStringLiteral("running stderr"), running.err},
            {QStringLiteral("export stdout"), exported.out},
            {QStringLiteral("export stderr"), exported.err},
        };
        for (const auto &[path, bytes] : std::as_const(live))
            for (const QString &needle : std::as_const(needles))
                QVERIFY2(!bytes.contains(needle.toUtf8()),
                         qPrintable(path + QStringLiteral(" (while running) contains a secret")));
        for (const auto &[what, bytes] : outputs)
            for (const QString &needle : std::as_const(needles))
                QVERIFY2(!bytes.contains(needle.toUtf8()),
                         qPrintable(what + QStringLiteral(" contains a secret")));

        // Every file the runs left: the database, -wal, -shm, settings, caches.
        int files = 0;
        bool sawDatabase = false;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            ++files;
            sawDatabase = sawDatabase || path == db;
            for (const QString &needle : std::as_const(needles)) {
                QVERIFY2(!bytes.contains(needle.toUtf8()),
                         qPrintable(path + QStringLiteral(" contains a secret")));
                // SQLite may store text as UTF-16 too.
                const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()),
                                       needle.size() * 2);
                QVERIFY2(!bytes.contains(utf16),
                         qPrintable(path + QStringLiteral(" contains a secret (UTF-16)")));
            }
            // The client id is not secret, but it belongs in the keychain too.
            if (path.endsWith(QStringLiteral(".conf")))
                QVERIFY(!bytes.contains(m_fake.clientId.toUtf8()));
        }
        QVERIFY(sawDatabase);
        qInfo().noquote() << collect.out.trimmed();
        qInfo() << "searched" << files << "files," << live.size() << "live database files and"
                << outputs.size() << "outputs for" << needles.size() << "secrets";
    }

private:
    // Runs the binary without blocking this thread's event loop: the fake
    // server answers on it.
    // onLine: called with each stdout line while the process runs.
    // extra: more environment (e.g. STREAMRANK_YOUTUBE_API_KEY).
    Run run(const QStringList &args, const QString &home,
            const std::function<void(const QByteArray &)> &onLine = {},
            const QProcessEnvironment &extra = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STREAMRANK_YOUTUBE_API_KEY"));
        env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_ID"), m_fake.clientId);
        env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_SECRET"), m_fake.clientSecret);
        env.insert(extra);
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // Settings, caches and the standard data folder inside the temp dir.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/share"));
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        Run r;
        connect(&p, &QProcess::readyReadStandardOutput, &p, [&p, &r, &onLine] {
            while (p.canReadLine()) {
                const QByteArray line = p.readLine();
                r.out += line;
                if (onLine)
                    onLine(line);
            }
        });
        p.start(QStringLiteral(STREAMRANK_EXE), args);
        if (!p.waitForStarted(10000))
            return r;
        if (!finished.wait(120000)) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out += p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        TestSupport::failOnSanitizerReport(QString::fromUtf8(r.err));
        return r;
    }

    Fake::FakeTwitchConfig m_fake;
    std::unique_ptr<Fake::FakeTwitchServer> m_server;
    std::unique_ptr<TokenTap> m_tap;
    Fake::FakeYouTubeConfig m_youtubeFake;
    std::unique_ptr<Fake::FakeYouTubeServer> m_youtube;
    Fake::FakeKickConfig m_kickFake;
    std::unique_ptr<Fake::FakeKickServer> m_kick;
};

QTEST_GUILESS_MAIN(TestSecretsAbsent)
#include "tst_secretsabsent.moc"
