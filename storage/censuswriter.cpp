#include "censuswriter.h"

#include "anomalystore.h"
#include "database.h"
#include "futurecensuses.h"
#include "integritycheck.h"
#include "metadatastore.h"
#include "storagelog.h"

#include <QDateTime>

#include <sqlite3.h>

namespace StreamRank {

CensusWriter::CensusWriter(QObject *parent) : QObject(parent)
{
    registerStorageMetaTypes();
}

CensusWriter::~CensusWriter()
{
    close();
}

void CensusWriter::setFaultInjector(CensusStore::FaultInjector injector)
{
    m_faultInjector = std::move(injector);
    if (m_store)
        m_store->setFaultInjector(m_faultInjector);
}

void CensusWriter::setCompactionFaultInjector(CensusStore::CompactionFaultInjector injector)
{
    m_compactionFaultInjector = std::move(injector);
    if (m_store)
        m_store->setCompactionFaultInjector(m_compactionFaultInjector);
}

void CensusWriter::open(const QString &path)
{
    close();
    auto database = Database::open(path, m_openOptions);
    if (!database) {
        qCWarning(lcStorage).noquote() << database.error().message;
        Q_EMIT openFailed(database.error().message);
        return;
    }
    m_database = std::move(*database);
    if (m_discardFuture) {
        const auto discarded = discardCensusesAfter(m_database->connection(), *m_discardFuture,
                                                    QDateTime::currentMSecsSinceEpoch());
        if (!discarded) {
            m_database.reset();
            qCWarning(lcStorage).noquote() << discarded.error();
            Q_EMIT openFailed(discarded.error());
            return;
        }
        if (discarded->censuses > 0) {
            qCInfo(lcStorage) << "Removed" << discarded->censuses
                              << "censuses stamped ahead of the clock";
            Q_EMIT futureCensusesDiscarded(*m_discardFuture, discarded->censuses,
                                           discarded->latestMs);
        }
    }
    m_store = std::make_unique<CensusStore>(m_database->handle());
    m_events = std::make_unique<AnomalyEventStore>(m_database->handle());
    m_store->setFaultInjector(m_faultInjector);
    m_store->setCompactionFaultInjector(m_compactionFaultInjector);
    qCInfo(lcStorage) << "Writing to" << m_database->path() << "schema version"
                      << m_database->schemaVersion();
    Q_EMIT opened();
    // Said before the first checkpoint builds anything, so the window can
    // tell at once that older chart history is still being built.
    if (auto backfill = m_store->rollupBackfillProgress(); !backfill) {
        qCWarning(lcStorage).noquote() << backfill.error();
    } else if (!backfill->finished) {
        m_backfillRunning = true;
        Q_EMIT rollupBackfillProgress(*backfill);
    }
    if (m_database->integrityCheckDeferred()) {
        m_check = std::make_unique<IntegrityCheck>();
        connect(m_check.get(), &IntegrityCheck::finished, this, &CensusWriter::onIntegrityChecked);
        m_check->start(m_database->path());
    }
    // Compacts the hours a crash or an upgrade from schema 1 left. After
    // opened(), so start-up reads are not held up; censuses sent meanwhile
    // wait in the queue and are stored next, in order.
    m_store->checkpoint();
    reportBackfill();
    checkForDamage();
}

void CensusWriter::reportBackfill()
{
    if (!m_backfillRunning || !m_store)
        return;
    // As the checkpoint's run left it: no query.
    const auto backfill = m_store->rollupBackfillProgress();
    if (!backfill)
        return;
    m_backfillRunning = !backfill->finished;
    Q_EMIT rollupBackfillProgress(*backfill);
}

void CensusWriter::checkForDamage()
{
    if (m_database && m_database->damageSeen())
        stopWritingDamaged(QString::fromUtf8(sqlite3_errstr(SQLITE_CORRUPT)));
}

void CensusWriter::stopWritingDamaged(const QString &finding)
{
    if (!m_damaged.isEmpty() || !m_database)
        return;
    m_damaged = QStringLiteral("The database %1 is damaged (%2). StreamRank stopped writing to "
                               "it so that nothing more is lost. Keep a copy of the file, then "
                               "recover what it holds (docs/STORAGE.md) or choose another file "
                               "with --database.")
                    .arg(m_database->path(), finding);
    qCCritical(lcStorage).noquote() << m_damaged;
    // No more writes; the file stays open (and locked) so that no other
    // StreamRank writes to it either.
    m_store.reset();
    m_events.reset();
    Q_EMIT databaseDamaged(m_damaged);
}

void CensusWriter::onIntegrityChecked(bool ok, bool damaged, const QString &problem,
                                      qint64 elapsedMs)
{
    if (ok) {
        qCInfo(lcStorage) << "Integrity check of" << (m_database ? m_database->path() : QString())
                          << "in the background: ok in" << elapsedMs << "ms";
    } else if (damaged) {
        stopWritingDamaged(problem);
    } else {
        qCWarning(lcStorage).noquote()
            << "The integrity check could not finish:" << problem << "- the file was not judged";
    }
    m_check.reset();
}

QString CensusWriter::unavailable() const
{
    return m_damaged.isEmpty() ? QStringLiteral("no database is open.") : m_damaged;
}

void CensusWriter::writeCensus(const StreamRank::Census &census)
{
    if (!m_store) {
        Q_EMIT writeFailed(census.platform, census.takenAtMs,
                           QStringLiteral("Could not store the %1 census: %2")
                               .arg(platformDisplayName(census.platform), unavailable()));
        return;
    }
    auto stored = m_store->write(census);
    if (!stored) {
        Q_EMIT writeFailed(census.platform, census.takenAtMs, stored.error());
        checkForDamage();
        return;
    }
    Q_EMIT censusStored(*stored);
    // After the signal, so the GUI hears of the census before the writer
    // spends time on housekeeping (the compaction of the hour this census
    // closed, if any, then the checkpoint); the collector interval leaves
    // room for it. A failed compaction leaves this census stored and is
    // retried after the next one.
    m_store->checkpoint();
    reportBackfill();
    checkForDamage();
}

void CensusWriter::writeEvents(const QVector<StreamRank::AnomalyEvent> &events,
                               const QVector<StreamRank::AnomalyIncidentUpdate> &incidents)
{
    if (events.isEmpty() && incidents.isEmpty())
        return;
    if (!m_events) {
        Q_EMIT eventsFailed(QStringLiteral("Could not store %1 anomaly events: %2")
                                .arg(events.size())
                                .arg(unavailable()));
        return;
    }
    auto stored = m_events->write(events, incidents);
    if (!stored) {
        Q_EMIT eventsFailed(stored.error());
        checkForDamage();
        return;
    }
    if (!stored->isEmpty())
        Q_EMIT eventsStored(*stored);
    if (!incidents.isEmpty())
        Q_EMIT incidentsStored(incidents);
}

void CensusWriter::acknowledgeEvents(const QVector<qint64> &ids, bool acknowledged)
{
    if (!m_events) {
        Q_EMIT eventsFailed(
            QStringLiteral("Could not acknowledge the anomaly events: %1").arg(unavailable()));
        return;
    }
    auto done = m_events->acknowledge(ids, acknowledged);
    if (!done) {
        Q_EMIT eventsFailed(done.error());
        checkForDamage();
        return;
    }
    Q_EMIT eventsAcknowledged(ids, acknowledged);
}

void CensusWriter::saveAnomalySettings(const StreamRank::AnomalySettings &settings)
{
    if (!m_events) {
        Q_EMIT anomalySettingsFailed(
            QStringLiteral("Could not save the anomaly detection settings: %1").arg(unavailable()));
        return;
    }
    auto saved = m_events->saveSettings(settings);
    if (!saved) {
        Q_EMIT anomalySettingsFailed(saved.error());
        checkForDamage();
        return;
    }
    Q_EMIT anomalySettingsSaved(*saved);
}

void CensusWriter::saveRetentionOptions(int rawDays, int fiveMinuteDays, int hourDays)
{
    if (!m_store) {
        Q_EMIT retentionOptionsFailed(
            QStringLiteral("Could not save how long data is kept: %1").arg(unavailable()));
        return;
    }
    const RetentionOptions options =
        RetentionOptions{rawDays, fiveMinuteDays, hourDays}.sanitized();
    if (auto error = m_store->setRetentionOptions(options)) {
        Q_EMIT retentionOptionsFailed(*error);
        checkForDamage();
        return;
    }
    Q_EMIT retentionOptionsSaved(options.rawDays, options.fiveMinuteDays, options.hourDays);
}

void CensusWriter::close()
{
    m_check.reset(); // cancels a check in progress
    m_events.reset();
    m_store.reset();
    m_database.reset();
    m_damaged.clear();
    m_backfillRunning = false;
}

void CensusWriter::writeCategories(StreamRank::Platform platform,
                                   const QVector<StreamRank::CategoryInfo> &categories)
{
    if (!m_database || !m_damaged.isEmpty())
        return;
    if (auto stored = storeCategories(m_database->handle(), platform, categories); !stored)
        Q_EMIT metadataFailed(stored.error());
    checkForDamage();
}

void CensusWriter::writeChannels(StreamRank::Platform platform,
                                 const QVector<StreamRank::ChannelInfo> &channels)
{
    if (!m_database || !m_damaged.isEmpty())
        return;
    if (auto stored = storeChannels(m_database->handle(), platform, channels); !stored)
        Q_EMIT metadataFailed(stored.error());
    checkForDamage();
}

} // namespace StreamRank
