// A full Twitch census of 100,000 live streams (1,000 pages of 100) from the
// fake Twitch server over real loopback HTTP, pacing disabled, then persisted
// with CensusStore into a fresh SQLite file.
//
// The server runs on its own thread, so the collector thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID of the thread the collector lives on) is the
// client-side cost: receiving each reply from Qt's HTTP thread, parsing it,
// de-duplicating, requesting the next page, and handing the census over.
// Divided by the pages, that is "client CPU per page" (target ≤ 1 ms). The
// peer, measured in the same run: parseStreamsPage alone on one 100-item page
// body, which is the floor of that cost.

#include "benchsupport.h"

#include "censusstore.h"
#include "database.h"
#include "faketwitchserver.h"
#include "helixclient.h"
#include "twitchcollector.h"
#include "twitchparsers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <ctime>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

// One page as Twitch sends it: 100 items with every field.
QByteArray samplePage(const QVector<Fake::FakeStream> &live)
{
    QJsonArray data;
    for (int i = 0; i < 100 && i < live.size(); ++i) {
        const Fake::FakeStream &s = live.at(i);
        data.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("user_id"), s.userId},
            {QStringLiteral("user_login"), s.userLogin},
            {QStringLiteral("user_name"), s.userName},
            {QStringLiteral("game_id"), s.gameId},
            {QStringLiteral("game_name"), s.gameName},
            {QStringLiteral("type"), QStringLiteral("live")},
            {QStringLiteral("title"), s.title},
            {QStringLiteral("tags"), QJsonArray{QStringLiteral("English")}},
            {QStringLiteral("viewer_count"), s.viewers},
            {QStringLiteral("started_at"), QStringLiteral("2026-11-21T08:04:21Z")},
            {QStringLiteral("language"), s.language},
            {QStringLiteral("thumbnail_url"),
             QStringLiteral(
                 "https://static-cdn.jtvnw.net/previews-ttv/live_user_%1-{width}x{height}.jpg")
                 .arg(s.userLogin)},
            {QStringLiteral("tag_ids"), QJsonArray{}},
            {QStringLiteral("is_mature"), false}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), data},
                                     {QStringLiteral("pagination"),
                                      QJsonObject{{QStringLiteral("cursor"),
                                                   QStringLiteral("eyJiIjp7fX0")}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\nstreamrank.*.info=false"));
    QCommandLineParser parser;
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Live streams (default 100000)."),
                                           QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Censuses to time (default 3)."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({streamsOption, runsOption});
    parser.addHelpOption();
    parser.process(app);
    const int streams = parser.value(streamsOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());

    printHeader("bench_twitch_census",
                {QStringLiteral("fake Twitch server on its own thread, %1 live streams, rate "
                                "limit off, viewer drift off; collector pacing off")
                     .arg(streams)});

    Fake::FakeTwitchConfig fc;
    fc.liveStreams = streams;
    fc.rateLimitEnabled = false;
    fc.viewerDriftPerRequest = 0;
    auto *server = new Fake::FakeTwitchServer(fc);
    QThread serverThread;
    serverThread.setObjectName(QStringLiteral("fake-twitch"));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(
        server, [&] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        printLine(QStringLiteral("FAILED: the fake server could not listen"));
        return 1;
    }

    TwitchConfig config;
    config.apiUrl = QUrl(server->apiUrl());
    config.authUrl = QUrl(server->authUrl());
    config.clientId = server->config().clientId;
    config.clientSecret = server->config().clientSecret;
    config.pacing = false;
    config.fullCensusEvery = 1;
    config.once = true;
    config.requestTimeoutMs = 30000;

    Table table({QStringLiteral("run"), QStringLiteral("streams"), QStringLiteral("pages"),
                 QStringLiteral("wall s"), QStringLiteral("client CPU ms"),
                 QStringLiteral("CPU/page ms"), QStringLiteral("persist s")});
    std::vector<double> perPage;
    std::vector<double> persist;
    Census last;
    for (int run = 0; run < runs; ++run) {
        TwitchCollector collector(config, std::make_shared<SystemClock>());
        std::optional<Census> census;
        QObject::connect(&collector, &Collector::censusReady, &collector,
                         [&](const Census &c) { census = c; });
        QEventLoop loop;
        QObject::connect(&collector, &TwitchCollector::runFinished, &loop, &QEventLoop::quit);
        QElapsedTimer wall;
        wall.start();
        const double cpu0 = threadCpuMs();
        collector.start();
        loop.exec();
        const double cpuMs = threadCpuMs() - cpu0;
        const double wallS = double(wall.nsecsElapsed()) / 1e9;
        if (!census) {
            printLine(QStringLiteral("FAILED: no census"));
            return 1;
        }
        const int pages = census->stats.pagesOk;
        perPage.push_back(cpuMs / std::max(1, pages));

        // The whole census persisted, as the writer thread would: a fresh file each run.
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("twitch.sqlite")));
        if (!db) {
            printLine(QStringLiteral("FAILED: %1").arg(db.error().message));
            return 1;
        }
        double persistS = 0;
        {
            CensusStore store((*db)->handle());
            QElapsedTimer t;
            t.start();
            const auto stored = store.write(*census);
            persistS = double(t.nsecsElapsed()) / 1e9;
            if (!stored) {
                printLine(QStringLiteral("FAILED: %1").arg(stored.error()));
                return 1;
            }
        }
        persist.push_back(persistS);
        table.add({QString::number(run + 1), QString::number(census->streams.size()),
                   QString::number(pages), fmt(wallS, 2), fmt(cpuMs, 0), fmt(perPage.back(), 3),
                   fmt(persistS, 2)});
        last = *census;
    }
    table.print();

    // The floor: parsing one page body, nothing else.
    const QByteArray body = samplePage(server->liveStreams());
    std::vector<double> parseMs;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer t;
        t.start();
        const Twitch::StreamsPage page = Twitch::parseStreamsPage(body);
        parseMs.push_back(double(t.nsecsElapsed()) / 1e6);
        if (page.streams.size() != 100) {
            printLine(QStringLiteral("FAILED: sample page parsed to %1 streams")
                          .arg(page.streams.size()));
            return 1;
        }
    }
    const Stats cpuStats = statsOf(perPage);
    const Stats parseStats = statsOf(parseMs);
    printLine(QStringLiteral("client CPU per page: median %1 ms (min %2) — target <= 1 ms")
                  .arg(fmt(cpuStats.median, 3), fmt(cpuStats.min, 3)));
    printLine(QStringLiteral("peer: parseStreamsPage of one %1-byte page alone: median %2 ms")
                  .arg(body.size())
                  .arg(fmt(parseStats.median, 3)));
    printLine(QStringLiteral("census persisted (first census, all streams new): median %1 s")
                  .arg(fmt(statsOf(persist).median, 2)));
    printFooter();

    serverThread.quit(); // deletes the server on its thread
    serverThread.wait();
    return 0;
}
