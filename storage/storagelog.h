#pragma once
// The logging category of the storage layer ("streamrank.storage").

#include <QLoggingCategory>

namespace StreamRank {
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
}
