#pragma once
// `streamrank --headless --import-samples FILE.csv`: brings viewer history
// from a CSV file into the database census by census, in time order, through
// the path live censuses take (CensusStore, its checkpoint and compaction,
// then AnomalyDetector with the stored settings, then the events stored).
// docs/IMPORT-EXPORT.md describes the format and the choices.

#include "commandline.h"
#include "samplefile.h"

#include <QTextStream>

namespace StreamRank {

class Database;

struct ImportSummary
{
    qint64 samples = 0; // stored
    int censuses = 0;   // stored
    int alreadyStored = 0;
    qint64 events = 0;
};

// Stores `table` into the open database, reporting censuses that are skipped
// on `err`. The error is a sentence: a census or its events failed to store,
// and the import stopped there (what was stored before stays stored).
Result<ImportSummary> importSamples(const SampleTable &table, Database &database, QTextStream &err);

// Reads options.importSamplesPath, opens options.databasePath and imports.
// Returns the exit code: 0 (bad rows included), 1 when the file cannot be
// read or the database cannot be opened or written.
int runImportSamples(const CommandLine &options, QTextStream &out, QTextStream &err);

// 12345 → "12,345", as the summary line writes counts.
QString groupedNumber(qint64 n);

} // namespace StreamRank
