#include "collector.h"

namespace StreamRank {

QString collectorStateText(CollectorState s)
{
    switch (s) {
    case CollectorState::Idle:
        return QStringLiteral("idle");
    case CollectorState::Collecting:
        return QStringLiteral("collecting");
    case CollectorState::Waiting:
        return QStringLiteral("waiting");
    case CollectorState::Stale:
        return QStringLiteral("stale");
    case CollectorState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace StreamRank
