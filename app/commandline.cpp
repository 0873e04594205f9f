#include "commandline.h"

#include "theme.h"

#include <QCommandLineParser>
#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <utility>

namespace StreamRank {

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/streamrank.sqlite");
}

QStringList platformChoices()
{
    return {QStringLiteral("demo"), QStringLiteral("twitch"), QStringLiteral("youtube"),
            QStringLiteral("kick")};
}

QStringList exportKinds()
{
    return {QStringLiteral("anomalies")};
}

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "StreamRank: live-streaming analytics. Without options it shows the window and "
        "collects from the Demo platform into the database in the standard data folder."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QStringLiteral("Collect without a window; print one line per census."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Collect from the simulated Demo platform (the default)."));
    const QCommandLineOption speed(
        QStringLiteral("demo-speed"),
        QStringLiteral("Run the Demo clock X times faster than real time (60 = one simulated "
                       "minute per second; default 1, real time). A faster clock stamps "
                       "censuses ahead of the wall clock, so it never writes to the database "
                       "in the data folder: it writes to the file --database names, or else to "
                       "a throwaway database deleted at exit."),
        QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption seed(QStringLiteral("demo-seed"),
                                  QStringLiteral("Seed of the Demo simulation."),
                                  QStringLiteral("N"), QStringLiteral("20261121"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Headless: stop after SECONDS of real time."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("Use the SQLite database file PATH instead of "
                                                     "the one in the standard data folder."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption importSamples(
        QStringLiteral("import-samples"),
        QStringLiteral("Headless: import viewer samples from the CSV file FILE (columns platform, "
                       "channel, stream_id, timestamp, viewers; optional category, language, "
                       "title), run anomaly detection on them, print what was stored and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption exportData(
        QStringLiteral("export"),
        QStringLiteral("Headless: write KIND as CSV to standard output and exit. KIND: %1.")
            .arg(exportKinds().join(QStringLiteral(", "))),
        QStringLiteral("KIND"));
    const QCommandLineOption platform(
        QStringLiteral("platform"),
        QStringLiteral("Collect from NAME (%1); repeat for several. Credentials come from "
                       "Settings → Accounts (the keychain) or the environment variables "
                       "STREAMRANK_TWITCH_CLIENT_ID and STREAMRANK_TWITCH_CLIENT_SECRET (Twitch), "
                       "STREAMRANK_YOUTUBE_API_KEY (YouTube) and STREAMRANK_KICK_CLIENT_ID and "
                       "STREAMRANK_KICK_CLIENT_SECRET (Kick).")
            .arg(platformChoices().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption once(
        QStringLiteral("once"),
        QStringLiteral("Headless: take one census of each real platform, print a summary and exit "
                       "(0: stored, 3: stored but partial, 1: failed, with the reason)."));
    const QCommandLineOption twitchApi(
        QStringLiteral("twitch-api-url"),
        QStringLiteral("The Twitch Helix root URL (default https://api.twitch.tv/helix)."),
        QStringLiteral("URL"));
    const QCommandLineOption twitchAuth(
        QStringLiteral("twitch-auth-url"),
        QStringLiteral("The Twitch login service URL (default https://id.twitch.tv)."),
        QStringLiteral("URL"));
    const QCommandLineOption youtubeApi(QStringLiteral("youtube-api-url"),
                                        QStringLiteral("The YouTube Data API root URL (default "
                                                       "https://www.googleapis.com/youtube/v3)."),
                                        QStringLiteral("URL"));
    const QCommandLineOption youtubeSearch(
        QStringLiteral("youtube-search"),
        QStringLiteral("YouTube: also discover live videos by this search for this run; repeat "
                       "for several. TEXT is the words to search for, or fields such as "
                       "\"q=science;category=28;region=JP;lang=ja\"."),
        QStringLiteral("TEXT"));
    const QCommandLineOption youtubeChannel(
        QStringLiteral("youtube-channel"),
        QStringLiteral("YouTube: also watch this channel (its id, UC…) for this run; repeat for "
                       "several."),
        QStringLiteral("CHANNEL_ID"));
    const QCommandLineOption kickApi(
        QStringLiteral("kick-api-url"),
        QStringLiteral("The Kick API root URL (default https://api.kick.com; /public/v1/… and "
                       "/public/v2/… below it)."),
        QStringLiteral("URL"));
    const QCommandLineOption kickAuth(
        QStringLiteral("kick-auth-url"),
        QStringLiteral("The Kick login service URL (default https://id.kick.com; /oauth/token "
                       "below it)."),
        QStringLiteral("URL"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("The window's colours for this run: NAME is %1 (system: the desktop's "
                       "own). Without it, the choice saved in View → Theme.")
            .arg(themeCodes().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    parser.addOptions({headless, demo, speed, seed, duration, database, importSamples, exportData,
                       platform, once, twitchApi, twitchAuth, youtubeApi, youtubeSearch,
                       youtubeChannel, kickApi, kickAuth, theme});

    CommandLineResult result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        result.exitNow = true;
        return result;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("streamrank %s\n", STREAMRANK_VERSION);
        result.exitNow = true;
        return result;
    }
    // "--export --database X" takes "--database" as the kind: say what was
    // missing rather than "Unexpected argument: X".
    for (const QCommandLineOption *option :
         {&speed, &seed, &duration, &database, &importSamples, &exportData, &platform, &twitchApi,
          &twitchAuth, &youtubeApi, &youtubeSearch, &youtubeChannel, &kickApi, &kickAuth, &theme}) {
        if (!parser.isSet(*option))
            continue;
        for (const QString &value : parser.values(*option)) {
            if (value.startsWith(QLatin1String("--"))) {
                result.error = QStringLiteral("--%1 needs a value (%2) before the next option, "
                                              "not \"%3\"")
                                   .arg(option->names().constFirst(), option->valueName(), value);
                return result;
            }
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("Unexpected argument: %1")
                           .arg(parser.positionalArguments().constFirst());
        return result;
    }

    CommandLine cl;
    cl.headless = parser.isSet(headless);
    const QStringList platforms = parser.values(platform);
    for (const QString &name : platforms) {
        if (!platformChoices().contains(name.toLower())) {
            result.error = QStringLiteral("--platform must be one of %1, not \"%2\"")
                               .arg(platformChoices().join(QStringLiteral(", ")), name);
            return result;
        }
    }
    cl.twitch = platforms.contains(QStringLiteral("twitch"), Qt::CaseInsensitive);
    cl.youtube = platforms.contains(QStringLiteral("youtube"), Qt::CaseInsensitive);
    cl.kick = platforms.contains(QStringLiteral("kick"), Qt::CaseInsensitive);
    cl.demoExplicit =
        parser.isSet(demo) || platforms.contains(QStringLiteral("demo"), Qt::CaseInsensitive);
    cl.demo = cl.demoExplicit || platforms.isEmpty();
    for (const auto &[option, target] :
         {std::pair{&twitchApi, &cl.twitchApiUrl}, std::pair{&twitchAuth, &cl.twitchAuthUrl},
          std::pair{&youtubeApi, &cl.youtubeApiUrl}, std::pair{&kickApi, &cl.kickApiUrl},
          std::pair{&kickAuth, &cl.kickAuthUrl}}) {
        if (!parser.isSet(*option))
            continue;
        const QUrl url(parser.value(*option), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
            url.host().isEmpty()) {
            result.error = QStringLiteral("--%1 must be an http(s) URL, not \"%2\"")
                               .arg(option->names().constFirst(), parser.value(*option));
            return result;
        }
        *target = url.toString();
    }
    for (const QString &spec : parser.values(youtubeSearch)) {
        if (spec.trimmed().isEmpty()) {
            result.error = QStringLiteral("--youtube-search needs the words to search for");
            return result;
        }
        cl.youtubeSearches.append(spec.trimmed());
    }
    for (const QString &id : parser.values(youtubeChannel)) {
        // A channel id is "UC" and 22 characters of [A-Za-z0-9_-].
        static const QRegularExpression channelId(QStringLiteral("^UC[A-Za-z0-9_-]{22}$"));
        if (!channelId.match(id.trimmed()).hasMatch()) {
            result.error = QStringLiteral("--youtube-channel needs a channel id (UC followed by 22 "
                                          "letters, digits, - or _), not \"%1\"")
                               .arg(id);
            return result;
        }
        cl.youtubeChannels.append(id.trimmed());
    }
    if (parser.isSet(theme)) {
        const auto chosen = themeFromCode(parser.value(theme));
        if (!chosen) {
            result.error = QStringLiteral("--theme must be one of %1, not \"%2\"")
                               .arg(themeCodes().join(QStringLiteral(", ")), parser.value(theme));
            return result;
        }
        cl.theme = themeCode(*chosen);
    }
    cl.once = parser.isSet(once);
    if (cl.once) {
        if (!cl.headless) {
            result.error = QStringLiteral("--once only runs with --headless");
            return result;
        }
        if (!cl.twitch && !cl.youtube && !cl.kick) {
            result.error = QStringLiteral("--once needs a real platform, e.g. --platform twitch");
            return result;
        }
        if (parser.isSet(duration)) {
            result.error = QStringLiteral("--once and --duration cannot be combined");
            return result;
        }
    }
    bool ok = true;
    cl.demoSpeed = parser.value(speed).toDouble(&ok);
    // NaN and infinities parse as numbers; a speed below 0.01 all but stops
    // the clock.
    if (!ok || !std::isfinite(cl.demoSpeed) || cl.demoSpeed < MinDemoSpeed ||
        cl.demoSpeed > MaxDemoSpeed) {
        result.error =
            QStringLiteral("--demo-speed must be a number from 0.01 to 100000, not \"%1\"")
                .arg(parser.value(speed));
        return result;
    }
    cl.demoSeed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        result.error = QStringLiteral("--demo-seed must be a whole number, not \"%1\"")
                           .arg(parser.value(seed));
        return result;
    }
    if (parser.isSet(duration)) {
        cl.durationSeconds = parser.value(duration).toLongLong(&ok);
        if (!ok || cl.durationSeconds <= 0 || cl.durationSeconds > MaxDurationSeconds) {
            result.error = QStringLiteral("--duration must be a whole number of seconds from 1 "
                                          "to %1 (a year), not \"%2\"")
                               .arg(MaxDurationSeconds)
                               .arg(parser.value(duration));
            return result;
        }
        if (!cl.headless) {
            result.error = QStringLiteral("--duration only applies with --headless");
            return result;
        }
    }
    if (parser.isSet(importSamples) && parser.isSet(exportData)) {
        result.error = QStringLiteral("--import-samples and --export cannot be combined: run "
                                      "one, then the other");
        return result;
    }
    if (parser.isSet(importSamples) || parser.isSet(exportData)) {
        const QString name = parser.isSet(importSamples) ? QStringLiteral("--import-samples")
                                                         : QStringLiteral("--export");
        if (!cl.headless) {
            result.error = QStringLiteral("%1 only runs with --headless").arg(name);
            return result;
        }
        if (parser.isSet(duration)) {
            result.error =
                QStringLiteral("--duration does not apply to %1: it runs once and exits").arg(name);
            return result;
        }
    }
    if (parser.isSet(importSamples)) {
        const QString file = parser.value(importSamples);
        if (file.isEmpty()) {
            result.error = QStringLiteral("--import-samples needs the path of a CSV file");
            return result;
        }
        cl.importSamplesPath = QDir::current().absoluteFilePath(file);
    }
    if (parser.isSet(exportData)) {
        cl.exportKind = parser.value(exportData);
        if (!exportKinds().contains(cl.exportKind)) {
            result.error = QStringLiteral("--export cannot export \"%1\"; supported: %2")
                               .arg(cl.exportKind, exportKinds().join(QStringLiteral(", ")));
            return result;
        }
    }
    // Options that change nothing in this mode are named, not ignored silently.
    const auto unused = [&](const QCommandLineOption &option, const QString &why) {
        if (parser.isSet(option))
            result.warnings.append(QStringLiteral("--%1 does not apply %2; it is ignored")
                                       .arg(option.names().constFirst(), why));
    };
    const QString oneShot = parser.isSet(importSamples) ? QStringLiteral("--import-samples")
                            : parser.isSet(exportData)  ? QStringLiteral("--export")
                                                        : QString();
    if (cl.headless)
        unused(theme, QStringLiteral("without a window"));
    if (!oneShot.isEmpty()) {
        for (const QCommandLineOption *option :
             {&speed, &seed, &platform, &twitchApi, &twitchAuth, &youtubeApi, &youtubeSearch,
              &youtubeChannel, &kickApi, &kickAuth})
            unused(*option, QStringLiteral("to %1, which collects nothing").arg(oneShot));
    } else {
        if (!cl.demo) {
            for (const QCommandLineOption *option : {&speed, &seed})
                unused(*option, QStringLiteral("without the Demo (add --platform demo to run it)"));
        }
        if (cl.headless && !cl.twitch) {
            for (const QCommandLineOption *option : {&twitchApi, &twitchAuth})
                unused(*option, QStringLiteral("without --platform twitch"));
        }
        if (cl.headless && !cl.youtube) {
            for (const QCommandLineOption *option : {&youtubeApi, &youtubeSearch, &youtubeChannel})
                unused(*option, QStringLiteral("without --platform youtube"));
        }
        if (cl.headless && !cl.kick) {
            for (const QCommandLineOption *option : {&kickApi, &kickAuth})
                unused(*option, QStringLiteral("without --platform kick"));
        }
    }
    cl.databaseExplicit = parser.isSet(database);
    cl.databasePath = parser.isSet(database)
                          ? QDir::current().absoluteFilePath(parser.value(database))
                          : defaultDatabasePath();
    result.options = cl;
    return result;
}

bool needsThrowawayDatabase(const CommandLine &options, bool demoRuns)
{
    return demoRuns && options.demoSpeed > 1.0 && !options.databaseExplicit &&
           options.importSamplesPath.isEmpty() && options.exportKind.isEmpty();
}

} // namespace StreamRank
