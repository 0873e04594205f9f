// The main window when a collector goes stale: the status bar names the
// platform, its state and why, next to the other platforms' states, and the
// ranking greys that platform's rows with the reason as tooltip.
#include "mainwindow.h"
#include "rankingmodel.h"

#include <QColor>
#include <QComboBox>
#include <QLabel>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextDocument>

using namespace StreamRank;

namespace {

// The status label shows rich text (a stale platform in red): its words.
QString plainText(const QLabel *label)
{
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText();
}

constexpr qint64 T0 = 1'790'000'000'000;

Census census(Platform p, qint64 t, int firstId, int count)
{
    Census c;
    c.platform = p;
    c.takenAtMs = t;
    for (int i = 0; i < count; ++i) {
        StreamObservation o;
        o.streamId = QStringLiteral("s%1").arg(firstId + i);
        o.channelLogin = QStringLiteral("chan%1").arg(firstId + i);
        o.title = QStringLiteral("Stream %1").arg(firstId + i);
        o.startedAtMs = t - 3600 * 1000;
        o.viewers = 1000 - 10 * i;
        c.streams.push_back(o);
    }
    return c;
}
} // namespace

class TestCollectorState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void staleTwitchIsShownInStatusBarAndRanking()
    {
        MainWindowOptions options;
        options.demo = false;
        options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
            return ChartSeries();
        };
        options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        Ranker ranker;
        ranker.apply(census(Platform::Twitch, T0, 100, 3));
        window.applyRanking(ranker.apply(census(Platform::Demo, T0 + 1000, 1, 3)));
        QTRY_COMPARE(window.rankingView()->model()->rowCount(), 6);

        auto *state = window.findChild<QLabel *>(QStringLiteral("StateLabel"));
        window.showCollectorState(Platform::Demo, CollectorState::Waiting,
                                  QStringLiteral("next census at 12:06:00"));
        const QString why = QStringLiteral("paused after repeated failures; retrying at 12:04:10");
        window.showCollectorState(Platform::Twitch, CollectorState::Stale, why);
        QVERIFY2(plainText(state).contains(QStringLiteral("Twitch: stale — ") + why),
                 qPrintable(plainText(state)));
        QVERIFY(plainText(state).startsWith(QStringLiteral("Demo: waiting")));
        // Only the stale platform's part is red.
        QVERIFY(
            state->text().contains(QStringLiteral("<span style=\"color:#b00020\">Twitch: stale")));
        QVERIFY(!state->text().contains(QStringLiteral("color:#b00020\">Demo")));

        QAbstractItemModel *view = window.rankingView()->model();
        int grey = 0;
        for (int r = 0; r < view->rowCount(); ++r) {
            const QModelIndex i = view->index(r, RankingModel::ViewersColumn);
            const auto platform = static_cast<Platform>(i.data(RankingModel::PlatformRole).toInt());
            if (platform == Platform::Twitch) {
                QCOMPARE(i.data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::gray));
                QCOMPARE(i.data(Qt::ToolTipRole).toString(),
                         QStringLiteral("Twitch data is stale: ") + why);
                ++grey;
            } else {
                QVERIFY(!i.data(Qt::ForegroundRole).isValid());
            }
        }
        QCOMPARE(grey, 3);
        if (!qEnvironmentVariableIsEmpty("STREAMRANK_SCREENSHOT")) {
            QTest::qWait(50); // let the status bar lay out its new text
            window.grab().save(qEnvironmentVariable("STREAMRANK_SCREENSHOT"));
        }

        // Collecting again: the rows and the status bar are back to normal.
        window.showCollectorState(Platform::Twitch, CollectorState::Collecting,
                                  QStringLiteral("top 1000 streams"));
        QVERIFY(plainText(state).contains(QStringLiteral("Twitch: collecting")));
        QVERIFY(!state->text().contains(QStringLiteral("#b00020")));
        for (int r = 0; r < view->rowCount(); ++r)
            QVERIFY(!view->index(r, 0).data(Qt::ForegroundRole).isValid());
    }

    // Four platforms: the healthy ones are named alone and the one with a
    // problem says its state, so the whole line fits a 1280-wide window;
    // every detail is in the tooltip.
    void fourPlatformsFitTheStatusBar()
    {
        MainWindowOptions options;
        options.demo = false;
        options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
            return ChartSeries();
        };
        options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
        MainWindow window(options);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *state = window.findChild<QLabel *>(QStringLiteral("StateLabel"));
        window.showCollectorState(Platform::Demo, CollectorState::Waiting,
                                  QStringLiteral("next census at 12:06:00"));
        window.showCollectorState(Platform::Twitch, CollectorState::Collecting,
                                  QStringLiteral("top 1000 streams"));
        window.showCollectorState(Platform::YouTube, CollectorState::Waiting,
                                  QStringLiteral("next census at 12:07:00"));
        const QString why = QStringLiteral("paused after repeated failures; retrying at 12:04:10");
        window.showCollectorState(Platform::Kick, CollectorState::Stale, why);
        QCOMPARE(plainText(state), QStringLiteral("Demo  ·  Twitch  ·  YouTube  ·  Kick: stale"));
        QVERIFY(state->text().contains(QStringLiteral("\">Kick: stale</span>")));
        QVERIFY(state->toolTip().contains(QStringLiteral("Kick: stale — ") + why));
        QVERIFY(state->toolTip().contains(QStringLiteral("Twitch: collecting — top 1000 streams")));
        QTest::qWait(50); // let the status bar lay out its new text
        QVERIFY2(state->width() >= state->sizeHint().width(),
                 qPrintable(
                     QStringLiteral("%1 < %2").arg(state->width()).arg(state->sizeHint().width())));
    }

    // Choosing a platform shows the top of its list, not the old scroll
    // position in the list before (which left a short list scrolled to its
    // end); a chosen stream still in the list stays in view.
    void aPlatformFilterShowsItsListFromTheTop()
    {
        MainWindowOptions options;
        options.demo = false;
        options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
            return ChartSeries();
        };
        options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
        MainWindow window(options);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ranker ranker;
        ranker.apply(census(Platform::Twitch, T0, 1, 90));
        window.applyRanking(ranker.apply(census(Platform::Kick, T0 + 1000, 500, 60)));
        QTableView *view = window.rankingView();
        QTRY_COMPARE(view->model()->rowCount(), 150);
        auto *combo = window.findChild<QComboBox *>(QStringLiteral("PlatformFilter"));
        QVERIFY(combo);
        const int kick = combo->findText(platformDisplayName(Platform::Kick));
        const int all = combo->findText(QStringLiteral("All platforms"));
        QVERIFY(kick >= 0 && all >= 0);

        view->scrollToBottom();
        QVERIFY(view->verticalScrollBar()->value() > 0);
        combo->setCurrentIndex(kick);
        QTRY_COMPARE(view->model()->rowCount(), 60);
        QTRY_COMPARE(view->verticalScrollBar()->value(), 0);

        // A chosen Kick stream low in the list stays in view after the
        // filter is lifted.
        const QModelIndex last = view->model()->index(59, 0);
        view->selectionModel()->setCurrentIndex(last, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
        combo->setCurrentIndex(all);
        QTRY_COMPARE(view->model()->rowCount(), 150);
        const QModelIndex chosen = view->selectionModel()->currentIndex();
        QVERIFY(chosen.isValid());
        QTRY_VERIFY(view->viewport()->rect().intersects(view->visualRect(chosen)));
    }
};

QTEST_MAIN(TestCollectorState)
#include "tst_collectorstate.moc"
