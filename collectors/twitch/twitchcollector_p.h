#pragma once
// Shared by the Twitch collector's translation units (twitchcollector.cpp,
// twitchlookups.cpp, twitchmetadata.cpp): the state of one census run and
// small helpers. Not part of the collectors' interface.

#include "census.h"

#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QString>
#include <QVector>

#include <algorithm>

namespace StreamRank {

Q_DECLARE_LOGGING_CATEGORY(lcTwitch)

namespace TwitchDetail {

// A page whose biggest stream has more than twice (+10) the viewers of the
// previous page's smallest did not continue the list: it started it again.
inline bool risesAgain(int pageMax, int previousMin)
{
    return previousMin >= 0 && pageMax > 2 * previousMin + 10;
}

inline QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

inline bool isUserId(const QString &entry)
{
    return !entry.isEmpty() &&
           std::all_of(entry.begin(), entry.end(), [](QChar c) { return c.isDigit(); });
}

} // namespace TwitchDetail

struct TwitchCollector::Run
{
    quint64 id = 0;
    qint64 takenAtMs = 0;
    bool full = false;
    QVector<StreamObservation> streams;
    QHash<QString, int> byId; // stream id -> index in streams
    int paged = 0;            // streams that came from paging (not from the watched list)
    int pagesAsked = 0;
    QSet<QString> cursors;
    QString cursor;
    int pageAttempts = 0;
    int lastMinViewers = -1;
    int lastPageSize = 0;
    int duplicates = 0;
    int rechecked = 0;          // streams missed by paging but found by user id
    bool reachedTheEnd = false; // paging ended at the list's end, not at N or a fault
    CollectorRunStats stats;
    QString stopReason;
    QString lastError;
};

} // namespace StreamRank
