#pragma once
// Ranks the latest census of every platform together and derives, per stream,
// rank change, 24-hour peak, uptime and trend. Incremental: each census updates
// in-memory per-stream state; nothing re-reads history.

#include "census.h"
#include "trend.h"

#include <QVector>

#include <array>
#include <memory>
#include <vector>

namespace StreamRank {

struct RankStreamState;

// One ranked stream. The strings are not copied: `obs` points into the
// census vector the snapshot holds (implicitly shared and never modified), so
// ranking 100,000 streams moves numbers, not 800,000 string references.
//
// A count the platform hides is StreamObservation::UnknownViewers in
// `viewers` (and in `peak24h` while no count of the last 24 hours is
// known): such a stream ranks below every known count, and has no trend.
struct RankedStream
{
    // The trend of a stream whose current count is hidden: none, rather
    // than a "flat" 0.5 that would claim to know.
    static constexpr double NoTrend = -1.0;

    Platform platform = Platform::Demo;
    const StreamObservation *obs = nullptr; // valid while a snapshot holding it lives
    qint64 uptimeMs = 0;
    qint32 viewers = 0;
    qint32 peak24h = 0;
    int rank = 0;       // 1 = most viewers, across all platforms
    int rankChange = 0; // previous rank − rank: positive moved up
    // Orders equal counts: a fixed number per stream id (its index hash), so
    // a census ranks the same whatever came before it (a restart included).
    quint32 tieKey = 0;
    bool isNew = false;   // not ranked in the previous census
    bool anomaly = false; // a recent anomaly event (set by anomaly detection)
    double trend = 0.5;   // see trend.h; NoTrend while the count is hidden

    bool viewersKnown() const { return viewers >= 0; }
    bool peakKnown() const { return peak24h >= 0; }
    bool hasTrend() const { return trend >= 0; }

    const QString &streamId() const { return obs->streamId; }
    const QString &channelId() const { return obs->channelId; }
    const QString &channelLogin() const { return obs->channelLogin; }
    const QString &channelName() const { return obs->channelName; }
    const QString &title() const { return obs->title; }
    const QString &categoryId() const { return obs->categoryId; }
    const QString &categoryName() const { return obs->categoryName; }
    const QString &language() const { return obs->language; }
    qint64 startedAtMs() const { return obs->startedAtMs; }

    // Identifies the row across censuses: platform + stream id.
    QString key() const;
};

struct RankingSnapshot
{
    qint64 takenAtMs = 0; // the census that produced it
    Platform platform = Platform::Demo;
    bool partial = false;
    // Ranked again from the database at start-up (AnalyticsEngine::
    // resumeRanking), not from a census just taken.
    bool restored = false;
    qint64 totalViewers = 0; // of the rows whose count is known
    int hiddenCount = 0;     // rows whose count the platform hides
    // The latest census of each platform: what rows[i].obs points into.
    std::array<QVector<StreamObservation>, PlatformCount> censuses;
    QVector<RankedStream> rows; // ordered by rank
};

class Ranker
{
public:
    explicit Ranker(qint64 trendWindowMs = DefaultTrendWindowMs);
    ~Ranker();
    Ranker(Ranker &&) noexcept;
    Ranker &operator=(Ranker &&) noexcept;

    // Applies one census and returns the ranking over the latest census of
    // every platform seen so far.
    RankingSnapshot apply(const Census &census);

    // Warms per-stream state from stored history (at startup), so peaks and
    // trends are right from the first live census. A hidden count
    // (UnknownViewers) takes no part in a trend or a known peak.
    void warmSample(Platform platform, const QString &streamId, qint64 tMs, qint32 viewers);

    int trackedStreams() const;

private:
    // Per platform: ids → slots in a prefetched cuckoo index (the anomaly
    // detector's StreamIndex), and slot-indexed arrays of state whose samples
    // are inline (rankingstate.h), so a census is one pass over the census
    // and one sequential pass over the states. Defined in ranking.cpp.
    struct PlatformStates;
    PlatformStates &platformStates(Platform platform);
    void rankState(RankStreamState &st, RankedStream &r, qint64 t) const;
    void rankAll(RankingSnapshot &snap);

    qint64 m_trendWindowMs;
    std::array<std::unique_ptr<PlatformStates>, PlatformCount> m_state;
    std::array<QVector<StreamObservation>, PlatformCount> m_latestCensus; // shared, read-only
    std::array<QVector<RankedStream>, PlatformCount> m_latest; // rows into m_latestCensus
    // Scratch of the ranking sort, kept to avoid an allocation per census.
    struct SortKey
    {
        quint64 key; // viewers descending (hidden last), then the tie key; equal
                     // keys keep the platforms' order, then each census's
        RankedStream *row;
    };
    std::vector<SortKey> m_order;
    std::vector<SortKey> m_orderScratch;
    static void sortByKey(std::vector<SortKey> &v, std::vector<SortKey> &scratch);
};

} // namespace StreamRank
