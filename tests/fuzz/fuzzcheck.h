#pragma once
// Shared by the fuzz targets: the libFuzzer entry point they define, the bytes
// as the QByteArray a QNetworkReply would hand over, and an invariant check that
// aborts (so libFuzzer and the replay driver both report it) in any build type.

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace StreamRank::Fuzz {

// A copy, not QByteArray::fromRawData: real bodies own their bytes.
inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return QByteArray();
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// Every message the parsers produce is bounded; a body cannot flood the UI.
inline constexpr qsizetype MaxErrorChars = 400;

} // namespace StreamRank::Fuzz
