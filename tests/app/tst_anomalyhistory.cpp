// Detection is a function of the sample history, not of how it arrived: the
// same 30 hours of samples imported at once, in two parts (split inside a
// spike's cooldown), and again after the import was killed with SIGKILL
// part-way, store the same events with bit-identical scores; and a detector
// warmed from the stored first part the way the live pipeline warms at
// start-up (warmFromHistory) raises the same events on the second part as
// the uninterrupted import did. The real `streamrank` executable imports.

#include "anomalydetector.h"
#include "dbquery.h"
#include "historywarmup.h"
#include "storagereader.h"
#include "streamrankprocess.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

using namespace StreamRank;

namespace {

using Run = StreamRank::TestSupport::StreamRankRun;
using StreamRank::TestSupport::runStreamRank;

const auto query = StreamRank::TestSupport::queryRows;
const auto writeFile = StreamRank::TestSupport::writeTestFile;

const qint64 kT0 = QDateTime(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kStepMs = 2 * 60'000;
constexpr int kCensuses = 30 * 30; // 30 hours
constexpr int kStreams = 6;

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

struct Sample
{
    int census = 0;
    QString stream;
    qint32 viewers = 0;
};

// Six streams of 300 to 1,800 viewers with ±5 % noise: spikes of ×2 to ×7
// for 6 minutes every few hours (each stream its own rhythm), one stream
// doubling for good at 20:00, one spike right before the split.
std::vector<Sample> samples()
{
    std::vector<Sample> all;
    quint32 lcg = 12345;
    auto noise = [&lcg] {
        lcg = lcg * 1664525u + 1013904223u;
        return (double(lcg >> 8) / double(1u << 24) - 0.5) * 0.1;
    };
    for (int i = 0; i < kCensuses; ++i) {
        const int minute = i * 2;
        for (int s = 0; s < kStreams; ++s) {
            if (s == 3 && i > 600)
                continue; // ends right after a spike: its incident ends with it
            double level = 300.0 * (s + 1);
            if (minute % (150 + 41 * s) < 6)
                level *= 2 + s;
            if (s == 5 && minute >= 20 * 60)
                level *= 2;
            if (s == 0 && (i == 450 || i == 451)) // the split is at 452
                level *= 4;
            if (s == 3 && i >= 599)
                level *= 5;
            all.push_back(
                {i, QStringLiteral("st%1").arg(s), qint32(std::lround(level * (1 + noise())))});
        }
    }
    return all;
}

constexpr int kSplit = 452;

QByteArray csv(const std::vector<Sample> &rows, int from, int to)
{
    QString text = QStringLiteral("platform,channel,stream_id,timestamp,viewers\n");
    for (const Sample &r : rows) {
        if (r.census < from || r.census >= to)
            continue;
        text += QStringLiteral("twitch,chan_%1,%1,%2,%3\n")
                    .arg(r.stream, iso(kT0 + r.census * kStepMs))
                    .arg(r.viewers);
    }
    return text.toUtf8();
}

// Every stored event, every number to the last bit.
QStringList events(const QString &db, qint64 fromMs = 0)
{
    // (A double column reads back as its shortest exact decimal form.)
    return query(db, QStringLiteral("SELECT time, stream_external_id, strategy, observed,"
                                    " baseline, raw_score, score, lookback_minutes,"
                                    " incident_start FROM anomaly_events"
                                    " WHERE time >= %1 ORDER BY time, stream_external_id")
                         .arg(fromMs));
}

// Every stored incident row.
QStringList incidents(const QString &db)
{
    return query(db, QStringLiteral("SELECT stream_external_id, start_time,"
                                    " COALESCE(end_time, 'open'), peak_viewers, peak_time"
                                    " FROM anomaly_incidents ORDER BY start_time,"
                                    " stream_external_id"));
}

QString eventLine(const AnomalyEvent &e)
{
    auto g = [](double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); };
    return QStringList{QString::number(e.timeMs),
                       e.streamId,
                       strategyCode(e.strategy),
                       QString::number(e.observedViewers),
                       g(e.baselineViewers),
                       g(e.rawScore),
                       g(e.score),
                       QString::number(e.lookbackMinutes),
                       QString::number(e.incidentStartMs)}
        .join(QLatin1Char('|'));
}

Run import(const QString &file, const QString &db)
{
    return runStreamRank({QStringLiteral("--headless"), QStringLiteral("--import-samples"), file,
                          QStringLiteral("--database"), db});
}

} // namespace

class TestAnomalyHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rows = samples();
        m_whole = m_dir.filePath(QStringLiteral("whole.csv"));
        writeFile(m_whole, csv(m_rows, 0, kCensuses));
        m_wholeDb = m_dir.filePath(QStringLiteral("whole.sqlite"));
        const Run r = import(m_whole, m_wholeDb);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_expected = events(m_wholeDb);
        m_expectedIncidents = incidents(m_wholeDb);
        // st3's last incident ended with the stream, at its last sample.
        QVERIFY2(
            m_expectedIncidents.join(u'\n').contains(
                QStringLiteral("st3|%1|%2|").arg(kT0 + 599 * kStepMs).arg(kT0 + 600 * kStepMs)),
            qPrintable(m_expectedIncidents.join(u'\n')));
        // Enough to mean something: events on several streams, on both sides
        // of the split, and the one right before it.
        QVERIFY2(m_expected.size() >= 20, qPrintable(m_expected.join(u'\n')));
        QVERIFY(!events(m_wholeDb, kT0 + kSplit * kStepMs).isEmpty());
        QVERIFY(m_expected.join(u'\n').contains(QString::number(kT0 + 450 * kStepMs) +
                                                QStringLiteral("|st0|")));
    }

    void importedInTwoPartsStoresTheSameEvents()
    {
        const QString first = m_dir.filePath(QStringLiteral("first.csv"));
        const QString second = m_dir.filePath(QStringLiteral("second.csv"));
        writeFile(first, csv(m_rows, 0, kSplit));
        writeFile(second, csv(m_rows, kSplit, kCensuses));
        const QString db = m_dir.filePath(QStringLiteral("parts.sqlite"));
        Run r = import(first, db);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = import(second, db);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The spike at census 450 is in its cooldown at the split: the
        // second part raises no event for st0 there (it once did).
        QCOMPARE(events(db), m_expected);
        QCOMPARE(incidents(db), m_expectedIncidents);
    }

    void importedAgainAfterAKillStoresTheSameEvents()
    {
        const QString db = m_dir.filePath(QStringLiteral("killed.sqlite"));
        QProcess victim;
        victim.start(QStringLiteral(STREAMRANK_EXE),
                     {QStringLiteral("--headless"), QStringLiteral("--import-samples"), m_whole,
                      QStringLiteral("--database"), db});
        QVERIFY(victim.waitForStarted());
        // Kill it a third of the way in (polling what it has stored).
        qint64 stored = 0;
        QElapsedTimer waited;
        waited.start();
        while (victim.state() == QProcess::Running && waited.elapsed() < 60'000) {
            const QStringList n = query(db, QStringLiteral("SELECT COUNT(*) FROM censuses"));
            stored = n.isEmpty() ? 0 : n.first().toLongLong();
            if (stored >= kCensuses / 3)
                break;
            QTest::qWait(5);
        }
        victim.kill();
        victim.waitForFinished();
        const QStringList n = query(db, QStringLiteral("SELECT COUNT(*) FROM censuses"));
        const qint64 atKill = n.isEmpty() ? 0 : n.first().toLongLong();
        QVERIFY2(atKill > 0 && atKill < kCensuses,
                 qPrintable(QStringLiteral("killed with %1 censuses stored").arg(atKill)));

        const Run again = import(m_whole, db);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(query(db, QStringLiteral("SELECT COUNT(*) FROM censuses")).value(0),
                 QString::number(kCensuses));
        QCOMPARE(events(db), m_expected);
        QCOMPARE(incidents(db), m_expectedIncidents);
    }

    void eventsLostAfterTheirCensusAreStoredByImportingAgain()
    {
        // What a kill between a census and its events leaves, made on
        // purpose: the censuses stored, the events and incidents of the
        // last 24 hours gone. Importing the file again stores exactly them.
        const QString db = m_dir.filePath(QStringLiteral("lost.sqlite"));
        QFile::remove(db);
        QVERIFY(QFile::copy(m_wholeDb, db));
        const qint64 from = kT0 + 6 * 60 * 60 * 1000LL;
        {
            auto conn = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("cut"));
            conn.setDatabaseName(db);
            QVERIFY(conn.open());
            QSqlQuery q(conn);
            QVERIFY(q.exec(
                QStringLiteral("DELETE FROM anomaly_incidents WHERE start_time >= %1").arg(from)));
            QVERIFY(
                q.exec(QStringLiteral("DELETE FROM anomaly_events WHERE time >= %1").arg(from)));
            QVERIFY(q.numRowsAffected() > 10);
            q.finish();
            conn.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cut"));
        const Run again = import(m_whole, db);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("imported 0 samples")), qPrintable(again.out));
        QCOMPARE(events(db), m_expected);
        QCOMPARE(incidents(db), m_expectedIncidents);
    }

    void aRestartWarmedFromStorageRaisesTheSameEvents()
    {
        // The live pipeline's start-up: the stored history replayed by
        // warmFromHistory(), then censuses again.
        const QString first = m_dir.filePath(QStringLiteral("restart-first.csv"));
        writeFile(first, csv(m_rows, 0, kSplit));
        const QString db = m_dir.filePath(QStringLiteral("restart.sqlite"));
        const Run r = import(first, db);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        StorageReader reader(db);
        const auto settings = reader.anomalySettings();
        QVERIFY(settings);
        AnomalyDetector detector(*settings);
        const qint64 resume = kT0 + kSplit * kStepMs;
        const auto replayed = warmFromHistory(reader, Platform::Twitch, {resume, 0}, detector);
        QVERIFY2(replayed, qPrintable(replayed.error()));
        QCOMPARE(*replayed, qsizetype(kSplit * kStreams));

        std::map<int, Census> censuses;
        for (const Sample &s : m_rows) {
            if (s.census < kSplit)
                continue;
            Census &c = censuses[s.census];
            c.platform = Platform::Twitch;
            c.takenAtMs = kT0 + s.census * kStepMs;
            StreamObservation o;
            o.streamId = s.stream;
            o.viewers = s.viewers;
            c.streams.append(o);
        }
        QStringList raised;
        for (const auto &[index, census] : censuses) {
            for (const AnomalyEvent &e : detector.apply(census))
                raised.append(eventLine(e));
        }
        QCOMPARE(raised, events(m_wholeDb, resume));
    }

private:
    QTemporaryDir m_dir;
    std::vector<Sample> m_rows;
    QString m_whole;
    QString m_wholeDb;
    QStringList m_expected;
    QStringList m_expectedIncidents;
};

QTEST_GUILESS_MAIN(TestAnomalyHistory)
#include "tst_anomalyhistory.moc"
