// Client-side helpers for the fake YouTube's own tests: Data API calls over
// QNetworkAccessManager (FakeClient from fakeclientsupport.h), paging, and the
// error bodies the real API sends, to compare answers with.
#pragma once

#include "fakeclientsupport.h"
#include "fakeyoutubeserver.h"

namespace StreamRank::Fake::TestSupport {

using namespace Qt::StringLiterals;

inline FakeYouTubeConfig smallYouTubeConfig(int channels = 300, int live = 60)
{
    FakeYouTubeConfig c;
    c.channels = channels;
    c.liveBroadcasts = live;
    c.upcomingBroadcasts = 10;
    c.viewerDriftPerRequest = 0; // still, unless a test wants movement
    return c;
}

inline QJsonArray itemsOf(const Reply &r)
{
    return r.json.value(u"items"_s).toArray();
}

// The video id of a search result, a playlist item or a video.
inline QString videoIdOf(const QJsonObject &item)
{
    const QJsonValue id = item.value(u"id"_s);
    if (id.isObject())
        return id.toObject().value(u"videoId"_s).toString();
    const QJsonObject details = item.value(u"contentDetails"_s).toObject();
    return details.contains(u"videoId"_s) ? details.value(u"videoId"_s).toString() : id.toString();
}

inline QString unescapeHtml(QString text)
{
    text.replace(u"&#39;"_s, u"'"_s).replace(u"&quot;"_s, u"\""_s);
    text.replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s).replace(u"&amp;"_s, u"&"_s);
    return text;
}

// {"error":{"code","message","errors":[{message,domain,reason,...extra}],"status"?}}
inline QJsonObject googleError(int code, const QString &message, const char *domain,
                               const char *reason, const char *status = nullptr,
                               const QJsonObject &extra = {})
{
    QJsonObject first{{u"message"_s, message},
                      {u"domain"_s, QLatin1String(domain)},
                      {u"reason"_s, QLatin1String(reason)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        first.insert(it.key(), it.value());
    QJsonObject e{{u"code"_s, code}, {u"message"_s, message}, {u"errors"_s, QJsonArray{first}}};
    if (status)
        e.insert(u"status"_s, QLatin1String(status));
    return QJsonObject{{u"error"_s, e}};
}

inline QJsonObject quotaExceededBody()
{
    return googleError(403,
                       u"The request cannot be completed because you have exceeded your "
                       "<a href=\"/youtube/v3/getting-started#quota\">quota</a>."_s,
                       "youtube.quota", "quotaExceeded");
}

inline QString errorReason(const Reply &r)
{
    return r.json.value(u"error"_s)[u"errors"_s][0][u"reason"_s].toString();
}

class YouTubeClient : public FakeClient
{
public:
    // pathAndQuery: "/videos?part=id&id=..."; a null key sends none.
    Reply yt(const FakeYouTubeServer &server, const QString &pathAndQuery,
             const QString &key = u"fake-youtube-key"_s)
    {
        QString url = server.apiUrl() + pathAndQuery;
        if (!key.isNull())
            url += (url.contains(u'?') ? u'&' : u'?') + u"key="_s + key;
        return send(QNetworkRequest(QUrl(url)));
    }

    // Follows nextPageToken to the end; the video ids in the order sent.
    QStringList pageThrough(const FakeYouTubeServer &server, const QString &pathAndQuery,
                            QList<Reply> *pagesOut = nullptr, int maxPages = 100)
    {
        QStringList ids;
        QList<Reply> pages;
        QString token;
        do {
            pages.push_back(yt(
                server, pathAndQuery + (token.isEmpty() ? QString() : u"&pageToken="_s + token)));
            for (const QJsonValue &v : itemsOf(pages.last()))
                ids.push_back(videoIdOf(v.toObject()));
            token = pages.last().json.value(u"nextPageToken"_s).toString();
        } while (!token.isEmpty() && pages.size() < maxPages && pages.last().status == 200);
        if (pagesOut)
            *pagesOut = pages;
        return ids;
    }
};

} // namespace StreamRank::Fake::TestSupport
