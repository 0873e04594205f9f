#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QMetaObject>

namespace StreamRank {

namespace {

SecretError fromKeychain(QKeychain::Error e)
{
    switch (e) {
    case QKeychain::NoError:
        return SecretError::None;
    case QKeychain::EntryNotFound:
        return SecretError::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretError::NoKeychain;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretError::AccessDenied;
    default:
        return SecretError::Other;
    }
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent), m_service(service)
{
    qRegisterMetaType<SecretError>();
}

QString SecretStore::errorText(SecretError error)
{
    switch (error) {
    case SecretError::None:
        return {};
    case SecretError::NotFound:
        return tr("No secret is stored for this entry.");
    case SecretError::NoKeychain:
        return tr("No keychain service is available on this system (on Linux: a Secret Service "
                  "such as GNOME Keyring or KWallet).");
    case SecretError::AccessDenied:
        return tr("The keychain refused access.");
    case SecretError::Other:
        return tr("The keychain reported an error.");
    }
    return {};
}

void SecretStore::read(const QString &key)
{
    if (m_sessionOnly) {
        const auto it = m_session.constFind(key);
        const SecretError e = it == m_session.cend() ? SecretError::NotFound : SecretError::None;
        const QString value = it == m_session.cend() ? QString() : *it;
        // Asynchronous like the keychain path, so callers have one code path.
        QMetaObject::invokeMethod(
            this, [this, key, value, e] { Q_EMIT readDone(key, value, e, errorText(e)); },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        const auto *rj = static_cast<QKeychain::ReadPasswordJob *>(j);
        const SecretError e = fromKeychain(j->error());
        // The keychain's own message may name the backend; never the secret.
        Q_EMIT readDone(key, e == SecretError::None ? rj->textData() : QString(), e,
                        e == SecretError::None ? QString() : errorText(e));
    });
    job->start();
}

void SecretStore::write(const QString &key, const QString &value)
{
    if (m_sessionOnly) {
        m_session.insert(key, value);
        QMetaObject::invokeMethod(
            this, [this, key] { Q_EMIT writeDone(key, SecretError::None, QString()); },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        const SecretError e = fromKeychain(j->error());
        Q_EMIT writeDone(key, e, e == SecretError::None ? QString() : errorText(e));
    });
    job->start();
}

void SecretStore::remove(const QString &key)
{
    if (m_sessionOnly) {
        m_session.remove(key);
        QMetaObject::invokeMethod(
            this, [this, key] { Q_EMIT removeDone(key, SecretError::None, QString()); },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        SecretError e = fromKeychain(j->error());
        if (e == SecretError::NotFound)
            e = SecretError::None; // already gone
        Q_EMIT removeDone(key, e, e == SecretError::None ? QString() : errorText(e));
    });
    job->start();
}

} // namespace StreamRank
