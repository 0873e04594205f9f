// The chart shows the stream the user chose, and only that: when its row
// leaves the list (the stream ended, dropped out of the top N, was searched
// away) the chart stays on it and no other row is highlighted, so the next
// click on any row, the neighbour that took its place included, charts that
// row. A chart opened from an alert is not replaced by a census either.
#include "alertsview.h"
#include "mainwindow.h"
#include "ranking.h"
#include "rankingmodel.h"
#include "streamchartpanel.h"
#include "viewershipchart.h"
#include "windowtestsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace StreamRank;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;
constexpr qint64 IntervalMs = 120'000;

// Streams s0..s9 with s0 the most watched, without those in `absent`.
Census census(qint64 t, const QSet<int> &absent = {})
{
    Census c;
    c.platform = Platform::Demo;
    c.takenAtMs = t;
    for (int i = 0; i < 10; ++i) {
        if (absent.contains(i))
            continue;
        StreamObservation o;
        o.streamId = QStringLiteral("s%1").arg(i);
        o.channelId = QStringLiteral("c%1").arg(i);
        o.channelLogin = QStringLiteral("chan%1").arg(i);
        o.categoryId = QStringLiteral("g%1").arg(i % 3);
        o.categoryName = QStringLiteral("Game %1").arg(i % 3);
        o.channelName = QStringLiteral("Channel %1").arg(i);
        o.title = QStringLiteral("Stream %1").arg(i);
        o.startedAtMs = t - 3600 * 1000;
        o.viewers = 1000 - 10 * i;
        c.streams.push_back(o);
    }
    return c;
}

} // namespace

class TestChartSelection : public QObject
{
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    Ranker m_ranker;
    qint64 m_t = T0;

    void apply(const QSet<int> &absent = {})
    {
        QSignalSpy applied(m_window->rankingModel(), &RankingModel::snapshotApplied);
        // The ranker keeps the census's observations alive in the snapshot.
        m_window->applyRanking(m_ranker.apply(census(m_t, absent)));
        m_t += IntervalMs;
        QVERIFY(applied.wait(2000));
    }
    QString chartedStream() const { return m_window->chartPanel()->target().id; }
    QStringList highlighted() const
    {
        QStringList keys;
        for (const QModelIndex &row : m_window->rankingView()->selectionModel()->selectedRows())
            keys.append(row.data(RankingModel::KeyRole).toString());
        return keys;
    }
    int viewRowOf(const QString &streamId) const
    {
        QAbstractItemModel *model = m_window->rankingView()->model();
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data(RankingModel::KeyRole).toString().endsWith(u':' + streamId))
                return r;
        }
        return -1;
    }
    void clickRow(int row)
    {
        QTableView *view = m_window->rankingView();
        const QModelIndex cell = view->model()->index(row, RankingModel::ViewersColumn);
        view->scrollTo(cell);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_ranker = Ranker();
        m_window = std::make_unique<MainWindow>(TestSupport::windowWithoutStorage());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        apply();
        QCOMPARE(chartedStream(), QStringLiteral("s0")); // the top stream until the user picks
    }
    void cleanup() { m_window.reset(); }

    void anEndedStreamKeepsItsChartAndNoOtherRowIsHighlighted()
    {
        clickRow(viewRowOf(QStringLiteral("s4")));
        QCOMPARE(chartedStream(), QStringLiteral("s4"));

        QVERIFY(!m_window->chart()->isOffline());

        apply({4}); // s4 ended: s5 moves up into its row
        QCOMPARE(chartedStream(), QStringLiteral("s4"));
        QVERIFY2(highlighted().isEmpty(), qPrintable(highlighted().join(u' ')));
        // Its chart says it ended, since its last stored sample (the fake
        // storage here holds none: one is given).
        QVERIFY(m_window->chart()->isOffline());
        m_window->chart()->setSeries(m_window->chartPanel()->target().title,
                                     {{double(m_t - 2 * IntervalMs), 960}});
        QVERIFY2(m_window->chart()->title().contains(QStringLiteral("offline since")),
                 qPrintable(m_window->chart()->title()));
        apply({4});
        QCOMPARE(chartedStream(), QStringLiteral("s4"));

        // The row that took its place charts on the first click.
        const int row = viewRowOf(QStringLiteral("s5"));
        clickRow(row);
        QCOMPARE(chartedStream(), QStringLiteral("s5"));
        QCOMPARE(highlighted(), QStringList{QStringLiteral("demo:s5")});
    }

    void aStreamBackInTheListIsHighlightedAgain()
    {
        clickRow(viewRowOf(QStringLiteral("s3")));
        apply({3});
        QVERIFY(highlighted().isEmpty());
        QVERIFY(m_window->chart()->isOffline());
        apply(); // live again (or back in the top N)
        QVERIFY(!m_window->chart()->isOffline());
        QCOMPARE(chartedStream(), QStringLiteral("s3"));
        QCOMPARE(highlighted(), QStringList{QStringLiteral("demo:s3")});
    }

    void searchingAStreamAwayKeepsItsChart()
    {
        clickRow(viewRowOf(QStringLiteral("s2")));
        auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("SearchEdit"));
        QVERIFY(search);
        search->setText(QStringLiteral("Stream 7"));
        QTRY_VERIFY(m_window->rankingView()->model()->rowCount() == 1);
        QCOMPARE(chartedStream(), QStringLiteral("s2"));
        QVERIFY(!m_window->chart()->isOffline()); // filtered away, still live
        QVERIFY(highlighted().isEmpty());
        clickRow(0);
        QCOMPARE(chartedStream(), QStringLiteral("s7"));
    }

    void aChartOpenedFromAnAlertStaysThroughCensuses()
    {
        AnomalyEvent event;
        event.platform = Platform::Demo;
        event.streamId = QStringLiteral("s6");
        event.channelLogin = QStringLiteral("chan6");
        event.timeMs = m_t - IntervalMs;
        m_window->showEvent(event);
        QCOMPARE(chartedStream(), QStringLiteral("s6"));
        apply({6});
        apply({6, 5});
        QCOMPARE(chartedStream(), QStringLiteral("s6"));
        QCOMPARE(m_window->chartPanel()->target().focusMs, event.timeMs);
    }

    void aChannelOrCategoryChartStaysThroughCensusesUntilARowIsClicked()
    {
        m_window->chartRow(viewRowOf(QStringLiteral("s3")), ChartSubject::Channel);
        const ChartTarget &target = m_window->chartPanel()->target();
        QCOMPARE(target.subject, ChartSubject::Channel);
        QCOMPARE(target.id, QStringLiteral("c3"));
        QVERIFY2(target.title.contains(QStringLiteral("all broadcasts")), qPrintable(target.title));
        QVERIFY(highlighted().isEmpty()); // a channel is not a row
        apply();
        apply({3}); // even its broadcast ending
        QCOMPARE(m_window->chartPanel()->target().subject, ChartSubject::Channel);
        QCOMPARE(m_window->chartPanel()->target().id, QStringLiteral("c3"));
        QVERIFY(!m_window->chart()->isOffline()); // only a broadcast goes offline
        QVERIFY(highlighted().isEmpty());

        m_window->chartRow(viewRowOf(QStringLiteral("s4")), ChartSubject::Category);
        QCOMPARE(m_window->chartPanel()->target().subject, ChartSubject::Category);
        QCOMPARE(m_window->chartPanel()->target().id, QStringLiteral("g1"));
        m_window->chartRow(viewRowOf(QStringLiteral("s4")), ChartSubject::Platform);
        QCOMPARE(m_window->chartPanel()->target().id, QStringLiteral("demo"));
        apply({3});
        QCOMPARE(m_window->chartPanel()->target().subject, ChartSubject::Platform);

        // A click on a row charts that broadcast again.
        clickRow(viewRowOf(QStringLiteral("s2")));
        QCOMPARE(m_window->chartPanel()->target().subject, ChartSubject::Stream);
        QCOMPARE(chartedStream(), QStringLiteral("s2"));
    }

    void aPinnedSubjectStaysComparedWhileRowsAreClicked()
    {
        // Right-click → Add to comparison → Channel: pinned, charted beside
        // whatever is clicked next, through censuses.
        QVERIFY(m_window->compareRow(viewRowOf(QStringLiteral("s3")), ChartSubject::Channel));
        QCOMPARE(m_window->chartPanel()->pinned().size(), 1);
        QCOMPARE(m_window->chartPanel()->pinned().constFirst().id, QStringLiteral("c3"));
        clickRow(viewRowOf(QStringLiteral("s5")));
        QCOMPARE(chartedStream(), QStringLiteral("s5"));
        QVERIFY(m_window->chartPanel()->isComparing());
        const QVector<ChartTarget> shown = m_window->chartPanel()->shownTargets();
        QCOMPARE(shown.size(), 2);
        QCOMPARE(shown[0].id, QStringLiteral("s5"));
        QCOMPARE(shown[1].id, QStringLiteral("c3"));
        apply();
        apply({5});
        QCOMPARE(m_window->chartPanel()->shownTargets().size(), 2);
        QCOMPARE(highlighted(), QStringList()); // s5 ended: no other row takes its place
        // Pinning the same channel again is refused.
        QVERIFY(!m_window->compareRow(viewRowOf(QStringLiteral("s3")), ChartSubject::Channel));
    }

    void anAlertChartsItsChannelOrPinsIt()
    {
        // Right-click on an alert → Chart channel: the channel's broadcasts,
        // found by the id the stored event knows; → Add to comparison →
        // This broadcast: pinned beside what is charted.
        AnomalyEvent event;
        event.platform = Platform::Demo;
        event.streamId = QStringLiteral("s4");
        event.channelId = QStringLiteral("c4");
        event.channelLogin = QStringLiteral("chan4");
        event.channelName = QStringLiteral("Channel 4");
        event.timeMs = m_t - IntervalMs;
        Q_EMIT m_window->alertsView()->chartRequested(event, true, false);
        QCOMPARE(m_window->chartPanel()->target().subject, ChartSubject::Channel);
        QCOMPARE(m_window->chartPanel()->target().id, QStringLiteral("c4"));
        QVERIFY(m_window->chartPanel()->target().title.startsWith(u"Channel 4"));
        QVERIFY(highlighted().isEmpty());

        Q_EMIT m_window->alertsView()->chartRequested(event, false, true);
        QCOMPARE(m_window->chartPanel()->pinned().size(), 1);
        QCOMPARE(m_window->chartPanel()->pinned().constFirst().subject, ChartSubject::Stream);
        QCOMPARE(m_window->chartPanel()->pinned().constFirst().id, QStringLiteral("s4"));
        QCOMPARE(m_window->chartPanel()->shownTargets().size(), 2);
    }

    void aFirstClickOnAnAmountColumnSortsLargestFirst()
    {
        QTableView *view = m_window->rankingView();
        QHeaderView *header = view->horizontalHeader();
        const auto click = [&](int column) {
            const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        };
        const auto viewersAt = [&](int row) {
            return view->model()
                ->index(row, RankingModel::ViewersColumn)
                .data(RankingModel::SortRole)
                .toInt();
        };
        click(RankingModel::ViewersColumn);
        QCOMPARE(header->sortIndicatorSection(), int(RankingModel::ViewersColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(viewersAt(0) > viewersAt(view->model()->rowCount() - 1));
        click(RankingModel::ViewersColumn); // the second click reverses
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QVERIFY(viewersAt(0) < viewersAt(view->model()->rowCount() - 1));
        click(RankingModel::ChannelColumn); // text: A to Z first
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        click(RankingModel::RankColumn); // rank 1 first
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    }

    void standardKeysReachTheirPlaces()
    {
        // Ctrl+F: the search of the tab in front; F5, Ctrl+E, Ctrl+, are the
        // window's reload, chart export and settings.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        auto *focused = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(focused);
        QVERIFY2(focused->placeholderText().contains(u"Search"),
                 qPrintable(focused->placeholderText()));
        m_window->tabs()->setCurrentIndex(1);
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        focused = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(focused);
        QVERIFY(m_window->alertsView()->isAncestorOf(focused));
        const auto shortcutOf = [&](const char *name) {
            auto *action = m_window->findChild<QAction *>(QString::fromLatin1(name));
            return action ? action->shortcut() : QKeySequence();
        };
        QCOMPARE(shortcutOf("ReloadAction"), QKeySequence(Qt::Key_F5));
        QCOMPARE(shortcutOf("AccountsAction"), QKeySequence(QStringLiteral("Ctrl+,")));
        bool exportKey = false;
        for (QAction *action : m_window->findChildren<QAction *>())
            exportKey = exportKey || action->shortcut() == QKeySequence(QStringLiteral("Ctrl+E"));
        QVERIFY(exportKey);
    }

    // Opens a context menu by its signal and triggers the item whose text
    // starts with `item` once the menu is up.
    void chooseFromMenu(QWidget *owner, const QPoint &at, const QString &item)
    {
        bool chosen = false;
        QTimer::singleShot(50, this, [&] {
            QMenu *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu) {
                qWarning("no menu is open");
                return;
            }
            for (QAction *action : menu->actions()) {
                if (action->text().remove(u'&').startsWith(item)) {
                    action->trigger();
                    chosen = true;
                    break;
                }
            }
            if (!chosen)
                for (QAction *action : menu->actions())
                    qWarning("menu item: %s", qPrintable(action->text()));
            menu->close();
        });
        Q_EMIT owner->customContextMenuRequested(at);
        QVERIFY2(chosen, qPrintable(item));
    }

    void aSearchWithoutMatchSaysSoAndWhatToTry()
    {
        QLineEdit *search = nullptr;
        for (QLineEdit *edit : m_window->findChildren<QLineEdit *>())
            if (edit->placeholderText().startsWith(u"Search"))
                search = edit;
        QVERIFY(search);
        auto *label = m_window->findChild<QLabel *>(QStringLiteral("RankingEmptyLabel"));
        QVERIFY(label);
        QVERIFY(!label->isVisible());
        search->setText(QStringLiteral("zzz-no-such-stream"));
        QTRY_VERIFY(label->isVisible());
        QVERIFY2(label->text().contains(u"zzz-no-such-stream") &&
                     label->text().contains(u"10 live"),
                 qPrintable(label->text()));
        search->clear();
        QTRY_VERIFY(!label->isVisible());
    }

    void rowsCopyAsCsvAndColumnsHideFromTheHeader()
    {
        QTableView *view = m_window->rankingView();
        QHeaderView *header = view->horizontalHeader();
        QVERIFY(header->sectionsMovable());
        // Hide Uptime from the header's menu; the copied row leaves it out.
        chooseFromMenu(header, QPoint(10, 5), QStringLiteral("Uptime"));
        QVERIFY(header->isSectionHidden(RankingModel::UptimeColumn));
        const int row = viewRowOf(QStringLiteral("s2"));
        const QRect cell = view->visualRect(view->model()->index(row, RankingModel::ViewersColumn));
        // A table's menu position is in its viewport's coordinates.
        chooseFromMenu(view, cell.center(), QStringLiteral("Copy row as CSV"));
        const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n');
        QVERIFY2(lines.size() >= 2, qPrintable(lines.join(u'|')));
        QVERIFY2(lines[0].contains(u"Viewers") && !lines[0].contains(u"Uptime"),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(u"Channel 2") && lines[1].contains(QLocale().toString(980)),
                 qPrintable(lines[1]));
        header->setSectionHidden(RankingModel::UptimeColumn, false);
    }
};

QTEST_MAIN(TestChartSelection)
#include "tst_chartselection.moc"
