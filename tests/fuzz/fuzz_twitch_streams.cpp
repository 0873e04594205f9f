// parseStreamsPage on any bytes: no crash, and a page that parsed holds only
// streams with the fields the collector keys on.

#include "fuzzcheck.h"
#include "twitchparsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const Twitch::StreamsPage page = Twitch::parseStreamsPage(Fuzz::bytes(data, size));
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.streams.isEmpty());
        FUZZ_CHECK(page.malformedItems == 0);
        FUZZ_CHECK(page.cursor.isEmpty());
        return 0;
    }
    FUZZ_CHECK(page.malformedItems >= 0);
    for (const StreamObservation &s : page.streams) {
        FUZZ_CHECK(!s.streamId.isEmpty());
        FUZZ_CHECK(!s.channelId.isEmpty());
        FUZZ_CHECK(s.viewers >= 0);
        FUZZ_CHECK(s.startedAtMs >= 0);
    }
    return 0;
}
