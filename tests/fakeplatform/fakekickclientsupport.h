// Client-side helpers for the fake Kick's own tests: token and API calls over
// QNetworkAccessManager (FakeClient from fakeclientsupport.h), v2 cursor
// paging, and the bodies the real API answers with, to compare answers with.
#pragma once

#include "fakeclientsupport.h"
#include "fakekickserver.h"

#include <functional>

namespace StreamRank::Fake::TestSupport {

using namespace Qt::StringLiterals;

inline FakeKickConfig smallKickConfig(int channels = 400, int live = 120)
{
    FakeKickConfig c;
    c.channels = channels;
    c.liveStreams = live;
    c.viewerDriftPerRequest = 0; // still, unless a test wants movement
    return c;
}

inline QString nextCursor(const Reply &r)
{
    return r.json.value(u"pagination"_s)[u"next_cursor"_s].toString();
}

// {"data":{},"message":...}: every error of api.kick.com.
inline QJsonObject kickError(const QString &message)
{
    return QJsonObject{{u"data"_s, QJsonObject()}, {u"message"_s, message}};
}

// A livestream item's broadcaster: v1's broadcaster_user_id, v2's broadcaster_user.id.
inline qint64 broadcasterOf(const QJsonValue &item)
{
    return item.toObject().contains(u"broadcaster_user"_s)
               ? item[u"broadcaster_user"_s][u"id"_s].toInteger()
               : item[u"broadcaster_user_id"_s].toInteger();
}

inline QList<qint64> broadcasterIds(const QJsonArray &items)
{
    QList<qint64> ids;
    for (const QJsonValue &v : items)
        ids.push_back(broadcasterOf(v));
    return ids;
}

inline QList<qint64> broadcasterIds(const QVector<FakeKickChannel> &channels)
{
    QList<qint64> ids;
    for (const FakeKickChannel &c : channels)
        ids.push_back(c.broadcasterUserId);
    return ids;
}

class KickClient : public FakeClient
{
public:
    Reply kickToken(const FakeKickServer &server, const QByteArray &form)
    {
        return send(QNetworkRequest(QUrl(server.authUrl() + u"/oauth/token"_s)), "POST", form);
    }

    QString kickGoodToken(const FakeKickServer &server)
    {
        return kickToken(server, "grant_type=client_credentials&client_id=fake-kick-client-id"
                                 "&client_secret=fake-kick-client-secret")
            .json.value(u"access_token"_s)
            .toString();
    }

    // pathAndQuery: "/public/v2/livestreams?limit=10"; a null token sends no Authorization.
    Reply kick(const FakeKickServer &server, const QString &token, const QString &pathAndQuery)
    {
        QNetworkRequest request(QUrl(server.apiUrl() + pathAndQuery));
        if (!token.isNull())
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        return send(request);
    }

    // Follows next_cursor until it is "" (or a page is not 200); `between`
    // runs after each page but the last, with the number of pages read so far.
    QList<Reply> kickPages(const FakeKickServer &server, const QString &token,
                           const QString &pathAndQuery,
                           const std::function<void(int)> &between = {}, int maxPages = 200)
    {
        const QString joiner = pathAndQuery.contains(u'?') ? u"&"_s : u"?"_s;
        QList<Reply> pages;
        QString cursor;
        for (;;) {
            pages.push_back(kick(server, token,
                                 cursor.isEmpty() ? pathAndQuery
                                                  : pathAndQuery + joiner + u"cursor="_s + cursor));
            cursor = nextCursor(pages.last());
            if (cursor.isEmpty() || pages.last().status != 200 || pages.size() >= maxPages)
                return pages;
            if (between)
                between(int(pages.size()));
        }
    }
};

} // namespace StreamRank::Fake::TestSupport
