// The CSV reader, the sample file's checks and the anomaly CSV line, without
// a process: quoting, line breaks, line numbers, timestamps, bad rows and
// the order rows come out in.
#include "anomalyexport.h"
#include "csvreader.h"
#include "samplefile.h"

#include <QBuffer>
#include <QDateTime>
#include <QTest>

using namespace StreamRank;

namespace {

QVector<CsvRecord> readAll(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer);
    QVector<CsvRecord> records;
    CsvRecord record;
    while (reader.next(&record))
        records.append(record);
    return records;
}

Result<SampleTable> readTable(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return readSampleFile(&buffer, QStringLiteral("test.csv"));
}

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QStringList fields(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return list;
}

} // namespace

class TestSampleFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPlainRecordsWithLfOrCrlf()
    {
        const auto records = readAll("a,b,c\r\n1,2,3\n4,,6"); // no final line break
        QCOMPARE(records.size(), 3);
        QCOMPARE(records[0].fields, fields({"a", "b", "c"}));
        QCOMPARE(records[1].fields, fields({"1", "2", "3"}));
        QCOMPARE(records[2].fields, fields({"4", "", "6"}));
        QCOMPARE(records[2].line, 3);
        for (const CsvRecord &r : records)
            QVERIFY(r.error.isEmpty());
    }

    void quotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        const auto records = readAll("h1,h2\n"
                                     "\"Hello, world\",\"She said \"\"hi\"\"\"\n"
                                     "\"two\r\nlines\",x\n"
                                     "\"\",\"a\"\"\"\n"
                                     "last,one\n");
        QCOMPARE(records.size(), 5);
        QCOMPARE(records[1].fields, fields({"Hello, world", "She said \"hi\""}));
        QCOMPARE(records[2].fields, fields({"two\r\nlines", "x"}));
        QCOMPARE(records[2].line, 3);
        QCOMPARE(records[3].fields, fields({"", "a\""}));
        QCOMPARE(records[3].line, 5); // the quoted line break counted
        QCOMPARE(records[4].line, 6);
    }

    void blankLinesAreSkippedAndCounted()
    {
        const auto records = readAll("\n\r\nh\n\n\nx\n\n");
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].line, 3);
        QCOMPARE(records[1].line, 6);
    }

    void byteOrderMarkAndUtf8()
    {
        const auto records =
            readAll("\xEF\xBB\xBFplatform,title\ntwitch,Zo\xC3\xAB \xE2\x9C\x93\n");
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[0].fields.first(), QStringLiteral("platform"));
        QCOMPARE(records[1].fields.at(1), QStringLiteral("Zoë ✓"));
    }

    void malformedRecordsSayWhyAndReadingGoesOn()
    {
        const auto records = readAll("\"ok\",1\n"
                                     "\"closed\"junk,2\n"
                                     "bad \xFF byte,3\n"
                                     "after,4\n"
                                     "\"never closed,5\nstill,6\n");
        QCOMPARE(records.size(), 5);
        QVERIFY(records[0].error.isEmpty());
        QVERIFY2(records[1].error.contains(QStringLiteral("followed by text")),
                 qPrintable(records[1].error));
        QCOMPARE(records[1].fields.size(), 2); // it still found the next field
        QVERIFY2(records[2].error.contains(QStringLiteral("UTF-8")), qPrintable(records[2].error));
        QVERIFY(records[3].error.isEmpty());
        QCOMPARE(records[3].fields, fields({"after", "4"}));
        QVERIFY2(records[4].error.contains(QStringLiteral("never closed")),
                 qPrintable(records[4].error));
        QCOMPARE(records[4].line, 5);
        // A replacement character that is in the file is not an error.
        QVERIFY(readAll("a\xEF\xBF\xBD\n").first().error.isEmpty());
    }

    void recordsSpanningReadChunks()
    {
        // Chunks are 1 MiB: quoted and unquoted fields cross the boundary.
        QByteArray bytes = "h1,h2\n";
        int rows = 0;
        while (bytes.size() < 3 * 1024 * 1024) {
            bytes += "\"quoted, " + QByteArray::number(rows) + " \"\"x\"\"\",plain" +
                     QByteArray::number(rows) + "\r\n";
            ++rows;
        }
        const auto records = readAll(bytes);
        QCOMPARE(records.size(), rows + 1);
        for (int i = 0; i < rows; ++i) {
            const CsvRecord &r = records[i + 1];
            QVERIFY(r.error.isEmpty());
            QCOMPARE(r.line, i + 2);
            QCOMPARE(r.fields.at(0), QStringLiteral("quoted, %1 \"x\"").arg(i));
            QCOMPARE(r.fields.at(1), QStringLiteral("plain%1").arg(i));
        }
    }

    void csvFieldQuotesOnlyWhereNeeded()
    {
        QCOMPARE(csvField(u"plain text"), QStringLiteral("plain text"));
        QCOMPARE(csvField(u"a,b"), QStringLiteral("\"a,b\""));
        QCOMPARE(csvField(u"say \"hi\""), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(csvField(u"two\nlines"), QStringLiteral("\"two\nlines\""));
        const QString tricky = QStringLiteral("x, \"y\"\r\nz");
        const auto back = readAll((csvField(tricky) + QStringLiteral(",end\n")).toUtf8());
        QCOMPARE(back.size(), 1);
        QCOMPARE(back[0].fields, QStringList({tricky, QStringLiteral("end")}));
    }

    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1: refused
        const qint64 ten = utc("2026-11-21T10:00:00Z");
        QTest::newRow("Z") << QStringLiteral("2026-11-21T10:00:00Z") << ten;
        QTest::newRow("lowercase z and t") << QStringLiteral("2026-11-21t10:00:00z") << ten;
        QTest::newRow("milliseconds") << QStringLiteral("2026-11-21T10:00:00.250Z") << ten + 250;
        QTest::newRow("more digits") << QStringLiteral("2026-11-21T10:00:00.1239Z") << ten + 123;
        QTest::newRow("one digit") << QStringLiteral("2026-11-21T10:00:00.5Z") << ten + 500;
        QTest::newRow("no zone is UTC") << QStringLiteral("2026-11-21T10:00:00") << ten;
        QTest::newRow("space") << QStringLiteral("2026-11-21 10:00:00Z") << ten;
        QTest::newRow("no seconds") << QStringLiteral("2026-11-21T10:00Z") << ten;
        QTest::newRow("+01:00") << QStringLiteral("2026-11-21T11:00:00+01:00") << ten;
        QTest::newRow("+0100") << QStringLiteral("2026-11-21T11:00:00+0100") << ten;
        QTest::newRow("+01") << QStringLiteral("2026-11-21T11:00:00+01") << ten;
        QTest::newRow("-05:30") << QStringLiteral("2026-11-21T04:30:00.000-05:30") << ten;
        QTest::newRow("padded") << QStringLiteral("  2026-11-21T10:00:00Z ") << ten;
        QTest::newRow("unix seconds") << QStringLiteral("1795255200") << qint64(1795255200000);
        QTest::newRow("unix fraction") << QStringLiteral("1795255200.75") << qint64(1795255200750);
        QTest::newRow("unix zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("leap day") << QStringLiteral("2028-02-29T00:00:00Z")
                                  << utc("2028-02-29T00:00:00Z");
        QTest::newRow("no such day") << QStringLiteral("2026-02-29T00:00:00Z") << qint64(-1);
        QTest::newRow("hour 24") << QStringLiteral("2026-11-21T24:00:00Z") << qint64(-1);
        QTest::newRow("date only") << QStringLiteral("2026-11-21") << qint64(-1);
        QTest::newRow("trailing text") << QStringLiteral("2026-11-21T10:00:00Zx") << qint64(-1);
        QTest::newRow("bare sign") << QStringLiteral("2026-11-21T10:00:00+") << qint64(-1);
        QTest::newRow("empty fraction") << QStringLiteral("2026-11-21T10:00:00.Z") << qint64(-1);
        QTest::newRow("negative unix") << QStringLiteral("-5") << qint64(-1);
        QTest::newRow("exponent") << QStringLiteral("1e9") << qint64(-1);
        QTest::newRow("words") << QStringLiteral("yesterday") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("beyond 9999") << QStringLiteral("999999999999") << qint64(-1);
    }
    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto parsed = parseSampleTime(text);
        if (expected < 0) {
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, expected);
        }
    }

    void viewers()
    {
        QCOMPARE(parseViewers(u"0"), std::optional<qint32>(0));
        QCOMPARE(parseViewers(u" 45000 "), std::optional<qint32>(45000));
        QCOMPARE(parseViewers(u"2147483647"), std::optional<qint32>(2147483647));
        for (const char16_t *bad : {u"-1", u"1.5", u"", u"2147483648", u"99999999999", u"+3",
                                    u"1e3", u"12 000", u"\uFF11\uFF12"})
            QVERIFY2(!parseViewers(bad), qPrintable(QString::fromUtf16(bad)));
    }

    void anEmptyViewersCellIsAHiddenCount()
    {
        // Empty (or blank, or quoted empty): the platform hid the count —
        // unknown, not 0 and not a bad row. A negative number stays bad.
        auto table = readTable("platform,channel,stream_id,timestamp,viewers\n"
                               "youtube,a,v1,2026-11-21T10:00:00Z,\n"
                               "youtube,a,v1,2026-11-21T10:01:00Z,  \n"
                               "youtube,a,v1,2026-11-21T10:02:00Z,\"\"\n"
                               "youtube,a,v1,2026-11-21T10:03:00Z,0\n"
                               "youtube,a,v1,2026-11-21T10:04:00Z,-1\n");
        QVERIFY2(table, qPrintable(table.error()));
        QCOMPARE(table->rows.size(), std::size_t(4));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(table->rows[std::size_t(i)].viewers, StreamObservation::UnknownViewers);
        QCOMPARE(table->rows[3].viewers, 0);
        QCOMPARE(table->badRowCount, 1);
        QVERIFY2(table->badRows.at(0).reason.startsWith(
                     QStringLiteral("viewers \"-1\" is not a whole number of 0 or more")),
                 qPrintable(table->badRows.at(0).reason));
    }

    void headerByNameInAnyOrder()
    {
        auto table = readTable("Viewers, TIMESTAMP ,extra,stream_id,channel,platform\n"
                               "10,2026-11-21T10:00:00Z,ignored,s1,alice,twitch\n");
        QVERIFY2(table, qPrintable(table.error()));
        QCOMPARE(table->rows.size(), std::size_t(1));
        const SampleRow &row = table->rows.front();
        QCOMPARE(row.viewers, 10);
        QCOMPARE(row.platform, Platform::Twitch);
        QCOMPARE(table->streams.at(row.stream).channel, QStringLiteral("alice"));
        QCOMPARE(table->strings.at(row.title), QString()); // no title column
        QVERIFY(!table->strings.at(row.title).isNull());   // binds as '' not NULL
    }

    void unusableFilesAreErrors()
    {
        auto empty = readTable("");
        QVERIFY(!empty);
        QVERIFY2(empty.error().contains(QStringLiteral("empty")), qPrintable(empty.error()));
        auto missing = readTable("platform,channel,timestamp\ntwitch,a,0\n");
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(QStringLiteral("stream_id, viewers")),
                 qPrintable(missing.error()));
        QVERIFY(missing.error().contains(QStringLiteral("test.csv")));
    }

    void badRowsCarryTheirLineAndReason()
    {
        auto table = readTable("platform,channel,stream_id,timestamp,viewers,title\n"   // 1
                               "twitch,a,s1,2026-11-21T10:00:00Z,100,\"multi\nline\"\n" // 2-3
                               "twich,a,s1,2026-11-21T10:02:00Z,100,x\n"                // 4
                               "twitch,a,s1,2026-11-21T10:02:00Z,-5,x\n"                // 5
                               "twitch,a,s1,2026-11-21T10:02:00Z,1.5,x\n"               // 6
                               "twitch,a,,2026-11-21T10:02:00Z,100,x\n"                 // 7
                               "twitch,a,s1,whenever,100,x\n"                           // 8
                               "twitch,a,s1,2026-11-21T10:02:00Z,100\n"                 // 9
                               "twitch,b,s1,2026-11-21T10:04:00Z,100,x\n"               // 10
                               "twitch,a,s1,2026-11-21T10:00:00Z,999,again\n"           // 11
                               "twitch,,s2,2026-11-21T10:00:00Z,1,x\n"                  // 12
                               "\"twitch\"x,a,s1,2026-11-21T10:06:00Z,100,x\n"          // 13
                               "TWITCH,a,s1,2026-11-21T10:08:00Z,100,fine\n");          // 14
        QVERIFY2(table, qPrintable(table.error()));
        QCOMPARE(table->records, 12);
        QCOMPARE(table->badRowCount, 10);
        QStringList got;
        for (const SampleBadRow &bad : table->badRows)
            got.append(QString::number(bad.line) + QLatin1Char(' ') + bad.reason);
        const QStringList expectedStarts{
            QStringLiteral("4 unknown platform \"twich\""),
            QStringLiteral("5 viewers \"-5\" is not a whole number"),
            QStringLiteral("6 viewers \"1.5\""),
            QStringLiteral("7 stream_id is empty"),
            QStringLiteral("8 timestamp \"whenever\""),
            QStringLiteral("9 5 fields where the header has 6"),
            QStringLiteral("10 stream \"s1\" is on channel \"a\" (line 2), not \"b\""),
            QStringLiteral("11 a second sample of stream \"s1\" at 2026-11-21T10:00:00Z (the first "
                           "is on line 2)"),
            QStringLiteral("12 channel is empty"),
            QStringLiteral("13 a quoted field is followed by text"),
        };
        QCOMPARE(got.size(), 10);
        for (int i = 0; i < expectedStarts.size(); ++i)
            QVERIFY2(got[i].startsWith(expectedStarts[i]), qPrintable(got[i]));
        QCOMPARE(table->rows.size(), std::size_t(2));
        QCOMPARE(table->strings.at(table->rows[0].title), QStringLiteral("multi\nline"));
        QCOMPARE(table->rows[1].line, 14);
    }

    void edgesAreRefusedConsistently()
    {
        // A NUL would be stored and read back cut short; a time before 1970
        // is refused in ISO form as it is in Unix form ("-1"); both rows only.
        QByteArray csv("platform,channel,stream_id,timestamp,viewers,title\n"
                       "twitch,a,s1,2026-11-21T10:00:00Z,100,fine\n"       // 2
                       "twitch,a,s1,1969-12-31T23:59:59Z,100,x\n"          // 3
                       "twitch,a,s1,-1,100,x\n"                            // 4
                       "twitch,a,s1,2026-11-21T10:02:00Z,100,nul here\n"); // 5
        csv.replace(QByteArray("nul here"), QByteArray("nul\0here", 8));
        auto table = readTable(csv);
        QVERIFY2(table, qPrintable(table.error()));
        QCOMPARE(table->rows.size(), std::size_t(1));
        QCOMPARE(table->badRowCount, 3);
        QCOMPARE(table->badRows.at(0).line, 3);
        QCOMPARE(
            table->badRows.at(0).reason,
            QStringLiteral("timestamp \"1969-12-31T23:59:59Z\" is before 1970-01-01T00:00:00Z"));
        QCOMPARE(table->badRows.at(1).line, 4);
        QVERIFY2(table->badRows.at(1).reason.startsWith(QStringLiteral("timestamp \"-1\"")),
                 qPrintable(table->badRows.at(1).reason));
        QCOMPARE(table->badRows.at(2).line, 5);
        QCOMPARE(table->badRows.at(2).reason, QStringLiteral("field 6 holds a NUL character"));

        // A column of ours named twice: which one holds the values? The file
        // is refused before anything is read from it.
        auto twice = readTable("platform,channel,stream_id,timestamp,viewers,Viewers\n"
                               "twitch,a,s1,2026-11-21T10:00:00Z,100,5\n");
        QVERIFY(!twice);
        QCOMPARE(twice.error(),
                 QStringLiteral("test.csv: the header row names the column viewers twice "
                                "(columns 5 and 6); which one holds the values is unclear."));
        // Unknown columns may repeat: they are ignored.
        QVERIFY(readTable("platform,channel,stream_id,timestamp,viewers,x,x\n"
                          "twitch,a,s1,2026-11-21T10:00:00Z,100,1,2\n"));
    }

    void rowsComeOutInCensusOrder()
    {
        auto table = readTable("platform,channel,stream_id,timestamp,viewers\n"
                               "twitch,b,sb,1795255320,30\n"         // 10:02 twitch
                               "demo,d,sd,2026-11-21T10:02:00Z,40\n" // 10:02 demo
                               "twitch,a,sa,2026-11-21T10:00:00Z,10\n"
                               "twitch,b,sb,2026-11-21T10:00:00Z,20\n"
                               "twitch,a,sa,2026-11-21T10:04:00+00:00,50\n");
        QVERIFY2(table, qPrintable(table.error()));
        QCOMPARE(table->badRowCount, 0);
        QStringList order;
        for (const SampleRow &row : table->rows)
            order.append(table->streams.at(row.stream).streamId + QLatin1Char('=') +
                         QString::number(row.viewers));
        // By time, then platform (demo before twitch), then stream in the
        // order the file first names them (sb before sa).
        QCOMPARE(order, QStringList({QStringLiteral("sb=20"), QStringLiteral("sa=10"),
                                     QStringLiteral("sd=40"), QStringLiteral("sb=30"),
                                     QStringLiteral("sa=50")}));
        const qint64 ten = utc("2026-11-21T10:00:00Z");
        const SampleStream &sa = table->streams.at(table->rows[1].stream);
        QCOMPARE(sa.firstMs, ten);
        QCOMPARE(sa.lastMs, ten + 4 * 60'000);
        const SampleStream &sb = table->streams.at(table->rows[0].stream);
        QCOMPARE(sb.lastMs, ten + 2 * 60'000);
    }

    void badRowsListedAreCapped()
    {
        QByteArray bytes = "platform,channel,stream_id,timestamp,viewers\n";
        for (int i = 0; i < 1500; ++i)
            bytes += "nowhere,a,s,0,1\n";
        bytes += "demo,a,s,0,1\n";
        auto table = readTable(bytes);
        QVERIFY(table);
        QCOMPARE(table->badRowCount, 1500);
        QCOMPARE(table->badRows.size(), SampleTable::kMaxListedBadRows);
        QCOMPARE(table->badRows.first().line, 2);
        QCOMPARE(table->rows.size(), std::size_t(1));
    }

    void anomalyLinesAreCsv()
    {
        AnomalyEvent e;
        e.platform = Platform::Twitch;
        e.streamId = QStringLiteral("12345");
        e.channelLogin = QStringLiteral("odd, \"name\"");
        e.timeMs = utc("2026-11-21T10:00:00Z");
        e.strategy = AnomalyStrategy::PercentChange;
        e.baselineViewers = 10000.5;
        e.observedViewers = 45000;
        e.rawScore = 349.95;
        e.score = 1e-7;
        QCOMPARE(anomalyCsvHeader(), QStringLiteral("time,platform,channel,stream_id,strategy,"
                                                    "baseline,observed,raw_score,score"));
        QCOMPARE(anomalyCsvLine(e),
                 QStringLiteral("2026-11-21T10:00:00Z,twitch,\"odd, \"\"name\"\"\",12345,"
                                "percent_change,10000.5,45000,349.95,0.0000001"));
        e.timeMs += 250;
        e.score = 100;
        QVERIFY(anomalyCsvLine(e).startsWith(QStringLiteral("2026-11-21T10:00:00.250Z,")));
        QVERIFY(anomalyCsvLine(e).endsWith(QStringLiteral(",100")));
    }
};

QTEST_GUILESS_MAIN(TestSampleFile)
#include "tst_samplefile.moc"
