// The alerts model, a tree of incidents and their alerts, under
// QAbstractItemModelTester: an incident row's columns (start, strategies that
// fired, peak and multiple, baseline, duration or "ongoing", highest score)
// and an alert row's (Raw in each strategy's unit), both sorted by their
// numbers; the Ack box checkable once, an incident's acknowledging all its
// alerts; acknowledged rows greyed instead of a "yes"; a bulk
// acknowledgement as one dataChanged per run of rows; live alerts opening
// incidents (a row at the top) or joining one (a child, the incident's row
// changed); live updates of peak and end as one dataChanged, no reset.
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
constexpr qint64 Minute = 60 * 1000;

AnomalyEvent makeEvent(qint64 id, AnomalyStrategy strategy, double raw, qint64 t = T0,
                       const QString &stream = {})
{
    AnomalyEvent e;
    e.id = id;
    e.streamId = stream.isEmpty() ? QStringLiteral("s%1").arg(id) : stream;
    e.channelLogin = QStringLiteral("chan_") + e.streamId;
    e.timeMs = t;
    e.incidentStartMs = t;
    e.strategy = strategy;
    e.rawScore = raw;
    e.baselineViewers = 1000;
    e.observedViewers = 4000;
    e.score = 90;
    e.lookbackMinutes = 60;
    return e;
}

// What the store hands the view: the incident of these events (oldest first).
AnomalyIncident incidentOf(QVector<AnomalyEvent> events, qint64 endMs = 0, int peak = 0)
{
    AnomalyIncident i;
    const AnomalyEvent &first = events.constFirst();
    i.platform = first.platform;
    i.streamId = first.streamId;
    i.channelLogin = first.channelLogin;
    i.startMs = first.timeMs;
    i.endMs = endMs;
    i.baselineViewers = first.baselineViewers;
    for (AnomalyEvent &e : events) {
        e.incidentStartMs = i.startMs;
        if (e.observedViewers > i.peakViewers) {
            i.peakViewers = e.observedViewers;
            i.peakMs = e.timeMs;
        }
    }
    if (peak > 0)
        i.peakViewers = peak;
    i.events = events;
    return i;
}

// One incident per event.
QVector<AnomalyIncident> single(const QVector<AnomalyEvent> &events)
{
    QVector<AnomalyIncident> out;
    for (const AnomalyEvent &e : events)
        out.push_back(incidentOf({e}, e.timeMs + 4 * Minute));
    return out;
}

QStringList column(const QAbstractItemModel &m, int c, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r)
        out << m.index(r, c, parent).data().toString();
    return out;
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
        QAbstractItemModelTester tester(&model);
        model.setIncidents(single({makeEvent(1, static_cast<AnomalyStrategy>(strategy), raw)}));
        const QModelIndex cell = model.index(0, AlertsModel::RawColumn, model.index(0, 0));
        QCOMPARE(cell.data().toString(), text);
        QCOMPARE(rawScoreText(model.eventOf(cell)), text);
        // Sorting and export still get the number.
        QCOMPARE(cell.data(AlertsModel::SortRole).toDouble(), raw);
        QVERIFY(!cell.data(Qt::ToolTipRole).toString().isEmpty());
    }

    void incidentRowSaysStartPeakDurationStrategiesAndScore()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        AnomalyEvent first = makeEvent(1, AnomalyStrategy::PercentChange, 350, T0, u"raid"_qs);
        first.score = 70;
        AnomalyEvent second =
            makeEvent(2, AnomalyStrategy::ZScore, 5.1, T0 + 2 * Minute, u"raid"_qs);
        second.score = 97;
        second.observedViewers = 45000;
        AnomalyEvent open = makeEvent(3, AnomalyStrategy::Quantile, 2.5, T0 - Minute);
        model.setIncidents({incidentOf({first, second}, T0 + 12 * Minute), incidentOf({open}, 0)});
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex raid = model.index(0, 0);
        QVERIFY(model.isIncident(raid));
        QVERIFY(raid.data(AlertsModel::IsIncidentRole).toBool());
        QCOMPARE(model.rowCount(raid), 2);
        auto cell = [&](int row, int c) { return model.index(row, c).data().toString(); };
        QCOMPARE(model.index(0, AlertsModel::TimeColumn).data(AlertsModel::SortRole).toLongLong(),
                 T0);
        QCOMPARE(cell(0, AlertsModel::StrategyColumn), QStringLiteral("Z-score, Percent change"));
        QCOMPARE(cell(0, AlertsModel::ObservedColumn), QStringLiteral("45,000 (×45.0)"));
        QCOMPARE(cell(0, AlertsModel::BaselineColumn), QStringLiteral("1,000"));
        QCOMPARE(cell(0, AlertsModel::DurationColumn), QStringLiteral("12 min"));
        QCOMPARE(cell(0, AlertsModel::ScoreColumn), QStringLiteral("97"));
        QVERIFY(cell(0, AlertsModel::RawColumn).isEmpty());
        // What happened: the best alert's sentence; the whole summary is the tooltip.
        QCOMPARE(cell(0, AlertsModel::SentenceColumn), second.sentence());
        const QString summary =
            model.index(0, AlertsModel::SentenceColumn).data(Qt::ToolTipRole).toString();
        QCOMPARE(summary, incidentSummaryText(model.incidentAt(0)));
        QVERIFY(summary.startsWith(u"Peak 45,000 viewers (×45.0"));
        QVERIFY(summary.endsWith(second.sentence()));
        // The strategies' tooltip gives each one's score.
        QVERIFY(model.index(0, AlertsModel::StrategyColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"Z-score 97 (5.1σ)"));
        QCOMPARE(cell(1, AlertsModel::DurationColumn), QStringLiteral("ongoing"));
        // Its alerts, oldest first, with their own columns.
        QCOMPARE(column(model, AlertsModel::StrategyColumn, raid),
                 (QStringList{QStringLiteral("Percent change"), QStringLiteral("Z-score")}));
        QCOMPARE(column(model, AlertsModel::RawColumn, raid),
                 (QStringList{QStringLiteral("+350 %"), QStringLiteral("5.1σ")}));
        QCOMPARE(model.index(1, 0, raid).data(AlertsModel::EventIdRole).toLongLong(), 2);
        QCOMPARE(model.indexOfEvent(2), model.index(1, 0, raid));
        QCOMPARE(model.indexOfKey(raid.data(AlertsModel::KeyRole).toString()), raid);
        QCOMPARE(model.eventOf(raid).id, 2); // the best alert
        QCOMPARE(model.eventCount(), 3);

        // Longer than an hour; an open incident sorts as the longest.
        AnomalyIncident hour = incidentOf({makeEvent(9, AnomalyStrategy::ZScore, 3)});
        hour.endMs = hour.startMs + 65 * Minute;
        QCOMPARE(incidentDurationText(hour), QStringLiteral("1 h 05 min"));
        QVERIFY(
            model.index(1, AlertsModel::DurationColumn).data(AlertsModel::SortRole).toLongLong() >
            model.index(0, AlertsModel::DurationColumn).data(AlertsModel::SortRole).toLongLong());
    }

    void columnsSortByNumberNotText()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        // As text "10.0σ" < "9.0σ" < "80 %"; as numbers 9 < 10 < 80.
        QVector<AnomalyEvent> events{
            makeEvent(1, AnomalyStrategy::ZScore, 10.0, T0, u"a"_qs),
            makeEvent(2, AnomalyStrategy::PercentChange, 80.0, T0 + Minute, u"a"_qs),
            makeEvent(3, AnomalyStrategy::ZScore, 9.0, T0 + 2 * Minute, u"a"_qs)};
        AnomalyEvent small = makeEvent(4, AnomalyStrategy::ZScore, 3, T0 - Minute);
        small.observedViewers = 9000;
        // Peaks 45,000 · 9,000 · 120,000: as text "120,000" < "45,000" < "9,000".
        model.setIncidents(
            {incidentOf(events, T0 + 4 * Minute, 45000), incidentOf({small}, T0),
             incidentOf({makeEvent(5, AnomalyStrategy::ZScore, 3, T0 - 9 * Minute)}, T0, 120000)});
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy);
        proxy.setSourceModel(&model);
        proxy.setSortRole(AlertsModel::SortRole);
        proxy.sort(AlertsModel::RawColumn, Qt::AscendingOrder);
        const QModelIndex a = proxy.mapFromSource(model.index(0, 0));
        QCOMPARE(column(proxy, AlertsModel::RawColumn, a),
                 (QStringList{QStringLiteral("9.0σ"), QStringLiteral("10.0σ"),
                              QStringLiteral("+80 %")}));
        proxy.sort(AlertsModel::ObservedColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy, AlertsModel::ObservedColumn),
                 (QStringList{QStringLiteral("9,000 (×9.0)"), QStringLiteral("45,000 (×45.0)"),
                              QStringLiteral("120,000 (×120.0)")}));
    }

    void ackBoxAcknowledgesOnceAndRowsLookAcknowledged()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        model.setIncidents(single(
            {makeEvent(7, AnomalyStrategy::ZScore, 3), makeEvent(8, AnomalyStrategy::ZScore, 3)}));
        QSignalSpy checked(&model, &AlertsModel::checkedByUser);
        const QModelIndex parent = model.index(0, 0);
        const QModelIndex ack = model.index(0, AlertsModel::AcknowledgedColumn, parent);

        // Unacknowledged: a checkable, unchecked box, bold text, no grey, no words.
        QVERIFY(model.flags(ack) & Qt::ItemIsUserCheckable);
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QVERIFY(ack.data().toString().isEmpty());
        const QModelIndex channel = model.index(0, AlertsModel::ChannelColumn, parent);
        QVERIFY(channel.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!channel.data(Qt::ForegroundRole).isValid());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(ack, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(checked.count(), 1);
        QCOMPARE(checked.at(0).at(0).value<QVector<qint64>>(), QVector<qint64>{7});
        QVERIFY(model.eventOf(ack).acknowledged);
        // The alert's row, and its incident's (now every alert acknowledged).
        QCOMPARE(changed.count(), 2);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Qt::ForegroundRole));
        QVERIFY(model.incidentAt(0).acknowledged);

        // Acknowledged: checked, greyed (the palette's secondary text), not
        // bold, still no "yes", and the box can no longer be changed.
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(ack.data().toString().isEmpty());
        QCOMPARE(channel.data(Qt::ForegroundRole).value<QBrush>().color(),
                 QGuiApplication::palette().color(QPalette::Active, QPalette::PlaceholderText));
        QVERIFY(!channel.data(Qt::FontRole).isValid());
        QVERIFY(model.index(0, AlertsModel::ChannelColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!(model.flags(ack) & Qt::ItemIsUserCheckable));
        QVERIFY(!model.setData(ack, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!model.setData(ack, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(checked.count(), 1);

        // Only the Ack column has a box.
        QVERIFY(!model.setData(model.index(1, AlertsModel::ScoreColumn), Qt::Checked,
                               Qt::CheckStateRole));
        QVERIFY(!model.incidentAt(1).acknowledged);
        QCOMPARE(model.unacknowledgedCount(), 1);
    }

    void incidentAckBoxAcknowledgesAllItsAlerts()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        QVector<AnomalyEvent> events;
        for (int i = 1; i <= 3; ++i)
            events.push_back(makeEvent(i, AnomalyStrategy::ZScore, 3, T0 + i * Minute, u"x"_qs));
        events[1].acknowledged = true;
        model.setIncidents({incidentOf(events)});
        QSignalSpy checked(&model, &AlertsModel::checkedByUser);
        const QModelIndex ack = model.index(0, AlertsModel::AcknowledgedColumn);
        QVERIFY(model.flags(ack) & Qt::ItemIsUserCheckable);
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QVERIFY(model.index(0, 0).data(Qt::FontRole).isValid());
        QVERIFY(model.setData(ack, Qt::Checked, Qt::CheckStateRole));
        // The ones not acknowledged yet.
        QCOMPARE(checked.at(0).at(0).value<QVector<qint64>>(), (QVector<qint64>{1, 3}));
        QCOMPARE(ack.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(model.index(0, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
        for (int r = 0; r < 3; ++r)
            QVERIFY(
                model.index(r, 0, model.index(0, 0)).data(AlertsModel::AcknowledgedRole).toBool());
        QVERIFY(!(model.flags(ack) & Qt::ItemIsUserCheckable));
        QCOMPARE(model.unacknowledgedCount(), 0);
    }

    void bulkAcknowledgementIsOneSignalPerRunOfRows()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        QVector<AnomalyEvent> events;
        for (int i = 1; i <= 8; ++i)
            events.push_back(makeEvent(i, AnomalyStrategy::ZScore, 3, T0 - i * 1000));
        model.setIncidents(single(events)); // newest first: id i is row i − 1
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.markAcknowledged({6, 1, 2, 3, 7});
        // One per alert row (each its own incident's only child), then the
        // incidents in two runs: rows 0–2 and 5–6.
        QCOMPARE(changed.count(), 5 + 2);
        const auto incidentSignals = changed.mid(5);
        QCOMPARE(incidentSignals.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(incidentSignals.at(0).at(1).value<QModelIndex>().row(), 2);
        QCOMPARE(incidentSignals.at(1).at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(incidentSignals.at(1).at(1).value<QModelIndex>().row(), 6);
        QCOMPARE(model.unacknowledgedCount(), 3);

        // Within one incident: one signal for adjacent alerts.
        QVector<AnomalyEvent> many;
        for (int i = 1; i <= 6; ++i)
            many.push_back(makeEvent(10 + i, AnomalyStrategy::ZScore, 3, T0 + i * Minute, u"y"_qs));
        model.setIncidents({incidentOf(many)});
        changed.clear();
        model.markAcknowledged({12, 13, 14});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().parent(), model.index(0, 0));
    }

    void liveAlertsOpenOrJoinIncidents()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        AnomalyEventFilter filter;
        filter.fromMs = T0 - 60 * Minute;
        model.setFilter(filter);
        model.setIncidents(single({makeEvent(1, AnomalyStrategy::ZScore, 3, T0 - 10 * Minute)}));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // An alert that opens an incident: a row at the top.
        AnomalyEvent opening = makeEvent(20, AnomalyStrategy::PercentChange, 300, T0, u"raid"_qs);
        opening.score = 60;
        model.addEvents({opening});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(!inserted.at(0).at(0).value<QModelIndex>().isValid());
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(model.incidentAt(0).streamId, QStringLiteral("raid"));
        QCOMPARE(model.index(0, AlertsModel::DurationColumn).data().toString(),
                 QStringLiteral("ongoing"));

        // An escalation joining it: a child, the incident's score and strategies change.
        AnomalyEvent joining =
            makeEvent(21, AnomalyStrategy::ZScore, 6, T0 + 2 * Minute, u"raid"_qs);
        joining.incidentStartMs = T0;
        joining.score = 98;
        joining.observedViewers = 9000;
        inserted.clear();
        model.addEvents({joining});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 2);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(model.index(0, AlertsModel::ScoreColumn).data().toString(), QStringLiteral("98"));
        QCOMPARE(model.index(0, AlertsModel::StrategyColumn).data().toString(),
                 QStringLiteral("Z-score, Percent change"));
        QCOMPARE(model.incidentAt(0).peakViewers, 9000);
        // The same alert again, or one the filter hides: nothing.
        AnomalyEvent old = makeEvent(22, AnomalyStrategy::ZScore, 6, T0 - 120 * Minute);
        model.addEvents({joining, old});
        QCOMPARE(model.eventCount(), 3);
        QCOMPARE(reset.count(), 0);
    }

    void liveUpdatesChangeAShownIncidentInPlace()
    {
        AlertsModel model;
        QAbstractItemModelTester tester(&model);
        AnomalyEvent e = makeEvent(1, AnomalyStrategy::ZScore, 4, T0, u"raid"_qs);
        model.setIncidents(
            {incidentOf({e}),
             incidentOf({makeEvent(2, AnomalyStrategy::ZScore, 3, T0 - 30 * Minute)}, T0)});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        AnomalyIncidentUpdate peak{Platform::Demo, u"raid"_qs, T0, 52000, T0 + 4 * Minute, 0};
        model.applyIncidentUpdates({peak});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>(),
                 model.index(0, AlertsModel::ColumnCount - 1));
        QCOMPARE(model.index(0, AlertsModel::ObservedColumn).data().toString(),
                 QStringLiteral("52,000 (×52.0)"));
        AnomalyIncidentUpdate ended = peak;
        ended.endMs = T0 + 14 * Minute;
        model.applyIncidentUpdates({ended});
        QCOMPARE(changed.count(), 2);
        QCOMPARE(model.index(0, AlertsModel::DurationColumn).data().toString(),
                 QStringLiteral("14 min"));
        QCOMPARE(reset.count(), 0);

        // An update before its incident's first alert: kept, applied when it comes.
        AnomalyIncidentUpdate early{Platform::Demo, u"late"_qs,  T0 + Minute,
                                    7000,           T0 + Minute, T0 + 9 * Minute};
        model.applyIncidentUpdates({early});
        QCOMPARE(changed.count(), 2);
        model.addEvents({makeEvent(3, AnomalyStrategy::ZScore, 4, T0 + Minute, u"late"_qs)});
        const int row =
            model.rowOfIncident(AlertsModel::incidentKey(Platform::Demo, u"late"_qs, T0 + Minute));
        QCOMPARE(row, 0);
        QCOMPARE(model.incidentAt(row).peakViewers, 7000);
        QCOMPARE(model.index(row, AlertsModel::DurationColumn).data().toString(),
                 QStringLiteral("8 min"));
    }
};

QTEST_MAIN(TestAlertsModel)
#include "tst_alertsmodel.moc"
