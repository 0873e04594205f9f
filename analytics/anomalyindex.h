#pragma once
// Stream id → slot for the anomaly detector's hot path. A census of 100,000
// streams needs 100,000 lookups in a few milliseconds; they are only that
// fast if many cache misses are in flight at once, which takes a lookup with
// no branch that depends on the data being fetched. QHash<QString, int> has
// three dependent misses per lookup (span, entry, key characters on the
// heap) and probes with data-dependent branches.
//
// Here: cuckoo hashing with two candidate 64-byte entries per id (both
// prefetched a few streams ahead, both checked without branching), the id's
// UTF-16 units stored inside the entry (up to 24), and ids of up to 16 units
// compared as four overlapping 64-bit words computed once per census. Longer
// ids take a slower path that compares the owner's QString.

#include <QString>
#include <QStringView>

#include <array>
#include <cstring>
#include <optional>
#include <vector>

namespace StreamRank {

// A hint to fetch the cache line of p; nothing where the compiler has no
// builtin. Always inlined: see StreamIndex::prefetch.
Q_ALWAYS_INLINE void prefetchLine(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

class StreamIndex
{
public:
    // An id as the index sees it, computed once per stream and census.
    struct Key
    {
        quint64 hash = 0;
        std::array<quint64, 4> words{}; // ids of ≤ 16 units: all their bytes, overlapping
        qint32 length = 0;
    };

    // keys: the owner's slot → full id, consulted only for ids > 16 units.
    explicit StreamIndex(const std::vector<QString> *keys);

    static Key key(QStringView id);

    // Always inlined: GCC deduces that a function doing nothing but
    // prefetch is pure and deletes calls to it.
    Q_ALWAYS_INLINE void prefetch(const Key &k) const
    {
#if defined(__GNUC__) || defined(__clang__)
        __builtin_prefetch(&m_entries[first(k.hash)]);
        __builtin_prefetch(&m_entries[second(k.hash)]);
#else
        (void)k;
#endif
    }

    // The id's slot, or -1.
    int find(QStringView id, const Key &k) const
    {
        const Entry &a = m_entries[first(k.hash)];
        const Entry &b = m_entries[second(k.hash)];
        if (k.length <= WordUnits) {
            // Both candidates, and no branch on what was fetched: a
            // mispredicted branch there would wait for memory and throw
            // away the lookups already started behind it.
            const int maskA = -int(quick(a, k));
            const int maskB = -int(quick(b, k)) & ~maskA;
            return (a.slot & maskA) | (b.slot & maskB) | ~(maskA | maskB);
        }
        return same(a, id, k) ? a.slot : (same(b, id, k) ? b.slot : -1);
    }
    int find(QStringView id) const
    {
        return find(id, key(id));
    }
    // The id's slot; if absent, inserts it with the slot newSlot() returns.
    template <typename NewSlot> int findOrInsert(QStringView id, const Key &k, NewSlot newSlot)
    {
        const int found = find(id, k);
        if (found >= 0)
            return found;
        const int slot = newSlot();
        insert(id, k, slot);
        return slot;
    }
    void remove(QStringView id);
    int size() const
    {
        return m_size;
    }
    int capacity() const
    {
        return int(m_entries.size());
    }

private:
    static constexpr int InlineUnits = 24;
    static constexpr int WordUnits = 16;
    struct alignas(64) Entry
    {
        quint64 hash = 0;
        qint32 slot = -1; // -1: empty
        qint32 length = 0;
        char16_t units[InlineUnits] = {}; // the id if it fits
    };
    static_assert(sizeof(Entry) == 64);

    std::size_t first(quint64 h) const
    {
        return std::size_t(h & m_mask);
    }
    std::size_t second(quint64 h) const
    {
        const std::size_t a = std::size_t(h & m_mask);
        const std::size_t b = std::size_t((h >> 32) & m_mask);
        return b != a ? b : a ^ 1;
    }

    static std::array<quint64, 4> words(const char16_t *p, qsizetype n);
    static bool quick(const Entry &e, const Key &k)
    {
        const std::array<quint64, 4> w = words(e.units, k.length);
        return (e.hash == k.hash) & (e.length == k.length) & (e.slot >= 0) & (w[0] == k.words[0]) &
               (w[1] == k.words[1]) & (w[2] == k.words[2]) & (w[3] == k.words[3]);
    }
    bool same(const Entry &e, QStringView id, const Key &k) const;
    void insert(QStringView id, const Key &k, int slot);
    std::optional<Entry> place(Entry e);
    void grow(std::size_t capacity);

    const std::vector<QString> *m_keys;
    std::vector<Entry> m_entries;
    quint64 m_mask = 0;
    int m_size = 0;
};

// Four 64-bit words that together hold every byte of an id of ≤ 16 UTF-16
// units (overlapping in the middle), read without a length-dependent loop.
inline std::array<quint64, 4> StreamIndex::words(const char16_t *p, qsizetype n)
{
    const auto *b = reinterpret_cast<const unsigned char *>(p);
    const std::size_t bytes = std::size_t(n) * 2;
    auto load = [](const unsigned char *at, std::size_t size) {
        quint64 v = 0;
        std::memcpy(&v, at, size);
        return v;
    };
    if (bytes >= 16)
        return {load(b, 8), load(b + 8, 8), load(b + bytes - 16, 8), load(b + bytes - 8, 8)};
    if (bytes >= 8)
        return {load(b, 8), load(b + bytes - 8, 8), 0, 0};
    if (bytes >= 4)
        return {load(b, 4), load(b + bytes - 4, 4), 0, 0};
    return {bytes ? load(b, 2) : 0, 0, 0, 0};
}

} // namespace StreamRank
