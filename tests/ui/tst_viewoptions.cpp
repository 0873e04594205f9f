// View → Show times in UTC and View → Theme: every time the window shows
// names one zone (the system's, or UTC when chosen), the palette follows the
// theme in every widget, and both choices survive a restart of the window.
#include "alertsmodel.h"
#include "alertsview.h"
#include "clock.h"
#include "mainwindow.h"
#include "theme.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <QTimeZone>

#include <memory>

using namespace StreamRank;

namespace {

// 2026-01-15 12:00 UTC: 13:00 in Berlin, whose winter zone is CET.
constexpr qint64 T = 1'768'478'400'000;
const QString BerlinText = QStringLiteral("2026-01-15 13:00 CET");
const QString UtcText = QStringLiteral("2026-01-15 12:00 UTC");

std::unique_ptr<MainWindow> openWindow(std::optional<Theme> theme = std::nullopt)
{
    MainWindowOptions options = TestSupport::windowWithoutStorage();
    options.theme = theme;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

QAction *action(MainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QString::fromLatin1(name));
}

QLabel *censusLabel(MainWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("CensusLabel"));
}

void showCensusAt(MainWindow &window, qint64 ms)
{
    RankingSnapshot snapshot;
    snapshot.takenAtMs = ms;
    window.applyRanking(snapshot); // shown on the next turn of the event loop
}

// As a new process starts: the system's zone and the start-up palette.
void forgetProcessState()
{
    setDisplayTimeZone(QTimeZone::systemTimeZone());
    applyTheme(Theme::System);
}

} // namespace

class TestViewOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QTimeZone::systemTimeZone().id() == QByteArray("Europe/Berlin"));
        m_startStyle = QApplication::style()->name();
        m_startPalette = QApplication::palette();
    }
    void init()
    {
        QSettings().clear();
        forgetProcessState();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void timesInUtcNameUtcInTheStatusBarAndTheAlerts()
    {
        auto window = openWindow();
        QVERIFY(window);
        // The (empty) stored events load on the pool first; live ones are added after.
        QTRY_COMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        QTest::qWait(20);
        AlertsModel *alerts = window->alertsView()->model();
        alerts->setFilter({});
        AnomalyEvent event;
        event.id = 1;
        event.streamId = QStringLiteral("s1");
        event.channelLogin = QStringLiteral("chan");
        event.timeMs = T;
        window->addAnomalyEvents({event});
        QCOMPARE(alerts->rowCount(), 1);
        const QModelIndex time = alerts->index(0, AlertsModel::TimeColumn);

        // By default: the system's zone, named.
        QAction *utc = action(*window, "TimesInUtcAction");
        QVERIFY(utc && utc->isCheckable() && !utc->isChecked());
        showCensusAt(*window, T);
        QTRY_COMPARE(censusLabel(*window)->text(), QStringLiteral("Last census ") + BerlinText);
        QCOMPARE(time.data().toString(), BerlinText);

        QSignalSpy changed(alerts, &QAbstractItemModel::dataChanged);
        QSignalSpy zoneChanged(window.get(), &MainWindow::displayTimeZoneChanged);
        utc->trigger();
        QVERIFY(window->timesInUtc());
        QCOMPARE(displayTimeZone(), QTimeZone::utc());
        QCOMPARE(censusLabel(*window)->text(), QStringLiteral("Last census ") + UtcText);
        QCOMPARE(time.data().toString(), UtcText);
        // The view is told, sorting (epoch ms) is not: the incident rows
        // (the time, and the summary's peak time), then the alerts' time
        // column under each incident.
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(AlertsModel::TimeColumn));
        QVERIFY(!changed.at(0).at(0).value<QModelIndex>().parent().isValid());
        QVERIFY(!changed.at(0).at(2).value<QList<int>>().contains(AlertsModel::SortRole));
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().parent(), alerts->index(0, 0));
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().column(), int(AlertsModel::TimeColumn));
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().column(), int(AlertsModel::TimeColumn));
        QCOMPARE(zoneChanged.size(), 1);
        QCOMPARE(localTimeText(T, QStringLiteral("HH:mm")), QStringLiteral("12:00 UTC"));

        // Back: the system's zone and its name again.
        utc->trigger();
        QVERIFY(!window->timesInUtc());
        QCOMPARE(censusLabel(*window)->text(), QStringLiteral("Last census ") + BerlinText);
        QCOMPARE(time.data().toString(), BerlinText);
        QCOMPARE(timeZoneName(displayTimeZone(), T), QStringLiteral("CET"));
        QCOMPARE(changed.size(), 4);
    }

    void timesInUtcSurviveARestart()
    {
        {
            auto window = openWindow();
            QVERIFY(window);
            action(*window, "TimesInUtcAction")->trigger();
            window->close();
        }
        forgetProcessState();
        QCOMPARE(timeZoneName(displayTimeZone(), T), QStringLiteral("CET"));

        auto window = openWindow();
        QVERIFY(window);
        QVERIFY(action(*window, "TimesInUtcAction")->isChecked());
        QVERIFY(window->timesInUtc());
        showCensusAt(*window, T);
        QTRY_COMPARE(censusLabel(*window)->text(), QStringLiteral("Last census ") + UtcText);

        // Unchecked is saved as well.
        action(*window, "TimesInUtcAction")->trigger();
        window.reset();
        forgetProcessState();
        window = openWindow();
        QVERIFY(!action(*window, "TimesInUtcAction")->isChecked());
        showCensusAt(*window, T);
        QTRY_COMPARE(censusLabel(*window)->text(), QStringLiteral("Last census ") + BerlinText);
    }

    void darkThemeReachesEveryWidgetAndSystemRestoresTheStart()
    {
        auto window = openWindow();
        QVERIFY(window);
        QAction *dark = action(*window, "ThemeDarkAction");
        QAction *system = action(*window, "ThemeSystemAction");
        QVERIFY(dark && system && action(*window, "ThemeLightAction"));
        QVERIFY(system->isChecked() && !dark->isChecked());
        QTableView *ranking = window->rankingView();
        QCOMPARE(ranking->palette().color(QPalette::Base), m_startPalette.color(QPalette::Base));
        // A stale platform is said in red, one readable on the window's colour.
        window->showCollectorState(Platform::Twitch, CollectorState::Stale, QStringLiteral("x"));
        auto *state = window->findChild<QLabel *>(QStringLiteral("StateLabel"));
        const QString lightRed = toneColor(TextTone::Error, lightPalette()).name();
        const QString darkRed = toneColor(TextTone::Error, darkPalette()).name();
        QVERIFY(lightRed != darkRed);
        QVERIFY2(state->text().contains(lightRed), qPrintable(state->text()));

        dark->trigger();
        QVERIFY(dark->isChecked() && !system->isChecked());
        QCOMPARE(currentTheme(), Theme::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 200);
        // Widgets follow (a PaletteChange each, from the event loop): the
        // table, the window, the labels.
        QTRY_COMPARE(ranking->palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
        QVERIFY(ranking->palette().color(QPalette::Base).lightness() < 80);
        QTRY_VERIFY(isDark(window->palette()));
        QTRY_VERIFY2(state->text().contains(darkRed), qPrintable(state->text()));
        // The disabled group is a palette of its own, not the active one's.
        QVERIFY(QApplication::palette().color(QPalette::Disabled, QPalette::Text) !=
                QApplication::palette().color(QPalette::Active, QPalette::Text));

        system->trigger();
        QCOMPARE(currentTheme(), Theme::System);
        QCOMPARE(QApplication::style()->name(), m_startStyle);
        QCOMPARE(QApplication::palette(), m_startPalette);
        QTRY_COMPARE(ranking->palette().color(QPalette::Base),
                     m_startPalette.color(QPalette::Base));
        QTRY_COMPARE(window->palette().color(QPalette::Window),
                     m_startPalette.color(QPalette::Window));
        QTRY_VERIFY2(state->text().contains(lightRed), qPrintable(state->text()));
    }

    void themeSurvivesARestartAndTheCommandLineOverridesIt()
    {
        {
            auto window = openWindow();
            QVERIFY(window);
            action(*window, "ThemeDarkAction")->trigger();
        }
        forgetProcessState();
        QVERIFY(!isDark(QApplication::palette()));
        QCOMPARE(savedTheme(), Theme::Dark);

        auto window = openWindow();
        QVERIFY(window);
        QVERIFY(action(*window, "ThemeDarkAction")->isChecked());
        QVERIFY(isDark(QApplication::palette()));
        QVERIFY(isDark(window->rankingView()->palette()));
        window.reset();

        // --theme light: this run only; the saved choice stays.
        forgetProcessState();
        window = openWindow(Theme::Light);
        QVERIFY(window);
        QVERIFY(action(*window, "ThemeLightAction")->isChecked());
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 lightPalette().color(QPalette::Window));
        QCOMPARE(savedTheme(), Theme::Dark);
    }

private:
    QString m_startStyle;
    QPalette m_startPalette;
};

int main(int argc, char *argv[])
{
    // A zone that is not UTC, so "the system's zone" and UTC differ.
    qputenv("TZ", "Europe/Berlin");
    QApplication app(argc, argv);
    TestViewOptions test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_viewoptions.moc"
