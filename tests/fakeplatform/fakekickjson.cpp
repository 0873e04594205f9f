// The fake Kick's JSON: livestream, channel and category items as the public
// API sends them, the {"data","message"} envelope, the opaque keyset cursors,
// and the error bodies of api.kick.com and id.kick.com.
#include "fakekickserver_p.h"

#include <QDateTime>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake::KickJson {

namespace {

QJsonObject categoryOf(const FakeKickCategory *category)
{
    return category ? categoryItem(*category) : categoryItem(FakeKickCategory());
}

QJsonArray strings(const QStringList &list)
{
    QJsonArray out;
    for (const QString &s : list)
        out.append(s);
    return out;
}

QString startedAt(const FakeKickChannel &c)
{
    return c.live ? FakePopulation::rfc3339(c.startedAtMs) : u"0001-01-01T00:00:00Z"_s;
}

} // namespace

QJsonObject categoryItem(const FakeKickCategory &category)
{
    return QJsonObject{
        {u"id"_s, category.id}, {u"name"_s, category.name}, {u"thumbnail"_s, category.thumbnail}};
}

QJsonObject livestreamItem(const FakeKickChannel &c, const FakeKickCategory *category)
{
    return QJsonObject{
        {u"broadcaster_user_id"_s, c.broadcasterUserId},
        {u"channel_id"_s, c.channelId},
        {u"slug"_s, c.slug},
        {u"stream_title"_s, c.title},
        {u"category"_s, categoryOf(category)},
        {u"language"_s, c.language},
        {u"viewer_count"_s, c.viewers},
        {u"started_at"_s, startedAt(c)},
        {u"has_mature_content"_s, c.mature},
        {u"custom_tags"_s, strings(c.customTags)},
        {u"thumbnail"_s, c.thumbnail},
        {u"profile_picture"_s, c.profilePicture},
    };
}

// v2 renamed and nested what v1 sends flat (as clients of the June 2026 v2
// report it: docs/KICK.md): the broadcaster and channel as objects, title,
// language_code, tags, and an id of the livestream itself.
QJsonObject livestreamItemV2(const FakeKickChannel &c, const FakeKickCategory *category)
{
    const QString id = QStringLiteral("%1-%2")
                           .arg(c.broadcasterUserId, 8, 16, QLatin1Char('0'))
                           .arg(c.startedAtMs, 12, 16, QLatin1Char('0'));
    return QJsonObject{
        {u"id"_s, id},
        {u"broadcaster_user"_s, QJsonObject{{u"id"_s, c.broadcasterUserId},
                                            {u"username"_s, c.slug},
                                            {u"profile_picture"_s, c.profilePicture}}},
        {u"channel"_s, QJsonObject{{u"slug"_s, c.slug}}},
        {u"title"_s, c.title},
        {u"category"_s, categoryOf(category)},
        {u"language_code"_s, c.language},
        {u"viewer_count"_s, c.viewers},
        {u"started_at"_s, startedAt(c)},
        {u"has_mature_content"_s, c.mature},
        {u"tags"_s, strings(c.customTags)},
        {u"thumbnail"_s, c.thumbnail},
    };
}

QJsonObject channelItem(const FakeKickChannel &c, const FakeKickCategory *category)
{
    const QJsonObject stream{
        {u"is_live"_s, c.live},
        {u"is_mature"_s, c.mature},
        {u"language"_s, c.language},
        {u"start_time"_s, startedAt(c)},
        {u"viewer_count"_s, c.live ? c.viewers : 0},
        {u"thumbnail"_s, c.thumbnail},
        {u"url"_s, c.streamUrl},
        {u"key"_s, c.streamKey}, // the real API sends it to app tokens too
        {u"custom_tags"_s, c.live ? strings(c.customTags) : QJsonArray()},
    };
    return QJsonObject{
        {u"broadcaster_user_id"_s, c.broadcasterUserId},
        {u"slug"_s, c.slug},
        {u"stream_title"_s, c.title},
        {u"category"_s, categoryOf(category)},
        {u"channel_description"_s, c.description},
        {u"banner_picture"_s, c.bannerPicture},
        {u"active_subscribers_count"_s, c.activeSubscribers},
        {u"canceled_subscribers_count"_s, c.canceledSubscribers},
        {u"followers_count"_s, c.followers},
        {u"stream"_s, stream},
    };
}

QJsonObject page(const QJsonArray &data, const QString &nextCursor)
{
    return QJsonObject{{u"data"_s, data},
                       {u"message"_s, u"OK"_s},
                       {u"pagination"_s, QJsonObject{{u"next_cursor"_s, nextCursor}}}};
}

QJsonObject list(const QJsonArray &data)
{
    return QJsonObject{{u"data"_s, data}, {u"message"_s, u"OK"_s}};
}

QString encodeCursor(QLatin1StringView listing, KickCursor at)
{
    const QByteArray raw = QByteArray(listing.data(), listing.size()) + ':' +
                           QByteArray::number(at.a) + ':' + QByteArray::number(at.b);
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<KickCursor> decodeCursor(QLatin1StringView listing, const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || cursor.size() > 200)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 3 || parts[0] != QByteArray(listing.data(), listing.size()))
        return std::nullopt;
    bool aOk = false, bOk = false;
    const KickCursor at{parts[1].toLongLong(&aOk), parts[2].toLongLong(&bOk)};
    if (!aOk || !bOk || at.a < 0 || at.b < 0)
        return std::nullopt;
    return at;
}

QJsonObject wrongTypes(QJsonObject item)
{
    static const QStringList numbers = {u"broadcaster_user_id"_s,
                                        u"channel_id"_s,
                                        u"id"_s,
                                        u"viewer_count"_s,
                                        u"active_subscribers_count"_s,
                                        u"followers_count"_s,
                                        u"canceled_subscribers_count"_s};
    for (const QString &key : numbers) {
        if (item.contains(key))
            item.insert(key, QString::number(item.value(key).toInteger()));
    }
    for (const QString &key : {u"has_mature_content"_s, u"is_live"_s, u"is_mature"_s}) {
        if (item.contains(key))
            item.insert(key, item.value(key).toBool() ? u"true"_s : u"false"_s);
    }
    if (item.contains(u"started_at"_s)) // seconds since the epoch instead of RFC 3339
        item.insert(u"started_at"_s, double(QDateTime::fromString(
                                                item.value(u"started_at"_s).toString(), Qt::ISODate)
                                                .toSecsSinceEpoch()));
    if (item.contains(u"custom_tags"_s))
        item.insert(u"custom_tags"_s, QJsonValue::Null);
    if (item.value(u"category"_s).isObject())
        item.insert(u"category"_s, item.value(u"category"_s)[u"name"_s].toString());
    if (item.contains(u"tags"_s))
        item.insert(u"tags"_s, QJsonValue::Null);
    for (const QString &nested : {u"stream"_s, u"broadcaster_user"_s}) {
        if (item.value(nested).isObject())
            item.insert(nested, wrongTypes(item.value(nested).toObject()));
    }
    return item;
}

KickAnswer error(int status, const QString &message)
{
    KickAnswer r;
    r.status = status;
    r.body = QJsonObject{{u"data"_s, QJsonObject()}, {u"message"_s, message}};
    return r;
}

KickAnswer oauthError(int status, const char *error, const QString &description)
{
    KickAnswer r;
    r.status = status;
    r.body = QJsonObject{{u"error"_s, QLatin1String(error)}, {u"error_description"_s, description}};
    return r;
}

KickAnswer badGateway()
{
    KickAnswer r;
    r.status = 502;
    r.html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 "
             "Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n"
             "</html>\r\n";
    return r;
}

} // namespace StreamRank::Fake::KickJson
