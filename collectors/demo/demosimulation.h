#pragma once
// A deterministic, seeded simulation of a live-streaming platform: the data
// source of the Demo platform. Pure computation (no timers, threads or event
// loop), so tests and the Demo collector drive it at any speed.

#include "census.h"

#include <QString>
#include <QVector>

#include <array>
#include <optional>

namespace StreamRank {

struct DemoConfig
{
    quint64 seed = 20261121;
    int peakConcurrentStreams = 3200; // live streams at the daily peak
    int categoryCount = 40;
};

// One raid or spike the simulation injected: the ground truth that anomaly
// detection is measured against.
struct DemoRaid
{
    QString streamId;
    QString channelId;
    qint64 startMs = 0;      // the extra viewers are in every census from here
    qint64 endMs = 0;        // ... and fully gone by here
    qint32 extraViewers = 0; // at full strength (held for the first third, then decays)

    bool operator==(const DemoRaid &) const = default;
};

class DemoSimulation
{
public:
    static constexpr qint64 StepMs = 60'000; // one simulated minute

    DemoSimulation(const DemoConfig &config, qint64 startMs);

    // The census at tMs, advancing the state in whole steps up to tMs. The
    // result depends only on (config, startMs, tMs): going back in time
    // replays from the start, and before startMs there is no platform yet,
    // so the census is empty.
    Census censusAt(qint64 tMs);

    // Advances the state to tMs without building a census (a resume's fast
    // forward, in slices the caller chooses). Never goes back.
    void advanceUntil(qint64 tMs);

    // The start of the simulation that named a stream id (ids carry it, so
    // a restart can resume the same world); nullopt for an id no simulation
    // made. StreamIdsPerStart sessions fit before ids of the next start.
    static constexpr qint64 StreamIdsPerStart = 10'000'000;
    static std::optional<qint64> startOfStreamId(const QString &streamId);

    // All raids that started up to the time the state has reached.
    const QVector<DemoRaid> &raids() const { return m_raids; }

    const DemoConfig &config() const { return m_config; }
    qint64 startMs() const { return m_startMs; }
    qint64 reachedMs() const { return m_startMs + m_step * StepMs; }
    int liveCount() const { return static_cast<int>(m_live.size()); }

private:
    // xoshiro256**: small, fast, and the same on every standard library
    // (std::*_distribution output is implementation-defined).
    struct Rng
    {
        std::array<quint64, 4> s{};
        explicit Rng(quint64 seed = 0);
        quint64 next();
        double uniform();               // [0, 1)
        int below(int n);               // [0, n)
        double normal();                // approximately N(0, 1), no libm calls
        double logNormal(double sigma); // median 1
    };

    struct Language
    {
        QString code;
        double weight;
        double peakHourUtc; // local prime time, for who goes live when
    };

    struct Category
    {
        QString id;
        QString name;
        double weight; // share of channels that play it
        double demand; // audience per stream relative to other categories
    };

    struct Channel
    {
        QString id;
        QString login;
        QString name;
        int language = 0;
        std::array<int, 3> favourites{};
        int favouriteCount = 1;
        int rank = 0;            // 1 = the most popular channel of the platform
        double popularity = 0.0; // typical prime-time audience
        double propensity = 0.0; // how readily it goes live when offline
        qint64 availableFromStep = 0;
        bool live = false;
    };

    struct Session
    {
        qint64 serial = 0; // tie-break for a stable sort
        int channel = 0;
        int category = 0;
        QString streamId;
        QString title;
        qint64 startStep = 0; // negative for sessions already live at startMs
        qint64 endStep = 0;
        double baseViewers = 0.0;
        double rampMinutes = 10.0;
        double walk = 0.0; // log-space random walk
        qint64 raidStartStep = -1;
        qint64 raidEndStep = -1;
        qint64 raidHoldSteps = 0;
        double raidExtra = 0.0;
    };

    void reset();
    void buildCategories();
    void buildLanguages();
    void buildChannels();
    void fillInitialSessions();
    void advanceTo(qint64 step);
    void step(qint64 s);
    void startSession(int channelIndex, qint64 s, bool alreadyRunning);
    void maybeStartRaid(qint64 s);
    QString makeTitle(const Channel &channel, int category);

    qint64 stepMs(qint64 s) const { return m_startMs + s * StepMs; }
    double hourUtc(qint64 s) const;
    double liveFactor(qint64 s) const;     // share of the peak live count
    double audienceFactor(qint64 s) const; // per-stream audience vs prime time
    double languageFactor(int language, qint64 s) const;
    int targetLive(qint64 s) const;
    double viewersAt(const Session &session, qint64 s, double audience, bool withRaid) const;

    DemoConfig m_config;
    qint64 m_startMs = 0;
    qint64 m_step = 0;
    qint64 m_nextSerial = 1;
    qint64 m_streamIdBase = 0;
    Rng m_rng;

    QVector<Language> m_languages;
    QVector<Category> m_categories;
    QVector<Channel> m_channels;
    QVector<int> m_stars; // channel indices of the most popular channels
    QVector<Session> m_live;
    QVector<DemoRaid> m_raids;
};

} // namespace StreamRank
