// No secret leaves the keychain/environment: the real `streamrank` binary
// collects Twitch headless from the in-process fake Twitch with the
// credentials in the environment and every debug log category on, then
// exports; the client secret and the access tokens the fake issued appear in
// none of stdout, stderr, the database and its -wal/-shm (copied while a run
// is still collecting), the settings file or the export.
#include "faketwitchserver.h"
#include "streamrankprocess.h"

#include <QDirIterator>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
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
    Run run(const QStringList &args, const QString &home,
            const std::function<void(const QByteArray &)> &onLine = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_ID"), m_fake.clientId);
        env.insert(QStringLiteral("STREAMRANK_TWITCH_CLIENT_SECRET"), m_fake.clientSecret);
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
};

QTEST_GUILESS_MAIN(TestSecretsAbsent)
#include "tst_secretsabsent.moc"
