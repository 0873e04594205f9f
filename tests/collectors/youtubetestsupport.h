#pragma once
// Shared set-up of the YouTube collector tests: a fake YouTube Data API on
// loopback and a collector configured against it with short timeouts and
// backoff, so every fault resolves in well under a second.

#include "fakeyoutubeserver.h"
#include "youtubecollector.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

namespace StreamRank::YouTubeTest {

inline YouTubeConfig configFor(const Fake::FakeYouTubeServer &server)
{
    YouTubeConfig c;
    c.apiUrl = QUrl(server.apiUrl());
    c.apiKey = server.config().apiKey;
    c.requestTimeoutMs = 400;
    c.requestDeadlineMs = 2000;
    c.backoffBaseMs = 10;
    c.backoffCapMs = 50;
    c.pacing = false;
    c.once = true;
    return c;
}

// A world that holds still, so counts can be compared exactly.
inline Fake::FakeYouTubeConfig stillWorld(int channels = 300, int live = 60)
{
    Fake::FakeYouTubeConfig c;
    c.channels = channels;
    c.liveBroadcasts = live;
    c.viewerDriftPerRequest = 0;
    return c;
}

struct Recorder
{
    QVector<Census> censuses;
    QStringList states;
    std::optional<YouTubeQuotaStatus> quota;
    std::optional<std::pair<bool, QString>> finished;

    explicit Recorder(YouTubeCollector &collector)
    {
        QObject::connect(&collector, &Collector::censusReady, &collector,
                         [this](const Census &c) { censuses.append(c); });
        QObject::connect(&collector, &Collector::stateChanged, &collector,
                         [this](Platform, CollectorState s, const QString &detail) {
                             states.append(collectorStateText(s) + QStringLiteral(": ") + detail);
                         });
        QObject::connect(&collector, &YouTubeCollector::quotaChanged, &collector,
                         [this](const YouTubeQuotaStatus &s) { quota = s; });
        QObject::connect(&collector, &YouTubeCollector::runFinished, &collector,
                         [this](bool ok, const QString &m) { finished = std::make_pair(ok, m); });
    }
    // Waits for the next census (or a finished one-shot run).
    bool waitCensus(int count, int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return censuses.size() >= count || finished.has_value(); },
                               timeoutMs) &&
               censuses.size() >= count;
    }
};

inline QSet<QString> idsOf(const QVector<StreamObservation> &streams)
{
    QSet<QString> ids;
    for (const StreamObservation &s : streams)
        ids.insert(s.streamId);
    return ids;
}

} // namespace StreamRank::YouTubeTest
