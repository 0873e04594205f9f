#include "kickaccount.h"

#include <QSettings>

#include <algorithm>

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

KickAccountSettings loadKickAccountSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("kick"));
    KickAccountSettings out;
    KickConfig &c = out.config;
    out.enabled = s.value(QStringLiteral("enabled"), false).toBool();
    c.apiUrl = QUrl(s.value(QStringLiteral("apiUrl"), c.apiUrl.toString()).toString());
    c.authUrl = QUrl(s.value(QStringLiteral("authUrl"), c.authUrl.toString()).toString());
    const int minutes = std::clamp(
        s.value(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000)).toInt(), 1, 60);
    c.pollIntervalMs = qint64(minutes) * 60000;
    c.requestsPerMinute = std::clamp(
        s.value(QStringLiteral("requestsPerMinute"), c.requestsPerMinute).toInt(), 1, 600);
    c.categoryIds = listValue(s, QStringLiteral("categoryIds"));
    c.language = s.value(QStringLiteral("language")).toString().trimmed().toLower();
    c.watchedChannels = listValue(s, QStringLiteral("watchedChannels"));
    return out;
}

void saveKickAccountSettings(const KickAccountSettings &settings)
{
    QSettings s;
    s.beginGroup(QStringLiteral("kick"));
    const KickConfig &c = settings.config;
    s.setValue(QStringLiteral("enabled"), settings.enabled);
    s.setValue(QStringLiteral("apiUrl"), c.apiUrl.toString());
    s.setValue(QStringLiteral("authUrl"), c.authUrl.toString());
    s.setValue(QStringLiteral("pollMinutes"), int(c.pollIntervalMs / 60000));
    s.setValue(QStringLiteral("requestsPerMinute"), c.requestsPerMinute);
    s.setValue(QStringLiteral("categoryIds"), c.categoryIds);
    s.setValue(QStringLiteral("language"), c.language);
    s.setValue(QStringLiteral("watchedChannels"), c.watchedChannels);
}

void applyKickUrlOverrides(KickConfig &config, const QString &apiUrl, const QString &authUrl)
{
    if (!apiUrl.isEmpty())
        config.apiUrl = QUrl(apiUrl);
    if (!authUrl.isEmpty())
        config.authUrl = QUrl(authUrl);
}

ClientCredentialsKeys kickCredentialsKeys()
{
    return {QStringLiteral("Kick"), QLatin1String(KickClientIdKey),
            QLatin1String(KickClientSecretKey), QLatin1String(KickClientIdEnv),
            QLatin1String(KickClientSecretEnv)};
}

} // namespace StreamRank
