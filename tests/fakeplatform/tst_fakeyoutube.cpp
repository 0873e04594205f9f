// The fake YouTube Data API v3, seen from a client: QNetworkAccessManager over
// real sockets, checking each method's wire format, the filters, paging, hidden
// and ended counts, a channel going live, and running on its own thread. Keys,
// quota and faults: tst_fakeyoutubefaults.
#include "fakeyoutubeclientsupport.h"

#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

namespace {

const QRegularExpression Rfc3339(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"_s);
const QRegularExpression Etag(u"^[A-Za-z0-9_-]{27}$"_s);
const QString LiveSearch = u"/search?part=snippet&type=video&eventType=live&order=viewCount"_s;

QStringList idsOf(const QVector<FakeYouTubeVideo> &videos)
{
    QStringList ids;
    for (const FakeYouTubeVideo &v : videos)
        ids.push_back(v.id);
    return ids;
}

QSet<QString> setOf(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace

class TestFakeYouTube : public QObject, private YouTubeClient
{
    Q_OBJECT
private Q_SLOTS:
    void searchLiveIsSortedPagedAndCarriesNoCounts()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        QVERIFY(server.apiUrl().startsWith(u"http://127.0.0.1:"_s));
        QVERIFY(server.apiUrl().endsWith(u"/youtube/v3"_s));
        QList<Reply> pages;
        const QStringList ids = pageThrough(server, LiveSearch + u"&maxResults=50"_s, &pages);
        QCOMPARE(pages.size(), 2);
        QCOMPARE(ids, idsOf(server.liveVideos())); // every live video once, viewers desc
        const Reply &first = pages[0];
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(u"kind"_s).toString(), u"youtube#searchListResponse"_s);
        QVERIFY(Etag.match(first.json.value(u"etag"_s).toString()).hasMatch());
        QCOMPARE(first.json.value(u"regionCode"_s).toString(), u"US"_s);
        const QJsonObject info = first.json.value(u"pageInfo"_s).toObject();
        QCOMPARE(info.value(u"resultsPerPage"_s).toInt(), 50);
        const int total = info.value(u"totalResults"_s).toInt();
        QVERIFY2(total >= 51 && total <= 81, qPrintable(QString::number(total))); // about 60
        QVERIFY(!first.json.contains(u"prevPageToken"_s));
        QCOMPARE(itemsOf(pages[1]).size(), server.liveVideos().size() - 50); // 61: one channel
                                                                             // runs two streams
        QVERIFY(!pages[1].json.contains(u"nextPageToken"_s));
        QVERIFY(pages[1].json.contains(u"prevPageToken"_s));
        QVERIFY(!first.body.contains("concurrentViewers") && !first.body.contains("viewCount"));

        int escaped = 0;
        for (const QJsonValue &v : itemsOf(first)) {
            const QJsonObject item = v.toObject();
            QCOMPARE(item.value(u"kind"_s).toString(), u"youtube#searchResult"_s);
            QVERIFY(Etag.match(item.value(u"etag"_s).toString()).hasMatch());
            QCOMPARE(item.value(u"id"_s)[u"kind"_s].toString(), u"youtube#video"_s);
            const QJsonObject s = item.value(u"snippet"_s).toObject();
            QCOMPARE(setOf(s.keys()),
                     (QSet<QString>{u"publishedAt"_s, u"channelId"_s, u"title"_s, u"description"_s,
                                    u"thumbnails"_s, u"channelTitle"_s, u"liveBroadcastContent"_s,
                                    u"publishTime"_s}));
            QCOMPARE(s.value(u"liveBroadcastContent"_s).toString(), u"live"_s);
            QVERIFY(Rfc3339.match(s.value(u"publishedAt"_s).toString()).hasMatch());
            QVERIFY(s.value(u"thumbnails"_s)[u"high"_s][u"url"_s].toString().endsWith(
                u"hqdefault_live.jpg"_s));
            const FakeYouTubeVideo video = *server.video(videoIdOf(item));
            QCOMPARE(s.value(u"channelId"_s).toString(), video.channelId);
            QCOMPARE(unescapeHtml(s.value(u"title"_s).toString()), video.title);
            QVERIFY(unescapeHtml(s.value(u"description"_s).toString()).size() <= 161);
            escaped += s.value(u"title"_s).toString() != video.title ? 1 : 0;
        }
        QVERIFY(escaped > 0); // search.list sends titles HTML-escaped, videos.list does not
    }

    void searchFilters()
    {
        FakeYouTubeServer server(smallYouTubeConfig(600, 200));
        QVERIFY(server.listen());
        const QVector<FakeYouTubeVideo> live = server.liveVideos();
        const auto expected = [&](auto keep) {
            QStringList ids;
            for (const FakeYouTubeVideo &v : live) {
                if (keep(v, *server.channel(v.channelId)))
                    ids.push_back(v.id);
            }
            return ids;
        };
        const auto search = [&](const QString &filters) {
            return pageThrough(server, LiveSearch + u"&maxResults=50"_s + filters);
        };
        const QStringList gaming = search(u"&videoCategoryId=20"_s);
        QVERIFY(gaming.size() > 20 && gaming.size() < live.size());
        QCOMPARE(gaming, expected([](const FakeYouTubeVideo &v, const FakeYouTubeChannel &) {
                     return v.categoryId == u"20";
                 }));
        const QStringList japan = search(u"&regionCode=jp"_s);
        QVERIFY(!japan.isEmpty());
        QCOMPARE(japan, expected([](const FakeYouTubeVideo &, const FakeYouTubeChannel &c) {
                     return c.country == u"JP";
                 }));
        const QStringList portuguese = search(u"&relevanceLanguage=pt"_s);
        QVERIFY(!portuguese.isEmpty());
        QCOMPARE(portuguese, expected([](const FakeYouTubeVideo &v, const FakeYouTubeChannel &c) {
                     const QString tag = v.audioLanguage.isEmpty() ? c.language : v.audioLanguage;
                     return tag.startsWith(u"pt"_s);
                 }));
        const QStringList lofi = search(u"&q=LoFi"_s);
        QVERIFY(!lofi.isEmpty());
        QCOMPARE(lofi, expected([](const FakeYouTubeVideo &v, const FakeYouTubeChannel &) {
                     return v.title.contains(u"lofi"_s, Qt::CaseInsensitive);
                 }));
        QCOMPARE(search(u"&q=LoFi&regionCode=JP&videoCategoryId=10"_s),
                 expected([](const FakeYouTubeVideo &v, const FakeYouTubeChannel &c) {
                     return v.title.contains(u"lofi"_s, Qt::CaseInsensitive) &&
                            c.country == u"JP" && v.categoryId == u"10";
                 }));
        const QString channel = live[7].channelId;
        QCOMPARE(search(u"&channelId="_s + channel),
                 expected([&](const FakeYouTubeVideo &v, const FakeYouTubeChannel &) {
                     return v.channelId == channel;
                 }));
        QVERIFY(search(u"&q=no-such-words-anywhere"_s).isEmpty());

        const QStringList upcoming = pageThrough(
            server, u"/search?part=snippet&type=video&eventType=upcoming&maxResults=50"_s);
        QCOMPARE(setOf(upcoming), setOf(idsOf(server.upcomingVideos())));
        const Reply mixed = yt(server, u"/search?part=snippet&type=video,channel&eventType=live"_s);
        QCOMPARE(mixed.status, 400);
        QCOMPARE(errorReason(mixed), u"invalidSearchFilter"_s);
    }

    void searchPagingStopsAtTheCapAndRejectsBadTokens()
    {
        FakeYouTubeConfig config = smallYouTubeConfig(900, 700);
        FakeYouTubeServer server(config);
        QVERIFY(server.listen());
        QList<Reply> pages;
        const QStringList ids = pageThrough(server, LiveSearch + u"&maxResults=50"_s, &pages);
        QCOMPARE(pages.size(), 10);
        QCOMPARE(ids.size(), 500); // YouTube never pages past about 500 results
        QCOMPARE(setOf(ids).size(), 500);
        const int total = pages[0].json[u"pageInfo"_s][u"totalResults"_s].toInt();
        QVERIFY2(total > 550, qPrintable(QString::number(total))); // about 700, not 500
        QCOMPARE(pages[1].json.value(u"prevPageToken"_s).toString().isEmpty(), false);

        const Reply bad = yt(server, LiveSearch + u"&pageToken=garbage"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json, googleError(400, u"The request specifies an invalid page token."_s,
                                       "youtube.parameter", "invalidPageToken", nullptr,
                                       {{u"location"_s, u"pageToken"_s},
                                        {u"locationType"_s, u"parameter"_s}}));
        const QString farToken = u"CPQDEAA"_s; // offset 500, the shape of the real tokens
        const Reply far = yt(server, LiveSearch + u"&pageToken="_s + farToken);
        QCOMPARE(far.status, 200);
        QCOMPARE(itemsOf(far).size(), 0);
        QVERIFY(!far.json.contains(u"nextPageToken"_s));
        const Reply tooMany = yt(server, LiveSearch + u"&maxResults=51"_s);
        QCOMPARE(tooMany.status, 400);
        QCOMPARE(errorReason(tooMany), u"invalidParameter"_s);
        QCOMPARE(errorReason(yt(server, u"/search?type=video&eventType=live"_s)), u"required"_s);
        QCOMPARE(itemsOf(yt(server, LiveSearch)).size(), 5); // maxResults defaults to 5
    }

    void videosListHonoursPartsAndLiveStates()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QVector<FakeYouTubeVideo> live = server.liveVideos();
        QVERIFY(server.setHiddenCount(live[1].id, true));
        const FakeYouTubeVideo upcoming = server.upcomingVideos().constFirst();
        QString ended, upload;
        for (const FakeYouTubeChannel &c : server.channels()) {
            for (const FakeYouTubeVideo &v : server.uploads(c.id)) {
                if (v.state == FakeVideoState::Ended && ended.isEmpty())
                    ended = v.id;
                if (v.state == FakeVideoState::Upload && upload.isEmpty())
                    upload = v.id;
            }
        }
        QVERIFY(server.deleteVideo(live[2].id));
        const QStringList asked = {
            live[0].id, upcoming.id, u"nonexistent"_s, live[1].id, live[2].id, ended, upload};
        const Reply r = yt(server, u"/videos?part=snippet,liveStreamingDetails,statistics&id="_s +
                                       asked.join(u','));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"kind"_s).toString(), u"youtube#videoListResponse"_s);
        QStringList got;
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue &v : itemsOf(r)) {
            got.push_back(v[u"id"_s].toString());
            byId.insert(got.last(), v.toObject());
        }
        QCOMPARE(got, (QStringList{live[0].id, upcoming.id, live[1].id, ended, upload}));
        QCOMPARE(r.json[u"pageInfo"_s][u"totalResults"_s].toInt(), 5);

        const QJsonObject on = byId[live[0].id];
        QCOMPARE(on[u"kind"_s].toString(), u"youtube#video"_s);
        QCOMPARE(on[u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"live"_s);
        QCOMPARE(on[u"snippet"_s][u"title"_s].toString(), live[0].title); // not escaped here
        QCOMPARE(on[u"snippet"_s][u"categoryId"_s].toString(), live[0].categoryId);
        QCOMPARE(on[u"snippet"_s][u"channelId"_s].toString(), live[0].channelId);
        const QJsonObject details = on[u"liveStreamingDetails"_s].toObject();
        QCOMPARE(details[u"concurrentViewers"_s], QJsonValue(QString::number(live[0].viewers)));
        QVERIFY(Rfc3339.match(details[u"actualStartTime"_s].toString()).hasMatch());
        QVERIFY(!details.contains(u"actualEndTime"_s));
        const QByteArray chat =
            QByteArray::fromBase64(details[u"activeLiveChatId"_s].toString().toLatin1());
        QVERIFY(chat.contains(live[0].id.toLatin1()) &&
                chat.contains(live[0].channelId.toLatin1()));
        QVERIFY(on[u"statistics"_s][u"viewCount"_s].isString());
        QVERIFY(on[u"statistics"_s][u"likeCount"_s].isString());

        const QJsonObject hidden = byId[live[1].id][u"liveStreamingDetails"_s].toObject();
        QVERIFY(!hidden.contains(u"concurrentViewers"_s));
        QVERIFY(hidden.contains(u"actualStartTime"_s) && hidden.contains(u"activeLiveChatId"_s));
        const QJsonObject soon = byId[upcoming.id];
        QCOMPARE(soon[u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"upcoming"_s);
        QCOMPARE(soon[u"liveStreamingDetails"_s].toObject().keys(),
                 (QStringList{u"activeLiveChatId"_s, u"scheduledStartTime"_s}));
        const QJsonObject past = byId[ended][u"liveStreamingDetails"_s].toObject();
        QCOMPARE(byId[ended][u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"none"_s);
        QVERIFY(past.contains(u"actualEndTime"_s) && past.contains(u"actualStartTime"_s));
        QVERIFY(!past.contains(u"concurrentViewers"_s) && !past.contains(u"activeLiveChatId"_s));
        QVERIFY(!byId[upload].contains(u"liveStreamingDetails"_s));

        const Reply only = yt(server, u"/videos?part=liveStreamingDetails&id="_s + live[0].id);
        QCOMPARE(itemsOf(only)[0].toObject().keys(),
                 (QStringList{u"etag"_s, u"id"_s, u"kind"_s, u"liveStreamingDetails"_s}));
        QVERIFY(server.setViewers(live[0].id, 123456));
        QVERIFY(server.setHiddenCount(live[1].id, false));
        const Reply moved = yt(server, u"/videos?part=liveStreamingDetails&id="_s + live[0].id +
                                           u"&id="_s + live[1].id); // repeated id= works too
        QCOMPARE(itemsOf(moved)[0][u"liveStreamingDetails"_s][u"concurrentViewers"_s].toString(),
                 u"123456"_s);
        QVERIFY(itemsOf(moved)[1][u"liveStreamingDetails"_s][u"concurrentViewers"_s].isString());

        QStringList fiftyOne;
        for (int i = 0; i < 51; ++i)
            fiftyOne.push_back(live[i % live.size()].id);
        const Reply tooMany = yt(server, u"/videos?part=id&id="_s + fiftyOne.join(u','));
        QCOMPARE(tooMany.status, 400);
        QCOMPARE(errorReason(tooMany), u"invalidFilters"_s);
        const Reply badPart = yt(server, u"/videos?part=snippet,views&id="_s + live[0].id);
        QCOMPARE(badPart.status, 400);
        QCOMPARE(errorReason(badPart), u"unknownPart"_s);
        QCOMPARE(errorReason(yt(server, u"/videos?part=snippet"_s)), u"missingRequiredParameter"_s);
    }

    void anEndedBroadcastKeepsAnsweringWithoutViewers()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const FakeYouTubeVideo top = server.liveVideos().constFirst();
        QVERIFY(server.endBroadcast(top.channelId));
        QVERIFY(!server.endBroadcast(top.channelId));
        const Reply r = yt(server, u"/videos?part=snippet,liveStreamingDetails&id="_s + top.id);
        const QJsonObject item = itemsOf(r)[0].toObject();
        QCOMPARE(item[u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"none"_s);
        const QJsonObject details = item[u"liveStreamingDetails"_s].toObject();
        QVERIFY(Rfc3339.match(details[u"actualEndTime"_s].toString()).hasMatch());
        QVERIFY(!details.contains(u"concurrentViewers"_s));
        QVERIFY(!pageThrough(server, LiveSearch + u"&maxResults=50"_s).contains(top.id));
        QVERIFY(pageThrough(server, u"/search?part=id&type=video&eventType=completed"
                                    "&maxResults=50&channelId="_s +
                                        top.channelId)
                    .contains(top.id));
    }

    void channelsList()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QVector<FakeYouTubeChannel> all = server.channels();
        const auto hidden = std::find_if(all.cbegin(), all.cend(), [](const FakeYouTubeChannel &c) {
            return c.hiddenSubscribers;
        });
        QVERIFY(hidden != all.cend());
        const QStringList ids = {all[0].id, hidden->id, u"UCnonexistent0000000000w"_s, all[5].id};
        const Reply r =
            yt(server, u"/channels?part=snippet,statistics,contentDetails&id="_s + ids.join(u','));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"kind"_s).toString(), u"youtube#channelListResponse"_s);
        QCOMPARE(r.json[u"pageInfo"_s][u"totalResults"_s].toInt(), 3);
        QCOMPARE(r.json[u"pageInfo"_s][u"resultsPerPage"_s].toInt(), 5);
        QCOMPARE(itemsOf(r).size(), 3);
        for (const QJsonValue &v : itemsOf(r)) {
            const FakeYouTubeChannel c = *server.channel(v[u"id"_s].toString());
            QVERIFY(QRegularExpression(u"^UC[A-Za-z0-9_-]{21}[AQgw]$"_s).match(c.id).hasMatch());
            QCOMPARE(v[u"snippet"_s][u"title"_s].toString(), c.title);
            QVERIFY(v[u"snippet"_s][u"customUrl"_s].toString().startsWith(u'@'));
            QCOMPARE(v[u"contentDetails"_s][u"relatedPlaylists"_s][u"uploads"_s].toString(),
                     u"UU"_s + c.id.mid(2));
            const QJsonObject stats = v[u"statistics"_s].toObject();
            QCOMPARE(stats[u"hiddenSubscriberCount"_s], QJsonValue(c.hiddenSubscribers));
            QCOMPARE(stats.contains(u"subscriberCount"_s), !c.hiddenSubscribers);
            if (!c.hiddenSubscribers)
                QCOMPARE(stats[u"subscriberCount"_s].toString(), QString::number(c.subscribers));
            QCOMPARE(stats[u"videoCount"_s].toString(),
                     QString::number(server.uploads(c.id).size()));
            QVERIFY(stats[u"viewCount"_s].isString());
        }
        const Reply none = yt(server, u"/channels?part=snippet&id=UCnonexistent0000000000w"_s);
        QCOMPARE(none.status, 200);
        QVERIFY(!none.json.contains(u"items"_s)); // absent, not [], as the real API does
        QCOMPARE(none.json[u"pageInfo"_s][u"totalResults"_s].toInt(), 0);
        const Reply handle =
            yt(server, u"/channels?part=id&forHandle="_s + all[3].handle.toUpper());
        QCOMPARE(itemsOf(handle)[0][u"id"_s].toString(), all[3].id);
        QCOMPARE(itemsOf(handle)[0].toObject().keys(),
                 (QStringList{u"etag"_s, u"id"_s, u"kind"_s}));
    }

    void uploadsPlaylistShowsAStreamThatGoesLiveOnTop()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QString channel = server.idleChannelIds().constLast();
        const QString playlist =
            u"/playlistItems?part=contentDetails&playlistId=UU"_s + channel.mid(2);
        QList<Reply> pages;
        const QStringList before = pageThrough(server, playlist + u"&maxResults=2"_s, &pages);
        QCOMPARE(before, idsOf(server.uploads(channel)));
        QCOMPARE(pages[0].json.value(u"kind"_s).toString(), u"youtube#playlistItemListResponse"_s);
        QCOMPARE(pages[0].json[u"pageInfo"_s][u"totalResults"_s].toInt(), before.size());
        QStringList published;
        for (const Reply &page : pages) {
            for (const QJsonValue &v : itemsOf(page))
                published.push_back(v[u"contentDetails"_s][u"videoPublishedAt"_s].toString());
        }
        QVERIFY(std::is_sorted(published.cbegin(), published.cend(), std::greater<QString>()));

        const QString live = server.startBroadcast(channel);
        QVERIFY(!live.isEmpty());
        QVERIFY(server.startBroadcast(channel).isEmpty()); // already live
        const Reply top = yt(server, playlist + u"&maxResults=1"_s);
        QCOMPARE(videoIdOf(itemsOf(top)[0].toObject()), live);
        QCOMPARE(top.json[u"pageInfo"_s][u"totalResults"_s].toInt(), before.size() + 1);
        const Reply video = yt(server, u"/videos?part=liveStreamingDetails,snippet&id="_s + live);
        QCOMPARE(itemsOf(video)[0][u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"live"_s);
        QVERIFY(pageThrough(server, LiveSearch + u"&maxResults=50&channelId="_s + channel)
                    .contains(live));

        // A scheduled broadcast keeps its id when it starts.
        const QString other = server.idleChannelIds().constFirst();
        const QString scheduled =
            server.scheduleBroadcast(other, QDateTime::currentMSecsSinceEpoch() + 3600000);
        QCOMPARE(server.startBroadcast(other), scheduled);

        const Reply unknown = yt(server, u"/playlistItems?part=contentDetails&playlistId=UUnope"_s);
        QCOMPARE(unknown.status, 404);
        QCOMPARE(
            unknown.json,
            googleError(404,
                        u"The playlist identified with the request's <code>playlistId</code> "
                        "parameter cannot be found."_s,
                        "youtube.playlistItem", "playlistNotFound", nullptr,
                        {{u"location"_s, u"playlistId"_s}, {u"locationType"_s, u"parameter"_s}}));
    }

    void videoCategories()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const Reply us = yt(server, u"/videoCategories?part=snippet&regionCode=US"_s);
        QCOMPARE(us.json.value(u"kind"_s).toString(), u"youtube#videoCategoryListResponse"_s);
        QHash<QString, QString> titles;
        for (const QJsonValue &v : itemsOf(us)) {
            QCOMPARE(v[u"kind"_s].toString(), u"youtube#videoCategory"_s);
            titles.insert(v[u"id"_s].toString(), v[u"snippet"_s][u"title"_s].toString());
        }
        QCOMPARE(titles.value(u"1"_s), u"Film & Animation"_s);
        QCOMPARE(titles.value(u"17"_s), u"Sports"_s);
        QCOMPARE(titles.value(u"20"_s), u"Gaming"_s);
        QCOMPARE(titles.value(u"22"_s), u"People & Blogs"_s);
        QCOMPARE(titles.value(u"28"_s), u"Science & Technology"_s);
        QVERIFY(!titles.contains(u"3"_s));
        const Reply two = yt(server, u"/videoCategories?part=snippet&id=28,10"_s);
        QCOMPARE(itemsOf(two).size(), 2);
        QCOMPARE(itemsOf(two)[0][u"snippet"_s][u"title"_s].toString(), u"Science & Technology"_s);
        QCOMPARE(itemsOf(two)[1][u"snippet"_s][u"title"_s].toString(), u"Music"_s);
        QCOMPARE(yt(server, u"/videoCategories?part=snippet"_s).status, 400);
    }

    void viewersMoveAndChurnReplacesBroadcasts()
    {
        FakeYouTubeConfig config = smallYouTubeConfig();
        config.viewerDriftPerRequest = 0.05;
        FakeYouTubeServer server(config);
        QVERIFY(server.listen());
        const QStringList top = idsOf(server.liveVideos()).mid(0, 20);
        const auto counts = [&] {
            QStringList out;
            for (const QJsonValue &v :
                 itemsOf(yt(server, u"/videos?part=liveStreamingDetails&id="_s + top.join(u','))))
                out.push_back(v[u"liveStreamingDetails"_s][u"concurrentViewers"_s].toString());
            return out;
        };
        QVERIFY(counts() != counts());
        const QSet<QString> before = setOf(idsOf(server.liveVideos()));
        server.churn(5);
        const QSet<QString> after = setOf(idsOf(server.liveVideos()));
        QCOMPARE(after.size(), before.size());
        QCOMPARE((after - before).size(), 5);
    }

    void fieldsPrettyPrintAndUnknownPaths()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QString id = server.liveVideos().constFirst().id;
        const Reply partial =
            yt(server, u"/videos?part=snippet,liveStreamingDetails&id="_s + id +
                           u"&fields=items(id,liveStreamingDetails/concurrentViewers)"_s);
        QCOMPARE(partial.json.keys(), QStringList{u"items"_s});
        QCOMPARE(itemsOf(partial)[0].toObject(),
                 (QJsonObject{{u"id"_s, id},
                              {u"liveStreamingDetails"_s,
                               QJsonObject{{u"concurrentViewers"_s,
                                            QString::number(server.video(id)->viewers)}}}}));
        QCOMPARE(errorReason(yt(server, u"/videos?part=id&id="_s + id + u"&fields=items("_s)),
                 u"invalidParameter"_s);
        QVERIFY(yt(server, u"/videos?part=id&id="_s + id).body.contains('\n'));
        QVERIFY(!yt(server, u"/videos?part=id&prettyPrint=false&id="_s + id).body.contains('\n'));

        const int units = server.unitsUsed();
        const Reply unknown = yt(server, u"/livestreams?part=id"_s);
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.headers.value("content-type").startsWith("text/html"));
        QVERIFY(!unknown.jsonOk);
        QCOMPARE(server.unitsUsed(), units); // not an API call: nothing charged
    }

    void runsOnItsOwnThread()
    {
        QThread thread;
        auto *server = new FakeYouTubeServer(smallYouTubeConfig());
        server->moveToThread(&thread);
        thread.start();
        bool listening = false;
        QMetaObject::invokeMethod(
            server, [&] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(listening);
        const QString live = server->startBroadcast(server->idleChannelIds().constFirst());
        const Reply r = yt(*server, u"/videos?part=snippet&id="_s + live);
        QCOMPARE(itemsOf(r)[0][u"snippet"_s][u"liveBroadcastContent"_s].toString(), u"live"_s);
        QCOMPARE(server->callCount(YouTubeMethod::Videos), 1);
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }
};

QTEST_GUILESS_MAIN(TestFakeYouTube)
#include "tst_fakeyoutube.moc"
