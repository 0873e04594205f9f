#pragma once
// A CSV file of viewer samples (docs/IMPORT-EXPORT.md), read and checked for
// the importer: the header names the columns (any order), every row is
// validated, bad rows are set aside with their line numbers and reasons, and
// the good ones come out sorted into censuses, one per (time, platform).
//
// Sorting needs the whole file, so the rows are held in memory: about 40
// bytes a row plus each distinct stream, title, category and language once
// (a few million rows take a few hundred MB at most).

#include "census.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVector>

#include <array>
#include <optional>
#include <vector>

class QIODevice;

namespace StreamRank {

struct SampleBadRow
{
    qint64 line = 0;
    QString reason;
};

struct SampleStream
{
    Platform platform = Platform::Demo;
    QString streamId;
    QString channel;
    qint64 firstMs = 0; // its first and last sample in the file
    qint64 lastMs = 0;
    qint64 firstLine = 0;
};

struct SampleRow
{
    qint64 timeMs = 0;
    qint64 line = 0;
    qint32 viewers = 0;  // StreamObservation::UnknownViewers: an empty cell (hidden)
    qint32 stream = 0;   // index into SampleTable::streams
    qint32 title = 0;    // indexes into SampleTable::strings; 0 is ""
    qint32 category = 0; // "" is uncategorised
    qint32 language = 0;
    Platform platform = Platform::Demo;
};

struct SampleTable
{
    QVector<SampleStream> streams;
    // Empty, not null, at 0: a null QString binds as SQL NULL.
    QStringList strings{QStringLiteral("")};
    // Good rows in census order: by time, then platform; within a census by
    // stream (in the order the file first names them). Each (time, platform)
    // run is one census.
    std::vector<SampleRow> rows;
    // The first kMaxListedBadRows bad rows in line order; badRowCount counts all.
    static constexpr int kMaxListedBadRows = 1000;
    QVector<SampleBadRow> badRows;
    qint64 badRowCount = 0;
    qint64 records = 0; // data rows read, good and bad
};

// Reads the whole file. The error (a sentence naming `fileName`) is for a file
// that cannot be imported at all: unreadable, empty, or a header that lacks
// a required column. Bad rows are not errors.
Result<SampleTable> readSampleFile(QIODevice *device, const QString &fileName);

// "2026-11-21T10:00:00Z", with or without seconds, fractions of a second and
// a UTC offset (+01:00, +0100, +01; none means UTC), 'T' or a space between
// date and time; or Unix seconds, fraction allowed. Epoch milliseconds.
std::optional<qint64> parseSampleTime(QStringView text);

// A whole number from 0 to 2,147,483,647, digits only. (The file's empty
// viewers cell, a hidden count, is read as UnknownViewers by readSampleFile.)
std::optional<qint32> parseViewers(QStringView text);

} // namespace StreamRank
