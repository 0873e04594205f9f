#include "storagelog.h"

namespace StreamRank {
Q_LOGGING_CATEGORY(lcStorage, "streamrank.storage")
}
