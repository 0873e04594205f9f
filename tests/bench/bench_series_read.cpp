// Reading one stream's 30 days of 1-minute samples (43,200 points) with
// StorageReader::streamSeries, against the same read as a raw sqlite3 query on
// the same file, in the same run, interleaved read by read.
//
// The file is written the way StreamRank writes it: 43,200 one-minute
// censuses through CensusStore::write, each with the measured stream (live
// for all 30 days) and a few hundred others, half of them live throughout and
// half in sessions of 2–10 hours that end and give way to new ones. So the
// measured series is interleaved with other streams' rows in the file as in
// real use, and whatever layout the writer produces (indexes, hourly chunks)
// is the one read. After each census the bench calls CensusStore::compact()
// (schema 2 and later) like CensusWriter does; it checkpoints every
// --checkpoint-every censuses (the writer: every census; the file's content is
// the same).
//
// Two raw sqlite3 peers read the same file on their own connection:
//   same access   the reader's own access path through the bare C API (schema
//                 2: the session row, one sample_chunks primary-key lookup per
//                 hour, decoding, then the censuses not compacted yet; schema
//                 1: the covering-index range scan): what StorageReader adds;
//   plain SQL     one query over the per-census rows, one primary-key probe
//                 of viewership_samples per census in the range: the series
//                 without any per-stream layout.

#include "benchsupport.h"
#include "serieshistory.h"

#include "censusstore.h"
#include "database.h"
#include "storagereader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <QtEndian>

#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;
using namespace StreamRank::Bench::SeriesHistory;

namespace {

constexpr int kDays = 30;
constexpr int kCensuses = kDays * 24 * 60;

[[noreturn]] void fail(const QString &message)
{
    printLine(QStringLiteral("FAILED: %1").arg(message));
    std::exit(1);
}

// CensusStore::compact() where the storage has it (schema 2 and later).
void buildDatabase(const QString &path, int steady, int churning, int checkpointEvery)
{
    const BuiltHistory built =
        buildHistory(path, kCensuses, steady, churning, checkpointEvery, 4320);
    if (!built.error.isEmpty())
        fail(built.error);
    const auto &writes = built.writeMs;
    const auto &compactMs = built.compactMs;
    const Stats s = statsOf(writes);
    const Stats c = statsOf(compactMs);
    printLine(QStringLiteral("built %1 censuses of %2 streams in %3 s (write median %4 ms, max %5 "
                             "ms; compact median %6 ms, max %7 ms); file + WAL %8 MB")
                  .arg(kCensuses)
                  .arg(1 + steady + churning)
                  .arg(fmt(built.totalMs / 1000), fmt(s.median, 2), fmt(s.max, 1), fmt(c.median, 3),
                       fmt(c.max, 1))
                  .arg(double(databaseSizeBytes(path)) / (1024.0 * 1024.0), 0, 'f', 0));
}

// The raw peers, on one read-only connection of their own; statements are
// prepared per read, as StorageReader does.
class RawReader
{
public:
    explicit RawReader(const QString &path)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READONLY,
                            nullptr) != SQLITE_OK)
            fail(QStringLiteral("raw open: %1").arg(error()));
        sqlite3_busy_timeout(m_db, 5000);
        Statement tables(m_db, "SELECT 1 FROM sqlite_schema WHERE type = 'table'"
                               " AND name = 'sample_chunks'");
        m_chunks = sqlite3_step(tables.get()) == SQLITE_ROW;
    }
    ~RawReader() { sqlite3_close(m_db); }
    RawReader(const RawReader &) = delete;
    RawReader &operator=(const RawReader &) = delete;

    bool hasChunks() const { return m_chunks; }

    // StorageReader's access path through the bare C API.
    std::vector<SeriesPoint> sameAccess(const QString &streamExternalId, qint64 fromMs, qint64 toMs)
    {
        return m_chunks ? chunked(streamExternalId, fromMs, toMs)
                        : rangeScan(streamExternalId, fromMs, toMs);
    }

    // One query over the per-census rows: censuses in range, then a primary-key
    // probe of viewership_samples for each.
    std::vector<SeriesPoint> plainSql(const QString &streamExternalId, qint64 fromMs, qint64 toMs)
    {
        Statement query(m_db, "SELECT c.taken_at, v.viewers FROM censuses c"
                              " CROSS JOIN viewership_samples v ON v.census_id = c.id"
                              " AND v.stream_id = (SELECT id FROM streams WHERE platform_id = ?1"
                              " AND external_id = ?2)"
                              " WHERE c.platform_id = ?1 AND c.taken_at BETWEEN ?3 AND ?4"
                              " ORDER BY c.taken_at");
        bindSeries(query.get(), streamExternalId, fromMs, toMs);
        std::vector<SeriesPoint> points;
        collect(query.get(), points);
        return points;
    }

private:
    class Statement
    {
    public:
        Statement(sqlite3 *db, const char *sql)
        {
            if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
                fail(QStringLiteral("raw prepare: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
        }
        ~Statement() { sqlite3_finalize(m_stmt); }
        Statement(const Statement &) = delete;
        Statement &operator=(const Statement &) = delete;
        sqlite3_stmt *get() const { return m_stmt; }

    private:
        sqlite3_stmt *m_stmt = nullptr;
    };

    QString error() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }

    static void bindSeries(sqlite3_stmt *statement, const QString &id, qint64 fromMs, qint64 toMs)
    {
        sqlite3_bind_int64(statement, 1, qint64(kPlatform) + 1);
        sqlite3_bind_text16(statement, 2, id.utf16(), int(id.size() * 2), SQLITE_STATIC);
        sqlite3_bind_int64(statement, 3, fromMs);
        sqlite3_bind_int64(statement, 4, toMs);
    }

    void collect(sqlite3_stmt *statement, std::vector<SeriesPoint> &points)
    {
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
            points.push_back(
                {sqlite3_column_int64(statement, 0), qint32(sqlite3_column_int(statement, 1))});
        if (rc != SQLITE_DONE)
            fail(QStringLiteral("raw read: %1").arg(error()));
    }

    // Schema 1: the covering index (stream_id, taken_at, viewers).
    std::vector<SeriesPoint> rangeScan(const QString &id, qint64 fromMs, qint64 toMs)
    {
        Statement query(m_db, "SELECT v.taken_at, v.viewers FROM viewership_samples v"
                              " WHERE v.stream_id = (SELECT id FROM streams WHERE platform_id = ?1"
                              " AND external_id = ?2) AND v.taken_at BETWEEN ?3 AND ?4"
                              " ORDER BY v.taken_at");
        bindSeries(query.get(), id, fromMs, toMs);
        std::vector<SeriesPoint> points;
        collect(query.get(), points);
        return points;
    }

    // Schema 2: hourly chunks of 8-byte samples (uint32 LE offset from the
    // hour, int32 LE viewers; docs/SCHEMA.md), then the open hour's censuses.
    std::vector<SeriesPoint> chunked(const QString &id, qint64 fromMs, qint64 toMs)
    {
        constexpr qint64 hourMs = 3'600'000;
        sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr); // one snapshot for all reads
        std::vector<SeriesPoint> points;
        {
            Statement session(m_db, "SELECT s.id, s.first_seen_at, s.ended_at,"
                                    " (SELECT MAX(taken_at) FROM censuses WHERE platform_id = ?1)"
                                    " FROM streams s WHERE s.platform_id = ?1"
                                    " AND s.external_id = ?2");
            sqlite3_bind_int64(session.get(), 1, qint64(kPlatform) + 1);
            sqlite3_bind_text16(session.get(), 2, id.utf16(), int(id.size() * 2), SQLITE_STATIC);
            if (sqlite3_step(session.get()) != SQLITE_ROW)
                fail(QStringLiteral("raw: no stream %1").arg(id));
            const qint64 streamId = sqlite3_column_int64(session.get(), 0);
            const qint64 from = std::max(fromMs, sqlite3_column_int64(session.get(), 1));
            const qint64 to = std::min(toMs, sqlite3_column_type(session.get(), 2) == SQLITE_NULL
                                                 ? sqlite3_column_int64(session.get(), 3)
                                                 : sqlite3_column_int64(session.get(), 2));

            Statement chunk(m_db, "SELECT samples FROM sample_chunks"
                                  " WHERE bucket_start = ?1 AND stream_id = ?2");
            sqlite3_bind_int64(chunk.get(), 2, streamId);
            for (qint64 bucket = from - from % hourMs; bucket <= to; bucket += hourMs) {
                sqlite3_bind_int64(chunk.get(), 1, bucket);
                const int rc = sqlite3_step(chunk.get());
                if (rc == SQLITE_ROW) {
                    const auto *p = static_cast<const uchar *>(sqlite3_column_blob(chunk.get(), 0));
                    const int count = sqlite3_column_bytes(chunk.get(), 0) / 8;
                    for (int i = 0; i < count; ++i, p += 8) {
                        const qint64 t = bucket + qint64(qFromLittleEndian<quint32>(p));
                        if (t >= from && t <= to)
                            points.push_back({t, qFromLittleEndian<qint32>(p + 4)});
                    }
                } else if (rc != SQLITE_DONE) {
                    fail(QStringLiteral("raw chunk read: %1").arg(error()));
                }
                sqlite3_reset(chunk.get());
            }

            Statement recent(m_db, "SELECT c.taken_at, v.viewers FROM censuses c"
                                   " CROSS JOIN viewership_samples v ON v.census_id = c.id"
                                   " AND v.stream_id = ?4 WHERE c.platform_id = ?1"
                                   " AND c.compacted = 0 AND c.taken_at BETWEEN ?2 AND ?3"
                                   " ORDER BY c.taken_at");
            sqlite3_bind_int64(recent.get(), 1, qint64(kPlatform) + 1);
            sqlite3_bind_int64(recent.get(), 2, from);
            sqlite3_bind_int64(recent.get(), 3, to);
            sqlite3_bind_int64(recent.get(), 4, streamId);
            collect(recent.get(), points);
        }
        sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        return points;
    }

    sqlite3 *m_db = nullptr;
    bool m_chunks = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times StorageReader::streamSeries over 30 days of 1-minute samples."));
    parser.addHelpOption();
    const QCommandLineOption repsOption(QStringLiteral("reps"),
                                        QStringLiteral("Timed reads of each kind."),
                                        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption steadyOption(QStringLiteral("steady-streams"),
                                          QStringLiteral("Other streams live all 30 days."),
                                          QStringLiteral("N"), QStringLiteral("150"));
    const QCommandLineOption churnOption(QStringLiteral("churning-streams"),
                                         QStringLiteral("Slots of 2-10 hour sessions."),
                                         QStringLiteral("N"), QStringLiteral("150"));
    const QCommandLineOption checkpointOption(
        QStringLiteral("checkpoint-every"),
        QStringLiteral("Checkpoint after every N censuses while building."), QStringLiteral("N"),
        QStringLiteral("10"));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QStringLiteral("Build the file at PATH and keep it; reuse it if it exists (must have been "
                       "built by this benchmark with the same options)."),
        QStringLiteral("PATH"));
    parser.addOptions({repsOption, steadyOption, churnOption, checkpointOption, databaseOption});
    parser.process(app);
    const int reps = std::max(1, parser.value(repsOption).toInt());
    const int steady = parser.value(steadyOption).toInt();
    const int churning = parser.value(churnOption).toInt();

    printHeader("bench_series_read",
                {QStringLiteral("sqlite:  %1 (library), %2 (headers)")
                     .arg(QLatin1String(sqlite3_libversion()), QLatin1String(SQLITE_VERSION)),
                 QStringLiteral("data:    %1 one-minute censuses (%2 days) of 1 + %3 + %4 streams "
                                "through CensusStore::write")
                     .arg(kCensuses)
                     .arg(kDays)
                     .arg(steady)
                     .arg(churning)});

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bench_series_read-XXXXXX"));
    QString path = dir.filePath(QStringLiteral("series.sqlite"));
    if (parser.isSet(databaseOption))
        path = QFileInfo(parser.value(databaseOption)).absoluteFilePath();
    printLine(QStringLiteral("file:    %1").arg(path));
    if (QFileInfo::exists(path)) {
        printLine(QStringLiteral("reusing the existing file"));
        // Let the writer's own open (migrations, compaction if any) run first.
        auto db = Database::open(path);
        if (!db)
            fail(db.error().message);
    } else {
        buildDatabase(path, steady, churning, std::max(1, parser.value(checkpointOption).toInt()));
    }

    const qint64 firstMs = kStartMs;
    const qint64 lastMs = kStartMs + qint64(kCensuses - 1) * kMinuteMs;
    const qint64 dayAgoMs = lastMs - (24 * 60 - 1) * kMinuteMs;
    const QString id = targetStreamId();

    StorageReader reader(path);
    RawReader raw(path);
    printLine(
        QStringLiteral("layout:  %1")
            .arg(raw.hasChunks()
                     ? QStringLiteral("schema 2+: hourly sample_chunks + uncompacted censuses")
                     : QStringLiteral("schema 1: covering index viewership_samples_stream")));

    // The three ways to read, as functions of the range's start (the end is
    // the last census).
    struct Way
    {
        QString name;
        std::function<std::vector<SeriesPoint>(qint64 fromMs)> read;
        std::vector<double> month;
        std::vector<double> day;
        double coldMs = 0;
    };
    std::vector<Way> ways;
    ways.push_back({QStringLiteral("StorageReader::streamSeries"),
                    [&](qint64 from) {
                        auto series = reader.streamSeries(kPlatform, id, from, lastMs);
                        if (!series)
                            fail(series.error());
                        return std::vector<SeriesPoint>(series->cbegin(), series->cend());
                    },
                    {},
                    {},
                    0});
    ways.push_back({QStringLiteral("raw sqlite3, same access"),
                    [&](qint64 from) { return raw.sameAccess(id, from, lastMs); },
                    {},
                    {},
                    0});
    ways.push_back({QStringLiteral("raw sqlite3, plain SQL per census"),
                    [&](qint64 from) { return raw.plainSql(id, from, lastMs); },
                    {},
                    {},
                    0});

    // One warm-up read of each: opens the connections, loads the schema and
    // brings the pages into the page cache. All three must agree.
    std::vector<SeriesPoint> expected;
    for (Way &way : ways) {
        Stopwatch watch;
        const std::vector<SeriesPoint> series = way.read(firstMs);
        way.coldMs = watch.ms();
        if (series.size() != size_t(kCensuses))
            fail(QStringLiteral("%1: 30-day series has %2 points, expected %3")
                     .arg(way.name)
                     .arg(series.size())
                     .arg(kCensuses));
        if (expected.empty())
            expected = series;
        else if (series != expected)
            fail(QStringLiteral("%1 differs from StorageReader").arg(way.name));
    }

    // Interleaved, each repetition in a different order.
    for (int rep = 0; rep < reps; ++rep) {
        for (size_t k = 0; k < ways.size(); ++k) {
            Way &way = ways[(size_t(rep) + k) % ways.size()];
            Stopwatch watch;
            const size_t month = way.read(firstMs).size();
            way.month.push_back(watch.ms());
            watch.restart();
            const size_t day = way.read(dayAgoMs).size();
            way.day.push_back(watch.ms());
            if (month != size_t(kCensuses) || day != size_t(24 * 60))
                fail(QStringLiteral("%1 returned %2 and %3 points")
                         .arg(way.name)
                         .arg(month)
                         .arg(day));
        }
    }

    printLine(QString());
    printLine(QStringLiteral("One stream's series, times in ms; ratios are StorageReader's median "
                             "over the row's. First read on a new connection (not in the table): "
                             "%1 ms, %2 ms, %3 ms")
                  .arg(fmt(ways[0].coldMs, 2), fmt(ways[1].coldMs, 2), fmt(ways[2].coldMs, 2)));
    Table table({QStringLiteral("read"), QStringLiteral("points"), QStringLiteral("N"),
                 QStringLiteral("median"), QStringLiteral("min"), QStringLiteral("max"),
                 QStringLiteral("StorageReader / this")});
    for (const bool month : {true, false}) {
        const double readerMedian = statsOf(month ? ways[0].month : ways[0].day).median;
        for (const Way &way : ways) {
            const Stats st = statsOf(month ? way.month : way.day);
            table.add({QStringLiteral("%1, %2").arg(way.name, month ? QStringLiteral("30 days")
                                                                    : QStringLiteral("24 hours")),
                       QString::number(month ? kCensuses : 24 * 60), QString::number(st.n),
                       fmt(st.median, 2), fmt(st.min, 2), fmt(st.max, 2),
                       fmt(readerMedian / st.median, 2)});
        }
    }
    table.print();
    printFooter();
    return 0;
}
