#include "fakehttp.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace StreamRank::Fake {

QUrlQuery parseFormEncoded(const QByteArray &encoded)
{
    QByteArray spaced = encoded;
    spaced.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(spaced));
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Unknown");
    }
}

void HttpResponse::setHtml(const QByteArray &page)
{
    headers.push_back(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=UTF-8")});
    body = page;
}

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler))
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

void HttpConnection::onReadyRead()
{
    if (m_closing) {
        m_socket->readAll(); // after a close is decided, further requests are ignored
        return;
    }
    m_buffer += m_socket->readAll();
    while (parseOne()) {
    }
}

bool HttpConnection::parseOne()
{
    if (m_closing || m_buffer.isEmpty())
        return false;
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_buffer.size() > MaxHeaderBytes)
            rejectAndClose(431, QByteArrayLiteral("request header too large"));
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        rejectAndClose(400, QByteArrayLiteral("malformed request line"));
        return false;
    }
    HttpRequest request;
    request.method = requestLine[0];
    request.target = requestLine[1];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            rejectAndClose(400, QByteArrayLiteral("malformed header line"));
            return false;
        }
        request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    if (request.headers.contains("transfer-encoding")) {
        rejectAndClose(501, QByteArrayLiteral("chunked request bodies are not supported"));
        return false;
    }
    qsizetype length = 0;
    if (request.headers.contains("content-length")) {
        bool ok = false;
        length = request.header("content-length").toLongLong(&ok);
        if (!ok || length < 0) {
            rejectAndClose(400, QByteArrayLiteral("invalid Content-Length"));
            return false;
        }
        if (length > MaxBodyBytes) {
            rejectAndClose(413, QByteArrayLiteral("request body too large"));
            return false;
        }
    }
    if (m_buffer.size() < headerEnd + 4 + length)
        return false; // the body is still on its way
    request.body = m_buffer.mid(headerEnd + 4, length);
    m_buffer.remove(0, headerEnd + 4 + length);

    const QByteArray connection = request.header("connection").toLower();
    request.keepAlive =
        requestLine[2] == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
    const qsizetype question = request.target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(
        request.target.left(question < 0 ? request.target.size() : question));
    if (question >= 0)
        request.query = parseFormEncoded(request.target.mid(question + 1));

    const quint64 seq = m_nextSeq++;
    m_keepAlive.insert(seq, request.keepAlive);
    m_handler(this, seq, request);
    return !m_closing;
}

void HttpConnection::rejectAndClose(int status, const QByteArray &message)
{
    const quint64 seq = m_nextSeq++;
    m_keepAlive.insert(seq, false);
    HttpResponse response;
    response.status = status;
    response.body = R"({"error":")" + reasonPhrase(status) + R"(","status":)" +
                    QByteArray::number(status) + R"(,"message":")" + message + "\"}";
    m_buffer.clear();
    respond(seq, response);
    m_closing = true;
}

void HttpConnection::respond(quint64 seq, HttpResponse response)
{
    if (response.delayMs > 0) {
        const int delay = response.delayMs;
        response.delayMs = 0;
        QTimer::singleShot(delay, this, [this, seq, response] { respond(seq, response); });
        return;
    }
    m_ready.insert_or_assign(seq, std::move(response));
    flush();
}

void HttpConnection::flush()
{
    while (m_socket->state() == QAbstractSocket::ConnectedState) {
        const auto it = m_ready.find(m_nextToSend);
        if (it == m_ready.end())
            return;
        const HttpResponse response = std::move(it->second);
        m_ready.erase(it);
        const bool keepAlive =
            m_keepAlive.take(m_nextToSend) && response.mode == HttpResponse::Mode::Normal;
        ++m_nextToSend;
        if (response.mode == HttpResponse::Mode::Close) {
            closeConnection();
            return;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                         reasonPhrase(response.status) + "\r\n";
        const bool typed =
            std::any_of(response.headers.cbegin(), response.headers.cend(),
                        [](const auto &h) { return h.first.toLower() == "content-type"; });
        if (!typed)
            out += "Content-Type: application/json; charset=utf-8\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
        for (const auto &[name, value] : response.headers)
            out += name + ": " + value + "\r\n";
        out += "\r\n";
        if (response.mode == HttpResponse::Mode::Drip) {
            // Every byte resets a client's inactivity timeout; only a total
            // deadline ends it. Nothing else is sent on this connection.
            m_socket->write(out);
            m_closing = true;
            m_ready.clear();
            drip(response.body, std::max(1, response.dripMs));
            return;
        }
        if (response.mode == HttpResponse::Mode::Truncated)
            out += response.body.left(response.body.size() / 2);
        else
            out += response.body;
        m_socket->write(out);
        if (!keepAlive) {
            closeConnection();
            return;
        }
    }
}

void HttpConnection::drip(QByteArray rest, int everyMs)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (rest.isEmpty()) {
        m_socket->disconnectFromHost();
        return;
    }
    m_socket->write(rest.left(1));
    QTimer::singleShot(everyMs, this, [this, rest = rest.mid(1), everyMs] { drip(rest, everyMs); });
}

void HttpConnection::closeConnection()
{
    m_closing = true;
    m_ready.clear();
    m_socket->disconnectFromHost(); // pending writes go out first
}

void serveHttp(QTcpServer *tcp, QObject *owner, HttpConnection::Handler handler)
{
    QObject::connect(tcp, &QTcpServer::newConnection, owner, [tcp, owner, handler] {
        while (QTcpSocket *socket = tcp->nextPendingConnection())
            new HttpConnection(socket, handler, owner);
    });
}

HttpListener::HttpListener(QObject *owner, HttpConnection::Handler handler)
    : m_tcp(new QTcpServer(owner))
{
    serveHttp(m_tcp, owner, std::move(handler));
}

bool HttpListener::listen(quint16 port, const QHostAddress &address)
{
    if (m_tcp->isListening())
        m_tcp->close();
    if (!m_tcp->listen(address, port))
        return false;
    QMutexLocker lock(&m_mutex);
    m_port = m_tcp->serverPort();
    m_host = urlHost(address);
    return true;
}

quint16 HttpListener::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString HttpListener::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return QStringLiteral("http://") + m_host + u':' + QString::number(m_port);
}

QString urlHost(const QHostAddress &address)
{
    if (address == QHostAddress(QHostAddress::LocalHostIPv6))
        return QStringLiteral("[::1]");
    if (address == QHostAddress(QHostAddress::LocalHost) ||
        address == QHostAddress(QHostAddress::Any) ||
        address == QHostAddress(QHostAddress::AnyIPv4) ||
        address == QHostAddress(QHostAddress::AnyIPv6))
        return QStringLiteral("127.0.0.1");
    return address.protocol() == QAbstractSocket::IPv6Protocol
               ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
               : address.toString();
}

} // namespace StreamRank::Fake
