#pragma once
// The storage writer thread's object: it owns the read-write connection and
// stores each census it is sent in one transaction, then (in transactions of
// its own) compacts the hour a census closed. It also stores anomaly events,
// their acknowledgements and the detection settings: the one connection that
// writes. The app moves it to its own QThread and talks to it only through
// queued slots and signals.

#include "anomalytypes.h"
#include "census.h"
#include "censusstore.h"
#include "database.h"
#include "storedcensus.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

namespace StreamRank {

class AnomalyEventStore;
class Database;
class IntegrityCheck;

class CensusWriter : public QObject
{
    Q_OBJECT
public:
    explicit CensusWriter(QObject *parent = nullptr);
    // Closes the database: destroy the writer on its own thread (connect
    // QThread::finished to deleteLater) or call close() there first.
    ~CensusWriter() override;

    // Test hooks; set them before the first census is queued.
    void setFaultInjector(CensusStore::FaultInjector injector);
    void setCompactionFaultInjector(CensusStore::CompactionFaultInjector injector);
    // Before open(): remove this platform's censuses stamped after the wall
    // clock when the file is opened (futurecensuses.h); for a Demo that runs
    // at real time into a file an older, faster Demo wrote ahead of now.
    void setDiscardFutureCensuses(std::optional<Platform> platform) { m_discardFuture = platform; }
    // Before open(): how the file is opened (tests make every file "large").
    void setOpenOptions(const OpenOptions &options) { m_openOptions = options; }

public Q_SLOTS:
    void open(const QString &path);
    void writeCensus(const StreamRank::Census &census);
    // One transaction; eventsStored() with the row ids, or eventsFailed().
    // Needs no stored census: an event stores even if its census failed to.
    // An empty list does nothing and emits nothing.
    // The incident updates go in the same transaction; incidentsStored() after.
    void writeEvents(const QVector<StreamRank::AnomalyEvent> &events,
                     const QVector<StreamRank::AnomalyIncidentUpdate> &incidents = {});
    // eventsAcknowledged() with the same arguments, or eventsFailed().
    void acknowledgeEvents(const QVector<qint64> &ids, bool acknowledged);
    // Stores settings.sanitized(); anomalySettingsSaved() with what was
    // stored, or anomalySettingsFailed().
    void saveAnomalySettings(const StreamRank::AnomalySettings &settings);
    // Days each resolution is kept (0 for ever; retention.h); sanitized and
    // stored, then retentionOptionsSaved() with what was stored, applied
    // from the next census on; or retentionOptionsFailed().
    void saveRetentionOptions(int rawDays, int fiveMinuteDays, int hourDays);
    // Category names and channel metadata a collector learned (metadatastore.h).
    void writeCategories(StreamRank::Platform platform,
                         const QVector<StreamRank::CategoryInfo> &categories);
    void writeChannels(StreamRank::Platform platform,
                       const QVector<StreamRank::ChannelInfo> &channels);
    void close();

Q_SIGNALS:
    void opened();
    // open() removed `count` censuses of `platform` dated after now (the
    // latest at latestMs); emitted before opened(), at most once per file.
    void futureCensusesDiscarded(StreamRank::Platform platform, int count, qint64 latestMs);
    void openFailed(const QString &message);
    void censusStored(const StreamRank::StoredCensus &info);
    void writeFailed(StreamRank::Platform platform, qint64 takenAtMs, const QString &message);
    void eventsStored(const QVector<StreamRank::AnomalyEvent> &events);
    void incidentsStored(const QVector<StreamRank::AnomalyIncidentUpdate> &incidents);
    void eventsAcknowledged(const QVector<qint64> &ids, bool acknowledged);
    // A write or an acknowledgement failed; nothing of it was stored.
    void eventsFailed(const QString &message);
    void anomalySettingsSaved(const StreamRank::AnomalySettings &settings);
    void anomalySettingsFailed(const QString &message);
    void retentionOptionsSaved(int rawDays, int fiveMinuteDays, int hourDays);
    void retentionOptionsFailed(const QString &message);
    // The backfill of rollups a schema 3 file brought (CensusStore::
    // buildOlderRollups): at open if one is pending, after each census while
    // it runs, and once more with finished set when it is done.
    void rollupBackfillProgress(const StreamRank::RollupBackfillProgress &progress);
    void metadataFailed(const QString &message);
    // The file turned out damaged (an SQLite call said so, or the integrity
    // check of a large file did): nothing more is written to it; every
    // later write fails with this message. Emitted once.
    void databaseDamaged(const QString &message);

private:
    // After a failed call: if it found the file damaged, stop writing (once).
    void checkForDamage();
    // After open() and each checkpoint: rollupBackfillProgress() while it runs.
    void reportBackfill();
    QString unavailable() const; // why nothing can be written
    void stopWritingDamaged(const QString &finding);
    void onIntegrityChecked(bool ok, bool damaged, const QString &problem, qint64 elapsedMs);

    // Declared in this order so the store (its prepared statements) goes
    // before the connection it was prepared on.
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CensusStore> m_store;
    std::unique_ptr<AnomalyEventStore> m_events;
    CensusStore::FaultInjector m_faultInjector;
    CensusStore::CompactionFaultInjector m_compactionFaultInjector;
    std::optional<Platform> m_discardFuture;
    OpenOptions m_openOptions;
    std::unique_ptr<IntegrityCheck> m_check;
    QString m_damaged;              // the message once the file is known damaged
    bool m_backfillRunning = false; // a backfill was pending at open and is not finished
};

} // namespace StreamRank
