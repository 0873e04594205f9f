#pragma once
// YouTube's daily quota, counted on our side so that the day's quota lasts the
// day. Two buckets: units (10,000 a day; videos.list, channels.list,
// playlistItems.list and videoCategories.list cost 1 a call, every page and
// every failed request too) and search.list's own bucket (100 calls a day since
// mid-2026; older documentation prices a search at 100 units, so a search may
// also cost units). Both reset at midnight Pacific time. Pure arithmetic on
// times passed in: no clock, no timers.

#include <QString>
#include <QtGlobal>

namespace StreamRank::YouTube {

// Midnight in America/Los_Angeles (PST, UTC−8; PDT, UTC−7 from the second
// Sunday of March 02:00 to the first Sunday of November 02:00, the US rule
// since 2007), computed from the rule so no time-zone database is needed.
qint64 pacificDayStartMs(qint64 nowMs); // the last midnight at or before nowMs
qint64 nextPacificMidnightMs(qint64 nowMs);

enum class Spend : quint8
{
    Videos,
    Channels,
    PlaylistItems,
    Categories,
    Search
};

struct QuotaCosts
{
    int dailyUnits = 10000;
    int dailySearches = 100;
    int searchCostUnits = 0; // units a search also costs (older documentation: 100)
    int videosCost = 1;
    int channelsCost = 1;
    int playlistItemsCost = 1;
    int categoriesCost = 1;
    int reservePercent = 5; // of the day's units the plan keeps back (metadata, retries)

    int unitsOf(Spend what) const;
    int searchesOf(Spend what) const { return what == Spend::Search ? 1 : 0; }
};

// How often to do what, so the quota left lasts until the reset.
struct QuotaPlan
{
    qint64 pollIntervalMs = 0;   // videos.list over the tracked videos
    qint64 watchIntervalMs = 0;  // each watched channel's uploads checked (0: none watched)
    qint64 searchIntervalMs = 0; // one discovery search (0: no searches configured)
    int unitsPerPoll = 0;
    bool slowed = false; // the budget, not the user's interval, sets the pace
};

class QuotaBudget
{
public:
    explicit QuotaBudget(QuotaCosts costs = {});

    const QuotaCosts &costs() const { return m_costs; }

    // What was spent earlier today (from a previous run); ignored when dayStartMs
    // is not the current Pacific day.
    void restore(qint64 dayStartMs, int unitsUsed, int searchesUsed, qint64 nowMs);

    // Whether one call may be made now without going over either bucket.
    bool canSpend(Spend what, qint64 nowMs) const;
    // A call was sent now (whatever its answer: failed requests cost too).
    void spend(Spend what, qint64 nowMs);
    // YouTube said quotaExceeded: nothing more until the reset.
    void exhausted(qint64 nowMs);
    // YouTube said quotaExceeded for a search: the search bucket is spent
    // (the units may not be).
    void searchesExhausted(qint64 nowMs);
    bool exhaustedNow(qint64 nowMs) const;

    qint64 dayStartMs(qint64 nowMs) const;
    qint64 resetAtMs(qint64 nowMs) const { return nextPacificMidnightMs(nowMs); }
    int unitsUsed(qint64 nowMs) const;
    int searchesUsed(qint64 nowMs) const;
    int unitsLeft(qint64 nowMs) const { return qMax(0, m_costs.dailyUnits - unitsUsed(nowMs)); }
    int searchesLeft(qint64 nowMs) const
    {
        return qMax(0, m_costs.dailySearches - searchesUsed(nowMs));
    }

    // The plan for tracking `trackedVideos` live videos, checking
    // `watchedToCheck` channels (watched and not live now) and running
    // `searches` discovery searches, no faster than minIntervalMs. Polling
    // comes first: it gets at least half of what is left.
    // A due search costs up to pagesPerSearch calls.
    QuotaPlan plan(int trackedVideos, int watchedToCheck, int searches, qint64 minIntervalMs,
                   qint64 nowMs, int pagesPerSearch = 1) const;

private:
    void roll(qint64 nowMs) const;

    QuotaCosts m_costs;
    mutable qint64 m_dayStartMs = -1;
    mutable int m_units = 0;
    mutable int m_searches = 0;
    mutable bool m_exhausted = false;
};

// "1,234 of 10,000 units used · 37 of 100 searches · resets 09:00 CET", for the
// status bar and Settings.
QString quotaSummary(const QuotaBudget &budget, qint64 nowMs);

} // namespace StreamRank::YouTube
