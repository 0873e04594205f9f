// FakeYouTubeWorld, generation: the seeded channels and videos, drawn from
// tables of places, languages, categories and title templates.
#include "fakeyoutubeworld.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

struct Locale
{
    const char *country, *language;
    double share;
};

// Where channels are and what they speak; the empty country is a channel that
// never set one (it matches no regionCode).
constexpr Locale Locales[] = {
    {"US", "en", .26}, {"GB", "en", .05}, {"CA", "en", .03}, {"IN", "hi", .05}, {"IN", "en", .03},
    {"JP", "ja", .10}, {"KR", "ko", .06}, {"BR", "pt", .08}, {"MX", "es", .05}, {"ES", "es", .03},
    {"AR", "es", .02}, {"DE", "de", .04}, {"FR", "fr", .04}, {"RU", "ru", .04}, {"ID", "id", .04},
    {"TW", "zh", .02}, {"PH", "en", .02}, {"TR", "tr", .02}, {"", "en", .02},
};

struct Category
{
    const char *id;
    double share;
    const char *topics[4];
};

constexpr Category Categories[] = {
    {"20", .33, {"Pixel Frontier", "Star Tactics ranked", "Dungeon Drift speedrun", "Neon Arena"}},
    {"24", .14, {"late night talk show", "reaction marathon", "Q&A", "game show night"}},
    {"22", .12, {"just chatting", "city walk", "cooking dinner", "day in the life"}},
    {"10", .10, {"lofi beats to study to", "jazz radio", "piano requests", "synthwave radio"}},
    {"25", .06, {"world news live", "breaking news", "election night", "markets open"}},
    {"17", .05, {"match day", "post-game show", "marathon coverage", "training camp"}},
    {"27", .04, {"study with me", "math homework help", "language exchange", "history hour"}},
    {"28", .04, {"rocket launch", "coding a compiler", "PC build", "telescope night"}},
    {"26", .03, {"cooking class", "knitting circle", "woodworking", "makeup tutorial"}},
    {"23", .02, {"stand-up open mic", "improv night", "sketch writing", "roast battle"}},
    {"1", .02, {"movie watch-along", "animation timelapse", "short film premiere", "storyboards"}},
    {"2", .01, {"track day", "garage build", "car auction", "road trip"}},
    {"15", .02, {"kitten cam", "aquarium cam", "puppy training", "bird feeder cam"}},
    {"19", .02, {"Tokyo walk", "night train ride", "beach cam", "mountain hike"}},
};

template <typename T, size_t N> const T &pick(FakeRng &rng, const T (&table)[N])
{
    double u = rng.uniform();
    for (const T &entry : table) {
        if (u < entry.share)
            return entry;
        u -= entry.share;
    }
    return table[0];
}

QString syllables(FakeRng &rng, int n)
{
    static const char *const parts[] = {"ka", "ri", "to", "mo", "ne",  "lu", "sa",
                                        "vi", "zo", "pe", "da", "gu",  "xi", "ba",
                                        "fe", "no", "ra", "ki", "tan", "vel"};
    QString out;
    for (int i = 0; i < n; ++i)
        out += QLatin1String(parts[rng.bounded(int(std::size(parts)))]);
    return out;
}

// What YouTube shows: three significant figures (12,345 -> 12,300).
qint64 roundedSubscribers(qint64 n)
{
    qint64 unit = 1;
    while (n / unit >= 1000)
        unit *= 10;
    return n / unit * unit;
}

QString audioLanguage(FakeRng &rng, const QString &language, const QString &country)
{
    const double u = rng.uniform();
    if (u < 0.1)
        return QString(); // not set
    if (u < 0.45 && !country.isEmpty()) {
        if (language == u"es" && country != u"ES")
            return u"es-419"_s;
        if (language == u"zh")
            return u"zh-Hant"_s;
        return language + u'-' + country; // "en-US", "pt-BR"...
    }
    return language;
}

QString titleFor(FakeRng &rng, const FakeYouTubeChannel &channel, const QString &topic,
                 FakeVideoState state)
{
    QString capital = topic;
    capital[0] = capital[0].toUpper();
    if (state == FakeVideoState::Upload)
        return rng.uniform() < 0.5
                   ? QString(capital + u" highlights"_s)
                   : QString(u"Best of "_s + topic + u" #"_s + QString::number(rng.bounded(99)));
    if (channel.language == u"ja" && rng.uniform() < 0.7)
        return u"【生配信】"_s + topic + u" 配信中"_s;
    if (channel.language == u"es" && rng.uniform() < 0.5)
        return u"EN VIVO: "_s + topic;
    if (channel.language == u"pt" && rng.uniform() < 0.5)
        return u"AO VIVO: "_s + topic;
    switch (rng.bounded(5)) {
    case 0:
        return u"🔴 LIVE: "_s + capital;
    case 1:
        return capital + u" 24/7"_s;
    case 2: // an apostrophe and an ampersand: search.list sends them HTML-escaped
        return capital + u" & chill | "_s + channel.title + u"'s stream"_s;
    case 3:
        return u"\""_s + topic + u"\" with chat #"_s + QString::number(1 + rng.bounded(400));
    default:
        return capital + u" — day "_s + QString::number(1 + rng.bounded(900));
    }
}

} // namespace

void FakeYouTubeWorld::generate(const FakeYouTubeConfig &config)
{
    *this = FakeYouTubeWorld();
    m_rng = FakeRng(config.seed ^ 0x59545542ULL); // not the fake Twitch's sequence
    m_hiddenViewersShare = config.hiddenViewersShare;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int channels = std::max(0, config.channels);
    for (int i = 0; i < channels; ++i) {
        makeChannel(i);
        FakeYouTubeChannel &c = m_channels[i];
        c.hiddenSubscribers = m_rng.uniform() < config.hiddenSubscribersShare;
        if (config.uploadsPerChannel <= 0)
            continue;
        const int past = 1 + m_rng.bounded(2 * config.uploadsPerChannel);
        for (int k = 0; k < past; ++k)
            makeVideo(i, m_rng.uniform() < 0.3 ? FakeVideoState::Ended : FakeVideoState::Upload,
                      now);
    }
    // Live broadcasts on the first channels (their order is random anyway); one
    // channel in a hundred also runs a second one that has been on for days.
    const int live = std::min(std::max(0, config.liveBroadcasts), channels);
    const int big = live == 0 ? 0 : std::max(1, live / 150);
    for (int i = 0; i < live; ++i) {
        const int v = makeVideo(i, FakeVideoState::Live, now);
        FakeYouTubeVideo &video = m_videos[v];
        if (i < big)
            video.viewers = 5000 + m_rng.bounded(195000);
        video.viewCount = qint64(video.viewers) * (1 + m_rng.bounded(20)) + m_rng.bounded(5000);
        FakeYouTubeChannel &c = m_channels[i];
        c.subscribers = std::max(c.subscribers, roundedSubscribers(qint64(video.viewers) * 40));
        if (i % 100 == 50) {
            const int second = makeVideo(i, FakeVideoState::Live, now);
            m_videos[second].actualStartMs = now - Day - qint64(m_rng.bounded(30)) * Day;
            m_videos[second].publishedAtMs = m_videos[second].actualStartMs;
        }
    }
    const int upcoming = std::min(std::max(0, config.upcomingBroadcasts), channels - live);
    for (int i = 0; i < upcoming; ++i)
        makeVideo(live + i, FakeVideoState::Upcoming, now);
    for (std::vector<int> &list : m_uploads) {
        std::stable_sort(list.begin(), list.end(), [this](int a, int b) {
            return m_videos[a].publishedAtMs > m_videos[b].publishedAtMs;
        });
    }
}

QString FakeYouTubeWorld::newId(int length, const char *lastChars, QLatin1StringView prefix)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString id;
    do {
        id = prefix;
        for (int i = 0; i < length - 1; ++i)
            id += QLatin1Char(alphabet[m_rng.bounded(64)]);
        id += QLatin1Char(lastChars[m_rng.bounded(int(std::strlen(lastChars)))]);
    } while (m_channelById.contains(id) || m_videoById.contains(id));
    return id;
}

void FakeYouTubeWorld::makeChannel(int index)
{
    FakeYouTubeChannel c;
    c.id = newId(22, "AQgw", "UC"_L1); // the real ids end in one of these
    const Locale &locale = pick(m_rng, Locales);
    c.country = QLatin1String(locale.country);
    c.language = QLatin1String(locale.language);
    c.categoryId = QLatin1String(pick(m_rng, Categories).id);
    const QString name = syllables(m_rng, 2 + m_rng.bounded(2));
    static const char *const suffixes[] = {"",        "",          " TV",   " Live",
                                           " Gaming", " Official", " Radio"};
    c.title = name + QLatin1String(suffixes[m_rng.bounded(int(std::size(suffixes)))]);
    c.title[0] = c.title[0].toUpper();
    if (c.language == u"ja" && m_rng.uniform() < 0.5)
        c.title = u"チャンネル"_s + name;
    else if (m_rng.uniform() < 0.03)
        c.title = u"Café & Co. \"Live\" "_s + QString::number(index);
    c.handle = u'@' + name + QString::number(index);
    c.description = m_rng.uniform() < 0.2
                        ? QString()
                        : u"Streams every week. Business: "_s + name + u"@example.com"_s;
    c.publishedAtMs = 1136073600000LL + qint64(m_rng.bounded(6500)) * Day; // 2006..2023
    c.subscribers = roundedSubscribers(qint64(std::pow(10.0, m_rng.uniform() * 6.7)));
    c.viewCount = c.subscribers * (20 + m_rng.bounded(400)) + m_rng.bounded(1000);
    m_channelById.insert(c.id, index);
    m_channelByHandle.insert(c.handle.mid(1).toLower(), index);
    m_channels.push_back(c);
    m_uploads.emplace_back();
}

int FakeYouTubeWorld::viewersSample()
{
    // Pareto with alpha 0.8: median about one viewer, a long tail.
    const double u = std::max(m_rng.uniform(), 1e-12);
    return int(std::min(4999.0, std::floor(std::pow(u, -1.0 / 0.8)) - 1.0));
}

int FakeYouTubeWorld::makeVideo(int channelIndex, FakeVideoState state, qint64 now)
{
    const FakeYouTubeChannel &c = m_channels[channelIndex];
    FakeYouTubeVideo v;
    v.id = newId(11, "AEIMQUYcgkosw048", ""_L1);
    v.channelId = c.id;
    v.channelTitle = c.title;
    v.categoryId = c.categoryId;
    if (m_rng.uniform() < 0.15)
        v.categoryId = QLatin1String(Categories[m_rng.bounded(int(std::size(Categories)))].id);
    const Category *category = &Categories[0];
    for (const Category &k : Categories) {
        if (v.categoryId == QLatin1String(k.id))
            category = &k;
    }
    const QString topic = QString::fromUtf8(category->topics[m_rng.bounded(4)]);
    v.state = state;
    v.title = titleFor(m_rng, c, topic, state);
    v.audioLanguage = audioLanguage(m_rng, c.language, c.country);
    const double d = m_rng.uniform();
    if (d < 0.4 && d >= 0.15) // longer than search.list's snippet of it
        v.description = u"Welcome to the "_s + topic +
                        u" stream! Chat rules: be kind, no spam, no spoilers. New streams every "
                        "week; the schedule is on the community tab. Gear, links and credits "
                        "below. Thanks for watching and see you next time!"_s;
    else if (d >= 0.4)
        v.description = u"Today: "_s + topic + u'.';
    v.commentCount = m_rng.uniform() < 0.1 ? -1 : 0;
    switch (state) {
    case FakeVideoState::Upload:
        v.publishedAtMs = now - Hour - qint64(m_rng.bounded(400 * 24)) * Hour;
        v.durationS = 60 + m_rng.bounded(3 * 3600);
        v.viewCount = qint64(std::pow(10.0, 1.0 + m_rng.uniform() * 5.0));
        break;
    case FakeVideoState::Ended:
        v.actualStartMs = now - Day - qint64(m_rng.bounded(60 * 24)) * Hour;
        v.durationS = 1200 + m_rng.bounded(8 * 3600);
        v.actualEndMs = v.actualStartMs + qint64(v.durationS) * 1000;
        if (m_rng.uniform() < 0.7)
            v.scheduledStartMs = (v.actualStartMs / (5 * Minute) + 1) * 5 * Minute;
        v.publishedAtMs = v.actualStartMs;
        v.viewCount = qint64(std::pow(10.0, 1.0 + m_rng.uniform() * 5.0));
        break;
    case FakeVideoState::Live:
        v.actualStartMs = now - Minute - qint64(m_rng.bounded(12 * 60)) * Minute;
        if (m_rng.uniform() < 0.8)
            v.scheduledStartMs = (v.actualStartMs / (5 * Minute)) * 5 * Minute;
        v.publishedAtMs = v.actualStartMs;
        v.viewers = viewersSample();
        v.hiddenViewers = m_rng.uniform() < m_hiddenViewersShare;
        v.viewCount = qint64(v.viewers) * 3 + m_rng.bounded(100);
        break;
    case FakeVideoState::Upcoming:
        v.scheduledStartMs = now + 10 * Minute + qint64(m_rng.bounded(7 * 24 * 6)) * 10 * Minute;
        v.publishedAtMs = now - 10 * Minute - qint64(m_rng.bounded(3 * 24 * 6)) * 10 * Minute;
        break;
    }
    v.likeCount = v.viewCount * (1 + m_rng.bounded(5)) / 100;
    if (v.commentCount == 0)
        v.commentCount = v.viewCount / (100 + m_rng.bounded(900));
    const int index = int(m_videos.size());
    m_videoById.insert(v.id, index);
    m_videos.push_back(v);
    m_videoChannel.push_back(channelIndex);
    m_deleted.push_back(false);
    m_uploads[size_t(channelIndex)].push_back(index); // generate() sorts; changes use toFront()
    if (state == FakeVideoState::Live)
        m_live.push_back(index);
    return index;
}

} // namespace StreamRank::Fake
