#include "youtubeaccount.h"

#include <QSettings>

#include <algorithm>

namespace StreamRank {

namespace {

QStringList trimmedList(const QStringList &items)
{
    QStringList out;
    for (const QString &item : items) {
        const QString t = item.trimmed();
        if (!t.isEmpty() && !out.contains(t))
            out.append(t);
    }
    return out;
}

} // namespace

YouTubeAccountSettings loadYouTubeAccountSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("youtube"));
    YouTubeAccountSettings out;
    YouTubeConfig &c = out.config;
    out.enabled = s.value(QStringLiteral("enabled"), false).toBool();
    c.apiUrl = QUrl(s.value(QStringLiteral("apiUrl"), c.apiUrl.toString()).toString());
    for (const QString &spec : trimmedList(s.value(QStringLiteral("searches")).toStringList())) {
        const YouTubeSearch search = YouTubeSearch::fromSpec(spec);
        if (!search.isEmpty())
            c.searches.append(search);
    }
    c.watchedChannels = trimmedList(s.value(QStringLiteral("watchedChannels")).toStringList());
    const int minutes = std::clamp(
        s.value(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000)).toInt(), 1, 60);
    c.pollIntervalMs = qint64(minutes) * 60000;
    c.dailyUnits =
        std::clamp(s.value(QStringLiteral("dailyUnits"), c.dailyUnits).toInt(), 1, 100000000);
    c.dailySearches =
        std::clamp(s.value(QStringLiteral("dailySearches"), c.dailySearches).toInt(), 0, 1000000);
    c.searchCostUnits =
        std::clamp(s.value(QStringLiteral("searchCostUnits"), c.searchCostUnits).toInt(), 0, 1000);
    c.searchPages =
        std::clamp(s.value(QStringLiteral("searchPages"), c.searchPages).toInt(), 1, 10);
    return out;
}

void saveYouTubeAccountSettings(const YouTubeAccountSettings &settings)
{
    QSettings s;
    s.beginGroup(QStringLiteral("youtube"));
    const YouTubeConfig &c = settings.config;
    s.setValue(QStringLiteral("enabled"), settings.enabled);
    s.setValue(QStringLiteral("apiUrl"), c.apiUrl.toString());
    QStringList specs;
    for (const YouTubeSearch &search : c.searches)
        if (!search.isEmpty())
            specs.append(search.toSpec());
    s.setValue(QStringLiteral("searches"), specs);
    s.setValue(QStringLiteral("watchedChannels"), c.watchedChannels);
    s.setValue(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000));
    s.setValue(QStringLiteral("dailyUnits"), c.dailyUnits);
    s.setValue(QStringLiteral("dailySearches"), c.dailySearches);
    s.setValue(QStringLiteral("searchCostUnits"), c.searchCostUnits);
    s.setValue(QStringLiteral("searchPages"), c.searchPages);
}

YouTubeQuotaUsage loadYouTubeQuotaUsage()
{
    QSettings s;
    s.beginGroup(QStringLiteral("youtube/quota"));
    YouTubeQuotaUsage u;
    u.dayStartMs = s.value(QStringLiteral("dayStart"), -1).toLongLong();
    u.unitsUsed = s.value(QStringLiteral("unitsUsed"), 0).toInt();
    u.searchesUsed = s.value(QStringLiteral("searchesUsed"), 0).toInt();
    return u;
}

void saveYouTubeQuotaUsage(const YouTubeQuotaStatus &status)
{
    QSettings s;
    s.beginGroup(QStringLiteral("youtube/quota"));
    s.setValue(QStringLiteral("dayStart"), status.dayStartMs);
    s.setValue(QStringLiteral("unitsUsed"), status.unitsUsed);
    s.setValue(QStringLiteral("searchesUsed"), status.searchesUsed);
}

YouTubeKeyLoader::YouTubeKeyLoader(SecretStore &store, QObject *parent)
    : QObject(parent), m_store(store)
{
    connect(&m_store, &SecretStore::readDone, this,
            [this](const QString &key, const QString &value, SecretError error,
                   const QString &message) {
                if (!m_pending || key != QLatin1String(YouTubeApiKeyKey))
                    return;
                m_pending = false;
                if (error == SecretError::None) {
                    Q_EMIT done(value.trimmed(), QString());
                    return;
                }
                Q_EMIT done(QString(),
                            error == SecretError::NotFound
                                ? tr("no YouTube API key: enter one in Settings → Accounts, or "
                                     "set %1")
                                      .arg(QLatin1String(YouTubeApiKeyEnv))
                                : tr("could not read the YouTube API key from the keychain: %1 "
                                     "(or set %2)")
                                      .arg(message, QLatin1String(YouTubeApiKeyEnv)));
            });
}

void YouTubeKeyLoader::load()
{
    const QString env = qEnvironmentVariable(YouTubeApiKeyEnv).trimmed();
    if (!env.isEmpty()) {
        Q_EMIT done(env, QString());
        return;
    }
    m_pending = true;
    m_store.read(QLatin1String(YouTubeApiKeyKey));
}

} // namespace StreamRank
