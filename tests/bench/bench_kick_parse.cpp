// Client CPU to parse Kick live-stream pages: 100 streams as GET
// /public/v1/livestreams answers them (its most; broadcaster and channel ids,
// slug, title, category with thumbnail, language, viewer count, start,
// mature flag, custom tags, thumbnail and profile picture URLs), the same 100
// as /public/v2/livestreams documents them, and a v2 page of 1,000 (its most),
// reported per 100 streams. Compact JSON, as Kick's Go servers send it. The
// acceptance limit is 0.5 ms per 100 streams (median and p95 are printed).
//
// Peers in the same run: QJsonDocument::fromJson alone on the v1 and v2 pages
// of 100 (the floor any QJson-based parser has).

#include "benchsupport.h"

#include "kickparsers.h"

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

constexpr double LimitMsPer100 = 0.5;

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

struct Stream
{
    qint64 broadcaster;
    qint64 channel;
    QString slug;
    QString title;
    int categoryId;
    QString categoryName;
    QString language;
    int viewers;
    qint64 startMs;
    bool mature;
    QJsonArray tags;
};

// A directory's streams: heavy-tailed viewer counts, titles of every length
// (some with emoji and non-Latin text), the category mix of a real directory.
Stream stream(int i)
{
    static const char *const categories[] = {
        "Just Chatting", "Slots & Casino", "Grand Theft Auto V", "Counter-Strike 2", "Fortnite",
        "IRL",           "Minecraft",      "League of Legends"};
    static const char *const languages[] = {"en", "en", "en", "es", "es", "pt-BR",
                                            "de", "fr", "ar", "tr", "ru", "ja"};
    static const char *const titles[] = {
        "LIVE NOW | chatting with viewers !discord !socials",
        "Ranked grind to the top, day %1 \xf0\x9f\x94\xa5\xf0\x9f\x94\xa5",
        "\xd9\x85\xd8\xa8\xd8\xa7\xd8\xb4\xd8\xb1 \xd8\xa7\xd9\x84\xd8\xa2\xd9\x86 - %1",
        "late night stream, come hang out and say hi",
        "BIG BONUS HUNT #%1 | !giveaway every 30 minutes | 18+ only",
        "\xe9\x85\x8d\xe4\xbf\xa1\xe4\xb8\xad\xef\xbc\x81 day %1"};
    const quint64 h = mix(quint64(i) + 11);
    Stream s;
    s.broadcaster = 10'000 + qint64(mix(quint64(i)) % 90'000'000);
    s.channel = s.broadcaster - 40 - qint64(h % 100);
    s.slug = QStringLiteral("streamer-%1").arg(s.broadcaster);
    s.title = QString::fromUtf8(titles[h % 6]);
    if (s.title.contains(QLatin1String("%1")))
        s.title = s.title.arg(i);
    const int pick = int((h >> 8) % 8);
    s.categoryId = 15 + pick * 37;
    s.categoryName = QString::fromUtf8(categories[pick]);
    s.language = QString::fromUtf8(languages[(h >> 16) % 12]);
    s.viewers = int(std::min(250'000.0, 2.0 / unit(quint64(i) + 17)));
    s.startMs = kStartMs - qint64((h >> 20) % (8 * 3600)) * 1000;
    s.mature = (h >> 28) % 5 == 0;
    for (int t = 0; t < int((h >> 32) % 6); ++t)
        s.tags.append(QStringLiteral("tag%1").arg((h >> (36 + t)) % 40));
    return s;
}

QString thumbnail(const Stream &s)
{
    return QStringLiteral("https://images.kick.com/video_thumbnails/%1/%2/480.webp")
        .arg(QString::number(s.broadcaster, 36), QString::number(mix(quint64(s.channel)), 36));
}

QString picture(const Stream &s)
{
    return QStringLiteral("https://files.kick.com/images/user/%1/profile_image/conversion/"
                          "%2-fullsize.webp")
        .arg(s.broadcaster)
        .arg(QString::number(mix(quint64(s.broadcaster)), 16));
}

QJsonObject category(const Stream &s)
{
    return QJsonObject{{QStringLiteral("id"), s.categoryId},
                       {QStringLiteral("name"), s.categoryName},
                       {QStringLiteral("thumbnail"),
                        QStringLiteral("https://files.kick.com/images/subcategories/%1/banner/"
                                       "b697a8a3-62db-4779-aa76-e4e47662af97")
                            .arg(s.categoryId)}};
}

QByteArray v1Page(int streams)
{
    QJsonArray items;
    for (int i = 0; i < streams; ++i) {
        const Stream s = stream(i);
        items.append(QJsonObject{{QStringLiteral("broadcaster_user_id"), s.broadcaster},
                                 {QStringLiteral("category"), category(s)},
                                 {QStringLiteral("channel_id"), s.channel},
                                 {QStringLiteral("custom_tags"), s.tags},
                                 {QStringLiteral("has_mature_content"), s.mature},
                                 {QStringLiteral("language"), s.language},
                                 {QStringLiteral("profile_picture"), picture(s)},
                                 {QStringLiteral("slug"), s.slug},
                                 {QStringLiteral("started_at"), rfc3339(s.startMs)},
                                 {QStringLiteral("stream_title"), s.title},
                                 {QStringLiteral("thumbnail"), thumbnail(s)},
                                 {QStringLiteral("viewer_count"), s.viewers}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), items},
                                     {QStringLiteral("message"), QStringLiteral("OK")}})
        .toJson(QJsonDocument::Compact);
}

QByteArray v2Page(int streams)
{
    QJsonArray items;
    for (int i = 0; i < streams; ++i) {
        const Stream s = stream(i);
        const QString id =
            QStringLiteral("%1-%2-4%3-a%4-%5")
                .arg(mix(quint64(i)) % 0xffffffffu, 8, 16, QLatin1Char('0'))
                .arg(mix(quint64(i) + 1) % 0xffffu, 4, 16, QLatin1Char('0'))
                .arg(mix(quint64(i) + 2) % 0xfffu, 3, 16, QLatin1Char('0'))
                .arg(mix(quint64(i) + 3) % 0xfffu, 3, 16, QLatin1Char('0'))
                .arg(mix(quint64(i) + 4) % 0xffffffffffffull, 12, 16, QLatin1Char('0'));
        items.append(
            QJsonObject{{QStringLiteral("broadcaster_user"),
                         QJsonObject{{QStringLiteral("id"), s.broadcaster},
                                     {QStringLiteral("profile_picture"), picture(s)},
                                     {QStringLiteral("username"), s.slug}}},
                        {QStringLiteral("category"), category(s)},
                        {QStringLiteral("channel"), QJsonObject{{QStringLiteral("slug"), s.slug}}},
                        {QStringLiteral("has_mature_content"), s.mature},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("language_code"), s.language},
                        {QStringLiteral("started_at"), rfc3339(s.startMs)},
                        {QStringLiteral("tags"), s.tags},
                        {QStringLiteral("thumbnail"), thumbnail(s)},
                        {QStringLiteral("title"), s.title},
                        {QStringLiteral("viewer_count"), s.viewers}});
    }
    return QJsonDocument(
               QJsonObject{{QStringLiteral("data"), items},
                           {QStringLiteral("message"), QStringLiteral("OK")},
                           {QStringLiteral("pagination"),
                            QJsonObject{{QStringLiteral("next_cursor"),
                                         QStringLiteral("eyJzIjoxNjk5OTk5MjAwLCJpIjoiMDAwIn0")}}}})
        .toJson(QJsonDocument::Compact);
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

// The page must read as the collector needs it: every stream with its
// broadcaster, a count, a start (so a session key) and a language.
bool readsWhole(const Kick::LivestreamsPage &page, int streams)
{
    int good = 0;
    for (const Kick::Livestream &s : page.items) {
        const bool ok = s.viewerCount >= 0 && !s.language.isEmpty() && !s.slug.isEmpty() &&
                        !Kick::sessionKey(s.broadcasterUserId, s.startedAtMs).isEmpty();
        good += ok ? 1 : 0;
    }
    return page.error.isEmpty() && good == streams && page.malformedItems == 0 &&
           page.unreadableFields == 0;
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
    const QCommandLineOption saveOption(QStringLiteral("save-page"),
                                        QStringLiteral("Also write the v1 page of 100 to FILE."),
                                        QStringLiteral("FILE"));
    parser.addOptions({samplesOption, saveOption});
    parser.addHelpOption();
    parser.process(app);
    const int samples = std::max(20, parser.value(samplesOption).toInt());

    const QByteArray v1 = v1Page(100);
    const QByteArray v2 = v2Page(100);
    const QByteArray v2Full = v2Page(1000);
    if (parser.isSet(saveOption)) {
        QFile out(parser.value(saveOption));
        if (!out.open(QIODevice::WriteOnly) || out.write(v1) != v1.size()) {
            printLine(QStringLiteral("FAILED: cannot write %1").arg(out.fileName()));
            return 1;
        }
    }
    printHeader("bench_kick_parse",
                {QStringLiteral("livestreams pages: v1 100 streams %1 bytes (%2 a stream), v2 100 "
                                "streams %3 bytes, v2 1,000 streams %4 bytes; compact JSON; "
                                "%5 samples per row, thread CPU time")
                     .arg(v1.size())
                     .arg(v1.size() / 100)
                     .arg(v2.size())
                     .arg(v2Full.size())
                     .arg(samples)});

    if (!readsWhole(Kick::parseLivestreams(v1), 100) ||
        !readsWhole(Kick::parseLivestreams(v2), 100) ||
        !readsWhole(Kick::parseLivestreams(v2Full), 1000) ||
        Kick::parseLivestreams(v2).nextCursor.isEmpty()) {
        printLine(QStringLiteral("FAILED: a sample page did not parse to every stream"));
        return 1;
    }

    qsizetype sink = 0;
    const Timing parseV1 =
        measure(samples, [&] { sink += Kick::parseLivestreams(v1).items.size(); });
    const Timing parseV2 =
        measure(samples, [&] { sink += Kick::parseLivestreams(v2).items.size(); });
    const Timing parseFull = measure(std::max(20, samples / 10),
                                     [&] { sink += Kick::parseLivestreams(v2Full).items.size(); });
    const Timing json =
        measure(samples, [&] { sink += QJsonDocument::fromJson(v1).object().size(); });
    const Timing jsonV2 =
        measure(samples, [&] { sink += QJsonDocument::fromJson(v2).object().size(); });

    Table table({QStringLiteral("variant"), QStringLiteral("bytes"),
                 QStringLiteral("median ms / 100"), QStringLiteral("p95 ms / 100"),
                 QStringLiteral("min ms / 100")});
    const auto row = [&](const char *name, qsizetype bytes, const Timing &t, double per100) {
        table.add({QLatin1String(name), QString::number(bytes), fmt(t.median * per100, 3),
                   fmt(t.p95 * per100, 3), fmt(t.min * per100, 3)});
    };
    row("parseLivestreams, v1 page of 100", v1.size(), parseV1, 1.0);
    row("parseLivestreams, v2 page of 100", v2.size(), parseV2, 1.0);
    row("parseLivestreams, v2 page of 1,000 (per 100)", v2Full.size(), parseFull, 0.1);
    row("  peer: QJsonDocument::fromJson alone, v1 page", v1.size(), json, 1.0);
    row("  peer: QJsonDocument::fromJson alone, v2 page", v2.size(), jsonV2, 1.0);
    table.print();

    const double worstMedian = std::max({parseV1.median, parseV2.median, parseFull.median * 0.1});
    const double worstP95 = std::max({parseV1.p95, parseV2.p95, parseFull.p95 * 0.1});
    const bool within = worstMedian <= LimitMsPer100 && worstP95 <= LimitMsPer100;
    printLine(QStringLiteral("client CPU per 100 streams (worst variant): median %1 ms, p95 %2 ms "
                             "— limit <= %3 ms: %4")
                  .arg(fmt(worstMedian, 3), fmt(worstP95, 3), fmt(LimitMsPer100, 1),
                       within ? QStringLiteral("within") : QStringLiteral("OVER")));
    printLine(QStringLiteral("(checksum %1)").arg(sink));
    printFooter();
    return 0;
}
