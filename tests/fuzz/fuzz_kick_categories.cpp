// parseCategories (v1 and v2 pages) on any bytes: no crash; a page that parsed
// holds only categories with a decimal id, and one item (kept or malformed)
// for every entry of the list QJsonDocument reads.

#include "fuzz_kick_check.h"
#include "fuzzcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const Kick::CategoriesPage page = Kick::parseCategories(body);
    FUZZ_CHECK(Fuzz::Kick::pageIsConsistent(page, page.items.size()));
    for (const Kick::Category &c : page.items)
        FUZZ_CHECK(Fuzz::Kick::isDecimalId(c.id, true));

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonValue v = doc.object().value(QLatin1String("data"));
        const QJsonValue list = v.isArray() ? v : v.toObject().value(QLatin1String("categories"));
        if (list.isArray()) {
            FUZZ_CHECK(page.error.isEmpty());
            FUZZ_CHECK(page.items.size() + page.malformedItems == list.toArray().size());
        } else {
            FUZZ_CHECK(!page.error.isEmpty());
        }
    }
    return 0;
}
