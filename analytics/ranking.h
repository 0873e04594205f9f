#pragma once
// Ranks the latest census of every platform together and derives, per stream,
// rank change, 24-hour peak, uptime and trend. Incremental: each census updates
// in-memory per-stream state; nothing re-reads history.

#include "census.h"
#include "trend.h"

#include <QHash>
#include <QVector>

#include <array>
#include <vector>

namespace StreamRank {

struct RankedStream
{
    Platform platform = Platform::Demo;
    QString streamId;
    QString channelId;
    QString channelLogin;
    QString channelName;
    QString title;
    QString categoryId;
    QString categoryName;
    QString language;
    qint64 startedAtMs = 0;
    qint64 uptimeMs = 0;
    qint32 viewers = 0;
    qint32 peak24h = 0;
    int rank = 0;         // 1 = most viewers, across all platforms
    int rankChange = 0;   // previous rank − rank: positive moved up
    bool isNew = false;   // not ranked in the previous census
    double trend = 0.5;   // see trend.h
    bool anomaly = false; // a recent anomaly event (set by anomaly detection)

    // Identifies the row across censuses: platform + stream id.
    QString key() const;
};

struct RankingSnapshot
{
    qint64 takenAtMs = 0; // the census that produced it
    Platform platform = Platform::Demo;
    bool partial = false;
    qint64 totalViewers = 0;
    QVector<RankedStream> rows; // ordered by rank
};

class Ranker
{
public:
    explicit Ranker(qint64 trendWindowMs = DefaultTrendWindowMs);

    // Applies one census and returns the ranking over the latest census of
    // every platform seen so far.
    RankingSnapshot apply(const Census &census);

    // Warms per-stream state from stored history (at startup), so peaks and
    // trends are right from the first live census.
    void warmSample(Platform platform, const QString &streamId, qint64 tMs, qint32 viewers);

    int trackedStreams() const;

private:
    struct Sample
    {
        qint64 tMs;
        qint32 viewers;
    };
    // Per-stream rolling state: a monotonic queue gives the exact sliding
    // 24-hour maximum in amortised O(1); a short ring of samples gives the
    // trend baseline.
    struct StreamState
    {
        std::vector<Sample> maxQueue; // viewers strictly decreasing from m_head
        std::size_t maxHead = 0;
        std::vector<Sample> recent; // samples inside the trend window, oldest first
        qint64 lastSeenMs = 0;
    };

    void push(StreamState &st, qint64 tMs, qint32 viewers);
    qint32 peak(StreamState &st, qint64 nowMs) const;
    double baseline(const StreamState &st, qint64 nowMs) const;

    qint64 m_trendWindowMs;
    std::array<QHash<QString, StreamState>, PlatformCount> m_state;
    std::array<QVector<RankedStream>, PlatformCount> m_latest; // per platform, unranked
    std::array<qint64, PlatformCount> m_latestAt{};
    QHash<QString, int> m_previousRanks; // key → rank in the previous snapshot
};

} // namespace StreamRank
