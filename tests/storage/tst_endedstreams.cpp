// A census that lists only the streams a collector tracks (YouTube's) proves
// nothing about the others, but may name streams it knows ended
// (Census::endedStreamIds: videos.list gave an actualEndTime, or no longer
// returns the video). Those sessions end at their last sample, in storage,
// in the ranking and in anomaly detection (with their incidents), and no
// other stream does.

#include "anomalydetector.h"
#include "censusstore.h"
#include "database.h"
#include "ranking.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kT0 = 1'774'731'600'000;

StreamObservation stream(const QString &id, qint32 viewers)
{
    StreamObservation obs;
    obs.streamId = id;
    obs.channelId = QLatin1String("UC-") + id;
    obs.channelLogin = obs.channelId;
    obs.channelName = QLatin1String("Channel ") + id;
    obs.title = QLatin1String("Live ") + id;
    obs.categoryId = QStringLiteral("28");
    obs.categoryName = QStringLiteral("Science & Technology");
    obs.startedAtMs = kT0 - 10 * kMinute;
    obs.viewers = viewers;
    return obs;
}

Census tracked(qint64 t, QVector<StreamObservation> streams, QStringList ended = {})
{
    Census c;
    c.platform = Platform::YouTube;
    c.takenAtMs = t;
    c.exhaustive = false;
    c.stats.pagesOk = 1;
    c.streams = std::move(streams);
    c.endedStreamIds = std::move(ended);
    return c;
}

QString endedAt(const QString &path, const char *id)
{
    const QByteArray sql =
        QByteArray("SELECT COALESCE(ended_at, 'open') FROM streams WHERE external_id = '") + id +
        "'";
    return queryText(path, sql.constData());
}

} // namespace

class TestEndedStreams : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;

    void open()
    {
        m_store.reset();
        m_db.reset();
        auto db = Database::open(m_path);
        QVERIFY2(db, qPrintable(db.error().message));
        m_db = std::move(*db);
        m_store = std::make_unique<CensusStore>(m_db->handle());
    }
    void write(const Census &c, int expectEnded = -1)
    {
        auto stored = m_store->write(c);
        QVERIFY2(stored, qPrintable(stored.error()));
        if (expectEnded >= 0)
            QCOMPARE(stored->endedStreams, expectEnded);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("ended.sqlite"));
        open();
    }
    void cleanup()
    {
        m_store.reset();
        m_db.reset();
        m_dir.reset();
    }

    void aNamedStreamEndsAtItsLastSampleAndNoOtherDoes()
    {
        write(tracked(kT0, {stream(QStringLiteral("a"), 100), stream(QStringLiteral("b"), 200),
                            stream(QStringLiteral("c"), 300)}));
        write(tracked(kT0 + 2 * kMinute,
                      {stream(QStringLiteral("b"), 210), stream(QStringLiteral("c"), 310)}));
        // c is not listed (not tracked this time, say) and not named: still live.
        write(tracked(kT0 + 4 * kMinute, {stream(QStringLiteral("b"), 220)}, {QStringLiteral("a")}),
              1);
        QCOMPARE(endedAt(m_path, "a"), QString::number(kT0));
        QCOMPARE(endedAt(m_path, "b"), QStringLiteral("open"));
        QCOMPARE(endedAt(m_path, "c"), QStringLiteral("open"));
        // Named again later (or by a census that still lists it): nothing
        // changes, and a stream a census lists is never ended by it.
        write(tracked(kT0 + 6 * kMinute, {stream(QStringLiteral("b"), 230)},
                      {QStringLiteral("a"), QStringLiteral("b")}),
              0);
        QCOMPARE(endedAt(m_path, "a"), QString::number(kT0));
        QCOMPARE(endedAt(m_path, "b"), QStringLiteral("open"));
    }

    void aStreamOpenSinceBeforeARestartEndsAtItsLastSample()
    {
        write(tracked(kT0, {stream(QStringLiteral("a"), 100), stream(QStringLiteral("b"), 200)}));
        write(tracked(kT0 + 2 * kMinute, {stream(QStringLiteral("a"), 110)}));
        open(); // a restart: the caches start from the file
        write(tracked(kT0 + 4 * kMinute, {stream(QStringLiteral("a"), 120)}, {QStringLiteral("b")}),
              1);
        QCOMPARE(endedAt(m_path, "b"), QString::number(kT0));
        QCOMPARE(endedAt(m_path, "a"), QStringLiteral("open"));
    }

    void theRankingAndTheDetectorLetANamedStreamGo()
    {
        Ranker ranker;
        AnomalyDetector detector;
        // A steady hour, then a spike: an incident opens.
        qint64 t = kT0;
        for (int i = 0; i < 40; ++i, t += 2 * kMinute) {
            const Census c = tracked(t, {stream(QStringLiteral("a"), 1000 + (i % 3) * 10),
                                         stream(QStringLiteral("b"), 500 + (i % 2) * 5)});
            ranker.apply(c);
            detector.apply(c);
        }
        const Census spike =
            tracked(t, {stream(QStringLiteral("a"), 6000), stream(QStringLiteral("b"), 505)});
        ranker.apply(spike);
        const QVector<AnomalyEvent> events = detector.apply(spike);
        QCOMPARE(events.size(), 1);
        QVERIFY(events.at(0).incidentStartMs > 0);
        detector.takeIncidentUpdates();
        QCOMPARE(ranker.trackedStreams(), 2);
        QCOMPARE(detector.trackedStreams(), 2);
        const qint64 lastOfA = t;
        t += 2 * kMinute;
        // b alone, a named ended: a leaves both, and its incident ends at its
        // last sample.
        const Census ended = tracked(t, {stream(QStringLiteral("b"), 500)}, {QStringLiteral("a")});
        const RankingSnapshot snap = ranker.apply(ended);
        detector.apply(ended);
        QCOMPARE(ranker.trackedStreams(), 1);
        QCOMPARE(detector.trackedStreams(), 1);
        const QVector<AnomalyIncidentUpdate> updates = detector.takeIncidentUpdates();
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.at(0).streamId, QStringLiteral("a"));
        QCOMPARE(updates.at(0).endMs, lastOfA);
        QVERIFY(!snap.rows.isEmpty());
        // Without the name, a stream a census does not list stays tracked.
        t += 2 * kMinute;
        const Census quiet = tracked(t, {});
        ranker.apply(quiet);
        detector.apply(quiet);
        QCOMPARE(ranker.trackedStreams(), 1);
        QCOMPARE(detector.trackedStreams(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEndedStreams)
#include "tst_endedstreams.moc"
