#include "futurecensuses.h"

#include "platformrow.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace StreamRank {

namespace {

constexpr qint64 HourMs = 3600LL * 1000;

// Runs one statement with :p (platform row id), :t (now) and :h (the hour of
// now) bound where it names them; the error names the statement's purpose.
bool run(QSqlQuery &q, const QString &sql, qint64 platformId, qint64 nowMs, QString *error)
{
    if (!q.prepare(sql)) {
        *error = q.lastError().text();
        return false;
    }
    const auto bindIf = [&](const char *name, qint64 value) {
        if (sql.contains(QLatin1String(name)))
            q.bindValue(QLatin1String(name), value);
    };
    bindIf(":p", platformId);
    bindIf(":t", nowMs);
    bindIf(":h", (nowMs / HourMs) * HourMs);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

Result<FutureCensusReport> discardCensusesAfter(QSqlDatabase db, Platform platform, qint64 nowMs)
{
    const qint64 platformId = platformRowId(platform);
    const auto failure = [&](const QString &detail) {
        return Unexpected{QStringLiteral("Could not remove the %1 censuses dated after now: %2")
                              .arg(platformDisplayName(platform), detail)};
    };
    FutureCensusReport report;
    QSqlQuery q(db);
    QString error;
    if (!run(q,
             QStringLiteral("SELECT COUNT(*), MAX(taken_at) FROM censuses"
                            " WHERE platform_id = :p AND taken_at > :t"),
             platformId, nowMs, &error) ||
        !q.next())
        return failure(error.isEmpty() ? QStringLiteral("no answer") : error);
    report.censuses = q.value(0).toInt();
    report.latestMs = q.value(1).toLongLong();
    q.finish();
    if (report.censuses == 0)
        return report;

    if (!db.transaction())
        return failure(db.lastError().text());
    auto rollback = qScopeGuard([&] { db.rollback(); });
    const QString future =
        QStringLiteral("(SELECT id FROM censuses WHERE platform_id = :p AND taken_at > :t)");
    // Sessions whose history reaches past now, before their samples go.
    const QString touched =
        QStringLiteral("(SELECT id FROM streams WHERE platform_id = :p"
                       " AND (ended_at IS NULL OR ended_at > :t OR last_seen_at > :t))");
    const QStringList steps = {
        QStringLiteral("DELETE FROM viewership_samples WHERE census_id IN ") + future,
        QStringLiteral("DELETE FROM category_samples WHERE census_id IN ") + future,
        QStringLiteral("DELETE FROM collector_runs WHERE census_id IN ") + future,
        // The hour holding now is packed again from its remaining censuses.
        QStringLiteral("DELETE FROM sample_chunks WHERE bucket_start >= :h AND stream_id IN"
                       " (SELECT id FROM streams WHERE platform_id = :p)"),
        // Their rollups too: the compaction rebuilds them with the chunks.
        QStringLiteral("DELETE FROM stream_rollups_5m WHERE bucket_start >= :h AND stream_id IN"
                       " (SELECT id FROM streams WHERE platform_id = :p)"),
        QStringLiteral("DELETE FROM stream_rollups_1h WHERE bucket_start >= :h AND stream_id IN"
                       " (SELECT id FROM streams WHERE platform_id = :p)"),
        QStringLiteral("DELETE FROM category_rollups_5m WHERE bucket_start >= :h AND category_id"
                       " IN (SELECT id FROM categories WHERE platform_id = :p)"),
        QStringLiteral("DELETE FROM category_rollups_1h WHERE bucket_start >= :h AND category_id"
                       " IN (SELECT id FROM categories WHERE platform_id = :p)"),
        QStringLiteral("UPDATE censuses SET compacted = 0"
                       " WHERE platform_id = :p AND taken_at >= :h AND taken_at <= :t"),
        QStringLiteral("DELETE FROM censuses WHERE platform_id = :p AND taken_at > :t"),
        QStringLiteral("DELETE FROM anomaly_events WHERE platform_id = :p AND time > :t"),
        // Retention ran on the future's clock: what it deleted before the
        // hour holding now is gone, but nothing from that hour on is.
        QStringLiteral("UPDATE storage_tasks SET value = MIN(value, :h)"
                       " WHERE name LIKE 'retention_%'"),
    };
    for (const QString &sql : steps) {
        if (!run(q, sql, platformId, nowMs, &error))
            return failure(error);
    }
    // Sessions first seen after now have nothing left (their samples, chunks
    // and rollups were all after now). One seen before keeps its row even if
    // retention took its samples: its rollups still reference it.
    if (!run(q,
             QStringLiteral("DELETE FROM streams WHERE id IN ") + touched +
                 QStringLiteral(" AND COALESCE(first_seen_at, started_at) > :t"
                                " AND NOT EXISTS (SELECT 1 FROM viewership_samples v"
                                " JOIN censuses c ON c.id = v.census_id"
                                " WHERE c.platform_id = :p AND v.stream_id = streams.id)"),
             platformId, nowMs, &error))
        return failure(error);
    report.streamsRemoved = q.numRowsAffected();
    // The rest: peak and last sighting from the samples that remain (one
    // pass over the censuses since the earliest of them began), open again.
    if (!run(q,
             QStringLiteral("UPDATE streams SET peak_viewers = agg.peak, last_seen_at = agg.last,"
                            " ended_at = NULL"
                            " FROM (SELECT v.stream_id AS sid, MAX(v.viewers) AS peak,"
                            "  MAX(v.taken_at) AS last FROM viewership_samples v"
                            "  WHERE v.census_id IN (SELECT id FROM censuses WHERE platform_id = :p"
                            "   AND taken_at >= (SELECT MIN(COALESCE(first_seen_at, started_at))"
                            "    FROM streams WHERE id IN ") +
                 touched +
                 QStringLiteral("))"
                                "  AND v.stream_id IN ") +
                 touched +
                 QStringLiteral(" GROUP BY v.stream_id) AS agg"
                                " WHERE streams.id = agg.sid"),
             platformId, nowMs, &error))
        return failure(error);
    if (!db.commit())
        return failure(db.lastError().text());
    rollback.dismiss();
    return report;
}

} // namespace StreamRank
