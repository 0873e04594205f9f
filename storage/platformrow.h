#pragma once
// The row id of a platform in the `platforms` table: fixed as Platform + 1 by
// the first migration, so writers and readers need no lookup.

#include "census.h"

namespace StreamRank {

inline qint64 platformRowId(Platform platform)
{
    return qint64(platform) + 1;
}

} // namespace StreamRank
