#pragma once
// The HTTP side of the YouTube collector: the shared request/retry loop
// (HttpClient) with the API key as a query item, YouTube's error bodies, and
// the daily quota counted per call. A call the quota cannot pay for is refused
// without being sent; `quotaExceeded` from YouTube is final (never retried) and
// marks the quota spent until the reset at midnight Pacific time.

#include "httpclient.h"
#include "youtubeconfig.h"
#include "youtubequota.h"

namespace StreamRank {

class YouTubeClient : public HttpClient
{
    Q_OBJECT
public:
    YouTubeClient(const YouTubeConfig &config, std::shared_ptr<const Clock> clock,
                  QObject *parent = nullptr);
    ~YouTubeClient() override;

    YouTube::QuotaBudget &quota() { return m_quota; }
    const YouTube::QuotaBudget &quota() const { return m_quota; }

    static HttpPolicy policyOf(const YouTubeConfig &config);
    static YouTube::QuotaCosts costsOf(const YouTubeConfig &config);
    // "/videos" -> Spend::Videos, ...
    static YouTube::Spend spendOf(const QString &path);

Q_SIGNALS:
    // YouTube said the day's quota is spent (or a call would overspend it).
    void quotaExhausted(qint64 untilMs);

protected:
    QString refusal(const QString &path) const override;
    void authorize(QNetworkRequest &request, QUrlQuery &query) override;
    void attemptSent(const QString &path) override;
    Verdict classify(const QString &path, QNetworkReply::NetworkError error, int status,
                     const QByteArray &body) override;
    QString errorMessage(int status, const QByteArray &body) const override;
    QString scrubbed(const QString &text) const override;

private:
    YouTubeConfig m_config;
    YouTube::QuotaBudget m_quota;
};

// "Test connection": one videoCategories.list call (1 unit) with this key,
// reported in words: "Connected: the key works and the YouTube Data API is
// enabled", "YouTube rejected the API key", "the API is not enabled for this
// key's project", "today's quota is used up".
class YouTubeConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit YouTubeConnectionTest(QObject *parent = nullptr);
    void run(const YouTubeConfig &config);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    std::unique_ptr<YouTubeClient> m_client;
};

} // namespace StreamRank
