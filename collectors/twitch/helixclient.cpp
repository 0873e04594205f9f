#include "helixclient.h"

#include "backoff.h"
#include "twitchparsers.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcHelix, "streamrank.twitch")

namespace {

// A token this close to its expiry is renewed before use.
constexpr qint64 TokenRenewMarginMs = 60 * 1000;

int headerInt(const QNetworkReply *reply, const char *name, int fallback = -1)
{
    bool ok = false;
    const int v = reply->rawHeader(name).trimmed().toInt(&ok);
    return ok ? v : fallback;
}

} // namespace

HttpPolicy HelixClient::policyOf(const TwitchConfig &config)
{
    HttpPolicy policy;
    policy.serviceName = QStringLiteral("Twitch");
    policy.apiUrl = config.apiUrl;
    policy.requestTimeoutMs = config.requestTimeoutMs;
    policy.requestDeadlineMs = config.requestDeadlineMs;
    policy.maxAttempts = config.maxAttempts;
    policy.backoffBaseMs = config.backoffBaseMs;
    policy.backoffCapMs = config.backoffCapMs;
    policy.pacing = config.pacing;
    policy.pointsPerMinute = config.pointsPerMinute;
    policy.breakerThreshold = config.breakerThreshold;
    policy.breakerPauseMs = config.breakerPauseMs;
    return policy;
}

HelixClient::HelixClient(const TwitchConfig &config, std::shared_ptr<const Clock> clock,
                         QObject *parent)
    : HttpClient(policyOf(config), std::move(clock), parent), m_config(config)
{}

HelixClient::~HelixClient()
{
    abortAll();
}

void HelixClient::aborting()
{
    m_tokenWaiters.clear();
    m_tokenInFlight = false;
}

void HelixClient::authorize(QNetworkRequest &request, QUrlQuery &query)
{
    Q_UNUSED(query);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Client-Id", m_config.clientId.toUtf8());
}

void HelixClient::credentialsRejected(const QString &tag)
{
    if (m_token == tag) // a 401 for an older token renews nothing
        m_token.clear();
}

void HelixClient::observe(const QNetworkReply *reply)
{
    budget().observe(headerInt(reply, "Ratelimit-Limit"), headerInt(reply, "Ratelimit-Remaining"),
                     rateLimitResetEpochS(reply), now());
}

qint64 HelixClient::rateLimitResetEpochS(const QNetworkReply *reply) const
{
    bool ok = false;
    const qint64 v = reply->rawHeader("Ratelimit-Reset").trimmed().toLongLong(&ok);
    return ok ? v : -1;
}

QString HelixClient::errorMessage(int status, const QByteArray &body) const
{
    return Twitch::parseErrorMessage(status, body);
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
    QNetworkReply *reply = track(network()->post(request, body));
    const quint64 gen = generation();
    connect(reply, &QNetworkReply::finished, this, [this, reply, attempt, gen] {
        untrack(reply);
        reply->deleteLater();
        if (gen != generation())
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (retryable(reply->error(), status) && attempt < m_config.maxAttempts) {
            const qint64 wait =
                fullJitterBackoffMs(attempt, m_config.backoffBaseMs, m_config.backoffCapMs, rng());
            QTimer::singleShot(wait, this, [this, attempt, gen] {
                if (gen == generation())
                    requestToken(attempt + 1);
            });
            return;
        }
        if (status == 0) {
            tokenArrived(
                tr("could not reach Twitch's login service: %1").arg(transportError(reply)), true);
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
    if (unreachable)
        recordSharedFailure(error);
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
    QNetworkReply *reply = track(network()->get(request));
    const quint64 gen = generation();
    connect(reply, &QNetworkReply::finished, this, [this, reply, gen, done = std::move(done)] {
        untrack(reply);
        reply->deleteLater();
        if (gen != generation())
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200 && status != 401) {
            // Unreachable, or the login service is having trouble: the token
            // may be fine; keep it, Helix will say.
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
