// The HTTP/1.1 side of the fake platform: one HttpConnection per accepted
// socket parses requests incrementally (partial reads, pipelining, bodies by
// Content-Length) and writes the answers back in request order, even when one
// of them is delayed.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <map>

class QTcpSocket;

class QTcpServer;

namespace StreamRank::Fake {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;                     // as sent: path and query
    QString path;                          // decoded, without the query
    QUrlQuery query;                       // '+' already turned into a space
    QHash<QByteArray, QByteArray> headers; // lower-case names, trimmed values
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const char *lowerName) const { return headers.value(lowerName); }
};

struct HttpResponse
{
    enum class Mode
    {
        Normal,
        Truncated, // announce the whole body, send half of it, close
        Close,     // send nothing, close
        Drip,      // headers at once, then the body one byte every dripMs, then close
    };
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // a Content-Type here replaces the JSON default
    QByteArray body;
    Mode mode = Mode::Normal;
    int delayMs = 0;
    int dripMs = 0;

    // The body is this text/html page instead of JSON (a CDN's or a front end's error page).
    void setHtml(const QByteArray &page);
};

// application/x-www-form-urlencoded (also query strings): '+' is a space.
QUrlQuery parseFormEncoded(const QByteArray &encoded);
QByteArray reasonPhrase(int status);

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(HttpConnection *, quint64 seq, const HttpRequest &)>;

    // Takes the socket over as a child.
    HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent);

    // The answer to request number seq; may come later and out of order.
    void respond(quint64 seq, HttpResponse response);

private:
    void onReadyRead();
    bool parseOne(); // false when more bytes are needed or the connection is closing
    void rejectAndClose(int status, const QByteArray &message);
    void flush();
    void closeConnection();
    void drip(QByteArray rest, int everyMs);

    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

    QTcpSocket *m_socket;
    Handler m_handler;
    QByteArray m_buffer;
    quint64 m_nextSeq = 0;
    quint64 m_nextToSend = 0;
    std::map<quint64, HttpResponse> m_ready;
    QHash<quint64, bool> m_keepAlive;
    bool m_closing = false;
};

// Every connection `tcp` accepts becomes an HttpConnection (a child of
// `owner`) handing its requests to `handler`: the accept loop both fake
// platforms share.
void serveHttp(QTcpServer *tcp, QObject *owner, HttpConnection::Handler handler);

// The listening end of a fake server, for one that keeps no other state about
// it: a QTcpServer (a child of `owner`) serving `handler` as serveHttp() does,
// and where clients reach it. listen() on the owner's thread; port() and
// baseUrl() from any thread.
class HttpListener
{
public:
    HttpListener(QObject *owner, HttpConnection::Handler handler);
    bool listen(quint16 port, const QHostAddress &address); // port 0 = any free; closes first
    quint16 port() const;
    QString baseUrl() const; // "http://127.0.0.1:<port>"

private:
    QTcpServer *m_tcp;
    mutable QMutex m_mutex;
    quint16 m_port = 0;
    QString m_host = QStringLiteral("127.0.0.1");
};

// How a URL names the host a server listens on: "127.0.0.1" for loopback and
// the any-addresses, "[::1]", an IPv6 address in brackets, else the address.
QString urlHost(const QHostAddress &address);

} // namespace StreamRank::Fake
