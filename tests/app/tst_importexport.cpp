// The real `streamrank` executable importing CSV samples and exporting the
// anomaly events they raise: counts, what lands in the database, bad rows by
// line number, file order, quoting, Unix seconds, gaps, repeats, hidden
// viewer counts, settings from the database, and the failures (no file, no
// database, one in use).
#include "anomalystore.h"
#include "database.h"
#include "dbquery.h"
#include "streamrankprocess.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace StreamRank;

namespace {

using Run = StreamRank::TestSupport::StreamRankRun;
using StreamRank::TestSupport::runStreamRank;

const auto query = StreamRank::TestSupport::queryRows;
const auto writeFile = StreamRank::TestSupport::writeTestFile;

Run import(const QString &csv, const QString &db)
{
    return runStreamRank({QStringLiteral("--headless"), QStringLiteral("--import-samples"), csv,
                          QStringLiteral("--database"), db});
}

Run exportAnomalies(const QString &db)
{
    return runStreamRank({QStringLiteral("--headless"), QStringLiteral("--export"),
                          QStringLiteral("anomalies"), QStringLiteral("--database"), db});
}

qint64 queryInt(const QString &db, const QString &sql)
{
    const QStringList rows = query(db, sql);
    return rows.isEmpty() ? -1 : rows.first().toLongLong();
}

const qint64 kT0 = QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kStepMs = 2 * 60'000;
constexpr int kCensuses = 120; // four hours, one census every 2 minutes
constexpr int kSpikeAt = 90;   // 11:00
constexpr int kSpikeViewers = 12000;

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

// Two Twitch streams: "spiky" about 1,000 viewers with one census at 12,000,
// "flat" about 2,000 throughout; a little noise on both. One line per sample
// after the header, in time order.
QStringList spikeRows()
{
    QStringList rows;
    for (int i = 0; i < kCensuses; ++i) {
        const qint64 t = kT0 + i * kStepMs;
        const int noise = (i * 7) % 21 - 10;
        const int spiky = i == kSpikeAt ? kSpikeViewers : 1000 + noise;
        rows.append(QStringLiteral("twitch,spiky_chan,spiky,%1,%2,Just Chatting,en,\"Hi, all\"")
                        .arg(iso(t))
                        .arg(spiky));
        rows.append(QStringLiteral("twitch,flat_chan,flat,%1,%2,Chess,en,Flat")
                        .arg(iso(t))
                        .arg(2000 - noise));
    }
    return rows;
}

const QString kHeader = QStringLiteral("platform,channel,stream_id,timestamp,viewers,category,"
                                       "language,title");

QByteArray csv(const QStringList &rows)
{
    return (kHeader + QLatin1Char('\n') + rows.join(QLatin1Char('\n')) + QLatin1Char('\n'))
        .toUtf8();
}

} // namespace

class TestImportExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importsASpikeAndExportsIt();
    void usesTheSettingsStoredInTheDatabase();
    void badRowsAreReportedByLineAndTheRestIsImported();
    void anUnsortedFileImportsAsTheSortedOne();
    void quotedTitlesWithCommasAreStoredWhole();
    void unixSecondsTimestamps();
    void gapsInTheFileEndNoStream();
    void importingAgainSkipsStoredCensuses();
    void anEmptyViewersCellImportsAsAHiddenCount();
    void aFileContinuingStoredHistoryDetectsAsOneFile();
    void aMissingFileExitsOneWithTheReason();
    void aFileWithoutTheRequiredColumnsExitsOne();
    void exportOfAnUnknownKindListsTheSupportedOnes();
    void exportWithoutADatabaseExitsOne();
    void aDatabaseInUseIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestImportExport::importsASpikeAndExportsIt()
{
    const QString file = m_dir.filePath(QStringLiteral("spike.csv"));
    const QString db = m_dir.filePath(QStringLiteral("spike.sqlite"));
    writeFile(file, csv(spikeRows()));

    const Run r = import(file, db);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QRegularExpression summary(
        QStringLiteral(R"(^imported 240 samples in 120 censuses \(0 bad rows skipped\); )"
                       R"((\d+) anomaly events? stored\n$)"));
    const auto m = summary.match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    const int events = m.captured(1).toInt();
    QVERIFY(events >= 1);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));

    // The samples are in the database, as a live census would leave them.
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM censuses")), 120);
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM censuses WHERE partial = 1")), 0);
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM viewership_samples")), 240);
    QCOMPARE(queryInt(db, QStringLiteral("SELECT v.viewers FROM viewership_samples v JOIN streams "
                                         "s ON s.id = v.stream_id WHERE s.external_id = 'spiky' "
                                         "AND v.taken_at = %1")
                              .arg(kT0 + kSpikeAt * kStepMs)),
             kSpikeViewers);
    QCOMPARE(query(db, QStringLiteral("SELECT title, started_at FROM streams WHERE external_id = "
                                      "'spiky'")),
             QStringList{QStringLiteral("Hi, all|%1").arg(kT0)});
    // Closed hours were compacted as the writer does after each census.
    QVERIFY(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM sample_chunks")) >= 6);

    // Events: the spike, and nothing for the flat stream.
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM anomaly_events")), events);
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM anomaly_events WHERE "
                                         "stream_external_id = 'flat'")),
             0);
    QVERIFY(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM anomaly_events WHERE "
                                        "stream_external_id = 'spiky' AND time = %1")
                             .arg(kT0 + kSpikeAt * kStepMs)) >= 1);

    const Run e = exportAnomalies(db);
    QVERIFY2(e.exitCode == 0, qPrintable(e.err));
    const QStringList lines = e.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), events + 1);
    QCOMPARE(lines.first(), QStringLiteral("time,platform,channel,stream_id,strategy,baseline,"
                                           "observed,raw_score,score"));
    const QString prefix = QStringLiteral("2026-11-21T11:00:00Z,twitch,spiky_chan,spiky,");
    const auto spike = std::find_if(lines.cbegin(), lines.cend(),
                                    [&](const QString &l) { return l.startsWith(prefix); });
    QVERIFY2(spike != lines.cend(), qPrintable(e.out));
    const QStringList f = spike->split(QLatin1Char(','));
    QCOMPARE(f.size(), 9);
    QVERIFY2(QStringList({QStringLiteral("zscore"), QStringLiteral("percent_change"),
                          QStringLiteral("moving_average"), QStringLiteral("quantile")})
                 .contains(f[4]),
             qPrintable(f[4]));
    bool ok = false;
    const double baseline = f[5].toDouble(&ok);
    QVERIFY(ok && baseline > 950 && baseline < 1050);
    QCOMPARE(f[6], QString::number(kSpikeViewers));
    QVERIFY(f[7].toDouble(&ok) > 0 && ok);
    const double score = f[8].toDouble(&ok);
    QVERIFY(ok && score >= 50 && score <= 100);
    // Oldest first.
    QStringList times;
    for (int i = 1; i < lines.size(); ++i)
        times.append(lines[i].section(QLatin1Char(','), 0, 0));
    QStringList sorted = times;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(times, sorted);
}

void TestImportExport::usesTheSettingsStoredInTheDatabase()
{
    const QString file = m_dir.filePath(QStringLiteral("settings.csv"));
    const QString db = m_dir.filePath(QStringLiteral("settings.sqlite"));
    writeFile(file, csv(spikeRows()));
    {
        auto opened = Database::open(db);
        QVERIFY2(opened, qPrintable(opened.error().message));
        AnomalySettings off;
        for (auto &s : off.strategies)
            s.enabled = false;
        AnomalyEventStore store((*opened)->handle());
        QVERIFY(store.saveSettings(off));
    } // closed: the lock is released for the process
    const Run r = import(file, db);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.endsWith(QStringLiteral("; 0 anomaly events stored\n")), qPrintable(r.out));
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM anomaly_events")), 0);
}

void TestImportExport::badRowsAreReportedByLineAndTheRestIsImported()
{
    const QString file = m_dir.filePath(QStringLiteral("bad.csv"));
    const QString db = m_dir.filePath(QStringLiteral("bad.sqlite"));
    QStringList rows = spikeRows().mid(0, 20); // 10 censuses of 2 streams
    // Lines: header 1, rows 2..21; bad ones put in at lines 4, 8 and 12.
    rows.insert(2, QStringLiteral("twich,x,s9,2026-11-21T08:00:00Z,5,,,"));
    rows.insert(6, QStringLiteral("twitch,x,s9,2026-11-21T08:00:00Z,-3,,,"));
    rows.insert(10, QStringLiteral("twitch,x,s9,2026-11-21T08:00:00Z,5"));
    writeFile(file, csv(rows));

    const Run r = import(file, db);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(
                 QStringLiteral("imported 20 samples in 10 censuses (3 bad rows skipped); ")),
             qPrintable(r.out));
    const QStringList errLines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(errLines.size(), 3);
    QVERIFY2(errLines[0].startsWith(QStringLiteral("bad.csv:4: unknown platform \"twich\"")),
             qPrintable(errLines[0]));
    QVERIFY2(errLines[1].startsWith(QStringLiteral("bad.csv:8: viewers \"-3\"")),
             qPrintable(errLines[1]));
    QVERIFY2(errLines[2].startsWith(QStringLiteral("bad.csv:12: 5 fields where the header has 8")),
             qPrintable(errLines[2]));
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM viewership_samples")), 20);
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM streams WHERE external_id = 's9'")),
             0);
}

void TestImportExport::anUnsortedFileImportsAsTheSortedOne()
{
    const QString sortedFile = m_dir.filePath(QStringLiteral("sorted.csv"));
    const QString shuffledFile = m_dir.filePath(QStringLiteral("shuffled.csv"));
    const QString sortedDb = m_dir.filePath(QStringLiteral("sorted.sqlite"));
    const QString shuffledDb = m_dir.filePath(QStringLiteral("shuffled.sqlite"));
    const QStringList rows = spikeRows();
    QStringList shuffled = rows;
    QRandomGenerator rng(42);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    QVERIFY(shuffled != rows);
    writeFile(sortedFile, csv(rows));
    writeFile(shuffledFile, csv(shuffled));

    const Run a = import(sortedFile, sortedDb);
    const Run b = import(shuffledFile, shuffledDb);
    QVERIFY2(a.exitCode == 0 && b.exitCode == 0, qPrintable(a.err + b.err));
    QCOMPARE(b.out, a.out);
    const QString samples = QStringLiteral(
        "SELECT s.external_id, v.taken_at, v.viewers FROM viewership_samples v JOIN streams s "
        "ON s.id = v.stream_id ORDER BY v.taken_at, s.external_id");
    QCOMPARE(query(shuffledDb, samples), query(sortedDb, samples));
    QCOMPARE(query(shuffledDb, QStringLiteral("SELECT taken_at FROM censuses ORDER BY id")),
             query(sortedDb, QStringLiteral("SELECT taken_at FROM censuses ORDER BY id")));
    QCOMPARE(exportAnomalies(shuffledDb).out, exportAnomalies(sortedDb).out);
}

void TestImportExport::quotedTitlesWithCommasAreStoredWhole()
{
    const QString file = m_dir.filePath(QStringLiteral("quoted.csv"));
    const QString db = m_dir.filePath(QStringLiteral("quoted.sqlite"));
    // Columns in another order, CRLF line ends, a title with commas, quotes
    // and a line break, a category with a comma, and UTF-8.
    writeFile(file, "title,viewers,stream_id,channel,timestamp,platform,category\r\n"
                    "\"Speedrun, any%, \"\"no\"\" glitches\",100,s1,runner,"
                    "2026-11-21T10:00:00Z,twitch,\"Games, Retro\"\r\n"
                    "\"Zoë's stream\r\nsecond line\",50,s2,zoë,2026-11-21T10:00:00Z,twitch,\r\n");
    const Run r = import(file, db);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("imported 2 samples in 1 census (0 bad rows")),
             qPrintable(r.out));
    QCOMPARE(query(db, QStringLiteral("SELECT s.title, COALESCE(c.name, '-'), ch.login FROM "
                                      "streams s JOIN channels ch ON ch.id = s.channel_id LEFT "
                                      "JOIN categories c ON c.id = s.category_id ORDER BY s.id")),
             QStringList({QStringLiteral("Speedrun, any%, \"no\" glitches|Games, Retro|runner"),
                          QStringLiteral("Zoë's stream\r\nsecond line|-|zoë")}));
}

void TestImportExport::unixSecondsTimestamps()
{
    const QString file = m_dir.filePath(QStringLiteral("unix.csv"));
    const QString db = m_dir.filePath(QStringLiteral("unix.sqlite"));
    // Unix seconds and ISO 8601 for the same instants make the same censuses.
    writeFile(file, "platform,channel,stream_id,timestamp,viewers\n"
                    "kick,a,k1,1795255200,10\n"
                    "kick,b,k2,2026-11-21T10:00:00Z,20\n"
                    "kick,a,k1,1795255320.000,11\n"
                    "kick,b,k2,2026-11-21T11:02:00+01:00,21\n");
    const Run r = import(file, db);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("imported 4 samples in 2 censuses")),
             qPrintable(r.out));
    QCOMPARE(
        query(db, QStringLiteral("SELECT platform_id, taken_at, stream_count FROM censuses "
                                 "ORDER BY taken_at")),
        QStringList({QStringLiteral("4|1795255200000|2"), QStringLiteral("4|1795255320000|2")}));
}

void TestImportExport::gapsInTheFileEndNoStream()
{
    const QString file = m_dir.filePath(QStringLiteral("gaps.csv"));
    const QString db = m_dir.filePath(QStringLiteral("gaps.sqlite"));
    // "steady" is in every census; "gappy" misses censuses 4-6 and comes
    // back; "short" stops after census 3 for good.
    QStringList rows;
    for (int i = 0; i < 10; ++i) {
        const QString t = iso(kT0 + i * kStepMs);
        rows.append(QStringLiteral("demo,c1,steady,%1,100,,,").arg(t));
        if (i < 4 || i > 6)
            rows.append(QStringLiteral("demo,c2,gappy,%1,200,,,").arg(t));
        if (i <= 3)
            rows.append(QStringLiteral("demo,c3,short,%1,300,,,").arg(t));
    }
    writeFile(file, csv(rows));
    const Run r = import(file, db);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // The censuses that miss "gappy" are partial: they end nothing.
    QCOMPARE(query(db, QStringLiteral("SELECT group_concat(partial, '') FROM (SELECT partial "
                                      "FROM censuses ORDER BY taken_at)")),
             QStringList{QStringLiteral("0000111000")});
    // One session for "gappy", still live; "short" ended at its last sample,
    // by the first complete census after it.
    QCOMPARE(query(db, QStringLiteral("SELECT external_id, COALESCE(ended_at, 'live'), "
                                      "first_seen_at FROM streams ORDER BY external_id")),
             QStringList({QStringLiteral("gappy|live|%1").arg(kT0),
                          QStringLiteral("short|%1|%2").arg(kT0 + 3 * kStepMs).arg(kT0),
                          QStringLiteral("steady|live|%1").arg(kT0)}));
}

void TestImportExport::importingAgainSkipsStoredCensuses()
{
    const QString file = m_dir.filePath(QStringLiteral("again.csv"));
    const QString db = m_dir.filePath(QStringLiteral("again.sqlite"));
    writeFile(file, csv(spikeRows().mid(0, 20)));
    const Run first = import(file, db);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const Run again = import(file, db);
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out, QStringLiteral("imported 0 samples in 0 censuses (0 bad rows skipped, 10 "
                                       "censuses already stored); 0 anomaly events stored\n"));
    QVERIFY2(again.err.contains(QStringLiteral("the Twitch census of 2026-11-21T08:00:00Z is "
                                               "already stored")),
             qPrintable(again.err));
    QCOMPARE(queryInt(db, QStringLiteral("SELECT COUNT(*) FROM viewership_samples")), 20);
}

void TestImportExport::aFileContinuingStoredHistoryDetectsAsOneFile()
{
    // The spike comes 5 censuses into the second file, fewer than a stream
    // needs to raise anything: detection there stands on the history the
    // first file stored (the detector is warmed from the database as the
    // live pipeline's is at start-up).
    const QStringList rows = spikeRows();
    const QString whole = m_dir.filePath(QStringLiteral("whole.csv"));
    const QString first = m_dir.filePath(QStringLiteral("first.csv"));
    const QString second = m_dir.filePath(QStringLiteral("second.csv"));
    writeFile(whole, csv(rows));
    writeFile(first, csv(rows.mid(0, 2 * 85)));
    writeFile(second, csv(rows.mid(2 * 85)));
    const QString oneDb = m_dir.filePath(QStringLiteral("whole.sqlite"));
    const QString twoDb = m_dir.filePath(QStringLiteral("parts.sqlite"));
    QCOMPARE(import(whole, oneDb).exitCode, 0);
    QCOMPARE(import(first, twoDb).exitCode, 0);
    const Run r = import(second, twoDb);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("imported 70 samples in 35 censuses (0 bad rows "
                                             "skipped); ")),
             qPrintable(r.out));
    const Run a = exportAnomalies(oneDb);
    const Run b = exportAnomalies(twoDb);
    QVERIFY(a.out.contains(QStringLiteral("2026-11-21T11:00:00Z,twitch,spiky_chan,spiky,")));
    QCOMPARE(b.out, a.out);
}

// An empty viewers cell: the channel hid its count. Stored as unknown (-1),
// out of totals and peaks, and no sample for detection: the events are those
// of the same file without those rows.
void TestImportExport::anEmptyViewersCellImportsAsAHiddenCount()
{
    // "flat" hides its count in one census of five (24 rows): A has those
    // rows with an empty cell, B lacks them.
    QStringList withHidden = spikeRows();
    QStringList without;
    for (int i = 0; i < withHidden.size(); ++i) {
        if (i % 2 == 1 && (i / 2) % 5 == 2)
            withHidden[i].replace(QRegularExpression(QStringLiteral(",\\d+,Chess,")),
                                  QStringLiteral(",,Chess,"));
        else
            without.append(withHidden[i]);
    }
    const QString dbA = m_dir.filePath(QStringLiteral("hidden.sqlite"));
    const QString dbB = m_dir.filePath(QStringLiteral("known.sqlite"));
    writeFile(m_dir.filePath(QStringLiteral("hidden.csv")), csv(withHidden));
    writeFile(m_dir.filePath(QStringLiteral("known.csv")), csv(without));
    const Run a = import(m_dir.filePath(QStringLiteral("hidden.csv")), dbA);
    QVERIFY2(a.out.startsWith(QStringLiteral("imported 240 samples in 120 censuses (0 bad rows")),
             qPrintable(a.out + a.err));
    const Run b = import(m_dir.filePath(QStringLiteral("known.csv")), dbB);
    QVERIFY2(b.exitCode == 0, qPrintable(b.err));
    QCOMPARE(queryInt(dbA, QStringLiteral("SELECT COUNT(*) FROM viewership_samples v JOIN streams "
                                          "s ON s.id = v.stream_id WHERE s.external_id = 'flat'"
                                          " AND v.viewers = -1")),
             24);
    QCOMPARE(queryInt(dbA, QStringLiteral("SELECT COUNT(*) FROM censuses WHERE partial = 1")), 0);
    // Totals, peaks and events: those of the file without the hidden rows.
    for (const char *sql : {"SELECT taken_at, total_viewers FROM censuses ORDER BY 1",
                            "SELECT external_id, peak_viewers FROM streams ORDER BY 1"})
        QCOMPARE(query(dbA, QString::fromLatin1(sql)), query(dbB, QString::fromLatin1(sql)));
    const Run eventsA = exportAnomalies(dbA);
    QVERIFY2(eventsA.exitCode == 0, qPrintable(eventsA.err));
    QCOMPARE(eventsA.out, exportAnomalies(dbB).out);
    QVERIFY(eventsA.out.count(QLatin1Char('\n')) >= 2); // the header and the spike
}

void TestImportExport::aMissingFileExitsOneWithTheReason()
{
    const QString file = m_dir.filePath(QStringLiteral("nowhere.csv"));
    const QString db = m_dir.filePath(QStringLiteral("nowhere.sqlite"));
    const Run r = import(file, db);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(file), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("No such file"), Qt::CaseInsensitive),
             qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1); // one line
    QVERIFY(!QFile::exists(db));                 // no database made for nothing
}

void TestImportExport::aFileWithoutTheRequiredColumnsExitsOne()
{
    const QString file = m_dir.filePath(QStringLiteral("columns.csv"));
    writeFile(file, "platform,channel,when,viewers\ntwitch,a,0,1\n");
    const Run r = import(file, m_dir.filePath(QStringLiteral("columns.sqlite")));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("stream_id, timestamp")), qPrintable(r.err));
}

void TestImportExport::exportOfAnUnknownKindListsTheSupportedOnes()
{
    const Run r = runStreamRank(
        {QStringLiteral("--headless"), QStringLiteral("--export"), QStringLiteral("rankings")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("supported: anomalies")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestImportExport::exportWithoutADatabaseExitsOne()
{
    const QString db = m_dir.filePath(QStringLiteral("absent.sqlite"));
    const Run r = exportAnomalies(db);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(db), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(db));
}

void TestImportExport::aDatabaseInUseIsRefused()
{
    const QString db = m_dir.filePath(QStringLiteral("busy.sqlite"));
    const QString file = m_dir.filePath(QStringLiteral("busy.csv"));
    writeFile(file, csv(spikeRows().mid(0, 4)));
    QProcess collector;
    collector.start(QStringLiteral(STREAMRANK_EXE),
                    {QStringLiteral("--headless"), QStringLiteral("--duration"),
                     QStringLiteral("8"), QStringLiteral("--database"), db});
    QVERIFY(collector.waitForReadyRead(30000)); // it prints once collecting

    const Run i = import(file, db);
    QCOMPARE(i.exitCode, 1);
    QVERIFY2(i.err.contains(QStringLiteral("in use")), qPrintable(i.err));
    const Run e = exportAnomalies(db);
    QCOMPARE(e.exitCode, 1);
    QVERIFY2(e.err.contains(QStringLiteral("in use")), qPrintable(e.err));
    QVERIFY(e.out.isEmpty());

    QVERIFY(collector.waitForFinished(30000));
    TestSupport::failOnSanitizerReport(QString::fromUtf8(collector.readAllStandardError()));
    QCOMPARE(collector.exitCode(), 0);
    // Once it is gone, the export works on what it collected.
    const Run after = exportAnomalies(db);
    QVERIFY2(after.exitCode == 0, qPrintable(after.err));
    QVERIFY(after.out.startsWith(QStringLiteral("time,platform,")));
}

QTEST_GUILESS_MAIN(TestImportExport)
#include "tst_importexport.moc"
