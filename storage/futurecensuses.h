#pragma once
// Censuses stamped after the wall clock. Older StreamRanks ran the Demo ten
// times faster than real time into the user's own database, so such a file
// holds Demo history hours or days ahead of now. A real-time run removes that
// simulated future once, on open, before the writer caches anything, so the
// Demo carries on from the present and no chart shows times yet to come.

#include "census.h"
#include "result.h"

#include <QSqlDatabase>

namespace StreamRank {

struct FutureCensusReport
{
    int censuses = 0;       // censuses removed (0: the file held none after nowMs)
    qint64 latestMs = 0;    // the latest of them
    int streamsRemoved = 0; // sessions that began after nowMs
};

// Removes, in one transaction, every census of `platform` stamped after nowMs
// with its samples, category samples, collector runs and anomaly events, the
// sessions first seen after nowMs, and the sample chunks of the hour holding
// nowMs and later (that hour's earlier censuses are compacted again). Sessions
// seen after nowMs get their peak and last sighting from what remains and are
// open again, so the next complete census ends them where they were last seen.
// Only the Demo is simulated, so only its future is ever discarded.
Result<FutureCensusReport> discardCensusesAfter(QSqlDatabase db, Platform platform, qint64 nowMs);

} // namespace StreamRank
