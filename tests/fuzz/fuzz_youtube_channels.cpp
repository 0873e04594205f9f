// parseChannelsList on any bytes: no crash, and a page that parsed holds only
// channels with an id and a subscriber count that is unknown or non-negative.
// When QJsonDocument accepts the whole body, the parser (which cuts unread
// values out first) keeps the same channels and titles.

#include "fuzzcheck.h"
#include "youtubeparsers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const YouTube::ChannelsPage page = YouTube::parseChannelsList(body);
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.channels.isEmpty());
        FUZZ_CHECK(page.malformedItems == 0);
        FUZZ_CHECK(page.unreadableFields == 0);
        FUZZ_CHECK(page.nextPageToken.isEmpty());
        return 0;
    }
    FUZZ_CHECK(page.malformedItems >= 0);
    FUZZ_CHECK(page.unreadableFields >= 0);
    for (const YouTube::Channel &c : page.channels) {
        FUZZ_CHECK(!c.id.isEmpty());
        FUZZ_CHECK(!c.subscribers || *c.subscribers >= 0);
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const QJsonValue items = doc.object().value(QLatin1String("items"));
    if (error.error == QJsonParseError::NoError && items.isArray()) {
        FUZZ_CHECK(page.error.isEmpty());
        qsizetype next = 0;
        for (const QJsonValue &item : items.toArray()) {
            const QJsonObject o = item.toObject();
            const QString id = o.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                continue;
            FUZZ_CHECK(next < page.channels.size());
            const YouTube::Channel &c = page.channels.at(next++);
            FUZZ_CHECK(c.id == id);
            const QJsonObject snippet = o.value(QLatin1String("snippet")).toObject();
            FUZZ_CHECK(c.title == snippet.value(QLatin1String("title")).toString());
        }
        FUZZ_CHECK(next == page.channels.size());
    }
    return 0;
}
