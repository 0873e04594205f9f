// streamrank-fakeplatform: serves the fake Twitch, the fake YouTube and (with
// --kick-port) the fake Kick on loopback for manual runs of the app or a
// collector against them. Ctrl-C (the default SIGINT action) ends it.
#include "fakekickserver.h"
#include "faketwitchserver.h"
#include "fakeyoutubeserver.h"
#include "faultspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace StreamRank::Fake;

namespace {

void printLine(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"streamrank-fakeplatform"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMRANK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake Twitch (id.twitch.tv + Helix), a fake YouTube Data API v3 and, with "
        "--kick-port, a fake Kick public API (api.kick.com + id.kick.com) on loopback, with "
        "seeded populations."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(u"port"_s, u"Twitch port to listen on (0 = any free)."_s,
                                        u"N"_s, u"0"_s);
    const QCommandLineOption streamsOption(u"streams"_s, u"Live streams in the population."_s,
                                           u"N"_s, u"5000"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Population seed (both platforms)."_s, u"N"_s,
                                        u"1"_s);
    const QCommandLineOption clientIdOption(u"client-id"_s, u"Client id to accept."_s, u"X"_s,
                                            u"fake-client-id"_s);
    const QCommandLineOption secretOption(u"client-secret"_s, u"Client secret to accept."_s, u"Y"_s,
                                          u"fake-client-secret"_s);
    const QCommandLineOption noRateOption(u"no-rate-limit"_s, u"Disable the token bucket."_s);
    const QCommandLineOption youtubePortOption(
        u"youtube-port"_s, u"YouTube port to listen on (0 = any free)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption youtubeKeyOption(u"youtube-key"_s, u"YouTube API key to accept."_s,
                                              u"K"_s, u"fake-youtube-key"_s);
    const QCommandLineOption youtubeChannelsOption(
        u"youtube-channels"_s, u"YouTube channels in the population."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption youtubeLiveOption(
        u"youtube-live"_s, u"YouTube broadcasts live at start."_s, u"N"_s, u"300"_s);
    const QCommandLineOption youtubeUnitsOption(
        u"youtube-units"_s, u"YouTube daily quota in units."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption youtubeSearchesOption(
        u"youtube-searches"_s, u"YouTube search.list calls a day (its own bucket)."_s, u"N"_s,
        u"100"_s);
    const QCommandLineOption youtubeSearchCostOption(
        u"youtube-search-cost"_s,
        u"Units of the main bucket a search also costs (older docs: 100)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption noYouTubeOption(u"no-youtube"_s, u"Serve no fake YouTube."_s);
    const QCommandLineOption kickPortOption(
        u"kick-port"_s, u"Serve the fake Kick on this port (0 = any free); none without it."_s,
        u"N"_s);
    const QCommandLineOption kickClientIdOption(u"kick-client-id"_s, u"Kick client id to accept."_s,
                                                u"X"_s, u"fake-kick-client-id"_s);
    const QCommandLineOption kickSecretOption(u"kick-client-secret"_s,
                                              u"Kick client secret to accept."_s, u"Y"_s,
                                              u"fake-kick-client-secret"_s);
    const QCommandLineOption kickChannelsOption(
        u"kick-channels"_s, u"Kick channels in the population."_s, u"N"_s, u"3000"_s);
    const QCommandLineOption kickLiveOption(u"kick-live"_s, u"Kick streams live at start."_s,
                                            u"N"_s, u"400"_s);
    const QCommandLineOption kickRpmOption(
        u"kick-rpm"_s, u"Kick requests a token may make per minute (0 = no limit)."_s, u"N"_s,
        u"0"_s);
    const QCommandLineOption kickNoV2Option(
        u"kick-no-v2"_s, u"Kick's /public/v2/ paths answer 404 (clients fall back to v1)."_s);
    const QCommandLineOption verboseOption(u"verbose"_s,
                                           u"Print a line per request (YouTube keys redacted)."_s);
    const QCommandLineOption faultOption(
        u"fault"_s,
        u"Inject a fault, repeatable, in the order given: KIND[xN|x*][:DELAY][,skip=N]"
        "[,path=/helix/...|/youtube/v3/...]; KIND one of %1. E.g. 429x3, slow:20s, drip:5s, "
        "500x2,skip=1, quota,path=/youtube/v3/search, bad-item,path=/public/v2/livestreams. A "
        "/youtube/ path goes to the fake YouTube, a /public/ or /oauth/ path to the fake Kick, "
        "any other to the fake Twitch. See docs/TWITCH.md."_s.arg(faultSpecKinds().join(u", ")),
        u"spec"_s);
    parser.addOptions({portOption,
                       streamsOption,
                       seedOption,
                       clientIdOption,
                       secretOption,
                       noRateOption,
                       youtubePortOption,
                       youtubeKeyOption,
                       youtubeChannelsOption,
                       youtubeLiveOption,
                       youtubeUnitsOption,
                       youtubeSearchesOption,
                       youtubeSearchCostOption,
                       noYouTubeOption,
                       kickPortOption,
                       kickClientIdOption,
                       kickSecretOption,
                       kickChannelsOption,
                       kickLiveOption,
                       kickRpmOption,
                       kickNoV2Option,
                       verboseOption,
                       faultOption});
    parser.process(app);

    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, qint64 min, qint64 max) {
        bool good = false;
        const qint64 v = parser.value(option).toLongLong(&good);
        if (!good || v < min || v > max) {
            printLine(u"invalid value for --"_s + option.names().constFirst() + u": "_s +
                      parser.value(option));
            ok = false;
        }
        return v;
    };
    FakeTwitchConfig config;
    const auto port = quint16(number(portOption, 0, 65535));
    config.liveStreams = int(number(streamsOption, 0, 5'000'000));
    config.seed = quint64(number(seedOption, 0, std::numeric_limits<qint64>::max()));
    config.clientId = parser.value(clientIdOption);
    config.clientSecret = parser.value(secretOption);
    config.rateLimitEnabled = !parser.isSet(noRateOption);
    FakeYouTubeConfig youtube;
    const auto youtubePort = quint16(number(youtubePortOption, 0, 65535));
    youtube.seed = config.seed;
    youtube.apiKey = parser.value(youtubeKeyOption);
    youtube.channels = int(number(youtubeChannelsOption, 0, 1'000'000));
    youtube.liveBroadcasts = int(number(youtubeLiveOption, 0, 1'000'000));
    youtube.dailyUnits = int(number(youtubeUnitsOption, 0, 1'000'000'000));
    youtube.dailySearches = int(number(youtubeSearchesOption, 0, 1'000'000'000));
    youtube.searchCostUnits = int(number(youtubeSearchCostOption, 0, 1'000'000));
    if (youtube.apiKey.isEmpty()) {
        printLine(u"--youtube-key must not be empty"_s);
        ok = false;
    }
    FakeKickConfig kick;
    const bool withKick = parser.isSet(kickPortOption);
    const auto kickPort = withKick ? quint16(number(kickPortOption, 0, 65535)) : quint16(0);
    kick.seed = config.seed;
    kick.clientId = parser.value(kickClientIdOption);
    kick.clientSecret = parser.value(kickSecretOption);
    kick.channels = int(number(kickChannelsOption, 0, 1'000'000));
    kick.liveStreams = int(number(kickLiveOption, 0, 1'000'000));
    kick.requestsPerMinute = int(number(kickRpmOption, 0, 1'000'000));
    kick.v2Available = !parser.isSet(kickNoV2Option);
    if (kick.clientId.isEmpty() || kick.clientSecret.isEmpty()) {
        printLine(u"--kick-client-id and --kick-client-secret must not be empty"_s);
        ok = false;
    }
    const auto isKickPath = [](const QString &path) {
        return path.startsWith(u"/public/"_s) || path.startsWith(u"/oauth/"_s);
    };
    QList<Fault> faults;
    for (const QString &spec : parser.values(faultOption)) {
        QString error;
        if (const auto fault = parseFaultSpec(spec, &error)) {
            if (isKickPath(fault->path) && !withKick) {
                printLine(u"--fault "_s + spec + u": a Kick path needs --kick-port"_s);
                ok = false;
            }
            faults.append(*fault);
        } else {
            printLine(error);
            ok = false;
        }
    }
    if (!ok)
        return 2;

    FakeTwitchServer server(config);
    std::unique_ptr<FakeYouTubeServer> youtubeServer;
    if (!parser.isSet(noYouTubeOption))
        youtubeServer = std::make_unique<FakeYouTubeServer>(youtube);
    std::unique_ptr<FakeKickServer> kickServer;
    if (withKick)
        kickServer = std::make_unique<FakeKickServer>(kick);
    for (const Fault &fault : std::as_const(faults)) {
        if (isKickPath(fault.path))
            kickServer->addFault(fault);
        else if (fault.path.startsWith(u"/youtube/") && youtubeServer)
            youtubeServer->addFault(fault);
        else
            server.addFault(fault);
    }
    if (!server.listen(port)) {
        printLine(u"cannot listen on port "_s + QString::number(port));
        return 1;
    }
    if (youtubeServer && !youtubeServer->listen(youtubePort)) {
        printLine(u"cannot listen on port "_s + QString::number(youtubePort));
        return 1;
    }
    if (kickServer && !kickServer->listen(kickPort)) {
        printLine(u"cannot listen on port "_s + QString::number(kickPort));
        return 1;
    }
    printLine(u"Fake Twitch listening; %1 live streams, seed %2"_s.arg(config.liveStreams)
                  .arg(config.seed));
    printLine(u"  api url:       "_s + server.apiUrl());
    printLine(u"  auth url:      "_s + server.authUrl() + u"  (token: POST /oauth2/token)"_s);
    printLine(u"  client id:     "_s + config.clientId);
    printLine(u"  client secret: "_s + config.clientSecret);
    printLine(config.rateLimitEnabled
                  ? u"  rate limit:    %1 points, %2/min"_s.arg(config.bucketCapacity)
                        .arg(config.refillPerMinute)
                  : u"  rate limit:    off"_s);
    if (youtubeServer) {
        printLine(u"Fake YouTube listening; %1 channels, %2 live, seed %3"_s.arg(youtube.channels)
                      .arg(youtube.liveBroadcasts)
                      .arg(youtube.seed));
        printLine(u"  api url:       "_s + youtubeServer->apiUrl());
        printLine(u"  api key:       "_s + youtube.apiKey + u"  (disabled API: "_s +
                  youtube.disabledKeys.join(u", ") + u')');
        printLine(u"  quota:         %1 units a day, %2 searches a day, a search costs %3 units"_s
                      .arg(youtube.dailyUnits)
                      .arg(youtube.dailySearches)
                      .arg(youtube.searchCostUnits));
    }
    if (kickServer) {
        printLine(u"Fake Kick listening; %1 channels, %2 live, seed %3"_s.arg(kick.channels)
                      .arg(kick.liveStreams)
                      .arg(kick.seed));
        printLine(u"  api url:       "_s + kickServer->apiUrl() +
                  u"  (paths /public/v1/..., "
                  "/public/v2/...)"_s);
        printLine(u"  auth url:      "_s + kickServer->authUrl() +
                  u"  (token: POST /oauth/token)"_s);
        printLine(u"  client id:     "_s + kick.clientId);
        printLine(u"  client secret: "_s + kick.clientSecret);
        printLine(kick.requestsPerMinute > 0
                      ? u"  rate limit:    %1 requests a minute per token, no headers"_s.arg(
                            kick.requestsPerMinute)
                      : u"  rate limit:    off"_s);
        if (!kick.v2Available)
            printLine(u"  v2:            off (404)"_s);
    }
    for (const QString &spec : parser.values(faultOption))
        printLine(u"  fault:         "_s + spec);
    printLine(u"Ctrl-C to stop."_s);
    if (parser.isSet(verboseOption)) {
        QObject::connect(
            &server, &FakeTwitchServer::requestHandled, &server, [](const RequestRecord &r) {
                const QString query = r.query.toString(QUrl::FullyDecoded);
                printLine(
                    QDateTime::fromMSecsSinceEpoch(r.atMs).toString(u"hh:mm:ss.zzz"_s) + u' ' +
                    r.method + u' ' + r.path + (query.isEmpty() ? QString() : u'?' + query) +
                    u" -> "_s + (r.status ? QString::number(r.status) : u"closed"_s) +
                    (r.rateRemaining >= 0 ? u" (remaining %1)"_s.arg(r.rateRemaining) : QString()));
            });
        if (youtubeServer) {
            QObject::connect(
                youtubeServer.get(), &FakeYouTubeServer::requestHandled, youtubeServer.get(),
                [](const YouTubeRequestRecord &r) {
                    printLine(QDateTime::fromMSecsSinceEpoch(r.atMs).toString(u"hh:mm:ss.zzz"_s) +
                              u' ' + r.printable());
                });
        }
        if (kickServer) {
            QObject::connect(
                kickServer.get(), &FakeKickServer::requestHandled, kickServer.get(),
                [](const KickRequestRecord &r) {
                    printLine(QDateTime::fromMSecsSinceEpoch(r.atMs).toString(u"hh:mm:ss.zzz"_s) +
                              u" kick "_s + r.printable());
                });
        }
    }
    return QCoreApplication::exec();
}
