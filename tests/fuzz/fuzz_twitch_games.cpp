// parseGamesPage on any bytes: no crash, and parsed games have an id and a name.

#include "fuzzcheck.h"
#include "twitchparsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const Twitch::GamesPage page = Twitch::parseGamesPage(Fuzz::bytes(data, size));
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.games.isEmpty() && page.malformedItems == 0 && page.cursor.isEmpty());
        return 0;
    }
    for (const Twitch::Game &g : page.games)
        FUZZ_CHECK(!g.id.isEmpty() && !g.name.isEmpty());
    return 0;
}
