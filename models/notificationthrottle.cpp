#include "notificationthrottle.h"

#include <algorithm>

namespace StreamRank {

NotificationThrottle::NotificationThrottle(double minScore, qint64 minIntervalMs)
    : m_minScore(minScore), m_minIntervalMs(minIntervalMs)
{}

std::optional<Notification> NotificationThrottle::offer(const QVector<AnomalyEvent> &events,
                                                        qint64 nowMs)
{
    for (const AnomalyEvent &e : events)
        if (e.score >= m_minScore)
            m_pending.push_back(e);
    return flush(nowMs);
}

std::optional<Notification> NotificationThrottle::flush(qint64 nowMs)
{
    if (m_pending.isEmpty())
        return std::nullopt;
    if (m_lastShownMs >= 0 && nowMs - m_lastShownMs < m_minIntervalMs)
        return std::nullopt;
    return emitPending(nowMs);
}

std::optional<Notification> NotificationThrottle::emitPending(qint64 nowMs)
{
    const auto best = std::max_element(
        m_pending.cbegin(), m_pending.cend(),
        [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.score < b.score; });
    Notification n;
    n.headline = *best;
    n.count = static_cast<int>(m_pending.size());
    const QString who = best->channelName.isEmpty() ? best->channelLogin : best->channelName;
    // An event inside an open incident is a bigger spike on top of it.
    const bool escalation = best->incidentStartMs > 0 && best->incidentStartMs < best->timeMs;
    n.title = QStringLiteral("StreamRank: %1 on %2%3")
                  .arg(who, platformDisplayName(best->platform),
                       escalation ? QStringLiteral(" — escalating") : QString());
    n.message = best->sentence();
    if (n.count > 1)
        n.message += QStringLiteral("\n…and %1 more alert%2")
                         .arg(n.count - 1)
                         .arg(n.count > 2 ? QStringLiteral("s") : QString());
    m_pending.clear();
    m_lastShownMs = nowMs;
    return n;
}

} // namespace StreamRank
