#pragma once
// Shared by the YouTube collector's translation units: the state of one run.
// Not part of the collectors' interface.

#include "census.h"
#include "youtubecollector.h"

#include <QLoggingCategory>
#include <QSet>
#include <QString>
#include <QVector>

namespace StreamRank {

Q_DECLARE_LOGGING_CATEGORY(lcYouTube)

struct YouTubeCollector::Run
{
    quint64 id = 0;
    qint64 takenAtMs = 0;
    QVector<int> searches;      // indices into config.searches to run now
    int searchIndex = 0;        // the one running
    QStringList watchedToCheck; // channel ids whose uploads are checked now
    QStringList videoIds;       // tracked ∪ discovered: asked of videos.list
    QSet<QString> asked;
    int discovered = 0;   // new live videos found this run
    int videoPagesOk = 0; // videos.list pages that arrived and parsed
    int videoPagesFailed = 0;
    qint64 dayStartMs = 0; // the Pacific day the run began in, and its units then
    int unitsAtStart = 0;
    QVector<StreamObservation> streams;
    QStringList ended;
    bool metadataDue = false;
    bool stopped = false; // the quota ran out, or the key was refused: nothing more is sent
    CollectorRunStats stats;
    QString lastError;
};

} // namespace StreamRank
