#pragma once
// CSV as RFC 4180 writes it, read record by record from a device and written
// field by field: comma-separated, fields quoted with '"' where they hold a
// comma, a quote (doubled inside) or a line break, lines ending in LF or CRLF,
// UTF-8 (a leading byte-order mark is skipped). Reading holds one record at a
// time, so a file of any size streams through.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

class QIODevice;

namespace StreamRank {

struct CsvRecord
{
    QStringList fields;
    qint64 line = 0; // where the record starts (1-based): a quoted line break spans lines
    // Set when the record is malformed (an unterminated quote, text after a
    // closing quote, bytes that are not UTF-8); `fields` is then unreliable.
    QString error;
};

class CsvReader
{
public:
    // Reads from `device` (open for reading) from its current position.
    explicit CsvReader(QIODevice *device);

    // The next record, skipping blank lines; false at the end of the input
    // or on a read error (then readError() says why).
    bool next(CsvRecord *record);

    QString readError() const { return m_readError; }

private:
    bool fill();            // more bytes into m_buffer; false at the end
    int peek();             // the next byte or -1 at the end
    void endLine(int byte); // consumes a line break starting with `byte`

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_line = 1;
    bool m_atStart = true;
    bool m_eof = false;
    QString m_readError;
    QByteArray m_field; // the field being read, reused
};

// `value` as one CSV field: quoted (quotes doubled) only where it must be.
QString csvField(QStringView value);

} // namespace StreamRank
