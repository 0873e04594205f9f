// GUI smoke test on the offscreen platform: the main window with the Demo at
// high speed fills the ranking, keeps the selection across censuses, and the
// chart of the selected stream gains points.
#include "mainwindow.h"
#include "pipeline.h"
#include "rankingmodel.h"
#include "viewershipchart.h"
#include "windowwiring.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace StreamRank;

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
        options.seriesSource = makeSeriesSource(config.databasePath);
        MainWindow window(options);
        wireWindow(pipeline, window);
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

        pipeline.stop();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
