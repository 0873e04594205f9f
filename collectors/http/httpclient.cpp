#include "httpclient.h"
#include "counted.h"

#include "backoff.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcHttp, "streamrank.http")

namespace {

// Rate-limit waits for one request before it counts as failed.
constexpr int MaxRateLimitWaits = 5;
// Set on a reply aborted because its total deadline passed.
constexpr char DeadlineProperty[] = "streamrank.deadlinePassed";

} // namespace

struct HttpClient::Pending
{
    QString path;
    QUrlQuery query;
    ReplyCallback done;
    quint64 generation = 0;
    QString sentWithCredentials; // credentialsTag() of the last attempt
    int attempts = 0;            // every request sent
    int transientFailures = 0; // 5xx, timeouts, connection errors: at most maxAttempts − 1 retries
    int rateLimitWaits = 0;
    bool renewed = false;
};

HttpClient::HttpClient(HttpPolicy policy, std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent), m_policy(std::move(policy)), m_clock(std::move(clock)),
      m_nam(new QNetworkAccessManager(this)), m_budget(m_policy.pointsPerMinute, m_policy.burst),
      m_breaker(m_policy.breakerThreshold, m_policy.breakerPauseMs), m_rng(std::random_device{}())
{
    m_budget.setEnabled(m_policy.pacing);
}

HttpClient::~HttpClient()
{
    abortAll();
}

QUrl HttpClient::joined(const QUrl &root, const QString &path)
{
    QUrl url = root;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

bool HttpClient::retryable(QNetworkReply::NetworkError error, int status)
{
    if (status >= 500 || status == 408)
        return true;
    if (status > 0 && error == QNetworkReply::NoError)
        return false;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // transfer timeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
    case QNetworkReply::ProtocolFailure:
        return true;
    default:
        return status == 0; // nothing arrived at all
    }
}

HttpClient::Verdict HttpClient::classify(const QString &path, QNetworkReply::NetworkError error,
                                         int status, const QByteArray &body)
{
    Q_UNUSED(path);
    Q_UNUSED(body);
    if (status == 401)
        return Verdict::RenewCredentials;
    if (status == 429)
        return Verdict::RateLimited;
    return retryable(error, status) ? Verdict::Retry : Verdict::Fail;
}

QString HttpClient::errorMessage(int status, const QByteArray &body) const
{
    Q_UNUSED(body);
    return tr("%1 answered HTTP %2").arg(m_policy.serviceName).arg(status);
}

QString HttpClient::transportError(QNetworkReply *reply) const
{
    if (reply->property(DeadlineProperty).toBool())
        return tr("no complete answer within %1 s").arg(m_policy.requestDeadlineMs / 1000.0);
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return tr("no answer within %1 s").arg(m_policy.requestTimeoutMs / 1000.0);
    return scrubbed(reply->errorString());
}

QNetworkReply *HttpClient::track(QNetworkReply *reply)
{
    m_inFlight.insert(reply);
    // The transfer timeout restarts with every byte: a server dripping one
    // byte every few seconds would hold a request for ever without this.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply] {
        reply->setProperty(DeadlineProperty, true);
        reply->abort();
    });
    deadline->start(std::max(1, m_policy.requestDeadlineMs));
    return reply;
}

void HttpClient::abortAll()
{
    ++m_generation;
    const auto replies = m_inFlight;
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    aborting();
}

void HttpClient::recordSharedFailure(const QString &error)
{
    if (!m_breaker.isOpen(now()) && m_breaker.recordFailure(now()))
        Q_EMIT paused(m_breaker.openUntilMs(), error);
}

void HttpClient::get(const QString &path, const QUrlQuery &query, ReplyCallback done)
{
    auto p = std::make_shared<Pending>();
    p->path = path;
    p->query = query;
    p->done = std::move(done);
    p->generation = m_generation;
    schedule(p);
}

void HttpClient::schedule(const std::shared_ptr<Pending> &p)
{
    if (p->generation != m_generation)
        return;
    if (m_breaker.isOpen(now())) {
        // Paused: nothing is sent until the pause ends (the collector's next
        // census is the probe).
        HttpReply r;
        r.attempts = p->attempts;
        r.error = tr("%1 is paused after repeated failures").arg(m_policy.serviceName);
        finish(p, std::move(r), false);
        return;
    }
    if (const QString why = refusal(p->path); !why.isEmpty()) {
        HttpReply r;
        r.attempts = p->attempts;
        r.error = why;
        r.refused = true;
        finish(p, std::move(r), false);
        return;
    }
    prepare([this, p](const QString &error) {
        if (p->generation != m_generation)
            return;
        if (!error.isEmpty()) {
            HttpReply r;
            r.attempts = p->attempts;
            r.error = error;
            finish(p, std::move(r), false);
            return;
        }
        const qint64 wait = m_budget.delayMs(now());
        if (wait > 0)
            retryLater(p, wait);
        else
            dispatch(p);
    });
}

void HttpClient::retryLater(const std::shared_ptr<Pending> &p, qint64 delayMs)
{
    // QTimer takes an int of milliseconds; the waits here are at most a minute.
    const auto wait = std::chrono::milliseconds(std::clamp<qint64>(delayMs, 0, 10 * 60 * 1000));
    QTimer::singleShot(wait, this, [this, p] { schedule(p); });
}

void HttpClient::dispatch(const std::shared_ptr<Pending> &p)
{
    QUrl url = joined(m_policy.apiUrl, p->path);
    QUrlQuery query = p->query;
    QNetworkRequest request;
    authorize(request, query);
    url.setQuery(query);
    request.setUrl(url);
    request.setTransferTimeout(m_policy.requestTimeoutMs);
    m_budget.consume(now());
    ++p->attempts;
    p->sentWithCredentials = credentialsTag();
    attemptSent(p->path);
    QNetworkReply *reply = track(m_nam->get(request));
    connect(reply, &QNetworkReply::finished, this, [this, p, reply] { onReply(p, reply); });
}

void HttpClient::onReply(const std::shared_ptr<Pending> &p, QNetworkReply *reply)
{
    m_inFlight.remove(reply);
    reply->deleteLater();
    if (p->generation != m_generation)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    observe(reply);
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        m_breaker.recordSuccess();
        HttpReply r;
        r.ok = true;
        r.status = status;
        r.body = body;
        r.attempts = p->attempts;
        p->done(r);
        return;
    }
    // An answer cut off after its headers arrived has a status of 200: the
    // transfer is what failed, not the request.
    const bool transferFailed = status == 0 || (status >= 200 && status < 300);
    const Verdict verdict = !transferFailed ? classify(p->path, reply->error(), status, body)
                            : retryable(reply->error(), status) ? Verdict::Retry
                                                                : Verdict::Fail;
    bool countsForBreaker = true;
    switch (verdict) {
    case Verdict::RenewCredentials:
        if (!p->renewed) {
            // Expired or revoked: renew once and send the same request again.
            qCInfo(lcHttp) << m_policy.serviceName << "rejected the credentials for" << p->path
                           << "- renewing them";
            p->renewed = true;
            credentialsRejected(p->sentWithCredentials);
            schedule(p);
            return;
        }
        break;
    case Verdict::RateLimited:
        m_budget.tooManyRequests(rateLimitResetEpochS(reply), now());
        if (++p->rateLimitWaits <= MaxRateLimitWaits) {
            qCInfo(lcHttp) << m_policy.serviceName << "rate limited" << p->path << "; waiting";
            schedule(p);
            return;
        }
        break;
    case Verdict::Retry:
        if (++p->transientFailures < m_policy.maxAttempts) {
            const qint64 wait = fullJitterBackoffMs(p->transientFailures, m_policy.backoffBaseMs,
                                                    m_policy.backoffCapMs, m_rng);
            qCInfo(lcHttp) << m_policy.serviceName << p->path << "attempt" << p->attempts
                           << "failed (" << status << transportError(reply) << "); retrying in"
                           << wait << "ms";
            retryLater(p, wait);
            return;
        }
        break;
    case Verdict::FailQuietly:
        countsForBreaker = false;
        break;
    case Verdict::Fail:
        break;
    }
    HttpReply r;
    r.status = status;
    r.body = body;
    r.attempts = p->attempts;
    r.error = transferFailed ? transportError(reply) : errorMessage(status, body);
    if (p->attempts > 1)
        r.error = tr("%1 (after %2)").arg(r.error, counted(p->attempts, "attempt", "attempts"));
    finish(p, std::move(r), countsForBreaker);
}

void HttpClient::finish(const std::shared_ptr<Pending> &p, HttpReply reply, bool countsForBreaker)
{
    // While the breaker is open a failure (of a request sent before it
    // opened) neither extends nor doubles the pause.
    if (countsForBreaker && !m_breaker.isOpen(now()) && m_breaker.recordFailure(now())) {
        qCWarning(lcHttp) << "pausing" << m_policy.serviceName << "until" << m_breaker.openUntilMs()
                          << "after" << m_breaker.consecutiveFailures()
                          << "failed requests:" << reply.error;
        Q_EMIT paused(m_breaker.openUntilMs(), reply.error);
    }
    p->done(reply);
}

} // namespace StreamRank
