// The alerts view's incidents on the offscreen platform: a live update
// changes an incident's peak and end in place (one dataChanged, no reset,
// the selection and the scroll kept); a reload keeps the expanded
// incidents; Space on an incident acknowledges all its alerts (those not
// acknowledged yet) and it looks acknowledged, its alerts too.
#include "alertsviewfixture.h"

using namespace StreamRank;
using namespace StreamRank::TestSupport;

class TestAlertIncidents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void cleanup() { QThreadPool::globalInstance()->waitForDone(); }

    void liveUpdateChangesAnIncidentInPlace()
    {
        Fixture f(60);
        QVERIFY(f.ready());
        f.select({4});
        const qint64 selected = f.idAt(4);
        QScrollBar *scroll = f.table()->verticalScrollBar();
        scroll->setValue(3);
        const AnomalyIncident target = f.incidentAt(5);
        QSignalSpy changed(f.model(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(f.model(), &QAbstractItemModel::modelReset);
        QSignalSpy inserted(f.model(), &QAbstractItemModel::rowsInserted);
        f.view->updateIncidents({{target.platform, target.streamId, target.startMs, 12345,
                                  target.startMs + 2 * Minute, target.startMs + 20 * Minute}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(f.incidentAt(5).peakViewers, 12345);
        QCOMPARE(f.proxy()->index(5, AlertsModel::DurationColumn).data().toString(),
                 QStringLiteral("20 min"));
        QCOMPARE(f.proxy()->index(5, AlertsModel::ObservedColumn).data().toString(),
                 QStringLiteral("12,345 (×12.3)"));
        QCOMPARE(f.selectedIds(), QVector<qint64>{selected});
        QCOMPARE(scroll->value(), 3);
    }

    void reloadKeepsTheExpandedIncidents()
    {
        QVector<AnomalyEvent> events = stored(5);
        for (int k = 0; k < 2; ++k) {
            AnomalyEvent e = makeEvent(30 + k, 20 - k, 9);
            e.incidentStartMs = Now - 20 * Minute;
            events.push_back(e);
        }
        Fixture f(events);
        QVERIFY(f.ready());
        const int row = f.model()->rowCount() - 1;
        const QModelIndex at = f.proxy()->index(row, 0);
        QCOMPARE(f.proxy()->rowCount(at), 2);
        f.table()->expand(at);
        const QString key = at.data(AlertsModel::KeyRole).toString();
        QSignalSpy reset(f.model(), &QAbstractItemModel::modelReset);
        f.view->reload();
        QTRY_COMPARE(reset.count(), 1);
        const QModelIndex again = static_cast<QSortFilterProxyModel *>(f.proxy())->mapFromSource(
            f.model()->indexOfKey(key));
        QVERIFY(again.isValid());
        QVERIFY(f.table()->isExpanded(again));
    }

    void incidentAcknowledgementCoversItsAlerts()
    {
        QVector<AnomalyEvent> events = stored(3);
        for (int k = 0; k < 3; ++k) {
            AnomalyEvent e = makeEvent(40 + k, 20 - k, 8);
            e.incidentStartMs = Now - 20 * Minute;
            events.push_back(e);
        }
        Fixture f(events);
        QVERIFY(f.ready());
        QSignalSpy requested(f.view.get(), &AlertsView::acknowledgeRequested);
        const int row = f.model()->rowCount() - 1;
        QCOMPARE(f.incidentAt(row).events.size(), 3);
        // One alert acknowledged already: the incident is not, yet.
        f.model()->markAcknowledged({41});
        QVERIFY(!f.incidentAt(row).acknowledged);
        QTreeView *tree = f.table();
        tree->setFocus();
        f.select({row});
        QTest::keyClick(tree, Qt::Key_Space);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(sorted(requested.at(0).at(0).value<QVector<qint64>>()), (QVector<qint64>{40, 42}));
        QVERIFY(f.incidentAt(row).acknowledged);
        // It looks acknowledged: the incident row and its alerts greyed.
        const QModelIndex at = f.proxy()->index(row, AlertsModel::ChannelColumn);
        QVERIFY(at.data(Qt::ForegroundRole).isValid());
        QVERIFY(!at.data(Qt::FontRole).isValid());
        QCOMPARE(f.proxy()
                     ->index(row, AlertsModel::AcknowledgedColumn)
                     .data(Qt::CheckStateRole)
                     .value<Qt::CheckState>(),
                 Qt::Checked);
        QVERIFY(
            f.proxy()->index(2, 0, f.proxy()->index(row, 0)).data(Qt::ForegroundRole).isValid());
        // The tab's count is of incidents.
        QCOMPARE(f.model()->unacknowledgedCount(), 3);
    }
};

QTEST_MAIN(TestAlertIncidents)
#include "tst_alertincidents.moc"
