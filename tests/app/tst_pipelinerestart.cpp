// The real pipeline restarted on its own file: start-up says what it loads,
// shows the stored ranking at once (marked restored), and the Demo goes on
// with the streams that were live, under their ids, ranked against the
// stored ranking rather than as new. (tst_restartcontinuity compares every
// number with an uninterrupted run; this is the wiring.)

#include "pipeline.h"
#include "storedcensus.h"

#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace StreamRank;

namespace {

PipelineConfig fastDemo(const QString &path)
{
    PipelineConfig config;
    config.databasePath = path;
    config.demo = true;
    config.demoSpeed = 120; // a census a second; the clock goes on after the stored one
    return config;
}

} // namespace

class TestPipelineRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerStorageMetaTypes(); }

    void aRestartShowsTheStoredRankingAndCarriesOn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("restart.sqlite"));
        qint64 lastStored = 0;
        QSet<QString> liveAtStop;
        {
            Pipeline first(fastDemo(path));
            QVector<RankingSnapshot> rankings;
            connect(&first, &Pipeline::rankingUpdated, this,
                    [&](const RankingSnapshot &s) { rankings.append(s); });
            int stored = 0;
            connect(&first, &Pipeline::censusStored, this,
                    [&](Platform, qint64 t, int, qint64, qint64) {
                        ++stored;
                        lastStored = std::max(lastStored, t);
                    });
            first.start();
            // The backfill (three hours) and a few live censuses.
            QTRY_VERIFY_WITH_TIMEOUT(stored >= 93, 60'000);
            first.stop();
            QVERIFY(!rankings.isEmpty());
            QVERIFY(std::none_of(rankings.cbegin(), rankings.cend(),
                                 [](const RankingSnapshot &s) { return s.restored; }));
        }
        QVERIFY(lastStored > 0);

        Pipeline second(fastDemo(path));
        QStringList progress;
        connect(&second, &Pipeline::startupProgress, this,
                [&](const QString &text) { progress.append(text); });
        QVector<RankingSnapshot> rankings;
        connect(&second, &Pipeline::rankingUpdated, this,
                [&](const RankingSnapshot &s) { rankings.append(s); });
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(rankings.size() >= 2, 60'000);
        second.stop();

        // Start-up said what it loaded, then was done.
        QVERIFY2(!progress.isEmpty() && progress.first().contains(QStringLiteral("Demo")),
                 qPrintable(progress.join(u'|')));
        QVERIFY(progress.last().isEmpty());
        // At once: the last stored ranking, marked as such.
        const RankingSnapshot &restored = rankings.first();
        QVERIFY(restored.restored);
        QCOMPARE(restored.takenAtMs, lastStored);
        QVERIFY(restored.rows.size() > 100);
        for (const RankedStream &r : restored.rows)
            liveAtStop.insert(r.streamId());
        // Then the Demo's next census: the same streams under the same ids,
        // ranked against the stored ranking, not as new.
        const RankingSnapshot &next = rankings.at(1);
        QVERIFY(!next.restored);
        QVERIFY(next.takenAtMs > lastStored);
        int kept = 0;
        int markedNew = 0;
        for (const RankedStream &r : next.rows) {
            if (liveAtStop.contains(r.streamId())) {
                ++kept;
                markedNew += r.isNew ? 1 : 0;
            }
        }
        QVERIFY2(kept > int(next.rows.size()) * 9 / 10, qPrintable(QString::number(kept)));
        QCOMPARE(markedNew, 0);
    }
};

QTEST_GUILESS_MAIN(TestPipelineRestart)
#include "tst_pipelinerestart.moc"
