// parseToken on any bytes. The first byte picks the HTTP status (a few that
// matter, then arbitrary ones), the rest is the body. A token only from a 2xx,
// never an error with one; "credentials rejected" only for 401 or a 2xx/400/403
// naming them; bounded words that carry no token.

#include "fuzz_kick_check.h"
#include "fuzzcheck.h"

#include <iterator>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    static constexpr int Statuses[] = {200, 400, 401, 403, 429, 500, 503, 0, -1, 204, 404, 302};
    constexpr int Known = static_cast<int>(std::size(Statuses));
    int status = 200;
    if (size > 0) {
        const int pick = data[0];
        status = pick < Known ? Statuses[pick] : pick * 3; // 36..765: other codes
        ++data;
        --size;
    }
    const Kick::TokenResult r = Kick::parseToken(status, Fuzz::bytes(data, size));
    FUZZ_CHECK(r.error.size() <= 220);
    FUZZ_CHECK(Fuzz::Kick::carriesNoSecret(r.error));
    FUZZ_CHECK(r.unreadableFields >= 0 && r.expiresInS >= 0);
    if (r.error.isEmpty()) {
        FUZZ_CHECK(status >= 200 && status <= 299);
        FUZZ_CHECK(!r.accessToken.isEmpty());
        FUZZ_CHECK(!r.credentialsRejected);
    } else {
        FUZZ_CHECK(r.accessToken.isEmpty() && r.expiresInS == 0);
    }
    if (r.credentialsRejected) {
        FUZZ_CHECK(!r.error.isEmpty());
        FUZZ_CHECK(status == 401 || status == 400 || status == 403 ||
                   (status >= 200 && status <= 299));
    }
    if (status == 401)
        FUZZ_CHECK(r.credentialsRejected);
    return 0;
}
