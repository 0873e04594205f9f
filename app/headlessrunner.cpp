#include "headlessrunner.h"

#include "kickaccount.h"
#include "pipeline.h"
#include "rundatabase.h"
#include "secretstore.h"
#include "twitchaccount.h"
#include "youtubeaccount.h"

#include "clock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QLocale>
#include <QSet>
#include <QTimer>

#include <csignal>
#include <optional>

namespace StreamRank {

namespace {

// Set by SIGINT/SIGTERM; only an async-signal-safe store happens in the
// handler, the event loop notices it within 100 ms.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}

// An app's client id and secret (environment, else keychain); the reason in
// words when there are none.
QString loadCredentials(ClientCredentialsLoader &loader, QString &id, QString &secret)
{
    QString error;
    QEventLoop wait;
    bool finished = false;
    QObject::connect(
        &loader, &ClientCredentialsLoader::done, &wait,
        [&](const QString &foundId, const QString &foundSecret, const QString &problem) {
            id = foundId;
            secret = foundSecret;
            error = problem;
            finished = true;
            wait.quit();
        });
    loader.load();
    // Runs the loop only if the keychain answers asynchronously.
    if (!finished)
        wait.exec();
    return error;
}

// The Twitch configuration from settings, the command line's URLs and the
// credentials; nothing and a reason when there are no credentials.
std::optional<TwitchConfig> twitchConfig(const CommandLine &options, QString *error)
{
    TwitchConfig config = loadTwitchAccountSettings().config;
    applyTwitchUrlOverrides(config, options.twitchApiUrl, options.twitchAuthUrl);
    config.once = options.once;
    SecretStore secrets;
    TwitchCredentialsLoader loader(secrets);
    *error = loadCredentials(loader, config.clientId, config.clientSecret);
    if (!error->isEmpty())
        return std::nullopt;
    return config;
}

// The same for Kick.
std::optional<KickConfig> kickConfig(const CommandLine &options, QString *error)
{
    KickConfig config = loadKickAccountSettings().config;
    applyKickUrlOverrides(config, options.kickApiUrl, options.kickAuthUrl);
    config.once = options.once;
    SecretStore secrets;
    KickCredentialsLoader loader(secrets);
    *error = loadCredentials(loader, config.clientId, config.clientSecret);
    if (!error->isEmpty())
        return std::nullopt;
    return config;
}

// The YouTube configuration from settings, the command line's URL, searches
// and channels, and the key (environment, else keychain).
std::optional<YouTubeConfig> youtubeConfig(const CommandLine &options, QString *error)
{
    YouTubeConfig config = loadYouTubeAccountSettings().config;
    if (!options.youtubeApiUrl.isEmpty())
        config.apiUrl = QUrl(options.youtubeApiUrl);
    for (const QString &spec : options.youtubeSearches) {
        const YouTubeSearch search = YouTubeSearch::fromSpec(spec);
        if (!search.isEmpty() && !config.searches.contains(search))
            config.searches.append(search);
    }
    for (const QString &id : options.youtubeChannels)
        if (!config.watchedChannels.contains(id))
            config.watchedChannels.append(id);
    config.once = options.once;
    SecretStore secrets;
    YouTubeKeyLoader loader(secrets);
    QEventLoop wait;
    bool finished = false;
    QObject::connect(&loader, &YouTubeKeyLoader::done, &wait,
                     [&](const QString &key, const QString &problem) {
                         config.apiKey = key;
                         *error = problem;
                         finished = true;
                         wait.quit();
                     });
    loader.load();
    if (!finished)
        wait.exec();
    if (!error->isEmpty())
        return std::nullopt;
    if (config.searches.isEmpty() && config.watchedChannels.isEmpty()) {
        *error = QStringLiteral("nothing to track: add a search or a watched channel in Settings → "
                                "Accounts → YouTube, or give --youtube-search or "
                                "--youtube-channel");
        return std::nullopt;
    }
    return config;
}

} // namespace

int runHeadless(const CommandLine &options, QTextStream &out, QTextStream &err)
{
    const RunDatabase database(options, options.demo);
    if (!database.error().isEmpty()) {
        err << "streamrank: " << database.error() << Qt::endl;
        return 1;
    }
    PipelineConfig config;
    config.databasePath = database.path();
    config.demoSpeed = options.demoSpeed;
    config.demoSeed = options.demoSeed;
    config.demo = options.demo;
    if (options.twitch) {
        QString problem;
        config.twitch = twitchConfig(options, &problem);
        if (!config.twitch) {
            err << "streamrank: Twitch: " << problem << Qt::endl;
            return 1;
        }
    }
    if (options.youtube) {
        QString problem;
        config.youtube = youtubeConfig(options, &problem);
        if (!config.youtube) {
            err << "streamrank: YouTube: " << problem << Qt::endl;
            return 1;
        }
    }
    if (options.kick) {
        QString problem;
        config.kick = kickConfig(options, &problem);
        if (!config.kick) {
            err << "streamrank: Kick: " << problem << Qt::endl;
            return 1;
        }
    }
    Pipeline pipeline(config);

    int exitCode = 0;
    int censuses = 0;
    int failures = 0;
    const QLocale c = QLocale::c();
    QObject::connect(&pipeline, &Pipeline::failed, &pipeline, [&](const QString &message) {
        err << "streamrank: " << message << Qt::endl;
        exitCode = 1;
        QCoreApplication::exit(1);
    });
    QObject::connect(&pipeline, &Pipeline::databaseDamaged, &pipeline, [&](const QString &message) {
        err << "streamrank: " << message << Qt::endl;
        exitCode = 1;
        QCoreApplication::exit(1);
    });
    QObject::connect(&pipeline, &Pipeline::notice, &pipeline,
                     [&](const QString &message) { err << "streamrank: " << message << Qt::endl; });
    QObject::connect(&pipeline, &Pipeline::ready, &pipeline, [&] {
        if (config.demo)
            out << "collecting from Demo into " << database.path() << " (speed "
                << options.demoSpeed << "x)" << Qt::endl;
        if (database.throwaway())
            out << database.notice(options.demoSpeed) << Qt::endl;
        if (config.twitch)
            out << "collecting from Twitch (" << config.twitch->apiUrl.toDisplayString()
                << ") into " << database.path() << Qt::endl;
        if (config.youtube)
            out << "collecting from YouTube (" << config.youtube->apiUrl.toDisplayString() << ", "
                << config.youtube->searches.size() << " searches, "
                << config.youtube->watchedChannels.size() << " watched channels) into "
                << database.path() << Qt::endl;
        if (config.kick)
            out << "collecting from Kick (" << config.kick->apiUrl.toDisplayString() << ") into "
                << database.path() << Qt::endl;
    });
    QObject::connect(&pipeline, &Pipeline::youtubeQuotaChanged, &pipeline,
                     [&](const YouTubeQuotaStatus &status) {
                         out << "youtube quota: " << status.unitsUsed << " of " << status.dailyUnits
                             << " units, " << status.searchesUsed << " of " << status.dailySearches
                             << " searches used today; resets " << isoUtcText(status.resetAtMs)
                             << (status.exhausted ? " (used up: paused until then)" : "")
                             << Qt::endl;
                     });
    // --once: done when every real platform's census is both finished and stored.
    QSet<Platform> onceExpected;
    if (config.twitch)
        onceExpected.insert(Platform::Twitch);
    if (config.youtube)
        onceExpected.insert(Platform::YouTube);
    if (config.kick)
        onceExpected.insert(Platform::Kick);
    QSet<Platform> onceFinishedSet;
    QSet<Platform> onceStoredSet;
    bool oncePartial = false;
    bool onceFinished = false;
    bool onceStored = false;
    auto onceDone = [&] {
        if (exitCode == 1)
            return; // a failure already decided the exit
        onceFinished = onceFinishedSet.contains(onceExpected);
        onceStored = onceStoredSet.contains(onceExpected);
        if (options.once && onceFinished && onceStored) {
            exitCode = oncePartial ? 3 : 0;
            QCoreApplication::quit();
        }
    };
    QObject::connect(&pipeline, &Pipeline::censusArrived, &pipeline, [&](const Census &census) {
        if (census.platform == Platform::Demo)
            return;
        oncePartial = oncePartial || census.partial;
        const CollectorRunStats &s = census.stats;
        out << platformCode(census.platform) << " census: " << census.streams.size() << " streams, "
            << s.pagesOk << " pages ok, " << s.pagesFailed << " failed, " << s.malformedItems
            << " malformed items skipped, " << s.requests << " requests in " << s.durationMs
            << " ms" << (census.partial ? " (partial: stored with the pages that arrived)" : "")
            << Qt::endl;
    });
    QObject::connect(&pipeline, &Pipeline::collectorFinished, &pipeline,
                     [&](Platform platform, bool ok, const QString &message) {
                         if (!ok) {
                             err << "streamrank: " << platformDisplayName(platform)
                                 << " census failed: " << message << Qt::endl;
                             exitCode = 1;
                             QCoreApplication::exit(1);
                             return;
                         }
                         onceFinishedSet.insert(platform);
                         onceDone();
                     });
    QObject::connect(&pipeline, &Pipeline::collectorStateChanged, &pipeline,
                     [&](Platform platform, CollectorState state, const QString &detail) {
                         if (!options.once && platform != Platform::Demo &&
                             (state == CollectorState::Stale || state == CollectorState::Failed))
                             err << "streamrank: " << platformDisplayName(platform) << ": "
                                 << collectorStateText(state) << " — " << detail << Qt::endl;
                     });
    QObject::connect(&pipeline, &Pipeline::censusStored, &pipeline,
                     [&](Platform platform, qint64 takenAtMs, int streams, qint64 viewers,
                         qint64 elapsedMs, qint64 databaseBytes) {
                         ++censuses;
                         if (platform != Platform::Demo) {
                             onceStoredSet.insert(platform);
                             QTimer::singleShot(0, &pipeline, onceDone);
                         }
                         out << "census " << isoUtcText(takenAtMs) << ' ' << platformCode(platform)
                             << ": " << streams << " streams, " << viewers << " viewers, stored in "
                             << elapsedMs << " ms, database "
                             << c.toString(static_cast<double>(databaseBytes) / (1024.0 * 1024.0),
                                           'f', 1)
                             << " MiB" << Qt::endl;
                     });
    int alerts = 0;
    QObject::connect(&pipeline, &Pipeline::anomalyEventsStored, &pipeline,
                     [&](const QVector<AnomalyEvent> &events) {
                         for (const AnomalyEvent &e : events) {
                             ++alerts;
                             out << "alert " << isoUtcText(e.timeMs) << ' '
                                 << platformCode(e.platform) << ' ' << e.channelLogin << ": "
                                 << e.sentence() << Qt::endl;
                         }
                     });
    QObject::connect(&pipeline, &Pipeline::writeFailed, &pipeline, [&](const QString &message) {
        ++failures;
        err << "streamrank: " << message << Qt::endl;
        if (options.once) {
            exitCode = 1;
            QCoreApplication::exit(1);
        }
    });
    int skipped = 0;
    QString skippedReason;
    QObject::connect(&pipeline, &Pipeline::censusesSkipped, &pipeline,
                     [&](Platform platform, int count, const QString &reason) {
                         // Said once, then counted: at a high Demo speed it is every tick.
                         if (skipped == 0)
                             err << "streamrank: " << platformDisplayName(platform)
                                 << ": skipping censuses: " << reason << Qt::endl;
                         skipped += count;
                         skippedReason = reason;
                     });
    int eventFailures = 0;
    QObject::connect(&pipeline, &Pipeline::eventsFailed, &pipeline, [&](const QString &message) {
        ++eventFailures;
        err << "streamrank: " << message << Qt::endl;
    });
    QObject::connect(&pipeline, &Pipeline::metadataFailed, &pipeline,
                     [&](const QString &message) { err << "streamrank: " << message << Qt::endl; });
    // A line when it is found pending and one when it is done; the storage
    // log has the per-census progress.
    bool backfillSaid = false;
    QObject::connect(&pipeline, &Pipeline::rollupBackfillProgress, &pipeline,
                     [&](int hoursDone, int hoursLeft, bool finished) {
                         if (finished) {
                             out << "chart history built: rollups of " << hoursDone
                                 << " older hours" << Qt::endl;
                         } else if (!backfillSaid) {
                             out << "building chart history: rollups of at most " << hoursLeft
                                 << " older hours left (" << hoursDone
                                 << " done); long-range charts miss them until then" << Qt::endl;
                         }
                         backfillSaid = true;
                     });

    // --duration: checked with the interrupt flag below (a timer's int
    // milliseconds would overflow past 24 days).
    const QDeadlineTimer deadline = options.durationSeconds > 0
                                        ? QDeadlineTimer(options.durationSeconds * 1000)
                                        : QDeadlineTimer(QDeadlineTimer::Forever);
    g_interrupted = 0;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &pipeline, [&] {
        if (deadline.hasExpired()) {
            QCoreApplication::quit();
            return;
        }
        if (!g_interrupted)
            return;
        if (options.once && !(onceFinished && onceStored)) {
            // Interrupted before the census was stored: not a success.
            err << "streamrank: interrupted before the census was stored" << Qt::endl;
            exitCode = 1;
        }
        QCoreApplication::quit();
    });
    interruptPoll.setTimerType(Qt::PreciseTimer);
    interruptPoll.start(50);

    pipeline.start();
    QCoreApplication::exec();
    pipeline.stop();
    // stop() drained the writer; deliver what it queued for this thread
    // (censusStored, eventsStored, writeFailed) so every stored census is
    // printed and counted.
    QCoreApplication::sendPostedEvents(&pipeline, QEvent::MetaCall);
    if (exitCode == 0 || exitCode == 3)
        out << "stopped after " << censuses << " censuses (" << failures << " failed to store"
            << (skipped > 0 ? QStringLiteral(", %1 skipped: %2").arg(skipped).arg(skippedReason)
                            : QString())
            << "), " << alerts << " anomaly events"
            << (eventFailures > 0
                    ? QStringLiteral(" (%1 batches of events failed to store)").arg(eventFailures)
                    : QString())
            << Qt::endl;
    return exitCode;
}

} // namespace StreamRank
