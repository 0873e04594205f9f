// parseFollowersTotal on any bytes: no crash; a total is never negative.

#include "fuzzcheck.h"
#include "twitchparsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const Twitch::FollowersResult r = Twitch::parseFollowersTotal(Fuzz::bytes(data, size));
    FUZZ_CHECK(r.error.size() <= Fuzz::MaxErrorChars);
    FUZZ_CHECK(r.total >= 0);
    if (!r.error.isEmpty())
        FUZZ_CHECK(r.total == 0);
    return 0;
}
