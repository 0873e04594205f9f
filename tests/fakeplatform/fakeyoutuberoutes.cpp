// The API methods of the fake YouTube: search.list, videos.list, channels.list,
// playlistItems.list and videoCategories.list, with the real parameters, limits
// and error answers. Keys and quota are checked before any of this runs.
#include "fakeyoutubeserver_p.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

using namespace YouTubeJson;

namespace {

QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

// "a,b" and repeated parameters alike; trimmed, empty entries dropped, order kept.
QStringList listValue(const QUrlQuery &query, const QString &key)
{
    QStringList out;
    for (const QString &v : query.allQueryItemValues(key, QUrl::FullyDecoded)) {
        for (const QString &part : v.split(u',')) {
            if (!part.trimmed().isEmpty())
                out.push_back(part.trimmed());
        }
    }
    return out;
}

QStringList unique(const QStringList &list)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &s : list) {
        if (!seen.contains(s)) {
            seen.insert(s);
            out.push_back(s);
        }
    }
    return out;
}

// `part` is required and each name must be one of the method's; `known` also
// lists real parts the fake does not fill in (they are accepted and left out).
std::optional<QSet<QString>> parts(const QUrlQuery &query, const QStringList &known,
                                   YouTubeRoute *error)
{
    const QStringList names = listValue(query, u"part"_s);
    if (names.isEmpty()) {
        *error = requiredParameter(u"part"_s);
        return std::nullopt;
    }
    for (const QString &name : names) {
        if (!known.contains(name)) {
            *error = unknownPart(name);
            return std::nullopt;
        }
    }
    return QSet<QString>(names.cbegin(), names.cend());
}

std::optional<int> maxResults(const QUrlQuery &query, YouTubeRoute *error)
{
    if (!query.hasQueryItem(u"maxResults"_s))
        return 5; // the API's default
    bool ok = false;
    const QString text = value(query, u"maxResults"_s);
    const int n = text.toInt(&ok);
    if (ok && n >= 0 && n <= 50)
        return n;
    *error = invalidValue(u"maxResults"_s, text, u"[0, 50]"_s);
    return std::nullopt;
}

std::optional<int> pageOffset(const QUrlQuery &query, YouTubeRoute *error)
{
    const QString token = value(query, u"pageToken"_s);
    if (token.isEmpty())
        return 0;
    const std::optional<int> offset = decodePageToken(token);
    if (!offset)
        *error = invalidPageToken();
    return offset;
}

// pageInfo.totalResults of a search: like the real one, near the truth but not it.
int approximateTotal(int total, quint64 salt)
{
    if (total < 10)
        return total;
    const double factor = 0.85 + 0.5 * double(FakeRng::mix(salt) >> 11) * 0x1.0p-53;
    const double v = total * factor;
    const double unit = std::pow(10.0, std::floor(std::log10(v)) - 1);
    return int(std::min(1e6, std::round(v / unit) * unit));
}

QString languageOf(const FakeYouTubeVideo &v, const FakeYouTubeChannel *c)
{
    const QString tag = v.audioLanguage.isEmpty() && c ? c->language : v.audioLanguage;
    return tag.section(u'-', 0, 0).toLower();
}

} // namespace

YouTubeMethod FakeYouTubeServerPrivate::methodFor(const QByteArray &verb, const QString &path)
{
    if (verb != "GET")
        return YouTubeMethod::None;
    if (path == u"/youtube/v3/search")
        return YouTubeMethod::Search;
    if (path == u"/youtube/v3/videos")
        return YouTubeMethod::Videos;
    if (path == u"/youtube/v3/channels")
        return YouTubeMethod::Channels;
    if (path == u"/youtube/v3/playlistItems")
        return YouTubeMethod::PlaylistItems;
    if (path == u"/youtube/v3/videoCategories")
        return YouTubeMethod::VideoCategories;
    return YouTubeMethod::None;
}

YouTubeRoute FakeYouTubeServerPrivate::route(YouTubeMethod method, const QUrlQuery &query)
{
    switch (method) {
    case YouTubeMethod::Search:
        return search(query);
    case YouTubeMethod::Videos:
        return videos(query);
    case YouTubeMethod::Channels:
        return channels(query);
    case YouTubeMethod::PlaylistItems:
        return playlistItems(query);
    case YouTubeMethod::VideoCategories:
        return videoCategories(query);
    case YouTubeMethod::None:
        break;
    }
    return notFoundPage(QString());
}

YouTubeRoute FakeYouTubeServerPrivate::search(const QUrlQuery &query)
{
    YouTubeRoute error;
    const auto part = parts(query, {u"id"_s, u"snippet"_s}, &error);
    if (!part)
        return error;
    const std::optional<int> max = maxResults(query, &error);
    if (!max)
        return error;
    const std::optional<int> offset = pageOffset(query, &error);
    if (!offset)
        return error;
    QStringList types = listValue(query, u"type"_s);
    if (types.isEmpty())
        types = {u"video"_s, u"channel"_s, u"playlist"_s};
    const QString eventType = value(query, u"eventType"_s);
    const QString category = value(query, u"videoCategoryId"_s);
    if ((!eventType.isEmpty() || !category.isEmpty()) && types != QStringList{u"video"_s})
        return invalidSearchFilter();
    if (!eventType.isEmpty() && eventType != u"live" && eventType != u"upcoming" &&
        eventType != u"completed")
        return invalidValue(u"eventType"_s, eventType, QString());
    const QString order =
        value(query, u"order"_s).isEmpty() ? u"relevance"_s : value(query, u"order"_s);
    static const QStringList orders = {u"date"_s,  u"rating"_s,     u"relevance"_s,
                                       u"title"_s, u"videoCount"_s, u"viewCount"_s};
    if (!orders.contains(order))
        return invalidValue(u"order"_s, order, QString());

    world.drift(config.viewerDriftPerRequest);
    const QStringList terms = value(query, u"q"_s).toLower().split(u' ', Qt::SkipEmptyParts);
    const QString channelId = value(query, u"channelId"_s);
    const QString region = value(query, u"regionCode"_s).toUpper();
    const QString language = value(query, u"relevanceLanguage"_s).section(u'-', 0, 0).toLower();
    QVector<const FakeYouTubeVideo *> found;
    if (types.contains(u"video"_s)) {
        const FakeVideoState wanted = eventType == u"live"       ? FakeVideoState::Live
                                      : eventType == u"upcoming" ? FakeVideoState::Upcoming
                                                                 : FakeVideoState::Ended;
        for (const FakeYouTubeVideo *v : eventType == u"live" ? world.live() : world.videos()) {
            if (!eventType.isEmpty() && v->state != wanted)
                continue;
            const FakeYouTubeChannel *c = world.channel(v->channelId);
            const QString title = v->title.toLower();
            if (std::all_of(terms.cbegin(), terms.cend(),
                            [&title](const QString &t) { return title.contains(t); }) &&
                (channelId.isEmpty() || v->channelId == channelId) &&
                (category.isEmpty() || v->categoryId == category) &&
                (region.isEmpty() || (c && c->country == region)) &&
                (language.isEmpty() || languageOf(*v, c) == language))
                found.push_back(v);
        }
    }
    // relevance, videoCount: by views, as the fake has no notion of relevance.
    const auto views = [](const FakeYouTubeVideo *v) {
        return v->state == FakeVideoState::Live ? qint64(v->viewers) : v->viewCount;
    };
    std::stable_sort(found.begin(), found.end(),
                     [&](const FakeYouTubeVideo *a, const FakeYouTubeVideo *b) {
                         if (order == u"date")
                             return a->publishedAtMs > b->publishedAtMs;
                         if (order == u"rating")
                             return a->likeCount > b->likeCount;
                         if (order == u"title")
                             return a->title.compare(b->title, Qt::CaseInsensitive) < 0;
                         return views(a) > views(b);
                     });

    const int total = int(found.size());
    const size_t salt = qHash(terms.join(u' ') + u'|' + channelId + u'|' + category + u'|' +
                              region + u'|' + language + u'|' + eventType);
    const int reachable = std::min(total, std::max(0, config.searchResultCap));
    QJsonArray items;
    for (int i = *offset; i < reachable && i < *offset + *max; ++i)
        items.append(searchItem(*found[i], part->contains(u"snippet"_s)));
    YouTubeRoute r;
    r.paged = true;
    r.pageOffset = *offset;
    r.lastPage = *offset + *max >= reachable;
    r.nextOffset = r.lastPage ? -1 : *offset + *max;
    r.body =
        QJsonObject{{u"kind"_s, u"youtube#searchListResponse"_s},
                    {u"etag"_s, etag(items)},
                    {u"regionCode"_s, region.isEmpty() ? u"US"_s : region},
                    {u"pageInfo"_s,
                     QJsonObject{{u"totalResults"_s, approximateTotal(total, config.seed ^ salt)},
                                 {u"resultsPerPage"_s, total == 0 ? 0 : *max}}},
                    {u"items"_s, items}};
    if (!r.lastPage)
        r.body.insert(u"nextPageToken"_s, encodePageToken(r.nextOffset));
    if (*offset > 0)
        r.body.insert(u"prevPageToken"_s, encodePageToken(std::max(0, *offset - *max), true));
    return r;
}

YouTubeRoute FakeYouTubeServerPrivate::videos(const QUrlQuery &query)
{
    YouTubeRoute error;
    const auto part =
        parts(query,
              {u"id"_s, u"snippet"_s, u"contentDetails"_s, u"statistics"_s,
               u"liveStreamingDetails"_s, u"status"_s, u"fileDetails"_s, u"localizations"_s,
               u"player"_s, u"processingDetails"_s, u"recordingDetails"_s, u"suggestions"_s,
               u"topicDetails"_s, u"paidProductPlacementDetails"_s},
              &error);
    if (!part)
        return error;
    const QStringList ids = listValue(query, u"id"_s);
    if (ids.isEmpty()) // chart=mostPopular and myRating are not modelled
        return noFilter(u"chart, id, myRating"_s);
    if (ids.size() > 50)
        return invalidFilters();
    world.drift(config.viewerDriftPerRequest);
    QJsonArray items;
    for (const QString &id : unique(ids)) {
        if (const FakeYouTubeVideo *v = world.video(id)) // unknown and deleted ids are left out
            items.append(videoItem(*v, *part));
    }
    YouTubeRoute r;
    r.body = QJsonObject{{u"kind"_s, u"youtube#videoListResponse"_s},
                         {u"etag"_s, etag(items)},
                         {u"items"_s, items},
                         {u"pageInfo"_s, QJsonObject{{u"totalResults"_s, items.size()},
                                                     {u"resultsPerPage"_s, items.size()}}}};
    return r;
}

YouTubeRoute FakeYouTubeServerPrivate::channels(const QUrlQuery &query)
{
    YouTubeRoute error;
    const auto part = parts(query,
                            {u"id"_s, u"snippet"_s, u"contentDetails"_s, u"statistics"_s,
                             u"status"_s, u"brandingSettings"_s, u"topicDetails"_s,
                             u"localizations"_s, u"auditDetails"_s, u"contentOwnerDetails"_s},
                            &error);
    if (!part)
        return error;
    const std::optional<int> max = maxResults(query, &error);
    if (!max)
        return error;
    const QStringList ids = listValue(query, u"id"_s);
    const QString handle = value(query, u"forHandle"_s);
    const bool byUsername = query.hasQueryItem(u"forUsername"_s); // legacy names: none here
    if (ids.isEmpty() && handle.isEmpty() && !byUsername)
        return noFilter(u"categoryId, forHandle, forUsername, id, managedByMe, mine"_s);
    if (ids.size() > 50)
        return invalidFilters();
    QVector<const FakeYouTubeChannel *> found;
    for (const QString &id : unique(ids)) {
        if (const FakeYouTubeChannel *c = world.channel(id))
            found.push_back(c);
    }
    if (const FakeYouTubeChannel *c = handle.isEmpty() ? nullptr : world.channelByHandle(handle))
        found.push_back(c);
    QJsonArray items;
    for (const FakeYouTubeChannel *c : found)
        items.append(channelItem(*c, world.uploadCount(*c), *part));
    YouTubeRoute r;
    r.body = QJsonObject{{u"kind"_s, u"youtube#channelListResponse"_s},
                         {u"etag"_s, etag(items)},
                         {u"pageInfo"_s, QJsonObject{{u"totalResults"_s, items.size()},
                                                     {u"resultsPerPage"_s, *max}}}};
    if (!items.isEmpty()) // no match: no "items" at all, unlike the other methods
        r.body.insert(u"items"_s, items);
    return r;
}

YouTubeRoute FakeYouTubeServerPrivate::playlistItems(const QUrlQuery &query)
{
    YouTubeRoute error;
    const auto part =
        parts(query, {u"id"_s, u"snippet"_s, u"contentDetails"_s, u"status"_s}, &error);
    if (!part)
        return error;
    const QString playlistId = value(query, u"playlistId"_s);
    if (playlistId.isEmpty()) // lookups by playlist item id are not modelled
        return noFilter(u"id, playlistId"_s);
    const std::optional<int> max = maxResults(query, &error);
    if (!max)
        return error;
    const std::optional<int> offset = pageOffset(query, &error);
    if (!offset)
        return error;
    const FakeYouTubeChannel *c = world.channelByUploads(playlistId);
    // A channel that never uploaded has no uploads playlist to find.
    if (!c || world.uploadCount(*c) == 0)
        return playlistNotFound();
    const QVector<const FakeYouTubeVideo *> uploads = world.uploads(*c);
    const int total = int(uploads.size());
    QJsonArray items;
    for (int i = *offset; i < total && i < *offset + *max; ++i)
        items.append(playlistItem(*uploads[i], playlistId, i, *part));
    YouTubeRoute r;
    r.paged = true;
    r.pageOffset = *offset;
    r.lastPage = *offset + *max >= total;
    r.nextOffset = r.lastPage ? -1 : *offset + *max;
    r.body = QJsonObject{
        {u"kind"_s, u"youtube#playlistItemListResponse"_s},
        {u"etag"_s, etag(items)},
        {u"items"_s, items},
        {u"pageInfo"_s, QJsonObject{{u"totalResults"_s, total}, {u"resultsPerPage"_s, *max}}}};
    if (!r.lastPage)
        r.body.insert(u"nextPageToken"_s, encodePageToken(r.nextOffset));
    if (*offset > 0)
        r.body.insert(u"prevPageToken"_s, encodePageToken(std::max(0, *offset - *max), true));
    return r;
}

YouTubeRoute FakeYouTubeServerPrivate::videoCategories(const QUrlQuery &query)
{
    YouTubeRoute error;
    const auto part = parts(query, {u"id"_s, u"snippet"_s}, &error);
    if (!part)
        return error;
    const QStringList ids = listValue(query, u"id"_s);
    const QString region = value(query, u"regionCode"_s);
    if (ids.isEmpty() && region.isEmpty())
        return noFilter(u"id, regionCode"_s);
    if (ids.isEmpty() &&
        (region.size() != 2 || !region.front().isLetter() || !region.back().isLetter()))
        return invalidValue(u"regionCode"_s, region, QString());
    QJsonArray items = categoryItems(ids); // the same categories in every region
    if (!part->contains(u"snippet"_s)) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject o = items[i].toObject();
            o.remove(u"snippet"_s);
            items[i] = o;
        }
    }
    YouTubeRoute r;
    r.body = QJsonObject{{u"kind"_s, u"youtube#videoCategoryListResponse"_s},
                         {u"etag"_s, etag(items)},
                         {u"items"_s, items}};
    return r;
}

} // namespace StreamRank::Fake
