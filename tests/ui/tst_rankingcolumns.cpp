// The ranking's columns at any width: the amounts never narrower than their
// values, the text columns sharing the rest; hidden, shown and moved from the
// header and the same at the next start; the Platform column following the
// platforms ranked until the user chooses.
#include "mainwindow.h"
#include "rankingcolumns.h"
#include "rankingmodel.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace StreamRank;

namespace {
constexpr qint64 T0 = 1'790'000'000'000;

const int AmountColumns[] = {
    RankingModel::RankColumn,     RankingModel::RankChangeColumn, RankingModel::PlatformColumn,
    RankingModel::LanguageColumn, RankingModel::ViewersColumn,    RankingModel::PeakColumn,
    RankingModel::UptimeColumn,   RankingModel::TrendColumn,      RankingModel::AnomalyColumn};
const int TextColumns[] = {RankingModel::ChannelColumn, RankingModel::TitleColumn,
                           RankingModel::CategoryColumn};

// Streams with the widest values there are: millions of viewers, a hidden
// count, days of uptime, long names and titles.
Census census(Platform platform, qint64 t, int count)
{
    Census c;
    c.platform = platform;
    c.takenAtMs = t;
    for (int i = 0; i < count; ++i) {
        StreamObservation o;
        o.streamId = QStringLiteral("%1-s%2").arg(platformCode(platform)).arg(i);
        o.channelId = QStringLiteral("c%1").arg(i);
        o.channelLogin = QStringLiteral("a_rather_long_channel_name_%1").arg(i);
        o.title = QStringLiteral("A title long enough to need more room than any window gives "
                                 "it, number %1")
                      .arg(i);
        o.categoryId = QStringLiteral("cat%1").arg(i % 3);
        o.categoryName = QStringLiteral("Category with a long name %1").arg(i % 3);
        o.language = QStringLiteral("en");
        o.startedAtMs = t - qint64(i + 1) * 37 * 3600 * 1000;
        o.viewers = i == count - 1 ? StreamObservation::UnknownViewers : 9'876'543 - 1000 * i;
        c.streams.push_back(o);
    }
    return c;
}

std::unique_ptr<MainWindow> openWindow(QSize size = QSize(900, 700))
{
    auto window = std::make_unique<MainWindow>(TestSupport::windowWithoutStorage());
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QTest::qWait(20); // the header settles
    return window;
}

RankingColumns *columnsOf(MainWindow &window)
{
    return window.findChild<RankingColumns *>(QStringLiteral("RankingColumns"));
}

QHeaderView *headerOf(MainWindow &window)
{
    return window.rankingView()->horizontalHeader();
}

// Applies a ranking and waits until the table shows it.
void showRanking(MainWindow &window, const RankingSnapshot &snapshot)
{
    window.applyRanking(snapshot);
    QTRY_COMPARE(window.rankingView()->model()->rowCount(), int(snapshot.rows.size()));
}

// What a cell showing `text` needs: the text and the delegate's margins.
int neededWidth(const QTableView *view, const QString &text)
{
    const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    return view->fontMetrics().horizontalAdvance(text) + 2 * margin;
}

// Every amount shown is whole: its column fits its header and every value
// in it, and lies inside the table without scrolling when `unscrolled`.
void verifyAmountsWhole(MainWindow &window, bool unscrolled)
{
    QTableView *view = window.rankingView();
    QHeaderView *header = headerOf(window);
    const QAbstractItemModel *model = view->model();
    QVERIFY(model->rowCount() > 0);
    for (const int c : AmountColumns) {
        if (header->isSectionHidden(c))
            continue;
        const QByteArray name = model->headerData(c, Qt::Horizontal).toString().toUtf8();
        const int size = header->sectionSize(c);
        QVERIFY2(size >= header->sectionSizeHint(c), name.constData());
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString text = model->index(row, c).data().toString();
            QVERIFY2(size >= neededWidth(view, text),
                     qPrintable(QStringLiteral("%1: \u201c%2\u201d in %3 px")
                                    .arg(QString::fromUtf8(name), text)
                                    .arg(size)));
        }
        if (unscrolled) {
            const int left = header->sectionViewportPosition(c);
            QVERIFY2(left >= 0 && left + size <= view->viewport()->width(), name.constData());
        }
    }
    if (unscrolled)
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
    // The text columns keep their minimums.
    RankingColumns *columns = columnsOf(window);
    for (const int c : TextColumns)
        if (!header->isSectionHidden(c))
            QVERIFY2(header->sectionSize(c) >= columns->minimumWidth(c),
                     qPrintable(QString::number(c)));
}

} // namespace

class TestRankingColumns : public QObject
{
    Q_OBJECT

    // Opens the header's menu and triggers the item whose text starts with
    // `item`; false when there is none or it is disabled.
    bool chooseFromHeaderMenu(MainWindow &window, const QString &item)
    {
        bool chosen = false;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            const auto actions = menu->actions();
            for (QAction *action : actions) {
                if (action->isEnabled() && action->text().startsWith(item)) {
                    action->trigger();
                    chosen = true;
                    break;
                }
            }
            menu->close();
        });
        QHeaderView *header = headerOf(window);
        Q_EMIT header->customContextMenuRequested(QPoint(5, 5));
        return chosen;
    }

    // A window closed as the user closes it (which saves the columns), then a
    // new one opened with the same settings.
    void restart(std::unique_ptr<MainWindow> &window)
    {
        const QSize size = window->size();
        QVERIFY(window->close());
        window.reset();
        window = openWindow(size);
        QVERIFY(window);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Before the first QSettings: under ~/.qttest and a name of their own.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("StreamRank-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_rankingcolumns"));
        QApplication::setQuitOnLastWindowClosed(false);
        const QString file = QSettings().fileName();
        QVERIFY2(file.contains(QStringLiteral(".qttest")), qPrintable(file));
    }

    void init()
    {
        QSettings settings;
        settings.clear();
        settings.sync();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void amountsStayWholeAt900Pixels()
    {
        auto window = openWindow(QSize(900, 700));
        QVERIFY(window);
        QTRY_COMPARE(window->width(), 900);
        Ranker ranker;
        ranker.apply(census(Platform::Demo, T0, 40));
        showRanking(*window, ranker.apply(census(Platform::Twitch, T0 + 1000, 40)));
        QVERIFY(!headerOf(*window)->isSectionHidden(RankingModel::PlatformColumn));
        verifyAmountsWhole(*window, true);
        // The title takes what the others leave: more than its minimum here.
        QVERIFY(headerOf(*window)->sectionSize(RankingModel::TitleColumn) >
                columnsOf(*window)->minimumWidth(RankingModel::TitleColumn));
    }

    void amountsStayWholeWithALargerFont()
    {
        const QFont normal = QApplication::font();
        QFont large = normal;
        large.setPointSizeF(normal.pointSizeF() * 1.5);
        QApplication::setFont(large);
        auto window = openWindow(QSize(1280, 720));
        QVERIFY(window);
        QTRY_COMPARE(window->width(), 1280);
        Ranker ranker;
        ranker.apply(census(Platform::Demo, T0, 40));
        showRanking(*window, ranker.apply(census(Platform::Twitch, T0 + 1000, 40)));
        verifyAmountsWhole(*window, true);
        const int title = headerOf(*window)->sectionSize(RankingModel::TitleColumn);
        QVERIFY2(title >= columnsOf(*window)->minimumWidth(RankingModel::TitleColumn),
                 qPrintable(QString::number(title)));
        window.reset();
        QApplication::setFont(normal);
    }

    void aFontChangeWidensTheAmounts()
    {
        auto window = openWindow(QSize(1280, 720));
        QVERIFY(window);
        Ranker ranker;
        showRanking(*window, ranker.apply(census(Platform::Demo, T0, 20)));
        const int before = headerOf(*window)->sectionSize(RankingModel::ViewersColumn);
        QFont large = window->rankingView()->font();
        large.setPointSizeF(large.pointSizeF() * 1.5);
        window->rankingView()->setFont(large);
        QVERIFY(headerOf(*window)->sectionSize(RankingModel::ViewersColumn) > before);
        verifyAmountsWhole(*window, true);
    }

    // Too narrow for even the text columns' minimums: the table scrolls,
    // and the amounts are still whole, the title at its minimum.
    void tooNarrowScrollsRatherThanCuts()
    {
        auto window = openWindow(QSize(900, 700));
        QVERIFY(window);
        Ranker ranker;
        showRanking(*window, ranker.apply(census(Platform::Demo, T0, 20)));
        QHeaderView *header = headerOf(*window);
        // Amounts widened by hand leave no room for the text.
        header->resizeSection(RankingModel::ViewersColumn, 400);
        QCOMPARE(header->sectionSize(RankingModel::ViewersColumn), 400);
        verifyAmountsWhole(*window, false);
        QCOMPARE(header->sectionSize(RankingModel::TitleColumn),
                 columnsOf(*window)->minimumWidth(RankingModel::TitleColumn));
        QTRY_VERIFY(window->rankingView()->horizontalScrollBar()->maximum() > 0);
        // ...and an amount dragged narrower than its values goes back to their width.
        header->resizeSection(RankingModel::PeakColumn, 12);
        QCOMPARE(header->sectionSize(RankingModel::PeakColumn),
                 columnsOf(*window)->minimumWidth(RankingModel::PeakColumn));
        verifyAmountsWhole(*window, false);
    }

    void hiddenAndShownFromTheMenuAndRestored()
    {
        auto window = openWindow();
        QVERIFY(window);
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Uptime")));
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Peak 24h")));
        QHeaderView *header = headerOf(*window);
        QVERIFY(header->isSectionHidden(RankingModel::UptimeColumn));
        QVERIFY(header->isSectionHidden(RankingModel::PeakColumn));

        restart(window);
        header = headerOf(*window);
        QVERIFY(header->isSectionHidden(RankingModel::UptimeColumn));
        QVERIFY(header->isSectionHidden(RankingModel::PeakColumn));
        QVERIFY(!header->isSectionHidden(RankingModel::ViewersColumn));
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Uptime")));
        QVERIFY(!header->isSectionHidden(RankingModel::UptimeColumn));
        QVERIFY(header->sectionSize(RankingModel::UptimeColumn) >=
                columnsOf(*window)->minimumWidth(RankingModel::UptimeColumn));

        restart(window);
        header = headerOf(*window);
        QVERIFY(!header->isSectionHidden(RankingModel::UptimeColumn));
        QVERIFY(header->isSectionHidden(RankingModel::PeakColumn));

        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Reset columns")));
        for (int c = 0; c < RankingModel::ColumnCount; ++c)
            QVERIFY2(!header->isSectionHidden(c), qPrintable(QString::number(c)));
    }

    void theLastShownColumnStays()
    {
        auto window = openWindow();
        QVERIFY(window);
        RankingColumns *columns = columnsOf(*window);
        for (int c = 0; c < RankingModel::ColumnCount; ++c)
            if (c != RankingModel::ChannelColumn)
                columns->setColumnShown(c, false);
        QHeaderView *header = headerOf(*window);
        QCOMPARE(header->hiddenSectionCount(), RankingModel::ColumnCount - 1);
        QVERIFY(!chooseFromHeaderMenu(*window, QStringLiteral("Channel"))); // disabled
        columns->setColumnShown(RankingModel::ChannelColumn, false);
        QVERIFY(!header->isSectionHidden(RankingModel::ChannelColumn));
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Viewers")));
        QVERIFY(!header->isSectionHidden(RankingModel::ViewersColumn));
    }

    void orderAndWidthsRestored()
    {
        auto window = openWindow(QSize(1280, 720));
        QVERIFY(window);
        QHeaderView *header = headerOf(*window);
        QVERIFY(header->sectionsMovable());
        header->moveSection(header->visualIndex(RankingModel::ViewersColumn), 0);
        header->moveSection(header->visualIndex(RankingModel::TitleColumn), 1);
        header->resizeSection(RankingModel::ChannelColumn, 210);
        header->resizeSection(RankingModel::TrendColumn, 90);
        QList<int> order;
        for (int v = 0; v < header->count(); ++v)
            order.append(header->logicalIndex(v));

        restart(window);
        header = headerOf(*window);
        QList<int> restored;
        for (int v = 0; v < header->count(); ++v)
            restored.append(header->logicalIndex(v));
        QCOMPARE(restored, order);
        QCOMPARE(header->sectionSize(RankingModel::ChannelColumn), 210);
        QCOMPARE(header->sectionSize(RankingModel::TrendColumn), 90);
        QCOMPARE(header->sectionResizeMode(RankingModel::TitleColumn), QHeaderView::Stretch);

        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Reset columns")));
        for (int c = 0; c < RankingModel::ColumnCount; ++c)
            QCOMPARE(header->visualIndex(c), c);
        QCOMPARE(header->sectionSize(RankingModel::TrendColumn),
                 columnsOf(*window)->minimumWidth(RankingModel::TrendColumn));
    }

    void platformColumnFollowsThePlatformsRanked()
    {
        auto window = openWindow();
        QVERIFY(window);
        QHeaderView *header = headerOf(*window);
        RankingColumns *columns = columnsOf(*window);
        QCOMPARE(columns->platformChoice(), RankingColumns::PlatformChoice::Automatic);
        // Nothing ranked yet, at a first start: shown.
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));

        Ranker ranker;
        showRanking(*window, ranker.apply(census(Platform::Demo, T0, 10)));
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
        verifyAmountsWhole(*window, true);
        showRanking(*window, ranker.apply(census(Platform::Twitch, T0 + 1000, 10)));
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));
        verifyAmountsWhole(*window, true);

        // The next start keeps what this one ended with until its first census.
        showRanking(*window, Ranker().apply(census(Platform::Demo, T0 + 2000, 10)));
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
        restart(window);
        header = headerOf(*window);
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
        Ranker again;
        again.apply(census(Platform::Demo, T0 + 3000, 10));
        showRanking(*window, again.apply(census(Platform::Twitch, T0 + 4000, 10)));
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));
    }

    void theUsersChoiceOfThePlatformColumnWins()
    {
        auto window = openWindow();
        QVERIFY(window);
        Ranker ranker;
        ranker.apply(census(Platform::Demo, T0, 10));
        showRanking(*window, ranker.apply(census(Platform::Twitch, T0 + 1000, 10)));
        QHeaderView *header = headerOf(*window);
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));

        // Hidden by the user with two platforms: it stays hidden, also after a restart.
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Platform (automatic)")));
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
        QCOMPARE(columnsOf(*window)->platformChoice(), RankingColumns::PlatformChoice::Hidden);
        showRanking(*window, ranker.apply(census(Platform::Demo, T0 + 2000, 11)));
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
        restart(window);
        header = headerOf(*window);
        QCOMPARE(columnsOf(*window)->platformChoice(), RankingColumns::PlatformChoice::Hidden);
        showRanking(*window, ranker.apply(census(Platform::Twitch, T0 + 3000, 12)));
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));

        // Shown by the user with one platform: it stays shown.
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Platform")));
        QCOMPARE(columnsOf(*window)->platformChoice(), RankingColumns::PlatformChoice::Shown);
        showRanking(*window, Ranker().apply(census(Platform::Demo, T0 + 4000, 10)));
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));
        restart(window);
        header = headerOf(*window);
        showRanking(*window, Ranker().apply(census(Platform::Demo, T0 + 5000, 10)));
        QVERIFY(!header->isSectionHidden(RankingModel::PlatformColumn));

        // Reset columns: automatic again, so hidden with one platform.
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Reset columns")));
        QCOMPARE(columnsOf(*window)->platformChoice(), RankingColumns::PlatformChoice::Automatic);
        QVERIFY(header->isSectionHidden(RankingModel::PlatformColumn));
    }

    // A saved state of other columns, a damaged one or one without its
    // checksum is not restored: the defaults, and no crash.
    void unusableSavedStatesAreIgnored_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("columns") << QStringLiteral("columns");
        QTest::newRow("checksum") << QStringLiteral("checksum");
        QTest::newRow("bytes") << QStringLiteral("bytes");
    }

    void unusableSavedStatesAreIgnored()
    {
        QFETCH(QString, damage);
        auto window = openWindow();
        QVERIFY(window);
        QList<int> defaults;
        for (int c = 0; c < RankingModel::ColumnCount; ++c)
            defaults.append(headerOf(*window)->sectionSize(c));
        QVERIFY(chooseFromHeaderMenu(*window, QStringLiteral("Uptime")));
        QVERIFY(window->close());
        {
            QSettings settings;
            const QString key = QStringLiteral("rankingColumns/v1/header");
            if (damage == QLatin1String("columns"))
                settings.setValue(QStringLiteral("rankingColumns/v1/columns"), 11);
            else if (damage == QLatin1String("checksum"))
                settings.remove(key + QStringLiteral("Checksum"));
            else
                settings.setValue(key, settings.value(key).toByteArray().left(40));
        }
        window = openWindow();
        QVERIFY(window);
        QHeaderView *header = headerOf(*window);
        QList<int> sizes;
        for (int c = 0; c < RankingModel::ColumnCount; ++c) {
            QVERIFY(!header->isSectionHidden(c));
            sizes.append(header->sectionSize(c));
        }
        QCOMPARE(sizes, defaults);
    }

    // What MainWindow saved before the columns had a version of their own is
    // taken over once, then removed.
    void theUnversionedHeaderIsTakenOverOnce()
    {
        QByteArray legacy;
        {
            auto window = openWindow();
            QVERIFY(window);
            QHeaderView *header = headerOf(*window);
            header->moveSection(header->visualIndex(RankingModel::PeakColumn), 0);
            header->setSectionHidden(RankingModel::LanguageColumn, true);
            legacy = header->saveState();
        }
        {
            QSettings settings;
            settings.clear();
            settings.setValue(QStringLiteral("window/rankingHeader"), legacy);
            settings.setValue(QStringLiteral("window/rankingHeaderChecksum"),
                              uint(qChecksum(legacy)));
        }
        auto window = openWindow();
        QVERIFY(window);
        QHeaderView *header = headerOf(*window);
        QCOMPARE(header->visualIndex(RankingModel::PeakColumn), 0);
        QVERIFY(header->isSectionHidden(RankingModel::LanguageColumn));
        QVERIFY(!QSettings().contains(QStringLiteral("window/rankingHeader")));
    }
};

QTEST_MAIN(TestRankingColumns)
#include "tst_rankingcolumns.moc"
