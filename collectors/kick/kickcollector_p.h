#pragma once
// Shared by the Kick collector's translation units: the state of one run.
// Not part of the collectors' interface.

#include "census.h"
#include "kickcollector.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QString>
#include <QVector>

namespace StreamRank {

Q_DECLARE_LOGGING_CATEGORY(lcKick)

struct KickCollector::Run
{
    quint64 id = 0;
    qint64 takenAtMs = 0;
    bool v2 = true;                  // the listing's version; false: v1 ran
    bool fellBack = false;           // v2 said it is not there this run
    QStringList listings;            // category ids to list (one empty: all)
    int listing = 0;                 // the one running
    QString cursor;                  // v2: the next page's
    QSet<QString> cursors;           // v2: every cursor of this listing so far
    int pages = 0;                   // v2: of this listing
    bool listedToTheEnd = true;      // every listing read to its last page
    bool pageRetried = false;        // the page being asked for again after an unreadable one
    QSet<QString> resolvedNow;       // watched slugs resolved (and so read) this run
    QString incomplete;              // why a listing ended early, in words
    QHash<QString, qsizetype> byKey; // stream id -> index in streams
    QVector<StreamObservation> streams;
    QSet<QString> seenChannels;
    QStringList toAsk;   // broadcaster ids asked of /public/v1/channels
    QSet<QString> asked; // ... and their knownLive sessions, to end if gone
    QStringList ended;
    QVector<ChannelInfo> channels; // followers where Kick said them
    int unknownStarts = 0;
    bool metadataDue = false;
    CollectorRunStats stats;
    QString lastError;
};

} // namespace StreamRank
