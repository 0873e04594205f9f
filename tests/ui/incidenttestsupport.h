#pragma once
// For alerts view tests: what StorageReader::anomalyIncidents() hands the
// view, from a list of events — the incidents with an event the filter
// accepts, newest start first, each with those events, oldest first.
#include "anomalytypes.h"

#include <QHash>

#include <algorithm>

namespace StreamRank::TestSupport {

// Ended four minutes after their last event, unless `open`.
inline QVector<AnomalyIncident> incidentsOf(const QVector<AnomalyEvent> &events,
                                            const AnomalyEventFilter &filter, bool open = false)
{
    QVector<AnomalyIncident> out;
    QHash<QString, int> at;
    QVector<AnomalyEvent> sorted = events;
    std::sort(sorted.begin(), sorted.end(),
              [](const AnomalyEvent &a, const AnomalyEvent &b) { return a.timeMs < b.timeMs; });
    for (const AnomalyEvent &e : std::as_const(sorted)) {
        if (!filter.accepts(e))
            continue;
        const qint64 start = e.incidentStartMs > 0 ? e.incidentStartMs : e.timeMs;
        const QString key =
            platformCode(e.platform) + u':' + e.streamId + u':' + QString::number(start);
        if (!at.contains(key)) {
            AnomalyIncident i;
            i.platform = e.platform;
            i.streamId = e.streamId;
            i.channelLogin = e.channelLogin;
            i.channelName = e.channelName;
            i.startMs = start;
            i.baselineViewers = e.baselineViewers;
            at.insert(key, static_cast<int>(out.size()));
            out.push_back(i);
        }
        AnomalyIncident &i = out[at.value(key)];
        i.events.push_back(e);
        if (e.observedViewers > i.peakViewers) {
            i.peakViewers = e.observedViewers;
            i.peakMs = e.timeMs;
        }
        i.endMs = open ? 0 : e.timeMs + 4 * 60 * 1000;
    }
    for (AnomalyIncident &i : out)
        i.acknowledged = std::all_of(i.events.cbegin(), i.events.cend(),
                                     [](const AnomalyEvent &e) { return e.acknowledged; });
    std::sort(out.begin(), out.end(), [](const AnomalyIncident &a, const AnomalyIncident &b) {
        return a.startMs > b.startMs;
    });
    return out;
}

} // namespace StreamRank::TestSupport
