#include "youtubeclient.h"
#include "counted.h"

#include "youtubeparsers.h"

#include <QNetworkRequest>

namespace StreamRank {

using YouTube::ErrorKind;
using YouTube::Spend;

HttpPolicy YouTubeClient::policyOf(const YouTubeConfig &config)
{
    HttpPolicy policy;
    policy.serviceName = QStringLiteral("YouTube");
    policy.apiUrl = config.apiUrl;
    policy.requestTimeoutMs = config.requestTimeoutMs;
    policy.requestDeadlineMs = config.requestDeadlineMs;
    policy.maxAttempts = config.maxAttempts;
    policy.backoffBaseMs = config.backoffBaseMs;
    policy.backoffCapMs = config.backoffCapMs;
    policy.pacing = config.pacing;
    policy.pointsPerMinute = config.requestsPerMinute;
    policy.burst = 10;
    policy.breakerThreshold = config.breakerThreshold;
    policy.breakerPauseMs = config.breakerPauseMs;
    return policy;
}

YouTube::QuotaCosts YouTubeClient::costsOf(const YouTubeConfig &config)
{
    YouTube::QuotaCosts c;
    c.dailyUnits = config.dailyUnits;
    c.dailySearches = config.dailySearches;
    c.searchCostUnits = config.searchCostUnits;
    c.videosCost = config.videosCost;
    c.channelsCost = config.channelsCost;
    c.playlistItemsCost = config.playlistItemsCost;
    c.categoriesCost = config.categoriesCost;
    c.reservePercent = config.reservePercent;
    return c;
}

Spend YouTubeClient::spendOf(const QString &path)
{
    if (path == u"/search")
        return Spend::Search;
    if (path == u"/channels")
        return Spend::Channels;
    if (path == u"/playlistItems")
        return Spend::PlaylistItems;
    if (path == u"/videoCategories")
        return Spend::Categories;
    return Spend::Videos;
}

YouTubeClient::YouTubeClient(const YouTubeConfig &config, std::shared_ptr<const Clock> clock,
                             QObject *parent)
    : HttpClient(policyOf(config), std::move(clock), parent), m_config(config),
      m_quota(costsOf(config))
{}

YouTubeClient::~YouTubeClient()
{
    abortAll();
}

QString YouTubeClient::refusal(const QString &path) const
{
    const qint64 t = now();
    if (m_quota.canSpend(spendOf(path), t))
        return QString();
    const QString when = localTimeText(m_quota.resetAtMs(t), QStringLiteral("HH:mm"));
    if (m_quota.exhaustedNow(t))
        return tr("today's YouTube quota is used up; collection resumes at %1 (midnight Pacific)")
            .arg(when);
    return spendOf(path) == Spend::Search
               ? tr("today's %1 are spent; searching resumes at %2")
                     .arg(counted(m_quota.costs().dailySearches, "YouTube search",
                                  "YouTube searches"),
                          when)
               : tr("today's %1 YouTube quota units are spent; collection resumes at %2")
                     .arg(QLocale().toString(m_quota.costs().dailyUnits), when);
}

void YouTubeClient::authorize(QNetworkRequest &request, QUrlQuery &query)
{
    Q_UNUSED(request);
    query.removeAllQueryItems(QStringLiteral("key"));
    query.addQueryItem(QStringLiteral("key"), m_config.apiKey);
}

void YouTubeClient::attemptSent(const QString &path)
{
    m_quota.spend(spendOf(path), now());
}

HttpClient::Verdict YouTubeClient::classify(const QString &path, QNetworkReply::NetworkError error,
                                            int status, const QByteArray &body)
{
    const YouTube::ApiError e = YouTube::parseError(status, body);
    switch (e.kind) {
    case ErrorKind::QuotaExceeded: {
        // Final until the reset. search.list has its own bucket: a spent one
        // stops searching only; anything else pauses the platform.
        if (spendOf(path) == Spend::Search) {
            m_quota.searchesExhausted(now());
        } else {
            m_quota.exhausted(now());
            Q_EMIT quotaExhausted(m_quota.resetAtMs(now()));
        }
        return Verdict::FailQuietly;
    }
    case ErrorKind::RateLimited:
        return Verdict::RateLimited;
    case ErrorKind::KeyInvalid:
    case ErrorKind::AccessNotConfigured:
        // Every request would fail the same way: say so, do not pause as for an outage.
        return Verdict::FailQuietly;
    case ErrorKind::Server:
        return Verdict::Retry;
    case ErrorKind::Forbidden:
    case ErrorKind::BadRequest:
        return Verdict::Fail;
    case ErrorKind::None:
    case ErrorKind::Other:
        break;
    }
    return retryable(error, status) ? Verdict::Retry : Verdict::Fail;
}

QString YouTubeClient::errorMessage(int status, const QByteArray &body) const
{
    return YouTube::parseError(status, body).message;
}

QString YouTubeClient::scrubbed(const QString &text) const
{
    // Qt's error strings quote the URL, and the key is a query item of it.
    if (m_config.apiKey.isEmpty())
        return text;
    QString out = text;
    out.replace(m_config.apiKey, QStringLiteral("REDACTED"));
    out.replace(QString::fromLatin1(QUrl::toPercentEncoding(m_config.apiKey)),
                QStringLiteral("REDACTED"));
    return out;
}

YouTubeConnectionTest::YouTubeConnectionTest(QObject *parent) : QObject(parent) {}

void YouTubeConnectionTest::run(const YouTubeConfig &config)
{
    if (config.apiKey.trimmed().isEmpty()) {
        Q_EMIT finished(false, tr("No API key: paste a YouTube Data API v3 key first."));
        return;
    }
    YouTubeConfig probe = config;
    probe.maxAttempts = 1;
    m_client = std::make_unique<YouTubeClient>(probe, std::make_shared<SystemClock>());
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("snippet"));
    q.addQueryItem(QStringLiteral("regionCode"), QStringLiteral("US"));
    m_client->get(QStringLiteral("/videoCategories"), q, [this](const HttpReply &reply) {
        if (!reply.ok) {
            Q_EMIT finished(false, reply.error);
            return;
        }
        const YouTube::CategoriesPage page = YouTube::parseVideoCategories(reply.body);
        if (!page.error.isEmpty()) {
            Q_EMIT finished(false, tr("YouTube answered, but not as expected: %1").arg(page.error));
            return;
        }
        Q_EMIT finished(true, tr("Connected: the key works and the YouTube Data API is enabled "
                                 "(this test used 1 of the day's quota units)."));
    });
}

} // namespace StreamRank
