#pragma once
// The request/retry loop every platform's collector shares. One GET becomes at
// most maxAttempts sends: pacing to the rate budget before each, full-jitter
// backoff after 5xx, timeouts and connection errors, waiting out rate limits,
// renewing the credentials once when the platform rejects them, a transfer
// timeout (no byte for requestTimeoutMs) and a total deadline per attempt, and
// a circuit breaker that pauses the platform after repeated failures. Lives on
// the collector's thread with its own QNetworkAccessManager; callbacks run
// there.
//
// A platform's client derives from it and says how to authorise a request, how
// to read an error body and which answers mean what (HelixClient for Twitch,
// YouTubeClient for YouTube).

#include "circuitbreaker.h"
#include "clock.h"
#include "ratebudget.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <random>

class QNetworkAccessManager;
class QNetworkRequest;

namespace StreamRank {

struct HttpPolicy
{
    QString serviceName;           // "Twitch", in messages
    QUrl apiUrl;                   // paths are joined below it
    int requestTimeoutMs = 15000;  // no byte for this long ends an attempt (the transfer timeout)
    int requestDeadlineMs = 30000; // nor can an attempt take longer than this, byte by byte
    int maxAttempts = 3;           // per request, for 5xx, timeouts and connection errors
    int backoffBaseMs = 1000;
    int backoffCapMs = 30000;
    bool pacing = true; // our own token bucket; off for benchmarks against a local server
    int pointsPerMinute = 600;
    int burst = 20;
    int breakerThreshold = 5; // failed requests in a row that pause the platform
    qint64 breakerPauseMs = 60 * 1000;
};

struct HttpReply
{
    bool ok = false;
    int status = 0; // HTTP status of the last attempt, 0 when none arrived
    QByteArray body;
    QString error;        // in words when !ok
    int attempts = 0;     // requests sent for it (retries, rate-limit waits and a renewal included)
    bool refused = false; // never sent: the platform's client refused it (a spent quota, say)
};

class HttpClient : public QObject
{
    Q_OBJECT
public:
    using ReplyCallback = std::function<void(const HttpReply &)>;
    using DoneCallback = std::function<void(const QString &error)>; // empty error: success

    HttpClient(HttpPolicy policy, std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    ~HttpClient() override;

    // GET apiUrl + path with the query; the callback always runs exactly once
    // unless abortAll() is called first.
    void get(const QString &path, const QUrlQuery &query, ReplyCallback done);
    // Cancels everything in flight; no callback of it runs afterwards.
    void abortAll();

    const CircuitBreaker &breaker() const { return m_breaker; }
    const HttpPolicy &policy() const { return m_policy; }

    static QUrl joined(const QUrl &root, const QString &path);
    // 5xx, 408, timeouts and connection errors: worth sending again.
    static bool retryable(QNetworkReply::NetworkError error, int status);

Q_SIGNALS:
    // The breaker opened after repeated failures; nothing is sent before untilMs.
    void paused(qint64 untilMs, const QString &lastError);

protected:
    // What an answer that is not a 2xx means.
    enum class Verdict : std::uint8_t
    {
        Retry,            // transient: back off and send again (up to maxAttempts)
        RateLimited,      // wait as the budget says, then send again (up to 5 waits)
        RenewCredentials, // rejected credentials: renew once and send again
        Fail,             // final; counts towards the circuit breaker
        FailQuietly       // final; does not count (the platform pauses itself, e.g. a spent quota)
    };

    // Before every send: make sure credentials are at hand (a token, say).
    // A non-empty error fails the request without sending it.
    virtual void prepare(DoneCallback ready) { ready(QString()); }
    // Non-empty: the request is refused without being sent (reply.refused).
    virtual QString refusal(const QString &path) const
    {
        Q_UNUSED(path);
        return QString();
    }
    // Adds the credentials to one attempt (a header, or a query item).
    virtual void authorize(QNetworkRequest &request, QUrlQuery &query) = 0;
    // Names the credentials an attempt was sent with, so that a rejection of
    // older ones renews nothing.
    virtual QString credentialsTag() const { return QString(); }
    // The platform rejected the credentials sent as `tag`: drop them so the
    // next prepare() renews them.
    virtual void credentialsRejected(const QString &tag) { Q_UNUSED(tag); }
    // Every attempt sent, for accounting (a quota, say).
    virtual void attemptSent(const QString &path) { Q_UNUSED(path); }
    // abortAll() is cancelling everything: drop what waits on this client.
    virtual void aborting() {}
    // Every answer, for rate-limit headers and the like.
    virtual void observe(const QNetworkReply *reply) { Q_UNUSED(reply); }
    // When a rate limit lifts, as epoch seconds (-1: unknown).
    virtual qint64 rateLimitResetEpochS(const QNetworkReply *reply) const
    {
        Q_UNUSED(reply);
        return -1;
    }
    // Default: 401 renews, 429 waits, retryable() retries, the rest fails.
    virtual Verdict classify(const QString &path, QNetworkReply::NetworkError error, int status,
                             const QByteArray &body);
    // An error body in words.
    virtual QString errorMessage(int status, const QByteArray &body) const;
    // Text about a request (Qt's error strings quote the URL) with any secret
    // it could hold taken out, before it reaches a log, a status or a reply.
    virtual QString scrubbed(const QString &text) const { return text; }

    // For clients that send requests of their own (a token, say).
    QNetworkAccessManager *network() const { return m_nam; }
    // Tracks a reply (aborted by abortAll(), held to the deadline).
    QNetworkReply *track(QNetworkReply *reply);
    void untrack(QNetworkReply *reply) { m_inFlight.remove(reply); }
    quint64 generation() const { return m_generation; }
    // The reason a reply failed in transport, in words.
    QString transportError(QNetworkReply *reply) const;
    std::mt19937_64 &rng() { return m_rng; }
    RateBudget &budget() { return m_budget; }
    // One outage of a service every waiting request shares (a login service)
    // is one failure for the breaker.
    void recordSharedFailure(const QString &error);
    qint64 now() const { return m_clock->nowMs(); }

private:
    struct Pending;
    void schedule(const std::shared_ptr<Pending> &p);
    void dispatch(const std::shared_ptr<Pending> &p);
    void onReply(const std::shared_ptr<Pending> &p, QNetworkReply *reply);
    void retryLater(const std::shared_ptr<Pending> &p, qint64 delayMs);
    // countsForBreaker: a failure of this request's own (not a credentials
    // problem every waiting request shares, not one while the breaker is open).
    void finish(const std::shared_ptr<Pending> &p, HttpReply reply, bool countsForBreaker);

    HttpPolicy m_policy;
    std::shared_ptr<const Clock> m_clock;
    QNetworkAccessManager *m_nam;
    RateBudget m_budget;
    CircuitBreaker m_breaker;
    std::mt19937_64 m_rng;
    QSet<QNetworkReply *> m_inFlight;
    quint64 m_generation = 0;
};

} // namespace StreamRank
