#pragma once
// The YouTube Data API v3 collector. YouTube has no list of every live stream:
// the collector discovers live videos by the user's searches (search.list,
// type=video, eventType=live; the scarce call, about 100 a day) and by watched
// channels (their uploads playlist, 1 unit a check, where a broadcast appears
// as it starts), then tracks every live video it knows with videos.list (50
// ids a call) for its concurrent viewers. A census lists the tracked live
// videos and never proves other streams ended: a video ends when videos.list
// says so (actualEndTime) or no longer returns it, and the census says which.
// A hidden count is recorded as unknown. The poll interval, the watched
// channels' check interval and the search rate are planned so the day's quota
// lasts the day; a spent quota pauses the platform until midnight Pacific
// time. See docs/YOUTUBE.md.

#include "clock.h"
#include "collector.h"
#include "youtubeconfig.h"
#include "youtubequota.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>

class QTimer;

namespace StreamRank {

class YouTubeClient;
struct HttpReply;
namespace YouTube {
struct Video;
}

// What the quota allows, for the status bar and Settings → Accounts.
struct YouTubeQuotaStatus
{
    qint64 atMs = 0;
    qint64 dayStartMs = 0; // the Pacific day the counts are of
    qint64 resetAtMs = 0;
    int unitsUsed = 0;
    int dailyUnits = 0;
    int searchesUsed = 0;
    int dailySearches = 0;
    bool exhausted = false;
    int trackedVideos = 0;
    int watchedChannels = 0;
    qint64 pollIntervalMs = 0;
    qint64 watchIntervalMs = 0;  // each watched channel checked this often (0: none)
    qint64 searchIntervalMs = 0; // one search this often (0: no searches)
    bool slowed = false;         // the quota, not the chosen interval, sets the pace

    QString summary() const; // one line in words
};

class YouTubeCollector final : public Collector
{
    Q_OBJECT
public:
    static constexpr int BatchSize = 50; // ids per videos.list / channels.list call
    // Uploads checked per watched channel: the newest few are where a new
    // broadcast appears.
    static constexpr int UploadsChecked = 5;

    YouTubeCollector(YouTubeConfig config, std::shared_ptr<const Clock> clock,
                     QObject *parent = nullptr);
    ~YouTubeCollector() override;

    Platform platform() const override { return Platform::YouTube; }

    // Before start(): what an earlier run spent today (from the app's record).
    void restoreQuota(qint64 dayStartMs, int unitsUsed, int searchesUsed);
    // Before start(): live videos an earlier run tracked (video id -> channel
    // id; the database's open YouTube sessions), polled from the first
    // census so they go on, or end, without waiting for their search.
    void setTracked(const QHash<QString, QString> &videos) { m_tracked = videos; }
    // On the collector's thread: the videos it tracks now.
    QHash<QString, QString> tracked() const { return m_tracked; }

public Q_SLOTS:
    void start() override;
    void stop() override;
    void collectNow();

Q_SIGNALS:
    void categoriesLearned(StreamRank::Platform platform,
                           const QVector<StreamRank::CategoryInfo> &categories);
    void channelsRefreshed(StreamRank::Platform platform,
                           const QVector<StreamRank::ChannelInfo> &channels);
    void quotaChanged(const StreamRank::YouTubeQuotaStatus &status);
    // With config.once: the single census was handed over (ok) or could not be taken.
    void runFinished(bool ok, const QString &message);

private:
    struct Run;
    void beginCensus();
    void step(); // the next stage of the run, or the census when none is left
    void resolveUploads(int from);
    void runSearch(int page, QString pageToken);
    void checkWatched(int index);
    void fetchVideos(int from);
    void fetchCategories();
    void refreshChannels(int from, QVector<ChannelInfo> channels);
    void finishCensus();
    void failRun(const QString &message, CollectorState state = CollectorState::Failed);
    void onWatchdog();
    void takeVideo(const YouTube::Video &video);
    bool account(const HttpReply &reply);
    void scheduleNext(qint64 atMs);
    void setState(CollectorState state, const QString &detail);
    void reportQuota();
    YouTube::QuotaPlan currentPlan() const;
    bool runAborted(quint64 runId) const;
    qint64 now() const { return m_clock->nowMs(); }

    YouTubeConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<YouTubeClient> m_client;
    QTimer *m_timer = nullptr;
    QTimer *m_watchdog = nullptr;
    std::unique_ptr<Run> m_run;
    quint64 m_runId = 0;
    bool m_running = false;
    bool m_onceReported = false;
    qint64 m_restoreDayMs = -1;
    int m_restoreUnits = 0;
    int m_restoreSearches = 0;

    QStringList m_watched;                // channel ids
    QHash<QString, QString> m_uploads;    // channel id -> uploads playlist id
    QSet<QString> m_unresolvable;         // watched ids channels.list did not return
    QHash<QString, qint64> m_lastChecked; // watched channel -> when its uploads were last checked
    int m_searchCursor = 0;               // round robin over the searches
    qint64 m_nextSearchMs = 0;
    qint64 m_lastMetadataMs = -1;
    QHash<QString, QString> m_categoryNames; // video category id -> title
    bool m_categoriesFetched = false;
    // Live videos being tracked: video id -> channel id.
    QHash<QString, QString> m_tracked;
    YouTube::QuotaPlan m_plan;
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::YouTubeQuotaStatus)
