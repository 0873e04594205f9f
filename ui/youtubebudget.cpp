#include "youtubebudget.h"

#include "clock.h"
#include "youtubequota.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace StreamRank {

namespace {

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;

// The context of this file's words, for the translation tools.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(YouTubeBudget)
};

} // namespace

QString youTubeIntervalText(qint64 ms)
{
    const int minutes = int(std::lround(ms / 60000.0));
    if (minutes < 90)
        return Text::tr("%1 min").arg(std::max(1, minutes));
    return Text::tr("%1 h").arg(QLocale().toString(minutes / 60.0, 'f', 1));
}

QString youTubeBudgetText(const YouTubeConfig &c, int searchCount, int watched, qint64 nowMs)
{
    // The budget: what the numbers typed allow over a whole day, with the
    // collector's arithmetic (1 unit per 50 live videos a poll, 1 per watched
    // channel check, a share of the day's units kept back).
    const QLocale l;
    const int units = c.dailyUnits;
    const int dailySearches = c.dailySearches;
    const int searchCost = c.searchCostUnits;
    const int pages = std::max(1, c.searchPages);
    const qint64 pollMs = std::max<qint64>(60000, c.pollIntervalMs);
    const QString reset =
        localTimeText(YouTube::nextPacificMidnightMs(nowMs), QStringLiteral("HH:mm"));
    double usable = units * (100.0 - std::clamp(c.reservePercent, 0, 90)) / 100.0;
    QString searchText;
    if (searchCount > 0) {
        double perDay = dailySearches;
        if (searchCost > 0)
            perDay = std::min(perDay, usable * 0.25 / searchCost);
        usable -= std::floor(perDay) * searchCost;
        const double runs = perDay / pages;
        searchText =
            runs >= 1
                ? (searchCount == 1
                       ? Text::tr("Your search runs every %1.")
                       : Text::tr("Your %1 searches take turns, one every %2.").arg(searchCount))
                      .arg(youTubeIntervalText(std::max<qint64>(pollMs, qint64(DayMs / runs))))
                : Text::tr("The searches a day do not pay for one run of your searches.");
    }
    const double polls = double(DayMs) / double(pollMs);
    const double watchUnits = watched * polls;
    const double pollUnits = watched > 0 ? std::max(usable - watchUnits, usable * 0.5) : usable;
    const qint64 videos = qint64(std::floor(pollUnits / polls)) * 50;
    const QString capacity =
        videos >= 50
            ? Text::tr("Over a whole day, a poll every %1 pays for about %2 live videos%3.")
                  .arg(youTubeIntervalText(pollMs), l.toString(videos),
                       watched == 1 ? Text::tr(" and your watched channel")
                       : watched > 1
                           ? Text::tr(" and your %1 watched channels").arg(l.toString(watched))
                           : QString())
            : Text::tr("A poll every %1 does not last a whole day: StreamRank polls less often.")
                  .arg(youTubeIntervalText(pollMs));
    QStringList rules;
    rules << Text::tr(
                 "YouTube gives a key %1 units and %2 searches a day, reset at midnight Pacific "
                 "time (%3 here). Reading up to 50 live videos costs 1 unit; checking a watched "
                 "channel, 1.")
                 .arg(l.toString(units), l.toString(dailySearches), reset);
    QStringList plan{capacity};
    if (!searchText.isEmpty())
        plan << searchText;
    plan << Text::tr(
        "With more live, StreamRank slows down to last until the reset; a used-up quota "
        "pauses YouTube until then.");
    return rules.join(u' ') + QStringLiteral("\n\n") + plan.join(u' ');
}

} // namespace StreamRank
