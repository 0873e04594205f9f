#include "youtubequota.h"

#include "clock.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace StreamRank::YouTube {

namespace {

constexpr qint64 HourMs = 60LL * 60 * 1000;
constexpr qint64 DayMs = 24 * HourMs;

qint64 utcMs(int year, int month, int day, int hour)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt::UTC).toMSecsSinceEpoch();
}

int firstSunday(int year, int month)
{
    const int dow = QDate(year, month, 1).dayOfWeek(); // 1 = Monday … 7 = Sunday
    return 1 + (7 - dow) % 7;
}

// UTC offset of Pacific time at an instant.
qint64 pacificOffsetMs(qint64 atMs)
{
    const int year = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).date().year();
    // 02:00 PST = 10:00 UTC; 02:00 PDT = 09:00 UTC.
    const qint64 dstStart = utcMs(year, 3, firstSunday(year, 3) + 7, 10);
    const qint64 dstEnd = utcMs(year, 11, firstSunday(year, 11), 9);
    return (atMs >= dstStart && atMs < dstEnd) ? -7 * HourMs : -8 * HourMs;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

qint64 pacificDayStartMs(qint64 nowMs)
{
    const qint64 localMidnight = floorDiv(nowMs + pacificOffsetMs(nowMs), DayMs) * DayMs;
    // Midnight is before the 02:00 change, so the offset there may differ from now's.
    qint64 start = localMidnight - pacificOffsetMs(nowMs);
    start = localMidnight - pacificOffsetMs(start);
    return start;
}

qint64 nextPacificMidnightMs(qint64 nowMs)
{
    // Days are 23, 24 or 25 hours long: 25 hours after the day's start is in
    // the next day (or at its very start).
    return pacificDayStartMs(pacificDayStartMs(nowMs) + 25 * HourMs);
}

int QuotaCosts::unitsOf(Spend what) const
{
    switch (what) {
    case Spend::Videos:
        return videosCost;
    case Spend::Channels:
        return channelsCost;
    case Spend::PlaylistItems:
        return playlistItemsCost;
    case Spend::Categories:
        return categoriesCost;
    case Spend::Search:
        return searchCostUnits;
    }
    return 1;
}

QuotaBudget::QuotaBudget(QuotaCosts costs) : m_costs(costs) {}

void QuotaBudget::roll(qint64 nowMs) const
{
    const qint64 day = pacificDayStartMs(nowMs);
    if (day == m_dayStartMs)
        return;
    m_dayStartMs = day;
    m_units = 0;
    m_searches = 0;
    m_exhausted = false;
}

void QuotaBudget::restore(qint64 dayStartMs, int unitsUsed, int searchesUsed, qint64 nowMs)
{
    roll(nowMs);
    if (dayStartMs != m_dayStartMs)
        return;
    m_units = std::max(m_units, std::max(0, unitsUsed));
    m_searches = std::max(m_searches, std::max(0, searchesUsed));
}

bool QuotaBudget::canSpend(Spend what, qint64 nowMs) const
{
    roll(nowMs);
    if (m_exhausted)
        return false;
    return m_units + m_costs.unitsOf(what) <= m_costs.dailyUnits &&
           m_searches + m_costs.searchesOf(what) <= m_costs.dailySearches;
}

void QuotaBudget::spend(Spend what, qint64 nowMs)
{
    roll(nowMs);
    m_units += m_costs.unitsOf(what);
    m_searches += m_costs.searchesOf(what);
}

void QuotaBudget::exhausted(qint64 nowMs)
{
    roll(nowMs);
    m_exhausted = true;
}

void QuotaBudget::searchesExhausted(qint64 nowMs)
{
    roll(nowMs);
    m_searches = std::max(m_searches, m_costs.dailySearches);
}

bool QuotaBudget::exhaustedNow(qint64 nowMs) const
{
    roll(nowMs);
    return m_exhausted;
}

qint64 QuotaBudget::dayStartMs(qint64 nowMs) const
{
    roll(nowMs);
    return m_dayStartMs;
}

int QuotaBudget::unitsUsed(qint64 nowMs) const
{
    roll(nowMs);
    return m_units;
}

int QuotaBudget::searchesUsed(qint64 nowMs) const
{
    roll(nowMs);
    return m_searches;
}

QuotaPlan QuotaBudget::plan(int trackedVideos, int watchedToCheck, int searches,
                            qint64 minIntervalMs, qint64 nowMs, int pagesPerSearch) const
{
    const int pages = std::max(1, pagesPerSearch);
    roll(nowMs);
    QuotaPlan plan;
    const qint64 minMs = std::max<qint64>(1000, minIntervalMs);
    const double left = double(std::max<qint64>(1, resetAtMs(nowMs) - nowMs));
    const int reserve = m_costs.dailyUnits * std::clamp(m_costs.reservePercent, 0, 90) / 100;
    double units = double(std::max(0, m_costs.dailyUnits - m_units - reserve));

    // Searches: their own bucket spread evenly over what is left of the day,
    // plus their units, if they cost any.
    if (searches > 0) {
        const int searchesLeft = std::max(0, m_costs.dailySearches - m_searches) / pages;
        double perDay = searchesLeft;
        if (m_costs.searchCostUnits > 0)
            perDay = std::min(perDay, units * 0.25 / (double(m_costs.searchCostUnits) * pages));
        plan.searchIntervalMs =
            perDay >= 1 ? std::max<qint64>(minMs, qint64(left / perDay)) : qint64(left) + 1;
        const double searchesPlanned = std::floor(left / double(plan.searchIntervalMs));
        units -= searchesPlanned * m_costs.searchCostUnits * pages;
    }

    plan.unitsPerPoll = ((std::max(0, trackedVideos) + 49) / 50) * m_costs.videosCost;
    const double pollsAtMin = left / double(minMs);
    const double needPoll = plan.unitsPerPoll * pollsAtMin;
    const double needWatch =
        double(std::max(0, watchedToCheck)) * m_costs.playlistItemsCost * pollsAtMin;
    units = std::max(0.0, units);
    double pollUnits = needPoll;
    double watchUnits = needWatch;
    if (needPoll + needWatch > units) {
        plan.slowed = true;
        pollUnits = std::min(needPoll, std::max(units * 0.5, units - needWatch));
        watchUnits = units - pollUnits;
    }
    auto interval = [&](double perCall, double budgetUnits) -> qint64 {
        if (perCall <= 0)
            return 0;
        if (budgetUnits < perCall)
            return qint64(left) + 1; // not even one before the reset
        return std::max<qint64>(minMs, qint64(std::ceil(left * perCall / budgetUnits)));
    };
    if (!plan.slowed) {
        plan.pollIntervalMs = minMs;
        plan.watchIntervalMs = watchedToCheck > 0 ? minMs : 0;
        return plan;
    }
    plan.pollIntervalMs = plan.unitsPerPoll > 0 ? interval(plan.unitsPerPoll, pollUnits) : minMs;
    plan.watchIntervalMs =
        watchedToCheck > 0
            ? interval(double(watchedToCheck) * m_costs.playlistItemsCost, watchUnits)
            : 0;
    return plan;
}

QString quotaSummary(const QuotaBudget &budget, qint64 nowMs)
{
    const QLocale locale;
    const QuotaCosts &c = budget.costs();
    QString text =
        QCoreApplication::translate("YouTube", "%1 of %2 units used · %3 of %4 searches")
            .arg(locale.toString(budget.unitsUsed(nowMs)), locale.toString(c.dailyUnits),
                 locale.toString(budget.searchesUsed(nowMs)), locale.toString(c.dailySearches));
    text += QCoreApplication::translate("YouTube", " · resets %1")
                .arg(localTimeText(budget.resetAtMs(nowMs), QStringLiteral("HH:mm")));
    if (budget.exhaustedNow(nowMs))
        text = QCoreApplication::translate("YouTube", "Quota used up: paused until the reset · ") +
               text;
    return text;
}

} // namespace StreamRank::YouTube
