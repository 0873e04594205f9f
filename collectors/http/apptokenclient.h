#pragma once
// An HttpClient whose credential is an app access token from the OAuth 2
// client-credentials grant, as Twitch (id.twitch.tv) and Kick (id.kick.com)
// issue them: fetched before the first request, renewed a minute before it
// expires and when the platform rejects it (the failed request is sent again
// once, by HttpClient), and fetched once however many requests wait for it.
// The platform's client says where the token comes from and how to read the
// answer; everything else (the form, retries with backoff, what an outage of
// the login service does to the circuit breaker) is here.

#include "httpclient.h"

#include <vector>

namespace StreamRank {

struct AppTokenEndpoint
{
    QUrl url; // the token endpoint itself ("https://id.kick.com/oauth/token")
    QString clientId;
    QString clientSecret;
};

// What a token endpoint answered, read by the platform's parser.
struct AppTokenAnswer
{
    QString error; // empty on success; otherwise in words ("invalid client secret")
    QString accessToken;
    qint64 expiresInS = 0;
};

class AppTokenClient : public HttpClient
{
    Q_OBJECT
public:
    AppTokenClient(HttpPolicy policy, AppTokenEndpoint endpoint, std::shared_ptr<const Clock> clock,
                   QObject *parent = nullptr);
    ~AppTokenClient() override;

    // Makes sure a token is held (fetching one if needed).
    void ensureToken(DoneCallback done);

protected:
    // The platform's reading of the token endpoint's answer (any status).
    virtual AppTokenAnswer parseTokenAnswer(int status, const QByteArray &body) const = 0;

    void prepare(DoneCallback ready) override { ensureToken(std::move(ready)); }
    QString credentialsTag() const override { return m_token; }
    void credentialsRejected(const QString &tag) override;
    void aborting() override;

    const QString &token() const { return m_token; }
    void dropToken() { m_token.clear(); }
    // A validation said how long the token still lives.
    void setTokenExpiresInS(qint64 seconds) { m_tokenExpiresAtMs = now() + seconds * 1000; }

private:
    void requestToken(int attempt);
    void tokenArrived(const QString &error, bool unreachable);

    AppTokenEndpoint m_endpoint;
    QString m_token;
    qint64 m_tokenExpiresAtMs = 0;
    bool m_tokenInFlight = false;
    std::vector<DoneCallback> m_tokenWaiters;
};

} // namespace StreamRank
