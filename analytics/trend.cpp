#include "trend.h"

#include <cmath>

namespace StreamRank {

double trendScore(double current, double baseline)
{
    const double x = std::log((std::max(current, 0.0) + 1.0) / (std::max(baseline, 0.0) + 1.0));
    return 1.0 / (1.0 + std::exp(-TrendSteepness * x));
}

const char *trendFormulaText()
{
    return "Trend = 1 / (1 + e^(-4·ln((viewers + 1) / (baseline + 1))))\n"
           "baseline = mean viewers over the previous 30 minutes.\n"
           "0.5 = flat or too little history; 0.94 = doubled; 0.06 = halved.";
}

} // namespace StreamRank
