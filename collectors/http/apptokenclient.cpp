#include "apptokenclient.h"

#include "backoff.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcAppToken, "streamrank.http")

namespace {

// A token this close to its expiry is renewed before use.
constexpr qint64 TokenRenewMarginMs = 60 * 1000;

} // namespace

AppTokenClient::AppTokenClient(HttpPolicy policy, AppTokenEndpoint endpoint,
                               std::shared_ptr<const Clock> clock, QObject *parent)
    : HttpClient(std::move(policy), std::move(clock), parent), m_endpoint(std::move(endpoint))
{}

AppTokenClient::~AppTokenClient() = default;

void AppTokenClient::aborting()
{
    m_tokenWaiters.clear();
    m_tokenInFlight = false;
}

void AppTokenClient::credentialsRejected(const QString &tag)
{
    if (m_token == tag) // a 401 for an older token renews nothing
        m_token.clear();
}

void AppTokenClient::ensureToken(DoneCallback done)
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

void AppTokenClient::requestToken(int attempt)
{
    m_tokenInFlight = true;
    QNetworkRequest request(m_endpoint.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(policy().requestTimeoutMs);
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("client_id"), m_endpoint.clientId);
    form.addQueryItem(QStringLiteral("client_secret"), m_endpoint.clientSecret);
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
        const HttpPolicy &p = policy();
        if (retryable(reply->error(), status) && attempt < p.maxAttempts) {
            const qint64 wait =
                fullJitterBackoffMs(attempt, p.backoffBaseMs, p.backoffCapMs, rng());
            QTimer::singleShot(wait, this, [this, attempt, gen] {
                if (gen == generation())
                    requestToken(attempt + 1);
            });
            return;
        }
        if (status == 0) {
            tokenArrived(tr("could not reach %1's login service: %2")
                             .arg(p.serviceName, transportError(reply)),
                         true);
            return;
        }
        const AppTokenAnswer token =
            parseTokenAnswer(status, reply->isOpen() ? reply->readAll() : QByteArray());
        if (!token.error.isEmpty()) {
            tokenArrived(token.error, status >= 500);
            return;
        }
        m_token = token.accessToken;
        m_tokenExpiresAtMs = now() + token.expiresInS * 1000;
        qCInfo(lcAppToken).noquote()
            << p.serviceName << "app access token obtained, valid for" << token.expiresInS << "s";
        tokenArrived(QString(), false);
    });
}

void AppTokenClient::tokenArrived(const QString &error, bool unreachable)
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

} // namespace StreamRank
