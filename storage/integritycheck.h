#pragma once
// The integrity check of a database too big to check before use
// (OpenOptions::fullCheckMaxBytes): PRAGMA quick_check on a read-only
// connection of its own, on a thread of its own, while the writer goes on
// (WAL lets it read a snapshot meanwhile). It reads every page, so it catches
// a damaged page no census happens to touch. finished() arrives on the
// thread that owns this object; destroying it cancels a check in progress.

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace StreamRank {

class IntegrityCheck : public QObject
{
    Q_OBJECT
public:
    explicit IntegrityCheck(QObject *parent = nullptr);
    ~IntegrityCheck() override;

    void start(const QString &path);

Q_SIGNALS:
    // ok: every page read fine. Otherwise `problem` is SQLite's first finding
    // or the error that stopped the check; damaged says whether it means the
    // file is damaged (not, say, an I/O error or a cancelled check).
    void finished(bool ok, bool damaged, const QString &problem, qint64 elapsedMs);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
};

} // namespace StreamRank
