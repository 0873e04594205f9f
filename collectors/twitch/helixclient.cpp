#include "helixclient.h"

#include "twitchparsers.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcHelix, "streamrank.twitch")

namespace {

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
    : AppTokenClient(policyOf(config),
                     {joined(config.authUrl, QStringLiteral("/oauth2/token")), config.clientId,
                      config.clientSecret},
                     std::move(clock), parent),
      m_config(config)
{}

HelixClient::~HelixClient()
{
    abortAll();
}

AppTokenAnswer HelixClient::parseTokenAnswer(int status, const QByteArray &body) const
{
    const Twitch::TokenResult token = Twitch::parseTokenResponse(status, body);
    return {token.error, token.accessToken, token.expiresInS};
}

void HelixClient::authorize(QNetworkRequest &request, QUrlQuery &query)
{
    Q_UNUSED(query);
    request.setRawHeader("Authorization", "Bearer " + token().toUtf8());
    request.setRawHeader("Client-Id", m_config.clientId.toUtf8());
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

void HelixClient::validateToken(DoneCallback done)
{
    if (token().isEmpty()) {
        ensureToken(std::move(done));
        return;
    }
    QNetworkRequest request(joined(m_config.authUrl, QStringLiteral("/oauth2/validate")));
    request.setRawHeader("Authorization", "OAuth " + token().toUtf8());
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
            dropToken();
            ensureToken(done);
            return;
        }
        setTokenExpiresInS(v.expiresInS);
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
