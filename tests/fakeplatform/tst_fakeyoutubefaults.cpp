// The fake YouTube's keys, daily quota and faults as a collector meets them:
// the real error bodies, every call charged to its method, the search bucket
// apart, exhaustion and reset, and each fault kind on a YouTube path.
#include "fakeyoutubeclientsupport.h"
#include "faultspec.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;
using namespace StreamRank::Fake::TestSupport;

namespace {

const QString Search = u"/search?part=snippet&type=video&eventType=live&maxResults=50"_s;

} // namespace

class TestFakeYouTubeFaults : public QObject, private YouTubeClient
{
    Q_OBJECT
private Q_SLOTS:
    void keyErrorsHaveTheRealBodiesAndCostNothing()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QString videos = u"/videos?part=id&id=x"_s;
        const Reply missing = yt(server, videos, QString());
        QCOMPARE(missing.status, 403);
        QCOMPARE(missing.json, googleError(403, u"The request is missing a valid API key."_s,
                                           "global", "forbidden", "PERMISSION_DENIED"));

        const Reply wrong = yt(server, videos, u"AIzaSy-not-a-key"_s);
        QCOMPARE(wrong.status, 400);
        const QJsonObject e = wrong.json[u"error"_s].toObject();
        QCOMPARE(e[u"code"_s].toInt(), 400);
        QCOMPARE(e[u"message"_s].toString(), u"API key not valid. Please pass a valid API key."_s);
        QCOMPARE(e[u"status"_s].toString(), u"INVALID_ARGUMENT"_s);
        QCOMPARE(e[u"errors"_s][0][u"reason"_s].toString(), u"badRequest"_s);
        QCOMPARE(e[u"errors"_s][0][u"domain"_s].toString(), u"global"_s);
        const QJsonObject info = e[u"details"_s][0].toObject();
        QCOMPARE(info[u"@type"_s].toString(), u"type.googleapis.com/google.rpc.ErrorInfo"_s);
        QCOMPARE(info[u"reason"_s].toString(), u"API_KEY_INVALID"_s);
        QCOMPARE(info[u"metadata"_s][u"service"_s].toString(), u"youtube.googleapis.com"_s);

        const Reply disabled = yt(server, videos, u"fake-youtube-key-disabled"_s);
        QCOMPARE(disabled.status, 403);
        QCOMPARE(errorReason(disabled), u"accessNotConfigured"_s);
        QCOMPARE(disabled.json[u"error"_s][u"errors"_s][0][u"domain"_s].toString(),
                 u"usageLimits"_s);
        QCOMPARE(disabled.json[u"error"_s][u"status"_s].toString(), u"PERMISSION_DENIED"_s);
        QVERIFY(disabled.json[u"error"_s][u"message"_s].toString().contains(
            server.config().projectNumber));
        QCOMPARE(server.unitsUsed(), 0);

        // The key may also come as a header.
        QNetworkRequest byHeader(QUrl(server.apiUrl() + videos));
        byHeader.setRawHeader("X-Goog-Api-Key", "fake-youtube-key");
        QCOMPARE(send(byHeader).status, 200);
        QCOMPARE(server.unitsUsed(), 1);

        server.revokeKey();
        QCOMPARE(yt(server, videos).status, 400);
        server.restoreKey();
        QCOMPARE(yt(server, videos).status, 200);

        FakeYouTubeConfig legacy = server.config();
        legacy.legacyKeyInvalidBody = true;
        server.setConfig(legacy);
        QCOMPARE(yt(server, videos, u"wrong"_s).json,
                 googleError(400, u"Bad Request"_s, "usageLimits", "keyInvalid"));

        const QVector<YouTubeRequestRecord> records = server.requests();
        QCOMPARE(records[0].key, YouTubeKey::Missing);
        QCOMPARE(records[1].key, YouTubeKey::Invalid);
        QCOMPARE(records[2].key, YouTubeKey::Disabled);
        QCOMPARE(records[3].key, YouTubeKey::Valid);
        QCOMPARE(records[1].query.queryItemValue(u"key"_s), u"REDACTED"_s);
        QCOMPARE(records[1].reason, u"badRequest"_s);
        for (const YouTubeRequestRecord &r : records) {
            QVERIFY(!r.printable().contains(u"fake-youtube-key"_s));
            QVERIFY(!r.printable().contains(u"AIzaSy"_s));
        }
        QVERIFY(records[3].printable().endsWith(u"-> 200 (1 unit)"_s));
        QCOMPARE(records[4].key, YouTubeKey::Invalid); // revoked
    }

    void everyCallIsChargedToItsMethod()
    {
        FakeYouTubeConfig config = smallYouTubeConfig();
        config.dailyUnits = 8;
        config.dailySearches = 2;
        config.videosCost = 2;
        FakeYouTubeServer server(config);
        QVERIFY(server.listen());
        const QString channel = server.channels().constFirst().id;
        QCOMPARE(yt(server, u"/videos?part=id&id=a"_s).status, 200);
        QCOMPARE(yt(server, u"/videos?part=id"_s).status, 400); // invalid requests cost too
        QCOMPARE(yt(server, u"/channels?part=id&id="_s + channel).status, 200);
        QCOMPARE(yt(server, u"/playlistItems?part=id&playlistId=UU"_s + channel.mid(2)).status,
                 200);
        QCOMPARE(yt(server, u"/videoCategories?part=snippet&regionCode=US"_s).status, 200);
        QCOMPARE(server.callCount(YouTubeMethod::Videos), 2);
        QCOMPARE(server.unitsCharged(YouTubeMethod::Videos), 4);
        QCOMPARE(server.callCount(YouTubeMethod::Channels), 1);
        QCOMPARE(server.callCount(YouTubeMethod::PlaylistItems), 1);
        QCOMPARE(server.callCount(YouTubeMethod::VideoCategories), 1);
        QCOMPARE(server.unitsUsed(), 7);

        // search.list has its own bucket; here it costs no units.
        QCOMPARE(yt(server, Search).status, 200);
        QCOMPARE(yt(server, Search + u"&pageToken=bad"_s).status, 400);
        QCOMPARE(server.searchesUsed(), 2);
        QCOMPARE(server.unitsUsed(), 7);
        const Reply noSearches = yt(server, Search);
        QCOMPARE(noSearches.status, 403);
        QCOMPARE(noSearches.json, quotaExceededBody());
        QCOMPARE(server.callCount(YouTubeMethod::Search), 2);

        QCOMPARE(yt(server, u"/channels?part=id&id="_s + channel).status, 200); // unit 8
        const Reply exhausted = yt(server, u"/channels?part=id&id="_s + channel);
        QCOMPARE(exhausted.status, 403);
        QCOMPARE(exhausted.json, quotaExceededBody());
        QCOMPARE(server.unitsUsed(), 8);
        QCOMPARE(server.unitsRemaining(), 0);
        QCOMPARE(server.quotaExceededSent(), 2);
        QCOMPARE(server.requests().constLast().unitsCharged, 0);
        QCOMPARE(server.requests().constLast().reason, u"quotaExceeded"_s);

        server.resetQuota();
        QCOMPARE(server.unitsUsed(), 0);
        QCOMPARE(server.callCount(YouTubeMethod::Channels), 0);
        QCOMPARE(yt(server, Search).status, 200);
        QCOMPARE(server.searchesRemaining(), 1);
        server.exhaustQuota();
        QCOMPARE(yt(server, u"/videos?part=id&id=a"_s).status, 403);
    }

    void searchMayAlsoCostUnitsAndTheQuotaResetsOnTime()
    {
        FakeYouTubeConfig config = smallYouTubeConfig();
        config.dailyUnits = 250;
        config.searchCostUnits = 100; // the older price
        const qint64 resetAt = QDateTime::currentMSecsSinceEpoch() + 2000;
        config.quotaResetAtMs = resetAt;
        FakeYouTubeServer server(config);
        QVERIFY(server.listen());
        QCOMPARE(yt(server, Search).status, 200);
        QCOMPARE(yt(server, Search).status, 200);
        QCOMPARE(yt(server, Search).status, 403); // units out, searches left
        QCOMPARE(server.searchesUsed(), 2);
        QCOMPARE(server.unitsUsed(), 200);
        QCOMPARE(server.unitsCharged(YouTubeMethod::Search), 200);
        QTest::qWait(int(std::max<qint64>(0, resetAt - QDateTime::currentMSecsSinceEpoch())) + 50);
        QCOMPARE(yt(server, Search).status, 200);
        QCOMPARE(server.unitsUsed(), 100);
        QVERIFY(server.config().quotaResetAtMs > QDateTime::currentMSecsSinceEpoch() + 86000000);
    }

    void youtubeErrorFaults()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QString videos = u"/youtube/v3/videos"_s;
        server.addFault({.path = videos, .kind = FaultKind::Status500});
        server.addFault({.path = videos, .kind = FaultKind::Status503});
        server.addFault({.path = videos, .kind = FaultKind::Status429});
        server.addFault({.path = videos, .kind = FaultKind::RateLimitExceeded});
        server.addFault({.path = videos, .kind = FaultKind::QuotaExceeded});
        const QString call = u"/videos?part=id&id=a"_s;
        QCOMPARE(yt(server, u"/channels?part=id&id=x"_s).status, 200); // another path: untouched
        const Reply e500 = yt(server, call);
        QCOMPARE(e500.json, googleError(500, u"Internal error encountered."_s, "global",
                                        "backendError", "INTERNAL"));
        const Reply e503 = yt(server, call);
        QCOMPARE(e503.status, 503);
        QCOMPARE(errorReason(e503), u"backendError"_s);
        const Reply e429 = yt(server, call);
        QCOMPARE(e429.status, 429);
        QCOMPARE(e429.json[u"error"_s][u"status"_s].toString(), u"RESOURCE_EXHAUSTED"_s);
        const Reply rate = yt(server, call);
        QCOMPARE(rate.status, 403);
        QCOMPARE(errorReason(rate), u"rateLimitExceeded"_s);
        const Reply quota = yt(server, call);
        QCOMPARE(quota.json, quotaExceededBody());
        QCOMPARE(yt(server, call).status, 200);
        QCOMPARE(server.unitsUsed(), 2); // the channels call and the last one
        QCOMPARE(server.quotaExceededSent(), 1);
        QCOMPARE(server.pendingFaults(), 0);

        server.addFault({.path = videos, .kind = FaultKind::RevokeToken});
        QCOMPARE(errorReason(yt(server, call)), u"badRequest"_s);
        QCOMPARE(yt(server, call).status, 400); // revoked for good
        server.restoreKey();
        QCOMPARE(yt(server, call).status, 200);
    }

    void transportAndBodyFaults()
    {
        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        const QString path = u"/youtube/v3/videos"_s;
        const FakeYouTubeVideo live = server.liveVideos().constFirst();
        const QString call =
            u"/videos?part=snippet,liveStreamingDetails,statistics&id="_s + live.id;

        server.addFault({.path = path, .kind = FaultKind::Slow, .delayMs = 400});
        const Reply slow = yt(server, call);
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 380, qPrintable(QString::number(slow.elapsedMs)));
        server.addFault({.path = path, .kind = FaultKind::Truncated});
        const Reply truncated = yt(server, call);
        QCOMPARE(truncated.error, QNetworkReply::RemoteHostClosedError);
        server.addFault({.path = path, .kind = FaultKind::MalformedJson});
        const Reply malformed = yt(server, call);
        QCOMPARE(malformed.status, 200);
        QVERIFY(!malformed.jsonOk && !malformed.body.isEmpty());
        // QNetworkAccessManager resends once or twice when a connection closes before any
        // answer byte, so only an endless close reaches the client.
        server.addFault({.path = path, .kind = FaultKind::ConnectionClose, .count = -1});
        const Reply closed = yt(server, call);
        QCOMPARE(closed.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(server.requests().constLast().status, 0);
        server.clearFaults();

        server.addFault({.path = path, .kind = FaultKind::WrongFieldTypes});
        const QJsonObject item = itemsOf(yt(server, call))[0].toObject();
        QCOMPARE(item[u"liveStreamingDetails"_s][u"concurrentViewers"_s],
                 QJsonValue(double(live.viewers)));
        QVERIFY(item[u"statistics"_s][u"viewCount"_s].isDouble());
        server.addFault({.path = path, .kind = FaultKind::WrongPageType});
        QVERIFY(yt(server, call).json.value(u"items"_s).isObject());
        QCOMPARE(server.pendingFaults(), 0);
    }

    void pagingFaults()
    {
        FakeYouTubeServer server(smallYouTubeConfig(300, 120));
        QVERIFY(server.listen());
        const QString path = u"/youtube/v3/search"_s;
        const Reply first = yt(server, Search);
        const QString next = first.json.value(u"nextPageToken"_s).toString();
        QVERIFY(!next.isEmpty());
        const auto ids = [](const Reply &r) {
            QStringList out;
            for (const QJsonValue &v : itemsOf(r))
                out.push_back(videoIdOf(v.toObject()));
            return out;
        };
        const Reply second = yt(server, Search + u"&pageToken="_s + next);

        server.addFault({.path = path, .kind = FaultKind::CursorLoop});
        const Reply loop = yt(server, Search + u"&pageToken="_s + next);
        QCOMPARE(ids(loop), ids(second));
        QCOMPARE(ids(yt(server, Search + u"&pageToken="_s +
                                    loop.json.value(u"nextPageToken"_s).toString())),
                 ids(first));
        server.addFault({.path = path, .kind = FaultKind::RepeatCursor});
        QCOMPARE(
            yt(server, Search + u"&pageToken="_s + next).json.value(u"nextPageToken"_s).toString(),
            next);
        server.addFault({.path = path, .kind = FaultKind::EmptyPage});
        const Reply empty = yt(server, Search);
        QCOMPARE(itemsOf(empty).size(), 0);
        QCOMPARE(empty.json.value(u"nextPageToken"_s).toString(), next);

        // Offered to last pages only: the uploads playlist, two pages of 50 would end at once.
        const QString channel = server.channels().constLast().id;
        const QString playlist =
            u"/playlistItems?part=contentDetails&maxResults=50&playlistId=UU"_s + channel.mid(2);
        server.addFault(
            {.path = u"/youtube/v3/playlistItems"_s, .kind = FaultKind::CursorAfterLast});
        QList<Reply> pages;
        const QStringList uploads = pageThrough(server, playlist, &pages);
        QCOMPARE(pages.size(), 2);
        QCOMPARE(uploads.size(), server.uploads(channel).size());
        QCOMPARE(itemsOf(pages[1]).size(), 0);
        QVERIFY(!pages[1].json.contains(u"nextPageToken"_s));
    }

    void youtubeFaultSpecs()
    {
        QString error;
        const auto quota = parseFaultSpec(u"quotax*,path=/youtube/v3/search"_s, &error);
        QVERIFY2(quota, qPrintable(error));
        QCOMPARE(quota->kind, FaultKind::QuotaExceeded);
        QCOMPARE(quota->count, -1);
        QCOMPARE(quota->path, u"/youtube/v3/search"_s);
        const auto rate = parseFaultSpec(u"rate-limitx2,path=/youtube/v3/videos"_s, &error);
        QVERIFY2(rate, qPrintable(error));
        QCOMPARE(rate->kind, FaultKind::RateLimitExceeded);
        QVERIFY(!parseFaultSpec(u"quota"_s, &error)); // the default path is Twitch's
        QVERIFY2(error.contains(u"is a YouTube fault"_s), qPrintable(error));

        FakeYouTubeServer server(smallYouTubeConfig());
        QVERIFY(server.listen());
        server.addFault(*rate);
        QCOMPARE(yt(server, u"/videos?part=id&id=a"_s).status, 403);
        QCOMPARE(yt(server, u"/videos?part=id&id=a"_s).status, 403);
        QCOMPARE(yt(server, u"/videos?part=id&id=a"_s).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestFakeYouTubeFaults)
#include "tst_fakeyoutubefaults.moc"
