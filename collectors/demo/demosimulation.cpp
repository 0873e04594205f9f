#include "demosimulation.h"

#include "demotables.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace StreamRank {

namespace {

constexpr double Pi = 3.14159265358979323846;
constexpr qint64 DayMs = 86'400'000;
constexpr double PrimeTimeHourUtc = 20.0;
constexpr double TroughLiveShare = 0.40; // live streams at the trough vs the peak
constexpr double MeanLiveShare = 0.70;   // mean of liveFactor over a day
constexpr double RaidsPerDay = 25.0;
constexpr int RampDownMinutes = 15;

// Independent streams per purpose, so changing how channels are generated
// does not reshuffle the whole timeline (and vice versa).
constexpr quint64 PopulationStream = 0x9E6C63D0676A9A99ULL;
constexpr quint64 TimelineStream = 0xC2B2AE3D27D4EB4FULL;

quint64 splitMix64(quint64 &x)
{
    x += 0x9E3779B97F4A7C15ULL;
    quint64 z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

quint64 rotl(quint64 x, int k)
{
    return (x << k) | (x >> (64 - k));
}

// Half-day cosine bump: 1 at `peakHour`, 0 twelve hours away.
double primeTimeCurve(double hour, double peakHour)
{
    return 0.5 * (1.0 + std::cos(2.0 * Pi * (hour - peakHour) / 24.0));
}

using namespace DemoTables;

double popularityForRank(int rank)
{
    constexpr double Top = 200'000.0;
    constexpr int StarRanks = 10;
    if (rank <= StarRanks)
        return Top * std::pow(static_cast<double>(rank), -0.6);
    const double atEdge = Top * std::pow(static_cast<double>(StarRanks), -0.6);
    return atEdge * std::pow(static_cast<double>(rank) / StarRanks, -1.4);
}

QString capitalised(const QString &word)
{
    if (word.isEmpty())
        return word;
    return word.left(1).toUpper() + word.mid(1);
}

} // namespace

DemoSimulation::Rng::Rng(quint64 seed)
{
    for (auto &word : s)
        word = splitMix64(seed);
}

quint64 DemoSimulation::Rng::next()
{
    const quint64 result = rotl(s[1] * 5, 7) * 9;
    const quint64 t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double DemoSimulation::Rng::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

int DemoSimulation::Rng::below(int n)
{
    return n <= 1 ? 0 : static_cast<int>(uniform() * n);
}

double DemoSimulation::Rng::normal()
{
    // Irwin-Hall with four terms, rescaled to unit variance: smooth enough
    // for a random walk and free of libm differences between platforms.
    const double sum = uniform() + uniform() + uniform() + uniform();
    return (sum - 2.0) * 1.7320508075688772;
}

double DemoSimulation::Rng::logNormal(double sigma)
{
    return std::exp(sigma * normal());
}

DemoSimulation::DemoSimulation(const DemoConfig &config, qint64 startMs)
    : m_config(config), m_startMs(startMs)
{
    m_config.peakConcurrentStreams = std::max(1, m_config.peakConcurrentStreams);
    m_config.categoryCount = std::max(1, m_config.categoryCount);
    // Stream ids must not repeat when the Demo restarts later with a new
    // start, because storage keys sessions by id.
    m_streamIdBase = (startMs / StepMs) * StreamIdsPerStart;
    reset();
}

void DemoSimulation::reset()
{
    m_step = 0;
    m_nextSerial = 1;
    m_rng = Rng(m_config.seed ^ TimelineStream);
    m_live.clear();
    m_raids.clear();
    buildLanguages();
    buildCategories();
    buildChannels();
    fillInitialSessions();
}

void DemoSimulation::buildLanguages()
{
    m_languages.clear();
    for (const auto &row : LanguageTable)
        m_languages.append({QString::fromLatin1(row.code), row.weight, row.peakHourUtc});
}

void DemoSimulation::buildCategories()
{
    Rng rng(m_config.seed ^ PopulationStream ^ 0xCA7ULL);
    m_categories.clear();
    constexpr int tableSize = static_cast<int>(std::size(CategoryTable));
    for (int i = 0; i < m_config.categoryCount; ++i) {
        Category c;
        c.id = QString::number(1'000'001 + i);
        if (i < tableSize) {
            c.name = QString::fromUtf8(CategoryTable[i].name);
            c.weight = CategoryTable[i].weight;
        } else {
            c.name = QStringLiteral("Indie Spotlight %1").arg(i - tableSize + 1);
            c.weight = 0.3;
        }
        // Audience per stream differs between categories, which is what
        // makes some of them niches worth discovering.
        c.demand = std::clamp(rng.logNormal(0.2), 0.75, 1.3);
        m_categories.append(c);
    }
}

void DemoSimulation::buildChannels()
{
    Rng rng(m_config.seed ^ PopulationStream);
    const int pool = std::max(30, m_config.peakConcurrentStreams * 3);
    const int starCount = std::clamp(pool / 200, 5, 100);

    QVector<int> ranks(pool);
    for (int i = 0; i < pool; ++i)
        ranks[i] = i + 1;
    for (int i = pool - 1; i > 0; --i)
        std::swap(ranks[i], ranks[rng.below(i + 1)]);

    double languageTotal = 0.0;
    for (const auto &l : m_languages)
        languageTotal += l.weight;
    double categoryTotal = 0.0;
    for (const auto &c : m_categories)
        categoryTotal += c.weight;

    const auto pickWeighted = [&rng](const auto &items, double total) {
        double x = rng.uniform() * total;
        for (int i = 0; i < items.size(); ++i) {
            x -= items[i].weight;
            if (x < 0.0)
                return i;
        }
        return static_cast<int>(items.size()) - 1;
    };

    const auto makeDisplayName = [&rng](const QString &languageCode) {
        QString prefix =
            QString::fromLatin1(GenericPrefixes[rng.below(std::size(GenericPrefixes))]);
        for (const auto &flavour : LocalPrefixes) {
            if (languageCode == QLatin1String(flavour.code) && rng.uniform() < 0.6)
                prefix = QString::fromLatin1(flavour.prefixes[rng.below(5)]);
        }
        const QString noun = QString::fromLatin1(Nouns[rng.below(std::size(Nouns))]);
        QString name = capitalised(prefix) + capitalised(noun);
        const double style = rng.uniform();
        if (style < 0.25)
            name += QString::number(1 + rng.below(9999));
        else if (style < 0.35)
            name += QStringLiteral("TV");
        else if (style < 0.43)
            name += QStringLiteral("_Live");
        else if (style < 0.49)
            name += QStringLiteral("GG");
        if (rng.uniform() < 0.2)
            name = name.toLower();
        return name;
    };

    m_channels.clear();
    m_channels.reserve(pool);
    m_stars.clear();
    QSet<QString> logins;
    logins.reserve(pool);
    for (int i = 0; i < pool; ++i) {
        Channel ch;
        ch.id = QString::number(30'000'000 + qint64(i) * 1009 + rng.below(1009));
        ch.language = pickWeighted(m_languages, languageTotal);
        const QString &code = m_languages[ch.language].code;

        ch.name = makeDisplayName(code);
        ch.login = ch.name.toLower();
        if (logins.contains(ch.login)) {
            ch.login += QLatin1Char('_') + QString::number(i);
            ch.name += QLatin1Char('_') + QString::number(i);
        }
        logins.insert(ch.login);
        if (rng.uniform() < 0.4) {
            if (code == QLatin1String("ja"))
                ch.name = QString::fromUtf8(JapaneseNames[rng.below(std::size(JapaneseNames))]);
            else if (code == QLatin1String("ko"))
                ch.name = QString::fromUtf8(KoreanNames[rng.below(std::size(KoreanNames))]);
        }

        ch.favouriteCount = 1 + rng.below(3);
        for (int f = 0; f < ch.favouriteCount; ++f) {
            int pick = pickWeighted(m_categories, categoryTotal);
            for (int retry = 0;
                 retry < 8 && std::find(ch.favourites.begin(), ch.favourites.begin() + f, pick) !=
                                  ch.favourites.begin() + f;
                 ++retry)
                pick = pickWeighted(m_categories, categoryTotal);
            ch.favourites[f] = pick;
        }

        ch.rank = ranks[i];
        const bool star = ch.rank <= starCount;
        ch.popularity = popularityForRank(ch.rank) * rng.logNormal(ch.rank <= 10 ? 0.1 : 0.25);
        ch.propensity = star ? 1.0 : 0.3 + 0.7 * rng.uniform();
        if (star)
            m_stars.append(i);
        m_channels.append(ch);
    }
}

void DemoSimulation::fillInitialSessions()
{
    // The platform is already running at startMs: sessions are part-way
    // through and some channels have just ended theirs.
    const double share = liveFactor(0);
    for (int c : std::as_const(m_stars)) {
        if (m_rng.uniform() < 0.55 * share)
            startSession(c, 0, true);
    }
    const int target = targetLive(0);
    int tries = target * 40 + 64;
    while (m_live.size() < target && tries-- > 0) {
        const int c = m_rng.below(m_channels.size());
        const Channel &ch = m_channels[c];
        if (!ch.live && m_rng.uniform() < ch.propensity * languageFactor(ch.language, 0))
            startSession(c, 0, true);
    }
    for (auto &ch : m_channels) {
        if (!ch.live && m_rng.uniform() < 0.3)
            ch.availableFromStep = m_rng.below(240);
    }
}

double DemoSimulation::hourUtc(qint64 s) const
{
    qint64 ms = stepMs(s) % DayMs;
    if (ms < 0)
        ms += DayMs;
    return static_cast<double>(ms) / 3'600'000.0;
}

double DemoSimulation::liveFactor(qint64 s) const
{
    return TroughLiveShare + (1.0 - TroughLiveShare) * primeTimeCurve(hourUtc(s), PrimeTimeHourUtc);
}

double DemoSimulation::audienceFactor(qint64 s) const
{
    return 0.55 + 0.45 * primeTimeCurve(hourUtc(s), PrimeTimeHourUtc);
}

double DemoSimulation::languageFactor(int language, qint64 s) const
{
    return 0.45 + 0.55 * primeTimeCurve(hourUtc(s), m_languages[language].peakHourUtc);
}

int DemoSimulation::targetLive(qint64 s) const
{
    return static_cast<int>(std::lround(m_config.peakConcurrentStreams * liveFactor(s)));
}

QString DemoSimulation::makeTitle(const Channel &channel, int category)
{
    const QString &code = m_languages[channel.language].code;
    const TitleSet *set = &TitleTable[0];
    for (const auto &candidate : TitleTable) {
        if (code == QLatin1String(candidate.code))
            set = &candidate;
    }
    QString title = QString::fromUtf8(set->templates[m_rng.below(6)]);
    // replace() rather than arg(): not every template uses the number.
    title.replace(QLatin1String("%1"), m_categories[category].name);
    title.replace(QLatin1String("%2"), QString::number(2 + m_rng.below(300)));
    return title;
}

void DemoSimulation::startSession(int channelIndex, qint64 s, bool alreadyRunning)
{
    Channel &ch = m_channels[channelIndex];
    const bool star = ch.rank <= m_stars.size();

    Session session;
    session.serial = m_nextSerial++;
    session.channel = channelIndex;
    session.streamId = QString::number(m_streamIdBase + session.serial);
    if (ch.favouriteCount == 1 || m_rng.uniform() < 0.6)
        session.category = ch.favourites[0];
    else
        session.category = ch.favourites[1 + m_rng.below(ch.favouriteCount - 1)];

    const auto drawLength = [&] {
        return star ? 240.0 + 300.0 * m_rng.uniform()
                    : 60.0 + 420.0 * std::pow(m_rng.uniform(), 1.6);
    };
    double length = drawLength();
    if (alreadyRunning) {
        // A session seen in progress is more likely a long one.
        for (int i = 0; i < 16 && m_rng.uniform() > length / 540.0; ++i)
            length = drawLength();
        const auto age = static_cast<qint64>(m_rng.uniform() * length);
        session.startStep = s - age;
    } else {
        session.startStep = s;
    }
    session.endStep = std::max(s + 1, session.startStep + static_cast<qint64>(length));

    session.baseViewers =
        std::min(200'000.0, ch.popularity * m_categories[session.category].demand *
                                m_rng.logNormal(star ? 0.1 : 0.3));
    session.rampMinutes = 6.0 + 20.0 * m_rng.uniform();
    session.walk = alreadyRunning ? 0.15 * m_rng.normal() : 0.0;
    session.title = makeTitle(ch, session.category);

    ch.live = true;
    m_live.append(session);
}

double DemoSimulation::viewersAt(const Session &session, qint64 s, double audience,
                                 bool withRaid) const
{
    const double age = static_cast<double>(s - session.startStep);
    const double ramp = 0.08 + 0.92 * (1.0 - std::exp(-age / session.rampMinutes));
    const qint64 remaining = session.endStep - s;
    const double rampDown =
        remaining < RampDownMinutes ? 0.35 + 0.65 * double(remaining) / RampDownMinutes : 1.0;
    double v = session.baseViewers * ramp * rampDown * audience * std::exp(session.walk);
    if (withRaid && session.raidStartStep >= 0 && s >= session.raidStartStep &&
        s < session.raidEndStep) {
        const qint64 held = s - session.raidStartStep;
        const double fade =
            held < session.raidHoldSteps
                ? 1.0
                : double(session.raidEndStep - s) /
                      double(session.raidEndStep - session.raidStartStep - session.raidHoldSteps);
        v += session.raidExtra * fade;
    }
    return v;
}

void DemoSimulation::maybeStartRaid(qint64 s)
{
    const double chance = RaidsPerDay / 1440.0 * liveFactor(s) / MeanLiveShare;
    if (m_live.isEmpty() || m_rng.uniform() >= chance)
        return;
    const double audience = audienceFactor(s);
    // Half of the raids go to streams that already have an audience, so the
    // spikes range from hundreds to tens of thousands of viewers.
    const double smallest = m_rng.uniform() < 0.5 ? 100.0 : 1.0;
    for (int attempt = 0; attempt < 32; ++attempt) {
        Session &target = m_live[m_rng.below(m_live.size())];
        if (s - target.startStep < 20 || target.endStep - s < 45 || target.raidEndStep > s)
            continue;
        // Raids land on small and mid-sized streams, where they stand out.
        const double before = viewersAt(target, s, audience, false);
        if (before < smallest || before > 15'000.0)
            continue;
        const double multiple = 3.0 + 7.0 * m_rng.uniform();
        const qint64 duration = 10 + m_rng.below(31);
        target.raidStartStep = s;
        target.raidEndStep = s + duration;
        target.raidHoldSteps = std::max<qint64>(3, duration / 3);
        target.raidExtra = std::max(500.0, std::round(multiple * before));

        DemoRaid raid;
        raid.streamId = target.streamId;
        raid.channelId = m_channels[target.channel].id;
        raid.startMs = stepMs(target.raidStartStep);
        raid.endMs = stepMs(target.raidEndStep);
        raid.extraViewers = static_cast<qint32>(target.raidExtra);
        m_raids.append(raid);
        return;
    }
}

void DemoSimulation::step(qint64 s)
{
    for (int i = 0; i < m_live.size();) {
        if (m_live[i].endStep > s) {
            ++i;
            continue;
        }
        Channel &ch = m_channels[m_live[i].channel];
        ch.live = false;
        const bool star = ch.rank <= m_stars.size();
        ch.availableFromStep = s + 60 + m_rng.below(star ? 180 : 300);
        m_live[i] = std::move(m_live.last());
        m_live.removeLast();
    }

    // Stars keep a schedule of their own, so the top of the ranking is
    // occupied most evenings rather than by chance.
    const double share = liveFactor(s);
    for (int c : std::as_const(m_stars)) {
        const Channel &ch = m_channels[c];
        if (!ch.live && ch.availableFromStep <= s && m_rng.uniform() < share / 90.0)
            startSession(c, s, false);
    }

    const int target = targetLive(s);
    int tries = std::max(0, target - static_cast<int>(m_live.size())) * 40 + 64;
    while (m_live.size() < target && tries-- > 0) {
        const int c = m_rng.below(m_channels.size());
        const Channel &ch = m_channels[c];
        if (ch.live || ch.availableFromStep > s)
            continue;
        if (m_rng.uniform() < ch.propensity * languageFactor(ch.language, s))
            startSession(c, s, false);
    }

    for (auto &session : m_live)
        session.walk = 0.985 * session.walk + 0.035 * m_rng.normal();

    maybeStartRaid(s);
    m_step = s;
}

void DemoSimulation::advanceTo(qint64 target)
{
    while (m_step < target)
        step(m_step + 1);
}

void DemoSimulation::advanceUntil(qint64 tMs)
{
    if (tMs >= m_startMs)
        advanceTo((tMs - m_startMs) / StepMs);
}

std::optional<qint64> DemoSimulation::startOfStreamId(const QString &streamId)
{
    bool ok = false;
    const qint64 id = streamId.toLongLong(&ok);
    if (!ok || id <= 0 || id % StreamIdsPerStart == 0)
        return std::nullopt;
    return (id / StreamIdsPerStart) * StepMs;
}

Census DemoSimulation::censusAt(qint64 tMs)
{
    Census census;
    census.platform = Platform::Demo;
    census.takenAtMs = tMs;
    if (tMs < m_startMs) {
        census.stats.requests = 1;
        census.stats.pagesOk = 1;
        return census;
    }

    const qint64 target = (tMs - m_startMs) / StepMs;
    if (target < m_step)
        reset();
    advanceTo(target);

    struct Ranked
    {
        qint32 viewers;
        qint64 serial;
        int index;
    };
    const double audience = audienceFactor(m_step);
    QVector<Ranked> ranked;
    ranked.reserve(m_live.size());
    for (int i = 0; i < m_live.size(); ++i) {
        const double v = viewersAt(m_live[i], m_step, audience, true);
        ranked.append({static_cast<qint32>(std::max(0L, std::lround(v))), m_live[i].serial, i});
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked &a, const Ranked &b) {
        return a.viewers != b.viewers ? a.viewers > b.viewers : a.serial < b.serial;
    });

    census.streams.reserve(ranked.size());
    for (const auto &r : std::as_const(ranked)) {
        const Session &session = m_live[r.index];
        const Channel &ch = m_channels[session.channel];
        const Category &category = m_categories[session.category];
        StreamObservation o;
        o.streamId = session.streamId;
        o.channelId = ch.id;
        o.channelLogin = ch.login;
        o.channelName = ch.name;
        o.title = session.title;
        o.categoryId = category.id;
        o.categoryName = category.name;
        o.language = m_languages[ch.language].code;
        o.startedAtMs = stepMs(session.startStep);
        o.viewers = r.viewers;
        census.streams.append(std::move(o));
    }

    // What a real client would have spent: one request per page of 100, and
    // a plausible (simulated, hence reproducible) time for them.
    const int pages = std::max(1, static_cast<int>((census.streams.size() + 99) / 100));
    census.stats.requests = pages;
    census.stats.pagesOk = pages;
    census.stats.durationMs = 12 * pages;
    return census;
}

} // namespace StreamRank
