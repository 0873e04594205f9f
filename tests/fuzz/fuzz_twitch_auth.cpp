// The OAuth and error-body parsers on any bytes. The first byte picks the HTTP
// status (a few that matter, then arbitrary ones), the rest is the body; every
// body goes through parseTokenResponse, parseValidateResponse and
// parseErrorMessage.

#include "fuzzcheck.h"
#include "twitchparsers.h"

#include <iterator>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    static constexpr int Statuses[] = {200, 400, 401, 403, 429, 500, 502, 503, 0, -1, 204, 404};
    constexpr int Known = static_cast<int>(std::size(Statuses));
    int status = 200;
    if (size > 0) {
        const int pick = data[0];
        status = pick < Known ? Statuses[pick] : pick * 3; // 36..765: other codes
        ++data;
        --size;
    }
    const QByteArray body = Fuzz::bytes(data, size);

    const Twitch::TokenResult token = Twitch::parseTokenResponse(status, body);
    FUZZ_CHECK(token.error.size() <= Fuzz::MaxErrorChars);
    if (token.error.isEmpty()) {
        FUZZ_CHECK(status == 200);
        FUZZ_CHECK(!token.accessToken.isEmpty());
        FUZZ_CHECK(token.expiresInS >= 0);
    } else {
        FUZZ_CHECK(token.accessToken.isEmpty());
    }

    const Twitch::ValidateResult validate = Twitch::parseValidateResponse(status, body);
    FUZZ_CHECK(validate.error.size() <= Fuzz::MaxErrorChars);
    if (validate.error.isEmpty()) {
        FUZZ_CHECK(status == 200);
        FUZZ_CHECK(!validate.clientId.isEmpty());
        FUZZ_CHECK(validate.expiresInS >= 0);
    }

    const QString message = Twitch::parseErrorMessage(status, body);
    FUZZ_CHECK(!message.isEmpty());
    FUZZ_CHECK(message.size() <= Fuzz::MaxErrorChars);
    return 0;
}
