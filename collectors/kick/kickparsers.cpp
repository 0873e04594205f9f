// The Kick list pages: livestreams (v1 and v2), categories and channels, and
// the session key that gives a stream one identity across both API versions.
//
// Decisions the tests pin down (tests/collectors/tst_kickparsers.cpp):
// - An item is malformed (counted, skipped) only when it is not an object or
//   cannot be identified (no readable broadcaster id; for categories no id).
//   Any other field that is present but unreadable (a wrong type, a garbage
//   count or time) reads as empty/unknown and is counted in unreadableFields.
// - v1 and v2 name the same facts differently (docs/KICK.md, "Wire format"):
//   broadcaster_user_id / broadcaster_user.id, slug / channel.slug,
//   stream_title / title, language / language_code, custom_tags / tags. Each
//   item is read with the v1 name first and the v2 name when it is absent, so
//   one parser takes both and a page mixing them.
// - Ids are read from numbers or digit strings into canonical decimal text, so
//   123 and "123" are the same broadcaster.
// - stream.key and stream.url of a channel (the secret stream key and the
//   ingest URL) are never read.

#include "kickparsers.h"
#include "kickparsers_p.h"

#include "jsonread.h"

#include <algorithm>
#include <climits>

namespace StreamRank::Kick {

using namespace Detail;

namespace {

const QLatin1String KeyBroadcasterUserId("broadcaster_user_id");
const QLatin1String KeyCategory("category");
const QLatin1String KeyId("id");
const QLatin1String KeyLanguage("language");
const QLatin1String KeyName("name");
const QLatin1String KeySlug("slug");
const QLatin1String KeyStreamTitle("stream_title");
const QLatin1String KeyViewerCount("viewer_count");

bool has(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return !v.isUndefined() && !v.isNull();
}

// A category object's id and name.
void readCategory(const QJsonObject &o, const FieldReader &read, QString &id, QString &name)
{
    const QJsonObject category = read.object(o, KeyCategory);
    id = read.id(category, KeyId);
    name = read.text(category, KeyName);
}

// A decimal id must name someone: 0 is no user.
bool isUserId(const QString &id)
{
    return !id.isEmpty() && id != QLatin1String("0");
}

// The members of a livestream item the parser reads, v1 and v2 names.
enum LivestreamField : quint8
{
    FBroadcasterUserId,
    FBroadcasterUser,
    FChannelId,
    FChannel,
    FSlug,
    FStreamTitle,
    FTitle,
    FCategory,
    FLanguage,
    FLanguageCode,
    FViewerCount,
    FStartedAt,
    FHasMatureContent,
    FIsMature,
    FCustomTags,
    FTags,
    FId,
    FStreamId,
    FLivestreamId,
    FFollowersCount,
    FFollowerCount,
    FieldCount
};
// Lengths computed at compile time: a strlen per comparison cost 6 % of the parse.
constexpr QLatin1String LivestreamFieldNames[FieldCount] = {QLatin1String("broadcaster_user_id"),
                                                            QLatin1String("broadcaster_user"),
                                                            QLatin1String("channel_id"),
                                                            QLatin1String("channel"),
                                                            QLatin1String("slug"),
                                                            QLatin1String("stream_title"),
                                                            QLatin1String("title"),
                                                            QLatin1String("category"),
                                                            QLatin1String("language"),
                                                            QLatin1String("language_code"),
                                                            QLatin1String("viewer_count"),
                                                            QLatin1String("started_at"),
                                                            QLatin1String("has_mature_content"),
                                                            QLatin1String("is_mature"),
                                                            QLatin1String("custom_tags"),
                                                            QLatin1String("tags"),
                                                            QLatin1String("id"),
                                                            QLatin1String("stream_id"),
                                                            QLatin1String("livestream_id"),
                                                            QLatin1String("followers_count"),
                                                            QLatin1String("follower_count")};

int livestreamField(const QString &key)
{
    const qsizetype size = key.size();
    for (int i = 0; i < FieldCount; ++i) {
        if (LivestreamFieldNames[i].size() == size && key == LivestreamFieldNames[i])
            return i;
    }
    return -1;
}

Livestream readLivestream(const QJsonObject &o, const FieldReader &read)
{
    // One pass over the members, reading each in place, instead of a lookup
    // and a QJsonValue per name (v1 and v2 names: about 25 an item). It cuts
    // the parser's own share of the time by about 40 % (docs/PERFORMANCE.md §12).
    Member f[FieldCount];
    for (auto it = o.constBegin(), end = o.constEnd(); it != end; ++it) {
        if (const int i = livestreamField(it.key()); i >= 0)
            f[i] = Member(it);
    }
    Livestream s;
    s.broadcasterUserId = isAbsent(f[FBroadcasterUserId])
                              ? read.id(read.object(f[FBroadcasterUser]), KeyId)
                              : read.id(f[FBroadcasterUserId]);
    if (!isUserId(s.broadcasterUserId)) {
        s.broadcasterUserId.clear(); // unidentified: the caller counts it as malformed
        return s;
    }
    const QJsonObject channel = read.object(f[FChannel]);
    s.channelId = isAbsent(f[FChannelId]) ? read.id(channel, KeyId) : read.id(f[FChannelId]);
    s.slug = isAbsent(f[FSlug]) ? read.text(channel, KeySlug) : read.text(f[FSlug]);
    s.title = read.text(either(f[FStreamTitle], f[FTitle]));
    const QJsonObject category = read.object(f[FCategory]);
    s.categoryId = read.id(category, KeyId);
    s.categoryName = read.text(category, KeyName);
    s.language = primaryLanguage(read.text(either(f[FLanguage], f[FLanguageCode])));
    s.viewerCount = read.count(f[FViewerCount]);
    s.startedAtMs = read.time(f[FStartedAt]);
    s.mature = read.flag(either(f[FHasMatureContent], f[FIsMature]));
    s.customTags = read.strings(either(f[FCustomTags], f[FTags]));
    // v2's livestream id (a UUID); v1 sends none. Kept as text whatever its
    // spelling, so an integer id reads as its decimal digits.
    for (const int i : {FId, FStreamId, FLivestreamId}) {
        if (isAbsent(f[i]))
            continue;
        s.streamId = f[i].isString() ? f[i].toString() : read.id(f[i]);
        break;
    }
    s.followers = read.count(either(f[FFollowersCount], f[FFollowerCount]));
    return s;
}

bool isKept(const Livestream &s)
{
    return !s.broadcasterUserId.isEmpty();
}

Category readCategoryItem(const QJsonObject &o, const FieldReader &read)
{
    Category c;
    c.id = read.id(o, KeyId);
    if (c.id.isEmpty())
        return c; // unidentified: malformed
    c.name = read.text(o, KeyName);
    c.thumbnail = read.text(o, QLatin1String("thumbnail"));
    return c;
}

bool isKept(const Category &c)
{
    return !c.id.isEmpty();
}

Channel readChannel(const QJsonObject &o, const FieldReader &read)
{
    Channel c;
    c.broadcasterUserId = read.id(o, KeyBroadcasterUserId);
    if (!isUserId(c.broadcasterUserId)) {
        c.broadcasterUserId.clear(); // unidentified: malformed
        return c;
    }
    // Only these members of "stream" are read; its "key" and "url" never are.
    const QJsonObject stream = read.object(o, QLatin1String("stream"));
    c.slug = read.text(o, KeySlug);
    c.title =
        has(o, KeyStreamTitle) ? read.text(o, KeyStreamTitle) : read.text(stream, KeyStreamTitle);
    // The category is at the top (documented) and, in newer answers, in the
    // stream too (KickDevDocs PR #80); the top one wins.
    readCategory(has(o, KeyCategory) ? o : stream, read, c.categoryId, c.categoryName);
    c.live = read.flag(stream, QLatin1String("is_live"));
    c.viewerCount = read.count(stream, KeyViewerCount);
    c.startedAtMs = read.time(stream, QLatin1String("start_time"));
    c.language = primaryLanguage(read.text(stream, KeyLanguage));
    c.followers = read.count(o, QLatin1String("followers_count"));
    return c;
}

bool isKept(const Channel &c)
{
    return !c.broadcasterUserId.isEmpty();
}

// A list page's items read one by one with readItem: an item that is not an
// object, or that readItem cannot identify, is counted as malformed and skipped.
template <typename Page, typename ReadItem>
Page readPage(const QByteArray &body, const char *nestedKey, const char *what, ReadItem readItem)
{
    Page page;
    QJsonArray items;
    if (!readListPage(body, QLatin1String(nestedKey), what, page, items))
        return page;
    // The unreadable fields of an item found malformed are not counted: only
    // what is kept can have blank columns.
    int unreadable = 0;
    const FieldReader read(unreadable);
    page.items.reserve(items.size());
    for (const auto &item : std::as_const(items)) { // QJsonValueConstRef: no copy
        const int before = unreadable;
        if (item.isObject()) {
            auto value = readItem(item.toObject(), read);
            if (isKept(value)) {
                page.items.append(std::move(value));
                continue;
            }
        }
        unreadable = before;
        Json::countUp(page.malformedItems);
    }
    page.unreadableFields =
        std::min(INT_MAX - page.unreadableFields, unreadable) + page.unreadableFields;
    return page;
}

} // namespace

LivestreamsPage parseLivestreams(const QByteArray &body)
{
    return readPage<LivestreamsPage>(body, "livestreams", "livestreams", readLivestream);
}

QString sessionKey(const QString &broadcasterUserId, qint64 startedAtMs)
{
    if (broadcasterUserId.isEmpty() || startedAtMs <= 0)
        return {};
    return broadcasterUserId + QLatin1Char('@') + QString::number(startedAtMs);
}

CategoriesPage parseCategories(const QByteArray &body)
{
    return readPage<CategoriesPage>(body, "categories", "categories", readCategoryItem);
}

ChannelsPage parseChannels(const QByteArray &body)
{
    return readPage<ChannelsPage>(body, "channels", "channels", readChannel);
}

} // namespace StreamRank::Kick
