// streamrank-fakeplatform: serves the fake Twitch on loopback for manual runs
// of the app or a collector against it. Ctrl-C (the default SIGINT action) ends it.
#include "faketwitchserver.h"
#include "faultspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

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
        u"A fake Twitch (id.twitch.tv + Helix) on loopback, with a seeded population."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on (0 = any free)."_s, u"N"_s,
                                        u"0"_s);
    const QCommandLineOption streamsOption(u"streams"_s, u"Live streams in the population."_s,
                                           u"N"_s, u"5000"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Population seed."_s, u"N"_s, u"1"_s);
    const QCommandLineOption clientIdOption(u"client-id"_s, u"Client id to accept."_s, u"X"_s,
                                            u"fake-client-id"_s);
    const QCommandLineOption secretOption(u"client-secret"_s, u"Client secret to accept."_s, u"Y"_s,
                                          u"fake-client-secret"_s);
    const QCommandLineOption noRateOption(u"no-rate-limit"_s, u"Disable the token bucket."_s);
    const QCommandLineOption verboseOption(u"verbose"_s, u"Print a line per request."_s);
    const QCommandLineOption faultOption(
        u"fault"_s,
        u"Inject a fault, repeatable, in the order given: KIND[xN|x*][:DELAY][,skip=N]"
        "[,path=/helix/...]; KIND one of %1. E.g. 429x3, slow:20s, drip:5s, 500x2,skip=1. "
        "See docs/TWITCH.md."_s.arg(faultSpecKinds().join(u", ")),
        u"spec"_s);
    parser.addOptions({portOption, streamsOption, seedOption, clientIdOption, secretOption,
                       noRateOption, verboseOption, faultOption});
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
    QList<Fault> faults;
    for (const QString &spec : parser.values(faultOption)) {
        QString error;
        if (const auto fault = parseFaultSpec(spec, &error)) {
            faults.append(*fault);
        } else {
            printLine(error);
            ok = false;
        }
    }
    if (!ok)
        return 2;

    FakeTwitchServer server(config);
    for (const Fault &fault : std::as_const(faults))
        server.addFault(fault);
    if (!server.listen(port)) {
        printLine(u"cannot listen on port "_s + QString::number(port));
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
    }
    return QCoreApplication::exec();
}
