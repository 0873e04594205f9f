// The alerts triage view, incidents expandable to their alerts, on the
// offscreen platform: the detail pane shows the selected incident (summary,
// start – end, peak, strategies and scores, duration) or alert in full; live
// incidents wait behind "N new incidents — Show" while the user reads, and
// Show keeps the selection and the rows in view; an escalation of a
// collapsed incident goes in at once, of an expanded one waits; the Ack box
// acknowledges on one click, Space acknowledges the selection, "Acknowledge
// selected" takes a multi-selection; a reload keeps the selection; the
// ranking's ⚠ finds a stream's newest incident, widening the filters when
// they hide it. Incident-only behaviour: tst_alertincidents.
#include "alertsviewfixture.h"

using namespace StreamRank;
using namespace StreamRank::TestSupport;

class TestAlertsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void cleanup() { QThreadPool::globalInstance()->waitForDone(); }

    void detailPaneShowsTheSelectedIncidentInFull()
    {
        // s7: three alerts, one incident of 12 minutes.
        QVector<AnomalyEvent> events = stored(6);
        for (int k = 0; k < 3; ++k) {
            AnomalyEvent e = makeEvent(20 + k, 30 - 2 * k, 7);
            e.incidentStartMs = Now - 30 * Minute;
            e.strategy = k == 2 ? AnomalyStrategy::PercentChange : AnomalyStrategy::ZScore;
            e.rawScore = k == 2 ? 350 : 3.5 + k;
            e.score = 80 + k * 5;
            e.observedViewers = 4000 + 1000 * k;
            events.push_back(e);
        }
        Fixture f(events);
        QVERIFY(f.ready());
        AlertDetails *details = f.view->details();
        QVERIFY(details->isVisible());
        // Under the tree, not over it.
        QVERIFY(details->mapTo(f.view.get(), QPoint(0, 0)).y() >=
                f.table()->mapTo(f.view.get(), QPoint(0, f.table()->height())).y());
        QVERIFY(!details->hasEvent());

        const int row = f.model()->rowCount() - 1; // the oldest start
        QCOMPARE(f.incidentAt(row).streamId, QStringLiteral("s7"));
        f.select({row});
        f.table()->setCurrentIndex(f.proxy()->index(row, 0));
        const AnomalyIncident &i = f.incidentAt(row);
        QVERIFY(details->showsIncident());
        QCOMPARE(details->sentenceText(), incidentSummaryText(i));
        QVERIFY(details->sentenceText().startsWith(u"Peak 6,000 viewers (×6.0 the baseline"));
        QVERIFY(details->sentenceText().endsWith(i.events.at(2).sentence())); // the best
        QCOMPARE(details->fieldName(AlertDetails::PeakField), QStringLiteral("Peak:"));
        QVERIFY(
            details->fieldText(AlertDetails::StartEndField).startsWith(localTimeText(i.startMs)));
        QVERIFY(details->fieldText(AlertDetails::StartEndField)
                    .contains(localTimeText(i.endMs, QStringLiteral("HH:mm"))));
        QCOMPARE(details->fieldText(AlertDetails::DurationField), QStringLiteral("8 min"));
        QVERIFY(details->fieldText(AlertDetails::PeakField).startsWith(u"6,000 viewers (×6.0"));
        QCOMPARE(details->fieldText(AlertDetails::StrategiesField),
                 QStringLiteral("Z-score 85 (4.5σ) · Percent change 90 (+350 %)"));
        QVERIFY(
            details->fieldText(AlertDetails::MaxScoreField).startsWith(u"90 of 100 (3 alerts)"));
        QVERIFY(details->fieldText(AlertDetails::ChannelField).contains(u"Channel 7"));
        QVERIFY(details->fieldText(AlertDetails::AcknowledgedField).startsWith(u"No"));

        // An alert row: what the pane showed for an alert before.
        const QModelIndex parent = f.proxy()->index(row, 0);
        f.table()->expand(parent);
        const QModelIndex child = f.proxy()->index(1, 0, parent);
        f.table()->selectionModel()->setCurrentIndex(child, QItemSelectionModel::ClearAndSelect |
                                                                QItemSelectionModel::Rows);
        const AnomalyEvent e = f.model()->eventOf(f.source(child));
        QCOMPARE(e.id, 21);
        QVERIFY(!details->showsIncident());
        QCOMPARE(details->eventId(), e.id);
        QCOMPARE(details->sentenceText(), e.sentence());
        QCOMPARE(details->fieldName(AlertDetails::ObservedField), QStringLiteral("Observed:"));
        QCOMPARE(details->fieldText(AlertDetails::TimeField), localTimeText(e.timeMs));
        QVERIFY(details->fieldText(AlertDetails::ChannelField).contains(e.channelName));
        QVERIFY(details->fieldText(AlertDetails::ChannelField).contains(e.channelLogin));
        QVERIFY(details->fieldText(AlertDetails::ChannelField)
                    .contains(platformDisplayName(e.platform)));
        QCOMPARE(details->fieldText(AlertDetails::StrategyField), strategyDisplayName(e.strategy));
        QVERIFY(details->fieldText(AlertDetails::ObservedField).startsWith(u"5,000 viewers"));
        QVERIFY(details->fieldText(AlertDetails::ObservedField).contains(u"×5.0"));
        QVERIFY(details->fieldText(AlertDetails::BaselineField).startsWith(u"1,000 viewers"));
        QVERIFY(details->fieldText(AlertDetails::BaselineField).contains(u"60-minute"));
        QVERIFY(details->fieldText(AlertDetails::RawField).startsWith(rawScoreText(e)));
        QCOMPARE(details->fieldText(AlertDetails::ScoreField), QStringLiteral("85 of 100"));
        QVERIFY(details->fieldText(AlertDetails::AcknowledgedField).startsWith(u"No"));
        // Wrapped, never cut: the sentence label wraps, and is as tall as
        // the wrapped text needs at a narrow width.
        auto *sentence = details->findChild<QLabel *>(QStringLiteral("AlertDetailsSentence"));
        QVERIFY(sentence && sentence->wordWrap());
        QVERIFY(sentence->heightForWidth(120) > sentence->heightForWidth(2000));
        // At an ordinary size the whole pane shows, no scrolling in it.
        auto *area = f.view->findChild<QScrollArea *>(QStringLiteral("AlertDetailsArea"));
        QVERIFY(area);
        QTRY_COMPARE(area->verticalScrollBar()->maximum(), 0);

        // It follows what happens to the alert: acknowledged, the zone changed.
        f.model()->markAcknowledged({e.id});
        QCOMPARE(details->fieldText(AlertDetails::AcknowledgedField), QStringLiteral("Yes"));
        const QTimeZone zone = displayTimeZone();
        setDisplayTimeZone(QTimeZone::utc());
        f.model()->refreshTimeTexts();
        QCOMPARE(details->fieldText(AlertDetails::TimeField), localTimeText(e.timeMs));
        QVERIFY(details->fieldText(AlertDetails::TimeField).endsWith(u" UTC"));
        setDisplayTimeZone(zone);

        // Several selected: the current row's, and the pane says how many.
        f.select({1, 2, 3});
        f.table()->selectionModel()->setCurrentIndex(f.proxy()->index(3, 0),
                                                     QItemSelectionModel::NoUpdate);
        QCOMPARE(details->eventId(), 0);
        QCOMPARE(details->sentenceText(), incidentSummaryText(f.incidentAt(3)));
        auto *header = details->findChild<QLabel *>(QStringLiteral("AlertDetailsHeader"));
        QVERIFY(header && header->isVisible() && header->text().startsWith(u"3 rows selected"));

        f.table()->clearSelection();
        QVERIFY(!details->hasEvent());
    }

    void liveAlertsWaitWhileTheUserReads()
    {
        Fixture f(60);
        QVERIFY(f.ready());
        QCOMPARE(f.model()->rowCount(), 60);
        QSignalSpy unread(f.view.get(), &AlertsView::unacknowledgedChanged);

        // At the top, nothing selected: in at once, as before.
        // Live alerts are newer than the stored ones, a minute apart.
        f.view->addEvents({makeEvent(101, -1, 1)});
        QCOMPARE(f.model()->rowCount(), 61);
        QCOMPARE(f.idAt(0), 101);
        QCOMPARE(f.view->pendingCount(), 0);
        QVERIFY(!f.newBar()->isVisible());

        // A selection: held back, the bar says how many, nothing moves.
        f.select({3});
        const qint64 selected = f.idAt(3);
        const QRect tableAt = f.table()->geometry();
        const QRect rowAt = f.table()->visualRect(f.proxy()->index(3, 0));
        f.view->addEvents({makeEvent(102, -2, 2), makeEvent(103, -3, 3)});
        QCOMPARE(f.model()->rowCount(), 61);
        QCOMPARE(f.idAt(3), selected);
        // The bar floats over the table: the table and its rows stay put.
        QCOMPARE(f.table()->geometry(), tableAt);
        QCOMPARE(f.table()->visualRect(f.proxy()->index(3, 0)), rowAt);
        QCOMPARE(f.view->pendingCount(), 2);
        QVERIFY(f.newBar()->isVisible());
        QCOMPARE(f.view->findChild<QLabel *>(QStringLiteral("NewAlertsLabel"))->text(),
                 QStringLiteral("2 new incidents —"));
        QPushButton *show = f.button("ShowNewAlertsButton");
        QVERIFY(show && show->isVisible());
        QCOMPARE(show->text(), QStringLiteral("Show"));
        // The unread count includes them.
        QCOMPARE(unread.last().at(0).toInt(), f.model()->unacknowledgedCount() + 2);

        // Show: inserted, the selection is the same alert, the bar goes.
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(f.model()->rowCount(), 63);
        QCOMPARE(f.selectedIds(), QVector<qint64>{selected});
        QCOMPARE(f.view->pendingCount(), 0);
        QVERIFY(!f.newBar()->isVisible());
        QCOMPARE(unread.last().at(0).toInt(), f.model()->unacknowledgedCount());

        // Scrolled down, nothing selected: held back too, and Show keeps the
        // rows the user was looking at where they were.
        f.table()->clearSelection();
        QScrollBar *scroll = f.table()->verticalScrollBar();
        QVERIFY(scroll->maximum() > 20);
        scroll->setValue(20);
        const QString topKey =
            f.table()->indexAt(QPoint(0, 0)).data(AlertsModel::KeyRole).toString();
        f.view->addEvents({makeEvent(104, -4, 4)});
        QCOMPARE(f.view->pendingCount(), 1);
        QCOMPARE(f.view->findChild<QLabel *>(QStringLiteral("NewAlertsLabel"))->text(),
                 QStringLiteral("1 new incident —"));
        f.view->showPending();
        QCOMPARE(f.model()->rowCount(), 64);
        QCOMPARE(f.table()->indexAt(QPoint(0, 0)).data(AlertsModel::KeyRole).toString(), topKey);
        QCOMPARE(scroll->value(), 21);

        // The mouse over the rows at the top: held back as well.
        scroll->setValue(0);
        f.table()->viewport()->setAttribute(Qt::WA_UnderMouse, true);
        f.view->addEvents({makeEvent(105, -5, 0)});
        QCOMPARE(f.view->pendingCount(), 1);
        QCOMPARE(f.idAt(0), 104);
        // An alert the filters hide is not counted.
        AnomalyEvent old = makeEvent(106, -6, 0);
        old.timeMs = Now - 48 * 60 * Minute; // outside "Last 24 hours"
        f.view->addEvents({old});
        QCOMPARE(f.view->pendingCount(), 1);
        // The mouse gone, the next alert brings the held one with it.
        f.table()->viewport()->setAttribute(Qt::WA_UnderMouse, false);
        f.view->addEvents({makeEvent(107, -7, 1)});
        QCOMPARE(f.view->pendingCount(), 0);
        QCOMPARE(f.model()->rowCount(), 66);
        QVERIFY(f.model()->indexOfEvent(105).isValid() && f.model()->indexOfEvent(107).isValid());
        QVERIFY(!f.newBar()->isVisible());

        // Reading (a selection): an escalation of a collapsed incident
        // changes its row in place, no bar; under an expanded one it waits.
        f.select({5});
        const qint64 selected5 = f.idAt(5);
        AnomalyEvent escalation = makeEvent(108, -8, 1);
        escalation.incidentStartMs = f.model()->eventOf(f.model()->indexOfEvent(107)).timeMs;
        escalation.score = 99;
        const QModelIndex incident107 = f.model()->indexOfEvent(107).parent();
        f.view->addEvents({escalation});
        QCOMPARE(f.view->pendingCount(), 0);
        QVERIFY(!f.newBar()->isVisible());
        QCOMPARE(f.model()->rowCount(), 66);
        QCOMPARE(f.model()->rowCount(incident107), 2);
        QCOMPARE(f.model()->index(incident107.row(), AlertsModel::ScoreColumn).data().toString(),
                 QStringLiteral("99"));
        QCOMPARE(f.idAt(5), selected5);
        const QModelIndex shown107 =
            static_cast<QSortFilterProxyModel *>(f.proxy())->mapFromSource(incident107);
        f.table()->expand(shown107);
        AnomalyEvent again = escalation;
        again.id = 109;
        again.timeMs += Minute;
        f.view->addEvents({again});
        QCOMPARE(f.view->pendingCount(), 0);
        QCOMPARE(f.view->pendingJoinCount(), 1);
        QCOMPARE(f.model()->rowCount(incident107), 2);
        QVERIFY(f.newBar()->isVisible());
        QCOMPARE(f.view->findChild<QLabel *>(QStringLiteral("NewAlertsLabel"))->text(),
                 QStringLiteral("1 new alert in an open incident —"));
        f.view->showPending();
        QCOMPARE(f.model()->rowCount(incident107), 3);
        QCOMPARE(f.selectedIds(), QVector<qint64>{selected5});
    }

    void ackBoxActsOnOneClickAndSpaceOnTheSelection()
    {
        Fixture f(10);
        QVERIFY(f.ready());
        QSignalSpy requested(f.view.get(), &AlertsView::acknowledgeRequested);
        QTreeView *table = f.table();

        // One click on the box of row 0.
        const QModelIndex box0 = f.proxy()->index(0, AlertsModel::AcknowledgedColumn);
        QStyleOptionViewItem option;
        option.initFrom(table->viewport());
        option.rect = table->visualRect(box0);
        option.features = QStyleOptionViewItem::HasCheckIndicator;
        const QRect check =
            table->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, table);
        QVERIFY(check.isValid());
        const qint64 first = f.idAt(0);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, check.center());
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<QVector<qint64>>(), QVector<qint64>{first});
        QVERIFY(f.at(0).acknowledged);
        QCOMPARE(box0.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);

        // One click elsewhere in the Ack cell does the same.
        const QRect cell1 = table->visualRect(f.proxy()->index(1, AlertsModel::AcknowledgedColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          QPoint(cell1.right() - 2, cell1.center().y()));
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.at(1).at(0).value<QVector<qint64>>(), QVector<qint64>{f.idAt(1)});

        // Space acknowledges the selected rows, wherever the current cell is.
        table->setFocus();
        f.select({3, 5});
        table->selectionModel()->setCurrentIndex(f.proxy()->index(5, AlertsModel::ChannelColumn),
                                                 QItemSelectionModel::NoUpdate);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(requested.count(), 3);
        QCOMPARE(sorted(requested.at(2).at(0).value<QVector<qint64>>()),
                 sorted({f.idAt(3), f.idAt(5)}));
        QVERIFY(f.at(3).acknowledged && f.at(5).acknowledged);
        QVERIFY(!f.at(4).acknowledged);
        // Acknowledged rows look it: greyed, not bold, no "yes".
        const QModelIndex channel5 = f.proxy()->index(5, AlertsModel::ChannelColumn);
        QVERIFY(channel5.data(Qt::ForegroundRole).isValid());
        QVERIFY(!channel5.data(Qt::FontRole).isValid());
        QVERIFY(f.proxy()->index(5, AlertsModel::AcknowledgedColumn).data().toString().isEmpty());
        QVERIFY(f.proxy()->index(4, AlertsModel::ChannelColumn).data(Qt::FontRole).isValid());

        // Nothing left to acknowledge in the selection: Space does nothing,
        // and Ctrl+Space is the list's own selection toggle, not an acknowledgement.
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(requested.count(), 3);
        table->selectionModel()->setCurrentIndex(f.proxy()->index(7, 0),
                                                 QItemSelectionModel::NoUpdate);
        QTest::keyClick(table, Qt::Key_Space, Qt::ControlModifier);
        QCOMPARE(requested.count(), 3);
        QVERIFY(!f.at(7).acknowledged);

        // No selection: Space acknowledges the current row.
        table->clearSelection();
        table->selectionModel()->setCurrentIndex(f.proxy()->index(8, 0),
                                                 QItemSelectionModel::NoUpdate);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(requested.count(), 4);
        QCOMPARE(requested.at(3).at(0).value<QVector<qint64>>(), QVector<qint64>{f.idAt(8)});
    }

    void acknowledgeSelectedTakesAMultiSelection()
    {
        Fixture f(10);
        QVERIFY(f.ready());
        QSignalSpy requested(f.view.get(), &AlertsView::acknowledgeRequested);
        QSignalSpy unread(f.view.get(), &AlertsView::unacknowledgedChanged);
        QPushButton *ack = f.button("AcknowledgeButton");
        QVERIFY(ack);
        QVERIFY(!ack->isEnabled()); // nothing selected
        f.model()->markAcknowledged({f.idAt(4)});

        // Ctrl+clicks as a user makes them: rows 1, 4 (already acknowledged) and 6.
        QTreeView *table = f.table();
        for (int row : {1, 4, 6}) {
            const QRect r = table->visualRect(f.proxy()->index(row, AlertsModel::ChannelColumn));
            QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, r.center());
        }
        QCOMPARE(f.selectedIds(), sorted({f.idAt(1), f.idAt(4), f.idAt(6)}));
        QVERIFY(ack->isEnabled());
        QVERIFY(ack->toolTip().contains(QStringLiteral("2 alerts of the selection")));
        QTest::mouseClick(ack, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(sorted(requested.at(0).at(0).value<QVector<qint64>>()),
                 sorted({f.idAt(1), f.idAt(6)}));
        QVERIFY(f.at(1).acknowledged && f.at(6).acknowledged);
        QCOMPARE(unread.last().at(0).toInt(), 7);
        QVERIFY(!ack->isEnabled());
    }

    void reloadKeepsTheSelection()
    {
        Fixture f(10);
        QVERIFY(f.ready());
        f.select({2, 6});
        const QVector<qint64> ids = f.selectedIds();
        QSignalSpy reset(f.model(), &QAbstractItemModel::modelReset);
        f.view->reload();
        QTRY_COMPARE(reset.count(), 1);
        QCOMPARE(f.selectedIds(), ids);
        QVERIFY(f.view->details()->hasEvent());
    }

    void newestIncidentOfAStreamIsSelectedWideningTheFilters()
    {
        Fixture f(20);
        QVERIFY(f.ready());
        // s2's alerts are ids 2, 7, 12, 17; 2 is the newest (two minutes ago).
        f.view->showNewestIncidentOf(Platform::Demo, QStringLiteral("s2"));
        QCOMPARE(f.selectedIds(), QVector<qint64>{2});
        QVERIFY(f.view->details()->showsIncident());
        QCOMPARE(f.view->details()->sentenceText(),
                 incidentSummaryText(f.model()->incidentOf(f.model()->indexOfEvent(2))));
        QVERIFY(f.table()->isExpanded(f.table()->currentIndex()));

        // Held-back alerts count: a newer s2 alert waiting behind the bar.
        f.view->addEvents({makeEvent(50, 0, 2)});
        QCOMPARE(f.view->pendingCount(), 1);
        f.view->showNewestIncidentOf(Platform::Demo, QStringLiteral("s2"));
        QCOMPARE(f.view->pendingCount(), 0);
        QCOMPARE(f.selectedIds(), QVector<qint64>{50});

        // Filters that hide the stream: widened to it, selected once loaded.
        auto *minScore = f.view->findChild<QDoubleSpinBox *>(QStringLiteral("AlertsMinScore"));
        QVERIFY(minScore);
        QSignalSpy reset(f.model(), &QAbstractItemModel::modelReset);
        minScore->setValue(95);
        QTRY_COMPARE(reset.count(), 1);
        QCOMPARE(f.model()->rowCount(), 0);
        f.view->showNewestIncidentOf(Platform::Demo, QStringLiteral("s3"));
        QTRY_COMPARE(f.selectedIds(), QVector<qint64>{3});
        QCOMPARE(minScore->value(), 0.0);
        QCOMPARE(f.view->findChild<QLineEdit *>(QStringLiteral("AlertsSearch"))->text(),
                 QStringLiteral("s3"));
        QCOMPARE(f.model()->rowCount(), 4); // 3, 8, 13, 18
    }
};

QTEST_MAIN(TestAlertsView)
#include "tst_alertsview.moc"
