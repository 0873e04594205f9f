// The alerts model under QAbstractItemModelTester: the Raw column in each
// strategy's unit and sorted by its number, the Ack box checkable once (and
// saying so through checkedByUser), acknowledged rows greyed instead of a
// "yes", and a bulk acknowledgement as one dataChanged per run of rows.
#include "alertsmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace StreamRank;

namespace {
constexpr qint64 T0 = 1'790'000'000'000;

AnomalyEvent makeEvent(qint64 id, AnomalyStrategy strategy, double raw, qint64 t = T0)
{
    AnomalyEvent e;
    e.id = id;
    e.streamId = QStringLiteral("s%1").arg(id);
    e.channelLogin = QStringLiteral("chan%1").arg(id);
    e.timeMs = t;
    e.strategy = strategy;
    e.rawScore = raw;
    e.baselineViewers = 1000;
    e.observedViewers = 4000;
    e.score = 90;
    e.lookbackMinutes = 60;
    return e;
}
} // namespace

class TestAlertsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The expected texts below use English digits and separators.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void rawColumnStatesItsUnit_data()
    {
        QTest::addColumn<int>("strategy");
        QTest::addColumn<double>("raw");
        QTest::addColumn<QString>("text");
        QTest::newRow("zscore") << int(AnomalyStrategy::ZScore) << 3.46 << QStringLiteral("3.5σ");
        QTest::newRow("percent_change")
            << int(AnomalyStrategy::PercentChange) << 240.2 << QStringLiteral("+240 %");
        QTest::newRow("percent_change, thousands")
            << int(AnomalyStrategy::PercentChange) << 4800.0 << QStringLiteral("+4,800 %");
        QTest::newRow("moving_average")
            << int(AnomalyStrategy::MovingAverage) << 4.14 << QStringLiteral("4.1 bands");
        QTest::newRow("quantile") << int(AnomalyStrategy::Quantile) << 2.56
                                  << QStringLiteral("2.6 spreads");
    }

    void rawColumnStatesItsUnit()
    {
        QFETCH(int, strategy);
        QFETCH(double, raw);
        QFETCH(QString, text);
        AlertsModel model;
        model.setEvents({makeEvent(1, static_cast<AnomalyStrategy>(strategy), raw)});
        const QModelIndex cell = model.index(0, AlertsModel::RawColumn);
        QCOMPARE(cell.data().toString(), text);
        QCOMPARE(rawScoreText(model.eventAt(0)), text);
        // Sorting and export still get the number.
        QCOMPARE(cell.data(AlertsModel::SortRole).toDouble(), raw);
        QVERIFY(!cell.data(Qt::ToolTipRole).toString().isEmpty());
    }

    void rawColumnSortsByNumberNotText()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        // As text "10.0σ" < "9.0σ" < "80 %"; as numbers 9 < 10 < 80.
        model.setEvents({makeEvent(1, AnomalyStrategy::ZScore, 10.0),
                         makeEvent(2, AnomalyStrategy::PercentChange, 80.0),
                         makeEvent(3, AnomalyStrategy::ZScore, 9.0)});
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(AlertsModel::SortRole);
        proxy.sort(AlertsModel::RawColumn, Qt::AscendingOrder);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.index(r, AlertsModel::RawColumn).data().toString();
        QCOMPARE(order, (QStringList{QStringLiteral("9.0σ"), QStringLiteral("10.0σ"),
                                     QStringLiteral("+80 %")}));
    }

    void ackBoxAcknowledgesOnceAndRowsLookAcknowledged()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        model.setEvents(
            {makeEvent(7, AnomalyStrategy::ZScore, 3), makeEvent(8, AnomalyStrategy::ZScore, 3)});
        QSignalSpy checked(&model, &AlertsModel::checkedByUser);
        const QModelIndex ack = model.index(0, AlertsModel::AcknowledgedColumn);

        // Unacknowledged: a checkable, unchecked box, bold text, no grey, no words.
        QVERIFY(model.flags(ack) & Qt::ItemIsUserCheckable);
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QVERIFY(ack.data().toString().isEmpty());
        QVERIFY(
            model.index(0, AlertsModel::ChannelColumn).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, AlertsModel::ChannelColumn).data(Qt::ForegroundRole).isValid());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(ack, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(checked.count(), 1);
        QCOMPARE(checked.at(0).at(0).toLongLong(), 7);
        QVERIFY(model.eventAt(0).acknowledged);
        QCOMPARE(changed.count(), 1);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Qt::ForegroundRole));

        // Acknowledged: checked, greyed (the palette's secondary text), not
        // bold, still no "yes", and the box can no longer be changed.
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(ack.data().toString().isEmpty());
        const QModelIndex channel = model.index(0, AlertsModel::ChannelColumn);
        QCOMPARE(channel.data(Qt::ForegroundRole).value<QBrush>().color(),
                 QGuiApplication::palette().color(QPalette::Active, QPalette::PlaceholderText));
        QVERIFY(!channel.data(Qt::FontRole).isValid());
        QVERIFY(!(model.flags(ack) & Qt::ItemIsUserCheckable));
        QVERIFY(!model.setData(ack, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!model.setData(ack, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(checked.count(), 1);
        QVERIFY(model.eventAt(0).acknowledged);

        // Only the Ack column has a box.
        QVERIFY(!model.setData(model.index(1, AlertsModel::ScoreColumn), Qt::Checked,
                               Qt::CheckStateRole));
        QVERIFY(!model.eventAt(1).acknowledged);
        QCOMPARE(model.unacknowledgedCount(), 1);
    }

    void bulkAcknowledgementIsOneSignalPerRunOfRows()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        QVector<AnomalyEvent> events;
        for (int i = 1; i <= 8; ++i)
            events.push_back(makeEvent(i, AnomalyStrategy::ZScore, 3, T0 - i * 1000));
        model.setEvents(events); // newest first: id i is row i − 1
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.markAcknowledged({6, 1, 2, 3, 7});
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 2);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().row(), 6);
        QCOMPARE(model.unacknowledgedCount(), 3);
    }
};

QTEST_MAIN(TestAlertsModel)
#include "tst_alertsmodel.moc"
