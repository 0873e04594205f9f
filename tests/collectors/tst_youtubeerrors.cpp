// What the YouTube collector relies on from the response parsers when a page
// does not parse: bad pages as errors, values no parser reads cut out safely
// (a defect only inside one is no page error), and error bodies classified
// with words a user understands. Good pages: tst_youtubeparsers.cpp and
// tst_youtubelistparsers.cpp.
// (moc and raw strings: see youtubeparsertestsupport.h.)

#include "youtubeparsers.h"
#include "youtubeparsertestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::YouTube;
using namespace StreamRank::YouTubeParserTest;
using namespace Qt::StringLiterals; // _ba

namespace {

QString kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("None");
    case ErrorKind::QuotaExceeded:
        return QStringLiteral("QuotaExceeded");
    case ErrorKind::RateLimited:
        return QStringLiteral("RateLimited");
    case ErrorKind::KeyInvalid:
        return QStringLiteral("KeyInvalid");
    case ErrorKind::AccessNotConfigured:
        return QStringLiteral("AccessNotConfigured");
    case ErrorKind::Forbidden:
        return QStringLiteral("Forbidden");
    case ErrorKind::BadRequest:
        return QStringLiteral("BadRequest");
    case ErrorKind::Server:
        return QStringLiteral("Server");
    case ErrorKind::Other:
        return QStringLiteral("Other");
    }
    return QStringLiteral("?");
}

// The real shapes of YouTube's error bodies, written out here.
QByteArray errorBody(int code, const char *reason, const char *domain, const char *message,
                     const QJsonArray &details = {})
{
    QJsonObject entry{{QStringLiteral("message"), QString::fromUtf8(message)},
                      {QStringLiteral("domain"), QString::fromUtf8(domain)},
                      {QStringLiteral("reason"), QString::fromUtf8(reason)}};
    QJsonObject error{{QStringLiteral("code"), code},
                      {QStringLiteral("message"), QString::fromUtf8(message)},
                      {QStringLiteral("errors"), QJsonArray{entry}}};
    if (!details.isEmpty())
        error.insert(QStringLiteral("details"), details);
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson();
}

QJsonObject errorInfo(const char *reason)
{
    return QJsonObject{
        {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
        {QStringLiteral("reason"), QString::fromUtf8(reason)},
        {QStringLiteral("domain"), QStringLiteral("googleapis.com")}};
}

// Values no parser reads, written to trip a scanner that cuts them out: quotes,
// backslashes, brackets and member names inside strings, nesting, odd spacing.
const QByteArray TrickyUnreadValues =
    "{\"items\":["
    "{\"id\":\"t1\","
    " \"snippet\":{\"title\":\"\\\"description\\\": [1, {2}] \\\\\","
    "  \"description\":\"a \\\"quoted\\\" } ] { [ \\\\\\\" tail \\\\\","
    "  \"thumbnails\" : {\"default\":{\"url\":\"x\\\"}\",\"width\":120},\"tags\":[\"}\"]},"
    "  \"tags\":[[\"a\",\"]\"],{\"b\":\"\\\\\"}],"
    "  \"localized\":{\"title\":\"t\",\"description\":\"\"},"
    "  \"channelTitle\":\"after the cut\"},"
    " \"liveStreamingDetails\":{\"concurrentViewers\":\"5\","
    "  \"actualStartTime\":\"2026-05-02T07:00:00Z\"}},"
    "{\"id\":\"t2\",\"snippet\":{\"description\":null,\"tags\":[],\"title\":\"tags\"}}],"
    "\"nextPageToken\":\"tok\"}";

const QString ActivationUrl = QStringLiteral(
    "https://console.developers.google.com/apis/api/youtube.googleapis.com/overview?project=42");

} // namespace

class TestYouTubeErrors : public QObject
{
    Q_OBJECT

private slots:
    void malformedPageIsAnError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << " \r\n\t"_ba;
        QTest::newRow("html") << "<html><body>502 Bad Gateway</body></html>"_ba;
        QTest::newRow("top-level array") << R"([{"items":[]}])"_ba;
        QTest::newRow("top-level string") << R"("items")"_ba;
        QTest::newRow("top-level null") << "null"_ba;
        QTest::newRow("items object") << R"({"items":{}})"_ba;
        QTest::newRow("items string") << R"({"items":"[]"})"_ba;
        QTest::newRow("items null") << R"({"kind":"x","items":null})"_ba;
        QTest::newRow("items number") << R"({"items":0})"_ba;
        QTest::newRow("not a list response") << R"({"data":[]})"_ba;
        QTest::newRow("trailing garbage") << R"({"items":[]} x)"_ba;
        QTest::newRow("two documents") << R"({"items":[]}{"items":[]})"_ba;
        QTest::newRow("NUL inside") << QByteArray("{\"items\":[]\0}", 13);
        QTest::newRow("number out of range") << videoWithRawViewers("1e400"_ba);
        QTest::newRow("error body") << errorBody(403, "quotaExceeded", "youtube.quota", "quota");
        QTest::newRow("error string") << R"({"error":"invalid_request"})"_ba;
        const QByteArray page = FourVideos.trimmed();
        for (qsizetype cut : {qsizetype(1), qsizetype(10), page.size() / 2, page.size() - 1})
            QTest::addRow("truncated at %lld", static_cast<long long>(cut)) << page.left(cut);
    }
    void malformedPageIsAnError()
    {
        QFETCH(QByteArray, body);
        const VideosPage videos = parseVideosList(body);
        QVERIFY(!videos.error.isEmpty());
        QVERIFY2(videos.error.startsWith(QLatin1String("YouTube")), qPrintable(videos.error));
        QVERIFY(videos.videos.isEmpty());
        QCOMPARE(videos.malformedItems, 0);
        QVERIFY(videos.nextPageToken.isEmpty());
        QVERIFY(!parseSearchList(body).error.isEmpty());
        QVERIFY(!parseChannelsList(body).error.isEmpty());
        QVERIFY(!parsePlaylistItems(body).error.isEmpty());
        QVERIFY(!parseVideoCategories(body).error.isEmpty());
    }

    void errorBodyInsteadOfAPageSaysWhy()
    {
        const VideosPage page =
            parseVideosList(errorBody(403, "quotaExceeded", "youtube.quota", "quota"));
        QVERIFY2(page.error.contains(QLatin1String("today's YouTube quota is used up")),
                 qPrintable(page.error));
    }

    void everyTruncationIsAnError()
    {
        const QByteArray page = FourVideos.trimmed();
        for (qsizetype n = 0; n < page.size(); ++n)
            QVERIFY2(!parseVideosList(page.left(n)).error.isEmpty(),
                     qPrintable(QString::number(n)));
    }

    void unreadValuesAreCutSafely()
    {
        const VideosPage page = parseVideosList(TrickyUnreadValues);
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QCOMPARE(page.nextPageToken, QStringLiteral("tok"));
        QCOMPARE(page.videos.size(), 2);
        QCOMPARE(page.videos[0].title, QStringLiteral("\"description\": [1, {2}] \\"));
        QCOMPARE(page.videos[0].channelTitle, QStringLiteral("after the cut"));
        QCOMPARE(*page.videos[0].concurrentViewers, qint64(5));
        QCOMPARE(page.videos[1].title, QStringLiteral("tags"));
        // Truncated anywhere, also inside a value that would be cut: an error.
        const QByteArray body = TrickyUnreadValues.trimmed();
        for (qsizetype n = 0; n < body.size(); ++n)
            QVERIFY2(!parseVideosList(body.left(n)).error.isEmpty(),
                     qPrintable(QString::number(n)));
    }

    // The price of the cut: a defect only inside a value no parser reads is
    // not a page error. Anywhere else it still is.
    void defectInsideAnUnreadValue_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("pageError");
        const auto page = [](const QByteArray &snippetTail) -> QByteArray {
            return "{\"items\":[{\"id\":\"v1\",\"snippet\":{\"title\":\"kept\""_ba + snippetTail +
                   "},\"liveStreamingDetails\":{\"concurrentViewers\":\"3\"}}]}"_ba;
        };
        QTest::newRow("bad UTF-8 in a description")
            << page(",\"description\":\"\xff\xfe\""_ba) << false;
        QTest::newRow("missing comma in thumbnails")
            << page(",\"thumbnails\":{\"a\":1 \"b\":2}"_ba) << false;
        QTest::newRow("bad UTF-8 in the title")
            << "{\"items\":[{\"id\":\"v1\",\"snippet\":{\"title\":\"\xff\xfe\"}}]}"_ba << true;
        QTest::newRow("description never ends") << page(",\"description\":\"open"_ba) << true;
        QTest::newRow("thumbnails never close") << page(",\"thumbnails\":{\"a\":[1,2}"_ba) << true;
        QTest::newRow("description a bare word") << page(",\"description\":nope"_ba) << true;
    }
    void defectInsideAnUnreadValue()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, pageError);
        const VideosPage page = parseVideosList(body);
        QCOMPARE(!page.error.isEmpty(), pageError);
        if (!pageError) {
            QCOMPARE(page.videos.size(), 1);
            QCOMPARE(page.videos[0].title, QStringLiteral("kept"));
        }
    }

    void errors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("words"); // the message starts with these

        const QByteArray quota =
            errorBody(403, "quotaExceeded", "youtube.quota",
                      "The request cannot be completed because you have exceeded your <a "
                      "href=\"/youtube/v3/getting-started#quota\">quota</a>.");
        QTest::newRow("quota") << 403 << quota << u"QuotaExceeded"_s << u"quotaExceeded"_s
                               << u"today's YouTube quota is used up"_s;
        QTest::newRow("daily limit")
            << 403 << errorBody(403, "dailyLimitExceeded", "usageLimits", "Daily Limit Exceeded")
            << u"QuotaExceeded"_s << u"dailyLimitExceeded"_s
            << u"today's YouTube quota is used up"_s;

        const QByteArray keyInvalid = errorBody(400, "badRequest", "global",
                                                "API key not valid. Please pass a valid API key.",
                                                QJsonArray{errorInfo("API_KEY_INVALID")});
        QTest::newRow("key invalid") << 400 << keyInvalid << u"KeyInvalid"_s << u"API_KEY_INVALID"_s
                                     << u"YouTube rejected the API key"_s;
        QTest::newRow("key invalid, legacy reason")
            << 400 << errorBody(400, "keyInvalid", "usageLimits", "Bad Request") << u"KeyInvalid"_s
            << u"keyInvalid"_s << u"YouTube rejected the API key"_s;
        QTest::newRow("badRequest naming the key")
            << 400 << errorBody(400, "badRequest", "global", "API key expired. Please renew it.")
            << u"KeyInvalid"_s << u"badRequest"_s << u"YouTube rejected the API key"_s;
        QTest::newRow("other bad request")
            << 400 << errorBody(400, "badRequest", "global", "Invalid value for parameter id")
            << u"BadRequest"_s << u"badRequest"_s
            << u"YouTube rejected the request (HTTP 400: Invalid value for parameter id)"_s;

        const QJsonObject help{
            {u"@type"_s, u"type.googleapis.com/google.rpc.Help"_s},
            {u"links"_s, QJsonArray{QJsonObject{{u"description"_s, u"activation"_s},
                                                {u"url"_s, ActivationUrl}}}}};
        QTest::newRow("not enabled")
            << 403
            << errorBody(403, "accessNotConfigured", "usageLimits",
                         "YouTube Data API v3 has not been used in project 42 before or it is "
                         "disabled.",
                         QJsonArray{help, errorInfo("SERVICE_DISABLED")})
            << u"AccessNotConfigured"_s << u"accessNotConfigured"_s
            << u"the YouTube Data API is not enabled for this key's Google Cloud project"_s;
        QTest::newRow("not enabled, details only")
            << 403
            << errorBody(403, "forbidden", "global", "disabled",
                         QJsonArray{errorInfo("SERVICE_DISABLED")})
            << u"AccessNotConfigured"_s << u"SERVICE_DISABLED"_s
            << u"the YouTube Data API is not enabled for this key's Google Cloud project"_s;

        QTest::newRow("rate limit")
            << 403 << errorBody(403, "rateLimitExceeded", "usageLimits", "Rate Limit Exceeded")
            << u"RateLimited"_s << u"rateLimitExceeded"_s << u"YouTube asked for fewer requests"_s;
        QTest::newRow("user rate limit")
            << 403
            << errorBody(403, "userRateLimitExceeded", "usageLimits", "User Rate Limit Exceeded")
            << u"RateLimited"_s << u"userRateLimitExceeded"_s
            << u"YouTube asked for fewer requests"_s;
        QTest::newRow("429 without a body") << 429 << QByteArray() << u"RateLimited"_s << QString()
                                            << u"YouTube asked for fewer requests"_s;

        QTest::newRow("key restricted")
            << 403
            << errorBody(403, "forbidden", "global", "Requests from this referer are blocked.",
                         QJsonArray{errorInfo("API_KEY_HTTP_REFERRER_BLOCKED")})
            << u"Forbidden"_s << u"API_KEY_HTTP_REFERRER_BLOCKED"_s
            << u"the API key's restrictions"_s;
        QTest::newRow("other 403")
            << 403 << errorBody(403, "forbidden", "youtube.video", "Access forbidden.")
            << u"Forbidden"_s << u"forbidden"_s
            << u"YouTube refused the request (HTTP 403: Access forbidden.)"_s;
        QTest::newRow("403 not JSON")
            << 403 << "<html>Forbidden</html>"_ba << u"Forbidden"_s << QString()
            << u"YouTube refused the request (HTTP 403 Forbidden)"_s;
        QTest::newRow("400 not JSON") << 400 << "Bad Request"_ba << u"BadRequest"_s << QString()
                                      << u"YouTube rejected the request (HTTP 400 Bad Request)"_s;
        QTest::newRow("404") << 404
                             << errorBody(404, "playlistNotFound", "youtube.playlistItem",
                                          "Not found")
                             << u"BadRequest"_s << u"playlistNotFound"_s
                             << u"YouTube rejected the request (HTTP 404: Not found)"_s;

        QTest::newRow("500 JSON") << 500
                                  << errorBody(500, "backendError", "global", "Backend Error")
                                  << u"Server"_s << u"backendError"_s
                                  << u"YouTube had a server problem (HTTP 500: Backend Error)"_s;
        QTest::newRow("503 HTML")
            << 503 << "<!DOCTYPE html><html><b>503.</b> That's an error.</html>"_ba << u"Server"_s
            << QString() << u"YouTube had a server problem (HTTP 503 Service Unavailable)"_s;
        QTest::newRow("502 empty") << 502 << QByteArray() << u"Server"_s << QString()
                                   << u"YouTube had a server problem (HTTP 502 Bad Gateway)"_s;

        QTest::newRow("no response")
            << 0 << QByteArray() << u"Other"_s << QString() << u"no answer from YouTube"_s;
        QTest::newRow("redirect") << 302 << QByteArray() << u"Other"_s << QString()
                                  << u"unexpected answer from YouTube (HTTP 302)"_s;
        QTest::newRow("2xx") << 200 << quota << u"None"_s << QString() << QString();
    }
    void errors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QFETCH(QString, words);
        const ApiError e = parseError(status, body);
        QCOMPARE(kindName(e.kind), kind);
        QCOMPARE(e.reason, reason);
        QVERIFY2(e.message.startsWith(words), qPrintable(e.message));
        if (e.kind == ErrorKind::None)
            QVERIFY(e.message.isEmpty());
        else
            QVERIFY(!e.message.isEmpty());
    }

    void errorWordsAreHelpful()
    {
        const QJsonObject help{{u"@type"_s, u"type.googleapis.com/google.rpc.Help"_s},
                               {u"links"_s, QJsonArray{QJsonObject{{u"url"_s, ActivationUrl}}}}};
        const ApiError notEnabled = parseError(
            403, errorBody(403, "accessNotConfigured", "usageLimits", "x", QJsonArray{help}));
        QVERIFY2(notEnabled.message.contains(ActivationUrl), qPrintable(notEnabled.message));
        QVERIFY(notEnabled.message.contains(QLatin1String("YouTube Data API v3")));

        const ApiError quota =
            parseError(403, errorBody(403, "quotaExceeded", "youtube.quota", "<a>quota</a>"));
        QVERIFY(quota.message.contains(QLatin1String("midnight Pacific time")));
        QVERIFY(!quota.message.contains(u'<'));
    }

    void errorTextIsCleanedAndBounded()
    {
        const ApiError control = parseError(
            403, errorBody(403, "forbidden", "global", "line one\n\tline\x01two  <b>bold</b>"));
        QCOMPARE(control.message,
                 QStringLiteral("YouTube refused the request (HTTP 403: line one line two bold)"));

        const QByteArray huge(20000, 'x');
        const ApiError big =
            parseError(400, errorBody(400, huge.constData(), "global", huge.constData()));
        QVERIFY(big.message.size() <= 400);
        QVERIFY(big.reason.size() <= 64);
        QVERIFY(!big.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestYouTubeErrors)
#include "tst_youtubeerrors.moc"
