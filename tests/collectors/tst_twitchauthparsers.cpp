// What the Twitch collector relies on from the OAuth, error-body and follower
// parsers: a token or a total only when the body really holds one, and errors a
// user can read that quote Twitch's own message.

#include "twitchparsers.h"

#include <QTest>

using namespace StreamRank::Twitch;
using namespace Qt::StringLiterals; // _ba

class TestTwitchAuthParsers : public QObject
{
    Q_OBJECT

private slots:
    void token_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error"); // empty: success
        QTest::newRow("200")
            << 200 << R"({"access_token":"tok123","expires_in":5011271,"token_type":"bearer"})"_ba
            << QString();
        QTest::newRow("400 invalid client")
            << 400 << R"({"status":400,"message":"invalid client"})"_ba
            << QStringLiteral("Twitch rejected the credentials: invalid client");
        QTest::newRow("403 invalid client secret")
            << 403 << R"({"status":403,"message":"invalid client secret"})"_ba
            << QStringLiteral("Twitch rejected the credentials: invalid client secret");
        QTest::newRow("401") << 401 << R"({"status":401,"message":"invalid access token"})"_ba
                             << QStringLiteral(
                                    "Twitch rejected the credentials: invalid access token");
        QTest::newRow("400 empty body")
            << 400 << QByteArray()
            << QStringLiteral("Twitch rejected the credentials (HTTP 400 (Bad Request))");
        QTest::newRow("429")
            << 429
            << R"({"error":"Too Many Requests","status":429,"message":"Request limit exceeded"})"_ba
            << QStringLiteral("HTTP 429: Request limit exceeded");
        QTest::newRow("500 empty")
            << 500 << QByteArray() << QStringLiteral("HTTP 500 (Internal Server Error)");
        QTest::newRow("502 html") << 502 << "<html><body>Bad Gateway</body></html>"_ba
                                  << QStringLiteral("HTTP 502 (Bad Gateway)");
        QTest::newRow("418 no message")
            << 418 << R"({"status":418})"_ba << QStringLiteral("HTTP 418");
        QTest::newRow("no response") << 0 << QByteArray() << QStringLiteral("no HTTP response");
        QTest::newRow("message with control characters")
            << 403 << "{\"message\":\"invalid\\n\\tclient\\u0000secret  \"}"_ba
            << QStringLiteral("Twitch rejected the credentials: invalid client secret");
    }
    void token()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const TokenResult r = parseTokenResponse(status, body);
        QCOMPARE(r.error, error);
        if (error.isEmpty()) {
            QCOMPARE(r.accessToken, QStringLiteral("tok123"));
            QCOMPARE(r.expiresInS, 5011271);
        } else {
            QVERIFY(r.accessToken.isEmpty());
        }
    }

    void tokenUnreadable200_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << "access_token=abc"_ba;
        QTest::newRow("truncated") << R"({"access_token":"abc","expires_in":50)"_ba;
        QTest::newRow("array") << "[]"_ba;
        QTest::newRow("no token") << R"({"expires_in":50})"_ba;
        QTest::newRow("empty token") << R"({"access_token":"","expires_in":50})"_ba;
        QTest::newRow("token number") << R"({"access_token":5,"expires_in":50})"_ba;
        QTest::newRow("no expiry") << R"({"access_token":"abc"})"_ba;
        QTest::newRow("expiry string") << R"({"access_token":"abc","expires_in":"50"})"_ba;
        QTest::newRow("expiry negative") << R"({"access_token":"abc","expires_in":-5})"_ba;
    }
    void tokenUnreadable200()
    {
        QFETCH(QByteArray, body);
        const TokenResult r = parseTokenResponse(200, body);
        QVERIFY(r.error.startsWith(QLatin1String("Unreadable token response")));
        QVERIFY(r.accessToken.isEmpty());
    }

    void tokenLongMessageIsBounded()
    {
        const QByteArray body = "{\"message\":\"" + QByteArray(100'000, 'x') + "\"}";
        const TokenResult r = parseTokenResponse(403, body);
        QVERIFY(r.error.startsWith(QLatin1String("Twitch rejected the credentials: xxx")));
        QVERIFY(r.error.size() < 300);
    }

    void validate()
    {
        const ValidateResult ok = parseValidateResponse(
            200,
            R"({"client_id":"wbmy","login":"x","scopes":[],"user_id":"1","expires_in":5520838})"_ba);
        QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
        QCOMPARE(ok.clientId, QStringLiteral("wbmy"));
        QCOMPARE(ok.expiresInS, 5520838);
        const ValidateResult appToken =
            parseValidateResponse(200, R"({"client_id":"wbmy","scopes":null,"expires_in":0})"_ba);
        QVERIFY2(appToken.error.isEmpty(), qPrintable(appToken.error));

        QCOMPARE(parseValidateResponse(401, R"({"status":401,"message":"invalid access token"})"_ba)
                     .error,
                 QStringLiteral("Twitch rejected the token: invalid access token"));
        QCOMPARE(parseValidateResponse(401, QByteArray()).error,
                 QStringLiteral("Twitch rejected the token (HTTP 401 (Unauthorized))"));
        QCOMPARE(parseValidateResponse(500, "oops"_ba).error,
                 QStringLiteral("HTTP 500 (Internal Server Error)"));
        QCOMPARE(parseValidateResponse(429, R"({"message":"slow down"})"_ba).error,
                 QStringLiteral("HTTP 429: slow down"));
        for (const QByteArray &bad : {QByteArray(), "{"_ba, R"({"expires_in":5})"_ba,
                                      R"({"client_id":"a","expires_in":"5"})"_ba}) {
            const ValidateResult r = parseValidateResponse(200, bad);
            QVERIFY(!r.error.isEmpty());
            QVERIFY(r.clientId.isEmpty());
        }
    }

    void errorMessage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("401")
            << 401 << R"({"error":"Unauthorized","status":401,"message":"Invalid OAuth token"})"_ba
            << QStringLiteral("Invalid OAuth token");
        QTest::newRow("400 cursor")
            << 400 << R"({"error":"Bad Request","status":400,"message":"invalid cursor"})"_ba
            << QStringLiteral("invalid cursor");
        QTest::newRow("only error") << 429 << R"({"error":"Too Many Requests","status":429})"_ba
                                    << QStringLiteral("Too Many Requests");
        QTest::newRow("empty message") << 401 << R"({"error":"Unauthorized","message":"  "})"_ba
                                       << QStringLiteral("Unauthorized");
        QTest::newRow("message number")
            << 503 << R"({"message":5})"_ba << QStringLiteral("HTTP 503 (Service Unavailable)");
        QTest::newRow("empty body")
            << 500 << QByteArray() << QStringLiteral("HTTP 500 (Internal Server Error)");
        QTest::newRow("not JSON") << 504 << "upstream timed out"_ba
                                  << QStringLiteral("HTTP 504 (Gateway Timeout)");
        QTest::newRow("unknown status") << 599 << "[]"_ba << QStringLiteral("HTTP 599");
        QTest::newRow("no status") << -1 << QByteArray() << QStringLiteral("no HTTP response");
    }
    void errorMessage()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QCOMPARE(parseErrorMessage(status, body), message);
    }

    void followers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("total"); // -1: error
        QTest::newRow("total") << R"({"total":8,"data":[],"pagination":{"cursor":"eyJi"}})"_ba
                               << qint64(8);
        QTest::newRow("zero") << R"({"total":0,"data":[],"pagination":{}})"_ba << qint64(0);
        QTest::newRow("large") << R"({"total":123456789012})"_ba << qint64(123456789012);
        QTest::newRow("missing") << R"({"data":[]})"_ba << qint64(-1);
        QTest::newRow("string") << R"({"total":"8"})"_ba << qint64(-1);
        QTest::newRow("negative") << R"({"total":-8})"_ba << qint64(-1);
        QTest::newRow("fractional") << R"({"total":8.5})"_ba << qint64(-1);
        QTest::newRow("huge") << R"({"total":1e20})"_ba << qint64(-1);
        QTest::newRow("null") << R"({"total":null})"_ba << qint64(-1);
        QTest::newRow("not JSON") << "total=8"_ba << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
        QTest::newRow("array") << "[8]"_ba << qint64(-1);
    }
    void followers()
    {
        QFETCH(QByteArray, body);
        QFETCH(qint64, total);
        const FollowersResult r = parseFollowersTotal(body);
        if (total < 0) {
            QVERIFY(!r.error.isEmpty());
            QCOMPARE(r.total, 0);
        } else {
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            QCOMPARE(r.total, total);
        }
    }
};

QTEST_GUILESS_MAIN(TestTwitchAuthParsers)
#include "tst_twitchauthparsers.moc"
