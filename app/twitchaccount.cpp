#include "twitchaccount.h"

#include <QSettings>

namespace StreamRank {

namespace {
QStringList listValue(const QSettings &s, const QString &key)
{
    QStringList out;
    for (const QString &item : s.value(key).toStringList()) {
        const QString t = item.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}
} // namespace

TwitchAccountSettings loadTwitchAccountSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("twitch"));
    TwitchAccountSettings out;
    TwitchConfig &c = out.config;
    out.enabled = s.value(QStringLiteral("enabled"), false).toBool();
    c.apiUrl = QUrl(s.value(QStringLiteral("apiUrl"), c.apiUrl.toString()).toString());
    c.authUrl = QUrl(s.value(QStringLiteral("authUrl"), c.authUrl.toString()).toString());
    c.topN = std::clamp(s.value(QStringLiteral("topN"), c.topN).toInt(), 1, 100000);
    c.fullCensusEvery =
        std::clamp(s.value(QStringLiteral("fullCensusEvery"), c.fullCensusEvery).toInt(), 0, 1000);
    const int minutes = std::clamp(
        s.value(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000)).toInt(), 1, 60);
    c.pollIntervalMs = qint64(minutes) * 60000;
    c.gameIds = listValue(s, QStringLiteral("gameIds"));
    c.languages = listValue(s, QStringLiteral("languages"));
    c.watchedChannels = listValue(s, QStringLiteral("watchedChannels"));
    return out;
}

void saveTwitchAccountSettings(const TwitchAccountSettings &settings)
{
    QSettings s;
    s.beginGroup(QStringLiteral("twitch"));
    const TwitchConfig &c = settings.config;
    s.setValue(QStringLiteral("enabled"), settings.enabled);
    s.setValue(QStringLiteral("apiUrl"), c.apiUrl.toString());
    s.setValue(QStringLiteral("authUrl"), c.authUrl.toString());
    s.setValue(QStringLiteral("topN"), c.topN);
    s.setValue(QStringLiteral("fullCensusEvery"), c.fullCensusEvery);
    s.setValue(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000));
    s.setValue(QStringLiteral("gameIds"), c.gameIds);
    s.setValue(QStringLiteral("languages"), c.languages);
    s.setValue(QStringLiteral("watchedChannels"), c.watchedChannels);
}

void applyTwitchUrlOverrides(TwitchConfig &config, const QString &apiUrl, const QString &authUrl)
{
    if (!apiUrl.isEmpty())
        config.apiUrl = QUrl(apiUrl);
    if (!authUrl.isEmpty())
        config.authUrl = QUrl(authUrl);
}

ClientCredentialsKeys twitchCredentialsKeys()
{
    return {QStringLiteral("Twitch"), QLatin1String(TwitchClientIdKey),
            QLatin1String(TwitchClientSecretKey), QLatin1String(TwitchClientIdEnv),
            QLatin1String(TwitchClientSecretEnv)};
}

std::optional<std::pair<QString, QString>> twitchCredentialsFromEnvironment()
{
    return clientCredentialsFromEnvironment(twitchCredentialsKeys());
}

} // namespace StreamRank
