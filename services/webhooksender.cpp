#include "webhooksender.h"

#include "backoff.h"

#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcWebhook, "streamrank.webhook")

QByteArray webhookSignature(const QByteArray &secret, const QByteArray &body)
{
    return QByteArrayLiteral("sha256=") +
           QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

WebhookSender::WebhookSender(QObject *parent) : QObject(parent) {}

void WebhookSender::setConfig(const WebhookConfig &config)
{
    m_config = config;
    if (!m_config.url.isValid() || m_config.url.isEmpty()) {
        // Turned off: what was queued is not sent anywhere else.
        for (const Pending &p : m_queue)
            Q_EMIT failed(p.eventId, tr("Webhook turned off before delivery"));
        m_queue.clear();
    }
    pump();
}

void WebhookSender::send(qint64 eventId, const QByteArray &body)
{
    if (m_config.url.isEmpty())
        return;
    if (m_queue.size() >= MaxQueued) {
        const Pending dropped = m_queue.front();
        m_queue.pop_front();
        Q_EMIT failed(dropped.eventId, tr("Webhook queue full: the oldest event was dropped"));
    }
    m_queue.push_back({eventId, body, 0});
    pump();
}

void WebhookSender::pump()
{
    if (m_inFlight || m_queue.empty() || m_config.url.isEmpty())
        return;
    if (m_retryTimer && m_retryTimer->isActive())
        return;
    if (!m_nam) {
        m_nam = new QNetworkAccessManager(this);
        connect(m_nam, &QNetworkAccessManager::finished, this, &WebhookSender::onFinished);
    }
    Pending &p = m_queue.front();
    ++p.attempts;
    QNetworkRequest request(m_config.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("User-Agent"),
                         QByteArrayLiteral("StreamRank/" STREAMRANK_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-StreamRank-Signature"),
                         webhookSignature(m_config.secret, p.body));
    request.setTransferTimeout(m_config.timeoutMs);
    m_inFlight = true;
    m_nam->post(request, p.body);
}

void WebhookSender::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    m_inFlight = false;
    if (m_queue.empty())
        return;
    Pending &p = m_queue.front();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
    if (ok) {
        const qint64 id = p.eventId;
        m_queue.pop_front();
        Q_EMIT delivered(id);
        pump();
        return;
    }
    const QString reason = status > 0 ? tr("HTTP %1").arg(status) : reply->errorString();
    // 4xx other than 408/429 will not get better by retrying.
    const bool permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    if (permanent || p.attempts >= m_config.maxAttempts) {
        const qint64 id = p.eventId;
        m_queue.pop_front();
        qCWarning(lcWebhook) << "webhook delivery failed for event" << id << ":" << reason;
        Q_EMIT failed(
            id,
            tr("Webhook delivery failed after %n attempt(s): %1", nullptr, p.attempts).arg(reason));
        pump();
        return;
    }
    const qint64 wait = fullJitterBackoffMs(p.attempts, m_config.baseBackoffMs,
                                            qint64(m_config.baseBackoffMs) << 16, m_rng);
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, &WebhookSender::pump);
    }
    m_retryTimer->start(static_cast<int>(wait));
}

} // namespace StreamRank
