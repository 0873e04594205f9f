#include "kickclient.h"

#include "kickparsers.h"

#include <QNetworkRequest>

#include <algorithm>

namespace StreamRank {

HttpPolicy KickClient::policyOf(const KickConfig &config)
{
    HttpPolicy policy;
    policy.serviceName = QStringLiteral("Kick");
    policy.apiUrl = config.apiUrl;
    policy.requestTimeoutMs = config.requestTimeoutMs;
    policy.requestDeadlineMs = config.requestDeadlineMs;
    policy.maxAttempts = std::max(1, config.maxAttempts);
    policy.backoffBaseMs = config.backoffBaseMs;
    policy.backoffCapMs = config.backoffCapMs;
    policy.pacing = config.pacing;
    policy.pointsPerMinute = std::max(1, config.requestsPerMinute);
    // A small burst: the bucket keeps every rolling minute within the setting.
    policy.burst = std::clamp(config.requestsPerMinute / 10, 1, 10);
    policy.breakerThreshold = config.breakerThreshold;
    policy.breakerPauseMs = config.breakerPauseMs;
    return policy;
}

KickClient::KickClient(const KickConfig &config, std::shared_ptr<const Clock> clock,
                       QObject *parent)
    : AppTokenClient(policyOf(config),
                     {joined(config.authUrl, QStringLiteral("/oauth/token")), config.clientId,
                      config.clientSecret},
                     std::move(clock), parent)
{}

KickClient::~KickClient()
{
    abortAll();
}

AppTokenAnswer KickClient::parseTokenAnswer(int status, const QByteArray &body) const
{
    const Kick::TokenResult token = Kick::parseToken(status, body);
    // No lifetime said: renewed when Kick refuses it (a 401).
    const qint64 lifetime = token.expiresInS > 0 ? token.expiresInS : 365LL * 24 * 3600;
    return {token.error, token.accessToken, lifetime};
}

void KickClient::authorize(QNetworkRequest &request, QUrlQuery &query)
{
    Q_UNUSED(query);
    request.setRawHeader("Authorization", "Bearer " + token().toUtf8());
    request.setRawHeader("Accept", "application/json");
}

HttpClient::Verdict KickClient::classify(const QString &path, QNetworkReply::NetworkError error,
                                         int status, const QByteArray &body)
{
    switch (Kick::parseError(status, body).kind) {
    case Kick::ErrorKind::Unauthorized:
        return Verdict::RenewCredentials;
    case Kick::ErrorKind::Unavailable:
        return Verdict::FailQuietly;
    case Kick::ErrorKind::RateLimited: // no headers to wait by: back off with jitter
    case Kick::ErrorKind::Server:
        return Verdict::Retry;
    case Kick::ErrorKind::BadRequest:
        // Kick fails a channels request naming a slug it has no channel for:
        // the user's typing, not an outage to pause the platform for.
        if (path == QLatin1String("/public/v1/channels"))
            return Verdict::FailQuietly;
        return Verdict::Fail;
    case Kick::ErrorKind::Forbidden:
        return Verdict::Fail;
    case Kick::ErrorKind::None:
    case Kick::ErrorKind::Other:
        break;
    }
    return retryable(error, status) ? Verdict::Retry : Verdict::Fail;
}

QString KickClient::errorMessage(int status, const QByteArray &body) const
{
    return Kick::parseError(status, body).message;
}

KickConnectionTest::KickConnectionTest(QObject *parent) : QObject(parent) {}

void KickConnectionTest::run(const KickConfig &config)
{
    KickConfig probe = config;
    probe.maxAttempts = 1;
    m_client = std::make_unique<KickClient>(probe, std::make_shared<SystemClock>());
    m_client->ensureToken([this](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT finished(false, error);
        else
            tryList(QStringLiteral("v2"));
    });
}

void KickConnectionTest::tryList(const QString &version)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    m_client->get(QStringLiteral("/public/%1/livestreams").arg(version), query,
                  [this, version](const HttpReply &reply) {
                      if (reply.ok) {
                          Q_EMIT finished(true, tr("Connected: Kick issued an app access token "
                                                   "and lists live streams (%1).")
                                                    .arg(version));
                          return;
                      }
                      if (version == QLatin1String("v2") &&
                          Kick::parseError(reply.status, reply.body).kind ==
                              Kick::ErrorKind::Unavailable) {
                          tryList(QStringLiteral("v1"));
                          return;
                      }
                      Q_EMIT finished(false, reply.error);
                  });
}

} // namespace StreamRank
