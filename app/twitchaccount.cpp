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

std::optional<std::pair<QString, QString>> twitchCredentialsFromEnvironment()
{
    const QString id = qEnvironmentVariable(TwitchClientIdEnv).trimmed();
    const QString secret = qEnvironmentVariable(TwitchClientSecretEnv).trimmed();
    if (id.isEmpty() || secret.isEmpty())
        return std::nullopt;
    return std::make_pair(id, secret);
}

TwitchCredentialsLoader::TwitchCredentialsLoader(SecretStore &store, QObject *parent)
    : QObject(parent), m_store(store)
{
    connect(&m_store, &SecretStore::readDone, this, &TwitchCredentialsLoader::onRead);
}

void TwitchCredentialsLoader::load()
{
    if (const auto env = twitchCredentialsFromEnvironment()) {
        Q_EMIT done(env->first, env->second, QString());
        return;
    }
    m_pending = 2;
    m_error.clear();
    m_store.read(QLatin1String(TwitchClientIdKey));
    m_store.read(QLatin1String(TwitchClientSecretKey));
}

void TwitchCredentialsLoader::onRead(const QString &key, const QString &value, SecretError error,
                                     const QString &message)
{
    const bool isId = key == QLatin1String(TwitchClientIdKey);
    if (m_pending == 0 || (!isId && key != QLatin1String(TwitchClientSecretKey)))
        return;
    if (error == SecretError::None)
        (isId ? m_clientId : m_secret) = value;
    else if (m_error.isEmpty())
        m_error =
            error == SecretError::NotFound
                ? tr("no Twitch credentials: enter them in Settings → Accounts, or set %1 "
                     "and %2")
                      .arg(QLatin1String(TwitchClientIdEnv), QLatin1String(TwitchClientSecretEnv))
                : tr("could not read the Twitch credentials from the keychain: %1 (or set "
                     "%2 and %3)")
                      .arg(message, QLatin1String(TwitchClientIdEnv),
                           QLatin1String(TwitchClientSecretEnv));
    if (--m_pending == 0)
        Q_EMIT done(m_clientId, m_secret, m_error);
}

} // namespace StreamRank
