// The crash test: headless collection killed with SIGKILL at random moments
// (mid-census, mid-compaction, mid-backfill), round after round on the same
// file. After every kill the file must hold whole censuses only and every
// census the process said it stored:
//  - PRAGMA integrity_check is ok;
//  - every census has exactly stream_count samples summing to total_viewers
//    in viewership_samples, and once compacted the same in sample_chunks
//    (before, none there; and no chunk sample without its census);
//  - chunks are well formed (count, first_at and last_at match the blob);
//  - the censuses of one platform and hour are all compacted or none;
//  - one collector_runs row per census;
//  - no census stored earlier is gone, and every "census ... stored" line
//    the process printed before it died is in the file with its numbers.
//
// STREAMRANK_CRASH_ROUNDS sets the number of kills (default 6, enough for CI;
// hundreds by hand), STREAMRANK_CRASH_SEED the random moments (printed, so a
// failing run can be repeated).

#include "samplechunk.h"
#include "streamrankprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

namespace {

struct Reported
{
    qint64 takenAtMs = 0;
    qint64 streams = 0;
    qint64 viewers = 0;
};

// "census 2026-12-02T14:50:00Z demo: 2448 streams, 835540 viewers, stored in ..."
QVector<Reported> reportedCensuses(const QString &out)
{
    static const QRegularExpression line(
        QStringLiteral("^census (\\S+) demo: (\\d+) streams, (\\d+) viewers, stored in"),
        QRegularExpression::MultilineOption);
    QVector<Reported> all;
    for (auto it = line.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        const QDateTime t = QDateTime::fromString(m.captured(1), Qt::ISODate);
        all.append({t.toMSecsSinceEpoch(), m.captured(2).toLongLong(), m.captured(3).toLongLong()});
    }
    return all;
}

qint64 scalar(QSqlQuery &q, const QString &sql)
{
    if (!q.exec(sql) || !q.next()) {
        qWarning() << "query failed:" << sql;
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private:
    // Checks every invariant; returns the census times the file holds.
    QSet<qint64> checkInvariants(const QString &path, const QVector<Reported> &reported,
                                 const QSet<qint64> &storedBefore, const QString &round)
    {
        QSet<qint64> times;
        const QString name = QStringLiteral("crash-check");
        {
            auto conn = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            conn.setDatabaseName(path);
            if (!conn.open()) {
                QTest::qFail(qPrintable(round + QStringLiteral(": cannot open the file")), __FILE__,
                             __LINE__);
                return times;
            }
            QSqlQuery q(conn);
            q.setForwardOnly(true);
            [&] {
                QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
                QVERIFY(q.next());
                QVERIFY2(q.value(0).toString() == QLatin1String("ok"),
                         qPrintable(round + QLatin1String(": ") + q.value(0).toString()));

                // Every census: its rows in viewership_samples (kept there
                // after compaction too, docs/SCHEMA.md).
                QCOMPARE(scalar(q, QStringLiteral(
                                       "SELECT COUNT(*) FROM censuses c WHERE "
                                       "c.stream_count != (SELECT COUNT(*) FROM viewership_samples "
                                       "s WHERE s.census_id = c.id) OR c.total_viewers != (SELECT "
                                       "COALESCE(SUM(s.viewers), 0) FROM viewership_samples s "
                                       "WHERE s.census_id = c.id)")),
                         qint64(0));
                // One platform's hour is compacted whole or not at all.
                QCOMPARE(scalar(q, QStringLiteral(
                                       "SELECT COUNT(*) FROM (SELECT platform_id, taken_at - "
                                       "(taken_at % 3600000) AS hour FROM censuses GROUP BY 1, 2 "
                                       "HAVING MIN(compacted) != MAX(compacted))")),
                         qint64(0));
                QCOMPARE(scalar(q, QStringLiteral(
                                       "SELECT COUNT(*) FROM censuses c WHERE (SELECT COUNT(*) "
                                       "FROM collector_runs r WHERE r.census_id = c.id) != 1")),
                         qint64(0));

                // The chunks, decoded: per (platform, time) the samples they hold.
                QHash<std::pair<qint64, qint64>, std::pair<qint64, qint64>> inChunks;
                QVERIFY(q.exec(QStringLiteral(
                    "SELECT ch.bucket_start, st.platform_id, ch.count, ch.first_at, ch.last_at, "
                    "ch.samples FROM sample_chunks ch JOIN streams st ON st.id = ch.stream_id")));
                while (q.next()) {
                    const qint64 bucket = q.value(0).toLongLong();
                    const qint64 platform = q.value(1).toLongLong();
                    const QByteArray blob = q.value(5).toByteArray();
                    QCOMPARE(qint64(blob.size()),
                             q.value(2).toLongLong() * StreamRank::SampleChunk::BytesPerSample);
                    qint64 first = -1;
                    qint64 last = -1;
                    StreamRank::SampleChunk::forEachSample(blob.constData(), int(blob.size()),
                                                           bucket, [&](qint64 t, qint32 viewers) {
                                                               if (first < 0)
                                                                   first = t;
                                                               last = t;
                                                               auto &sum = inChunks[{platform, t}];
                                                               sum.first += 1;
                                                               sum.second += viewers;
                                                           });
                    QCOMPARE(first, q.value(3).toLongLong());
                    QCOMPARE(last, q.value(4).toLongLong());
                }
                QVERIFY(q.exec(QStringLiteral(
                    "SELECT platform_id, taken_at, stream_count, total_viewers, compacted "
                    "FROM censuses")));
                qint64 compacted = 0;
                QHash<qint64, std::pair<qint64, qint64>> byTime;
                while (q.next()) {
                    const qint64 platform = q.value(0).toLongLong();
                    const qint64 t = q.value(1).toLongLong();
                    times.insert(t);
                    byTime.insert(t, {q.value(2).toLongLong(), q.value(3).toLongLong()});
                    const auto chunked = inChunks.take({platform, t});
                    if (q.value(4).toInt() == 1) {
                        ++compacted;
                        QVERIFY2(chunked == std::make_pair(q.value(2).toLongLong(),
                                                           q.value(3).toLongLong()),
                                 qPrintable(QStringLiteral("%1: compacted census at %2 has %3 "
                                                           "samples summing to %4 in its chunks")
                                                .arg(round)
                                                .arg(t)
                                                .arg(chunked.first)
                                                .arg(chunked.second)));
                    } else {
                        QCOMPARE(chunked.first, qint64(0));
                    }
                }
                QVERIFY2(inChunks.isEmpty(), "chunk samples at a time no compacted census has");

                for (const qint64 t : storedBefore)
                    QVERIFY2(times.contains(t),
                             qPrintable(round + QStringLiteral(": an earlier census is gone")));
                for (const Reported &r : reported) {
                    QVERIFY2(byTime.contains(r.takenAtMs),
                             qPrintable(round + QStringLiteral(": a census reported stored is "
                                                               "missing")));
                    QCOMPARE(byTime.value(r.takenAtMs), std::make_pair(r.streams, r.viewers));
                }
                qInfo().noquote() << round << ":" << times.size() << "censuses (" << compacted
                                  << "compacted)," << reported.size()
                                  << "reported stored before the kill, all whole";
            }();
        }
        QSqlDatabase::removeDatabase(name);
        return times;
    }

private Q_SLOTS:
    void killedAtRandomMomentsLosesNothingAndLeavesNoPartialCensus()
    {
        const int rounds = qEnvironmentVariableIsSet("STREAMRANK_CRASH_ROUNDS")
                               ? qEnvironmentVariableIntValue("STREAMRANK_CRASH_ROUNDS")
                               : 6;
        const quint32 seed = qEnvironmentVariableIsSet("STREAMRANK_CRASH_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("STREAMRANK_CRASH_SEED"))
                                 : QRandomGenerator::global()->generate();
        qInfo() << "crash test:" << rounds << "rounds, STREAMRANK_CRASH_SEED=" << seed;
        QRandomGenerator random(seed);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("crash.sqlite"));
        QSet<qint64> stored;
        for (int round = 1; round <= rounds; ++round) {
            QProcess victim;
            // 3600x: a census every 33 ms and an hour compacted every second,
            // so a kill lands mid-census or mid-compaction; the first round
            // starts with the 3-hour backfill, so early kills land in it.
            victim.start(QStringLiteral(STREAMRANK_EXE),
                         {QStringLiteral("--headless"), QStringLiteral("--demo-speed"),
                          QStringLiteral("3600"), QStringLiteral("--database"), db});
            QVERIFY(victim.waitForStarted());
            QVERIFY(victim.waitForReadyRead(30000));
            QString before;
            // Odd rounds count from the start (open, warm-up, backfill);
            // even ones from the first census stored, as a restart warms
            // the analytics from a history that grows round by round.
            if (round % 2 == 0) {
                QElapsedTimer waiting;
                waiting.start();
                while (!before.contains(QStringLiteral("\ncensus ")) && waiting.elapsed() < 30000) {
                    victim.waitForReadyRead(100);
                    before += QString::fromUtf8(victim.readAllStandardOutput());
                }
            }
            // From the first census at least half a second, so every even
            // round stores some censuses even on a slow sanitizer build.
            const int waitMs =
                int(round % 2 == 0 ? random.bounded(500, 2500) : random.bounded(30, 2500));
            QTest::qWait(waitMs);
            before += QString::fromUtf8(victim.readAllStandardOutput());
            victim.kill(); // SIGKILL: no clean shutdown
            QVERIFY(victim.waitForFinished(10000));
            const QString out = before + QString::fromUtf8(victim.readAllStandardOutput());
            StreamRank::TestSupport::failOnSanitizerReport(
                QString::fromUtf8(victim.readAllStandardError()));
            const QString label = QStringLiteral("round %1 (killed %2 ms after %3)")
                                      .arg(round)
                                      .arg(waitMs)
                                      .arg(round % 2 == 0 ? QStringLiteral("its first census")
                                                          : QStringLiteral("start"));
            const QSet<qint64> now = checkInvariants(db, reportedCensuses(out), stored, label);
            if (QTest::currentTestFailed())
                return;
            QVERIFY(now.size() >= stored.size());
            stored = now;
        }
        // Enough to have killed it around a compaction too (an hour is 30
        // censuses); a sanitizer build stores a few dozen in six rounds.
        QVERIFY2(stored.size() > 20, "the runs stored too little to prove anything");
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
