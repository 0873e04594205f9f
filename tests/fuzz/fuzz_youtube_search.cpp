// parseSearchList on any bytes: no crash, and a page that parsed holds only
// results with a video id. When QJsonDocument accepts the whole body, the
// parser (which cuts unread values out first) keeps the same results.

#include "fuzzcheck.h"
#include "youtubeparsers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const YouTube::SearchPage page = YouTube::parseSearchList(body);
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.items.isEmpty());
        FUZZ_CHECK(page.malformedItems == 0);
        FUZZ_CHECK(page.unreadableFields == 0);
        FUZZ_CHECK(page.nextPageToken.isEmpty());
        return 0;
    }
    FUZZ_CHECK(page.malformedItems >= 0);
    FUZZ_CHECK(page.unreadableFields >= 0);
    for (const YouTube::SearchItem &item : page.items)
        FUZZ_CHECK(!item.videoId.isEmpty());

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const QJsonValue items = doc.object().value(QLatin1String("items"));
    if (error.error == QJsonParseError::NoError && items.isArray()) {
        FUZZ_CHECK(page.error.isEmpty());
        qsizetype next = 0;
        for (const QJsonValue &item : items.toArray()) {
            const QJsonObject id = item.toObject().value(QLatin1String("id")).toObject();
            const QString videoId = id.value(QLatin1String("videoId")).toString();
            if (videoId.isEmpty())
                continue;
            FUZZ_CHECK(next < page.items.size());
            FUZZ_CHECK(page.items.at(next++).videoId == videoId);
        }
        FUZZ_CHECK(next == page.items.size());
    }
    return 0;
}
