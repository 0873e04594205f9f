#pragma once
// The Twitch Helix collector. Every poll it pages Get Streams from the top
// (top N, or every live stream on each k-th poll), polls the watched channels
// by user_id in batches of 100 so none is missed, fills category names from
// Get Games, and hands the census over as a value. Paging de-duplicates by
// stream id and stops cleanly on an empty page, a missing or repeated cursor,
// or viewer counts rising again (the last page looping back to the first).
// Pages that fail after their retries make the census partial; what arrived
// is still handed over. Watched channels' names and follower totals are
// refreshed every 6 hours. See docs/TWITCH.md.

#include "clock.h"
#include "collector.h"
#include "twitchconfig.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <memory>

class QTimer;

namespace StreamRank {

class HelixClient;
struct HttpReply;

class TwitchCollector final : public Collector
{
    Q_OBJECT
public:
    static constexpr int PageSize = 100;  // Get Streams' maximum `first`
    static constexpr int BatchSize = 100; // ids per Get Streams / Get Users / Get Games call
    // A top-N census asks for at most ceil(N / 100) + this many pages (counts
    // move and items can be malformed); a full census at most MaxFullPages.
    static constexpr int SpareTopPages = 5;
    static constexpr int MaxFullPages = 3000;

    TwitchCollector(TwitchConfig config, std::shared_ptr<const Clock> clock,
                    QObject *parent = nullptr);
    ~TwitchCollector() override;

    Platform platform() const override { return Platform::Twitch; }

public Q_SLOTS:
    void start() override;
    void stop() override;
    // Runs a census now (if none is running), e.g. "Collect now" in the UI.
    void collectNow();

Q_SIGNALS:
    void categoriesLearned(StreamRank::Platform platform,
                           const QVector<StreamRank::CategoryInfo> &categories);
    void channelsRefreshed(StreamRank::Platform platform,
                           const QVector<StreamRank::ChannelInfo> &channels);
    // With config.once: the single census was handed over (ok) or could not
    // be taken (reason in words). Emitted once.
    void runFinished(bool ok, const QString &message);

private:
    struct Run;
    void beginCensus();
    void fetchPage();
    void onPage(const HttpReply &reply);
    void endPaging(const QString &why, bool reachedTheEnd);
    void fetchWatched(int batch);
    void recheckMissing(QStringList userIds, int from);
    void resolveWatchedLogins(std::function<void()> then);
    void fillCategories();
    void finishCensus();
    void failRun(const QString &message);
    void onWatchdog();
    // Metadata (twitchmetadata.cpp): top games, then the watched channels'
    // names and follower totals, one request after another; then `done`.
    void refreshMetadata(std::function<void()> done);
    void fetchChannels(int from, QVector<ChannelInfo> channels, std::function<void()> done);
    void fetchFollowers(QVector<ChannelInfo> channels, int index, std::function<void()> done);
    void addStreams(const QVector<StreamObservation> &streams);
    bool account(const HttpReply &reply); // counts the reply in the run's stats; returns ok
    void scheduleNext(qint64 atMs);
    void setState(CollectorState state, const QString &detail);
    bool runAborted(quint64 runId) const;

    TwitchConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<HelixClient> m_client;
    QTimer *m_timer = nullptr;
    QTimer *m_watchdog = nullptr; // ends a census that could not finish (run time limit)
    std::unique_ptr<Run> m_run;
    quint64 m_runId = 0;
    qint64 m_polls = 0;
    bool m_running = false;
    bool m_onceReported = false;

    QStringList m_watchedIds;            // resolved user ids
    QStringList m_unresolvedLogins;      // watched logins not yet resolved to ids
    QHash<QString, QString> m_gameNames; // game id -> name, from Get Top Games / Get Games
    QSet<QString> m_unknownGames;        // asked Get Games and got nothing back
    // Streams believed live (stream id -> user id): every census adds what it
    // saw, an exhaustive one replaces the set. A full census asks again, by
    // user id, for those it did not meet while paging before calling them ended.
    QHash<QString, QString> m_knownLive;
    qint64 m_lastValidatedMs = 0;
    qint64 m_lastMetadataMs = 0;
    bool m_metadataRunning = false;
};

} // namespace StreamRank
