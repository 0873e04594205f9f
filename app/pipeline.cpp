#include "pipeline.h"

#include "historywarmup.h"

#include "analyticsengine.h"
#include "censuswriter.h"
#include "democollector.h"
#include "kickcollector.h"
#include "storagereader.h"
#include "storedcensus.h"
#include "twitchcollector.h"
#include "youtubeaccount.h"
#include "youtubecollector.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaObject>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcPipeline, "streamrank.app")

namespace {
constexpr qint64 WarmWindowMs = 24LL * 60 * 60 * 1000;
constexpr qint64 DemoBackfillMs = 3LL * 60 * 60 * 1000;
} // namespace

void registerPipelineMetaTypes()
{
    qRegisterMetaType<Census>();
    qRegisterMetaType<RankingSnapshot>();
    registerStorageMetaTypes();
    qRegisterMetaType<Platform>();
    qRegisterMetaType<CollectorState>();
    qRegisterMetaType<AnomalyEvent>();
    qRegisterMetaType<QVector<AnomalyEvent>>();
    qRegisterMetaType<AnomalySettings>();
    qRegisterMetaType<WebhookConfig>();
    qRegisterMetaType<QVector<qint64>>();
    qRegisterMetaType<TwitchConfig>();
    qRegisterMetaType<YouTubeConfig>();
    qRegisterMetaType<YouTubeQuotaStatus>();
    qRegisterMetaType<QVector<CategoryInfo>>();
    qRegisterMetaType<QVector<ChannelInfo>>();
}

Pipeline::Pipeline(PipelineConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    registerPipelineMetaTypes();
    m_writerThread.setObjectName(QStringLiteral("storage-writer"));
    m_analyticsThread.setObjectName(QStringLiteral("analytics"));

    m_writer = new CensusWriter;
    // A real-time Demo never stamps a census ahead of the wall clock; what an
    // older, faster Demo left there is removed when the file opens.
    if (m_config.demo && m_config.demoSpeed <= 1.0)
        m_writer->setDiscardFutureCensuses(Platform::Demo);
    m_writer->moveToThread(&m_writerThread);
    connect(&m_writerThread, &QThread::finished, m_writer, &QObject::deleteLater);
    m_engine = new AnalyticsEngine;
    m_engine->moveToThread(&m_analyticsThread);
    connect(&m_analyticsThread, &QThread::finished, m_engine, &QObject::deleteLater);

    connect(m_writer, &CensusWriter::opened, this, &Pipeline::onDatabaseOpened);
    connect(m_writer, &CensusWriter::openFailed, this, &Pipeline::failed);
    connect(m_writer, &CensusWriter::databaseDamaged, this, &Pipeline::databaseDamaged);
    connect(m_writer, &CensusWriter::retentionOptionsSaved, this, &Pipeline::retentionOptionsSaved);
    connect(m_writer, &CensusWriter::retentionOptionsFailed, this,
            &Pipeline::retentionOptionsFailed);
    connect(m_writer, &CensusWriter::rollupBackfillProgress, this,
            [this](const RollupBackfillProgress &p) {
                Q_EMIT rollupBackfillProgress(p.hoursDone, p.hoursLeft, p.finished);
            });
    connect(m_writer, &CensusWriter::futureCensusesDiscarded, this,
            [this](Platform platform, int count, qint64 latestMs) {
                Q_EMIT notice(
                    QStringLiteral(
                        "The database held %1 %2 censuses dated after now (up to %3), written "
                        "by an older StreamRank whose Demo ran faster than real time. They were "
                        "removed; the %2 carries on from the present.")
                        .arg(QLocale().toString(count), platformDisplayName(platform),
                             isoUtcText(latestMs)));
            });
    // Direct, on the writer's and the analytics' threads: room for the next
    // census the moment one is done with.
    connect(
        m_writer, &CensusWriter::censusStored, m_writer,
        [backlog = m_backlog](const StoredCensus &) { backlog->stored(); }, Qt::DirectConnection);
    connect(
        m_writer, &CensusWriter::writeFailed, m_writer,
        [backlog = m_backlog](Platform, qint64, const QString &) { backlog->stored(); },
        Qt::DirectConnection);
    connect(
        m_engine, &AnalyticsEngine::rankingUpdated, m_engine,
        [backlog = m_backlog](const RankingSnapshot &s) {
            if (!s.restored) // a stored ranking shown again was never handed over
                backlog->analysed();
        },
        Qt::DirectConnection);
    connect(m_writer, &CensusWriter::censusStored, this, [this](const StoredCensus &s) {
        Q_EMIT censusStored(s.platform, s.takenAtMs, s.streamCount, s.totalViewers, s.elapsedMs,
                            s.databaseBytes);
    });
    connect(m_writer, &CensusWriter::writeFailed, this,
            [this](Platform, qint64, const QString &message) { Q_EMIT writeFailed(message); });
    connect(m_engine, &AnalyticsEngine::rankingUpdated, this, &Pipeline::rankingUpdated);
    // Events go to the writer first (it assigns ids), then to everyone else.
    connect(m_engine, &AnalyticsEngine::anomaliesDetected, m_writer, &CensusWriter::writeEvents);
    connect(m_writer, &CensusWriter::eventsStored, this, &Pipeline::anomalyEventsStored);
    connect(m_writer, &CensusWriter::incidentsStored, this, &Pipeline::anomalyIncidentsUpdated);
    connect(m_writer, &CensusWriter::eventsFailed, this, &Pipeline::eventsFailed);
    connect(m_writer, &CensusWriter::metadataFailed, this, &Pipeline::metadataFailed);

    m_webhook = new WebhookSender;
    m_webhook->moveToThread(&m_webhookThread);
    connect(&m_webhookThread, &QThread::finished, m_webhook, &QObject::deleteLater);
    connect(m_writer, &CensusWriter::eventsStored, m_webhook,
            [sender = m_webhook](const QVector<AnomalyEvent> &events) {
                for (const AnomalyEvent &e : events)
                    sender->send(e.id, e.toJson());
            });
    connect(m_webhook, &WebhookSender::failed, this, &Pipeline::webhookFailed);

    m_writerThread.start();
    m_analyticsThread.start();
    m_webhookThread.setObjectName(QStringLiteral("webhook"));
    m_webhookThread.start();
}

Pipeline::~Pipeline()
{
    stop();
    m_webhookThread.quit();
    m_analyticsThread.quit();
    m_writerThread.quit();
    m_webhookThread.wait();
    m_analyticsThread.wait();
    m_writerThread.wait();
}

void Pipeline::start()
{
    const QString path = m_config.databasePath;
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, path] { w->open(path); }, Qt::QueuedConnection);
}

void Pipeline::onDatabaseOpened()
{
    // Warm the analytics from stored history on the analytics thread (it can
    // take a moment on a big database), then start collecting where the stored
    // Demo history ends so a restarted simulation never rewrites the past.
    const QString path = m_config.databasePath;
    const bool demo = m_config.demo;
    const bool youtube = m_config.youtube.has_value();
    const bool kick = m_config.kick.has_value();
    QVector<Platform> platforms;
    if (demo)
        platforms.append(Platform::Demo);
    if (m_config.twitch)
        platforms.append(Platform::Twitch);
    if (m_config.youtube)
        platforms.append(Platform::YouTube);
    if (m_config.kick)
        platforms.append(Platform::Kick);
    QMetaObject::invokeMethod(
        m_engine,
        [this, engine = m_engine, path, demo, youtube, kick, platforms,
         interval = m_config.censusIntervalMs, fast = m_config.demoSpeed > 1.0] {
            StorageReader reader(path);
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            // Every platform's newest stored census, read before any
            // collector starts: what start-up ranks again and replays ends
            // there, so a census taken meanwhile is not taken for a stored one.
            QVector<StoredLast> lastStored;
            for (Platform p : platforms) {
                const auto last = reader.lastCensusAt(p);
                lastStored.append({p, last ? *last : 0});
            }
            ResumePoint resume;
            resume.clockStartMs = now;
            if (demo) {
                const auto last = reader.lastCensusAt(Platform::Demo);
                const qint64 lastDemo = last ? *last : 0;
                // A real-time Demo's clock is the wall clock; censuses up to
                // the stored one are not taken (and refused as stored) again.
                // A fast Demo's history runs ahead of real time (in a file
                // the user named or a throwaway one): its clock goes on from
                // the next grid point after it.
                resume.storedUntilMs = lastDemo;
                if (fast)
                    resume.clockStartMs = std::max(now, lastDemo > 0 ? lastDemo + interval : now);
                // Fill the gap since the last stored census (all of the last
                // hours on a first start), so charts have history at once.
                resume.backfillMs = lastDemo > 0
                                        ? std::clamp<qint64>(now - lastDemo - 1, 0, DemoBackfillMs)
                                        : DemoBackfillMs;
                // The streams still live at the last census: the simulation
                // that made them resumes, so they keep their ids.
                if (lastDemo > 0) {
                    if (auto open = reader.openStreams(Platform::Demo))
                        resume.demoOpen = *open;
                    else
                        qCWarning(lcPipeline)
                            << "could not read the open Demo streams:" << open.error();
                }
            }
            if (youtube) {
                if (auto open = reader.openStreams(Platform::YouTube))
                    resume.youtubeOpen = *open;
                else
                    qCWarning(lcPipeline)
                        << "could not read the open YouTube sessions:" << open.error();
            }
            if (kick) {
                if (auto open = reader.openStreams(Platform::Kick))
                    resume.kickOpen = *open;
                else
                    qCWarning(lcPipeline)
                        << "could not read the open Kick sessions:" << open.error();
            }
            QMetaObject::invokeMethod(
                this, [this, resume] { startCollectors(resume); }, Qt::QueuedConnection);

            // Censuses queue behind this on the analytics thread, so the first
            // ranking already has the warmed peaks, trends and anomaly windows.
            if (const auto settings = reader.anomalySettings()) {
                engine->setAnomalySettings(*settings);
                QMetaObject::invokeMethod(
                    this, [this, s = *settings] { Q_EMIT anomalySettingsLoaded(s); },
                    Qt::QueuedConnection);
            } else {
                qCWarning(lcPipeline)
                    << "anomaly settings unreadable, using defaults:" << settings.error();
            }
            const ResumedAnalytics resumed = resumeAnalytics(
                reader, lastStored, WarmWindowMs, now, *engine,
                [this](Platform p, int i, int count) {
                    Q_EMIT startupProgress(
                        count == 1 ? tr("Loading the last 24 hours of %1 history…")
                                         .arg(platformDisplayName(p))
                                   : tr("Loading the last 24 hours of history: %1 (%2 of %3)…")
                                         .arg(platformDisplayName(p))
                                         .arg(i + 1)
                                         .arg(count));
                });
            for (const QString &problem : resumed.problems)
                qCWarning(lcPipeline) << problem;
            Q_EMIT startupProgress(QString());
            // What the replay did to incidents is stored again (the same
            // rows as before), which ends incidents a kill left open.
            const auto incidents = engine->detector().takeIncidentUpdates();
            // (Through the engine's own connection to the writer, which
            // ends safely with either of them.)
            if (!incidents.isEmpty())
                Q_EMIT engine->anomaliesDetected({}, incidents);
            qCInfo(lcPipeline) << "warmed" << resumed.samples << "samples, ranked"
                               << resumed.censuses << "stored censuses again; collecting from"
                               << resume.clockStartMs;
        },
        Qt::QueuedConnection);
}

void Pipeline::startCollectors(const ResumePoint &resume)
{
    if (m_stopped || m_started)
        return;
    m_started = true;
    m_youtubeOpen = resume.youtubeOpen;
    m_kickOpen = resume.kickOpen;
    if (m_config.demo) {
        m_clock = std::make_shared<ScaledClock>(resume.clockStartMs, m_config.demoSpeed);
        DemoConfig demo;
        demo.seed = m_config.demoSeed;
        auto *collector = new DemoCollector(m_clock, demo, m_config.censusIntervalMs);
        collector->setBackfillMs(resume.backfillMs);
        collector->setStoredUntilMs(resume.storedUntilMs);
        collector->setResume(resume.demoOpen, resume.storedUntilMs);
        addCollector(collector);
    } else {
        m_clock = std::make_shared<SystemClock>();
    }
    if (m_config.twitch)
        startTwitch(*m_config.twitch);
    if (m_config.youtube)
        startYouTube(*m_config.youtube);
    if (m_config.kick)
        startKick(*m_config.kick);
    Q_EMIT ready();
}

void Pipeline::addCollector(Collector *collector)
{
    RunningCollector running;
    running.collector = collector;
    running.thread = std::make_unique<QThread>();
    running.thread->setObjectName(QStringLiteral("collector-") +
                                  platformCode(collector->platform()));
    collector->moveToThread(running.thread.get());
    connect(running.thread.get(), &QThread::finished, collector, &QObject::deleteLater);
    // First, and direct: the census counts as waiting before either
    // consumer's queue holds it.
    collector->setBacklog(m_backlog);
    connect(
        collector, &Collector::censusReady, collector,
        [backlog = m_backlog](const Census &) { backlog->handedOver(); }, Qt::DirectConnection);
    connect(collector, &Collector::censusReady, m_writer, &CensusWriter::writeCensus);
    connect(collector, &Collector::censusReady, m_engine, &AnalyticsEngine::applyCensus);
    connect(collector, &Collector::censusReady, this, &Pipeline::censusArrived);
    connect(collector, &Collector::stateChanged, this, &Pipeline::collectorStateChanged);
    connect(collector, &Collector::censusesSkipped, this, &Pipeline::censusesSkipped);
    running.thread->start();
    QMetaObject::invokeMethod(collector, &Collector::start, Qt::QueuedConnection);
    m_collectors.push_back(std::move(running));
}

void Pipeline::startTwitch(const TwitchConfig &config)
{
    if (m_stopped)
        return;
    m_config.twitch = config;
    if (!m_started)
        return; // startCollectors() starts it with the database open
    stopPlatform(Platform::Twitch);
    auto *twitch = new TwitchCollector(config, std::make_shared<SystemClock>());
    connect(twitch, &TwitchCollector::categoriesLearned, m_writer, &CensusWriter::writeCategories);
    connect(twitch, &TwitchCollector::channelsRefreshed, m_writer, &CensusWriter::writeChannels);
    connect(twitch, &TwitchCollector::runFinished, this, [this](bool ok, const QString &message) {
        Q_EMIT collectorFinished(Platform::Twitch, ok, message);
    });
    addCollector(twitch);
}

void Pipeline::startYouTube(const YouTubeConfig &config)
{
    if (m_stopped)
        return;
    m_config.youtube = config;
    if (!m_started)
        return;
    // What the running collector tracks carries over to the new one (at
    // start-up: the sessions the database holds open).
    QHash<QString, QString> tracked = m_youtubeOpen;
    m_youtubeOpen.clear();
    for (const RunningCollector &running : m_collectors)
        if (running.collector->platform() == Platform::YouTube)
            QMetaObject::invokeMethod(
                running.collector,
                [c = static_cast<YouTubeCollector *>(running.collector), &tracked] {
                    tracked = c->tracked();
                },
                Qt::BlockingQueuedConnection);
    stopPlatform(Platform::YouTube);
    auto *youtube = new YouTubeCollector(config, std::make_shared<SystemClock>());
    youtube->setTracked(tracked);
    const YouTubeQuotaUsage used = loadYouTubeQuotaUsage();
    youtube->restoreQuota(used.dayStartMs, used.unitsUsed, used.searchesUsed);
    connect(youtube, &YouTubeCollector::categoriesLearned, m_writer,
            &CensusWriter::writeCategories);
    connect(youtube, &YouTubeCollector::channelsRefreshed, m_writer, &CensusWriter::writeChannels);
    connect(youtube, &YouTubeCollector::runFinished, this, [this](bool ok, const QString &message) {
        Q_EMIT collectorFinished(Platform::YouTube, ok, message);
    });
    // Saved on the collector's thread as it is said, so a restart (which
    // stops this collector first) reads what it spent up to its last call.
    connect(youtube, &YouTubeCollector::quotaChanged, youtube, &saveYouTubeQuotaUsage,
            Qt::DirectConnection);
    connect(youtube, &YouTubeCollector::quotaChanged, this, &Pipeline::youtubeQuotaChanged);
    addCollector(youtube);
}

void Pipeline::startKick(const KickConfig &config)
{
    if (m_stopped)
        return;
    m_config.kick = config;
    if (!m_started)
        return;
    QHash<QString, QString> known = m_kickOpen;
    m_kickOpen.clear();
    for (const RunningCollector &running : m_collectors)
        if (running.collector->platform() == Platform::Kick)
            QMetaObject::invokeMethod(
                running.collector,
                [c = static_cast<KickCollector *>(running.collector), &known] {
                    known = c->knownLive();
                },
                Qt::BlockingQueuedConnection);
    stopPlatform(Platform::Kick);
    auto *collector = new KickCollector(config, std::make_shared<SystemClock>());
    collector->setKnownLive(known);
    connect(collector, &KickCollector::categoriesLearned, m_writer, &CensusWriter::writeCategories);
    connect(collector, &KickCollector::channelsRefreshed, m_writer, &CensusWriter::writeChannels);
    connect(collector, &KickCollector::runFinished, this, [this](bool ok, const QString &message) {
        Q_EMIT collectorFinished(Platform::Kick, ok, message);
    });
    addCollector(collector);
}

void Pipeline::stopPlatform(Platform platform)
{
    for (auto it = m_collectors.begin(); it != m_collectors.end(); ++it) {
        if (it->collector->platform() != platform)
            continue;
        QMetaObject::invokeMethod(it->collector, &Collector::stop, Qt::BlockingQueuedConnection);
        it->thread->quit();
        it->thread->wait();
        m_collectors.erase(it);
        return;
    }
}

void Pipeline::setRetentionOptions(int rawDays, int fiveMinuteDays, int hourDays)
{
    QMetaObject::invokeMethod(
        m_writer,
        [w = m_writer, rawDays, fiveMinuteDays, hourDays] {
            w->saveRetentionOptions(rawDays, fiveMinuteDays, hourDays);
        },
        Qt::QueuedConnection);
}

void Pipeline::setAnomalySettings(const AnomalySettings &settings)
{
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, settings] { w->saveAnomalySettings(settings); },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, settings] { e->setAnomalySettings(settings); },
        Qt::QueuedConnection);
}

void Pipeline::acknowledgeEvents(const QVector<qint64> &eventIds)
{
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, eventIds] { w->acknowledgeEvents(eventIds, true); },
        Qt::QueuedConnection);
}

void Pipeline::setWebhookConfig(const WebhookConfig &config)
{
    QMetaObject::invokeMethod(
        m_webhook, [s = m_webhook, config] { s->setConfig(config); }, Qt::QueuedConnection);
}

void Pipeline::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    for (RunningCollector &running : m_collectors) {
        QMetaObject::invokeMethod(running.collector, &Collector::stop,
                                  Qt::BlockingQueuedConnection);
        running.thread->quit();
        running.thread->wait();
    }
    m_collectors.clear();
    // Queued censuses are processed in order, so an empty blocking call returns
    // once every census handed over before it has been stored.
    if (m_writerThread.isRunning())
        QMetaObject::invokeMethod(
            m_writer, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace StreamRank
