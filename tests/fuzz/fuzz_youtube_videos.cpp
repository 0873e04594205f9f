// parseVideosList on any bytes: no crash, and a page that parsed holds only
// videos with an id, counts that are unknown or non-negative, times that are
// absent or in range, a reduced language, and a live state that agrees with
// the end time. When QJsonDocument accepts the whole body, the parser (which
// cuts unread values out first) must agree with it item by item.

#include "fuzzcheck.h"
#include "youtubeparsers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

bool isLanguageCode(const QString &s)
{
    if (s.isEmpty())
        return true;
    if (s.size() < 2 || s.size() > 3)
        return false;
    for (const QChar c : s) {
        if (c < u'a' || c > u'z')
            return false;
    }
    return true;
}

// The body as QJson reads it whole: every item's id and title where the item
// has an id. False when QJson rejects it or it has no "items" list.
bool expectedItems(const QByteArray &body, QJsonArray &items)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonValue v = doc.object().value(QLatin1String("items"));
    items = v.toArray();
    return v.isArray();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const YouTube::VideosPage page = YouTube::parseVideosList(body);
    FUZZ_CHECK(page.error.size() <= Fuzz::MaxErrorChars);
    if (!page.error.isEmpty()) {
        FUZZ_CHECK(page.videos.isEmpty());
        FUZZ_CHECK(page.malformedItems == 0);
        FUZZ_CHECK(page.unreadableFields == 0);
        FUZZ_CHECK(page.nextPageToken.isEmpty());
        return 0;
    }
    FUZZ_CHECK(page.malformedItems >= 0);
    FUZZ_CHECK(page.unreadableFields >= 0);
    for (const YouTube::Video &v : page.videos) {
        FUZZ_CHECK(!v.id.isEmpty());
        FUZZ_CHECK(!v.concurrentViewers || *v.concurrentViewers >= 0);
        FUZZ_CHECK(v.actualStartMs >= -1 && v.actualEndMs >= -1 && v.scheduledStartMs >= -1);
        FUZZ_CHECK(isLanguageCode(v.language));
        if (!v.hasLiveDetails) {
            FUZZ_CHECK(v.actualStartMs == -1 && v.actualEndMs == -1);
            FUZZ_CHECK(!v.concurrentViewers);
        }
        if (v.hasEnded())
            FUZZ_CHECK(!v.isLive());
    }

    QJsonArray items;
    if (expectedItems(body, items)) {
        FUZZ_CHECK(page.error.isEmpty());
        FUZZ_CHECK(page.videos.size() + page.malformedItems == items.size());
        qsizetype next = 0;
        for (const QJsonValue &item : std::as_const(items)) {
            const QJsonObject o = item.toObject();
            const QString id = o.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                continue;
            FUZZ_CHECK(next < page.videos.size());
            const YouTube::Video &v = page.videos.at(next++);
            FUZZ_CHECK(v.id == id);
            const QJsonObject snippet = o.value(QLatin1String("snippet")).toObject();
            FUZZ_CHECK(v.title == snippet.value(QLatin1String("title")).toString());
            FUZZ_CHECK(v.channelId == snippet.value(QLatin1String("channelId")).toString());
        }
        FUZZ_CHECK(next == page.videos.size());
    }
    return 0;
}
