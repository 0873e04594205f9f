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

QString Collector::behindText() const
{
    if (!m_backlog)
        return {};
    auto censuses = [](int n) {
        return n == 1 ? QStringLiteral("1 census") : QStringLiteral("%1 censuses").arg(n);
    };
    if (m_backlog->storing() >= m_backlog->limit())
        return QStringLiteral("storage is behind (%1 waiting to be stored)")
            .arg(censuses(m_backlog->storing()));
    return QStringLiteral("analytics is behind (%1 waiting to be analysed)")
        .arg(censuses(m_backlog->analysing()));
}

} // namespace StreamRank
