#include "anomalyindex.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace StreamRank {

namespace {

constexpr std::size_t InitialCapacity = 1024;
constexpr int MaxKicks = 128;

quint64 finalise(quint64 h)
{
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
}

} // namespace

StreamIndex::StreamIndex(const std::vector<QString> *keys)
    : m_keys(keys), m_entries(InitialCapacity), m_mask(InitialCapacity - 1)
{}

StreamIndex::Key StreamIndex::key(QStringView id)
{
    Key k;
    const qsizetype n = id.size();
    k.length = qint32(n);
    const char16_t *p = id.utf16();
    quint64 h = 0x9E3779B97F4A7C15ULL ^ quint64(n);
    if (n <= WordUnits) {
        k.words = words(p, n);
        for (quint64 w : k.words)
            h = ((h ^ w) * 0xBF58476D1CE4E5B9ULL) ^ (h >> 29);
    } else {
        // Longer ids: a multiply-xorshift pass over the bytes, 8 at a time.
        const auto *b = reinterpret_cast<const unsigned char *>(p);
        std::size_t bytes = std::size_t(n) * 2;
        for (; bytes >= 8; bytes -= 8, b += 8) {
            quint64 v;
            std::memcpy(&v, b, 8);
            h = ((h ^ v) * 0xBF58476D1CE4E5B9ULL) ^ (h >> 29);
        }
        quint64 v = 0;
        std::memcpy(&v, b, bytes);
        h ^= v;
    }
    k.hash = finalise(h);
    return k;
}

bool StreamIndex::same(const Entry &e, QStringView id, const Key &k) const
{
    if (e.slot < 0 || e.hash != k.hash || e.length != k.length)
        return false;
    if (k.length <= WordUnits)
        return quick(e, k);
    if (k.length <= InlineUnits)
        return std::equal(id.utf16(), id.utf16() + id.size(), e.units);
    return (*m_keys)[std::size_t(e.slot)] == id;
}

void StreamIndex::insert(QStringView id, const Key &k, int slot)
{
    Entry e;
    e.hash = k.hash;
    e.slot = slot;
    e.length = k.length;
    if (id.size() <= InlineUnits)
        std::copy(id.utf16(), id.utf16() + id.size(), e.units);
    // At most 45 % full: two-choice cuckoo hashing rarely fails below 50 %.
    if (std::size_t(m_size + 1) * 20 > m_entries.size() * 9)
        grow(m_entries.size() * 2);
    while (auto homeless = place(e)) {
        grow(m_entries.size() * 2);
        e = *homeless;
    }
    ++m_size;
}

// Puts e into one of its two entries, moving the occupant to its other one
// (and so on) if both are taken. Returns the entry left without a place if
// that goes on too long; the caller grows the table and places it again.
std::optional<StreamIndex::Entry> StreamIndex::place(Entry e)
{
    std::size_t i = first(e.hash);
    for (int kick = 0; kick < MaxKicks; ++kick) {
        if (m_entries[i].slot < 0) {
            m_entries[i] = e;
            return std::nullopt;
        }
        const std::size_t other = i == first(e.hash) ? second(e.hash) : first(e.hash);
        if (m_entries[other].slot < 0) {
            m_entries[other] = e;
            return std::nullopt;
        }
        std::swap(e, m_entries[i]);
        i = i == first(e.hash) ? second(e.hash) : first(e.hash);
    }
    return e;
}

void StreamIndex::grow(std::size_t capacity)
{
    std::vector<Entry> live;
    live.reserve(std::size_t(m_size));
    for (const Entry &e : m_entries) {
        if (e.slot >= 0)
            live.push_back(e);
    }
    for (;; capacity *= 2) {
        m_entries.assign(capacity, Entry{});
        m_mask = capacity - 1;
        bool ok = true;
        for (const Entry &e : live)
            ok = ok && !place(e);
        if (ok)
            return;
    }
}

void StreamIndex::remove(QStringView id)
{
    const Key k = key(id);
    for (std::size_t i : {first(k.hash), second(k.hash)}) {
        if (same(m_entries[i], id, k)) {
            m_entries[i] = Entry{};
            --m_size;
            return;
        }
    }
}

} // namespace StreamRank
