#pragma once
// Rollups: viewers aggregated per 5 minutes and per hour, so that a chart of
// weeks reads a few hundred rows and keeps working after raw samples have
// aged out (retention). Written by the compactor in the transaction that
// closes an hour, read by StorageReader; both use only this header.
//
// An aggregate keeps what combines exactly: sample count, sum, min and max.
// A 15-minute or 1-hour figure is then the combination of its 5-minute ones
// (sum of sums over sum of counts for the mean), never a mean of means.
//
// stream_rollups_5m.slots and category_rollups_5m.slots hold the 5-minute
// slots of one hour that have samples, in slot order, fixed-width
// little-endian records (the same reasons as samplechunk.h):
//
//   byte  0       uint8   slot index in the hour, 0..11 (slot start = bucket + index * 5 min)
//   bytes 1..3    uint24  samples whose count was hidden (schema 6; 0 before)
//   bytes 4..7    uint32  sample count (of the known counts)
//   bytes 8..11   int32   min viewers (-1 when no count is known)
//   bytes 12..15  int32   max viewers (-1 likewise)
//   bytes 16..23  int64   sum of viewers
// and, in category_rollups_5m only, the same three for live channels:
//   bytes 24..27  int32   min channels
//   bytes 28..31  int32   max channels
//   bytes 32..39  int64   sum of channels
//
// A viewer count the platform hides (StreamObservation::UnknownViewers, any
// negative value) is no sample of count, sum, min or max: it is counted as
// hidden, so a slot whose every sample was hidden is still there (live) and
// says it knows no count (count 0, min = max = -1) rather than 0 viewers.
// Category viewers are sums of known counts and never hidden.

#include "samplechunk.h"

#include <QtEndian>
#include <QtGlobal>

#include <algorithm>
#include <array>
#include <vector>

namespace StreamRank::Rollup {

inline constexpr qint64 SlotMs = 300'000;
inline constexpr int SlotsPerHour = int(SampleChunk::BucketMs / SlotMs);
inline constexpr int StreamSlotBytes = 24;
inline constexpr int CategorySlotBytes = 40;
inline constexpr qint32 UnknownViewers = -1;        // StreamObservation::UnknownViewers
inline constexpr qint64 MaxHiddenInSlot = 0xffffff; // what bytes 1..3 hold

// count, sum, min, max of one quantity over some samples, and how many
// samples had no value (a hidden viewer count).
struct Aggregate
{
    qint64 count = 0;
    qint64 sum = 0;
    qint32 min = 0;
    qint32 max = 0;
    qint64 hidden = 0;

    void add(qint32 value)
    {
        if (value < 0) {
            ++hidden;
            return;
        }
        min = count == 0 ? value : std::min(min, value);
        max = count == 0 ? value : std::max(max, value);
        sum += value;
        ++count;
    }
    void add(const Aggregate &other)
    {
        hidden += other.hidden;
        if (other.count == 0)
            return;
        min = count == 0 ? other.min : std::min(min, other.min);
        max = count == 0 ? other.max : std::max(max, other.max);
        sum += other.sum;
        count += other.count;
    }
    bool empty() const { return count == 0 && hidden == 0; }
    double mean() const { return count > 0 ? double(sum) / double(count) : 0.0; }
    // As stored: UnknownViewers while no value is known.
    qint32 storedMin() const { return count > 0 ? min : UnknownViewers; }
    qint32 storedMax() const { return count > 0 ? max : UnknownViewers; }
    friend bool operator==(const Aggregate &, const Aggregate &) = default;
};

// The 5-minute slots of one hour, filled sample by sample in any order.
struct HourSlots
{
    std::array<Aggregate, SlotsPerHour> viewers{};
    std::array<Aggregate, SlotsPerHour> channels{}; // categories only

    // -1 for a time outside the hour (a damaged chunk's offset): not added.
    static int slotOf(qint64 bucketStart, qint64 tMs)
    {
        const qint64 slot = (tMs - bucketStart) / SlotMs;
        return tMs >= bucketStart && slot < SlotsPerHour ? int(slot) : -1;
    }
    void add(qint64 bucketStart, qint64 tMs, qint32 v)
    {
        if (const int slot = slotOf(bucketStart, tMs); slot >= 0)
            viewers[slot].add(v);
    }
    void add(qint64 bucketStart, qint64 tMs, qint32 v, qint32 liveChannels)
    {
        if (const int slot = slotOf(bucketStart, tMs); slot >= 0) {
            viewers[slot].add(v);
            channels[slot].add(liveChannels);
        }
    }
    Aggregate hourViewers() const
    {
        Aggregate a;
        for (const Aggregate &s : viewers)
            a.add(s);
        return a;
    }
    Aggregate hourChannels() const
    {
        Aggregate a;
        for (const Aggregate &s : channels)
            a.add(s);
        return a;
    }
    void clear() { *this = HourSlots{}; }
};

namespace Detail {
inline uchar *appendAggregate(uchar *p, const Aggregate &a)
{
    qToLittleEndian<qint32>(a.storedMin(), p);
    qToLittleEndian<qint32>(a.storedMax(), p + 4);
    qToLittleEndian<qint64>(a.sum, p + 8);
    return p + 16;
}
inline const uchar *readAggregate(const uchar *p, qint64 count, Aggregate &a)
{
    // In memory an aggregate without values has min = max = 0, as a fresh one.
    a.count = count;
    a.min = count > 0 ? qFromLittleEndian<qint32>(p) : 0;
    a.max = count > 0 ? qFromLittleEndian<qint32>(p + 4) : 0;
    a.sum = qFromLittleEndian<qint64>(p + 8);
    return p + 16;
}
} // namespace Detail

// Encodes the slots that have samples; withChannels for category rollups.
inline void encode(const HourSlots &hour, bool withChannels, std::vector<uchar> &blob)
{
    blob.clear();
    const int width = withChannels ? CategorySlotBytes : StreamSlotBytes;
    for (int i = 0; i < SlotsPerHour; ++i) {
        const Aggregate &v = hour.viewers[i];
        if (v.empty())
            continue;
        const size_t at = blob.size();
        blob.resize(at + size_t(width));
        uchar *p = blob.data() + at;
        p[0] = uchar(i);
        const auto hidden = quint32(std::min(v.hidden, MaxHiddenInSlot));
        p[1] = uchar(hidden);
        p[2] = uchar(hidden >> 8);
        p[3] = uchar(hidden >> 16);
        qToLittleEndian<quint32>(quint32(v.count), p + 4);
        p = Detail::appendAggregate(p + 8, v);
        if (withChannels)
            Detail::appendAggregate(p, hour.channels[i]);
    }
}

// Decodes slots into `slots` (adding to what is there). Records with an
// index out of range and a trailing partial record (a damaged blob) are
// skipped, never read past.
inline void decode(const void *blob, int bytes, bool withChannels, HourSlots &hour)
{
    const int width = withChannels ? CategorySlotBytes : StreamSlotBytes;
    const auto *p = static_cast<const uchar *>(blob);
    for (int n = bytes / width; n > 0; --n, p += width) {
        const int index = p[0];
        if (index >= SlotsPerHour)
            continue;
        const qint64 count = qFromLittleEndian<quint32>(p + 4);
        Aggregate v;
        const uchar *q = Detail::readAggregate(p + 8, count, v);
        v.hidden = qint64(p[1]) | qint64(p[2]) << 8 | qint64(p[3]) << 16;
        hour.viewers[index].add(v);
        if (withChannels) {
            Aggregate c;
            Detail::readAggregate(q, count, c);
            hour.channels[index].add(c);
        }
    }
}

} // namespace StreamRank::Rollup
