#pragma once
// Trend score: is a stream rising or falling against its own recent baseline?
// 0 = falling hard, 0.5 = flat (or too little history), 1 = rising hard.
//
//   baseline b = mean viewers of the stream's samples in the previous
//                `trendWindowMs` (default 30 minutes), excluding the current one
//   x          = ln((current + 1) / (b + 1))
//   trend      = 1 / (1 + exp(-k * x)),  k = 4
//
// The +1 keeps tiny streams finite; k = 4 puts a doubling at 0.94 and a
// halving at 0.06, while ±10% stays near 0.5 (0.59 / 0.41).

#include <QtGlobal>

namespace StreamRank {

inline constexpr double TrendSteepness = 4.0;
inline constexpr qint64 DefaultTrendWindowMs = 30 * 60 * 1000;

double trendScore(double current, double baseline);

// The text shown in the ranking's Trend column tooltip.
const char *trendFormulaText();

} // namespace StreamRank
