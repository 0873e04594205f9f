#include "helixclient.h"

#include "backoff.h"
#include "twitchparsers.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcHelix, "streamrank.twitch")

namespace {

// A token this close to its expiry is renewed before use.
constexpr qint64 TokenRenewMarginMs = 60 * 1000;
// 429s waited out for one request before it counts as failed.
constexpr int MaxRateLimitWaits = 5;

int headerInt(const QNetworkReply *reply, const char *name, int fallback = -1)
{
    bool ok = false;
    const int v = reply->rawHeader(name).trimmed().toInt(&ok);
    return ok ? v : fallback;
}

qint64 headerEpochS(const QNetworkReply *reply)
{
    bool ok = false;
    const qint64 v = reply->rawHeader("Ratelimit-Reset").trimmed().toLongLong(&ok);
    return ok ? v : -1;
}

QUrl joined(const QUrl &root, const QString &path)
{
    QUrl url = root;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

bool retryable(QNetworkReply::NetworkError error, int status)
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

// Set on a reply aborted because its total deadline passed.
constexpr char DeadlineProperty[] = "streamrank.deadlinePassed";

QString transportError(QNetworkReply *reply, const TwitchConfig &config)
{
    if (reply->property(DeadlineProperty).toBool())
        return HelixClient::tr("no complete answer within %1 s")
            .arg(config.requestDeadlineMs / 1000.0);
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return HelixClient::tr("no answer within %1 s").arg(config.requestTimeoutMs / 1000.0);
    return reply->errorString();
}

} // namespace

struct HelixClient::Pending
{
    QString path;
    QUrlQuery query;
    ReplyCallback done;
    quint64 generation = 0;
    QString sentWithToken;     // the token of the last attempt
    int attempts = 0;          // every request sent
    int transientFailures = 0; // 5xx, timeouts, connection errors: at most maxAttempts − 1 retries
    int rateLimitWaits = 0;
    bool authRetried = false;
};

HelixClient::HelixClient(const TwitchConfig &config, std::shared_ptr<const Clock> clock,
                         QObject *parent)
    : QObject(parent), m_config(config), m_clock(std::move(clock)),
      m_nam(new QNetworkAccessManager(this)), m_budget(config.pointsPerMinute),
      m_breaker(config.breakerThreshold, config.breakerPauseMs), m_rng(std::random_device{}())
{
    m_budget.setEnabled(config.pacing);
}

HelixClient::~HelixClient()
{
    abortAll();
}

QNetworkReply *HelixClient::track(QNetworkReply *reply)
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
    deadline->start(std::max(1, m_config.requestDeadlineMs));
    return reply;
}

void HelixClient::abortAll()
{
    ++m_generation;
    const auto replies = m_inFlight;
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_tokenWaiters.clear();
    m_tokenInFlight = false;
}

void HelixClient::ensureToken(DoneCallback done)
{
    if (!m_token.isEmpty() && now() < m_tokenExpiresAtMs - TokenRenewMarginMs) {
        done(QString());
        return;
    }
    m_token.clear();
    m_tokenWaiters.push_back(std::move(done));
    if (!m_tokenInFlight)
        requestToken(1);
}

void HelixClient::requestToken(int attempt)
{
    m_tokenInFlight = true;
    QNetworkRequest request(joined(m_config.authUrl, QStringLiteral("/oauth2/token")));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(m_config.requestTimeoutMs);
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("client_id"), m_config.clientId);
    form.addQueryItem(QStringLiteral("client_secret"), m_config.clientSecret);
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    const QByteArray body = form.toString(QUrl::FullyEncoded).toUtf8();
    QNetworkReply *reply = track(m_nam->post(request, body));
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [this, reply, attempt, generation] {
        m_inFlight.remove(reply);
        reply->deleteLater();
        if (generation != m_generation)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (retryable(reply->error(), status) && attempt < m_config.maxAttempts) {
            const qint64 wait =
                fullJitterBackoffMs(attempt, m_config.backoffBaseMs, m_config.backoffCapMs, m_rng);
            QTimer::singleShot(wait, this, [this, attempt, generation] {
                if (generation == m_generation)
                    requestToken(attempt + 1);
            });
            return;
        }
        if (status == 0) {
            tokenArrived(tr("could not reach Twitch's login service: %1")
                             .arg(transportError(reply, m_config)),
                         true);
            return;
        }
        const Twitch::TokenResult token =
            Twitch::parseTokenResponse(status, reply->isOpen() ? reply->readAll() : QByteArray());
        if (!token.error.isEmpty()) {
            tokenArrived(token.error, status >= 500);
            return;
        }
        m_token = token.accessToken;
        m_tokenExpiresAtMs = now() + token.expiresInS * 1000;
        qCInfo(lcHelix) << "app access token obtained, valid for" << token.expiresInS << "s";
        tokenArrived(QString(), false);
    });
}

void HelixClient::tokenArrived(const QString &error, bool unreachable)
{
    m_tokenInFlight = false;
    // One outage of the login service is one failure, however many requests
    // were waiting for the token.
    if (unreachable && !m_breaker.isOpen(now()) && m_breaker.recordFailure(now()))
        Q_EMIT paused(m_breaker.openUntilMs(), error);
    auto waiters = std::move(m_tokenWaiters);
    m_tokenWaiters.clear();
    for (auto &w : waiters)
        w(error);
}

void HelixClient::validateToken(DoneCallback done)
{
    if (m_token.isEmpty()) {
        ensureToken(std::move(done));
        return;
    }
    QNetworkRequest request(joined(m_config.authUrl, QStringLiteral("/oauth2/validate")));
    request.setRawHeader("Authorization", "OAuth " + m_token.toUtf8());
    request.setTransferTimeout(m_config.requestTimeoutMs);
    QNetworkReply *reply = track(m_nam->get(request));
    const quint64 generation = m_generation;
    connect(
        reply, &QNetworkReply::finished, this, [this, reply, generation, done = std::move(done)] {
            m_inFlight.remove(reply);
            reply->deleteLater();
            if (generation != m_generation)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0) {
                // The login service is unreachable: keep the token, Helix will say.
                done(QString());
                return;
            }
            if (status != 200 && status != 401) {
                // The login service is having trouble; the token may be fine.
                done(QString());
                return;
            }
            const Twitch::ValidateResult v = Twitch::parseValidateResponse(
                status, reply->isOpen() ? reply->readAll() : QByteArray());
            if (!v.error.isEmpty()) {
                qCInfo(lcHelix) << "token no longer valid:" << v.error << "- renewing";
                m_token.clear();
                ensureToken(done);
                return;
            }
            m_tokenExpiresAtMs = now() + v.expiresInS * 1000;
            done(QString());
        });
}

void HelixClient::get(const QString &path, const QUrlQuery &query, ReplyCallback done)
{
    auto p = std::make_shared<Pending>();
    p->path = path;
    p->query = query;
    p->done = std::move(done);
    p->generation = m_generation;
    schedule(p);
}

void HelixClient::schedule(const std::shared_ptr<Pending> &p)
{
    if (p->generation != m_generation)
        return;
    if (m_breaker.isOpen(now())) {
        // Paused: nothing is sent until the pause ends (the collector's next
        // census is the probe).
        HelixReply r;
        r.attempts = p->attempts;
        r.error = tr("Twitch is paused after repeated failures");
        finish(p, std::move(r), false);
        return;
    }
    ensureToken([this, p](const QString &error) {
        if (p->generation != m_generation)
            return;
        if (!error.isEmpty()) {
            HelixReply r;
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

void HelixClient::retryLater(const std::shared_ptr<Pending> &p, qint64 delayMs)
{
    // QTimer takes an int of milliseconds; the waits here are at most a minute.
    const auto wait = std::chrono::milliseconds(std::clamp<qint64>(delayMs, 0, 10 * 60 * 1000));
    QTimer::singleShot(wait, this, [this, p] { schedule(p); });
}

void HelixClient::dispatch(const std::shared_ptr<Pending> &p)
{
    QUrl url = joined(m_config.apiUrl, p->path);
    url.setQuery(p->query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Client-Id", m_config.clientId.toUtf8());
    request.setTransferTimeout(m_config.requestTimeoutMs);
    m_budget.consume(now());
    ++p->attempts;
    p->sentWithToken = m_token;
    QNetworkReply *reply = track(m_nam->get(request));
    connect(reply, &QNetworkReply::finished, this, [this, p, reply] { onReply(p, reply); });
}

void HelixClient::onReply(const std::shared_ptr<Pending> &p, QNetworkReply *reply)
{
    m_inFlight.remove(reply);
    reply->deleteLater();
    if (p->generation != m_generation)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const qint64 reset = headerEpochS(reply);
    m_budget.observe(headerInt(reply, "Ratelimit-Limit"), headerInt(reply, "Ratelimit-Remaining"),
                     reset, now());
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        m_breaker.recordSuccess();
        HelixReply r;
        r.ok = true;
        r.status = status;
        r.body = body;
        r.attempts = p->attempts;
        p->done(r);
        return;
    }
    if (status == 401 && !p->authRetried) {
        // Expired or revoked: renew once and send the same request again.
        qCInfo(lcHelix) << "Helix answered 401 for" << p->path << "- renewing the token";
        p->authRetried = true;
        if (m_token == p->sentWithToken) // a 401 for an older token renews nothing
            m_token.clear();
        schedule(p);
        return;
    }
    if (status == 429) {
        m_budget.tooManyRequests(reset, now());
        if (++p->rateLimitWaits <= MaxRateLimitWaits) {
            qCInfo(lcHelix) << "rate limited; waiting until" << reset;
            schedule(p);
            return;
        }
    } else if (retryable(reply->error(), status) && ++p->transientFailures < m_config.maxAttempts) {
        const qint64 wait = fullJitterBackoffMs(p->transientFailures, m_config.backoffBaseMs,
                                                m_config.backoffCapMs, m_rng);
        qCInfo(lcHelix) << p->path << "attempt" << p->attempts << "failed (" << status
                        << reply->errorString() << "); retrying in" << wait << "ms";
        retryLater(p, wait);
        return;
    }
    HelixReply r;
    r.status = status;
    r.body = body;
    r.attempts = p->attempts;
    // An answer cut off after its headers arrived has a status of 200: the
    // transfer is what failed, not the request.
    const bool transferFailed = status == 0 || (status >= 200 && status < 300);
    r.error =
        transferFailed ? transportError(reply, m_config) : Twitch::parseErrorMessage(status, body);
    if (p->attempts > 1)
        r.error = tr("%1 (after %n attempt(s))", nullptr, p->attempts).arg(r.error);
    finish(p, std::move(r), true);
}

void HelixClient::finish(const std::shared_ptr<Pending> &p, HelixReply reply, bool countsForBreaker)
{
    // While the breaker is open a failure (of a request sent before it
    // opened) neither extends nor doubles the pause.
    if (countsForBreaker && !m_breaker.isOpen(now()) && m_breaker.recordFailure(now())) {
        qCWarning(lcHelix) << "pausing Twitch until" << m_breaker.openUntilMs() << "after"
                           << m_breaker.consecutiveFailures() << "failed requests:" << reply.error;
        Q_EMIT paused(m_breaker.openUntilMs(), reply.error);
    }
    p->done(reply);
}

TwitchConnectionTest::TwitchConnectionTest(QObject *parent) : QObject(parent) {}

void TwitchConnectionTest::run(const TwitchConfig &config)
{
    TwitchConfig probe = config;
    probe.maxAttempts = 1;
    m_client = std::make_unique<HelixClient>(probe, std::make_shared<SystemClock>());
    m_client->ensureToken([this](const QString &error) {
        if (!error.isEmpty()) {
            Q_EMIT finished(false, error);
            return;
        }
        m_client->validateToken([this](const QString &validateError) {
            if (!validateError.isEmpty())
                Q_EMIT finished(false, validateError);
            else
                Q_EMIT finished(true, tr("Connected: Twitch issued an app access token."));
        });
    });
}

} // namespace StreamRank
