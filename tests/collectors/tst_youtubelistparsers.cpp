// What the YouTube collector relies on from the search.list, channels.list,
// playlistItems.list and videoCategories.list parsers: the fields a search
// result carries, a channel's subscribers and uploads, the videos of a
// playlist, category titles, paging tokens on every list, and nothing found
// as an empty page. videos.list: tst_youtubeparsers.cpp; bad pages and error
// bodies: tst_youtubeerrors.cpp.
// (moc and raw strings: see youtubeparsertestsupport.h.)

#include "youtubeparsers.h"

#include <QTest>

using namespace StreamRank;
using namespace StreamRank::YouTube;
using namespace Qt::StringLiterals; // _ba

namespace {

// A search.list page (type=video, eventType=live): HTML escapes in the titles,
// results that are not videos and broken ids.
const QByteArray SearchBody = R"({
  "kind": "youtube#searchListResponse", "etag": "s1", "nextPageToken": "CAUQAA",
  "regionCode": "US", "pageInfo": {"totalResults": 1000000, "resultsPerPage": 5},
  "items": [
    {"kind": "youtube#searchResult", "etag": "r1",
     "id": {"kind": "youtube#video", "videoId": "srchVid0001"},
     "snippet": {"publishedAt": "2026-05-02T07:00:00Z", "channelId": "UCeeee",
                 "title": "Ask me anything &amp; code review &#39;live&#39; &quot;now&quot; &#x1F3AE;",
                 "description": "a long description...",
                 "thumbnails": {"default": {"url": "https:\/\/i.example.invalid/default_live.jpg"}},
                 "channelTitle": "Eeee &lt;Studio&gt;", "liveBroadcastContent": "live",
                 "publishTime": "2026-05-02T07:00:00Z"}},
    {"kind": "youtube#searchResult", "id": {"kind": "youtube#video", "videoId": "srchVid0002"},
     "snippet": {"channelId": "UCffff", "title": "Stream starts soon",
                 "channelTitle": "Ffff", "liveBroadcastContent": "upcoming"}},
    {"kind": "youtube#searchResult", "id": {"kind": "youtube#channel", "channelId": "UCgggg"},
     "snippet": {"channelId": "UCgggg", "title": "A channel, not a video"}},
    {"id": "srchVid0003"},
    {"id": {"kind": "youtube#video", "videoId": ""}},
    {"id": {"videoId": "srchVid0004"},
     "snippet": {"title": ["x"], "channelTitle": "&unknown; &#0; &#xZZ; & 5 &amp"}}
  ]})"_ba;

} // namespace

class TestYouTubeListParsers : public QObject
{
    Q_OBJECT

private slots:
    void searchItems()
    {
        const SearchPage page = parseSearchList(SearchBody);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.unreadableFields, 1);
        QCOMPARE(page.nextPageToken, QStringLiteral("CAUQAA"));
        QCOMPARE(page.items.size(), 3);
        const SearchItem &a = page.items[0];
        QCOMPARE(a.videoId, QStringLiteral("srchVid0001"));
        QCOMPARE(a.channelId, QStringLiteral("UCeeee"));
        // search.list escapes HTML in its titles; videos.list does not.
        QCOMPARE(a.title, QStringLiteral("Ask me anything & code review 'live' \"now\" 🎮"));
        QCOMPARE(a.channelTitle, QStringLiteral("Eeee <Studio>"));
        QCOMPARE(a.liveBroadcastContent, QStringLiteral("live"));
        QCOMPARE(page.items[1].liveBroadcastContent, QStringLiteral("upcoming"));
        QVERIFY(page.items[2].title.isEmpty());
        QCOMPARE(page.items[2].channelTitle, QStringLiteral("&unknown; &#0; &#xZZ; & 5 &amp"));
    }

    void pagingTokens_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("token");
        QTest::newRow("token") << R"({"items":[],"nextPageToken":"EAAaBlBUOkNESQ"})"_ba
                               << QStringLiteral("EAAaBlBUOkNESQ");
        QTest::newRow("last page") << R"({"items":[],"prevPageToken":"CDIQAQ"})"_ba << QString();
        QTest::newRow("null") << R"({"items":[],"nextPageToken":null})"_ba << QString();
        QTest::newRow("number") << R"({"items":[],"nextPageToken":5})"_ba << QString();
        QTest::newRow("object") << R"({"items":[],"nextPageToken":{}})"_ba << QString();
    }
    void pagingTokens()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, token);
        QCOMPARE(parseSearchList(body).nextPageToken, token);
        QCOMPARE(parseVideosList(body).nextPageToken, token);
        QCOMPARE(parseChannelsList(body).nextPageToken, token);
        QCOMPARE(parsePlaylistItems(body).nextPageToken, token);
    }

    void channels()
    {
        const ChannelsPage page = parseChannelsList(R"({
          "etag": "c1",
          "pageInfo": {"totalResults": 5, "resultsPerPage": 5},
          "items": [
            {"id": "UChhhh",
             "snippet": {"title": "\u0412\u0438\u0434\u0435\u043e", "customUrl": "@hhhh",
                         "publishedAt": "2014-01-03T06:27:22Z"},
             "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UUhhhh"}},
             "statistics": {"viewCount": "1925259492", "subscriberCount": "10300000",
                            "hiddenSubscriberCount": false, "videoCount": "163"}},
            {"id": "UCiiii", "snippet": {"title": "Hidden"},
             "statistics": {"viewCount": "10", "subscriberCount": "0", "hiddenSubscriberCount": true}},
            {"id": "UCjjjj", "snippet": {"title": "Numbers"},
             "statistics": {"subscriberCount": 4500}},
            {"id": "UCkkkk",
             "statistics": {"subscriberCount": "about 5k", "hiddenSubscriberCount": "no"}},
            {"snippet": {"title": "No id"}}
          ]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 1);
        QCOMPARE(page.unreadableFields, 2);
        QCOMPARE(page.channels.size(), 4);
        const Channel &a = page.channels[0];
        QCOMPARE(a.id, QStringLiteral("UChhhh"));
        QCOMPARE(a.title, QStringLiteral("Видео"));
        QCOMPARE(a.customUrl, QStringLiteral("@hhhh"));
        QCOMPARE(a.uploadsPlaylistId, QStringLiteral("UUhhhh"));
        QCOMPARE(*a.subscribers, qint64(10300000));
        // Hidden: no subscriber count at all, not the "0" sent beside the flag.
        QVERIFY(!page.channels[1].subscribers.has_value());
        QVERIFY(page.channels[1].uploadsPlaylistId.isEmpty());
        QCOMPARE(*page.channels[2].subscribers, qint64(4500));
        QVERIFY(!page.channels[3].subscribers.has_value());
    }

    void playlistItems()
    {
        const PlaylistPage page = parsePlaylistItems(R"({
          "etag": "p1", "nextPageToken": "EAAaBlBUOkNBVQ",
          "items": [
            {"id": "pi1",
             "contentDetails": {"videoId": "newestVid01", "videoPublishedAt": "2026-05-02T07:00:00Z"}},
            {"id": "pi2",
             "snippet": {"resourceId": {"videoId": "olderVid002"}}},
            {"id": "pi3", "contentDetails": {"videoId": ""}},
            {"id": "pi4", "contentDetails": {"videoId": 4}},
            {"id": "pi5"},
            {"id": "pi6", "contentDetails": {"videoId": "oldestVid03"}}
          ],
          "pageInfo": {"totalResults": 1200, "resultsPerPage": 6}})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.nextPageToken, QStringLiteral("EAAaBlBUOkNBVQ"));
        QCOMPARE(page.videoIds,
                 (QVector<QString>{QStringLiteral("newestVid01"), QStringLiteral("olderVid002"),
                                   QStringLiteral("oldestVid03")}));
    }

    void categories()
    {
        const CategoriesPage page = parseVideoCategories(R"({
          "etag": "k1",
          "items": [
            {"id": "20",
             "snippet": {"title": "Gaming", "assignable": true, "channelId": "UCcat"}},
            {"id": "28",
             "snippet": {"title": "Science & Technology", "assignable": true}},
            {"id": "18", "snippet": {"assignable": false}},
            {"snippet": {"title": "No id"}},
            {"id": "30", "snippet": {"title": ""}}
          ]})"_ba);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 3);
        QCOMPARE(page.titles.size(), 2);
        QCOMPARE(page.titles.value(QStringLiteral("20")), QStringLiteral("Gaming"));
        QCOMPARE(page.titles.value(QStringLiteral("28")), QStringLiteral("Science & Technology"));
    }

    // YouTube leaves "items" out when nothing matched.
    void nothingFoundIsAnEmptyPage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("items empty") << R"({"kind":"youtube#searchListResponse","items":[]})"_ba;
        QTest::newRow("no items key")
            << R"({"kind":"youtube#channelListResponse","etag":"e","pageInfo":{"totalResults":0,"resultsPerPage":5}})"_ba;
        QTest::newRow("fields=items, nothing") << "{}"_ba;
    }
    void nothingFoundIsAnEmptyPage()
    {
        QFETCH(QByteArray, body);
        const SearchPage search = parseSearchList(body);
        QVERIFY2(search.error.isEmpty(), qPrintable(search.error));
        QVERIFY(search.items.isEmpty());
        const VideosPage videos = parseVideosList(body);
        QVERIFY2(videos.error.isEmpty(), qPrintable(videos.error));
        QVERIFY(videos.videos.isEmpty());
        QVERIFY(parseChannelsList(body).error.isEmpty());
        QVERIFY(parsePlaylistItems(body).error.isEmpty());
        QVERIFY(parseVideoCategories(body).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestYouTubeListParsers)
#include "tst_youtubelistparsers.moc"
