#include "integritycheck.h"

#include "sqlitestatement.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QUrl>

#include <sqlite3.h>

namespace StreamRank {

// Between this object and its thread: the connection, to interrupt it.
struct IntegrityCheck::Shared
{
    QMutex mutex;
    sqlite3 *handle = nullptr; // guarded by mutex
    bool cancelled = false;    // guarded by mutex
};

IntegrityCheck::IntegrityCheck(QObject *parent)
    : QObject(parent), m_shared(std::make_shared<Shared>())
{}

IntegrityCheck::~IntegrityCheck()
{
    {
        const QMutexLocker lock(&m_shared->mutex);
        m_shared->cancelled = true;
        if (m_shared->handle)
            sqlite3_interrupt(m_shared->handle);
    }
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void IntegrityCheck::start(const QString &path)
{
    if (m_thread)
        return;
    const QByteArray uri = QUrl::fromLocalFile(path).toEncoded() + QByteArrayLiteral("?mode=ro");
    QPointer<IntegrityCheck> self(this);
    m_thread = QThread::create([shared = m_shared, uri, self] {
        QElapsedTimer timer;
        timer.start();
        bool ok = false;
        bool damaged = false;
        QString problem;
        sqlite3 *handle = nullptr;
        int rc = sqlite3_open_v2(uri.constData(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                 nullptr);
        {
            const QMutexLocker lock(&shared->mutex);
            shared->handle = handle;
            if (shared->cancelled && handle)
                sqlite3_interrupt(handle);
        }
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(handle, 5000);
            SqliteStatement check;
            rc = check.prepare(handle, "PRAGMA quick_check(1)");
            if (rc == SQLITE_OK)
                rc = check.step();
            if (rc == SQLITE_ROW) {
                // "*** in database main ***\nPage 27: btreeInitPage() ..." on one line.
                problem = check.columnText(0)
                              .remove(QStringLiteral("*** in database main ***"))
                              .simplified();
                ok = problem == QLatin1String("ok");
                damaged = !ok;
            }
        }
        if (rc != SQLITE_ROW) {
            damaged = isDamageCode(rc);
            problem = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                             : QString::fromUtf8(sqlite3_errstr(rc));
        }
        {
            const QMutexLocker lock(&shared->mutex);
            shared->handle = nullptr;
        }
        sqlite3_close(handle);
        const qint64 elapsed = timer.elapsed();
        // Queued to the object's thread; dropped if it is gone by then.
        QMetaObject::invokeMethod(
            self.data(),
            [self, ok, damaged, problem, elapsed] {
                if (self)
                    Q_EMIT self->finished(ok, damaged, problem, elapsed);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("integrity-check"));
    m_thread->start(QThread::LowPriority);
}

} // namespace StreamRank
