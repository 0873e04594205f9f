#pragma once
// The synthetic measurement of anomaly detection, shared by tst_anomalygrid
// and the anomaly_grid tool: independently generated streams over a grid of
// measurement noise, audience size and daily cycle, each cell with steady
// streams (every event is a false alert), permanent level changes (×2 for
// good: one event wanted) and spikes of several sizes and lengths (found,
// or not, within two censuses). Definitions: docs/ANOMALY.md, "Measured on
// generated streams".

#include "anomalydetector.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <vector>

namespace StreamRank::AnomalyGrid {

inline constexpr qint64 MinuteMs = 60'000;
inline constexpr qint64 HourMs = 60 * MinuteMs;
inline constexpr qint64 DayMs = 24 * HourMs;

struct Cell
{
    double noise = 0; // sample-to-sample sd, relative (0.05 = 5 %)
    int audience = 0; // the stream's mean viewers
    double cycle = 0; // daily cycle amplitude, relative (0.3 = ±30 %)
};

struct Options
{
    quint64 seed = 20261203;
    std::vector<double> noises{0.03, 0.05, 0.08};
    std::vector<int> audiences{50, 500, 5'000, 100'000};
    std::vector<double> cycles{0.0, 0.15, 0.30};
    std::vector<double> spikeMultiples{2, 3, 5, 10};
    std::vector<int> spikeMinutes{4, 6, 10, 30};
    int steadyStreams = 12; // per cell, each live for `steadyDays`
    double steadyDays = 2;
    int spikesPerKind = 6; // per cell and (multiple, length)
    int stepsPerCell = 6;  // ×2 for good, each followed for `stepHours`
    double stepHours = 12;
    qint64 intervalMs = 2 * MinuteMs;
};

struct CellResult
{
    Cell cell;
    int steadyStreams = 0;
    double steadyStreamDays = 0;
    int falseAlerts = 0;        // events on steady streams, and before a step or spike
    double falseStreamDays = 0; // the live time those were counted over
    double worstPerDay = 0;     // the steady stream with most events, per day
    int steps = 0;
    int stepsWithOne = 0; // exactly one event from the step on
    int stepEventsMax = 0;
    int spikes = 0;
    int spikesFound = 0; // an event at the first or second census of the spike
    double falsePerStreamDay() const
    {
        return falseStreamDays > 0 ? falseAlerts / falseStreamDays : 0.0;
    }
};

struct Result
{
    std::vector<CellResult> cells;
    // Spike recall by (multiple, minutes) over every cell.
    std::map<std::pair<double, int>, std::pair<int, int>> spikesByKind; // found, total
    QStringList missed; // one line per spike not found (for inspection)
    int events = 0;
};

namespace Detail {

enum class Kind
{
    Steady,
    Step,
    Spike
};

struct Stream
{
    QString id;
    std::size_t cell = 0;
    Kind kind = Kind::Steady;
    qint64 startMs = 0;
    qint64 endMs = 0;
    double phase = 0;
    qint64 eventAtMs = 0;  // step or spike start
    qint64 eventEndMs = 0; // spike end (exclusive)
    double multiple = 1;
    int spikeMinutes = 0;
    std::mt19937_64 rng;
    // Outcome.
    int events = 0;
    int eventsBefore = 0; // before the step or spike
    int eventsFrom = 0;   // from the step on
    bool found = false;
    int censusesIntoSpike = 0;
};

inline qint32 viewersAt(Stream &s, const Cell &cell, qint64 t)
{
    std::normal_distribution<double> noise(0.0, cell.noise);
    const double day = 2 * std::numbers::pi * double(t % DayMs) / double(DayMs);
    double level = cell.audience * (1 + cell.cycle * std::sin(day + s.phase));
    if (s.kind == Kind::Step && t >= s.eventAtMs)
        level *= s.multiple;
    if (s.kind == Kind::Spike && t >= s.eventAtMs && t < s.eventEndMs)
        level *= s.multiple;
    return qint32(std::max(0.0, std::round(level * (1 + noise(s.rng)))));
}

} // namespace Detail

inline Result run(const Options &o, const AnomalySettings &settings = {})
{
    using namespace Detail;
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<Cell> cells;
    for (double n : o.noises)
        for (int a : o.audiences)
            for (double c : o.cycles)
                cells.push_back({n, a, c});

    // A shared timeline from t0; every stream starts within the first day
    // (so the cycle is met at every phase) off the census grid's start.
    const qint64 t0 = 0;
    std::vector<Stream> streams;
    auto add = [&](std::size_t cell, Kind kind, qint64 start, qint64 end) -> Stream & {
        Stream s;
        s.id = QStringLiteral("g%1-%2").arg(cell).arg(streams.size());
        s.cell = cell;
        s.kind = kind;
        s.startMs = start;
        s.endMs = end;
        s.phase = 2 * std::numbers::pi * unit(rng);
        s.rng.seed(rng());
        streams.push_back(std::move(s));
        return streams.back();
    };
    auto randomStart = [&] { return t0 + qint64(unit(rng) * double(DayMs)); };
    for (std::size_t c = 0; c < cells.size(); ++c) {
        for (int i = 0; i < o.steadyStreams; ++i) {
            const qint64 start = randomStart();
            add(c, Kind::Steady, start, start + qint64(o.steadyDays * double(DayMs)));
        }
        for (int i = 0; i < o.stepsPerCell; ++i) {
            const qint64 start = randomStart();
            Stream &s = add(c, Kind::Step, start, 0);
            s.eventAtMs = start + 3 * HourMs + qint64(unit(rng) * double(o.intervalMs));
            s.endMs = s.eventAtMs + qint64(o.stepHours * double(HourMs));
            s.multiple = 2;
        }
        for (double m : o.spikeMultiples) {
            for (int minutes : o.spikeMinutes) {
                for (int i = 0; i < o.spikesPerKind; ++i) {
                    const qint64 start = randomStart();
                    Stream &s = add(c, Kind::Spike, start, 0);
                    s.eventAtMs = start + 2 * HourMs + qint64(unit(rng) * double(o.intervalMs));
                    s.eventEndMs = s.eventAtMs + minutes * MinuteMs;
                    s.endMs = s.eventEndMs + HourMs;
                    s.multiple = m;
                    s.spikeMinutes = minutes;
                }
            }
        }
    }

    qint64 last = 0;
    for (const Stream &s : streams)
        last = std::max(last, s.endMs);
    QHash<QString, std::size_t> byId;
    for (std::size_t i = 0; i < streams.size(); ++i)
        byId.insert(streams[i].id, i);

    AnomalyDetector detector(settings);
    Result result;
    std::vector<std::size_t> listed;
    for (qint64 t = t0; t <= last; t += o.intervalMs) {
        Census census;
        census.platform = Platform::Demo;
        census.takenAtMs = t;
        listed.clear();
        for (std::size_t i = 0; i < streams.size(); ++i) {
            Stream &s = streams[i];
            if (t < s.startMs || t >= s.endMs)
                continue;
            StreamObservation obs;
            obs.streamId = s.id;
            obs.viewers = viewersAt(s, cells[s.cell], t);
            census.streams.append(std::move(obs));
            listed.push_back(i);
            if (s.kind == Kind::Spike && t >= s.eventAtMs)
                ++s.censusesIntoSpike;
        }
        for (const AnomalyEvent &e : detector.apply(census)) {
            Stream &s = streams[byId.value(e.streamId)];
            ++result.events;
            ++s.events;
            if (s.kind != Kind::Steady && e.timeMs < s.eventAtMs)
                ++s.eventsBefore;
            else if (s.kind != Kind::Steady)
                ++s.eventsFrom;
            if (s.kind == Kind::Spike && e.timeMs >= s.eventAtMs && s.censusesIntoSpike <= 2)
                s.found = true;
        }
    }

    result.cells.resize(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c)
        result.cells[c].cell = cells[c];
    for (const Stream &s : streams) {
        CellResult &r = result.cells[s.cell];
        const double days = double(s.endMs - s.startMs) / double(DayMs);
        switch (s.kind) {
        case Kind::Steady:
            ++r.steadyStreams;
            r.steadyStreamDays += days;
            r.falseAlerts += s.events;
            r.falseStreamDays += days;
            r.worstPerDay = std::max(r.worstPerDay, s.events / days);
            break;
        case Kind::Step:
            ++r.steps;
            r.falseAlerts += s.eventsBefore;
            r.falseStreamDays += double(s.eventAtMs - s.startMs) / double(DayMs);
            r.stepsWithOne += s.eventsFrom == 1 ? 1 : 0;
            r.stepEventsMax = std::max(r.stepEventsMax, s.eventsFrom);
            break;
        case Kind::Spike: {
            ++r.spikes;
            r.falseAlerts += s.eventsBefore;
            r.falseStreamDays += double(s.eventAtMs - s.startMs) / double(DayMs);
            auto &kind = result.spikesByKind[{s.multiple, s.spikeMinutes}];
            ++kind.second;
            if (s.found) {
                ++r.spikesFound;
                ++kind.first;
            } else {
                const Cell &cell = cells[s.cell];
                result.missed << QStringLiteral(
                                     "noise %1 %, audience %2, cycle ±%3 %: ×%4 for %5 min")
                                     .arg(cell.noise * 100)
                                     .arg(cell.audience)
                                     .arg(cell.cycle * 100)
                                     .arg(s.multiple)
                                     .arg(s.spikeMinutes);
            }
            break;
        }
        }
    }
    return result;
}

} // namespace StreamRank::AnomalyGrid
