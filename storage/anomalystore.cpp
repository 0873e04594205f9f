#include "anomalystore.h"
#include "platformrow.h"

#include "storagelog.h"

#include <QByteArray>
#include <QHash>
#include <QSet>

#include <sqlite3.h>

#include <algorithm>
#include <utility>

namespace StreamRank {

namespace {

// The keys of anomaly_options, one per AnomalySettings member shared by all
// strategies.
constexpr const char *kCooldownKey = "cooldown_minutes";
constexpr const char *kMinIncreaseKey = "min_increase_viewers";
constexpr const char *kMinRiseKey = "min_rise_percent";
constexpr const char *kMinSamplesKey = "min_samples";

QString readError(sqlite3 *db)
{
    const QString message =
        QStringLiteral("Could not read the database: %1").arg(sqliteErrorText(db));
    qCWarning(lcStorage).noquote() << message;
    return message;
}

} // namespace

AnomalyEventStore::AnomalyEventStore(sqlite3 *db) : m_db(db) {}

AnomalyEventStore::~AnomalyEventStore() = default;

bool AnomalyEventStore::prepare(QString *error)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
        {&m_insertEvent,
         "INSERT INTO anomaly_events (platform_id, stream_external_id, channel_login,"
         " channel_name, time, strategy, baseline, observed, raw_score, score,"
         " lookback_minutes, acknowledged, incident_start)"
         " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
         " WHERE NOT EXISTS (SELECT 1 FROM anomaly_events WHERE platform_id = ?1"
         " AND stream_external_id = ?2 AND time = ?5)"},
        // Only for an incident with a stored event (a replay at start-up
        // can report one whose events were never stored), and monotone: an
        // ended incident stays ended and a peak only rises, so a replay
        // that cannot see a stream end (it has no censuses) never reopens
        // what live detection closed.
        {&m_upsertIncident,
         "INSERT INTO anomaly_incidents (platform_id, stream_external_id, start_time, end_time,"
         " peak_viewers, peak_time) SELECT ?1, ?2, ?3, ?4, ?5, ?6"
         " WHERE EXISTS (SELECT 1 FROM anomaly_events WHERE platform_id = ?1"
         " AND stream_external_id = ?2 AND time = ?3)"
         " ON CONFLICT (platform_id, stream_external_id, start_time) DO UPDATE SET"
         " end_time = COALESCE(end_time, excluded.end_time),"
         " peak_time = CASE WHEN excluded.peak_viewers > peak_viewers THEN excluded.peak_time"
         " ELSE peak_time END,"
         " peak_viewers = MAX(peak_viewers, excluded.peak_viewers)"},
        {&m_acknowledge, "UPDATE anomaly_events SET acknowledged = ?2 WHERE id = ?1"},
        {&m_upsertStrategy,
         "INSERT INTO anomaly_settings (strategy, enabled, threshold, lookback_minutes)"
         " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (strategy) DO UPDATE SET"
         " enabled = excluded.enabled, threshold = excluded.threshold,"
         " lookback_minutes = excluded.lookback_minutes"},
        {&m_upsertOption, "INSERT INTO anomaly_options (key, value) VALUES (?1, ?2)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
    };
    for (const auto &[statement, sql] : statements) {
        if (statement->prepare(m_db, sql) != SQLITE_OK) {
            *error = sqliteErrorText(m_db);
            return false;
        }
    }
    m_prepared = true;
    return true;
}

// Rolls back whatever the failed call began and words the failure for a user.
QString AnomalyEventStore::failure(const QString &what)
{
    const QString detail = sqliteErrorText(m_db);
    // SQLite may already have rolled back by itself (SQLITE_FULL, I/O errors).
    if (!sqlite3_get_autocommit(m_db)) {
        m_rollback.step();
        m_rollback.reset();
    }
    const QString message = QStringLiteral("Could not %1: %2").arg(what, detail);
    qCWarning(lcStorage).noquote() << message;
    return message;
}

Result<QVector<AnomalyEvent>>
AnomalyEventStore::write(const QVector<AnomalyEvent> &events,
                         const QVector<AnomalyIncidentUpdate> &incidents)
{
    const QString what = QStringLiteral("store %1 anomaly events").arg(events.size());
    if (events.isEmpty() && incidents.isEmpty())
        return events;
    QString prepareError;
    if (!m_prepared && !prepare(&prepareError))
        return Unexpected{QStringLiteral("Could not %1: %2").arg(what, prepareError)};

    const int begun = m_begin.step();
    m_begin.reset();
    if (begun != SQLITE_DONE)
        return Unexpected{failure(what)};

    QVector<AnomalyEvent> stored;
    stored.reserve(events.size());
    for (AnomalyEvent e : events) {
        // Bound as SQLITE_STATIC: the text must live until the step below.
        const QString strategy = strategyCode(e.strategy);
        m_insertEvent.bind(1, platformRowId(e.platform));
        m_insertEvent.bindText(2, e.streamId);
        m_insertEvent.bindText(3, e.channelLogin);
        m_insertEvent.bindText(4, e.channelName);
        m_insertEvent.bind(5, e.timeMs);
        m_insertEvent.bindText(6, strategy);
        m_insertEvent.bindDouble(7, e.baselineViewers);
        m_insertEvent.bind(8, e.observedViewers);
        m_insertEvent.bindDouble(9, e.rawScore);
        m_insertEvent.bindDouble(10, e.score);
        m_insertEvent.bind(11, e.lookbackMinutes);
        m_insertEvent.bind(12, e.acknowledged ? 1 : 0);
        m_insertEvent.bind(13, e.incidentStartMs > 0 ? e.incidentStartMs : e.timeMs);
        const int rc = m_insertEvent.step();
        m_insertEvent.reset();
        if (rc != SQLITE_DONE)
            return Unexpected{failure(what)};
        if (sqlite3_changes(m_db) == 0)
            continue; // stored already: a census replayed after a kill
        e.id = sqlite3_last_insert_rowid(m_db);
        stored.append(std::move(e));
    }
    for (const AnomalyIncidentUpdate &u : incidents) {
        m_upsertIncident.bind(1, platformRowId(u.platform));
        m_upsertIncident.bindText(2, u.streamId);
        m_upsertIncident.bind(3, u.startMs);
        if (u.endMs > 0)
            m_upsertIncident.bind(4, u.endMs);
        else
            m_upsertIncident.bindNull(4);
        m_upsertIncident.bind(5, u.peakViewers);
        m_upsertIncident.bind(6, u.peakMs);
        const int rc = m_upsertIncident.step();
        m_upsertIncident.reset();
        if (rc != SQLITE_DONE)
            return Unexpected{failure(what)};
    }
    const int committed = m_commit.step();
    m_commit.reset();
    if (committed != SQLITE_DONE)
        return Unexpected{failure(what)};
    return stored;
}

Result<int> AnomalyEventStore::acknowledge(const QVector<qint64> &ids, bool acknowledged)
{
    const QString what = acknowledged ? QStringLiteral("acknowledge the anomaly events")
                                      : QStringLiteral("clear the acknowledgement of the events");
    if (ids.isEmpty())
        return 0;
    QString prepareError;
    if (!m_prepared && !prepare(&prepareError))
        return Unexpected{QStringLiteral("Could not %1: %2").arg(what, prepareError)};

    const int begun = m_begin.step();
    m_begin.reset();
    if (begun != SQLITE_DONE)
        return Unexpected{failure(what)};
    int found = 0;
    for (const qint64 id : ids) {
        m_acknowledge.bind(1, id);
        m_acknowledge.bind(2, acknowledged ? 1 : 0);
        const int rc = m_acknowledge.step();
        m_acknowledge.reset();
        if (rc != SQLITE_DONE)
            return Unexpected{failure(what)};
        found += sqlite3_changes(m_db);
    }
    const int committed = m_commit.step();
    m_commit.reset();
    if (committed != SQLITE_DONE)
        return Unexpected{failure(what)};
    return found;
}

Result<AnomalySettings> AnomalyEventStore::saveSettings(const AnomalySettings &settings)
{
    const QString what = QStringLiteral("save the anomaly detection settings");
    QString prepareError;
    if (!m_prepared && !prepare(&prepareError))
        return Unexpected{QStringLiteral("Could not %1: %2").arg(what, prepareError)};

    const AnomalySettings clean = settings.sanitized();
    const int begun = m_begin.step();
    m_begin.reset();
    if (begun != SQLITE_DONE)
        return Unexpected{failure(what)};
    for (int k = 0; k < AnomalyStrategyCount; ++k) {
        const auto strategy = AnomalyStrategy(k);
        const StrategySettings &s = clean.of(strategy);
        const QString code = strategyCode(strategy);
        m_upsertStrategy.bindText(1, code);
        m_upsertStrategy.bind(2, s.enabled ? 1 : 0);
        m_upsertStrategy.bindDouble(3, s.threshold);
        m_upsertStrategy.bind(4, s.lookbackMinutes);
        const int rc = m_upsertStrategy.step();
        m_upsertStrategy.reset();
        if (rc != SQLITE_DONE)
            return Unexpected{failure(what)};
    }
    const std::pair<const char *, int> options[] = {
        {kCooldownKey, clean.cooldownMinutes},
        {kMinIncreaseKey, clean.minIncreaseViewers},
        {kMinRiseKey, clean.minRisePercent},
        {kMinSamplesKey, clean.minSamples},
    };
    for (const auto &[key, value] : options) {
        const QString name = QString::fromLatin1(key);
        m_upsertOption.bindText(1, name);
        m_upsertOption.bind(2, value);
        const int rc = m_upsertOption.step();
        m_upsertOption.reset();
        if (rc != SQLITE_DONE)
            return Unexpected{failure(what)};
    }
    const int committed = m_commit.step();
    m_commit.reset();
    if (committed != SQLITE_DONE)
        return Unexpected{failure(what)};
    return clean;
}

Result<QVector<AnomalyEvent>> readAnomalyEvents(sqlite3 *db, const AnomalyEventFilter &filter)
{
    // Everything but the text goes into SQL, so the indexes narrow the rows;
    // the text match stays in C++ (accepts()): SQLite's LIKE folds ASCII case
    // only, and the alerts view applies the same filter to live events with
    // Qt's Unicode folding. Rows come newest first from anomaly_events_time
    // (or anomaly_events_stream for one stream) without a sort, so stepping
    // stops as soon as `limit` events are accepted.
    QByteArray sql = "SELECT id, platform_id, stream_external_id, channel_login, channel_name,"
                     " time, strategy, baseline, observed, raw_score, score, lookback_minutes,"
                     " acknowledged, COALESCE(incident_start, time),"
                     // The channel's id from the stream's row (unique index), for its chart.
                     " (SELECT c.external_id FROM streams s JOIN channels c ON c.id = s.channel_id"
                     "   WHERE s.platform_id = anomaly_events.platform_id"
                     "     AND s.external_id = anomaly_events.stream_external_id)"
                     " FROM anomaly_events WHERE time >= ?1";
    if (filter.toMs > 0)
        sql += " AND time <= ?2";
    // A platform alone must not pick anomaly_events_stream: that one would
    // need a sort of the platform's every event before the first row; the
    // unary + keeps the newest-first walk of anomaly_events_time.
    if (filter.platform)
        sql += filter.streamId.isEmpty() ? " AND +platform_id = ?3" : " AND platform_id = ?3";
    if (!filter.streamId.isEmpty())
        sql += " AND stream_external_id = ?4";
    if (filter.strategy)
        sql += " AND strategy = ?5";
    if (filter.minScore > 0)
        sql += " AND score >= ?6";
    sql += " ORDER BY time DESC, id DESC";

    SqliteStatement query;
    if (query.prepare(db, sql.constData()) != SQLITE_OK)
        return Unexpected{readError(db)};
    const QString strategy = filter.strategy ? strategyCode(*filter.strategy) : QString();
    query.bind(1, filter.fromMs);
    if (filter.toMs > 0)
        query.bind(2, filter.toMs);
    if (filter.platform)
        query.bind(3, platformRowId(*filter.platform));
    if (!filter.streamId.isEmpty())
        query.bindText(4, filter.streamId);
    if (filter.strategy)
        query.bindText(5, strategy);
    if (filter.minScore > 0)
        query.bindDouble(6, filter.minScore);

    QVector<AnomalyEvent> events;
    int rc = SQLITE_ROW;
    while ((filter.limit <= 0 || events.size() < filter.limit) &&
           (rc = query.step()) == SQLITE_ROW) {
        const qint64 platformId = query.columnInt64(1);
        const auto strategyOf = strategyFromCode(query.columnText(6));
        if (platformId < 1 || platformId > PlatformCount || !strategyOf)
            continue; // written by a newer StreamRank: not something this one can show
        AnomalyEvent e;
        e.id = query.columnInt64(0);
        e.platform = Platform(platformId - 1);
        e.streamId = query.columnText(2);
        e.channelLogin = query.columnText(3);
        e.channelName = query.columnText(4);
        e.timeMs = query.columnInt64(5);
        e.strategy = *strategyOf;
        e.baselineViewers = query.columnDouble(7);
        e.observedViewers = qint32(query.columnInt64(8));
        e.rawScore = query.columnDouble(9);
        e.score = query.columnDouble(10);
        e.lookbackMinutes = int(query.columnInt64(11));
        e.acknowledged = query.columnInt64(12) != 0;
        e.incidentStartMs = query.columnInt64(13);
        e.channelId = query.columnText(14);
        if (filter.accepts(e))
            events.append(std::move(e));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return Unexpected{readError(db)};
    return events;
}

Result<AnomalySettings> readAnomalySettings(sqlite3 *db)
{
    AnomalySettings settings;
    SqliteStatement strategies;
    if (strategies.prepare(db, "SELECT strategy, enabled, threshold, lookback_minutes"
                               " FROM anomaly_settings") != SQLITE_OK)
        return Unexpected{readError(db)};
    int rc;
    while ((rc = strategies.step()) == SQLITE_ROW) {
        const auto strategy = strategyFromCode(strategies.columnText(0));
        if (!strategy)
            continue; // a strategy of a newer StreamRank
        StrategySettings &s = settings.of(*strategy);
        s.enabled = strategies.columnInt64(1) != 0;
        s.threshold = strategies.columnDouble(2);
        s.lookbackMinutes = int(strategies.columnInt64(3));
    }
    if (rc != SQLITE_DONE)
        return Unexpected{readError(db)};

    SqliteStatement options;
    if (options.prepare(db, "SELECT key, value FROM anomaly_options") != SQLITE_OK)
        return Unexpected{readError(db)};
    while ((rc = options.step()) == SQLITE_ROW) {
        const QString key = options.columnText(0);
        const int value = int(options.columnInt64(1));
        if (key == QLatin1String(kCooldownKey))
            settings.cooldownMinutes = value;
        else if (key == QLatin1String(kMinIncreaseKey))
            settings.minIncreaseViewers = value;
        else if (key == QLatin1String(kMinRiseKey))
            settings.minRisePercent = value;
        else if (key == QLatin1String(kMinSamplesKey))
            settings.minSamples = value;
    }
    if (rc != SQLITE_DONE)
        return Unexpected{readError(db)};
    return settings.sanitized();
}

Result<qint64> readEventCountSince(sqlite3 *db, qint64 sinceMs)
{
    SqliteStatement count;
    if (count.prepare(db, "SELECT COUNT(*) FROM anomaly_events WHERE time >= ?1") != SQLITE_OK)
        return Unexpected{readError(db)};
    count.bind(1, sinceMs);
    if (count.step() != SQLITE_ROW)
        return Unexpected{readError(db)};
    return count.columnInt64(0);
}

Result<QVector<AnomalyIncident>> readAnomalyIncidents(sqlite3 *db, const AnomalyEventFilter &filter)
{
    auto events = readAnomalyEvents(db, filter);
    if (!events)
        return Unexpected{events.error()};
    // The filter picks the incidents (newest first); each then gets all of
    // its events, oldest first, so its baseline (the first event's), its
    // strategies and its acknowledgement never depend on the filter.
    QVector<AnomalyIncident> incidents;
    QSet<QString> seen;
    for (const AnomalyEvent &e : std::as_const(*events)) {
        const QString key = QString::number(int(e.platform)) + QLatin1Char('\n') + e.streamId +
                            QLatin1Char('\n') + QString::number(e.incidentStartMs);
        if (seen.contains(key))
            continue;
        seen.insert(key);
        AnomalyIncident incident;
        incident.platform = e.platform;
        incident.streamId = e.streamId;
        incident.startMs = e.incidentStartMs;
        incidents.append(incident);
    }
    for (AnomalyIncident &incident : incidents) {
        AnomalyEventFilter own;
        own.platform = incident.platform;
        own.streamId = incident.streamId;
        own.fromMs = incident.startMs;
        own.limit = 0;
        auto all = readAnomalyEvents(db, own);
        if (!all)
            return Unexpected{all.error()};
        incident.acknowledged = true;
        for (auto it = all->crbegin(); it != all->crend(); ++it) { // oldest first
            if (it->incidentStartMs != incident.startMs)
                continue;
            if (incident.events.isEmpty())
                incident.baselineViewers = it->baselineViewers;
            incident.channelLogin = it->channelLogin; // the newest event's
            incident.channelName = it->channelName;
            incident.channelId = it->channelId;
            incident.acknowledged = incident.acknowledged && it->acknowledged;
            if (it->observedViewers > incident.peakViewers) {
                incident.peakViewers = it->observedViewers;
                incident.peakMs = it->timeMs;
            }
            incident.endMs = it->timeMs;
            incident.events.append(*it);
        }
    }

    SqliteStatement row;
    if (row.prepare(db, "SELECT end_time, peak_viewers, peak_time FROM anomaly_incidents"
                        " WHERE platform_id = ?1 AND stream_external_id = ?2"
                        " AND start_time = ?3") != SQLITE_OK)
        return Unexpected{readError(db)};
    for (AnomalyIncident &incident : incidents) {
        row.bind(1, platformRowId(incident.platform));
        row.bindText(2, incident.streamId);
        row.bind(3, incident.startMs);
        const int rc = row.step();
        if (rc == SQLITE_ROW) {
            incident.endMs = row.columnIsNull(0) ? 0 : row.columnInt64(0);
            incident.peakViewers = qint32(row.columnInt64(1));
            incident.peakMs = row.columnInt64(2);
        } else if (rc != SQLITE_DONE) {
            return Unexpected{readError(db)};
        }
        row.reset();
    }
    std::stable_sort(
        incidents.begin(), incidents.end(),
        [](const AnomalyIncident &a, const AnomalyIncident &b) { return a.startMs > b.startMs; });
    return incidents;
}

} // namespace StreamRank
