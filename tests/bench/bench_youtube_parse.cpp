// Client CPU to parse one YouTube videos.list page: 50 live videos with every
// part the collector asks for (snippet, liveStreamingDetails, statistics), at
// the sizes real pages have: descriptions from a few hundred to several
// thousand characters, some of them not ASCII, five thumbnails, tags, the
// localized copy of title and description, all pretty-printed as YouTube sends
// it. The acceptance limit is 0.5 ms per page (median and p95 are printed).
//
// Peers in the same run: QJsonDocument::fromJson alone on the same bytes (the
// floor any QJson-based parser has), and the page a request with a "fields="
// filter would get (only what parseVideosList reads).

#include "benchsupport.h"

#include "youtubeparsers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

constexpr double LimitMs = 0.5;

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate);
}

// A description of about `chars` characters: sentences, links and, for some
// channels, Japanese text and emoji, with the line breaks real ones have.
QString description(int video, int chars)
{
    static const char *const sentences[] = {
        "Welcome back to the stream! Today we continue the build and answer questions from chat.",
        "Follow on the socials for schedule updates: https://example.invalid/schedule",
        "Gear: camera, microphone, keyboard and the rest are listed at "
        "https://example.invalid/gear",
        "\xe4\xbb\x8a\xe6\x97\xa5\xe3\x82\x82\xe9\x85\x8d\xe4\xbf\xa1\xe3\x82\x92\xe8\xa6\x8b"
        "\xe3\x81\xa6\xe3\x81\x8f\xe3\x82\x8c\xe3\x81\xa6\xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c"
        "\xe3\x81\xa8\xe3\x81\x86\xef\xbc\x81 \xf0\x9f\x8e\xae\xe2\x9c\xa8",
        "Chapters: 00:00 intro, 05:12 news, 21:40 main event, 2:10:00 wrap-up.",
        "Please keep the chat friendly; moderators will time out spam. #live #coding #gaming"};
    QString text;
    text.reserve(chars + 120);
    quint64 h = mix(quint64(video) * 7919 + 13);
    while (text.size() < chars) {
        h = mix(h);
        const int pick = int(h % 6);
        // Only one channel in four writes in Japanese.
        if (pick == 3 && video % 4 != 0)
            continue;
        text += QString::fromUtf8(sentences[pick]);
        text += (h >> 8) % 3 == 0 ? QStringLiteral("\n\n") : QStringLiteral(" ");
    }
    return text;
}

QJsonObject thumbnails(const QString &id)
{
    QJsonObject t;
    const struct
    {
        const char *name;
        const char *file;
        int width;
        int height;
    } sizes[] = {{"default", "default_live", 120, 90},
                 {"medium", "mqdefault_live", 320, 180},
                 {"high", "hqdefault_live", 480, 360},
                 {"standard", "sddefault_live", 640, 480},
                 {"maxres", "maxresdefault_live", 1280, 720}};
    for (const auto &s : sizes) {
        t.insert(
            QLatin1String(s.name),
            QJsonObject{
                {QStringLiteral("url"),
                 QStringLiteral("https://i.ytimg.com/vi/%1/%2.jpg").arg(id, QLatin1String(s.file))},
                {QStringLiteral("width"), s.width},
                {QStringLiteral("height"), s.height}});
    }
    return t;
}

// One page as videos.list answers part=snippet,liveStreamingDetails,statistics.
QByteArray fullPage(int videos)
{
    QJsonArray items;
    for (int i = 0; i < videos; ++i) {
        const QString id = QStringLiteral("v%1").arg(mix(quint64(i)) % 10'000'000'000ull, 10, 36,
                                                     QLatin1Char('0'));
        const QString channelId = QStringLiteral("UC%1").arg(
            mix(quint64(i) + 99) % 1'000'000'000'000'000ull, 22, 36, QLatin1Char('x'));
        const QString title =
            QStringLiteral("LIVE: building things with chat | day %1 | !discord !schedule").arg(i);
        // Pareto-ish lengths: most a few hundred characters, some several thousand.
        const int chars = 200 + int(std::min(4800.0, 400.0 * std::pow(unit(quint64(i) + 5), -0.8)));
        const QString text = description(i, chars);
        const qint64 startMs = kStartMs - qint64(mix(quint64(i) + 1) % (6 * 3600)) * 1000;
        QJsonArray tags;
        for (int t = 0; t < 12; ++t)
            tags.append(QStringLiteral("tag %1 of %2").arg(t).arg(i % 7));
        const QJsonObject snippet{
            {QStringLiteral("publishedAt"), rfc3339(startMs - 600'000)},
            {QStringLiteral("channelId"), channelId},
            {QStringLiteral("title"), title},
            {QStringLiteral("description"), text},
            {QStringLiteral("thumbnails"), thumbnails(id)},
            {QStringLiteral("channelTitle"), QStringLiteral("Channel number %1").arg(i)},
            {QStringLiteral("tags"), tags},
            {QStringLiteral("categoryId"), i % 3 ? QStringLiteral("20") : QStringLiteral("28")},
            {QStringLiteral("liveBroadcastContent"), QStringLiteral("live")},
            {QStringLiteral("defaultLanguage"), QStringLiteral("en")},
            {QStringLiteral("localized"),
             QJsonObject{{QStringLiteral("title"), title}, {QStringLiteral("description"), text}}},
            {QStringLiteral("defaultAudioLanguage"),
             i % 4 ? QStringLiteral("en-US") : QStringLiteral("ja")}};
        const QJsonObject live{
            {QStringLiteral("actualStartTime"), rfc3339(startMs)},
            {QStringLiteral("scheduledStartTime"), rfc3339(startMs - 60'000)},
            {QStringLiteral("concurrentViewers"),
             QString::number(int(std::min(300'000.0, 3.0 / unit(quint64(i) + 17))))},
            {QStringLiteral("activeLiveChatId"),
             QStringLiteral("Cg0KC%1KicKGFVD%2").arg(id, channelId)}};
        const QJsonObject statistics{
            {QStringLiteral("viewCount"), QString::number(mix(quint64(i)) % 2'000'000)},
            {QStringLiteral("likeCount"), QString::number(mix(quint64(i) + 3) % 50'000)},
            {QStringLiteral("favoriteCount"), QStringLiteral("0")},
            {QStringLiteral("commentCount"), QStringLiteral("0")}};
        items.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("youtube#video")},
                                 {QStringLiteral("etag"), QStringLiteral("etag%1").arg(i)},
                                 {QStringLiteral("id"), id},
                                 {QStringLiteral("snippet"), snippet},
                                 {QStringLiteral("statistics"), statistics},
                                 {QStringLiteral("liveStreamingDetails"), live}});
    }
    return QJsonDocument(
               QJsonObject{{QStringLiteral("kind"), QStringLiteral("youtube#videoListResponse")},
                           {QStringLiteral("etag"), QStringLiteral("pageEtag")},
                           {QStringLiteral("items"), items},
                           {QStringLiteral("pageInfo"),
                            QJsonObject{{QStringLiteral("totalResults"), videos},
                                        {QStringLiteral("resultsPerPage"), videos}}}})
        .toJson(QJsonDocument::Indented);
}

// The same page as a "fields=" filter would trim it: only what the parser reads.
QByteArray trimmedPage(const QByteArray &full)
{
    static const char *const snippetKeys[] = {
        "channelId",       "channelTitle",        "title", "categoryId", "liveBroadcastContent",
        "defaultLanguage", "defaultAudioLanguage"};
    QJsonArray items;
    const QJsonArray source = QJsonDocument::fromJson(full).object().value(u"items").toArray();
    for (const QJsonValue &v : source) {
        const QJsonObject o = v.toObject();
        const QJsonObject sn = o.value(u"snippet").toObject();
        QJsonObject snippet;
        for (const char *key : snippetKeys)
            snippet.insert(QLatin1String(key), sn.value(QLatin1String(key)));
        QJsonObject live = o.value(u"liveStreamingDetails").toObject();
        live.remove(u"activeLiveChatId");
        items.append(QJsonObject{{QStringLiteral("id"), o.value(u"id")},
                                 {QStringLiteral("snippet"), snippet},
                                 {QStringLiteral("liveStreamingDetails"), live}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), items}})
        .toJson(QJsonDocument::Indented);
}

struct Timing
{
    double median = 0;
    double p95 = 0;
    double min = 0;
};

// Thread CPU time of `work`, once per sample, after a warm-up.
Timing measure(int samples, const std::function<void()> &work)
{
    for (int i = 0; i < 50; ++i)
        work();
    std::vector<double> ms;
    ms.reserve(size_t(samples));
    for (int i = 0; i < samples; ++i) {
        const double t0 = threadCpuMs();
        work();
        ms.push_back(threadCpuMs() - t0);
    }
    std::sort(ms.begin(), ms.end());
    Timing t;
    t.median = statsOf(ms).median;
    t.p95 = ms[std::min(ms.size() - 1, size_t(double(ms.size()) * 0.95))];
    t.min = ms.front();
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    const QCommandLineOption samplesOption(
        QStringLiteral("samples"), QStringLiteral("Pages parsed per variant (default 2000)."),
        QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption videosOption(QStringLiteral("videos"),
                                          QStringLiteral("Videos per page (default 50, the most "
                                                         "videos.list returns)."),
                                          QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption saveOption(QStringLiteral("save-page"),
                                        QStringLiteral("Also write the full page to FILE."),
                                        QStringLiteral("FILE"));
    parser.addOptions({samplesOption, videosOption, saveOption});
    parser.addHelpOption();
    parser.process(app);
    const int samples = std::max(20, parser.value(samplesOption).toInt());
    const int videos = std::clamp(parser.value(videosOption).toInt(), 1, 50);

    const QByteArray full = fullPage(videos);
    const QByteArray trimmed = trimmedPage(full);
    if (parser.isSet(saveOption)) {
        QFile out(parser.value(saveOption));
        if (!out.open(QIODevice::WriteOnly) || out.write(full) != full.size()) {
            printLine(QStringLiteral("FAILED: cannot write %1").arg(out.fileName()));
            return 1;
        }
    }
    printHeader("bench_youtube_parse",
                {QStringLiteral("videos.list page: %1 live videos, "
                                "part=snippet,liveStreamingDetails,statistics, %2 bytes "
                                "(%3 bytes a video); %4 samples per row, thread CPU time")
                     .arg(videos)
                     .arg(full.size())
                     .arg(full.size() / videos)
                     .arg(samples)});

    // The parser must read the page as a collector would need it.
    const YouTube::VideosPage check = YouTube::parseVideosList(full);
    int live = 0;
    for (const YouTube::Video &v : check.videos)
        live += v.isLive() && v.concurrentViewers && !v.language.isEmpty() ? 1 : 0;
    if (!check.error.isEmpty() || live != videos || check.malformedItems != 0 ||
        check.unreadableFields != 0 || YouTube::parseVideosList(trimmed).videos.size() != videos) {
        printLine(QStringLiteral("FAILED: the sample page parsed to %1 live videos of %2 (%3)")
                      .arg(live)
                      .arg(videos)
                      .arg(check.error));
        return 1;
    }

    qsizetype sink = 0;
    const Timing parse =
        measure(samples, [&] { sink += YouTube::parseVideosList(full).videos.size(); });
    const Timing json =
        measure(samples, [&] { sink += QJsonDocument::fromJson(full).object().size(); });
    const Timing fields =
        measure(samples, [&] { sink += YouTube::parseVideosList(trimmed).videos.size(); });

    Table table({QStringLiteral("variant"), QStringLiteral("bytes"), QStringLiteral("median ms"),
                 QStringLiteral("p95 ms"), QStringLiteral("min ms")});
    const auto row = [&](const char *name, qsizetype bytes, const Timing &t) {
        table.add({QLatin1String(name), QString::number(bytes), fmt(t.median, 3), fmt(t.p95, 3),
                   fmt(t.min, 3)});
    };
    row("parseVideosList, full page", full.size(), parse);
    row("  peer: QJsonDocument::fromJson alone", full.size(), json);
    row("  peer: parseVideosList, fields= page", trimmed.size(), fields);
    table.print();

    const bool within = parse.median <= LimitMs && parse.p95 <= LimitMs;
    printLine(QStringLiteral("client CPU per page: median %1 ms, p95 %2 ms — limit <= %3 ms: %4")
                  .arg(fmt(parse.median, 3), fmt(parse.p95, 3), fmt(LimitMs, 1),
                       within ? QStringLiteral("within") : QStringLiteral("OVER")));
    printLine(QStringLiteral("(checksum %1)").arg(sink));
    printFooter();
    return 0;
}
