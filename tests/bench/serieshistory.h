#pragma once
// The history bench_series_read and bench_chart read: one measured stream
// live for 30 days beside streams live throughout and slots of 2–10-hour
// sessions, one census a minute from kStartMs. Deterministic (mix()).

#include "benchsupport.h"

#include "census.h"
#include "censusstore.h"
#include "database.h"

#include <QLoggingCategory>

#include <cmath>
#include <memory>
#include <vector>

namespace StreamRank::Bench::SeriesHistory {

inline constexpr Platform kPlatform = Platform::Twitch;

inline QString targetStreamId()
{
    return QStringLiteral("41000000001");
}

inline StreamObservation observation(const QString &streamId, int owner, qint64 startedAtMs,
                                     qint32 viewers)
{
    StreamObservation o;
    o.streamId = streamId;
    o.channelId = QString::number(200'000'000 + owner);
    o.channelLogin = QStringLiteral("channel_%1").arg(owner);
    o.channelName = QStringLiteral("Channel %1").arg(owner);
    o.title = QStringLiteral("Around the clock, day and night | !schedule");
    o.categoryId = QString::number(509658 + (owner % 40) * 7919);
    o.categoryName = QStringLiteral("Category %1").arg(owner % 40 + 1);
    o.language = QStringLiteral("en");
    o.startedAtMs = startedAtMs;
    o.viewers = viewers;
    return o;
}

// Census `c` (one a minute from kStartMs): the measured stream, `steady`
// streams live throughout, and `churning` slots whose sessions last 2–10 hours.
inline Census censusAt(int c, int steady, int churning)
{
    Census census;
    census.platform = kPlatform;
    census.takenAtMs = kStartMs + c * kMinuteMs;
    census.stats.requests = 4;
    census.stats.pagesOk = 4;
    census.stats.durationMs = 900;
    census.streams.reserve(1 + steady + churning);
    const double day = double(c) / (24 * 60);
    const qint32 wobble = qint32(mix(quint64(c)) % 200);
    census.streams.append(
        observation(targetStreamId(), 0, kStartMs - kHourMs,
                    qint32(5000 + 3000 * std::sin(2 * 3.14159265358979 * day)) + wobble));
    for (int s = 1; s <= steady; ++s)
        census.streams.append(observation(QString::number(41'000'000'001ll + s), s,
                                          kStartMs - kHourMs,
                                          qint32(50 + mix(quint64(s) * 7 + quint64(c)) % 900)));
    for (int k = 0; k < churning; ++k) {
        const int lengthMinutes = 120 + int(mix(quint64(k) + 99) % 480);
        const int shifted = c + int(mix(quint64(k) + 7) % quint64(lengthMinutes));
        const int session = shifted / lengthMinutes;
        const int sessionStart = c - shifted % lengthMinutes;
        census.streams.append(observation(QStringLiteral("42%1%2")
                                              .arg(k, 4, 10, QLatin1Char('0'))
                                              .arg(session, 5, 10, QLatin1Char('0')),
                                          10'000 + k, kStartMs + sessionStart * kMinuteMs,
                                          qint32(5 + mix(quint64(k) * 13 + quint64(c)) % 300)));
    }
    return census;
}

// The history written into a new file the way StreamRank writes it: each
// census through CensusStore::write, then compact() (closed hours packed into
// chunks, rollups written), a checkpoint every `checkpointEvery` censuses, a
// progress line every `progressEvery`. With the time of every write and
// compaction for the benches that report them; `error` says what failed
// (nothing else is then to be trusted).
struct BuiltHistory
{
    std::vector<double> writeMs;
    std::vector<double> compactMs;
    double totalMs = 0;
    int schemaVersion = 0;
    QString error;
};

inline BuiltHistory buildHistory(const QString &path, int censuses, int steady, int churning,
                                 int checkpointEvery, int progressEvery)
{
    BuiltHistory built;
    auto db = Database::open(path);
    if (!db) {
        built.error = db.error().message;
        return built;
    }
    built.schemaVersion = (*db)->schemaVersion();
    auto store = std::make_unique<CensusStore>((*db)->handle());
    // The writer logs every compacted hour: 720 lines for 30 days.
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.debug=false\nstreamrank.storage.info=false"));
    built.writeMs.reserve(size_t(censuses));
    built.compactMs.reserve(size_t(censuses));
    Stopwatch watch;
    for (int c = 0; c < censuses; ++c) {
        const Census census = censusAt(c, steady, churning);
        Stopwatch write;
        auto stored = store->write(census);
        built.writeMs.push_back(write.ms());
        if (!stored) {
            built.error = stored.error();
            return built;
        }
        Stopwatch compact;
        auto report = store->compact();
        built.compactMs.push_back(compact.ms());
        if (!report) {
            built.error = report.error();
            return built;
        }
        if (c % checkpointEvery == checkpointEvery - 1)
            store->checkpoint();
        if (c % progressEvery == progressEvery - 1)
            printLine(QStringLiteral("  built %1 of %2 censuses (%3 s)")
                          .arg(c + 1)
                          .arg(censuses)
                          .arg(fmt(watch.ms() / 1000)));
    }
    store->checkpoint();
    store.reset();
    quietDebugOutput();
    built.totalMs = watch.ms();
    return built;
}

} // namespace StreamRank::Bench::SeriesHistory
