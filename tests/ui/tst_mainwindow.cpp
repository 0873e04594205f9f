// GUI smoke test on the offscreen platform: the main window with the Demo at
// high speed fills the ranking, keeps the selection across censuses, and the
// chart of the selected stream gains points.
#include "alertscontroller.h"
#include "alertsmodel.h"
#include "alertsview.h"
#include "mainwindow.h"
#include "pipeline.h"
#include "rankingmodel.h"
#include "storagereader.h"
#include "storagesettingsdialog.h"
#include "streamchartpanel.h"
#include "traynotifier.h"
#include "viewershipchart.h"
#include "windowwiring.h"

#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace StreamRank;

namespace {
// A window wired to a pipeline as the app does it (app/windowwiring), shown.
struct WiredWindow
{
    WiredWindow(Pipeline &pipeline, const QString &databasePath)
        : window([&] {
              MainWindowOptions options;
              options.databasePath = databasePath;
              return options;
          }()),
          alerts(pipeline)
    {
        wireWindow(pipeline, window, alerts, tray);
        window.show();
    }
    MainWindow window;
    AlertsController alerts;
    TrayNotifier tray;
};
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoFillsRankingAndChart()
    {
        QTemporaryDir dir;
        PipelineConfig config;
        config.databasePath = dir.filePath(QStringLiteral("gui.sqlite"));
        config.demoSpeed = 600; // a census every 0.2 s
        Pipeline pipeline(config);
        QSignalSpy failed(&pipeline, &Pipeline::failed);

        MainWindowOptions options;
        options.demo = true;
        options.databasePath = config.databasePath;
        const WindowSources sources = makeWindowSources(config.databasePath);
        options.seriesSource = sources.series;
        options.eventSource = sources.events;
        options.incidentSource = sources.incidents;
        MainWindow window(options);
        AlertsController alerts(pipeline);
        TrayNotifier tray;
        wireWindow(pipeline, window, alerts, tray);
        alerts.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        pipeline.start();

        QTableView *view = window.rankingView();
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 100, 15000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(view->model()->rowCount(), 500); // the default top 500 of >3,000 streams

        // The demo label is visible, and the status bar says what is collected.
        auto *banner = window.findChild<QLabel *>(QStringLiteral("DemoBanner"));
        QVERIFY(banner && banner->isVisible());
        auto *state = window.findChild<QLabel *>(QStringLiteral("StateLabel"));
        QVERIFY(state->text().startsWith(QStringLiteral("Demo: ")));
        auto *census = window.findChild<QLabel *>(QStringLiteral("CensusLabel"));
        QTRY_VERIFY(census->text().startsWith(QStringLiteral("Last census")));
        auto *db = window.findChild<QLabel *>(QStringLiteral("DatabaseLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(db->text().startsWith(QStringLiteral("Database ")), 10000);

        // Select the stream shown in the fifth row.
        view->selectRow(4);
        const QString key =
            view->selectionModel()->selectedRows().first().data(RankingModel::KeyRole).toString();
        QVERIFY(!key.isEmpty());
        const int before = window.chart()->pointCount();

        // Several more censuses arrive: no reset, the same stream stays selected
        // (while it is live), and its chart gains points.
        QSignalSpy resets(window.rankingModel(), &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy applied(window.rankingModel(), &RankingModel::snapshotApplied);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() >= 4, 15000);
        QCOMPARE(resets.count(), 0);
        if (window.rankingModel()->rowOfKey(key) >= 0) {
            const auto rows = view->selectionModel()->selectedRows();
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows.first().data(RankingModel::KeyRole).toString(), key);
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.chart()->pointCount() >= std::max(2, before + 1), 10000);

        // The backfilled hours hold raids: incidents arrive, their alerts
        // stored with ids, and the tab says how many are unacknowledged.
        AlertsModel *alertsModel = window.alertsView()->model();
        QTRY_VERIFY_WITH_TIMEOUT(alertsModel->rowCount() > 0, 20000);
        const AnomalyEvent first = alertsModel->incidentAt(0).bestEvent();
        QVERIFY(first.id > 0);
        QVERIFY(first.score >= 50);
        QVERIFY(window.tabs()->tabText(1).startsWith(QStringLiteral("Alerts (")));

        // Stop collecting so no new alert moves the rows under the clicks below.
        pipeline.stop();
        QTest::qWait(200); // let the last stored events reach the window

        // Double-click opens the stream's chart at that moment, with the event marked.
        window.tabs()->setCurrentIndex(1);
        QTreeView *alertsTable = window.alertsView()->tree();
        auto *alertsProxy = static_cast<QSortFilterProxyModel *>(alertsTable->model());
        const QModelIndex cell = alertsProxy->index(0, 0);
        // An incident charts at its best alert.
        const AnomalyEvent shown = alertsModel->eventOf(alertsProxy->mapToSource(cell));
        alertsTable->scrollTo(cell);
        QTRY_VERIFY(alertsTable->isVisible());
        const QPoint at = alertsTable->visualRect(cell).center();
        // An item view needs the press/release of the first click before the double-click.
        QTest::mouseClick(alertsTable->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(alertsTable->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(window.chartPanel()->target().id, shown.streamId);
        QCOMPARE(window.chartPanel()->target().focusMs, shown.timeMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.chart()->markerCount() >= 1, 10000);

        // Acknowledge it with the button: the model shows it at once and the
        // database has it after the writer's turn.
        alertsTable->selectionModel()->select(cell, QItemSelectionModel::ClearAndSelect |
                                                        QItemSelectionModel::Rows);
        const QModelIndex incident =
            alertsProxy->mapToSource(alertsTable->selectionModel()->selectedRows().first());
        // An incident's acknowledgement is all of its alerts'.
        const qint64 ackId = alertsModel->incidentOf(incident).events.constLast().id;
        auto *ackButton =
            window.alertsView()->findChild<QPushButton *>(QStringLiteral("AcknowledgeButton"));
        QVERIFY(ackButton);
        ackButton->click();
        QVERIFY(alertsModel->eventOf(alertsModel->indexOfEvent(ackId)).acknowledged);
        QVERIFY(alertsModel->incidentOf(incident).acknowledged);
        StorageReader reader(config.databasePath);
        AnomalyEventFilter all;
        all.limit = 0;
        auto acknowledgedInDatabase = [&] {
            const auto stored = reader.anomalyEvents(all);
            if (!stored)
                return false;
            for (const AnomalyEvent &e : *stored)
                if (e.id == ackId)
                    return e.acknowledged;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(acknowledgedInDatabase(), 10000);
    }

    void storageSettingsAreStoredAndShownAgain()
    {
        QTemporaryDir dir;
        PipelineConfig config;
        config.databasePath = dir.filePath(QStringLiteral("storage.sqlite"));
        config.demoSpeed = 600;
        Pipeline pipeline(config);
        QSignalSpy ready(&pipeline, &Pipeline::ready);
        QSignalSpy saved(&pipeline, &Pipeline::retentionOptionsSaved);

        MainWindowOptions options;
        options.demo = true;
        options.databasePath = config.databasePath;
        const WindowSources sources = makeWindowSources(config.databasePath);
        options.seriesSource = sources.series;
        options.eventSource = sources.events;
        options.incidentSource = sources.incidents;
        MainWindow window(options);
        AlertsController alerts(pipeline);
        TrayNotifier tray;
        wireWindow(pipeline, window, alerts, tray);
        wireStorageSettings(pipeline, window, sources.retention);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        pipeline.start();
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 15000);

        // Settings → Storage shows the defaults of a new file.
        auto *action = window.findChild<QAction *>(QStringLiteral("StorageAction"));
        QVERIFY(action);
        action->trigger();
        StorageSettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<StorageSettingsDialog *>()) != nullptr);
        QCOMPARE(dialog->days(), RetentionDays{});
        // 5-minute averages shorter than every census: kept as long, and said.
        dialog->findChild<QSpinBox *>(QStringLiteral("rawDays"))->setValue(3);
        dialog->findChild<QSpinBox *>(QStringLiteral("fiveMinuteDays"))->setValue(1);
        dialog->findChild<QSpinBox *>(QStringLiteral("hourDays"))->setValue(0);
        auto *summary = dialog->findChild<QLabel *>(QStringLiteral("retentionSummary"));
        QVERIFY2(summary->text().contains(QStringLiteral("5-minute averages for 3 days")),
                 qPrintable(summary->text()));
        dialog->accept();
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(saved.at(0).at(0).toInt(), 3);
        QCOMPARE(saved.at(0).at(1).toInt(), 3);
        QCOMPARE(saved.at(0).at(2).toInt(), 0);
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(
            QStringLiteral("every census kept 3 days, 5-minute averages 3 days, hourly averages "
                           "for ever")));
        QTRY_VERIFY(window.findChild<StorageSettingsDialog *>() == nullptr); // closed, deleted

        // Stored in the file: the next dialog shows it.
        StorageReader reader(config.databasePath);
        const auto stored = reader.retentionOptions();
        QVERIFY2(stored, qPrintable(stored.error()));
        QCOMPARE(*stored, (RetentionOptions{3, 3, 0}));
        action->trigger();
        QTRY_VERIFY((dialog = window.findChild<StorageSettingsDialog *>()) != nullptr);
        QCOMPARE(dialog->days(), (RetentionDays{3, 3, 0}));
        dialog->reject();
        pipeline.stop();
    }

    void backfillProgressShowsInTheStatusBarUntilDone()
    {
        // The wiring alone: a pipeline that is never started says where a
        // backfill stands, the window's permanent label follows it.
        QTemporaryDir dir;
        PipelineConfig config;
        config.databasePath = dir.filePath(QStringLiteral("backfill.sqlite"));
        Pipeline pipeline(config);
        WiredWindow wired(pipeline, config.databasePath);
        MainWindow &window = wired.window;
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *label = window.findChild<QLabel *>(QStringLiteral("BackfillLabel"));
        QVERIFY(label);
        QVERIFY(!label->isVisible()); // no backfill pending: nothing said
        QVERIFY(!label->toolTip().isEmpty());

        Q_EMIT pipeline.rollupBackfillProgress(0, 720, false);
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("Building chart history: 720 of 720 hours left"));
        Q_EMIT pipeline.rollupBackfillProgress(408, 312, false);
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("Building chart history: 312 of 720 hours left"));
        Q_EMIT pipeline.rollupBackfillProgress(720, 0, true);
        QVERIFY(!label->isVisible());
    }

    void aRestartSaysWhatItLoadsThenShowsTheStoredRanking()
    {
        QTemporaryDir dir;
        PipelineConfig config;
        config.databasePath = dir.filePath(QStringLiteral("restart.sqlite"));
        Pipeline pipeline(config);
        WiredWindow wired(pipeline, config.databasePath);
        MainWindow &window = wired.window;
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *empty = window.findChild<QLabel *>(QStringLiteral("RankingEmptyLabel"));
        auto *census = window.findChild<QLabel *>(QStringLiteral("CensusLabel"));
        QVERIFY(empty && census);

        // Before any ranking: what start-up is reading, over the empty table.
        Q_EMIT pipeline.startupProgress(QStringLiteral("Loading the last 24 hours of history…"));
        QTRY_VERIFY(empty->isVisible());
        QVERIFY2(empty->text().contains(QStringLiteral("Loading the last 24 hours")),
                 qPrintable(empty->text()));
        Q_EMIT pipeline.startupProgress(QString());
        QVERIFY2(empty->text().contains(QStringLiteral("Waiting for the first census")),
                 qPrintable(empty->text()));

        // The stored ranking, ranked again: shown at once, and named as stored.
        Census stored;
        stored.platform = Platform::Twitch;
        stored.takenAtMs = QDateTime::currentMSecsSinceEpoch() - 60'000;
        for (int i = 0; i < 3; ++i) {
            StreamObservation o;
            o.streamId = QStringLiteral("s%1").arg(i);
            o.channelId = o.channelLogin = o.channelName = QStringLiteral("c%1").arg(i);
            o.viewers = 100 - i;
            stored.streams.append(o);
        }
        Ranker ranker;
        RankingSnapshot restored = ranker.apply(stored);
        restored.restored = true;
        window.applyRanking(restored);
        QTRY_VERIFY(census->text().startsWith(QStringLiteral("Stored census")));
        QVERIFY(!empty->isVisible());
        QCOMPARE(window.rankingView()->model()->rowCount(), 3);

        // The next census replaces it.
        stored.takenAtMs += 120'000;
        window.applyRanking(ranker.apply(stored));
        QTRY_VERIFY(census->text().startsWith(QStringLiteral("Last census")));
    }

    void aSchema3FileShowsItsBackfillThenHidesIt()
    {
        // A Demo history, made the file schema 3 wrote; opened again, the
        // writer says a backfill is pending, builds it and says it is done.
        QTemporaryDir dir;
        PipelineConfig config;
        config.databasePath = dir.filePath(QStringLiteral("v3.sqlite"));
        config.demoSpeed = 600;
        {
            Pipeline first(config);
            QSignalSpy stored(&first, &Pipeline::censusStored);
            first.start();
            // The Demo's 3-hour backfill: at least two closed, compacted hours.
            QTRY_VERIFY_WITH_TIMEOUT(stored.size() >= 90, 30000);
            first.stop();
        }
        {
            auto conn =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("make-v3"));
            conn.setDatabaseName(config.databasePath);
            QVERIFY(conn.open());
            QSqlQuery q(conn);
            for (const char *sql : {"DROP TABLE stream_rollups_5m", "DROP TABLE stream_rollups_1h",
                                    "DROP TABLE category_rollups_5m",
                                    "DROP TABLE category_rollups_1h", "DROP TABLE storage_tasks",
                                    "DROP TABLE storage_options", "DROP TABLE anomaly_incidents",
                                    "ALTER TABLE anomaly_events DROP COLUMN incident_start",
                                    "DELETE FROM schema_version WHERE version >= 4"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
            conn.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("make-v3"));

        Pipeline pipeline(config);
        QSignalSpy progress(&pipeline, &Pipeline::rollupBackfillProgress);
        WiredWindow wired(pipeline, config.databasePath);
        MainWindow &window = wired.window;
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *label = window.findChild<QLabel *>(QStringLiteral("BackfillLabel"));
        QVERIFY(label);
        pipeline.start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.constLast().at(2).toBool(), 15000);
        // First at open, nothing built yet; last finished, every hour counted.
        QCOMPARE(progress.constFirst().at(0).toInt(), 0);
        QVERIFY(progress.constFirst().at(1).toInt() >= 2);
        QCOMPARE(progress.constFirst().at(2).toBool(), false);
        QVERIFY(progress.constLast().at(0).toInt() >= 2);
        QCOMPARE(progress.constLast().at(1).toInt(), 0);
        QVERIFY(!label->isVisible());
        pipeline.stop();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
