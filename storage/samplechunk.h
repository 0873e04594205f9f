#pragma once
// The packed form of one stream's samples within one hour, as stored in
// sample_chunks.samples, and the hour buckets samples are grouped by. The
// compactor writes chunks and the reader decodes them; both use only this.
//
// A chunk holds the samples of one stream whose taken_at falls in
// [bucket_start, bucket_start + 1 h), in time order, 8 bytes each, no header:
//
//   bytes 0..3   uint32, little-endian   taken_at - bucket_start, in ms (< 3,600,000)
//   bytes 4..7   int32,  little-endian   viewers
//
// so the blob is 8 * count bytes. Fixed little-endian rather than the CPU's
// order so that a database file means the same on every machine; fixed width
// rather than varints so that decoding is two loads per sample (a 30-day
// series is 43,200 of them). At one census a minute a chunk is 480 bytes and
// its row fits in one B-tree cell; censuses more often than every 30 s spill
// the blob into overflow pages, which costs a read but no correctness.

#include <QtEndian>
#include <QtGlobal>

#include <vector>

namespace StreamRank::SampleChunk {

inline constexpr qint64 BucketMs = 3'600'000;
inline constexpr int BytesPerSample = 8;

// The start of the hour a time falls in (UTC: epoch hours have no offset).
// Floored, so that it holds for times before 1970 too.
constexpr qint64 bucketOf(qint64 tMs)
{
    const qint64 r = tMs % BucketMs;
    return tMs - (r < 0 ? r + BucketMs : r);
}

// Appends one sample; `tMs` must lie in the bucket and after the last one appended.
inline void appendSample(std::vector<uchar> &blob, qint64 bucketStart, qint64 tMs, qint32 viewers)
{
    const size_t at = blob.size();
    blob.resize(at + BytesPerSample);
    qToLittleEndian<quint32>(quint32(tMs - bucketStart), blob.data() + at);
    qToLittleEndian<qint32>(viewers, blob.data() + at + 4);
}

// Calls f(tMs, viewers) for each sample of a chunk, in time order. A trailing
// partial sample (a damaged blob) is ignored rather than read past the end.
template <typename F> void forEachSample(const void *blob, int bytes, qint64 bucketStart, F &&f)
{
    const auto *p = static_cast<const uchar *>(blob);
    const int count = bytes / BytesPerSample;
    for (int i = 0; i < count; ++i, p += BytesPerSample)
        f(bucketStart + qint64(qFromLittleEndian<quint32>(p)), qFromLittleEndian<qint32>(p + 4));
}

} // namespace StreamRank::SampleChunk
