#include "fakepopulation.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <climits>
#include <cmath>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

quint64 FakeRng::mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

quint64 FakeRng::next()
{
    const quint64 out = mix(m_state);
    m_state += 0x9E3779B97F4A7C15ULL;
    return out;
}

double FakeRng::uniform()
{
    return double(next() >> 11) * 0x1.0p-53;
}

int FakeRng::bounded(int n)
{
    return n <= 0 ? 0 : int(next() % quint64(n));
}

namespace {

struct Language
{
    const char *code;
    QString tag;
    double share;
};

const Language &pickLanguage(FakeRng &rng)
{
    static const Language languages[] = {
        {"en", u"English"_s, 0.40}, {"es", u"Español"_s, 0.12}, {"pt", u"Português"_s, 0.09},
        {"de", u"Deutsch"_s, 0.08}, {"ru", u"Русский"_s, 0.07}, {"fr", u"Français"_s, 0.06},
        {"ja", u"日本語"_s, 0.06},  {"ko", u"한국어"_s, 0.05},  {"it", u"Italiano"_s, 0.04},
        {"zh", u"中文"_s, 0.03},
    };
    double u = rng.uniform();
    for (const Language &language : languages) {
        if (u < language.share)
            return language;
        u -= language.share;
    }
    return languages[0];
}

QString languageTag(const QString &code)
{
    static const QHash<QString, QString> tags = {
        {u"en"_s, u"English"_s}, {u"es"_s, u"Español"_s}, {u"pt"_s, u"Português"_s},
        {u"de"_s, u"Deutsch"_s}, {u"ru"_s, u"Русский"_s}, {u"fr"_s, u"Français"_s},
        {u"ja"_s, u"日本語"_s},  {u"ko"_s, u"한국어"_s},  {u"it"_s, u"Italiano"_s},
        {u"zh"_s, u"中文"_s},
    };
    return tags.value(code, u"English"_s);
}

QString syllables(FakeRng &rng, int n)
{
    static const char *const parts[] = {"ka", "ri", "to",  "mo",  "ne",  "lu",  "sa", "vi",
                                        "zo", "pe", "da",  "gu",  "xi",  "ba",  "fe", "no",
                                        "ra", "ki", "shi", "tan", "vel", "mor", "qu", "ix"};
    QString out;
    for (int i = 0; i < n; ++i)
        out += QLatin1String(parts[rng.bounded(int(std::size(parts)))]);
    return out;
}

// Heavy tail: Pareto with alpha 0.7 (median about 1 viewer), capped below the
// handful of big streams that generate() places on top.
int tailViewers(FakeRng &rng)
{
    const double u = std::max(rng.uniform(), 1e-12);
    return int(std::min(49999.0, std::floor(std::pow(u, -1.0 / 0.7)) - 1.0));
}

} // namespace

QString FakePopulation::rfc3339(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch / 1000 * 1000, Qt::UTC)
        .toString(Qt::ISODate);
}

void FakePopulation::generate(const FakeTwitchConfig &config)
{
    *this = FakePopulation();
    m_seed = config.seed;
    m_rng = FakeRng(config.seed);

    static const char *const first[] = {"Star",  "Iron",    "Neon",  "Dungeon", "Pixel", "Shadow",
                                        "Cyber", "Crystal", "Turbo", "Mythic",  "Lunar", "Rogue"};
    static const char *const second[] = {"Legends", "Tactics", "Odyssey",  "Craft", "Drift",
                                         "Arena",   "Saga",    "Frontier", "Rush",  "Tycoon"};
    m_games.reserve(config.games);
    for (int i = 0; i < config.games; ++i) {
        FakeGame game;
        game.id = QString::number(490000 + i * 13 + m_rng.bounded(13));
        if (i == 0) {
            game.name = u"Just Chatting"_s;
        } else if (i == 7) {
            game.name = u"Café Tycoon: Édition “Deluxe”"_s; // non-ASCII in a name
        } else {
            game.name = QLatin1String(first[m_rng.bounded(int(std::size(first)))]) + u' ' +
                        QLatin1String(second[m_rng.bounded(int(std::size(second)))]);
            if (i >= int(std::size(first) * std::size(second)) / 4)
                game.name += u' ' + QString::number(i);
        }
        game.igdbId = (i == 0 || m_rng.uniform() < 0.15)
                          ? QString()
                          : QString::number(1000 + m_rng.bounded(300000));
        m_gameById.insert(game.id, i);
        m_games.push_back(game);
    }

    const int users = std::max(0, config.liveStreams) + std::max(0, config.offlineUsers);
    m_users.reserve(users);
    for (int i = 0; i < users; ++i)
        m_users.push_back(makeUser(i));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int live = std::max(0, config.liveStreams);
    const int big = live == 0 ? 0 : std::max(1, live / 1500);
    m_streams.reserve(live);
    for (int i = 0; i < live; ++i) {
        const int viewers = i < big ? 50000 + m_rng.bounded(250000) : tailViewers(m_rng);
        makeStream(i, now - 60000 - qint64(m_rng.bounded(12 * 3600)) * 1000, viewers);
        FakeUser &user = m_users[i];
        user.broadcasterType = viewers >= 1000 ? u"partner"_s
                               : viewers >= 10 ? u"affiliate"_s
                                               : QString();
    }
    sortOrder();
}

FakeUser FakePopulation::makeUser(int index)
{
    FakeUser user;
    user.id = QString::number(10000000 + qint64(index) * 97 + m_rng.bounded(97));
    user.login = syllables(m_rng, 2 + m_rng.bounded(2)) + u'_' + QString::number(index);
    user.displayName = user.login;
    user.displayName[0] = user.displayName[0].toUpper();
    if (m_rng.uniform() < 0.03)
        user.displayName = u"配信者"_s + QString::number(index); // localized display name
    user.broadcasterType = m_rng.uniform() < 0.3 ? u"affiliate"_s : QString();
    user.description = m_rng.uniform() < 0.2
                           ? QString()
                           : u"Streaming \"whatever\" \\ daily. ¡Hola! "_s + user.login;
    user.createdAtMs = 1300000000000LL + qint64(m_rng.bounded(400000000)) * 1000;
    m_userById.insert(user.id, index);
    m_userByLogin.insert(user.login, index);
    return user;
}

void FakePopulation::makeStream(int userIndex, qint64 startedAtMs, int viewers)
{
    FakeUser &user = m_users[userIndex];
    FakeStream s;
    m_nextStreamId += 1 + m_rng.bounded(1000);
    s.id = QString::number(m_nextStreamId);
    s.userId = user.id;
    s.userLogin = user.login;
    s.userName = user.displayName;
    s.language = QLatin1String(pickLanguage(m_rng).code);
    if (!m_games.isEmpty() && m_rng.uniform() >= 0.05) { // ~5% have no category
        const FakeGame &game = m_games[int(m_games.size() * std::pow(m_rng.uniform(), 2.5))];
        s.gameId = game.id;
        s.gameName = game.name;
    }
    const QString game = s.gameName.isEmpty() ? u"stuff"_s : s.gameName;
    switch (m_rng.bounded(5)) {
    case 0:
        s.title = game + u" with chat!"_s;
        break;
    case 1:
        s.title = u"🔴 LIVE: "_s + game + u" ranked grind | !socials"_s;
        break;
    case 2:
        s.title = u"¡Hola! jugando "_s + game;
        break;
    case 3:
        s.title = u"\"chill\" stream \\ day "_s + QString::number(m_rng.bounded(900));
        break;
    default:
        s.title = QString();
        break; // titles can be empty
    }
    s.startedAtMs = startedAtMs;
    s.viewers = std::max(0, viewers);
    user.streamIndex = int(m_streams.size());
    m_streams.push_back(s);
    m_streamUser.push_back(userIndex);
}

void FakePopulation::removeStream(int streamIndex)
{
    m_users[m_streamUser[streamIndex]].streamIndex = -1;
    const int last = int(m_streams.size()) - 1;
    if (streamIndex != last) {
        m_streams[streamIndex] = m_streams[last];
        m_streamUser[streamIndex] = m_streamUser[last];
        m_users[m_streamUser[streamIndex]].streamIndex = streamIndex;
    }
    m_streams.removeLast();
    m_streamUser.removeLast();
}

void FakePopulation::sortOrder()
{
    // Runs on every /helix/streams request, over 100k streams in the benchmarks:
    // a counting sort by viewers (stable, so ties stay in index order) when the
    // range allows, packed 64-bit keys otherwise.
    const qsizetype n = m_streams.size();
    m_order.resize(size_t(n));
    int maxViewers = 0;
    for (const FakeStream &s : std::as_const(m_streams))
        maxViewers = std::max(maxViewers, s.viewers);
    if (maxViewers <= 4 * n + (1 << 20)) {
        std::vector<int> start(size_t(maxViewers) + 2, 0);
        for (const FakeStream &s : std::as_const(m_streams))
            ++start[size_t(maxViewers - s.viewers) + 1];
        for (size_t v = 1; v < start.size(); ++v)
            start[v] += start[v - 1];
        for (qsizetype i = 0; i < n; ++i)
            m_order[size_t(start[size_t(maxViewers - m_streams[i].viewers)]++)] = int(i);
        return;
    }
    std::vector<quint64> keys(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i)
        keys[size_t(i)] = (quint64(quint32(INT_MAX - m_streams[i].viewers)) << 32) | quint64(i);
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size(); ++i)
        m_order[i] = int(keys[i] & 0xffffffffU);
}

void FakePopulation::drift(double relative)
{
    if (relative <= 0)
        return;
    const double spread = relative * std::sqrt(3.0); // uniform with this standard deviation
    for (FakeStream &s : m_streams) {
        if (s.viewers == 0) {
            s.viewers = m_rng.uniform() < relative ? 1 : 0;
            continue;
        }
        const double moved = s.viewers * (1.0 + spread * (2.0 * m_rng.uniform() - 1.0));
        s.viewers = std::max(0, int(std::floor(moved + m_rng.uniform()))); // unbiased rounding
    }
    sortOrder();
}

void FakePopulation::churn(int n)
{
    n = std::clamp(n, 0, int(m_streams.size()));
    for (int i = 0; i < n; ++i)
        removeStream(m_rng.bounded(int(m_streams.size())));
    QVector<int> offline;
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users[i].streamIndex < 0)
            offline.push_back(i);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < n; ++i) {
        int userIndex;
        if (offline.isEmpty()) {
            userIndex = int(m_users.size());
            m_users.push_back(makeUser(userIndex));
        } else {
            const int pick = m_rng.bounded(int(offline.size()));
            userIndex = offline[pick];
            offline[pick] = offline.back();
            offline.removeLast();
        }
        makeStream(userIndex, now, tailViewers(m_rng));
    }
    sortOrder();
}

bool FakePopulation::startStream(const QString &userId)
{
    const int index = m_userById.value(userId, -1);
    if (index < 0 || m_users[index].streamIndex >= 0)
        return false;
    makeStream(index, QDateTime::currentMSecsSinceEpoch(), tailViewers(m_rng));
    sortOrder();
    return true;
}

bool FakePopulation::endStream(const QString &userId)
{
    const int index = m_userById.value(userId, -1);
    if (index < 0 || m_users[index].streamIndex < 0)
        return false;
    removeStream(m_users[index].streamIndex);
    sortOrder();
    return true;
}

const FakeUser *FakePopulation::userById(const QString &id) const
{
    const int index = m_userById.value(id, -1);
    return index < 0 ? nullptr : &m_users[index];
}

const FakeUser *FakePopulation::userByLogin(const QString &login) const
{
    const int index = m_userByLogin.value(login.toLower(), -1);
    return index < 0 ? nullptr : &m_users[index];
}

const FakeGame *FakePopulation::gameById(const QString &id) const
{
    const int index = m_gameById.value(id, -1);
    return index < 0 ? nullptr : &m_games[index];
}

const FakeGame *FakePopulation::gameByName(const QString &name) const
{
    for (const FakeGame &game : m_games) {
        if (game.name == name)
            return &game;
    }
    return nullptr;
}

QVector<QString> FakePopulation::offlineUserIds() const
{
    QVector<QString> ids;
    for (const FakeUser &user : m_users) {
        if (user.streamIndex < 0)
            ids.push_back(user.id);
    }
    return ids;
}

int FakePopulation::followersOf(const FakeUser &user) const
{
    const quint64 h = FakeRng::mix(m_seed ^ user.id.toULongLong());
    if (user.broadcasterType == u"partner")
        return 50000 + int(h % 2000000);
    if (user.broadcasterType == u"affiliate")
        return 50 + int(h % 20000);
    return int(h % 50);
}

QJsonObject FakePopulation::streamJson(const FakeStream &s)
{
    return QJsonObject{
        {u"id"_s, s.id},
        {u"user_id"_s, s.userId},
        {u"user_login"_s, s.userLogin},
        {u"user_name"_s, s.userName},
        {u"game_id"_s, s.gameId},
        {u"game_name"_s, s.gameName},
        {u"type"_s, u"live"_s},
        {u"title"_s, s.title},
        {u"tags"_s, QJsonArray{languageTag(s.language)}},
        {u"viewer_count"_s, s.viewers},
        {u"started_at"_s, rfc3339(s.startedAtMs)},
        {u"language"_s, s.language},
        {u"thumbnail_url"_s, QString(u"https://static-cdn.jtvnw.net/previews-ttv/live_user_"_s +
                                     s.userLogin + u"-{width}x{height}.jpg"_s)},
        {u"tag_ids"_s, QJsonArray()},
        {u"is_mature"_s, false},
    };
}

QJsonObject FakePopulation::userJson(const FakeUser &u)
{
    return QJsonObject{
        {u"id"_s, u.id},
        {u"login"_s, u.login},
        {u"display_name"_s, u.displayName},
        {u"type"_s, QString()},
        {u"broadcaster_type"_s, u.broadcasterType},
        {u"description"_s, u.description},
        {u"profile_image_url"_s, QString(u"https://static-cdn.jtvnw.net/jtv_user_pictures/"_s +
                                         u.login + u"-profile_image-300x300.png"_s)},
        {u"offline_image_url"_s,
         u.broadcasterType.isEmpty()
             ? QString()
             : QString(u"https://static-cdn.jtvnw.net/jtv_user_pictures/"_s + u.login +
                       u"-channel_offline_image-1920x1080.png"_s)},
        {u"view_count"_s, 0}, // deprecated by Twitch, still sent
        {u"created_at"_s, rfc3339(u.createdAtMs)},
    };
}

QJsonObject FakePopulation::gameJson(const FakeGame &g)
{
    return QJsonObject{
        {u"id"_s, g.id},
        {u"name"_s, g.name},
        {u"box_art_url"_s, QString(u"https://static-cdn.jtvnw.net/ttv-boxart/"_s + g.id +
                                   u"-{width}x{height}.jpg"_s)},
        {u"igdb_id"_s, g.igdbId},
    };
}

} // namespace StreamRank::Fake
