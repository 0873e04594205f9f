#pragma once
// The storage writer thread's object: it owns the read-write connection and
// stores each census it is sent in one transaction, then (in transactions of
// its own) compacts the hour a census closed. The app moves it to its own
// QThread and talks to it only through queued slots and signals.

#include "census.h"
#include "censusstore.h"
#include "storedcensus.h"

#include <QObject>
#include <QString>

#include <memory>

namespace StreamRank {

class Database;

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

public Q_SLOTS:
    void open(const QString &path);
    void writeCensus(const StreamRank::Census &census);
    void close();

Q_SIGNALS:
    void opened();
    void openFailed(const QString &message);
    void censusStored(const StreamRank::StoredCensus &info);
    void writeFailed(StreamRank::Platform platform, qint64 takenAtMs, const QString &message);

private:
    // Declared in this order so the store (its prepared statements) goes
    // before the connection it was prepared on.
    std::unique_ptr<Database> m_database;
    std::unique_ptr<CensusStore> m_store;
    CensusStore::FaultInjector m_faultInjector;
    CensusStore::CompactionFaultInjector m_compactionFaultInjector;
};

} // namespace StreamRank
