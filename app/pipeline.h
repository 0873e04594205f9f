#pragma once
// Wires one run of StreamRank: one thread per platform collector (Demo,
// Twitch, YouTube), the storage writer thread and the analytics thread, and the path of
// a census between them. Used by both the window and --headless.

#include "anomalytypes.h"
#include "census.h"
#include "censusbacklog.h"
#include "clock.h"
#include "collector.h"
#include "kickconfig.h"
#include "ranking.h"
#include "twitchconfig.h"
#include "webhooksender.h"
#include "youtubecollector.h"
#include "youtubeconfig.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <optional>
#include <vector>

namespace StreamRank {

class CensusWriter;
class DemoCollector;
class AnalyticsEngine;
struct StoredCensus;

struct PipelineConfig
{
    QString databasePath;
    double demoSpeed = 1.0;
    quint64 demoSeed = 20261121;
    qint64 censusIntervalMs = 2 * 60 * 1000;
    bool demo = true;                     // run the Demo platform
    std::optional<TwitchConfig> twitch;   // run the Twitch collector with these credentials
    std::optional<YouTubeConfig> youtube; // run the YouTube collector with this key
    std::optional<KickConfig> kick;       // run the Kick collector with these credentials
};

class Pipeline : public QObject
{
    Q_OBJECT
public:
    explicit Pipeline(PipelineConfig config, QObject *parent = nullptr);
    ~Pipeline() override;

    // Opens the database on the writer thread, warms analytics from stored
    // history, then starts collecting. Emits ready() or failed().
    void start();
    // Stops collecting and waits until every census already handed over is stored.
    void stop();

    std::shared_ptr<const Clock> clock() const { return m_clock; }
    const PipelineConfig &config() const { return m_config; }

public Q_SLOTS:
    // Stores the settings and applies them from the next census.
    void setAnomalySettings(const StreamRank::AnomalySettings &settings);
    // Days raw censuses, 5-minute and hourly rollups are kept (0: for ever).
    void setRetentionOptions(int rawDays, int fiveMinuteDays, int hourDays);
    void acknowledgeEvents(const QVector<qint64> &eventIds);
    void setWebhookConfig(const StreamRank::WebhookConfig &config);
    // Starts (or restarts with new settings) the Twitch collector; stopPlatform
    // stops a platform's collector. Both wait for nothing the GUI would feel.
    void startTwitch(const StreamRank::TwitchConfig &config);
    // The same for YouTube; the quota spent earlier today (as last reported
    // by youtubeQuotaChanged) carries over.
    void startYouTube(const StreamRank::YouTubeConfig &config);
    // The same for Kick; the sessions the running collector (at start-up:
    // the database) holds open carry over.
    void startKick(const StreamRank::KickConfig &config);
    void stopPlatform(StreamRank::Platform platform);

Q_SIGNALS:
    void ready();
    void failed(const QString &message);
    // The database turned out damaged while in use; nothing more is written
    // to it (CensusWriter::databaseDamaged).
    void databaseDamaged(const QString &message);
    // Something the user should read once, e.g. that the database held
    // censuses dated after now and they were removed.
    void notice(const QString &message);
    void collectorStateChanged(StreamRank::Platform platform, StreamRank::CollectorState state,
                               const QString &detail);
    // A collector did not take `count` due censuses (storage or analytics
    // behind, or a Demo clock faster than the simulation).
    void censusesSkipped(StreamRank::Platform platform, int count, const QString &reason);
    void censusArrived(const StreamRank::Census &census);
    void censusStored(StreamRank::Platform platform, qint64 takenAtMs, int streams,
                      qint64 totalViewers, qint64 elapsedMs, qint64 databaseBytes);
    // A census could not be stored (nothing of it was).
    void writeFailed(const QString &message);
    // A batch of anomaly events, or their acknowledgement, could not be stored.
    void eventsFailed(const QString &message);
    // Category names or channel metadata could not be stored.
    void metadataFailed(const QString &message);
    void rankingUpdated(const StreamRank::RankingSnapshot &snapshot);
    // Stored anomaly events (with their database ids).
    void anomalyEventsStored(const QVector<StreamRank::AnomalyEvent> &events);
    // Incidents opened, at a new peak or ended, once stored.
    void anomalyIncidentsUpdated(const QVector<StreamRank::AnomalyIncidentUpdate> &incidents);
    void anomalySettingsLoaded(const StreamRank::AnomalySettings &settings);
    // What the writer stored (sanitized), or why it could not.
    void retentionOptionsSaved(int rawDays, int fiveMinuteDays, int hourDays);
    void retentionOptionsFailed(const QString &message);
    // Rollups for history a schema 3 file brought are being built
    // (CensusWriter::rollupBackfillProgress): hours built so far, at most
    // hours left; finished once, at the end. Not emitted when none is pending.
    void rollupBackfillProgress(int hoursDone, int hoursLeft, bool finished);
    void webhookFailed(qint64 eventId, const QString &message);
    // What start-up is reading from the database before the first ranking
    // ("Loading history: Twitch (2 of 3)…"); empty once the stored ranking
    // is out (or there is none).
    void startupProgress(const QString &text);
    // A one-shot collector (TwitchConfig::once) is done: its census was
    // handed over (ok) or could not be taken.
    void collectorFinished(StreamRank::Platform platform, bool ok, const QString &message);
    // What YouTube's quota has spent and what its plan is (also saved, so a
    // restart today goes on from it).
    void youtubeQuotaChanged(const StreamRank::YouTubeQuotaStatus &status);

private:
    void onDatabaseOpened();
    // Where collecting resumes, read from the database at start-up.
    struct ResumePoint
    {
        qint64 clockStartMs = 0;
        qint64 storedUntilMs = 0; // the last stored Demo census
        qint64 backfillMs = 0;
        QHash<QString, QString> demoOpen;    // open Demo streams: id -> channel id
        QHash<QString, QString> youtubeOpen; // open YouTube sessions, the same
        QHash<QString, QString> kickOpen;    // open Kick sessions, the same
    };
    void startCollectors(const ResumePoint &resume);
    void addCollector(Collector *collector);

    struct RunningCollector
    {
        Collector *collector = nullptr;
        std::unique_ptr<QThread> thread;
    };

    PipelineConfig m_config;
    std::vector<RunningCollector> m_collectors;
    QThread m_writerThread;
    QThread m_analyticsThread;
    QThread m_webhookThread;
    WebhookSender *m_webhook = nullptr;
    CensusWriter *m_writer = nullptr;
    AnalyticsEngine *m_engine = nullptr;
    std::shared_ptr<const Clock> m_clock; // the Demo's scaled clock, or the system clock
    // Censuses handed over and not yet stored or analysed (bounded).
    std::shared_ptr<CensusBacklog> m_backlog = std::make_shared<CensusBacklog>();
    // YouTube sessions open in the database at start-up (video -> channel):
    // the YouTube collector tracks them on.
    QHash<QString, QString> m_youtubeOpen;
    QHash<QString, QString> m_kickOpen;
    bool m_started = false;
    bool m_stopped = false;
};

void registerPipelineMetaTypes();

} // namespace StreamRank
