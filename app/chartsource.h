#pragma once
// What a chart of a subject loads from storage: a stream's, a channel's, a
// category's or a platform's viewers over a range, every census or at a
// rollup resolution (StorageReader's reads). Runs on a pool thread.

#include "streamchartpanel.h"

namespace StreamRank {

class StorageReader;

// stepMs: 0 every census, else 5 min, 15 min or 1 h (a value between picks
// the coarser rollup at or below it). A channel has no every-census series:
// it gets 5-minute rollups, said in ChartSeries::resolutionMs. A read error
// gives an empty series (the reader logs it).
ChartSeries loadChartSeries(const StorageReader &reader, ChartSubject subject, Platform platform,
                            const QString &id, qint64 fromMs, qint64 toMs, qint64 stepMs);

} // namespace StreamRank
