#pragma once
// Census builders shared by the anomaly tests.

#include "census.h"

namespace StreamRank::AnomalyTest {

constexpr qint64 Minute = 60'000;
constexpr qint64 T0 = 1'790'000'000'000; // a fixed epoch time (2026)

inline StreamObservation obs(const QString &id, qint32 viewers)
{
    StreamObservation o;
    o.streamId = id;
    o.channelLogin = QStringLiteral("login_") + id;
    o.channelName = QStringLiteral("Name ") + id;
    o.viewers = viewers;
    return o;
}

inline Census census(qint64 t, QVector<StreamObservation> streams, bool partial = false,
                     Platform p = Platform::Demo)
{
    Census c;
    c.platform = p;
    c.takenAtMs = t;
    c.partial = partial;
    c.streams = std::move(streams);
    return c;
}

inline Census one(qint64 t, qint32 viewers, const QString &id = QStringLiteral("s1"))
{
    return census(t, {obs(id, viewers)});
}

} // namespace StreamRank::AnomalyTest
