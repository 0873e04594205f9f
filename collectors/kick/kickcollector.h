#pragma once
// The Kick public API collector. Each census lists the live streams from
// /public/v2/livestreams, cursor by cursor to the end (one listing per
// category filter), or, while v2 is not there, from /public/v1/livestreams
// (at most 100, by viewers, no paging); it says which one ran. Items are
// keyed by (broadcaster, started_at), so a stream keeps one identity across
// censuses, restarts and the two versions. Streams earlier censuses saw that
// this one did not list, and the watched channels, are asked for by channel
// (/public/v1/channels, 50 ids a request): still live, they are in the
// census; gone, the census names them as ended. A v2 census without filters
// that read every page is exhaustive; a v1 census never is. Failed pages make
// the census partial; what arrived is handed over. Category names are
// refreshed every 6 hours. See docs/KICK.md.

#include "clock.h"
#include "collector.h"
#include "kickconfig.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <memory>

class QTimer;

namespace StreamRank {

class KickClient;
struct HttpReply;
namespace Kick {
struct Livestream;
struct Channel;
} // namespace Kick

class KickCollector final : public Collector
{
    Q_OBJECT
public:
    static constexpr int BatchSize = 50; // ids per /public/v1/channels request
    static constexpr int MaxCategoryPages = 50;

    KickCollector(KickConfig config, std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    ~KickCollector() override;

    Platform platform() const override { return Platform::Kick; }

    // Before start(): the sessions an earlier run left open (stream id ->
    // channel id; the database's open Kick streams), asked for by channel if
    // the first census does not list them, so they go on or end.
    void setKnownLive(const QHash<QString, QString> &streams) { m_knownLive = streams; }
    // On the collector's thread: the sessions it believes live now.
    QHash<QString, QString> knownLive() const { return m_knownLive; }

public Q_SLOTS:
    void start() override;
    void stop() override;
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
    void listPage();
    void onListPage(const HttpReply &reply);
    void nextListing();
    void resolveSlugs(int index);
    void askChannels(int batch);
    void fetchCategories(int page, QString cursor, QVector<CategoryInfo> found);
    void finishCensus();
    void failRun(const QString &message, CollectorState state = CollectorState::Failed);
    void onWatchdog();
    void take(const Kick::Livestream &item);
    void takeChannel(const Kick::Channel &channel);
    bool account(const HttpReply &reply);
    void scheduleNext(qint64 atMs);
    void setState(CollectorState state, const QString &detail);
    bool runAborted(quint64 runId) const;
    qint64 now() const { return m_clock->nowMs(); }

    KickConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<KickClient> m_client;
    QTimer *m_timer = nullptr;
    QTimer *m_watchdog = nullptr;
    std::unique_ptr<Run> m_run;
    quint64 m_runId = 0;
    bool m_running = false;
    bool m_onceReported = false;

    QStringList m_watchedIds;   // broadcaster ids
    QStringList m_watchedSlugs; // watched slugs not yet resolved to ids
    QStringList m_unknownSlugs; // slugs Kick has no channel for
    // Streams believed live (stream id -> broadcaster id): every census
    // adds what it saw and drops what it proved ended.
    QHash<QString, QString> m_knownLive;
    qint64 m_v2UnavailableUntilMs = 0;
    qint64 m_lastMetadataMs = -1;
};

} // namespace StreamRank
