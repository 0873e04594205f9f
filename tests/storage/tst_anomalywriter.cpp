// Anomaly events and settings through the writer thread's slots and
// signals, as the app uses them; incidents stored with their events and read
// back whole; a schema 2 file upgraded with its data kept, and a schema 4
// file's events becoming an incident each.

#include "anomalystore.h"
#include "censusstore.h"
#include "censuswriter.h"
#include "database.h"
#include "migrations.h"
#include "storagetestsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {
constexpr qint64 kT0 = 1'800'000'000'000;
constexpr qint64 kMinute = 60'000;
} // namespace

class TestAnomalyWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerStorageMetaTypes(); }
    void writerThreadStoresEventsAndSettings();
    void upgradeFromSchema2KeepsData();
    void incidentsStoreWithTheirEventsAndReadBack();
    void upgradeFromSchema4MakesEachEventAnIncident();

private:
    QTemporaryDir m_dir;
    QString m_path = m_dir.filePath(QStringLiteral("writer.sqlite"));
};

void TestAnomalyWriter::writerThreadStoresEventsAndSettings()
{
    QThread thread;
    auto *writer = new CensusWriter;
    writer->moveToThread(&thread);
    connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    // Signals cross back to this thread queued, as they would to the GUI.
    int opened = 0;
    QVector<QVector<AnomalyEvent>> stored;
    QVector<std::pair<QVector<qint64>, bool>> acknowledged;
    QStringList failed;
    QVector<AnomalySettings> settingsSaved;
    QStringList settingsFailed;
    connect(writer, &CensusWriter::opened, this, [&opened] { ++opened; });
    connect(writer, &CensusWriter::eventsStored, this,
            [&stored](const QVector<AnomalyEvent> &events) { stored.append(events); });
    connect(writer, &CensusWriter::eventsAcknowledged, this,
            [&acknowledged](const QVector<qint64> &ids, bool on) {
                acknowledged.append({ids, on});
            });
    connect(writer, &CensusWriter::eventsFailed, this,
            [&failed](const QString &message) { failed.append(message); });
    connect(writer, &CensusWriter::anomalySettingsSaved, this,
            [&settingsSaved](const AnomalySettings &s) { settingsSaved.append(s); });
    connect(writer, &CensusWriter::anomalySettingsFailed, this,
            [&settingsFailed](const QString &message) { settingsFailed.append(message); });
    thread.start();
    const auto onWriter = [writer](auto call) {
        QMetaObject::invokeMethod(writer, std::move(call), Qt::QueuedConnection);
    };

    const QVector<AnomalyEvent> events{
        makeEvent(Platform::Demo, QStringLiteral("a"), kT0, AnomalyStrategy::ZScore, 70),
        makeEvent(Platform::Demo, QStringLiteral("b"), kT0, AnomalyStrategy::Quantile, 80)};
    // Before open: failure signals, not a crash.
    onWriter([writer, events] { writer->writeEvents(events); });
    QTRY_COMPARE(failed.size(), 1);
    onWriter([writer] { writer->saveAnomalySettings(AnomalySettings{}); });
    QTRY_COMPARE(settingsFailed.size(), 1);

    const QString path = m_path;
    onWriter([writer, path] { writer->open(path); });
    QTRY_COMPARE(opened, 1);

    onWriter([writer, events] { writer->writeEvents(events); });
    onWriter([writer] { writer->writeEvents({}); }); // emits nothing
    QTRY_COMPARE(stored.size(), 1);
    const QVector<AnomalyEvent> withIds = stored.at(0);
    QCOMPARE(withIds.size(), 2);
    QVERIFY(withIds.at(0).id > 0 && withIds.at(1).id > withIds.at(0).id);
    QCOMPARE(withIds.at(1).streamId, QStringLiteral("b"));

    const QVector<qint64> ids{withIds.at(1).id};
    onWriter([writer, ids] { writer->acknowledgeEvents(ids, true); });
    QTRY_COMPARE(acknowledged.size(), 1);
    QCOMPARE(acknowledged.at(0).first, ids);
    QCOMPARE(acknowledged.at(0).second, true);

    AnomalySettings s;
    s.cooldownMinutes = 3;
    s.of(AnomalyStrategy::ZScore).threshold = 0; // sanitized to the default
    onWriter([writer, s] { writer->saveAnomalySettings(s); });
    QTRY_COMPARE(settingsSaved.size(), 1);
    QVERIFY(settingsSaved.at(0) == s.sanitized());
    QCOMPARE(stored.size(), 1);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(settingsFailed.size(), 1);

    thread.quit();
    QVERIFY(thread.wait(10000));

    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM anomaly_events"), 2);
    QCOMPARE(
        queryInt(path, "SELECT acknowledged FROM anomaly_events WHERE stream_external_id = 'b'"),
        1);
    QCOMPARE(queryInt(path, "SELECT value FROM anomaly_options WHERE key = 'cooldown_minutes'"), 3);
}

void TestAnomalyWriter::upgradeFromSchema2KeepsData()
{
    const QString path = m_dir.filePath(QStringLiteral("schema2.sqlite"));
    {
        // A file as StreamRank with schema 2 wrote it: censuses written now,
        // then what schema 3 and 4 added taken away again (today's
        // CensusStore needs today's schema to write).
        {
            auto current = Database::open(path);
            QVERIFY2(current, qPrintable(current.error().message));
            CensusStore store((*current)->handle());
            for (int i = 0; i < 3; ++i)
                QVERIFY(store.write(makeCensus(Platform::Demo, kT0 + i * kMinute, 20,
                                               [i](int s) { return 100 + s + i; })));
        }
        QSqlDatabase v2 =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        v2.setDatabaseName(path);
        QVERIFY(v2.open());
        QSqlQuery q(v2);
        for (const char *table :
             {"anomaly_incidents", "anomaly_events", "anomaly_settings", "anomaly_options",
              "stream_rollups_5m", "stream_rollups_1h", "category_rollups_5m",
              "category_rollups_1h", "storage_tasks", "storage_options"})
            QVERIFY2(q.exec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(table))),
                     qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_version WHERE version > 2")));
        q.finish();
        QVERIFY(!v2.tables().contains(QStringLiteral("anomaly_events")));
        v2.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));

    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QCOMPARE((*db)->schemaVersion(), 6);
    QCOMPARE(latestSchemaVersion(), 6);
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM censuses"), 3);
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM viewership_samples"), 60);
    QCOMPARE(queryInt(path, "SELECT SUM(viewers) FROM viewership_samples"),
             qint64(3 * (20 * 100 + 190) + 20 * 3));
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM schema_version"), 6);
    auto settings = readAnomalySettings((*db)->handle());
    QVERIFY(settings);
    QVERIFY(*settings == AnomalySettings{});

    // Both stores work on the upgraded file.
    AnomalyEventStore events((*db)->handle());
    QVERIFY(events.write({makeEvent(Platform::Demo, QStringLiteral("s1"), kT0 + 3 * kMinute,
                                    AnomalyStrategy::ZScore, 70)}));
    CensusStore store((*db)->handle());
    QVERIFY(store.write(makeCensus(Platform::Demo, kT0 + 3 * kMinute, 20, [](int) { return 1; })));
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM censuses"), 4);
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM anomaly_events"), 1);

    // The new indexes exist.
    const QString indexes =
        queryText(path, "SELECT group_concat(name, ' ') FROM sqlite_schema WHERE type = 'index'"
                        " AND tbl_name = 'anomaly_events'");
    QVERIFY2(indexes.contains(QStringLiteral("anomaly_events_time")), qPrintable(indexes));
    QVERIFY2(indexes.contains(QStringLiteral("anomaly_events_stream")), qPrintable(indexes));
}

void TestAnomalyWriter::incidentsStoreWithTheirEventsAndReadBack()
{
    const QString path = m_dir.filePath(QStringLiteral("incidents.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    AnomalyEventStore store((*db)->handle());
    // Stream a: an incident opened at kT0, an escalation at +4 min, peak
    // 9,000 at +6 min, ended at +10; stream b: one still open.
    AnomalyEvent a1 =
        makeEvent(Platform::Demo, QStringLiteral("a"), kT0, AnomalyStrategy::ZScore, 70);
    a1.incidentStartMs = kT0;
    AnomalyEvent b1 = makeEvent(Platform::Demo, QStringLiteral("b"), kT0 + 2 * kMinute,
                                AnomalyStrategy::Quantile, 60);
    b1.incidentStartMs = b1.timeMs;
    QVERIFY(store.write({a1, b1},
                        {{Platform::Demo, QStringLiteral("a"), kT0, 4321, kT0, 0},
                         {Platform::Demo, QStringLiteral("b"), b1.timeMs, 4321, b1.timeMs, 0}}));
    AnomalyEvent a2 = makeEvent(Platform::Demo, QStringLiteral("a"), kT0 + 4 * kMinute,
                                AnomalyStrategy::PercentChange, 95);
    a2.incidentStartMs = kT0;
    a2.observedViewers = 8000;
    QVERIFY(store.write({a2}, {{Platform::Demo, QStringLiteral("a"), kT0, 8000, a2.timeMs, 0}}));
    QVERIFY(store.write({}, {{Platform::Demo, QStringLiteral("a"), kT0, 9000, kT0 + 6 * kMinute, 0},
                             {Platform::Demo, QStringLiteral("a"), kT0, 9000, kT0 + 6 * kMinute,
                              kT0 + 10 * kMinute}}));
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM anomaly_incidents"), 2);
    // A replay at start-up reports the incident as opened again (it cannot
    // see its stream end) with a lower peak: the stored end and peak stay.
    QVERIFY(store.write({}, {{Platform::Demo, QStringLiteral("a"), kT0, 4321, kT0, 0}}));
    // An incident whose events were never stored gets no row.
    QVERIFY(store.write({}, {{Platform::Demo, QStringLiteral("ghost"), kT0, 10, kT0, 0}}));
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM anomaly_incidents"), 2);

    auto incidents = readAnomalyIncidents((*db)->handle(), AnomalyEventFilter{});
    QVERIFY2(incidents, qPrintable(incidents.error()));
    QCOMPARE(incidents->size(), 2);
    const AnomalyIncident b =
        incidents->at(0); // newest start first (copies: incidents is read again below)
    const AnomalyIncident a = incidents->at(1);
    QCOMPARE(b.streamId, QStringLiteral("b"));
    QCOMPARE(b.endMs, qint64(0)); // open
    QCOMPARE(a.streamId, QStringLiteral("a"));
    QCOMPARE(a.startMs, kT0);
    QCOMPARE(a.endMs, kT0 + 10 * kMinute);
    QCOMPARE(a.peakViewers, 9000);
    QCOMPARE(a.peakMs, kT0 + 6 * kMinute);
    QCOMPARE(a.events.size(), 2);
    QCOMPARE(a.events.at(0).timeMs, kT0); // oldest first
    QCOMPARE(a.events.at(1).incidentStartMs, kT0);
    QCOMPARE(a.baselineViewers, 1000.25);
    QCOMPARE(a.bestEvent().strategy, AnomalyStrategy::PercentChange);
    QCOMPARE(a.strategyCodes(), QStringLiteral("zscore, percent_change"));
    QVERIFY(qAbs(a.peakMultiple() - 9000 / 1000.25) < 1e-12);
    QVERIFY(!a.acknowledged);
    QVERIFY(a.summary(QStringLiteral("20:14"), QStringLiteral("10 min"))
                .startsWith(QStringLiteral("Peak 9,000 viewers (×9.0 the baseline of 1,000) at "
                                           "20:14, 10 min; ")));

    // A filter picks incidents, never cuts them: without its opening event
    // (score 70 < 90) the incident still has both events and their baseline.
    AnomalyEventFilter high;
    high.minScore = 90;
    incidents = readAnomalyIncidents((*db)->handle(), high);
    QVERIFY(incidents);
    QCOMPARE(incidents->size(), 1);
    QCOMPARE(incidents->first().events.size(), 2);
    QCOMPARE(incidents->first().events.first().timeMs, kT0);
    QCOMPARE(incidents->first().peakViewers, 9000);

    // Acknowledged once every event is; a filter picks the incidents shown.
    QVERIFY(AnomalyEventStore((*db)->handle())
                .acknowledge({a.events.at(0).id, a.events.at(1).id}, true));
    AnomalyEventFilter quantile;
    quantile.strategy = AnomalyStrategy::Quantile;
    incidents = readAnomalyIncidents((*db)->handle(), quantile);
    QVERIFY(incidents);
    QCOMPARE(incidents->size(), 1);
    QCOMPARE(incidents->first().streamId, QStringLiteral("b"));
    incidents = readAnomalyIncidents((*db)->handle(), AnomalyEventFilter{});
    QVERIFY(incidents->at(1).acknowledged);
    QVERIFY(!incidents->at(0).acknowledged);
}

void TestAnomalyWriter::upgradeFromSchema4MakesEachEventAnIncident()
{
    const QString path = m_dir.filePath(QStringLiteral("schema4.sqlite"));
    {
        auto current = Database::open(path);
        QVERIFY2(current, qPrintable(current.error().message));
        AnomalyEventStore store((*current)->handle());
        QVERIFY(store.write(
            {makeEvent(Platform::Demo, QStringLiteral("a"), kT0, AnomalyStrategy::ZScore, 70),
             makeEvent(Platform::Demo, QStringLiteral("a"), kT0 + 40 * kMinute,
                       AnomalyStrategy::ZScore, 75),
             makeEvent(Platform::Twitch, QStringLiteral("a"), kT0, AnomalyStrategy::Quantile,
                       80)}));
    }
    {
        QSqlDatabase v4 =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v4"));
        v4.setDatabaseName(path);
        QVERIFY(v4.open());
        QSqlQuery q(v4);
        for (const char *sql : {"DROP TABLE anomaly_incidents",
                                "ALTER TABLE anomaly_events DROP COLUMN incident_start",
                                "ALTER TABLE stream_rollups_1h DROP COLUMN hidden_count",
                                "DELETE FROM schema_version WHERE version >= 5"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        q.finish();
        v4.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v4"));

    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(db.error().message));
    QCOMPARE((*db)->schemaVersion(), 6);
    QCOMPARE(queryInt(path, "SELECT COUNT(*) FROM anomaly_incidents WHERE end_time = start_time"),
             3);
    auto incidents = readAnomalyIncidents((*db)->handle(), AnomalyEventFilter{});
    QVERIFY(incidents);
    QCOMPARE(incidents->size(), 3);
    for (const AnomalyIncident &i : *incidents) {
        QCOMPARE(i.events.size(), 1);
        QCOMPARE(i.startMs, i.events.first().timeMs);
        QCOMPARE(i.endMs, i.startMs);
        QCOMPARE(i.peakViewers, 4321);
    }
}

QTEST_GUILESS_MAIN(TestAnomalyWriter)
#include "tst_anomalywriter.moc"
