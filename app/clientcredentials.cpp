#include "clientcredentials.h"

namespace StreamRank {

std::optional<std::pair<QString, QString>>
clientCredentialsFromEnvironment(const ClientCredentialsKeys &keys)
{
    const QString id = qEnvironmentVariable(keys.idEnv.toLatin1().constData()).trimmed();
    const QString secret = qEnvironmentVariable(keys.secretEnv.toLatin1().constData()).trimmed();
    if (id.isEmpty() || secret.isEmpty())
        return std::nullopt;
    return std::make_pair(id, secret);
}

ClientCredentialsLoader::ClientCredentialsLoader(ClientCredentialsKeys keys, SecretStore &store,
                                                 QObject *parent)
    : QObject(parent), m_keys(std::move(keys)), m_store(store)
{
    connect(&m_store, &SecretStore::readDone, this, &ClientCredentialsLoader::onRead);
}

void ClientCredentialsLoader::load()
{
    if (const auto env = clientCredentialsFromEnvironment(m_keys)) {
        Q_EMIT done(env->first, env->second, QString());
        return;
    }
    m_pending = 2;
    m_error.clear();
    m_clientId.clear();
    m_secret.clear();
    m_store.read(m_keys.idKey);
    m_store.read(m_keys.secretKey);
}

void ClientCredentialsLoader::onRead(const QString &key, const QString &value, SecretError error,
                                     const QString &message)
{
    const bool isId = key == m_keys.idKey;
    if (m_pending == 0 || (!isId && key != m_keys.secretKey))
        return;
    if (error == SecretError::None)
        (isId ? m_clientId : m_secret) = value;
    else if (m_error.isEmpty())
        m_error = error == SecretError::NotFound
                      ? tr("no %1 credentials: enter them in Settings → Accounts, or set %2 "
                           "and %3")
                            .arg(m_keys.platform, m_keys.idEnv, m_keys.secretEnv)
                      : tr("could not read the %1 credentials from the keychain: %2 (or set "
                           "%3 and %4)")
                            .arg(m_keys.platform, message, m_keys.idEnv, m_keys.secretEnv);
    if (--m_pending == 0)
        Q_EMIT done(m_clientId, m_secret, m_error);
}

} // namespace StreamRank
