// The ranking's ⚠: its tooltip says what it means (an alert within the
// engine's flag window, in minutes) and how to open it, and a double-click on
// it switches to the Alerts tab with that stream's newest incident selected
// and expanded; a double-click elsewhere on the row does not.
#include "alertsmodel.h"
#include "alertsview.h"
#include "analyticsengine.h"
#include "incidenttestsupport.h"
#include "mainwindow.h"
#include "rankingmodel.h"
#include "windowtestsupport.h"

#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <QTreeView>

using namespace StreamRank;

namespace {
constexpr qint64 Minute = 60 * 1000;
const qint64 Now = QDateTime::currentMSecsSinceEpoch();

Census census(qint64 t, int count)
{
    Census c;
    c.platform = Platform::Demo;
    c.takenAtMs = t;
    for (int i = 1; i <= count; ++i) {
        StreamObservation o;
        o.streamId = QStringLiteral("s%1").arg(i);
        o.channelLogin = QStringLiteral("chan%1").arg(i);
        o.title = QStringLiteral("Stream %1").arg(i);
        o.startedAtMs = t - 3600 * 1000;
        o.viewers = 10000 - 100 * i;
        c.streams.push_back(o);
    }
    return c;
}

AnomalyEvent makeEvent(qint64 id, const QString &stream, int minutesAgo)
{
    AnomalyEvent e;
    e.id = id;
    e.platform = Platform::Demo;
    e.streamId = stream;
    e.channelLogin = stream;
    e.timeMs = Now - minutesAgo * Minute;
    e.baselineViewers = 1000;
    e.observedViewers = 5000;
    e.rawScore = 4;
    e.score = 95;
    e.lookbackMinutes = 60;
    return e;
}
} // namespace

class TestAnomalyLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { QThreadPool::globalInstance()->waitForDone(); }

    void warningSignHasATooltipAndOpensTheNewestAlert()
    {
        MainWindowOptions options = TestSupport::windowWithoutStorage();
        // s3 has three incidents, the newest 5 minutes ago; s1 one, newer still.
        const QVector<AnomalyEvent> stored{
            makeEvent(1, QStringLiteral("s1"), 1), makeEvent(2, QStringLiteral("s3"), 5),
            makeEvent(3, QStringLiteral("s3"), 90), makeEvent(4, QStringLiteral("s3"), 20)};
        options.incidentSource = [stored](const AnomalyEventFilter &f) {
            return TestSupport::incidentsOf(stored, f);
        };
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.alertsView()->model()->rowCount(), 4);

        Ranker ranker;
        RankingSnapshot snapshot = ranker.apply(census(Now, 5));
        for (RankedStream &r : snapshot.rows)
            r.anomaly = r.streamId() == QStringLiteral("s3");
        window.applyRanking(snapshot);
        QTRY_COMPARE(window.rankingModel()->rowCount(), 5);

        QTableView *view = window.rankingView();
        QAbstractItemModel *proxy = view->model();
        int flagged = -1, plain = -1;
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const QString key = proxy->index(row, 0).data(RankingModel::KeyRole).toString();
            (key.endsWith(QStringLiteral(":s3")) ? flagged : plain) = row;
        }
        QVERIFY(flagged >= 0 && plain >= 0);
        const QModelIndex sign = proxy->index(flagged, RankingModel::AnomalyColumn);
        QCOMPARE(sign.data().toString(), QStringLiteral("⚠"));

        // The tooltip names the window the engine flags with, and the action.
        const QString minutes = QString::number(AnalyticsEngine::AnomalyFlagMs / Minute);
        const QString tip = sign.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(minutes + QStringLiteral(" minutes")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("double-click")), qPrintable(tip));
        QVERIFY(proxy->index(plain, RankingModel::AnomalyColumn).data(Qt::ToolTipRole).isNull());
        QVERIFY(proxy->headerData(RankingModel::AnomalyColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(minutes));

        // A double-click elsewhere on the row stays on the ranking.
        const auto doubleClick = [view](const QModelIndex &index) {
            view->scrollTo(index);
            const QPoint at = view->visualRect(index).center();
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        };
        doubleClick(proxy->index(flagged, RankingModel::ChannelColumn));
        QCOMPARE(window.tabs()->currentIndex(), 0);
        // On the ⚠: the Alerts tab, s3's newest incident selected and expanded.
        doubleClick(sign);
        QCOMPARE(window.tabs()->currentWidget(), window.alertsView());
        QTreeView *alerts = window.alertsView()->tree();
        const QModelIndexList selected = alerts->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QVERIFY(selected.first().data(AlertsModel::IsIncidentRole).toBool());
        QCOMPARE(selected.first().data(AlertsModel::KeyRole).toString(),
                 AlertsModel::incidentKey(Platform::Demo, QStringLiteral("s3"), Now - 5 * Minute));
        QCOMPARE(alerts->currentIndex().row(), selected.first().row());
        QVERIFY(alerts->isExpanded(selected.first()));
    }
};

QTEST_MAIN(TestAnomalyLink)
#include "tst_anomalylink.moc"
