// The status bar's YouTube quota on the offscreen platform: nothing until
// YouTube reports, units used and the reset time, a spent quota in the
// theme's warning colour (said once, not again on the collectors' line).
// The accounts page: tst_youtubeaccountpage.cpp; its controller:
// tst_youtubeaccounts.cpp.
#include "mainwindow.h"
#include "theme.h"
#include "youtubeaccountstestsupport.h"
#include "youtubequota.h"

#include <QLabel>
#include <QSettings>
#include <QTest>
#include <QTextDocument>

using namespace StreamRank;
using namespace StreamRank::YouTubeAccountsTest;

class TestYouTubeStatusBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useTestEnvironment(QStringLiteral("tst_youtubestatusbar")); }

    void init() { QSettings().clear(); }

    void statusBarShowsTheQuota()
    {
        MainWindowOptions options;
        options.demo = false;
        options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
            return ChartSeries();
        };
        options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
        options.theme = Theme::Dark;
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *label = child<QLabel>(window, "YouTubeQuotaLabel");
        QVERIFY(label);
        QVERIFY(!label->isVisible()); // nothing until YouTube reports

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        YouTubeQuotaStatus q;
        q.atMs = now;
        q.dayStartMs = YouTube::pacificDayStartMs(now);
        q.resetAtMs = YouTube::nextPacificMidnightMs(now);
        q.unitsUsed = 1234;
        q.dailyUnits = 10000;
        q.searchesUsed = 37;
        q.dailySearches = 100;
        q.trackedVideos = 120;
        q.pollIntervalMs = 120000;
        window.showYouTubeQuota(q);
        const QString reset = localTimeText(q.resetAtMs, QStringLiteral("HH:mm"));
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(),
                 QStringLiteral("YouTube quota 1,234/10,000 · resets %1").arg(reset));
        QVERIFY(label->toolTip().startsWith(q.summary()));
        QVERIFY(label->styleSheet().isEmpty());

        q.exhausted = true;
        window.showYouTubeQuota(q);
        QCOMPARE(label->text(),
                 QStringLiteral("YouTube quota used up · paused until %1").arg(reset));
        const QString warning = toneColor(TextTone::Warning, window.palette()).name();
        QVERIFY2(label->styleSheet().contains(warning), qPrintable(label->styleSheet()));
        // The collectors' line: with two platforms only a problem keeps its
        // details, and a spent quota is said once, by the quota beside it.
        auto *state = child<QLabel>(window, "StateLabel");
        const QString spent =
            QStringLiteral("today's YouTube quota is used up; collection resumes at %1").arg(reset);
        window.showCollectorState(Platform::Demo, CollectorState::Waiting,
                                  QStringLiteral("next census at 12:06"));
        window.showCollectorState(Platform::YouTube, CollectorState::Stale, spent);
        QTextDocument doc;
        doc.setHtml(state->text());
        QCOMPARE(doc.toPlainText(), QStringLiteral("Demo: waiting  ·  YouTube: stale"));
        QVERIFY(state->toolTip().contains(QStringLiteral("YouTube: stale — ") + spent));
        QVERIFY(state->toolTip().contains(QStringLiteral("Demo: waiting — next census at 12:06")));
        // The light theme's warning colour once the theme changes.
        window.setTheme(Theme::Light);
        QTRY_VERIFY(!isDark(window.palette()));
        const QString lightWarning = toneColor(TextTone::Warning, window.palette()).name();
        QVERIFY(lightWarning != warning);
        QTRY_VERIFY2(label->styleSheet().contains(lightWarning), qPrintable(label->styleSheet()));

        window.clearYouTubeQuota();
        QVERIFY(!label->isVisible());
        doc.setHtml(state->text());
        QVERIFY2(doc.toPlainText().endsWith(QStringLiteral("YouTube: stale — ") + spent),
                 qPrintable(doc.toPlainText()));
    }
};

QTEST_MAIN(TestYouTubeStatusBar)
#include "tst_youtubestatusbar.moc"
