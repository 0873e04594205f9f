// parseChannels on any bytes: no crash; a page that parsed holds only channels
// with a decimal broadcaster id and counts that are unknown or non-negative.
// And the stream key stays out: when QJsonDocument reads an item whose
// stream.key does not also occur in a field the parser reads (of any item), no
// value of any parsed channel contains it.

#include "fuzz_kick_check.h"
#include "fuzzcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString allText(const StreamRank::Kick::Channel &c)
{
    const auto &[broadcaster, slug, title, categoryId, categoryName, live, viewers, started,
                 language, followers] = c;
    return QStringList{broadcaster,
                       slug,
                       title,
                       categoryId,
                       categoryName,
                       QString::number(live),
                       QString::number(viewers),
                       QString::number(started),
                       language,
                       QString::number(followers)}
        .join(u'\x1f');
}

// The text of every value the parser may read from an item.
QString readSources(const QJsonObject &o)
{
    const QJsonObject stream = o.value(QLatin1String("stream")).toObject();
    QStringList parts;
    for (const QJsonObject &from : {o, stream}) {
        for (const char *key : {"broadcaster_user_id", "slug", "stream_title", "language",
                                "followers_count", "viewer_count", "start_time", "is_live"})
            parts.append(from.value(QLatin1String(key)).toVariant().toString());
        const QJsonObject category = from.value(QLatin1String("category")).toObject();
        parts.append(category.value(QLatin1String("id")).toVariant().toString());
        parts.append(category.value(QLatin1String("name")).toVariant().toString());
    }
    return parts.join(u'\x1f');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const Kick::ChannelsPage page = Kick::parseChannels(body);
    FUZZ_CHECK(Fuzz::Kick::pageIsConsistent(page, page.items.size()));
    for (const Kick::Channel &c : page.items) {
        FUZZ_CHECK(Fuzz::Kick::isDecimalId(c.broadcasterUserId));
        FUZZ_CHECK(c.viewerCount >= -1 && c.followers >= -1 && c.startedAtMs >= 0);
        FUZZ_CHECK(Fuzz::Kick::isLanguageCode(c.language));
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return 0;
    const QJsonValue list = doc.object().value(QLatin1String("data"));
    if (!list.isArray())
        return 0;
    // Keys (with a letter, so no count or time can spell them) that occur in
    // no field the parser reads, of any item: no parsed value may hold one.
    const QJsonArray items = list.toArray();
    FUZZ_CHECK(page.items.size() + page.malformedItems == items.size());
    QString sources;
    for (const QJsonValue &item : items)
        sources += readSources(item.toObject()) + QChar(u'\x1f');
    QStringList secrets;
    for (const QJsonValue &item : items) {
        const QString key = item.toObject()
                                .value(QLatin1String("stream"))
                                .toObject()
                                .value(QLatin1String("key"))
                                .toString();
        bool letter = false;
        for (const QChar ch : key)
            letter = letter || ch.isLetter();
        if (key.size() >= 4 && letter && !key.contains(u'\x1f') && !sources.contains(key))
            secrets.append(key);
    }
    for (const Kick::Channel &c : page.items) {
        const QString text = allText(c);
        for (const QString &secret : std::as_const(secrets))
            FUZZ_CHECK(!text.contains(secret));
    }
    return 0;
}
