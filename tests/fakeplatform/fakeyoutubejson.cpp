// The fake YouTube's JSON: resources as the Data API v3 sends them (counts as
// strings, kind/etag on everything), Google's error bodies, page tokens and the
// `fields` partial-response selector.
#include "fakeyoutubeserver_p.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>

#include <map>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake::YouTubeJson {

namespace {

QJsonObject thumbnails(const QString &videoId, bool live, bool large)
{
    const QString base = u"https://i.ytimg.com/vi/"_s + videoId + u'/';
    const QString suffix = live ? u"_live.jpg"_s : u".jpg"_s;
    const auto one = [&](const char *name, int w, int h) {
        return QJsonObject{{u"url"_s, QString(base + QLatin1String(name) + suffix)},
                           {u"width"_s, w},
                           {u"height"_s, h}};
    };
    QJsonObject t{{u"default"_s, one("default", 120, 90)},
                  {u"medium"_s, one("mqdefault", 320, 180)},
                  {u"high"_s, one("hqdefault", 480, 360)}};
    if (large) {
        t.insert(u"standard"_s, one("sddefault", 640, 480));
        t.insert(u"maxres"_s, one("maxresdefault", 1280, 720));
    }
    return t;
}

// search.list sends titles and descriptions HTML-escaped ("Chip &#39;N Dale&#39;s").
QString htmlEscaped(const QString &text)
{
    QString out = text.toHtmlEscaped();
    out.replace(u'\'', u"&#39;"_s);
    return out;
}

QJsonObject withEtag(QJsonObject o)
{
    o.insert(u"etag"_s, etag(o));
    return o;
}

QString count(qint64 n)
{
    return QString::number(n);
}

} // namespace

QString etag(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(json, QCryptographicHash::Sha1)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString rfc3339(qint64 ms)
{
    return FakePopulation::rfc3339(ms);
}

QString isoDuration(int s)
{
    if (s <= 0)
        return u"P0D"_s;
    QString out = u"PT"_s;
    if (s >= 3600)
        out += QString::number(s / 3600) + u'H';
    if (s % 3600 >= 60)
        out += QString::number(s % 3600 / 60) + u'M';
    if (s % 60)
        out += QString::number(s % 60) + u'S';
    return out;
}

QString liveBroadcastContent(FakeVideoState state)
{
    switch (state) {
    case FakeVideoState::Live:
        return u"live"_s;
    case FakeVideoState::Upcoming:
        return u"upcoming"_s;
    default:
        return u"none"_s;
    }
}

QString liveChatId(const QString &videoId, const QString &channelId)
{
    // The real ones are this little protobuf, base64 without padding.
    const QByteArray v = videoId.toLatin1(), c = channelId.toLatin1();
    const QByteArray raw =
        "\x0a" + QByteArray(1, char(v.size() + 2)) + "\x0a" + QByteArray(1, char(v.size())) + v +
        "\x2a" + QByteArray(1, char(c.size() + v.size() + 4)) + "\x0a" +
        QByteArray(1, char(c.size())) + c + "\x12" + QByteArray(1, char(v.size())) + v;
    return QString::fromLatin1(raw.toBase64(QByteArray::OmitTrailingEquals));
}

QJsonObject searchItem(const FakeYouTubeVideo &v, bool snippet)
{
    QJsonObject o{{u"kind"_s, u"youtube#searchResult"_s},
                  {u"id"_s, QJsonObject{{u"kind"_s, u"youtube#video"_s}, {u"videoId"_s, v.id}}}};
    if (snippet) {
        QString description = v.description;
        if (description.size() > 160)
            description = description.left(157).trimmed() + u" ..."_s;
        const bool live = v.state == FakeVideoState::Live || v.state == FakeVideoState::Upcoming;
        o.insert(u"snippet"_s,
                 QJsonObject{{u"publishedAt"_s, rfc3339(v.publishedAtMs)},
                             {u"channelId"_s, v.channelId},
                             {u"title"_s, htmlEscaped(v.title)},
                             {u"description"_s, htmlEscaped(description)},
                             {u"thumbnails"_s, thumbnails(v.id, live, false)},
                             {u"channelTitle"_s, htmlEscaped(v.channelTitle)},
                             {u"liveBroadcastContent"_s, liveBroadcastContent(v.state)},
                             {u"publishTime"_s, rfc3339(v.publishedAtMs)}});
    }
    return withEtag(o);
}

QJsonObject videoItem(const FakeYouTubeVideo &v, const QSet<QString> &parts)
{
    QJsonObject o{{u"kind"_s, u"youtube#video"_s}, {u"id"_s, v.id}};
    const bool broadcast = v.state != FakeVideoState::Upload;
    const bool live = v.state == FakeVideoState::Live || v.state == FakeVideoState::Upcoming;
    if (parts.contains(u"snippet"_s)) {
        QJsonObject s{{u"publishedAt"_s, rfc3339(v.publishedAtMs)},
                      {u"channelId"_s, v.channelId},
                      {u"title"_s, v.title},
                      {u"description"_s, v.description},
                      {u"thumbnails"_s, thumbnails(v.id, live, true)},
                      {u"channelTitle"_s, v.channelTitle},
                      {u"categoryId"_s, v.categoryId},
                      {u"liveBroadcastContent"_s, liveBroadcastContent(v.state)},
                      {u"localized"_s,
                       QJsonObject{{u"title"_s, v.title}, {u"description"_s, v.description}}}};
        if (!v.audioLanguage.isEmpty())
            s.insert(u"defaultAudioLanguage"_s, v.audioLanguage);
        o.insert(u"snippet"_s, s);
    }
    if (parts.contains(u"contentDetails"_s)) {
        o.insert(u"contentDetails"_s,
                 QJsonObject{{u"duration"_s, isoDuration(live ? 0 : v.durationS)},
                             {u"dimension"_s, u"2d"_s},
                             {u"definition"_s, u"hd"_s},
                             {u"caption"_s, u"false"_s},
                             {u"licensedContent"_s, false},
                             {u"contentRating"_s, QJsonObject()},
                             {u"projection"_s, u"rectangular"_s}});
    }
    if (parts.contains(u"status"_s)) {
        o.insert(u"status"_s, QJsonObject{{u"uploadStatus"_s, u"uploaded"_s},
                                          {u"privacyStatus"_s, u"public"_s},
                                          {u"license"_s, u"youtube"_s},
                                          {u"embeddable"_s, true},
                                          {u"publicStatsViewable"_s, true},
                                          {u"madeForKids"_s, false}});
    }
    if (parts.contains(u"statistics"_s)) {
        QJsonObject s{{u"viewCount"_s, count(v.viewCount)},
                      {u"likeCount"_s, count(v.likeCount)},
                      {u"favoriteCount"_s, u"0"_s}};
        if (v.commentCount >= 0)
            s.insert(u"commentCount"_s, count(v.commentCount));
        o.insert(u"statistics"_s, s);
    }
    if (parts.contains(u"liveStreamingDetails"_s) && broadcast) {
        QJsonObject l;
        if (v.actualStartMs >= 0)
            l.insert(u"actualStartTime"_s, rfc3339(v.actualStartMs));
        if (v.actualEndMs >= 0)
            l.insert(u"actualEndTime"_s, rfc3339(v.actualEndMs));
        if (v.scheduledStartMs >= 0)
            l.insert(u"scheduledStartTime"_s, rfc3339(v.scheduledStartMs));
        if (v.state == FakeVideoState::Live && !v.hiddenViewers)
            l.insert(u"concurrentViewers"_s, count(v.viewers));
        if (live)
            l.insert(u"activeLiveChatId"_s, liveChatId(v.id, v.channelId));
        o.insert(u"liveStreamingDetails"_s, l);
    }
    return withEtag(o);
}

QJsonObject channelItem(const FakeYouTubeChannel &c, int uploads, const QSet<QString> &parts)
{
    QJsonObject o{{u"kind"_s, u"youtube#channel"_s}, {u"id"_s, c.id}};
    if (parts.contains(u"snippet"_s)) {
        const QString art = u"https://yt3.ggpht.com/fake-"_s + c.id;
        const auto one = [&](int size) {
            return QJsonObject{{u"url"_s, QString(art + u"=s"_s + QString::number(size) +
                                                  u"-c-k-c0x00ffffff-no-rj"_s)},
                               {u"width"_s, size},
                               {u"height"_s, size}};
        };
        QJsonObject s{
            {u"title"_s, c.title},
            {u"description"_s, c.description},
            {u"customUrl"_s, c.handle.toLower()},
            {u"publishedAt"_s, rfc3339(c.publishedAtMs)},
            {u"thumbnails"_s,
             QJsonObject{{u"default"_s, one(88)}, {u"medium"_s, one(240)}, {u"high"_s, one(800)}}},
            {u"localized"_s,
             QJsonObject{{u"title"_s, c.title}, {u"description"_s, c.description}}}};
        if (!c.country.isEmpty())
            s.insert(u"country"_s, c.country);
        o.insert(u"snippet"_s, s);
    }
    if (parts.contains(u"contentDetails"_s)) {
        o.insert(u"contentDetails"_s,
                 QJsonObject{
                     {u"relatedPlaylists"_s, QJsonObject{{u"likes"_s, QString()},
                                                         {u"uploads"_s, c.uploadsPlaylistId()}}}});
    }
    if (parts.contains(u"statistics"_s)) {
        QJsonObject s{{u"viewCount"_s, count(c.viewCount)},
                      {u"hiddenSubscriberCount"_s, c.hiddenSubscribers},
                      {u"videoCount"_s, count(uploads)}};
        if (!c.hiddenSubscribers)
            s.insert(u"subscriberCount"_s, count(c.subscribers));
        o.insert(u"statistics"_s, s);
    }
    if (parts.contains(u"status"_s)) {
        o.insert(u"status"_s, QJsonObject{{u"privacyStatus"_s, u"public"_s},
                                          {u"isLinked"_s, true},
                                          {u"longUploadsStatus"_s, u"longUploadsUnspecified"_s},
                                          {u"madeForKids"_s, false}});
    }
    return withEtag(o);
}

QJsonObject playlistItem(const FakeYouTubeVideo &v, const QString &playlistId, int position,
                         const QSet<QString> &parts)
{
    const QByteArray id = (playlistId + u'.' + v.id).toLatin1();
    QJsonObject o{{u"kind"_s, u"youtube#playlistItem"_s},
                  {u"id"_s, QString::fromLatin1(id.toBase64(QByteArray::OmitTrailingEquals))}};
    if (parts.contains(u"snippet"_s)) {
        const bool live = v.state == FakeVideoState::Live || v.state == FakeVideoState::Upcoming;
        o.insert(u"snippet"_s,
                 QJsonObject{{u"publishedAt"_s, rfc3339(v.publishedAtMs)},
                             {u"channelId"_s, v.channelId},
                             {u"title"_s, v.title},
                             {u"description"_s, v.description},
                             {u"thumbnails"_s, thumbnails(v.id, live, false)},
                             {u"channelTitle"_s, v.channelTitle},
                             {u"playlistId"_s, playlistId},
                             {u"position"_s, position},
                             {u"resourceId"_s,
                              QJsonObject{{u"kind"_s, u"youtube#video"_s}, {u"videoId"_s, v.id}}},
                             {u"videoOwnerChannelTitle"_s, v.channelTitle},
                             {u"videoOwnerChannelId"_s, v.channelId}});
    }
    if (parts.contains(u"contentDetails"_s)) {
        o.insert(
            u"contentDetails"_s,
            QJsonObject{{u"videoId"_s, v.id}, {u"videoPublishedAt"_s, rfc3339(v.publishedAtMs)}});
    }
    if (parts.contains(u"status"_s))
        o.insert(u"status"_s, QJsonObject{{u"privacyStatus"_s, u"public"_s}});
    return withEtag(o);
}

QJsonArray categoryItems(const QStringList &ids)
{
    struct Category
    {
        int id;
        const char *title;
        bool assignable;
    };
    static constexpr Category all[] = {
        {1, "Film & Animation", true},
        {2, "Autos & Vehicles", true},
        {10, "Music", true},
        {15, "Pets & Animals", true},
        {17, "Sports", true},
        {18, "Short Movies", false},
        {19, "Travel & Events", true},
        {20, "Gaming", true},
        {21, "Videoblogging", false},
        {22, "People & Blogs", true},
        {23, "Comedy", true},
        {24, "Entertainment", true},
        {25, "News & Politics", true},
        {26, "Howto & Style", true},
        {27, "Education", true},
        {28, "Science & Technology", true},
        {29, "Nonprofits & Activism", true},
        {30, "Movies", false},
        {31, "Anime/Animation", false},
        {32, "Action/Adventure", false},
        {33, "Classics", false},
        {34, "Comedy", false},
        {35, "Documentary", false},
        {36, "Drama", false},
        {37, "Family", false},
        {38, "Foreign", false},
        {39, "Horror", false},
        {40, "Sci-Fi/Fantasy", false},
        {41, "Thriller", false},
        {42, "Shorts", false},
        {43, "Shows", false},
        {44, "Trailers", false},
    };
    QJsonArray items;
    const auto item = [](const Category &k) {
        return withEtag(QJsonObject{
            {u"kind"_s, u"youtube#videoCategory"_s},
            {u"id"_s, QString::number(k.id)},
            {u"snippet"_s, QJsonObject{{u"title"_s, QLatin1String(k.title)},
                                       {u"assignable"_s, k.assignable},
                                       {u"channelId"_s, u"UCBR8-60-B28hp2BmDPdntcQ"_s}}}});
    };
    if (ids.isEmpty()) {
        for (const Category &k : all)
            items.append(item(k));
        return items;
    }
    for (const QString &id : ids) {
        for (const Category &k : all) {
            if (id == QString::number(k.id))
                items.append(item(k));
        }
    }
    return items;
}

// Page tokens have the real tokens' shape: a tiny protobuf {1: offset, 2: direction},
// base64url without padding ("CAUQAA" is offset 5 going forward).
QString encodePageToken(int offset, bool previous)
{
    QByteArray raw("\x08");
    auto n = quint32(std::max(0, offset));
    do {
        const char byte = char(n & 0x7f);
        n >>= 7;
        raw += n ? char(byte | 0x80) : byte;
    } while (n);
    raw += "\x10";
    raw += previous ? '\x01' : '\x00';
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<int> decodePageToken(const QString &token)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray &raw = decoded.decoded;
    if (!decoded || raw.size() < 4 || raw.size() > 8 || raw.at(0) != '\x08')
        return std::nullopt;
    quint32 offset = 0;
    int i = 1, shift = 0;
    for (; i < raw.size() && shift <= 28; ++i, shift += 7) {
        offset |= quint32(uchar(raw[i]) & 0x7f) << shift;
        if (!(uchar(raw[i]) & 0x80))
            break;
    }
    if (i + 3 != raw.size() || raw[i + 1] != '\x10' || (raw[i + 2] != 0 && raw[i + 2] != 1) ||
        offset > 1'000'000)
        return std::nullopt;
    return int(offset);
}

namespace {

struct FieldTree
{
    std::map<QString, FieldTree> children; // none: the whole value
};

// fields := item (',' item)*; item := name ('/' name)* ['(' fields ')']
bool parseFields(const QString &text, qsizetype &pos, FieldTree &into)
{
    while (true) {
        FieldTree *node = &into;
        do {
            qsizetype start = pos;
            while (pos < text.size() && (text[pos].isLetterOrNumber() || text[pos] == u'_' ||
                                         text[pos] == u'@' || text[pos] == u'*'))
                ++pos;
            if (pos == start)
                return false;
            node = &node->children[text.mid(start, pos - start)];
        } while (pos < text.size() && text[pos] == u'/' && ++pos);
        if (pos < text.size() && text[pos] == u'(') {
            ++pos;
            if (!parseFields(text, pos, *node) || pos >= text.size() || text[pos] != u')')
                return false;
            ++pos;
        }
        if (pos >= text.size() || text[pos] != u',')
            return true;
        ++pos;
    }
}

QJsonValue select(const QJsonValue &value, const FieldTree &tree)
{
    if (tree.children.empty())
        return value;
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(select(v, tree));
        return out;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    if (tree.children.count(u"*"_s))
        return object;
    QJsonObject out;
    for (const auto &[name, sub] : tree.children) {
        if (object.contains(name))
            out.insert(name, select(object.value(name), sub));
    }
    return out;
}

} // namespace

std::optional<QJsonObject> selectFields(const QJsonObject &body, const QString &fields)
{
    const QString text = QString(fields).remove(u' ');
    FieldTree tree;
    qsizetype pos = 0;
    if (!parseFields(text, pos, tree) || pos != text.size())
        return std::nullopt;
    return select(body, tree).toObject();
}

QJsonObject wrongTypes(const QJsonObject &item)
{
    QJsonObject out;
    for (auto it = item.begin(); it != item.end(); ++it) {
        const QJsonValue v = it.value();
        bool numeric = false;
        const double asNumber = v.isString() ? v.toString().toDouble(&numeric) : 0.0;
        if (numeric)
            out.insert(it.key(), asNumber);
        else if (v.isDouble())
            out.insert(it.key(), QString::number(v.toDouble(), 'g', 17));
        else if (v.isBool())
            out.insert(it.key(), v.toBool() ? u"true"_s : u"false"_s);
        else if (v.isArray())
            out.insert(it.key(), QJsonValue::Null);
        else if (v.isObject())
            out.insert(it.key(), wrongTypes(v.toObject()));
        else
            out.insert(it.key(), v);
    }
    return out;
}

} // namespace StreamRank::Fake::YouTubeJson
