#pragma once
// The HTTP side of the Twitch collector: the shared request/retry loop
// (HttpClient: pacing, backoff, timeouts, the circuit breaker) with Twitch's
// credentials: the app access token of id.twitch.tv (AppTokenClient: client
// credentials, renewed on expiry or on a 401 with the failed request retried
// once) and its /oauth2/validate, the Client-Id header, the Ratelimit-*
// headers and Helix's error bodies.

#include "apptokenclient.h"
#include "twitchconfig.h"

namespace StreamRank {

class HelixClient : public AppTokenClient
{
    Q_OBJECT
public:
    HelixClient(const TwitchConfig &config, std::shared_ptr<const Clock> clock,
                QObject *parent = nullptr);
    ~HelixClient() override;

    // GET /oauth2/validate; a 401 drops the token so the next request renews it.
    void validateToken(DoneCallback done);

    static HttpPolicy policyOf(const TwitchConfig &config);

protected:
    AppTokenAnswer parseTokenAnswer(int status, const QByteArray &body) const override;
    void authorize(QNetworkRequest &request, QUrlQuery &query) override;
    void observe(const QNetworkReply *reply) override;
    qint64 rateLimitResetEpochS(const QNetworkReply *reply) const override;
    QString errorMessage(int status, const QByteArray &body) const override;

private:
    TwitchConfig m_config;
};

// "Test connection": fetches a token with these credentials and reports the
// outcome in words ("Connected: token valid for 58 days",
// "Twitch rejected the credentials: invalid client secret").
class TwitchConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit TwitchConnectionTest(QObject *parent = nullptr);
    void run(const TwitchConfig &config);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    std::unique_ptr<HelixClient> m_client;
};

} // namespace StreamRank
