#include "sampleimport.h"

#include "anomalydetector.h"
#include "anomalystore.h"
#include "censusstore.h"
#include "database.h"
#include "historywarmup.h"
#include "sqlitestatement.h"
#include "storagereader.h"

#include "clock.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <array>
#include <limits>

namespace StreamRank {

namespace {

// Beyond this many, censuses found already stored are counted, not listed.
constexpr int kMaxListedRepeats = 100;

QString plural(qint64 n, const char *one, const char *many)
{
    return groupedNumber(n) + u' ' + QString::fromLatin1(n == 1 ? one : many);
}

// The platforms' censuses in the database before the import: the newest
// time of each, and whether a given time is stored.
class StoredCensuses
{
public:
    explicit StoredCensuses(sqlite3 *db) : m_db(db) {}

    Result<qint64> newest(Platform platform)
    {
        SqliteStatement query;
        if (query.prepare(m_db, "SELECT COALESCE(MAX(taken_at), 0) FROM censuses"
                                " WHERE platform_id = ?1") != SQLITE_OK)
            return Unexpected{error()};
        query.bind(1, qint64(platform) + 1);
        if (query.step() != SQLITE_ROW)
            return Unexpected{error()};
        return query.columnInt64(0);
    }

    Result<bool> contains(Platform platform, qint64 takenAtMs)
    {
        if (!m_exists.isPrepared() &&
            m_exists.prepare(m_db, "SELECT 1 FROM censuses WHERE platform_id = ?1"
                                   " AND taken_at = ?2") != SQLITE_OK)
            return Unexpected{error()};
        m_exists.bind(1, qint64(platform) + 1);
        m_exists.bind(2, takenAtMs);
        const int rc = m_exists.step();
        m_exists.reset(); // ends the read before the census's write transaction
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return Unexpected{error()};
        return rc == SQLITE_ROW;
    }

private:
    QString error() const
    {
        return QStringLiteral("Could not read the database: %1").arg(sqliteErrorText(m_db));
    }

    sqlite3 *m_db;
    SqliteStatement m_exists;
};

// As the live pipeline does at start-up: the stored history before the
// platform's first imported census is replayed through detection, so that
// importing a file that continues the stored history (or a file imported
// again after a kill) detects as if it had arrived in one piece.
std::optional<QString> warm(AnomalyDetector &detector, const Database &database, Platform platform,
                            qint64 firstMs)
{
    StorageReader reader(database.path());
    auto replayed = warmFromHistory(reader, platform, {firstMs, 0}, detector);
    if (!replayed)
        return replayed.error();
    return std::nullopt;
}

} // namespace

QString groupedNumber(qint64 n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, u',');
    return n < 0 ? u'-' + digits : digits;
}

Result<ImportSummary> importSamples(const SampleTable &table, Database &database, QTextStream &err)
{
    sqlite3 *db = database.handle();
    auto settings = readAnomalySettings(db);
    if (!settings)
        return Unexpected{settings.error()};
    AnomalyDetector detector(*settings);
    CensusStore store(db);
    AnomalyEventStore eventStore(db);
    StoredCensuses stored(db);

    const std::vector<SampleRow> &rows = table.rows;
    std::array<qint64, PlatformCount> firstMs;
    firstMs.fill(std::numeric_limits<qint64>::max());
    for (const SampleRow &row : rows) {
        qint64 &first = firstMs[std::size_t(row.platform)];
        first = std::min(first, row.timeMs);
    }
    std::array<qint64, PlatformCount> newestStored{};
    for (int p = 0; p < PlatformCount; ++p) {
        if (firstMs[std::size_t(p)] == std::numeric_limits<qint64>::max())
            continue; // not in the file
        auto newest = stored.newest(Platform(p));
        if (!newest)
            return Unexpected{newest.error()};
        newestStored[std::size_t(p)] = *newest;
        if (auto error = warm(detector, database, Platform(p), firstMs[std::size_t(p)]))
            return Unexpected{*error};
    }

    // Streams the file has open at a census: first sample <= t <= last one.
    // A census that lists all of them is complete and ends the streams whose
    // samples in the file stopped earlier (at their last sample), as a live
    // census would; one that misses some (a gap in the file) is stored as
    // partial, which ends nothing, so a gap never splits a session nor drops
    // a stream's detection history. So is a census not newer than what the
    // database held already: history slotted in before stored censuses must
    // not end what those censuses saw live.
    std::array<qint64, PlatformCount> opened{};
    std::array<qint64, PlatformCount> closed{};

    ImportSummary summary;
    // A census's events and incident changes, in one transaction; only the
    // events stored anew count (a replayed census's are stored already).
    auto storeAnomalies = [&](const QVector<AnomalyEvent> &events) -> std::optional<QString> {
        const QVector<AnomalyIncidentUpdate> incidents = detector.takeIncidentUpdates();
        if (events.isEmpty() && incidents.isEmpty())
            return std::nullopt;
        auto kept = eventStore.write(events, incidents);
        if (!kept)
            return kept.error();
        summary.events += kept->size();
        return std::nullopt;
    };
    // The warm-up's replay ends incidents a kill left open.
    if (auto error = storeAnomalies({}))
        return Unexpected{*error};
    for (std::size_t begin = 0; begin < rows.size();) {
        const qint64 t = rows[begin].timeMs;
        const Platform platform = rows[begin].platform;
        std::size_t end = begin;
        while (end < rows.size() && rows[end].timeMs == t && rows[end].platform == platform)
            ++end;
        const auto p = std::size_t(platform);

        Census census;
        census.platform = platform;
        census.takenAtMs = t;
        census.streams.reserve(qsizetype(end - begin));
        for (std::size_t i = begin; i < end; ++i) {
            const SampleRow &row = rows[i];
            const SampleStream &s = table.streams.at(row.stream);
            if (s.firstMs == t)
                ++opened[p];
            StreamObservation obs;
            obs.streamId = s.streamId;
            obs.channelId = s.channel; // the file has no other id for it
            obs.channelLogin = s.channel;
            obs.channelName = s.channel;
            obs.title = table.strings.at(row.title);
            obs.categoryId = table.strings.at(row.category);
            obs.categoryName = obs.categoryId;
            obs.language = table.strings.at(row.language);
            obs.startedAtMs = s.firstMs;
            obs.viewers = row.viewers;
            census.streams.append(std::move(obs));
        }
        // Detection sees the census as the file does (complete when it lists
        // every stream the file has open), stored or not: a stream the file
        // ends, ends its incident, however often the file is imported.
        const bool fileComplete = census.streams.size() == opened[p] - closed[p];
        census.partial = !fileComplete || t <= newestStored[p];
        auto detect = [&detector, &census, fileComplete] {
            Census seen = census;
            seen.partial = !fileComplete;
            return detector.apply(seen);
        };
        for (std::size_t i = begin; i < end; ++i) {
            if (table.streams.at(rows[i].stream).lastMs == t)
                ++closed[p];
        }
        begin = end;

        auto repeated = stored.contains(platform, t);
        if (!repeated)
            return Unexpected{repeated.error()};
        if (*repeated) {
            if (++summary.alreadyStored <= kMaxListedRepeats) {
                err << "streamrank: the " << platformDisplayName(platform) << " census of "
                    << isoUtcText(t) << " is already stored; skipped its "
                    << plural(census.streams.size(), "sample", "samples") << Qt::endl;
            }
            // The stored census stays as it is; its samples are history for
            // detection, and an event it raises that is not stored (the
            // import was killed between the census and its events) is.
            if (auto error = storeAnomalies(detect()))
                return Unexpected{*error};
            continue;
        }

        auto written = store.write(census);
        if (!written)
            return Unexpected{written.error()};
        summary.samples += written->streamCount;
        ++summary.censuses;
        store.checkpoint(); // compaction of the hour it closed, then the WAL, as the writer does

        if (auto error = storeAnomalies(detect()))
            return Unexpected{*error};
    }
    if (summary.alreadyStored > kMaxListedRepeats) {
        err << "streamrank: "
            << plural(summary.alreadyStored - kMaxListedRepeats, "more census", "more censuses")
            << " already stored were skipped" << Qt::endl;
    }
    return summary;
}

int runImportSamples(const CommandLine &options, QTextStream &out, QTextStream &err)
{
    // Standard error lists the file's bad rows; the storage layer's progress
    // lines (schema upgrade, cache loads, compacted hours) would bury them.
    // Its warnings stay, and QT_LOGGING_RULES still overrides this.
    QLoggingCategory::setFilterRules(
        QStringLiteral("streamrank.storage.debug=false\nstreamrank.storage.info=false"));
    const QString path = options.importSamplesPath;
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        err << "streamrank: " << path << " is a folder, not a CSV file" << Qt::endl;
        return 1;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        err << "streamrank: Could not read " << path << ": " << file.errorString() << Qt::endl;
        return 1;
    }
    auto table = readSampleFile(&file, path);
    file.close();
    if (!table) {
        err << "streamrank: " << table.error() << Qt::endl;
        return 1;
    }
    for (const SampleBadRow &bad : std::as_const(table->badRows))
        err << name << ':' << bad.line << ": " << bad.reason << "; row skipped" << Qt::endl;
    if (table->badRowCount > table->badRows.size()) {
        err << name << ": "
            << plural(table->badRowCount - table->badRows.size(), "more bad row", "more bad rows")
            << " skipped, not listed" << Qt::endl;
    }

    auto database = Database::open(options.databasePath);
    if (!database) {
        err << "streamrank: " << database.error().message << Qt::endl;
        return 1;
    }
    auto summary = importSamples(*table, **database, err);
    if (!summary) {
        err << "streamrank: " << summary.error()
            << ". The import stopped there; what was stored before stays. Importing the file "
               "again skips the censuses already stored."
            << Qt::endl;
        return 1;
    }
    QString skipped =
        plural(table->badRowCount, "bad row", "bad rows") + QStringLiteral(" skipped");
    if (summary->alreadyStored > 0)
        skipped += QStringLiteral(", ") + plural(summary->alreadyStored, "census", "censuses") +
                   QStringLiteral(" already stored");
    out << "imported " << plural(summary->samples, "sample", "samples") << " in "
        << plural(summary->censuses, "census", "censuses") << " (" << skipped << "); "
        << plural(summary->events, "anomaly event", "anomaly events") << " stored" << Qt::endl;
    return 0;
}

} // namespace StreamRank
