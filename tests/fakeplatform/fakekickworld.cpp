// FakeKickWorld: the seeded channels, categories and live streams, drawn from
// tables of categories, languages and title templates, and the changes tests
// make to them (streams starting and ending, counts moving).
#include "fakekickworld.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

namespace {

struct NamedCategory
{
    int id;
    const char *name; // UTF-8
    double weight;    // share of streams, relative
};

// Kick's big categories first; ids are the fake's own.
constexpr NamedCategory NamedCategories[] = {
    {15, "Just Chatting", 30},
    {28, "Slots & Casino", 14},
    {8549, "IRL", 4},
    {3, "Grand Theft Auto V", 6},
    {5, "Counter-Strike 2", 5},
    {12, "Fortnite", 3},
    {13, "League of Legends", 3},
    {39, "VALORANT", 2.5},
    {7, "Minecraft", 2.5},
    {10, "Call of Duty: Warzone", 2},
    {29, "Poker", 1.5},
    {30, "Music", 1.5},
    {41, "Rust", 1.5},
    {16, "Apex Legends", 1},
    {17, "Dota 2", 1},
    {18, "Escape from Tarkov", 1},
    {19, "ELDEN RING", 1},
    {20, "EA Sports FC 25", 1},
    {21, "Roblox", 1},
    {22, "Dead by Daylight", 0.8},
    {23, "Pokémon Scarlet & Violet", 0.8},
    {24, "Overwatch 2", 0.8},
    {25, "World of Warcraft", 0.8},
    {26, "Old School RuneScape", 0.8},
    {27, "Chess", 0.6},
    {31, "Art", 0.5},
    {32, "Sports", 0.5},
    {33, "Pools, Hot Tubs & Beaches", 0.5},
    {34, "Talk Shows & Podcasts", 0.5},
    {35, "Food & Drink", 0.4},
    {36, "Travel & Outdoors", 0.4},
    {37, "ASMR", 0.4},
    {38, "Science & Technology", 0.3},
    {40, "Marvel Rivals", 0.8},
    {42, "Deadlock", 0.4},
    {43, "Special Events", 0.2},
    {44, "Café Tycoon: Édition “Deluxe”", 0.1},
    {45, "Retro Games", 0.3},
    {46, "Among Us", 0.2},
    {47, "Crypto & Trading", 0.4},
};

struct Language
{
    const char *code;
    double share;
    const char *templates[3]; // UTF-8; %1 = the category's name
};

constexpr Language Languages[] = {
    {"en", .42, {"🔴 LIVE: %1 with chat!", "%1 grind | !socials", "\"chill\" %1 \\ day 12"}},
    {"es", .16, {"¡EN VIVO! %1 con ustedes", "jugando %1 🔥", "Mañana y tarde: %1"}},
    {"pt", .10, {"AO VIVO: %1 — bora!", "%1 com a galera", "Sessão de %1 ❤️"}},
    {"de", .06, {"Grüße! %1 mit euch", "%1 — Stream läuft", "Spät-Stream: %1"}},
    {"fr", .05, {"Soirée %1 en direct 🎉", "%1 avec vous", "Ça commence : %1"}},
    {"ar", .05, {"بث مباشر: %1", "%1 مع المتابعين", "سهرة %1"}},
    {"tr", .05, {"CANLI: %1 — şimdi!", "%1 yayını", "Gece yayını: %1"}},
    {"ja", .04, {"【雑談】%1 配信中", "%1 ランク上げ", "初見さん歓迎 %1"}},
    {"ru", .04, {"СТРИМ: %1", "%1 с чатом", "Ночной %1"}},
    {"it", .03, {"In diretta: %1", "%1 con voi", "Serata %1"}},
};

constexpr const char *Tags[] = {"Chill",  "Gaming", "Casino", "Podcast", "Speedrun", "Español",
                                "日本語", "Türkçe", "18+",    "Drops",   "Français", "Viewers"};
constexpr const char *Adjectives[] = {"lucky",  "wild", "neon",  "royal", "silent", "crazy",
                                      "golden", "iron", "lunar", "rapid", "frosty", "cosmic"};
constexpr const char *Nouns[] = {"wolf",   "queen", "dealer", "pilot", "ghost", "tiger",
                                 "knight", "spin",  "viper",  "bard",  "sloth", "comet"};

QString utf8(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

void FakeKickWorld::generate(const FakeKickConfig &config, qint64 nowMs)
{
    *this = FakeKickWorld();
    m_rng = FakeRng(config.seed ^ 0x4B49434BULL); // not the other fakes' sequences
    makeCategories(std::max(config.categories, int(std::size(NamedCategories))));
    const int channels = std::max(0, config.channels);
    m_channels.reserve(channels);
    for (int i = 0; i < channels; ++i)
        makeChannel(i);
    // The live ones are spread over the channels (a partial shuffle of them);
    // one in a hundred is big.
    std::vector<int> order(static_cast<size_t>(channels));
    std::iota(order.begin(), order.end(), 0);
    const int live = std::clamp(config.liveStreams, 0, channels);
    const int big = live == 0 ? 0 : std::max(1, live / 100);
    for (int k = 0; k < live; ++k) {
        std::swap(order[size_t(k)], order[size_t(k + m_rng.bounded(channels - k))]);
        const qint64 startedAt = nowMs - 60000 - qint64(m_rng.bounded(12 * 3600)) * 1000;
        goLive(order[size_t(k)], startedAt, k < big ? 10000 + m_rng.bounded(140000) : -1);
        FakeKickChannel &c = m_channels[order[size_t(k)]];
        c.followers = std::max(c.followers, qint64(c.viewers) * (20 + m_rng.bounded(60)));
    }
}

void FakeKickWorld::makeCategories(int count)
{
    std::vector<std::pair<FakeKickCategory, double>> made; // and its weight
    for (int i = 0; i < count; ++i) {
        FakeKickCategory c;
        double weight = 0.2;
        if (i < int(std::size(NamedCategories))) {
            c.id = NamedCategories[i].id;
            c.name = utf8(NamedCategories[i].name);
            weight = NamedCategories[i].weight;
        } else {
            c.id = 20000 + i;
            c.name = u"Indie Game "_s + QString::number(i);
        }
        c.thumbnail =
            u"https://files.kick.com/images/subcategories/%1/banner/%2.webp"_s.arg(c.id).arg(
                randomToken(8));
        made.emplace_back(c, weight);
    }
    std::sort(made.begin(), made.end(),
              [](const auto &a, const auto &b) { return a.first.id < b.first.id; });
    double total = 0;
    for (const auto &[c, weight] : made) {
        m_categoryById.insert(c.id, int(m_categories.size()));
        m_categories.push_back(c);
        total += weight;
        m_categoryWeights.push_back(total);
    }
}

int FakeKickWorld::pickCategory()
{
    const double u = m_rng.uniform() * m_categoryWeights.constLast();
    const auto it = std::upper_bound(m_categoryWeights.cbegin(), m_categoryWeights.cend(), u);
    return m_categories[std::min(qsizetype(it - m_categoryWeights.cbegin()),
                                 m_categories.size() - 1)]
        .id;
}

QString FakeKickWorld::randomToken(int length)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[m_rng.bounded(36)]);
    return out;
}

void FakeKickWorld::makeChannel(int index)
{
    FakeKickChannel c;
    c.broadcasterUserId = 1000000 + qint64(index) * 53 + m_rng.bounded(53);
    c.channelId = 700000 + qint64(index) * 41 + m_rng.bounded(41);
    c.slug = QLatin1String(Adjectives[m_rng.bounded(int(std::size(Adjectives)))]) + u'-' +
             QLatin1String(Nouns[m_rng.bounded(int(std::size(Nouns)))]) + u'-' +
             QString::number(index);
    c.description = m_rng.uniform() < 0.2
                        ? QString()
                        : u"Streaming daily ¡Hola! \"Business\": "_s + c.slug + u"@example.com"_s;
    c.bannerPicture =
        m_rng.uniform() < 0.15
            ? QString()
            : u"https://files.kick.com/images/channel/%1/banner_image/%2.webp"_s.arg(c.channelId)
                  .arg(randomToken(10));
    c.profilePicture =
        m_rng.uniform() < 0.1
            ? u"https://kick.com/img/default-profile-pictures/default-avatar-2.webp"_s
            : u"https://files.kick.com/images/user/%1/profile_image/conversion/%2-fullsize.webp"_s
                  .arg(c.broadcasterUserId)
                  .arg(randomToken(12));
    c.followers = qint64(std::pow(10.0, m_rng.uniform() * 5.5));
    c.activeSubscribers = int(double(c.followers) * m_rng.uniform() / 40.0);
    c.canceledSubscribers = c.activeSubscribers / (3 + m_rng.bounded(5));
    c.streamUrl = u"rtmps://fa723fc1b171.global-contribute.live-video.net:443/app/"_s;
    c.streamKey = u"sk_us-west-2_"_s + randomToken(12) + u'_' + randomToken(18);
    double u = m_rng.uniform();
    c.language = QLatin1String(Languages[0].code);
    for (const Language &l : Languages) {
        if (u < l.share) {
            c.language = QLatin1String(l.code);
            break;
        }
        u -= l.share;
    }
    newStreamDetails(c); // the last stream's, while offline
    m_byId.insert(c.broadcasterUserId, index);
    m_bySlug.insert(c.slug, index);
    m_channels.push_back(c);
}

int FakeKickWorld::viewersSample()
{
    // Pareto with alpha 0.75: a third of the streams have nobody watching.
    const double u = std::max(m_rng.uniform(), 1e-12);
    return int(std::min(9999.0, std::floor(std::pow(u, -1.0 / 0.75)) - 1.0));
}

void FakeKickWorld::newStreamDetails(FakeKickChannel &c)
{
    c.categoryId = pickCategory();
    const Language *language = &Languages[0];
    for (const Language &l : Languages) {
        if (c.language == QLatin1String(l.code))
            language = &l;
    }
    c.title = m_rng.uniform() < 0.01
                  ? QString() // titles can be empty
                  : utf8(language->templates[m_rng.bounded(3)]).arg(category(c.categoryId)->name);
    c.mature = m_rng.uniform() < (c.categoryId == 28 ? 0.4 : 0.05);
    c.customTags.clear();
    for (int k = m_rng.bounded(4); k > 0; --k) {
        const QString tag = utf8(Tags[m_rng.bounded(int(std::size(Tags)))]);
        if (!c.customTags.contains(tag))
            c.customTags.push_back(tag);
    }
}

void FakeKickWorld::goLive(int index, qint64 nowMs, int viewers)
{
    FakeKickChannel &c = m_channels[index];
    c.live = true;
    c.startedAtMs = nowMs / 1000 * 1000; // started_at shows whole seconds: so does the order
    c.viewers = viewers >= 0 ? viewers : viewersSample();
    newStreamDetails(c);
    c.thumbnail =
        u"https://images.kick.com/video_thumbnails/%1/%2/720.webp"_s.arg(c.slug, randomToken(12));
    const std::pair key{c.startedAtMs, c.broadcasterUserId};
    const auto at = std::lower_bound(m_live.begin(), m_live.end(), key, [this](int i, auto k) {
        return std::pair{m_channels[i].startedAtMs, m_channels[i].broadcasterUserId} < k;
    });
    m_live.insert(at, index);
}

size_t FakeKickWorld::liveAfter(qint64 startedAtMs, qint64 broadcasterUserId) const
{
    const std::pair key{startedAtMs, broadcasterUserId};
    const auto at = std::upper_bound(m_live.cbegin(), m_live.cend(), key, [this](auto k, int i) {
        return k < std::pair{m_channels[i].startedAtMs, m_channels[i].broadcasterUserId};
    });
    return size_t(at - m_live.cbegin());
}

int FakeKickWorld::indexOf(qint64 broadcasterUserId) const
{
    return m_byId.value(broadcasterUserId, -1);
}

const FakeKickChannel *FakeKickWorld::channel(qint64 broadcasterUserId) const
{
    const int i = indexOf(broadcasterUserId);
    return i < 0 ? nullptr : &m_channels[i];
}

const FakeKickChannel *FakeKickWorld::channelBySlug(const QString &slug) const
{
    const int i = m_bySlug.value(slug.toLower(), -1);
    return i < 0 ? nullptr : &m_channels[i];
}

const FakeKickCategory *FakeKickWorld::category(int id) const
{
    const int i = m_categoryById.value(id, -1);
    return i < 0 ? nullptr : &m_categories[i];
}

void FakeKickWorld::drift(double relative)
{
    if (relative <= 0)
        return;
    const double spread = relative * std::sqrt(3.0); // uniform with this standard deviation
    for (const int i : m_live) {
        int &viewers = m_channels[i].viewers;
        const double moved = viewers * (1.0 + spread * (2.0 * m_rng.uniform() - 1.0));
        viewers = viewers == 0 ? (m_rng.uniform() < relative ? 1 : 0)
                               : std::max(0, int(std::floor(moved + m_rng.uniform())));
    }
}

bool FakeKickWorld::startStream(qint64 broadcasterUserId, qint64 nowMs)
{
    const int i = indexOf(broadcasterUserId);
    if (i < 0 || m_channels[i].live)
        return false;
    goLive(i, nowMs, -1);
    return true;
}

bool FakeKickWorld::endStream(qint64 broadcasterUserId)
{
    const int i = indexOf(broadcasterUserId);
    if (i < 0 || !m_channels[i].live)
        return false;
    m_live.erase(std::find(m_live.begin(), m_live.end(), i));
    FakeKickChannel &c = m_channels[i];
    c.live = false;
    c.viewers = 0;
    c.startedAtMs = 0;
    c.thumbnail.clear();
    return true;
}

bool FakeKickWorld::setViewers(qint64 broadcasterUserId, int viewers)
{
    const int i = indexOf(broadcasterUserId);
    if (i < 0 || !m_channels[i].live)
        return false;
    m_channels[i].viewers = std::max(0, viewers);
    return true;
}

void FakeKickWorld::advance(int ending, int starting, double viewerDrift, qint64 nowMs)
{
    QVector<int> offline;
    for (int i = 0; i < m_channels.size(); ++i) {
        if (!m_channels[i].live)
            offline.push_back(i);
    }
    ending = std::clamp(ending, 0, int(m_live.size()));
    for (int k = 0; k < ending; ++k)
        endStream(m_channels[m_live[size_t(m_rng.bounded(int(m_live.size())))]].broadcasterUserId);
    for (int k = std::max(0, starting); k > 0 && !offline.isEmpty(); --k) {
        const int pick = m_rng.bounded(int(offline.size()));
        goLive(offline[pick], nowMs, -1);
        offline[pick] = offline.constLast();
        offline.removeLast();
    }
    drift(viewerDrift);
}

} // namespace StreamRank::Fake
