// What the Kick collector relies on when an answer is not a good page: bad
// pages as errors in words (never a crash, never a silent empty page), token
// answers that say whether the credentials were refused, api.kick.com error
// bodies classified by status (404/405/410/501: fall back to v1), and words
// for the status bar that are bounded and never carry a token or stream key.
// Good pages: tst_kickparsers.cpp. The bodies are written for these tests in
// the shapes docs/KICK.md describes.

#include "kickparsers.h"

#include <QTest>

using namespace StreamRank::Kick;
using namespace Qt::StringLiterals; // _ba, _s

namespace {

QString kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return u"None"_s;
    case ErrorKind::Unauthorized:
        return u"Unauthorized"_s;
    case ErrorKind::Forbidden:
        return u"Forbidden"_s;
    case ErrorKind::Unavailable:
        return u"Unavailable"_s;
    case ErrorKind::BadRequest:
        return u"BadRequest"_s;
    case ErrorKind::RateLimited:
        return u"RateLimited"_s;
    case ErrorKind::Server:
        return u"Server"_s;
    case ErrorKind::Other:
        return u"Other"_s;
    }
    return u"?"_s;
}

// RFC 6749's error for a secret that does not match, with a long description.
const QByteArray InvalidGrant =
    R"({"error":"invalid_grant","error_description":"The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client"})"_ba;

// A token-shaped secret inside a server message.
const QByteArray MessageWithToken =
    R"({"data":{},"message":"token NZQ0YJM4YTCTNZC3ZI0ZMDAZLWI3ZMETNGNK is not valid"})"_ba;

} // namespace

class TestKickErrors : public QObject
{
    Q_OBJECT

private slots:
    void badPagesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QByteArray() << u"the response is empty"_s;
        QTest::newRow("whitespace") << " \n\t"_ba << u"the response is empty"_s;
        QTest::newRow("html") << "<html><body>502 Bad Gateway</body></html>"_ba
                              << u"it is not valid JSON"_s;
        QTest::newRow("truncated") << QByteArray("{\"data\":[{\"broadcaster_user_id\":1},{\"broad")
                                   << u"it is not valid JSON"_s;
        QTest::newRow("array") << "[]"_ba << u"it is JSON but not an object"_s;
        // Qt 6.4 rejects a bare scalar as JSON; later versions read it as a non-object.
        QTest::newRow("string") << "\"data\""_ba << u"it is "_s;
        QTest::newRow("no data") << "{}"_ba << u"it has no \"data\""_s;
        QTest::newRow("data null") << R"({"data":null})"_ba << u"\"data\" is not a list"_s;
        QTest::newRow("data text") << R"({"data":"x"})"_ba << u"\"data\" is not a list"_s;
        QTest::newRow("data object without list")
            << R"({"data":{"next_cursor":"x"}})"_ba << u"\"data\" holds no \"livestreams\" list"_s;
        QTest::newRow("nested list not a list")
            << R"({"data":{"livestreams":{}}})"_ba << u"\"data\" holds no \"livestreams\" list"_s;
        QTest::newRow("error body with a 200")
            << R"({"data":{},"message":"Unauthorized"})"_ba
            << u"\"data\" holds no \"livestreams\" list (Kick says: Unauthorized)"_s;
        QTest::newRow("deep nesting") << QByteArray(5000, '[') << u"it is not valid JSON"_s;
    }
    // A page that is not a page is an error in words, never an empty page.
    void badPagesAreErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, why);
        const LivestreamsPage page = parseLivestreams(body);
        QVERIFY2(page.error.startsWith(u"Kick sent an unreadable livestreams page: "_s),
                 qPrintable(page.error));
        QVERIFY2(page.error.contains(why), qPrintable(page.error));
        QVERIFY(page.items.isEmpty());
        QCOMPARE(page.malformedItems, 0);
        QCOMPARE(page.unreadableFields, 0);
        QVERIFY(page.nextCursor.isEmpty());
        QCOMPARE(page.itemsShape, ItemsShape::None);

        QVERIFY(
            parseCategories(body).error.startsWith(u"Kick sent an unreadable categories page"_s));
        QVERIFY(parseChannels(body).error.startsWith(u"Kick sent an unreadable channels page"_s));
    }

    void tokenAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error"); // empty: a token
        QTest::addColumn<bool>("rejected");
        QTest::addColumn<qint64>("expiresInS");
        QTest::addColumn<int>("unreadable");
        QTest::newRow("200")
            << 200 << R"({"access_token":"tok123","token_type":"Bearer","expires_in":5184000})"_ba
            << QString() << false << qint64(5184000) << 0;
        QTest::newRow("200, expires_in a string")
            << 200 << R"({"access_token":"tok123","token_type":"Bearer","expires_in":"5184000"})"_ba
            << QString() << false << qint64(5184000) << 0;
        QTest::newRow("200, expires_in empty (as the docs show)")
            << 200 << R"({"access_token":"tok123","token_type":"","expires_in":""})"_ba << QString()
            << false << qint64(0) << 1;
        QTest::newRow("200, no expires_in")
            << 200 << R"({"access_token":"tok123"})"_ba << QString() << false << qint64(0) << 0;
        QTest::newRow("200, no token")
            << 200 << R"({"token_type":"Bearer","expires_in":3600})"_ba
            << u"Kick sent an unreadable token response: it holds no access_token"_s << false
            << qint64(0) << 0;
        QTest::newRow("200, empty token")
            << 200 << R"({"access_token":"","expires_in":3600})"_ba
            << u"Kick sent an unreadable token response: it holds no access_token"_s << false
            << qint64(0) << 0;
        QTest::newRow("200, not JSON")
            << 200 << "OK"_ba
            << u"Kick sent an unreadable token response: it is not valid JSON (illegal value at "
               u"byte 1)"_s
            << false << qint64(0) << 0;
        QTest::newRow("200 naming invalid_client")
            << 200 << R"({"error":"invalid_client"})"_ba
            << u"Kick rejected the credentials: invalid_client (HTTP 200)"_s << true << qint64(0)
            << 0;
        QTest::newRow("400 invalid_client")
            << 400
            << R"({"error":"invalid_client","error_description":"client authentication failed"})"_ba
            << u"Kick rejected the credentials: client authentication failed (HTTP 400)"_s << true
            << qint64(0) << 0;
        QTest::newRow("401 invalid_client, no description")
            << 401 << R"({"error":"invalid_client"})"_ba
            << u"Kick rejected the credentials: invalid_client (HTTP 401)"_s << true << qint64(0)
            << 0;
        QTest::newRow("401 html") << 401 << "<html><body>Unauthorized</body></html>"_ba
                                  << u"Kick rejected the credentials (HTTP 401 Unauthorized)"_s
                                  << true << qint64(0) << 0;
        QTest::newRow("400 invalid_request is not the credentials")
            << 400 << R"({"error":"Invalid request"})"_ba
            << u"Kick refused the token request: Invalid request (HTTP 400)"_s << false << qint64(0)
            << 0;
        QTest::newRow("400 empty body")
            << 400 << QByteArray() << u"Kick refused the token request (HTTP 400 Bad Request)"_s
            << false << qint64(0) << 0;
        QTest::newRow("429") << 429 << QByteArray()
                             << u"Kick asked for fewer token requests (rate limit) (HTTP 429 Too "
                                u"Many Requests)"_s
                             << false << qint64(0) << 0;
        QTest::newRow("500 empty")
            << 500 << QByteArray()
            << u"Kick's login server had a problem (HTTP 500 Internal Server Error)"_s << false
            << qint64(0) << 0;
        QTest::newRow("503 plain text")
            << 503 << "upstream connect error\n"_ba
            << u"Kick's login server had a problem: upstream connect error (HTTP 503)"_s << false
            << qint64(0) << 0;
        QTest::newRow("no response")
            << 0 << QByteArray() << u"no answer from Kick's login server (no HTTP response)"_s
            << false << qint64(0) << 0;
        QTest::newRow("302") << 302 << QByteArray()
                             << u"unexpected answer from Kick's login server (HTTP 302)"_s << false
                             << qint64(0) << 0;
    }
    void tokenAnswers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QFETCH(bool, rejected);
        QFETCH(qint64, expiresInS);
        QFETCH(int, unreadable);
        const TokenResult r = parseToken(status, body);
        QCOMPARE(r.error, error);
        QCOMPARE(r.credentialsRejected, rejected);
        QCOMPARE(r.expiresInS, expiresInS);
        QCOMPARE(r.unreadableFields, unreadable);
        if (error.isEmpty())
            QCOMPARE(r.accessToken, u"tok123"_s);
        else
            QVERIFY(r.accessToken.isEmpty());
    }

    void tokenTypeIsKept()
    {
        const TokenResult r =
            parseToken(200, R"({"access_token":"tok123","token_type":"Bearer"})"_ba);
        QCOMPARE(r.tokenType, u"Bearer"_s);
    }

    // invalid_grant's real description is long: the words stay readable in a status bar.
    void longDescriptionIsBounded()
    {
        const TokenResult r = parseToken(400, InvalidGrant);
        QVERIFY(r.credentialsRejected);
        QVERIFY2(r.error.startsWith(u"Kick rejected the credentials: The provided authorization "
                                    u"grant"_s),
                 qPrintable(r.error));
        QVERIFY2(r.error.size() <= 220, qPrintable(r.error));
        QVERIFY(r.error.contains(QChar(0x2026))); // cut, and says so
        QVERIFY(r.error.endsWith(u"(HTTP 400)"_s));
    }

    void apiErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("401 unauthorized")
            << 401 << R"({"data":{},"message":"Unauthorized"})"_ba << u"Unauthorized"_s
            << u"Kick refused the request: Unauthorized (HTTP 401)"_s;
        QTest::newRow("400 app token needs a broadcaster")
            << 400
            << R"({"data":"broadcaster_user_id is required for app tokens","message":"Bad request"})"_ba
            << u"BadRequest"_s
            << u"Kick refused the request: Bad request: broadcaster_user_id is required for app "
               u"tokens (HTTP 400)"_s;
        QTest::newRow("400 unknown slug")
            << 400 << R"({"data":{},"message":"Invalid slug: no-such-channel"})"_ba
            << u"BadRequest"_s
            << u"Kick refused the request: Invalid slug: no-such-channel (HTTP 400)"_s;
        QTest::newRow("403") << 403 << R"({"data":{},"message":"Forbidden"})"_ba << u"Forbidden"_s
                             << u"Kick refused the request: Forbidden (HTTP 403)"_s;
        QTest::newRow("404 Go plain text")
            << 404 << "404 page not found\n"_ba << u"Unavailable"_s
            << u"Kick does not offer this request: 404 page not found (HTTP 404)"_s;
        QTest::newRow("404 empty") << 404 << QByteArray() << u"Unavailable"_s
                                   << u"Kick does not offer this request (HTTP 404 Not Found)"_s;
        QTest::newRow("405") << 405 << QByteArray() << u"Unavailable"_s
                             << u"Kick does not offer this request (HTTP 405 Method Not Allowed)"_s;
        QTest::newRow("410") << 410 << R"({"data":{},"message":"Gone"})"_ba << u"Unavailable"_s
                             << u"Kick does not offer this request: Gone (HTTP 410)"_s;
        QTest::newRow("501") << 501 << QByteArray() << u"Unavailable"_s
                             << u"Kick does not offer this request (HTTP 501 Not Implemented)"_s;
        QTest::newRow("429") << 429 << R"({"message":"Too Many Requests"})"_ba << u"RateLimited"_s
                             << u"Kick asked for fewer requests (rate limit): Too Many Requests "
                                u"(HTTP 429)"_s;
        QTest::newRow("418") << 418 << QByteArray() << u"BadRequest"_s
                             << u"Kick refused the request (HTTP 418)"_s;
        QTest::newRow("500") << 500 << R"({"data":{},"message":"Internal Server Error"})"_ba
                             << u"Server"_s
                             << u"Kick had a server problem: Internal Server Error (HTTP 500)"_s;
        QTest::newRow("502 html page")
            << 502 << "<html><head><title>502</title></head><body>cloudflare</body></html>"_ba
            << u"Server"_s << u"Kick had a server problem (HTTP 502 Bad Gateway)"_s;
        QTest::newRow("503 broken JSON") << 503 << QByteArray("{\"message\":\"Serv") << u"Server"_s
                                         << u"Kick had a server problem (HTTP 503 Service "
                                            u"Unavailable)"_s;
        QTest::newRow("OAuth shape")
            << 401 << R"({"error":"invalid_token","error_description":"token expired"})"_ba
            << u"Unauthorized"_s << u"Kick refused the request: token expired (HTTP 401)"_s;
        QTest::newRow("no response")
            << 0 << QByteArray() << u"Other"_s << u"no answer from Kick (no HTTP response)"_s;
        QTest::newRow("302") << 302 << QByteArray() << u"Other"_s
                             << u"unexpected answer from Kick (HTTP 302)"_s;
        QTest::newRow("control characters")
            << 400 << "{\"message\":\"bad\\n\\tcursor\\u0000 value  \"}"_ba << u"BadRequest"_s
            << u"Kick refused the request: bad cursor value (HTTP 400)"_s;
    }
    void apiErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, message);
        const ApiError e = parseError(status, body);
        QCOMPARE(kindName(e.kind), kind);
        QCOMPARE(e.message, message);
    }

    void successIsNoError()
    {
        for (int status : {200, 204, 299}) {
            const ApiError e = parseError(status, R"({"data":{},"message":"Unauthorized"})"_ba);
            QCOMPARE(e.kind, ErrorKind::None);
            QVERIFY(e.message.isEmpty() && e.serverMessage.isEmpty());
        }
    }

    void serverMessageIsKept()
    {
        const ApiError e = parseError(
            400,
            R"({"data":"broadcaster_user_id is required for app tokens","message":"Bad request"})"_ba);
        QCOMPARE(e.serverMessage, u"Bad request: broadcaster_user_id is required for app tokens"_s);
    }

    void longMessageIsBounded()
    {
        const QByteArray body = "{\"message\":\"" + QByteArray(5000, 'x') + " end\"}";
        const ApiError e = parseError(500, body);
        QVERIFY2(e.message.size() <= 220, qPrintable(e.message));
        QVERIFY(e.serverMessage.size() <= 200);
        QVERIFY(e.message.endsWith(u"(HTTP 500)"_s));
    }

    // Words for the status bar and the log never carry a token or a stream key.
    void tokensAreNeverEchoed()
    {
        const ApiError e = parseError(401, MessageWithToken);
        QVERIFY2(!e.message.contains(u"NZQ0YJM4"_s), qPrintable(e.message));
        QCOMPARE(e.message,
                 u"Kick refused the request: token [redacted] is not valid (HTTP 401)"_s);

        const TokenResult t = parseToken(
            400,
            R"({"error":"invalid_grant","error_description":"secret 9f3Kq2ZxVb7Lm4Np8Rt1Aa0 is wrong"})"_ba);
        QVERIFY(t.credentialsRejected);
        QCOMPARE(t.error,
                 u"Kick rejected the credentials: secret [redacted] is wrong (HTTP 400)"_s);

        // A JWT and a stream key in one message; ordinary words and ids stay.
        const ApiError jwt = parseError(
            403,
            R"({"message":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl and sk_live_9f3Kq2ZxVb7Lm4Np8Rt1 for broadcaster_user_id 4711"})"_ba);
        QCOMPARE(jwt.message, u"Kick refused the request: [redacted] and [redacted] for "
                              u"broadcaster_user_id 4711 (HTTP 403)"_s);

        // A failed token answer never quotes the token it may carry.
        const TokenResult leaked = parseToken(
            500,
            R"({"access_token":"NZQ0YJM4YTCTNZC3ZI0ZMDAZ","message":"NZQ0YJM4YTCTNZC3ZI0ZMDAZ"})"_ba);
        QVERIFY(leaked.accessToken.isEmpty());
        QVERIFY2(!leaked.error.contains(u"NZQ0YJM4"_s), qPrintable(leaked.error));
    }
};

QTEST_GUILESS_MAIN(TestKickErrors)
#include "tst_kickerrors.moc"
