// parseError on any bytes. The first byte picks the HTTP status (a few that
// matter, then arbitrary ones), the rest is the body. The status alone decides
// the kind (a 2xx is no error); the words are bounded and carry no token.

#include "fuzz_kick_check.h"
#include "fuzzcheck.h"

#include <iterator>

namespace {

StreamRank::Kick::ErrorKind expectedKind(int status)
{
    using StreamRank::Kick::ErrorKind;
    if (status >= 200 && status <= 299)
        return ErrorKind::None;
    if (status == 401)
        return ErrorKind::Unauthorized;
    if (status == 403)
        return ErrorKind::Forbidden;
    if (status == 404 || status == 405 || status == 410 || status == 501)
        return ErrorKind::Unavailable;
    if (status == 429)
        return ErrorKind::RateLimited;
    if (status >= 400 && status <= 499)
        return ErrorKind::BadRequest;
    if (status >= 500 && status <= 599)
        return ErrorKind::Server;
    return ErrorKind::Other;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    static constexpr int Statuses[] = {401, 403, 404, 405, 410, 501, 400, 429,
                                       500, 503, 200, 0,   -1,  204, 302, 418};
    constexpr int Known = static_cast<int>(std::size(Statuses));
    int status = 401;
    if (size > 0) {
        const int pick = data[0];
        status = pick < Known ? Statuses[pick] : pick * 3; // 48..765: other codes
        ++data;
        --size;
    }
    const Kick::ApiError e = Kick::parseError(status, Fuzz::bytes(data, size));
    FUZZ_CHECK(e.kind == expectedKind(status));
    FUZZ_CHECK(e.message.size() <= 220 && e.serverMessage.size() <= 200);
    FUZZ_CHECK(Fuzz::Kick::carriesNoSecret(e.message));
    FUZZ_CHECK(Fuzz::Kick::carriesNoSecret(e.serverMessage));
    if (e.kind == Kick::ErrorKind::None)
        FUZZ_CHECK(e.message.isEmpty() && e.serverMessage.isEmpty());
    else
        FUZZ_CHECK(!e.message.isEmpty());
    return 0;
}
