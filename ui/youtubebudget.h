#pragma once
// What YouTube's daily quota allows, in words, for Settings → Accounts →
// YouTube: the day's units and searches, the reset at midnight Pacific time,
// and what the chosen poll interval pays for over a whole day with the
// collector's arithmetic (1 unit per 50 live videos a poll, 1 per watched
// channel check, a share of the units kept back, searches from their own
// bucket). The collector's own plan, for what is left of today, is in
// YouTubeQuotaStatus::summary().

#include "youtubeconfig.h"

#include <QString>

namespace StreamRank {

QString youTubeBudgetText(const YouTubeConfig &config, int searches, int watchedChannels,
                          qint64 nowMs);
// "2 min", "1.5 h"
QString youTubeIntervalText(qint64 ms);

} // namespace StreamRank
