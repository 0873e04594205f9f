// Client-side helpers for the fake platform's own tests: synchronous
// QNetworkAccessManager calls that return status, headers and parsed JSON.
#pragma once

#include "faketwitchserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

namespace StreamRank::Fake::TestSupport {

using namespace Qt::StringLiterals;

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    bool jsonOk = false;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    qint64 elapsedMs = 0;

    int headerInt(const char *name) const { return headers.value(name, "-1").toInt(); }
    QJsonArray data() const { return json.value(u"data"_s).toArray(); }
    QString cursor() const
    {
        return json.value(u"pagination"_s).toObject().value(u"cursor"_s).toString();
    }
};

inline FakeTwitchConfig smallConfig(int streams = 300)
{
    FakeTwitchConfig c;
    c.liveStreams = streams;
    c.offlineUsers = 20;
    c.games = 50;
    c.viewerDriftPerRequest = 0; // still, unless a test wants movement
    return c;
}

inline QJsonObject errorJson(int status, const char *error, const char *message)
{
    return QJsonObject{{u"error"_s, QLatin1String(error)},
                       {u"status"_s, status},
                       {u"message"_s, QLatin1String(message)}};
}

class FakeClient
{
public:
    Reply send(QNetworkRequest request, const QByteArray &verb = "GET", const QByteArray &body = {})
    {
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(15000);
        Reply r;
        r.elapsedMs = timer.elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        r.body = reply->readAll();
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &parse);
        r.jsonOk = parse.error == QJsonParseError::NoError && doc.isObject();
        r.json = doc.object();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            r.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return r;
    }

    Reply token(const FakeTwitchServer &server, const QByteArray &form)
    {
        QNetworkRequest request(QUrl(server.authUrl() + u"/oauth2/token"_s));
        return send(request, "POST", form);
    }

    QString goodToken(const FakeTwitchServer &server)
    {
        return token(server, "client_id=fake-client-id&client_secret=fake-client-secret"
                             "&grant_type=client_credentials")
            .json.value(u"access_token"_s)
            .toString();
    }

    Reply helix(const FakeTwitchServer &server, const QString &token, const QString &pathAndQuery,
                const QByteArray &clientId = "fake-client-id")
    {
        QNetworkRequest request(QUrl(server.apiUrl() + pathAndQuery));
        if (!token.isNull())
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        if (!clientId.isEmpty())
            request.setRawHeader("Client-Id", clientId);
        return send(request);
    }

    // Follows cursors until pagination is {}; returns the pages.
    QList<Reply> pageThrough(const FakeTwitchServer &server, const QString &token,
                             const QString &pathAndQuery, int maxPages = 200)
    {
        QList<Reply> pages;
        QString cursor;
        do {
            pages.push_back(
                helix(server, token,
                      pathAndQuery + (cursor.isEmpty() ? QString() : u"&after="_s + cursor)));
            cursor = pages.last().cursor();
        } while (!cursor.isEmpty() && pages.size() < maxPages && pages.last().status == 200);
        return pages;
    }

    QNetworkAccessManager &nam() { return m_nam; }

private:
    QNetworkAccessManager m_nam;
};

} // namespace StreamRank::Fake::TestSupport
