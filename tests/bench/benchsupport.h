#pragma once
// Shared by the benchmarks: a deterministic, heavy-tailed census generator,
// robust statistics (median and min of N) and the table and machine header
// every benchmark prints. Benchmarks are plain executables, never CTest tests.

#include "census.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>
#include <QSysInfo>
#include <QThread>
#include <QVector>
#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#ifndef STREAMRANK_BENCH_BUILD_TYPE
#define STREAMRANK_BENCH_BUILD_TYPE "unknown"
#endif

namespace StreamRank::Bench {

// 2023-11-14 22:00:00 UTC: a whole hour, so hour buckets start with census 0.
inline constexpr qint64 kStartMs = 1'699'999'200'000;
inline constexpr qint64 kMinuteMs = 60'000;
inline constexpr qint64 kHourMs = 60 * kMinuteMs;

// splitmix64: the same numbers on every compiler and standard library.
inline quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Uniform in (0, 1].
inline double unit(quint64 x)
{
    return double((mix(x) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

// A platform's live streams: strings built once (observations share them), a
// heavy-tailed base audience per stream (Pareto, alpha 1.1: most streams have
// a handful of viewers, the top ones ~100,000), categories and languages
// skewed like a real directory.
class CensusGenerator
{
public:
    CensusGenerator(Platform platform, int streams, int categories, quint64 seed = 1)
        : m_platform(platform), m_seed(seed)
    {
        static const char *const languages[] = {"en", "en", "en", "en", "es", "es", "pt", "de",
                                                "fr", "ru", "ja", "ko", "it", "pl", "tr", "zh"};
        QVector<QString> categoryIds;
        QVector<QString> categoryNames;
        for (int c = 0; c < categories; ++c) {
            categoryIds.append(QString::number(509658 + c * 7919));
            categoryNames.append(QStringLiteral("Category %1: Some Game Title").arg(c + 1));
        }
        m_streams.reserve(streams);
        for (int i = 0; i < streams; ++i)
            m_streams.append(makeObservation(i, categoryIds, categoryNames, languages));
        m_base.reserve(streams);
        for (int i = 0; i < streams; ++i) {
            const double u = unit(m_seed * 1000003u + quint64(i));
            m_base.push_back(std::min(300'000.0, 2.0 * std::pow(u, -1.0 / 1.1) - 2.0));
        }
    }

    int size() const { return int(m_streams.size()); }

    // Census `round` of the same streams: every stream's viewers move by up to
    // ±10 % around its base (plus a few viewers of noise), so ranks change and
    // some streams set a new peak. In platform order: most viewers first.
    Census census(qint64 takenAtMs, int round) const
    {
        Census c;
        c.platform = m_platform;
        c.takenAtMs = takenAtMs;
        c.stats.requests = size() / 100 + 1;
        c.stats.pagesOk = size() / 100 + 1;
        c.stats.durationMs = 4200;
        c.streams = m_streams;
        setViewers(c, round);
        return c;
    }

    // Re-rolls the viewers of a census built by census() for another round
    // and restores platform order. Keeps the strings, so it is cheap.
    void setViewers(Census &c, int round) const
    {
        QVector<StreamObservation> &streams = c.streams;
        for (StreamObservation &obs : streams) {
            const int i = indexOf(obs);
            obs.viewers = viewersAt(i, round);
        }
        std::stable_sort(streams.begin(), streams.end(),
                         [](const StreamObservation &a, const StreamObservation &b) {
                             return a.viewers > b.viewers;
                         });
    }

    qint32 viewersAt(int stream, int round) const
    {
        const quint64 h = mix(m_seed ^ (quint64(stream) << 24) ^ quint64(round));
        const double wobble = 0.9 + 0.2 * double(h & 0xffff) / 65535.0;
        return qint32(std::lround(m_base[size_t(stream)] * wobble)) + qint32((h >> 16) % 3);
    }

private:
    // The stream's index is kept in its start time's low digits, so a census
    // in any order maps back without a hash lookup.
    static int indexOf(const StreamObservation &obs) { return int(obs.startedAtMs % 1'000'000); }

    StreamObservation makeObservation(int i, const QVector<QString> &categoryIds,
                                      const QVector<QString> &categoryNames,
                                      const char *const *languages) const
    {
        StreamObservation o;
        o.streamId = QString::number(40'000'000'000ll + qint64(i) * 7919 + qint64(m_seed));
        o.channelId = QString::number(100'000'000ll + qint64(i) * 31);
        o.channelLogin = QStringLiteral("streamer_%1")
                             .arg(mix(quint64(i)) % 100'000'000, 8, 36, QLatin1Char('0'));
        o.channelName = QStringLiteral("Streamer_%1")
                            .arg(mix(quint64(i)) % 100'000'000, 8, 36, QLatin1Char('0'));
        o.title =
            QStringLiteral("Playing with chat !drops !discord | day %1 of the grind").arg(i % 997);
        // Zipf-like: the first categories hold most streams.
        const double u = unit(m_seed + 0xc0ffee + quint64(i));
        const int category =
            std::min(int(categoryIds.size()) - 1, int(double(categoryIds.size()) * u * u));
        if (!categoryIds.isEmpty() && i % 50 != 0) { // 2 % uncategorised
            o.categoryId = categoryIds.at(category);
            o.categoryName = categoryNames.at(category);
        }
        o.language = QString::fromLatin1(languages[mix(quint64(i) + 77) % 16]);
        // Started 0–12 h before kStartMs, whole seconds, index in the last digits.
        const qint64 startedSecondsAgo = qint64(mix(quint64(i) + 5) % (12 * 3600)) + 1;
        o.startedAtMs = (kStartMs - startedSecondsAgo * 1000) / 1'000'000 * 1'000'000 + i;
        return o;
    }

    Platform m_platform;
    quint64 m_seed;
    QVector<StreamObservation> m_streams;
    std::vector<double> m_base;
};

// Milliseconds since a start, at nanosecond resolution.
class Stopwatch
{
public:
    Stopwatch() { m_timer.start(); }
    double ms() const { return double(m_timer.nsecsElapsed()) / 1e6; }
    void restart() { m_timer.restart(); }

private:
    QElapsedTimer m_timer;
};

struct Stats
{
    int n = 0;
    double median = 0;
    double min = 0;
    double max = 0;
};

inline Stats statsOf(std::vector<double> values)
{
    Stats s;
    s.n = int(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    s.median = values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    s.min = values.front();
    s.max = values.back();
    return s;
}

inline QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("n/a");
    const QStringList parts = QString::fromLatin1(file.readAll()).split(QLatin1Char(' '));
    return parts.size() >= 3 ? parts.mid(0, 3).join(QLatin1Char(' ')) : QStringLiteral("n/a");
}

inline QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("n/a");
    const QStringList lines = QString::fromLatin1(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("model name")))
            return line.section(QLatin1Char(':'), 1).trimmed();
    }
    return QStringLiteral("n/a");
}

inline void printLine(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Debug lines of the code under test (cache loads and the like) would break
// up the tables; its info lines and warnings still show.
inline void quietDebugOutput()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));
}

// The header every benchmark starts with; `extra` adds lines such as the
// SQLite version.
inline void printHeader(const char *name, const QStringList &extra = {})
{
    printLine(QStringLiteral("== %1 ==").arg(QLatin1String(name)));
    printLine(QStringLiteral("machine: %1 logical CPUs, %2; %3 %4")
                  .arg(QThread::idealThreadCount())
                  .arg(cpuModel(), QSysInfo::prettyProductName(), QSysInfo::kernelVersion()));
    printLine(QStringLiteral("build:   %1, compiler %2, Qt %3 (built against %4)")
                  .arg(QLatin1String(STREAMRANK_BENCH_BUILD_TYPE), QLatin1String(__VERSION__),
                       QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR)));
    for (const QString &line : extra)
        printLine(line);
    printLine(QStringLiteral("load average at start: %1").arg(loadAverage()));
    if (QLatin1String(STREAMRANK_BENCH_BUILD_TYPE) != QLatin1String("Release"))
        printLine(QStringLiteral("WARNING: not a Release build; figures are not representative"));
}

inline void printFooter()
{
    printLine(QStringLiteral("load average at end:   %1").arg(loadAverage()));
}

// A plain-text table with right-aligned columns after the first.
class Table
{
public:
    explicit Table(QStringList header) { m_rows.append(std::move(header)); }
    void add(QStringList row) { m_rows.append(std::move(row)); }
    void print() const
    {
        QVector<qsizetype> widths;
        for (const QStringList &row : m_rows) {
            widths.resize(std::max(widths.size(), row.size()));
            for (qsizetype i = 0; i < row.size(); ++i)
                widths[i] = std::max(widths[i], row.at(i).size());
        }
        for (qsizetype r = 0; r < m_rows.size(); ++r) {
            QString line;
            const QStringList &row = m_rows.at(r);
            for (qsizetype i = 0; i < row.size(); ++i) {
                if (i > 0)
                    line += QStringLiteral("  ");
                line += i == 0 ? row.at(i).leftJustified(widths[i])
                               : row.at(i).rightJustified(widths[i]);
            }
            printLine(line);
            if (r == 0)
                printLine(QString(line.size(), QLatin1Char('-')));
        }
    }

private:
    QVector<QStringList> m_rows;
};

inline QString fmt(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}

} // namespace StreamRank::Bench
