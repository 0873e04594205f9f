#include "samplefile.h"

#include "csvreader.h"

#include "clock.h"

#include <QDate>
#include <QDateTime>

#include <algorithm>
#include <limits>
#include <tuple>

namespace StreamRank {

namespace {

constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;
constexpr qint64 kMaxUnixSeconds = 253'402'300'799; // 9999-12-31T23:59:59Z

enum Column
{
    PlatformColumn,
    ChannelColumn,
    StreamIdColumn,
    TimestampColumn,
    ViewersColumn,
    CategoryColumn,
    LanguageColumn,
    TitleColumn,
    ColumnCount
};
constexpr int kRequiredColumns = ViewersColumn + 1;
const char *const kColumnNames[ColumnCount] = {"platform", "channel",  "stream_id", "timestamp",
                                               "viewers",  "category", "language",  "title"};

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// Reads exactly `count` digits at `pos`.
bool readDigits(QStringView text, qsizetype &pos, int count, int *value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (int k = 0; k < count; ++k) {
        const QChar c = text[pos + k];
        if (!isAsciiDigit(c))
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    pos += count;
    *value = v;
    return true;
}

bool expect(QStringView text, qsizetype &pos, char16_t c)
{
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// Milliseconds from a fraction's digits after the point: the first three count.
int fractionMs(QStringView text, qsizetype &pos, bool *ok)
{
    int ms = 0;
    int digits = 0;
    while (pos < text.size() && isAsciiDigit(text[pos])) {
        if (digits < 3)
            ms = ms * 10 + (text[pos].unicode() - u'0');
        ++digits;
        ++pos;
    }
    for (int k = digits; k < 3; ++k)
        ms *= 10;
    *ok = digits > 0;
    return ms;
}

std::optional<qint64> parseUnixSeconds(QStringView text)
{
    qsizetype pos = 0;
    qint64 seconds = 0;
    while (pos < text.size() && isAsciiDigit(text[pos])) {
        seconds = seconds * 10 + (text[pos].unicode() - u'0');
        if (seconds > kMaxUnixSeconds)
            return std::nullopt;
        ++pos;
    }
    if (pos == 0)
        return std::nullopt;
    int ms = 0;
    if (pos < text.size()) {
        if (text[pos] != u'.')
            return std::nullopt;
        ++pos;
        bool ok = false;
        ms = fractionMs(text, pos, &ok);
        if (!ok || pos != text.size())
            return std::nullopt;
    }
    return seconds * 1000 + ms;
}

std::optional<qint64> parseIso(QStringView text)
{
    qsizetype pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, pos, 4, &year) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, &month) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, &day))
        return std::nullopt;
    if (!expect(text, pos, u'T') && !expect(text, pos, u't') && !expect(text, pos, u' '))
        return std::nullopt;
    if (!readDigits(text, pos, 2, &hour) || !expect(text, pos, u':') ||
        !readDigits(text, pos, 2, &minute))
        return std::nullopt;
    int ms = 0;
    if (expect(text, pos, u':')) {
        if (!readDigits(text, pos, 2, &second))
            return std::nullopt;
        if (expect(text, pos, u'.') || expect(text, pos, u',')) {
            bool ok = false;
            ms = fractionMs(text, pos, &ok);
            if (!ok)
                return std::nullopt;
        }
    }
    const QDate date(year, month, day);
    if (!date.isValid() || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;

    int offsetMinutes = 0;
    if (pos < text.size()) {
        const QChar zone = text[pos++];
        if (zone == u'Z' || zone == u'z') {
            // UTC
        } else if (zone == u'+' || zone == u'-') {
            int oh = 0, om = 0;
            if (!readDigits(text, pos, 2, &oh))
                return std::nullopt;
            if (pos < text.size()) {
                expect(text, pos, u':');
                if (!readDigits(text, pos, 2, &om))
                    return std::nullopt;
            }
            if (oh > 23 || om > 59)
                return std::nullopt;
            offsetMinutes = (oh * 60 + om) * (zone == u'-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
        if (pos != text.size())
            return std::nullopt;
    }
    const qint64 days = date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
    return days * kDayMs + qint64(hour) * 3'600'000 + qint64(minute) * 60'000 +
           qint64(second) * 1000 + ms - qint64(offsetMinutes) * 60'000;
}

QString quoted(QStringView text)
{
    constexpr qsizetype kMaxShown = 40;
    const QString shown = text.size() > kMaxShown
                              ? text.left(kMaxShown).toString() + QStringLiteral("…")
                              : text.toString();
    return u'"' + shown + u'"';
}

// Everything readSampleFile() keeps between rows.
class TableBuilder
{
public:
    explicit TableBuilder(SampleTable &table) : m_table(table) {}

    void bad(qint64 line, const QString &reason)
    {
        ++m_table.badRowCount;
        if (m_table.badRows.size() < SampleTable::kMaxListedBadRows)
            m_table.badRows.append({line, reason});
    }

    qint32 intern(const QString &text)
    {
        if (text.isEmpty())
            return 0;
        const auto found = m_strings.constFind(text);
        if (found != m_strings.constEnd())
            return *found;
        const auto index = qint32(m_table.strings.size());
        m_table.strings.append(text);
        m_strings.insert(text, index);
        return index;
    }

    void addRow(const CsvRecord &record, const std::array<int, ColumnCount> &at);
    void finish();

private:
    SampleTable &m_table;
    QHash<QString, qint32> m_strings;
    std::array<QHash<QString, qint32>, PlatformCount> m_streams;
};

void TableBuilder::addRow(const CsvRecord &record, const std::array<int, ColumnCount> &at)
{
    const qint64 line = record.line;
    // SQLite would store it and read the text back cut short at it.
    for (qsizetype i = 0; i < record.fields.size(); ++i) {
        if (record.fields.at(i).contains(QChar(u'\0')))
            return bad(line, QStringLiteral("field %1 holds a NUL character").arg(i + 1));
    }
    const auto field = [&](int column) -> QString {
        return at[column] < 0 ? QString() : record.fields.at(at[column]);
    };
    const QString platformText = field(PlatformColumn).trimmed();
    const auto platform = platformFromCode(platformText.toLower());
    if (!platform)
        return bad(line, QStringLiteral("unknown platform %1 (expected demo, twitch, youtube or "
                                        "kick)")
                             .arg(quoted(platformText)));
    const QString streamId = field(StreamIdColumn).trimmed();
    if (streamId.isEmpty())
        return bad(line, QStringLiteral("stream_id is empty"));
    const QString channel = field(ChannelColumn).trimmed();
    if (channel.isEmpty())
        return bad(line, QStringLiteral("channel is empty"));
    const QString timeText = field(TimestampColumn);
    const auto time = parseSampleTime(timeText);
    if (!time)
        return bad(line, QStringLiteral("timestamp %1 is neither ISO 8601 (such as "
                                        "2026-11-21T10:00:00Z) nor Unix seconds")
                             .arg(quoted(timeText.trimmed())));
    if (*time < 0)
        return bad(line, QStringLiteral("timestamp %1 is before 1970-01-01T00:00:00Z")
                             .arg(quoted(timeText.trimmed())));
    // An empty cell is a count the platform hid: unknown, never 0.
    const QString viewersText = field(ViewersColumn);
    const auto viewers = viewersText.trimmed().isEmpty()
                             ? std::optional<qint32>(StreamObservation::UnknownViewers)
                             : parseViewers(viewersText);
    if (!viewers)
        return bad(line, QStringLiteral("viewers %1 is not a whole number of 0 or more (nor "
                                        "empty: hidden)")
                             .arg(quoted(viewersText.trimmed())));

    auto &streams = m_streams[std::size_t(*platform)];
    qint32 stream = streams.value(streamId, -1);
    if (stream < 0) {
        stream = qint32(m_table.streams.size());
        streams.insert(streamId, stream);
        m_table.streams.append({*platform, streamId, channel, *time, *time, line});
    } else if (const SampleStream &known = m_table.streams.at(stream); known.channel != channel) {
        return bad(line, QStringLiteral("stream %1 is on channel %2 (line %3), not %4")
                             .arg(quoted(streamId), quoted(known.channel),
                                  QString::number(known.firstLine), quoted(channel)));
    }
    SampleRow row;
    row.timeMs = *time;
    row.line = line;
    row.viewers = *viewers;
    row.stream = stream;
    row.title = intern(field(TitleColumn));
    row.category = intern(field(CategoryColumn).trimmed());
    row.language = intern(field(LanguageColumn).trimmed());
    row.platform = *platform;
    m_table.rows.push_back(row);
}

// Census order, then the second and later samples of a stream at one time
// are set aside (the first in the file counts, as a collector's repeated
// item does), and each stream's first and last time taken from what is left.
void TableBuilder::finish()
{
    std::vector<SampleRow> &rows = m_table.rows;
    std::sort(rows.begin(), rows.end(), [](const SampleRow &a, const SampleRow &b) {
        return std::tie(a.timeMs, a.platform, a.stream, a.line) <
               std::tie(b.timeMs, b.platform, b.stream, b.line);
    });
    struct Repeat
    {
        qint64 line;
        qint64 firstLine;
        qint32 stream;
        qint64 timeMs;
    };
    std::vector<Repeat> repeats;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (kept > 0) {
            const SampleRow &previous = rows[kept - 1];
            if (previous.stream == rows[i].stream && previous.timeMs == rows[i].timeMs) {
                repeats.push_back({rows[i].line, previous.line, rows[i].stream, rows[i].timeMs});
                continue;
            }
        }
        rows[kept++] = rows[i];
    }
    rows.resize(kept);
    rows.shrink_to_fit();

    for (SampleStream &s : m_table.streams) {
        s.firstMs = std::numeric_limits<qint64>::max();
        s.lastMs = std::numeric_limits<qint64>::min();
    }
    for (const SampleRow &row : rows) {
        SampleStream &s = m_table.streams[row.stream];
        s.firstMs = std::min(s.firstMs, row.timeMs);
        s.lastMs = std::max(s.lastMs, row.timeMs);
    }

    if (repeats.empty())
        return;
    std::sort(repeats.begin(), repeats.end(),
              [](const Repeat &a, const Repeat &b) { return a.line < b.line; });
    for (const Repeat &r : repeats) {
        const SampleStream &s = m_table.streams.at(r.stream);
        bad(r.line,
            QStringLiteral("a second sample of stream %1 at %2 (the first is on line %3)")
                .arg(quoted(s.streamId), isoUtcText(r.timeMs), QString::number(r.firstLine)));
    }
    std::sort(m_table.badRows.begin(), m_table.badRows.end(),
              [](const SampleBadRow &a, const SampleBadRow &b) { return a.line < b.line; });
    if (m_table.badRows.size() > SampleTable::kMaxListedBadRows)
        m_table.badRows.resize(SampleTable::kMaxListedBadRows);
}

} // namespace

std::optional<qint64> parseSampleTime(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.size() >= 10 && text[4] == u'-')
        return parseIso(text);
    return parseUnixSeconds(text);
}

std::optional<qint32> parseViewers(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 10)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text) {
        if (!isAsciiDigit(c))
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > std::numeric_limits<qint32>::max())
        return std::nullopt;
    return qint32(value);
}

Result<SampleTable> readSampleFile(QIODevice *device, const QString &fileName)
{
    CsvReader reader(device);
    CsvRecord record;
    if (!reader.next(&record)) {
        if (!reader.readError().isEmpty())
            return Unexpected{
                QStringLiteral("Could not read %1: %2.").arg(fileName, reader.readError())};
        return Unexpected{QStringLiteral("%1 is empty: it needs a header row naming the columns "
                                         "platform, channel, stream_id, timestamp and viewers.")
                              .arg(fileName)};
    }
    if (!record.error.isEmpty())
        return Unexpected{QStringLiteral("%1: the header row (line %2) is malformed: %3.")
                              .arg(fileName, QString::number(record.line), record.error)};

    // By name, in any order; columns StreamRank does not know are ignored. A
    // column of its own named twice is ambiguous: the file is refused.
    std::array<int, ColumnCount> at;
    at.fill(-1);
    const qsizetype headerSize = record.fields.size();
    for (qsizetype i = 0; i < headerSize; ++i) {
        const QString name = record.fields.at(i).trimmed().toLower();
        for (int c = 0; c < ColumnCount; ++c) {
            if (name != QLatin1String(kColumnNames[c]))
                continue;
            if (at[c] >= 0)
                return Unexpected{
                    QStringLiteral("%1: the header row names the column %2 twice (columns %3 "
                                   "and %4); which one holds the values is unclear.")
                        .arg(fileName, QString::fromLatin1(kColumnNames[c]),
                             QString::number(at[c] + 1), QString::number(i + 1))};
            at[c] = int(i);
        }
    }
    QStringList missing;
    for (int c = 0; c < kRequiredColumns; ++c) {
        if (at[c] < 0)
            missing.append(QString::fromLatin1(kColumnNames[c]));
    }
    if (!missing.isEmpty())
        return Unexpected{QStringLiteral("%1: the header row lacks the column%2 %3 (it needs "
                                         "platform, channel, stream_id, timestamp and viewers; "
                                         "category, language and title are optional).")
                              .arg(fileName, missing.size() > 1 ? QStringLiteral("s") : QString(),
                                   missing.join(QStringLiteral(", ")))};

    SampleTable table;
    TableBuilder builder(table);
    while (reader.next(&record)) {
        ++table.records;
        if (!record.error.isEmpty()) {
            builder.bad(record.line, record.error);
            continue;
        }
        if (record.fields.size() != headerSize) {
            builder.bad(record.line, QStringLiteral("%1 fields where the header has %2")
                                         .arg(QString::number(record.fields.size()),
                                              QString::number(headerSize)));
            continue;
        }
        builder.addRow(record, at);
    }
    if (!reader.readError().isEmpty())
        return Unexpected{QStringLiteral("Could not read %1 after line %2: %3.")
                              .arg(fileName, QString::number(record.line), reader.readError())};
    builder.finish();
    return table;
}

} // namespace StreamRank
