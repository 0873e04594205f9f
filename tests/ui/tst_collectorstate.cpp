// The main window when a collector goes stale: the status bar names the
// platform, its state and why, next to the other platforms' states, and the
// ranking greys that platform's rows with the reason as tooltip.
#include "mainwindow.h"
#include "rankingmodel.h"

#include <QColor>
#include <QLabel>
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
};

QTEST_MAIN(TestCollectorState)
#include "tst_collectorstate.moc"
