#include "rankingfilter.h"

namespace StreamRank {

bool RankingFilter::accepts(const RankedStream &row) const
{
    if (platform && row.platform != *platform)
        return false;
    if (!categoryName.isEmpty() && row.categoryName() != categoryName)
        return false;
    if (!language.isEmpty() && row.language() != language)
        return false;
    if (!text.isEmpty() && !row.title().contains(text, Qt::CaseInsensitive) &&
        !row.channelName().contains(text, Qt::CaseInsensitive) &&
        !row.channelLogin().contains(text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace StreamRank
