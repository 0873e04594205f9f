#pragma once
// Posts each anomaly event's JSON to the user's webhook, signed with
// HMAC-SHA256 of the body (header X-StreamRank-Signature: sha256=<hex>).
// Lives on its own thread with its own QNetworkAccessManager; failed
// deliveries are retried with exponential backoff and full jitter, and never
// block collection.

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <deque>
#include <random>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace StreamRank {

struct WebhookConfig
{
    QUrl url;          // empty: webhooks off
    QByteArray secret; // from the keychain; never logged
    int maxAttempts = 5;
    int baseBackoffMs = 1000; // attempt n waits a random time in [0, base·2^(n−1)]
    int timeoutMs = 10000;
};

// "sha256=" + lowercase hex HMAC-SHA256(secret, body).
QByteArray webhookSignature(const QByteArray &secret, const QByteArray &body);

class WebhookSender : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxQueued = 1000;

    explicit WebhookSender(QObject *parent = nullptr);

public Q_SLOTS:
    void setConfig(const StreamRank::WebhookConfig &config);
    // body: the event as JSON (AnomalyEvent::toJson()); eventId only for the signals.
    void send(qint64 eventId, const QByteArray &body);

Q_SIGNALS:
    void delivered(qint64 eventId);
    // A delivery given up after all attempts, or dropped; message in words.
    void failed(qint64 eventId, const QString &message);

private:
    struct Pending
    {
        qint64 eventId = 0;
        QByteArray body;
        int attempts = 0;
    };
    void pump();
    void onFinished(QNetworkReply *reply);

    WebhookConfig m_config;
    QNetworkAccessManager *m_nam = nullptr; // created on first use, on this object's thread
    QTimer *m_retryTimer = nullptr;
    std::deque<Pending> m_queue;
    bool m_inFlight = false;
    std::mt19937_64 m_rng{std::random_device{}()};
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::WebhookConfig)
