#pragma once
// Secrets (client secrets, API keys, webhook secrets) kept in the OS keychain
// through QtKeychain, never in settings files, the database or logs. Where no
// keychain service exists the caller is told so (NoKeychain) and may choose to
// keep secrets for this run only (setSessionOnly), in memory.
// Asynchronous by design: no nested event loop waits for the keychain.

#include <QHash>
#include <QObject>
#include <QString>

namespace StreamRank {

enum class SecretError : std::uint8_t
{
    None,
    NotFound,
    NoKeychain,
    AccessDenied,
    Other
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(const QString &service = QStringLiteral("StreamRank"),
                         QObject *parent = nullptr);

    // Keep secrets in this process's memory only (no keychain available and
    // the user agreed). Existing keychain entries are not touched.
    void setSessionOnly(bool sessionOnly) { m_sessionOnly = sessionOnly; }
    bool sessionOnly() const { return m_sessionOnly; }

    void read(const QString &key);
    void write(const QString &key, const QString &value);
    void remove(const QString &key);

    static QString errorText(SecretError error);

Q_SIGNALS:
    void readDone(const QString &key, const QString &value, StreamRank::SecretError error,
                  const QString &message);
    void writeDone(const QString &key, StreamRank::SecretError error, const QString &message);
    void removeDone(const QString &key, StreamRank::SecretError error, const QString &message);

private:
    QString m_service;
    bool m_sessionOnly = false;
    QHash<QString, QString> m_session; // only when m_sessionOnly
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::SecretError)
