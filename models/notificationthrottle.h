#pragma once
// Decides which anomaly events become desktop notifications: only those at or
// above the user's score threshold, and at most one notification per interval
// so a busy census does not flood the desktop; the rest are summarised in the
// next one ("and 4 more alerts").

#include "anomalytypes.h"

#include <optional>

namespace StreamRank {

struct Notification
{
    QString title;
    QString message;
    AnomalyEvent headline; // the highest-scoring event it reports
    int count = 0;         // events it covers
};

class NotificationThrottle
{
public:
    explicit NotificationThrottle(double minScore = 80, qint64 minIntervalMs = 60 * 1000);

    void setMinScore(double score) { m_minScore = score; }
    double minScore() const { return m_minScore; }

    // New events at (real, not simulated) time nowMs; returns what to show now, if anything.
    std::optional<Notification> offer(const QVector<AnomalyEvent> &events, qint64 nowMs);
    // Held-back events once the interval has passed (call from a timer).
    std::optional<Notification> flush(qint64 nowMs);
    int pending() const { return static_cast<int>(m_pending.size()); }

private:
    std::optional<Notification> emitPending(qint64 nowMs);

    double m_minScore;
    qint64 m_minIntervalMs;
    qint64 m_lastShownMs = -1;
    QVector<AnomalyEvent> m_pending;
};

} // namespace StreamRank
