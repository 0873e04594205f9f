#pragma once
// What the user asked the ranking to show: platform, category, language, free
// text over titles and channel names, and how many rows at most.

#include "ranking.h"

#include <optional>

namespace StreamRank {

struct RankingFilter
{
    std::optional<Platform> platform;
    QString categoryName; // empty: any
    QString language;     // empty: any
    QString text;         // case-insensitive substring of title, channel login or name
    int topN = 500;       // rows at most, by rank; 0 = no limit

    bool accepts(const RankedStream &row) const;
    bool operator==(const RankingFilter &) const = default;
};

} // namespace StreamRank
