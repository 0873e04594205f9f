#pragma once
// The HTTP side of the Kick collector: the shared request/retry loop with
// Kick's credentials, an app access token of id.kick.com (AppTokenClient:
// client credentials, renewed before expiry and on a 401 with the request
// sent again once), the Bearer header and Kick's wrapped error bodies. Kick
// sends no rate-limit headers: a 429 backs off with jitter like a 5xx, and
// our own budget keeps every rolling minute within requestsPerMinute. An
// endpoint that is not there (404, 405, 410, 501) fails at once without
// counting towards the circuit breaker, so v2's absence is a fallback, not
// an outage.

#include "apptokenclient.h"
#include "kickconfig.h"

namespace StreamRank {

class KickClient : public AppTokenClient
{
    Q_OBJECT
public:
    KickClient(const KickConfig &config, std::shared_ptr<const Clock> clock,
               QObject *parent = nullptr);
    ~KickClient() override;

    static HttpPolicy policyOf(const KickConfig &config);

protected:
    AppTokenAnswer parseTokenAnswer(int status, const QByteArray &body) const override;
    void authorize(QNetworkRequest &request, QUrlQuery &query) override;
    Verdict classify(const QString &path, QNetworkReply::NetworkError error, int status,
                     const QByteArray &body) override;
    QString errorMessage(int status, const QByteArray &body) const override;
};

// "Test connection": a token with these credentials, then one small v2 page
// (else v1), in words ("Connected: Kick issued an app access token and lists
// live streams (v2)", "Kick rejected the credentials: …").
class KickConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit KickConnectionTest(QObject *parent = nullptr);
    void run(const KickConfig &config);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    void tryList(const QString &version);
    std::unique_ptr<KickClient> m_client;
};

} // namespace StreamRank
