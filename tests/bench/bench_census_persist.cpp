// Persisting one census of 100,000 streams: CensusStore::write (writes and
// commit) on a real SQLite file opened with Database::open, against the same
// rows written through the raw sqlite3 C API into a second file of identical
// schema, in the same run, interleaved census by census.
//
//   (a) the first census: every channel, stream and category is new;
//   (b) steady state: the same streams again with changed viewers;
//   (c) steady state after a long history (--history censuses stored);
//   plus the censuses that open a new hour (where a bucketing writer may do
//   more work than usual);
//   (d) a restart on that history: Database::open, the first census after it
//   (1,000 streams ended meanwhile) and the start-up reads (latestCensus,
//   peakSince, recentSamples over the last 5 censuses).
//
// After each census the bench does what CensusWriter does outside the
// census's time, timing each step on its own: CensusStore::compact() (schema 2
// and later: packs the hour just closed into sample_chunks; a no-op in
// between) and CensusStore::checkpoint(). The raw side checkpoints too; it has
// no compaction (its rows are the census's own only).

#include "benchsupport.h"

#include "censusstore.h"
#include "database.h"
#include "storagereader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

[[noreturn]] void fail(const QString &message)
{
    printLine(QStringLiteral("FAILED: %1").arg(message));
    std::exit(1);
}

// The limit: what the raw C API costs to store the same census. Prepared
// statements, one transaction per census, UTF-16 binds like CensusStore, and
// an in-memory map from the platform's ids to row ids. For a known stream it
// writes the census row and one sample (sorted by stream row id); for a new
// one also its category (first sighting), channel and stream rows. It writes
// neither category_samples nor collector_runs nor peak updates: those are
// StreamRank's own additions on top of the same rows.
class RawWriter
{
public:
    ~RawWriter()
    {
        for (sqlite3_stmt *statement : {m_begin, m_commit, m_insertCensus, m_insertCategory,
                                        m_insertChannel, m_insertStream, m_insertSample})
            sqlite3_finalize(statement);
        sqlite3_close(m_db);
    }

    void open(const QString &path)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE,
                            nullptr) != SQLITE_OK)
            fail(QStringLiteral("raw open: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
        // What Database::open and CensusStore set on the production connection.
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        exec("PRAGMA foreign_keys = ON");
        exec("PRAGMA cache_size = -65536");
        exec("PRAGMA wal_autocheckpoint = 0");
        sqlite3_busy_timeout(m_db, 5000);
        // Schema 2 added streams.first_seen_at, which CensusStore fills.
        m_firstSeen = hasColumn("streams", "first_seen_at");
        prepare(&m_begin, "BEGIN IMMEDIATE");
        prepare(&m_commit, "COMMIT");
        prepare(&m_insertCensus,
                "INSERT INTO censuses (platform_id, taken_at, stream_count, total_viewers, partial,"
                " pages_ok, pages_failed, malformed_items) VALUES (?1, ?2, ?3, ?4, 0, ?5, 0, 0)");
        prepare(&m_insertCategory,
                "INSERT INTO categories (platform_id, external_id, name) VALUES (?1, ?2, ?3)");
        prepare(&m_insertChannel, "INSERT INTO channels (platform_id, external_id, login,"
                                  " display_name) VALUES (?1, ?2, ?3, ?4)");
        prepare(
            &m_insertStream,
            m_firstSeen
                ? "INSERT INTO streams (platform_id, external_id, channel_id, category_id, title,"
                  " language, started_at, peak_viewers, last_seen_at, first_seen_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
                : "INSERT INTO streams (platform_id, external_id, channel_id, category_id, title,"
                  " language, started_at, peak_viewers, last_seen_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        prepare(&m_insertSample, "INSERT INTO viewership_samples (census_id, stream_id, taken_at,"
                                 " viewers) VALUES (?1, ?2, ?3, ?4)");
    }

    // Returns how many streams were new.
    int write(const Census &census)
    {
        const qint64 platformId = qint64(census.platform) + 1;
        step(m_begin);
        qint64 total = 0;
        for (const StreamObservation &obs : census.streams)
            total += obs.viewers;
        sqlite3_bind_int64(m_insertCensus, 1, platformId);
        sqlite3_bind_int64(m_insertCensus, 2, census.takenAtMs);
        sqlite3_bind_int64(m_insertCensus, 3, census.streams.size());
        sqlite3_bind_int64(m_insertCensus, 4, total);
        sqlite3_bind_int64(m_insertCensus, 5, census.stats.pagesOk);
        step(m_insertCensus);
        const qint64 censusId = sqlite3_last_insert_rowid(m_db);

        int added = 0;
        m_samples.clear();
        m_samples.reserve(size_t(census.streams.size()));
        for (const StreamObservation &obs : census.streams) {
            qint64 &id = m_streams[obs.streamId];
            if (id == 0) {
                id = insertStream(obs, platformId, census.takenAtMs);
                ++added;
            }
            m_samples.push_back({id, obs.viewers});
        }
        std::sort(m_samples.begin(), m_samples.end(),
                  [](const Sample &a, const Sample &b) { return a.streamId < b.streamId; });
        sqlite3_bind_int64(m_insertSample, 1, censusId);
        sqlite3_bind_int64(m_insertSample, 3, census.takenAtMs);
        for (const Sample &sample : m_samples) {
            sqlite3_bind_int64(m_insertSample, 2, sample.streamId);
            sqlite3_bind_int64(m_insertSample, 4, sample.viewers);
            step(m_insertSample);
        }
        step(m_commit);
        return added;
    }

    void checkpoint()
    {
        if (sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) !=
            SQLITE_OK)
            fail(QStringLiteral("raw checkpoint: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    }

private:
    struct Sample
    {
        qint64 streamId;
        qint32 viewers;
    };

    bool hasColumn(const char *table, const char *column)
    {
        sqlite3_stmt *info = nullptr;
        bool found = false;
        if (sqlite3_prepare_v2(m_db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1,
                               &info, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(info, 1, table, -1, SQLITE_STATIC);
            sqlite3_bind_text(info, 2, column, -1, SQLITE_STATIC);
            found = sqlite3_step(info) == SQLITE_ROW;
        }
        sqlite3_finalize(info);
        return found;
    }
    void exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            fail(QStringLiteral("raw %1: %2")
                     .arg(QLatin1String(sql), QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    void prepare(sqlite3_stmt **statement, const char *sql)
    {
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr) !=
            SQLITE_OK)
            fail(QStringLiteral("raw prepare %1: %2")
                     .arg(QLatin1String(sql), QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    void step(sqlite3_stmt *statement)
    {
        const int rc = sqlite3_step(statement);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            fail(QStringLiteral("raw step: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
        sqlite3_reset(statement);
    }
    static void bindText(sqlite3_stmt *statement, int index, const QString &text)
    {
        sqlite3_bind_text16(statement, index, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
    }

    qint64 insertStream(const StreamObservation &obs, qint64 platformId, qint64 takenAt)
    {
        qint64 categoryId = 0;
        if (!obs.categoryId.isEmpty()) {
            qint64 &known = m_categories[obs.categoryId];
            if (known == 0) {
                sqlite3_bind_int64(m_insertCategory, 1, platformId);
                bindText(m_insertCategory, 2, obs.categoryId);
                bindText(m_insertCategory, 3, obs.categoryName);
                step(m_insertCategory);
                known = sqlite3_last_insert_rowid(m_db);
            }
            categoryId = known;
        }
        sqlite3_bind_int64(m_insertChannel, 1, platformId);
        bindText(m_insertChannel, 2, obs.channelId);
        bindText(m_insertChannel, 3, obs.channelLogin);
        bindText(m_insertChannel, 4, obs.channelName);
        step(m_insertChannel);
        const qint64 channelId = sqlite3_last_insert_rowid(m_db);

        sqlite3_bind_int64(m_insertStream, 1, platformId);
        bindText(m_insertStream, 2, obs.streamId);
        sqlite3_bind_int64(m_insertStream, 3, channelId);
        if (categoryId > 0)
            sqlite3_bind_int64(m_insertStream, 4, categoryId);
        else
            sqlite3_bind_null(m_insertStream, 4);
        bindText(m_insertStream, 5, obs.title);
        bindText(m_insertStream, 6, obs.language);
        sqlite3_bind_int64(m_insertStream, 7, obs.startedAtMs);
        sqlite3_bind_int64(m_insertStream, 8, obs.viewers);
        sqlite3_bind_int64(m_insertStream, 9, takenAt);
        step(m_insertStream);
        return sqlite3_last_insert_rowid(m_db);
    }

    sqlite3 *m_db = nullptr;
    bool m_firstSeen = false;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_insertCensus = nullptr;
    sqlite3_stmt *m_insertCategory = nullptr;
    sqlite3_stmt *m_insertChannel = nullptr;
    sqlite3_stmt *m_insertStream = nullptr;
    sqlite3_stmt *m_insertSample = nullptr;
    QHash<QString, qint64> m_categories;
    QHash<QString, qint64> m_streams;
    std::vector<Sample> m_samples;
};

// One StreamRank file and one raw file, side by side in a temporary folder.
struct FilePair
{
    std::unique_ptr<QTemporaryDir> dir;
    QString streamRankPath;
    QString rawPath;
    std::unique_ptr<Database> db;
    std::unique_ptr<CensusStore> store;
    std::unique_ptr<RawWriter> raw;

    FilePair()
    {
        dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                              QStringLiteral("/bench_census_persist-XXXXXX"));
        if (!dir->isValid())
            fail(QStringLiteral("no temporary folder"));
        streamRankPath = dir->filePath(QStringLiteral("streamrank.sqlite"));
        rawPath = dir->filePath(QStringLiteral("raw.sqlite"));
        // The raw file gets its schema from the same migrations, then the
        // StreamRank connection lets go of it.
        {
            auto schemaOnly = Database::open(rawPath);
            if (!schemaOnly)
                fail(schemaOnly.error().message);
        }
        auto opened = Database::open(streamRankPath);
        if (!opened)
            fail(opened.error().message);
        db = std::move(*opened);
        store = std::make_unique<CensusStore>(db->handle());
        raw = std::make_unique<RawWriter>();
        raw->open(rawPath);
    }
    ~FilePair()
    {
        raw.reset();
        store.reset(); // before the connection it prepared statements on
        db.reset();
    }
    FilePair(const FilePair &) = delete;
    FilePair &operator=(const FilePair &) = delete;
};

// CensusStore::compact() where the storage has it (schema 2 and later),
// timed; nothing where it does not.
struct Compaction
{
    double ms = 0;
    double rollupMs = 0; // of ms, the rollups (schema 4 and later)
    int hours = 0;
    qint64 samples = 0;
};
template <typename Store> Compaction compactStore(Store &store)
{
    Compaction result;
    if constexpr (requires(Store & s) { s.compact(); }) {
        Stopwatch watch;
        auto report = store.compact();
        result.ms = watch.ms();
        if (!report)
            fail(report.error());
        result.hours = report->hours;
        result.samples = report->samples;
        if constexpr (requires { report->rollupNs; })
            result.rollupMs = double(report->rollupNs) / 1e6;
    }
    return result;
}
template <typename Store> constexpr bool hasCompaction = requires(Store &s)
{
    s.compact();
};

struct CensusTiming
{
    int index = 0;
    qint64 takenAtMs = 0;
    double streamRankMs = 0;
    double streamRankCompactMs = 0;
    double streamRankRollupMs = 0; // of the compaction
    int compactedHours = 0;
    double streamRankCheckpointMs = 0;
    double rawMs = 0;
    double rawCheckpointMs = 0;
    int newStreams = 0;
};

// Writes one census to both files, in alternating order so neither always
// pays for the other's leftovers (page cache, dirty pages being flushed).
CensusTiming writeBoth(FilePair &files, const Census &census, int index, int expectedNew)
{
    CensusTiming t;
    t.index = index;
    t.takenAtMs = census.takenAtMs;
    auto streamRank = [&] {
        Stopwatch watch;
        auto stored = files.store->write(census);
        t.streamRankMs = watch.ms();
        if (!stored)
            fail(stored.error());
        if (stored->streamCount != census.streams.size() || stored->newStreams != expectedNew)
            fail(QStringLiteral("census %1 stored %2 streams, %3 new (expected %4, %5 new)")
                     .arg(index)
                     .arg(stored->streamCount)
                     .arg(stored->newStreams)
                     .arg(census.streams.size())
                     .arg(expectedNew));
        t.newStreams = stored->newStreams;
        const Compaction compaction = compactStore(*files.store);
        t.streamRankCompactMs = compaction.ms;
        t.streamRankRollupMs = compaction.rollupMs;
        t.compactedHours = compaction.hours;
        watch.restart();
        files.store->checkpoint();
        t.streamRankCheckpointMs = watch.ms();
    };
    auto raw = [&] {
        Stopwatch watch;
        const int added = files.raw->write(census);
        t.rawMs = watch.ms();
        if (added != expectedNew)
            fail(QStringLiteral("raw census %1: %2 new streams, expected %3")
                     .arg(index)
                     .arg(added)
                     .arg(expectedNew));
        watch.restart();
        files.raw->checkpoint();
        t.rawCheckpointMs = watch.ms();
    };
    if (index % 2 == 0) {
        streamRank();
        raw();
    } else {
        raw();
        streamRank();
    }
    return t;
}

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 0);
}

// (d) What a restart costs on the stored history, once each (a restart is a
// one-off), and the reads the app makes at start-up, median of 3.
void restartAndStartupReads(FilePair &files, const CensusGenerator &generator, Census census,
                            int streams)
{
    const qint64 lastMs = census.takenAtMs;
    files.store.reset();
    files.db.reset();
    Stopwatch watch;
    auto reopened = Database::open(files.streamRankPath);
    const double openMs = watch.ms();
    if (!reopened)
        fail(reopened.error().message);
    files.db = std::move(*reopened);
    files.store = std::make_unique<CensusStore>(files.db->handle());
    // The writer compacts and checkpoints right after opening.
    const Compaction openCompaction = compactStore(*files.store);
    files.store->checkpoint();

    // The platform's smallest 1,000 streams ended while StreamRank was closed.
    const int ended = std::min(1000, streams / 10);
    generator.setViewers(census, 100'000);
    census.streams.resize(census.streams.size() - ended);
    census.takenAtMs = lastMs + kMinuteMs;
    watch.restart();
    auto stored = files.store->write(census);
    const double writeMs = watch.ms();
    if (!stored)
        fail(stored.error());
    if (stored->newStreams != 0 || stored->endedStreams != ended)
        fail(QStringLiteral("after the restart: %1 new, %2 ended streams (expected 0, %3)")
                 .arg(stored->newStreams)
                 .arg(stored->endedStreams)
                 .arg(ended));
    const Compaction compaction = compactStore(*files.store);
    watch.restart();
    files.store->checkpoint();
    const double checkpointMs = watch.ms();

    StorageReader reader(files.streamRankPath);
    const qint64 since = census.takenAtMs - 4 * kMinuteMs; // the last 5 censuses
    std::vector<double> latest, peaks, recent;
    for (int rep = 0; rep < 3; ++rep) {
        watch.restart();
        auto l = reader.latestCensus(Platform::Twitch);
        latest.push_back(watch.ms());
        if (!l || l->streams.size() != census.streams.size())
            fail(QStringLiteral("latestCensus: %1")
                     .arg(l ? QStringLiteral("wrong size") : l.error()));
        watch.restart();
        auto p = reader.peakSince(Platform::Twitch, since);
        peaks.push_back(watch.ms());
        if (!p || p->size() != streams)
            fail(QStringLiteral("peakSince: %1").arg(p ? QStringLiteral("wrong size") : p.error()));
        watch.restart();
        auto r = reader.recentSamples(Platform::Twitch, since);
        recent.push_back(watch.ms());
        if (!r || r->size() != streams)
            fail(QStringLiteral("recentSamples: %1")
                     .arg(r ? QStringLiteral("wrong size") : r.error()));
    }

    printLine(QString());
    printLine(QStringLiteral("(d) Restart on that history, then the start-up reads (StreamRank "
                             "only; no raw peer)"));
    Table table({QStringLiteral("operation"), QStringLiteral("N"), QStringLiteral("median ms"),
                 QStringLiteral("min ms"), QStringLiteral("max ms")});
    auto addRow = [&table](const QString &name, const std::vector<double> &times) {
        const Stats s = statsOf(times);
        table.add({name, QString::number(s.n), fmt(s.median), fmt(s.min), fmt(s.max)});
    };
    addRow(QStringLiteral("Database::open of the existing file"), {openMs});
    if (hasCompaction<CensusStore>)
        addRow(QStringLiteral("  compact() after the open (%1 hours)").arg(openCompaction.hours),
               {openCompaction.ms});
    addRow(QStringLiteral("first census after the restart (%1 ended)").arg(ended), {writeMs});
    if (hasCompaction<CensusStore>)
        addRow(QStringLiteral("  its compact() (%1 hours)").arg(compaction.hours), {compaction.ms});
    addRow(QStringLiteral("  its checkpoint"), {checkpointMs});
    addRow(QStringLiteral("latestCensus (%1 streams)").arg(census.streams.size()), latest);
    addRow(QStringLiteral("peakSince, last 5 censuses"), peaks);
    addRow(QStringLiteral("recentSamples, last 5 censuses (%1 samples)")
               .arg(4 * qint64(streams) + census.streams.size()),
           recent);
    table.print();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times persisting 100,000-stream censuses: StreamRank vs raw sqlite3."));
    parser.addHelpOption();
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Streams per census."),
                                           QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption categoriesOption(QStringLiteral("categories"),
                                              QStringLiteral("Categories on the platform."),
                                              QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption firstOption(QStringLiteral("first-reps"),
                                         QStringLiteral("Fresh files for the first census."),
                                         QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption steadyOption(QStringLiteral("steady"),
                                          QStringLiteral("Timed censuses right after the first."),
                                          QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption historyOption(
        QStringLiteral("history"),
        QStringLiteral("Censuses stored before the long-history measurement."), QStringLiteral("N"),
        QStringLiteral("110"));
    const QCommandLineOption longOption(QStringLiteral("long"),
                                        QStringLiteral("Timed censuses after the history."),
                                        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
                                       QStringLiteral("Also write every census's times to FILE."),
                                       QStringLiteral("FILE"));
    parser.addOptions({streamsOption, categoriesOption, firstOption, steadyOption, historyOption,
                       longOption, csvOption});
    parser.process(app);
    const int streams = parser.value(streamsOption).toInt();
    const int firstReps = std::max(1, parser.value(firstOption).toInt());
    const int steady = std::max(1, parser.value(steadyOption).toInt());
    const int history = std::max(steady + 1, parser.value(historyOption).toInt());
    const int longReps = std::max(1, parser.value(longOption).toInt());
    const qint64 intervalMs = kMinuteMs;

    printHeader(
        "bench_census_persist",
        {QStringLiteral("sqlite:  %1 (library), %2 (headers)")
             .arg(QLatin1String(sqlite3_libversion()), QLatin1String(SQLITE_VERSION)),
         QStringLiteral("files:   in %1 (TMPDIR chooses another disk)").arg(QDir::tempPath()),
         QStringLiteral("census:  %1 streams, %2 categories, one census a minute")
             .arg(streams)
             .arg(parser.value(categoriesOption))});

    const CensusGenerator generator(Platform::Twitch, streams,
                                    parser.value(categoriesOption).toInt());
    Census census = generator.census(kStartMs, 0);
    std::vector<CensusTiming> all;

    // (a) First census, on fresh files each time; the last pair goes on.
    std::unique_ptr<FilePair> files;
    std::vector<CensusTiming> first;
    for (int rep = 0; rep < firstReps; ++rep) {
        files.reset();
        files = std::make_unique<FilePair>();
        if (rep == 0)
            printLine(QStringLiteral("storage: schema version %1, CensusStore::compact() %2")
                          .arg(files->db->schemaVersion())
                          .arg(hasCompaction<CensusStore> ? QStringLiteral("present")
                                                          : QStringLiteral("absent")));
        CensusTiming t = writeBoth(*files, census, rep, streams);
        t.index = 0;
        first.push_back(t);
        all.push_back(t);
        printLine(QStringLiteral("  first census %1/%2: StreamRank %3 ms, raw %4 ms")
                      .arg(rep + 1)
                      .arg(firstReps)
                      .arg(fmt(t.streamRankMs), fmt(t.rawMs)));
    }

    std::vector<CensusTiming> steadyTimes;
    std::vector<CensusTiming> longTimes;
    std::vector<CensusTiming> hourTimes;
    const int total = history + longReps;
    for (int c = 1; c < total; ++c) {
        generator.setViewers(census, c);
        census.takenAtMs = kStartMs + c * intervalMs;
        const CensusTiming t = writeBoth(*files, census, c, 0);
        all.push_back(t);
        if (c <= steady)
            steadyTimes.push_back(t);
        if (c >= history)
            longTimes.push_back(t);
        if (census.takenAtMs % kHourMs == 0)
            hourTimes.push_back(t);
        if (c % 10 == 0 || c <= steady || c >= history)
            printLine(
                QStringLiteral("  census %1/%2: StreamRank %3 ms (+%4 compact, %5 hours; +%6 "
                               "checkpoint), raw %7 ms (+%8 checkpoint)")
                    .arg(c)
                    .arg(total - 1)
                    .arg(fmt(t.streamRankMs), fmt(t.streamRankCompactMs))
                    .arg(t.compactedHours)
                    .arg(fmt(t.streamRankCheckpointMs), fmt(t.rawMs), fmt(t.rawCheckpointMs)));
    }

    Table table({QStringLiteral("phase"), QStringLiteral("N"), QStringLiteral("SR median"),
                 QStringLiteral("SR min"), QStringLiteral("SR max"),
                 QStringLiteral("compact med/max"), QStringLiteral("ckpt median"),
                 QStringLiteral("SR all median"), QStringLiteral("raw median"),
                 QStringLiteral("raw min"), QStringLiteral("raw ckpt median"),
                 QStringLiteral("SR/raw")});
    auto addRow = [&table](const QString &phase, const std::vector<CensusTiming> &times) {
        std::vector<double> sr, srCompact, srCheckpoint, srAll, raw, rawCheckpoint;
        for (const CensusTiming &t : times) {
            sr.push_back(t.streamRankMs);
            srCompact.push_back(t.streamRankCompactMs);
            srCheckpoint.push_back(t.streamRankCheckpointMs);
            srAll.push_back(t.streamRankMs + t.streamRankCompactMs + t.streamRankCheckpointMs);
            raw.push_back(t.rawMs);
            rawCheckpoint.push_back(t.rawCheckpointMs);
        }
        const Stats s = statsOf(sr);
        const Stats compact = statsOf(srCompact);
        const Stats r = statsOf(raw);
        table.add({phase, QString::number(s.n), fmt(s.median), fmt(s.min), fmt(s.max),
                   hasCompaction<CensusStore>
                       ? QStringLiteral("%1/%2").arg(fmt(compact.median), fmt(compact.max))
                       : QStringLiteral("n/a"),
                   fmt(statsOf(srCheckpoint).median), fmt(statsOf(srAll).median), fmt(r.median),
                   fmt(r.min), fmt(statsOf(rawCheckpoint).median),
                   r.median > 0 ? fmt(s.median / r.median, 2) : QStringLiteral("n/a")});
    };
    printLine(QString());
    printLine(QStringLiteral("Census of %1 streams, times in ms. SR = CensusStore::write (writes + "
                             "commit); then, outside the census's "
                             "time, compact() and checkpoint(), timed apart; SR all = the three "
                             "together. raw = sqlite3 C API, same rows, same run. "
                             "SR/raw = SR median / raw median.")
                  .arg(streams));
    addRow(QStringLiteral("(a) first census (all new)"), first);
    addRow(QStringLiteral("(b) steady, censuses 1-%1").arg(steady), steadyTimes);
    addRow(QStringLiteral("(c) steady, %1 censuses stored (%2-%3)")
               .arg(history)
               .arg(history)
               .arg(total - 1),
           longTimes);
    if (!hourTimes.empty())
        addRow(QStringLiteral("    censuses opening an hour"), hourTimes);
    table.print();
    // What the rollups add to the writer: their share of the compactions,
    // against everything the writer did over the same censuses.
    {
        double rollupMs = 0;
        double writerMs = 0;
        int hours = 0;
        for (const CensusTiming &t : all) {
            if (t.index == 0)
                continue; // the first census: every row new, not steady state
            rollupMs += t.streamRankRollupMs;
            writerMs += t.streamRankMs + t.streamRankCompactMs + t.streamRankCheckpointMs;
            hours += t.compactedHours;
        }
        printLine(QStringLiteral("rollups: %1 ms over %2 compacted hours (%3 ms an hour), adding "
                                 "%4 % to the writer's other %5 ms over censuses 1-%6 (write + "
                                 "compact + checkpoint; the rollup calls only, not their share "
                                 "of the commit and checkpoint)")
                      .arg(fmt(rollupMs))
                      .arg(hours)
                      .arg(fmt(hours > 0 ? rollupMs / hours : 0.0))
                      .arg(fmt(writerMs > 0 ? 100.0 * rollupMs / (writerMs - rollupMs) : 0.0))
                      .arg(fmt(writerMs - rollupMs))
                      .arg(total - 1));
    }
    printLine(QStringLiteral("files after %1 censuses: StreamRank %2, raw %3 (file + WAL)")
                  .arg(total)
                  .arg(megabytes(databaseSizeBytes(files->streamRankPath)),
                       megabytes(databaseSizeBytes(files->rawPath))));

    restartAndStartupReads(*files, generator, census, streams);

    if (parser.isSet(csvOption)) {
        QFile csv(parser.value(csvOption));
        if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(csv.fileName()));
        QTextStream out(&csv);
        out << "index,taken_at,sr_ms,sr_compact_ms,compacted_hours,sr_checkpoint_ms,raw_ms,"
               "raw_checkpoint_ms,new_streams\n";
        for (const CensusTiming &t : all)
            out << t.index << ',' << t.takenAtMs << ',' << t.streamRankMs << ','
                << t.streamRankCompactMs << ',' << t.compactedHours << ','
                << t.streamRankCheckpointMs << ',' << t.rawMs << ',' << t.rawCheckpointMs << ','
                << t.newStreams << '\n';
    }
    printFooter();
    return 0;
}
