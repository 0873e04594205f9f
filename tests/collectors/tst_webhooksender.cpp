// The outgoing webhook against a real HTTP server on loopback: the body is the
// event's JSON, the signature is HMAC-SHA256 of exactly that body, failures
// are retried with backoff and given up in words.
#include "anomalytypes.h"
#include "webhooksender.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using namespace StreamRank;

namespace {

// A minimal HTTP/1.1 server: answers each POST with the next programmed status.
class RecordingServer : public QObject
{
public:
    struct Request
    {
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    RecordingServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort()));
    }

    QList<int> statuses; // consumed one per request; 200 when empty
    QList<Request> requests;

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buf.left(headerEnd).split('\n');
        r.path = lines.value(0).split(' ').value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                r.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
        }
        const int length = r.headers.value("content-length").toInt();
        if (buf.size() < headerEnd + 4 + length)
            return;
        r.body = buf.mid(headerEnd + 4, length);
        buf.clear();
        requests.push_back(r);
        const int status = statuses.isEmpty() ? 200 : statuses.takeFirst();
        s->write("HTTP/1.1 " + QByteArray::number(status) +
                 " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

AnomalyEvent sampleEvent(qint64 id)
{
    AnomalyEvent e;
    e.id = id;
    e.platform = Platform::Demo;
    e.streamId = QStringLiteral("s-1");
    e.channelLogin = QStringLiteral("chan");
    e.channelName = QStringLiteral("Chan");
    e.timeMs = 1'790'000'000'000;
    e.strategy = AnomalyStrategy::ZScore;
    e.baselineViewers = 10000;
    e.observedViewers = 45000;
    e.rawScore = 3.5;
    e.score = 91;
    e.lookbackMinutes = 60;
    return e;
}

} // namespace

class TestWebhookSender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signedJsonIsPosted()
    {
        RecordingServer server;
        WebhookSender sender;
        QSignalSpy delivered(&sender, &WebhookSender::delivered);
        WebhookConfig config;
        config.url = server.url();
        config.secret = QByteArrayLiteral("s3cret-key");
        sender.setConfig(config);
        const AnomalyEvent event = sampleEvent(7);
        sender.send(event.id, event.toJson());
        QTRY_COMPARE(delivered.count(), 1);
        QCOMPARE(delivered.first().first().toLongLong(), 7);
        QCOMPARE(server.requests.size(), 1);
        const auto &r = server.requests.first();
        QCOMPARE(r.path, QByteArrayLiteral("/hook"));
        QCOMPARE(r.headers.value("content-type"), QByteArrayLiteral("application/json"));
        // The receiver can verify the body with the shared secret.
        const QByteArray expected =
            "sha256=" + QMessageAuthenticationCode::hash(r.body, QByteArrayLiteral("s3cret-key"),
                                                         QCryptographicHash::Sha256)
                            .toHex();
        QCOMPARE(r.headers.value("x-streamrank-signature"), expected);
        QVERIFY(!r.body.contains("s3cret-key"));
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QStringLiteral("strategy")).toString(), QStringLiteral("zscore"));
        QCOMPARE(o.value(QStringLiteral("observed")).toInt(), 45000);
        QCOMPARE(o.value(QStringLiteral("baseline")).toDouble(), 10000.0);
        QCOMPARE(o.value(QStringLiteral("channel")).toString(), QStringLiteral("chan"));
        QCOMPARE(o.value(QStringLiteral("time")).toString(),
                 QStringLiteral("2026-09-21T14:13:20Z"));
        QVERIFY(o.value(QStringLiteral("text")).toString().contains(QStringLiteral("3.5σ")));
    }

    void serverErrorsAreRetriedWithBackoff()
    {
        RecordingServer server;
        server.statuses = {503, 500};
        WebhookSender sender;
        QSignalSpy delivered(&sender, &WebhookSender::delivered);
        QSignalSpy failed(&sender, &WebhookSender::failed);
        WebhookConfig config;
        config.url = server.url();
        config.secret = QByteArrayLiteral("k");
        config.baseBackoffMs = 20;
        sender.setConfig(config);
        sender.send(1, sampleEvent(1).toJson());
        QTRY_COMPARE(delivered.count(), 1);
        QCOMPARE(server.requests.size(), 3);
        QCOMPARE(failed.count(), 0);
        // Every attempt carries the same body and signature.
        QCOMPARE(server.requests[0].body, server.requests[2].body);
        QCOMPARE(server.requests[0].headers.value("x-streamrank-signature"),
                 server.requests[2].headers.value("x-streamrank-signature"));
    }

    void givesUpAfterMaxAttemptsAndGoesOn()
    {
        RecordingServer server;
        server.statuses = {500, 500, 500, 200};
        WebhookSender sender;
        QSignalSpy delivered(&sender, &WebhookSender::delivered);
        QSignalSpy failed(&sender, &WebhookSender::failed);
        WebhookConfig config;
        config.url = server.url();
        config.maxAttempts = 3;
        config.baseBackoffMs = 10;
        sender.setConfig(config);
        sender.send(1, sampleEvent(1).toJson());
        sender.send(2, sampleEvent(2).toJson());
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).toLongLong(), 1);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("HTTP 500")));
        QTRY_COMPARE(delivered.count(), 1);
        QCOMPARE(delivered.first().first().toLongLong(), 2);
    }

    void clientErrorsAreNotRetried()
    {
        RecordingServer server;
        server.statuses = {404};
        WebhookSender sender;
        QSignalSpy failed(&sender, &WebhookSender::failed);
        WebhookConfig config;
        config.url = server.url();
        config.baseBackoffMs = 10;
        sender.setConfig(config);
        sender.send(5, sampleEvent(5).toJson());
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(server.requests.size(), 1);
    }

    void unreachableServerFailsInWords()
    {
        QTcpServer closed;
        closed.listen(QHostAddress::LocalHost);
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        WebhookSender sender;
        QSignalSpy failed(&sender, &WebhookSender::failed);
        WebhookConfig config;
        config.url = QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port));
        config.maxAttempts = 2;
        config.baseBackoffMs = 10;
        sender.setConfig(config);
        sender.send(9, sampleEvent(9).toJson());
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("refused"),
                                                         Qt::CaseInsensitive));
    }

    void worksFromItsOwnThread()
    {
        RecordingServer server;
        QThread thread;
        auto *sender = new WebhookSender;
        sender->moveToThread(&thread);
        connect(&thread, &QThread::finished, sender, &QObject::deleteLater);
        thread.start();
        QSignalSpy delivered(sender, &WebhookSender::delivered);
        WebhookConfig config;
        config.url = server.url();
        QMetaObject::invokeMethod(sender, [sender, config] { sender->setConfig(config); });
        const QByteArray body = sampleEvent(3).toJson();
        QMetaObject::invokeMethod(sender, [sender, body] { sender->send(3, body); });
        QTRY_COMPARE(delivered.count(), 1);
        thread.quit();
        thread.wait();
    }
};

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"
