#include "storedcensus.h"

namespace StreamRank {

void registerStorageMetaTypes()
{
    qRegisterMetaType<StreamRank::Census>();
    qRegisterMetaType<StreamRank::StoredCensus>();
    qRegisterMetaType<StreamRank::Platform>();
}

} // namespace StreamRank
