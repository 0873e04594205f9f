#pragma once
// The census writer's memory of what the database holds: row ids of
// categories and live streams by the platform's ids, a digest of what was last
// written for each, and the undo log that puts them back when a census rolls
// back. Internal to CensusStore.

#include <QHash>
#include <QString>

#include <type_traits>
#include <utility>
#include <vector>

namespace StreamRank::StorageDetail {

struct CategoryEntry
{
    QString externalId;
    qint64 id = 0;
    QString name;
    // Per-census aggregate for category_samples; valid when aggregatedIn is
    // the current write's serial.
    quint64 aggregatedIn = 0;
    qint64 viewers = 0;
    int liveChannels = 0;
};

// A live stream as last written. Its texts are kept as hashes: comparing a
// census's strings with the hash of the last written ones touches no memory
// but the census's own, which is most of the cost of a known stream. (A
// change that kept the 64-bit hash would go unwritten until the next change:
// below one chance in 10^14 per census even if every stream changed.)
// Channels need no cache of their own: a new stream looks its channel up.
struct StreamEntry
{
    QString externalId;
    qint64 id = 0;
    qint64 channelId = 0;
    CategoryEntry *category = nullptr; // nullptr: uncategorised
    size_t describedAs = 0;            // hash of title and language
    size_t channelNamedAs = 0;         // hash of the channel's login and display name
    qint32 peakViewers = 0;
    qint64 lastSeenMs = 0;   // 0: not seen since start-up; read from samples if needed
    quint64 seenInWrite = 0; // serial of the last write that saw it
};

// Seeded on purpose: with a non-zero seed qHash uses the CPU's AES hash where
// there is one, several times faster than its unseeded SipHash on these
// short strings. The digests never leave the process.
inline size_t digest(const QString &a, const QString &b)
{
    const size_t h = qHash(a, 0x9e3779b9u);
    return h ^ (qHash(b, 0x85ebca6bu) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}

inline size_t descriptionHash(const QString &title, const QString &language)
{
    return digest(title, language);
}

inline size_t channelNameHash(const QString &login, const QString &displayName)
{
    return digest(login, displayName);
}

// Entries by the platform's id for them. A QHash costs about half of what
// std::unordered_map does per lookup here (100,000 lookups in census order,
// cache-miss bound); entries live on the heap so the live list and the undo
// log can point at them while the hash grows.
template <typename Entry> class Cache
{
public:
    Cache() = default;
    ~Cache() { clear(); }
    Cache(const Cache &) = delete;
    Cache &operator=(const Cache &) = delete;

    Entry *find(const QString &key) const { return m_entries.value(key); }
    Entry *add(const QString &key)
    {
        Entry *&slot = m_entries[key];
        if (!slot)
            slot = new Entry;
        return slot;
    }
    void remove(const QString &key) { delete m_entries.take(key); }
    qsizetype size() const { return m_entries.size(); }
    void clear()
    {
        qDeleteAll(m_entries);
        m_entries.clear();
    }

private:
    QHash<QString, Entry *> m_entries;
};

struct PlatformState
{
    bool loaded = false;
    Cache<CategoryEntry> categories;
    Cache<StreamEntry> streams;
    std::vector<StreamEntry *> live; // streams with ended_at IS NULL
    // The platform's last complete census when it was loaded (0: none). A
    // stream open then was listed by it or by a later (partial) census,
    // because a complete census that missed it would have ended it: so its
    // last sighting is found among the censuses from this time on.
    qint64 lastCompleteAtLoad = 0;

    void clear()
    {
        loaded = false;
        lastCompleteAtLoad = 0;
        live.clear();
        streams.clear();
        categories.clear();
    }
};

// What a failed census must undo in one cache: entries it added, and entries
// it changed with their values before.
template <typename Entry> struct UndoLog
{
    std::vector<QString> added;
    std::vector<std::pair<Entry *, Entry>> changed;
    std::vector<std::pair<Entry *, qint32>> peaks; // the common change, kept small

    void undo(Cache<Entry> &cache)
    {
        if constexpr (std::is_same_v<Entry, StreamEntry>) {
            for (auto it = peaks.rbegin(); it != peaks.rend(); ++it)
                it->first->peakViewers = it->second;
        }
        for (auto it = changed.rbegin(); it != changed.rend(); ++it)
            *it->first = std::move(it->second);
        for (const QString &key : added)
            cache.remove(key);
        clear();
    }
    void clear()
    {
        added.clear();
        changed.clear();
        peaks.clear();
    }
};

} // namespace StreamRank::StorageDetail
