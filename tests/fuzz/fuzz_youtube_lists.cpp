// The two small list parsers on the same bytes: parsePlaylistItems (a channel's
// uploads) and parseVideoCategories. No crash; a page that parsed holds only
// non-empty ids and titles.

#include "fuzzcheck.h"
#include "youtubeparsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);

    const YouTube::PlaylistPage playlist = YouTube::parsePlaylistItems(body);
    FUZZ_CHECK(playlist.error.size() <= Fuzz::MaxErrorChars);
    if (!playlist.error.isEmpty()) {
        FUZZ_CHECK(playlist.videoIds.isEmpty());
        FUZZ_CHECK(playlist.malformedItems == 0);
        FUZZ_CHECK(playlist.nextPageToken.isEmpty());
    }
    for (const QString &id : playlist.videoIds)
        FUZZ_CHECK(!id.isEmpty());

    const YouTube::CategoriesPage categories = YouTube::parseVideoCategories(body);
    FUZZ_CHECK(categories.error.size() <= Fuzz::MaxErrorChars);
    // Both read the same envelope: one fails exactly when the other does.
    FUZZ_CHECK(categories.error.isEmpty() == playlist.error.isEmpty());
    if (!categories.error.isEmpty()) {
        FUZZ_CHECK(categories.titles.isEmpty());
        FUZZ_CHECK(categories.malformedItems == 0);
    }
    for (auto it = categories.titles.cbegin(); it != categories.titles.cend(); ++it)
        FUZZ_CHECK(!it.key().isEmpty() && !it.value().isEmpty());
    return 0;
}
