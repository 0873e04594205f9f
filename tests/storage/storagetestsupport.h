#pragma once
// Shared by the storage tests: deterministic censuses and direct, read-only
// looks at a database file that bypass the code under test.

#include "anomalytypes.h"
#include "census.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <sqlite3.h>

namespace StreamRank::TestSupport {

// Stream i of a census: stream "s<i>" on channel "c<i>" in category
// "g<i % categories>"; viewers from `viewersOf`.
template <typename ViewersOf>
Census makeCensus(Platform platform, qint64 takenAtMs, int streams, ViewersOf viewersOf,
                  int categories = 50)
{
    Census census;
    census.platform = platform;
    census.takenAtMs = takenAtMs;
    census.stats.requests = streams / 100 + 1;
    census.stats.pagesOk = streams / 100 + 1;
    census.stats.durationMs = 1234;
    census.streams.reserve(streams);
    for (int i = 0; i < streams; ++i) {
        StreamObservation obs;
        obs.streamId = QStringLiteral("s%1").arg(i);
        obs.channelId = QStringLiteral("c%1").arg(i);
        obs.channelLogin = QStringLiteral("login%1").arg(i);
        obs.channelName = QStringLiteral("Channel %1").arg(i);
        obs.title = QStringLiteral("Title of stream %1").arg(i);
        obs.categoryId = QStringLiteral("g%1").arg(i % categories);
        obs.categoryName = QStringLiteral("Game %1").arg(i % categories);
        obs.language = QStringLiteral("en");
        obs.startedAtMs = takenAtMs - 60'000;
        obs.viewers = viewersOf(i);
        census.streams.append(obs);
    }
    return census;
}

// An event with fixed numbers; login and name derive from the stream unless given.
inline AnomalyEvent makeEvent(Platform platform, const QString &stream, qint64 t,
                              AnomalyStrategy strategy, double score,
                              const QString &login = QString(), const QString &name = QString())
{
    AnomalyEvent e;
    e.platform = platform;
    e.streamId = stream;
    e.channelLogin = login.isEmpty() ? QStringLiteral("login_") + stream : login;
    e.channelName = name.isEmpty() ? QStringLiteral("Name ") + stream : name;
    e.timeMs = t;
    e.strategy = strategy;
    e.baselineViewers = 1000.25;
    e.observedViewers = 4321;
    e.rawScore = 3.75;
    e.score = score;
    e.lookbackMinutes = 60;
    return e;
}

// One integer from a query, on a separate read-only connection.
inline qint64 queryInt(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    qint64 value = -1;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

inline QString queryText(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QString value;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

// A file's bytes and modification time, to prove it was left untouched.
struct FileFingerprint
{
    QByteArray sha256;
    qint64 mtimeMs = 0;
    qint64 size = 0;
    friend bool operator==(const FileFingerprint &, const FileFingerprint &) = default;
};

inline FileFingerprint fingerprint(const QString &path)
{
    FileFingerprint f;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        f.sha256 = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    const QFileInfo info(path);
    f.mtimeMs = info.lastModified().toMSecsSinceEpoch();
    f.size = info.size();
    return f;
}

} // namespace StreamRank::TestSupport
