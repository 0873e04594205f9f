#pragma once
// The HTTP side of the Twitch collector: the app access token (client
// credentials, renewed on expiry or on a 401 with the failed request retried
// once), pacing to the rate budget, retries with full-jitter backoff for 5xx,
// timeouts and connection errors (at most maxAttempts per request), waiting
// out 429s until Ratelimit-Reset, and the circuit breaker. Lives on the
// collector's thread with its own QNetworkAccessManager; callbacks run there.

#include "circuitbreaker.h"
#include "clock.h"
#include "ratebudget.h"
#include "twitchconfig.h"

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <random>

class QNetworkAccessManager;
class QNetworkReply;

namespace StreamRank {

struct HelixReply
{
    bool ok = false;
    int status = 0; // HTTP status of the last attempt, 0 when none arrived
    QByteArray body;
    QString error;    // in words when !ok
    int attempts = 0; // requests sent for it (retries, 429 waits and a token renewal included)
};

class HelixClient : public QObject
{
    Q_OBJECT
public:
    using ReplyCallback = std::function<void(const HelixReply &)>;
    using DoneCallback = std::function<void(const QString &error)>; // empty error: success

    HelixClient(const TwitchConfig &config, std::shared_ptr<const Clock> clock,
                QObject *parent = nullptr);
    ~HelixClient() override;

    // GET apiUrl + path ("/streams") with the query; the callback always runs
    // exactly once unless abortAll() is called first.
    void get(const QString &path, const QUrlQuery &query, ReplyCallback done);
    // Makes sure a token is held (fetching one if needed).
    void ensureToken(DoneCallback done);
    // GET /oauth2/validate; a 401 drops the token so the next request renews it.
    void validateToken(DoneCallback done);

    // Cancels everything in flight; no callback of it runs afterwards.
    void abortAll();

    const CircuitBreaker &breaker() const { return m_breaker; }

Q_SIGNALS:
    // The breaker opened after repeated failures; nothing is sent before untilMs.
    void paused(qint64 untilMs, const QString &lastError);

private:
    struct Pending;
    void schedule(const std::shared_ptr<Pending> &p);
    void dispatch(const std::shared_ptr<Pending> &p);
    void onReply(const std::shared_ptr<Pending> &p, QNetworkReply *reply);
    void retryLater(const std::shared_ptr<Pending> &p, qint64 delayMs);
    // countsForBreaker: a failure of this request's own (not a token problem
    // every waiting request shares, not one while the breaker is open).
    void finish(const std::shared_ptr<Pending> &p, HelixReply reply, bool countsForBreaker);
    void requestToken(int attempt);
    void tokenArrived(const QString &error, bool unreachable);
    QNetworkReply *track(QNetworkReply *reply);
    qint64 now() const { return m_clock->nowMs(); }

    TwitchConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    QNetworkAccessManager *m_nam;
    RateBudget m_budget;
    CircuitBreaker m_breaker;
    std::mt19937_64 m_rng;

    QString m_token;
    qint64 m_tokenExpiresAtMs = 0;
    bool m_tokenInFlight = false;
    std::vector<DoneCallback> m_tokenWaiters;

    QSet<QNetworkReply *> m_inFlight;
    quint64 m_generation = 0;
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
