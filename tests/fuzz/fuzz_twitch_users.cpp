// parseUsersPage on any bytes: no crash, and parsed users have an id and a login.

#include "fuzzcheck.h"
#include "twitchparsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const Twitch::UsersPage page = Twitch::parseUsersPage(Fuzz::bytes(data, size));
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.users.isEmpty() && page.malformedItems == 0);
        return 0;
    }
    for (const Twitch::User &u : page.users)
        FUZZ_CHECK(!u.id.isEmpty() && !u.login.isEmpty());
    return 0;
}
