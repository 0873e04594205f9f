// parseError on any bytes. The first byte picks the HTTP status (a few that
// matter, then arbitrary ones), the rest is the body. A 2xx is never an error;
// anything else is classified with a bounded message in words, and the kind
// agrees with the status where the status alone decides.

#include "fuzzcheck.h"
#include "youtubeparsers.h"

#include <iterator>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    using YouTube::ErrorKind;
    static constexpr int Statuses[] = {400, 403, 429, 500, 503, 200, 0, -1, 204, 401, 404, 302};
    constexpr int Known = static_cast<int>(std::size(Statuses));
    int status = 403;
    if (size > 0) {
        const int pick = data[0];
        status = pick < Known ? Statuses[pick] : pick * 3; // 36..765: other codes
        ++data;
        --size;
    }
    const YouTube::ApiError e = YouTube::parseError(status, Fuzz::bytes(data, size));
    FUZZ_CHECK(e.message.size() <= Fuzz::MaxErrorChars);
    FUZZ_CHECK(e.reason.size() <= 64);
    if (status >= 200 && status <= 299) {
        FUZZ_CHECK(e.kind == ErrorKind::None);
        FUZZ_CHECK(e.message.isEmpty() && e.reason.isEmpty());
        return 0;
    }
    FUZZ_CHECK(e.kind != ErrorKind::None);
    FUZZ_CHECK(!e.message.isEmpty());
    // The status decides when the body names nothing more specific.
    if (status == 429)
        FUZZ_CHECK(e.kind == ErrorKind::QuotaExceeded || e.kind == ErrorKind::RateLimited);
    if (e.kind == ErrorKind::BadRequest)
        FUZZ_CHECK(status >= 400 && status <= 499 && status != 403 && status != 429);
    return 0;
}
