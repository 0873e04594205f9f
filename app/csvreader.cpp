#include "csvreader.h"

#include <QIODevice>

namespace StreamRank {

namespace {

constexpr qint64 kChunkBytes = 1 << 20;

bool isDelimiter(int byte)
{
    return byte == ',' || byte == '\n' || byte == '\r';
}

// QString::fromUtf8 turns bytes that are not UTF-8 into U+FFFD; the file
// is at fault only if that character was not in it, encoded, already.
QString decode(const QByteArray &bytes, bool *invalid)
{
    QString text = QString::fromUtf8(bytes);
    if (text.contains(QChar(0xFFFD)) && !bytes.contains("\xEF\xBF\xBD"))
        *invalid = true;
    return text;
}

} // namespace

CsvReader::CsvReader(QIODevice *device) : m_device(device) {}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    m_buffer.resize(kChunkBytes);
    const qint64 n = m_device->read(m_buffer.data(), kChunkBytes);
    if (n <= 0) {
        m_buffer.clear();
        m_eof = true;
        if (n < 0)
            m_readError = m_device->errorString();
        m_pos = 0;
        return false;
    }
    m_buffer.resize(n);
    m_pos = 0;
    return true;
}

int CsvReader::peek()
{
    if (m_pos < m_buffer.size() || fill())
        return uchar(m_buffer.at(m_pos));
    return -1;
}

void CsvReader::endLine(int byte)
{
    if (byte == '\r' && peek() == '\n')
        ++m_pos;
    ++m_line;
}

bool CsvReader::next(CsvRecord *record)
{
    record->fields.clear();
    record->error.clear();
    if (m_atStart) {
        m_atStart = false;
        // Some spreadsheet programs start UTF-8 files with a byte-order mark.
        // A first chunk shorter than three bytes cannot hold one and a header.
        if (peek() == 0xEF && m_buffer.startsWith("\xEF\xBB\xBF"))
            m_pos += 3;
    }
    int c = peek();
    while (c == '\n' || c == '\r') { // blank lines
        ++m_pos;
        endLine(c);
        c = peek();
    }
    if (c < 0)
        return false;
    record->line = m_line;

    bool invalidUtf8 = false;
    for (;;) {
        m_field.clear();
        if (peek() == '"') {
            ++m_pos;
            for (;;) {
                c = peek();
                if (c < 0) {
                    record->error = QStringLiteral("a quoted field is never closed");
                    record->fields.append(decode(m_field, &invalidUtf8));
                    return true;
                }
                ++m_pos;
                if (c == '"') {
                    if (peek() != '"')
                        break; // the closing quote
                    ++m_pos;   // a doubled quote stands for one
                } else if (c == '\n') {
                    ++m_line; // kept in the field: a title may span lines
                }
                m_field.append(char(c));
            }
            if (peek() >= 0 && !isDelimiter(peek())) {
                record->error =
                    QStringLiteral("a quoted field is followed by text before the next comma");
                while ((c = peek()) >= 0 && !isDelimiter(c))
                    ++m_pos;
            }
        } else {
            // Unquoted: everything up to the next delimiter, a stray quote
            // included. Scanned a buffer at a time rather than byte by byte.
            for (;;) {
                if (m_pos >= m_buffer.size() && !fill())
                    break;
                const char *data = m_buffer.constData();
                qsizetype end = m_pos;
                while (end < m_buffer.size() && !isDelimiter(uchar(data[end])))
                    ++end;
                m_field.append(data + m_pos, end - m_pos);
                m_pos = end;
                if (end < m_buffer.size())
                    break;
            }
        }
        record->fields.append(decode(m_field, &invalidUtf8));

        c = peek();
        if (c == ',') {
            ++m_pos;
            continue;
        }
        if (c >= 0) {
            ++m_pos;
            endLine(c);
        }
        if (invalidUtf8 && record->error.isEmpty())
            record->error = QStringLiteral("the row is not valid UTF-8");
        return true;
    }
}

QString csvField(QStringView value)
{
    bool needsQuotes = false;
    for (const QChar ch : value) {
        if (ch == u',' || ch == u'"' || ch == u'\n' || ch == u'\r') {
            needsQuotes = true;
            break;
        }
    }
    if (!needsQuotes)
        return value.toString();
    QString quoted;
    quoted.reserve(value.size() + 2);
    quoted.append(u'"');
    for (const QChar ch : value) {
        if (ch == u'"')
            quoted.append(u'"');
        quoted.append(ch);
    }
    quoted.append(u'"');
    return quoted;
}

} // namespace StreamRank
