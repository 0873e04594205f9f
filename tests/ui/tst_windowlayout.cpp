// The main window's layout survives a restart: what closeEvent() saves in
// QSettings (geometry, the dock, the ranking's columns and sort, the
// selected tab) is what the next MainWindow shows, and a corrupt saved value
// falls back to the default layout instead of crashing.
#include "mainwindow.h"
#include "rankingmodel.h"
#include "windowtestsupport.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace StreamRank;

namespace {
constexpr qint64 T0 = 1'790'000'000'000;

const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString HeaderKey = QStringLiteral("rankingColumns/v1/header"); // RankingColumns' own
const QString TabKey = QStringLiteral("window/tab");
const QString ChecksumSuffix = QStringLiteral("Checksum");
const int HiddenColumns[] = {RankingModel::PlatformColumn, RankingModel::CategoryColumn,
                             RankingModel::LanguageColumn, RankingModel::UptimeColumn,
                             RankingModel::TrendColumn,    RankingModel::AnomalyColumn};

// A window as the app opens it: constructed (which restores the layout), then shown.
std::unique_ptr<MainWindow> openWindow()
{
    auto window = std::make_unique<MainWindow>(TestSupport::windowWithoutStorage());
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QTest::qWait(20); // let the dock and the header settle
    return window;
}

QDockWidget *chartDock(MainWindow &window)
{
    return window.findChild<QDockWidget *>(QStringLiteral("ChartDock"));
}

QSpinBox *topNBox(MainWindow &window)
{
    return window.findChild<QSpinBox *>();
}

Census census(qint64 t, int count)
{
    Census c;
    c.platform = Platform::Demo;
    c.takenAtMs = t;
    for (int i = 0; i < count; ++i) {
        StreamObservation o;
        o.streamId = QStringLiteral("s%1").arg(i);
        o.channelLogin = QStringLiteral("chan%1").arg(i);
        o.title = QStringLiteral("Stream %1").arg(i);
        o.startedAtMs = t - 3600 * 1000;
        o.viewers = 1000 - 10 * i;
        c.streams.push_back(o);
    }
    return c;
}

// Everything a user sees of the layout, to compare a window with the defaults.
struct Layout
{
    QSize size;
    Qt::DockWidgetArea dockArea = Qt::NoDockWidgetArea;
    bool dockVisible = false;
    bool dockFloating = false;
    QList<int> sectionSizes;
    int sortSection = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    int tab = -1;
    int topN = -1;
};

Layout layoutOf(MainWindow &window)
{
    Layout l;
    l.size = window.size();
    QDockWidget *dock = chartDock(window);
    l.dockArea = window.dockWidgetArea(dock);
    l.dockVisible = dock->isVisible();
    l.dockFloating = dock->isFloating();
    QHeaderView *header = window.rankingView()->horizontalHeader();
    for (int s = 0; s < header->count(); ++s)
        l.sectionSizes.append(header->sectionSize(s));
    l.sortSection = header->sortIndicatorSection();
    l.sortOrder = header->sortIndicatorOrder();
    l.tab = window.tabs()->currentIndex();
    l.topN = topNBox(window)->value();
    return l;
}

void compareLayouts(const Layout &actual, const Layout &expected)
{
    QCOMPARE(actual.size, expected.size);
    QCOMPARE(actual.dockArea, expected.dockArea);
    QCOMPARE(actual.dockVisible, expected.dockVisible);
    QCOMPARE(actual.dockFloating, expected.dockFloating);
    QCOMPARE(actual.sectionSizes, expected.sectionSizes);
    QCOMPARE(actual.sortSection, expected.sortSection);
    QCOMPARE(actual.sortOrder, expected.sortOrder);
    QCOMPARE(actual.tab, expected.tab);
    QCOMPARE(actual.topN, expected.topN);
}
} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Before the first QSettings: the settings go to ~/.qttest/config, and
        // under a name of their own, never into the user's StreamRank.conf.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("StreamRank-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowlayout"));
        QApplication::setQuitOnLastWindowClosed(false);
        const QString file = QSettings().fileName();
        QVERIFY2(file.contains(QStringLiteral(".qttest")), qPrintable(file));

        // The default layout, as a first start shows it.
        QSettings().clear();
        auto window = openWindow();
        QVERIFY(window);
        m_defaults = layoutOf(*window);
        QCOMPARE(m_defaults.dockArea, Qt::BottomDockWidgetArea);
        QVERIFY(m_defaults.dockVisible);
        QVERIFY(!m_defaults.dockFloating);
        QCOMPARE(m_defaults.sortSection, int(RankingModel::RankColumn));
        QCOMPARE(m_defaults.tab, 0);
        QCOMPARE(m_defaults.topN, 500);
    }

    void init()
    {
        QSettings settings;
        settings.clear();
        settings.sync();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void firstStartWritesNothingUntilClosed()
    {
        auto window = openWindow();
        QVERIFY(window);
        QVERIFY(!QSettings().contains(GeometryKey));
        window->close();
        QSettings settings;
        QVERIFY(!settings.value(GeometryKey).toByteArray().isEmpty());
        QVERIFY(!settings.value(StateKey).toByteArray().isEmpty());
        QVERIFY(!settings.value(HeaderKey).toByteArray().isEmpty());
        for (const QString &key : {GeometryKey, StateKey, HeaderKey})
            QCOMPARE(settings.value(key + ChecksumSuffix).toUInt(),
                     uint(qChecksum(settings.value(key).toByteArray())));
        QCOMPARE(settings.value(TabKey).toInt(), 0);
    }

    void restoresGeometryDockColumnsSortAndTab()
    {
        QRect geometry;
        int dockHeight = 0;
        QList<int> sectionSizes;
        {
            auto window = openWindow();
            QVERIFY(window);
            // The offscreen screen is 800×600: keep the window (above its
            // minimum width) inside it and its title bar off the top edge, or
            // restoreGeometry rightly moves it back onto the screen.
            window->resize(760, 520);
            window->move(40, 60);
            QTRY_COMPARE(window->size(), QSize(760, 520));

            QDockWidget *dock = chartDock(*window);
            window->addDockWidget(Qt::TopDockWidgetArea, dock);
            window->resizeDocks({dock}, {240}, Qt::Vertical);
            QTRY_COMPARE(window->dockWidgetArea(dock), Qt::TopDockWidgetArea);
            QTest::qWait(20);
            dockHeight = dock->height();
            QVERIFY(dockHeight >= 230);

            QHeaderView *header = window->rankingView()->horizontalHeader();
            // Room in this narrow window for the channel's width: fewer columns.
            for (const int c : HiddenColumns)
                header->setSectionHidden(c, true);
            header->resizeSection(RankingModel::ChannelColumn, 173);
            header->resizeSection(RankingModel::ViewersColumn, 131);
            // Narrower than its values: back to their width (RankingColumns).
            header->resizeSection(RankingModel::RankChangeColumn, 29);
            QVERIFY(header->sectionSize(RankingModel::RankChangeColumn) > 29);
            QCOMPARE(header->sectionSize(RankingModel::ChannelColumn), 173);
            window->rankingView()->sortByColumn(RankingModel::ViewersColumn, Qt::AscendingOrder);

            window->tabs()->setCurrentIndex(1);
            topNBox(*window)->setValue(120);

            geometry = window->geometry();
            for (int s = 0; s < header->count(); ++s)
                sectionSizes.append(header->sectionSize(s));
            QVERIFY(window->close());
        }

        auto window = openWindow();
        QVERIFY(window);
        QCOMPARE(window->geometry(), geometry);

        QDockWidget *dock = chartDock(*window);
        QCOMPARE(window->dockWidgetArea(dock), Qt::TopDockWidgetArea);
        QVERIFY(dock->isVisible());
        QVERIFY(!dock->isFloating());
        QCOMPARE(dock->height(), dockHeight);

        QHeaderView *header = window->rankingView()->horizontalHeader();
        QCOMPARE(header->sectionSize(RankingModel::ChannelColumn), 173);
        QCOMPARE(header->sectionSize(RankingModel::ViewersColumn), 131);
        for (const int c : HiddenColumns)
            QVERIFY2(header->isSectionHidden(c), qPrintable(QString::number(c)));
        // The title column stretches into what the others leave, so compare all of them.
        QList<int> restoredSizes;
        for (int s = 0; s < header->count(); ++s)
            restoredSizes.append(header->sectionSize(s));
        QCOMPARE(restoredSizes, sectionSizes);
        QCOMPARE(header->sectionResizeMode(RankingModel::TitleColumn), QHeaderView::Stretch);

        // The sort is restored, not only its indicator: the proxy sorts by viewers.
        QCOMPARE(header->sortIndicatorSection(), int(RankingModel::ViewersColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(window->rankingView()->model());
        QVERIFY(proxy);
        QCOMPARE(proxy->sortColumn(), int(RankingModel::ViewersColumn));
        QCOMPARE(proxy->sortOrder(), Qt::AscendingOrder);
        Ranker ranker;
        window->applyRanking(ranker.apply(census(T0, 5)));
        QTRY_COMPARE(proxy->rowCount(), 5);
        QCOMPARE(proxy->index(0, RankingModel::ChannelColumn).data().toString(),
                 QStringLiteral("chan4")); // the fewest viewers first
        QCOMPARE(proxy->index(4, RankingModel::ChannelColumn).data().toString(),
                 QStringLiteral("chan0"));

        QCOMPARE(window->tabs()->currentIndex(), 1);
        QCOMPARE(topNBox(*window)->value(), 120);
    }

    void restoresHiddenDock()
    {
        {
            auto window = openWindow();
            QVERIFY(window);
            QDockWidget *dock = chartDock(*window);
            dock->toggleViewAction()->trigger(); // View → Viewers over time
            QVERIFY(!dock->isVisible());
            QVERIFY(window->close());
        }
        auto window = openWindow();
        QVERIFY(window);
        QDockWidget *dock = chartDock(*window);
        QVERIFY(!dock->isVisible());
        QVERIFY(!dock->toggleViewAction()->isChecked());
        QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);

        // ...and shown again the next time once the user shows it.
        dock->toggleViewAction()->trigger();
        QVERIFY(dock->isVisible());
        QVERIFY(window->close());
        window = openWindow();
        QVERIFY(window);
        QVERIFY(chartDock(*window)->isVisible());
    }

    void restoresFloatingDock()
    {
        QSize floatingSize;
        {
            auto window = openWindow();
            QVERIFY(window);
            QDockWidget *dock = chartDock(*window);
            dock->setFloating(true);
            QVERIFY(QTest::qWaitForWindowExposed(dock));
            // Narrow: the chart's bar (range, resolution, Live, Compare, Reset, Export) still fits.
            dock->resize(480, 290);
            dock->move(60, 70);
            QTRY_COMPARE(dock->size(), QSize(480, 290));
            floatingSize = dock->size();
            QVERIFY(window->close());
        }
        auto window = openWindow();
        QVERIFY(window);
        QDockWidget *dock = chartDock(*window);
        QVERIFY(dock->isFloating());
        QTRY_VERIFY(dock->isVisible());
        QCOMPARE(dock->size(), floatingSize);
        QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);
    }

    void resetLayoutRestoresDefaultDock()
    {
        auto window = openWindow();
        QVERIFY(window);
        QDockWidget *dock = chartDock(*window);
        window->addDockWidget(Qt::LeftDockWidgetArea, dock);
        dock->hide();
        QAction *reset = nullptr;
        const auto actions = window->findChildren<QAction *>();
        for (QAction *a : actions)
            if (a->text() == QStringLiteral("&Reset layout"))
                reset = a;
        QVERIFY(reset);
        reset->trigger();
        QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);
        QVERIFY(dock->isVisible());
    }

    void corruptValuesFallBackToDefaults_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");

        const QByteArray garbage = QByteArrayLiteral("\x01\xd9\xd0\xcb\x00\x03\xff\xff garbage");
        QByteArray noise(512, Qt::Uninitialized);
        QRandomGenerator rng(20240611);
        for (char &c : noise)
            c = char(rng.bounded(256));
        for (const QString &key : {GeometryKey, StateKey, HeaderKey}) {
            const QByteArray k = key.toUtf8();
            QTest::addRow("%s: garbage", k.constData()) << key << QVariant(garbage);
            QTest::addRow("%s: noise", k.constData()) << key << QVariant(noise);
            QTest::addRow("%s: one byte", k.constData()) << key << QVariant(QByteArray("\xff"));
            QTest::addRow("%s: text", k.constData())
                << key << QVariant(QStringLiteral("not a layout"));
            QTest::addRow("%s: number", k.constData()) << key << QVariant(42);
            QTest::addRow("%s: list", k.constData())
                << key << QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")});
        }
        QTest::addRow("window/tab: past the end") << TabKey << QVariant(7);
        QTest::addRow("window/tab: negative") << TabKey << QVariant(-3);
        QTest::addRow("window/tab: text") << TabKey << QVariant(QStringLiteral("alerts"));
        QTest::addRow("window/tab: bytes") << TabKey << QVariant(noise);
    }

    void corruptValuesFallBackToDefaults()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QSettings().setValue(key, value);
        auto window = openWindow();
        QVERIFY(window);
        compareLayouts(layoutOf(*window), m_defaults);
        // Closing replaces the corrupt value with a good one.
        QVERIFY(window->close());
        const QByteArray saved = QSettings().value(key).toByteArray();
        QVERIFY(!saved.isEmpty());
        QVERIFY(saved != value.toByteArray());
    }

    // A real saved state cut short or with one byte overwritten (a disk error,
    // an interrupted write, a hand edit): no crash, and the default layout, not
    // a half-applied one. Without the checksums, Qt 6.4 crashed on 0xff written
    // over byte 16 of the window state (a dock area count) and of the header
    // state (the sort indicator section), at every start.
    void damagedSavedStatesDoNotCrash_data()
    {
        QTest::addColumn<QString>("key");
        for (const QString &key : {GeometryKey, StateKey, HeaderKey})
            QTest::addRow("%s", key.toUtf8().constData()) << key;
    }

    void damagedSavedStatesDoNotCrash()
    {
        QFETCH(QString, key);
        {
            auto window = openWindow();
            QVERIFY(window);
            window->resize(700, 500);
            window->addDockWidget(Qt::RightDockWidgetArea, chartDock(*window));
            window->rankingView()->horizontalHeader()->resizeSection(RankingModel::ChannelColumn,
                                                                     150);
            QVERIFY(window->close());
        }
        const QByteArray good = QSettings().value(key).toByteArray();
        const QVariant goodChecksum = QSettings().value(key + ChecksumSuffix);
        QVERIFY(good.size() > 8);
        QVERIFY(goodChecksum.isValid());

        QList<QByteArray> damaged;
        for (int n : {1, 4, 8, int(good.size()) / 2, int(good.size()) - 1})
            damaged.append(good.left(n));
        // Overwrite every 4th byte with 0xff: counts and sizes become huge or negative.
        for (int i = 0; i < good.size(); i += 4) {
            if (uchar(good[i]) == 0xff)
                continue;
            QByteArray d = good;
            d[i] = char(0xff);
            damaged.append(d);
        }
        for (const QByteArray &d : damaged) {
            {
                QSettings settings;
                settings.clear();
                settings.setValue(key, d);
                settings.setValue(key + ChecksumSuffix, goodChecksum); // of the undamaged state
            }
            auto window = openWindow();
            QVERIFY(window);
            compareLayouts(layoutOf(*window), m_defaults);
            if (QTest::currentTestFailed())
                qWarning() << "damaged" << key << "value:" << d.toHex();
            QVERIFY(!QTest::currentTestFailed());
        }
    }

    // What a version before the checksums saved is ignored once: the default
    // layout, and the next close saves a checked one.
    void stateWithoutChecksumIsIgnored()
    {
        {
            auto window = openWindow();
            QVERIFY(window);
            window->addDockWidget(Qt::RightDockWidgetArea, chartDock(*window));
            window->rankingView()->horizontalHeader()->resizeSection(RankingModel::ChannelColumn,
                                                                     150);
            QVERIFY(window->close());
        }
        {
            QSettings settings;
            for (const QString &key : {GeometryKey, StateKey, HeaderKey})
                settings.remove(key + ChecksumSuffix);
        }
        auto window = openWindow();
        QVERIFY(window);
        compareLayouts(layoutOf(*window), m_defaults);
        QVERIFY(window->close());
        QVERIFY(QSettings().contains(StateKey + ChecksumSuffix));
    }

    // A header saved by a version with fewer columns must not hide or squash
    // the columns it does not know.
    void headerFromOtherColumnCountIsIgnored()
    {
        QStandardItemModel oldModel(0, 5);
        QHeaderView oldHeader(Qt::Horizontal);
        oldHeader.setModel(&oldModel);
        for (int s = 0; s < 5; ++s)
            oldHeader.resizeSection(s, 40 + s);
        QSettings().setValue(HeaderKey, oldHeader.saveState());

        auto window = openWindow();
        QVERIFY(window);
        QHeaderView *header = window->rankingView()->horizontalHeader();
        QCOMPARE(header->count(), int(RankingModel::ColumnCount));
        for (int s = 0; s < header->count(); ++s) {
            QVERIFY2(!header->isSectionHidden(s), qPrintable(QString::number(s)));
            QVERIFY2(header->sectionSize(s) > 10, qPrintable(QString::number(s)));
        }
        QCOMPARE(layoutOf(*window).sectionSizes, m_defaults.sectionSizes);
    }

private:
    Layout m_defaults;
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
