#pragma once
// Shared set-up of the Twitch collector tests: a fake Twitch server on
// loopback and a collector configured against it with short timeouts and
// backoff, so every fault resolves in well under a second.

#include "faketwitchserver.h"
#include "twitchcollector.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace StreamRank::TwitchTest {

inline TwitchConfig configFor(const Fake::FakeTwitchServer &server)
{
    TwitchConfig c;
    c.apiUrl = QUrl(server.apiUrl());
    c.authUrl = QUrl(server.authUrl());
    c.clientId = server.config().clientId;
    c.clientSecret = server.config().clientSecret;
    c.requestTimeoutMs = 400;
    c.backoffBaseMs = 10;
    c.backoffCapMs = 50;
    c.pacing = false;
    c.fullCensusEvery = 0;
    c.once = true;
    return c;
}

struct OneCensus
{
    bool finished = false;
    bool ok = false;
    QString message;
    std::optional<Census> census;
    QStringList states;
};

// Runs one census (config.once) and waits for runFinished.
inline OneCensus runOnce(const TwitchConfig &config, int timeoutMs = 20000)
{
    TwitchCollector collector(config, std::make_shared<SystemClock>());
    QSignalSpy finished(&collector, &TwitchCollector::runFinished);
    OneCensus out;
    QObject::connect(&collector, &Collector::censusReady, &collector,
                     [&](const Census &c) { out.census = c; });
    QObject::connect(&collector, &Collector::stateChanged, &collector,
                     [&](Platform, CollectorState s, const QString &detail) {
                         out.states.append(collectorStateText(s) + QStringLiteral(": ") + detail);
                     });
    collector.start();
    out.finished = finished.wait(timeoutMs) || !finished.isEmpty();
    if (out.finished) {
        out.ok = finished.constFirst().at(0).toBool();
        out.message = finished.constFirst().at(1).toString();
    }
    collector.stop();
    return out;
}

inline QSet<QString> idsOf(const QVector<StreamObservation> &streams)
{
    QSet<QString> ids;
    for (const StreamObservation &s : streams)
        ids.insert(s.streamId);
    return ids;
}

} // namespace StreamRank::TwitchTest
