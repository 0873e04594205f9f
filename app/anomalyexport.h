#pragma once
// `streamrank --headless --export anomalies`: the stored anomaly events as CSV
// on standard output, oldest first (docs/IMPORT-EXPORT.md).

#include "anomalytypes.h"
#include "commandline.h"

#include <QString>
#include <QTextStream>

namespace StreamRank {

// time,platform,channel,stream_id,strategy,baseline,observed,raw_score,score
QString anomalyCsvHeader();
// One event as a line of that CSV (no line break): time in ISO 8601 UTC with
// Z (milliseconds only when not whole seconds), numbers in the C locale with
// the shortest decimals that read back to the same double, fields quoted
// only where CSV needs it.
QString anomalyCsvLine(const AnomalyEvent &event);

// Opens options.databasePath (refusing one another StreamRank holds) and
// writes options.exportKind to `out`. Returns the exit code: 0, or 1 when
// there is no database or it cannot be opened or read.
int runExport(const CommandLine &options, QTextStream &out, QTextStream &err);

} // namespace StreamRank
