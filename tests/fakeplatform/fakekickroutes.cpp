// The routes of the fake Kick: the app token, livestreams v1 (sorted, no
// paging) and v2 (keyset cursor by start time), categories v1 and v2, and
// channels by id or slug, with their parameters, limits and 400 answers. The
// token check and the rate limit run before any of this.
#include "fakekickserver_p.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

using namespace KickJson;

namespace {

constexpr QLatin1StringView LivestreamsListing{"livestreams"};
constexpr QLatin1StringView CategoriesListing{"categories"};
constexpr int DefaultLimit = 25;
constexpr int MaxLookups = 50; // broadcaster_user_id and slug values in one request

QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

std::optional<int> limitOf(const QUrlQuery &query, int max, KickAnswer *failure)
{
    if (!query.hasQueryItem(u"limit"_s))
        return std::min(DefaultLimit, max);
    bool ok = false;
    const int limit = value(query, u"limit"_s).toInt(&ok);
    if (ok && limit >= 1 && limit <= max)
        return limit;
    *failure = error(400, u"limit must be between 1 and %1"_s.arg(max));
    return std::nullopt;
}

// Repeated broadcaster_user_id=: at most 50, each a positive integer; order
// kept, repeats dropped.
std::optional<QVector<qint64>> idsOf(const QUrlQuery &query, KickAnswer *failure)
{
    const QStringList texts =
        query.allQueryItemValues(u"broadcaster_user_id"_s, QUrl::FullyDecoded);
    if (texts.size() > MaxLookups) {
        *failure =
            error(400, u"at most %1 broadcaster_user_id values are allowed"_s.arg(MaxLookups));
        return std::nullopt;
    }
    QVector<qint64> ids;
    for (const QString &text : texts) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id <= 0) {
            *failure = error(400, u"broadcaster_user_id must be a positive integer"_s);
            return std::nullopt;
        }
        if (!ids.contains(id))
            ids.push_back(id);
    }
    return ids;
}

struct StreamFilter
{
    std::optional<int> categoryId;
    QString language;

    bool matches(const FakeKickChannel &c) const
    {
        return (!categoryId || c.categoryId == *categoryId) &&
               (language.isEmpty() || c.language == language);
    }
};

// category_id= and the language (v1: language=, v2: language_code=) of a
// livestreams request.
std::optional<StreamFilter> filterOf(const QUrlQuery &query, const QString &languageKey,
                                     KickAnswer *failure)
{
    StreamFilter filter;
    filter.language = value(query, languageKey).toLower();
    if (query.hasQueryItem(u"category_id"_s)) {
        bool ok = false;
        filter.categoryId = value(query, u"category_id"_s).toInt(&ok);
        if (!ok || *filter.categoryId <= 0) {
            *failure = error(400, u"category_id must be a positive integer"_s);
            return std::nullopt;
        }
    }
    return filter;
}

// limit= and cursor= of a v2 listing; no cursor: before the first item.
struct PageQuery
{
    int limit = DefaultLimit;
    KickCursor after;
};

std::optional<PageQuery> pageQueryOf(const QUrlQuery &query, QLatin1StringView listing, int max,
                                     KickAnswer *failure)
{
    PageQuery asked;
    const std::optional<int> limit = limitOf(query, max, failure);
    if (!limit)
        return std::nullopt;
    asked.limit = *limit;
    const QString cursor = value(query, u"cursor"_s);
    if (!cursor.isEmpty()) {
        const std::optional<KickCursor> at = decodeCursor(listing, cursor);
        if (!at) {
            *failure = error(400, u"invalid cursor"_s);
            return std::nullopt;
        }
        asked.after = *at;
    }
    return asked;
}

// The cursor fields of a v2 page; `last` is where the page ended.
void setPaging(KickAnswer &r, const QUrlQuery &query, QLatin1StringView listing, KickCursor last,
               bool more, const QJsonArray &data)
{
    r.paged = true;
    r.lastPage = !more;
    r.askedCursor = value(query, u"cursor"_s);
    r.startCursor = encodeCursor(listing, {});
    r.endCursor = encodeCursor(listing, last);
    r.body = page(data, more ? r.endCursor : QString());
}

} // namespace

KickRoute FakeKickServerPrivate::routeFor(const QString &path)
{
    static const QRegularExpression categoryById(u"^/public/v1/categories/\\d{1,9}$"_s);
    if (path == u"/oauth/token")
        return KickRoute::Token;
    if (path == u"/public/v1/livestreams")
        return KickRoute::LivestreamsV1;
    if (path == u"/public/v2/livestreams")
        return KickRoute::LivestreamsV2;
    if (path == u"/public/v1/categories" || categoryById.match(path).hasMatch())
        return KickRoute::CategoriesV1;
    if (path == u"/public/v2/categories")
        return KickRoute::CategoriesV2;
    if (path == u"/public/v1/channels")
        return KickRoute::Channels;
    return KickRoute::None;
}

QByteArray FakeKickServerPrivate::methodOf(KickRoute route)
{
    return route == KickRoute::Token ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
}

KickAnswer FakeKickServerPrivate::route(KickRoute route, const HttpRequest &request)
{
    switch (route) {
    case KickRoute::Token:
        return token(request);
    case KickRoute::LivestreamsV1:
        return livestreamsV1(request.query);
    case KickRoute::LivestreamsV2:
        return livestreamsV2(request.query);
    case KickRoute::CategoriesV1:
        return categoriesV1(request.path, request.query);
    case KickRoute::CategoriesV2:
        return categoriesV2(request.query);
    case KickRoute::Channels:
        return channels(request.query);
    case KickRoute::None:
        break;
    }
    return error(404, u"Not Found"_s);
}

KickAnswer FakeKickServerPrivate::token(const HttpRequest &request)
{
    const QUrlQuery form = parseFormEncoded(request.body); // the body only, not the query
    const QString grant = value(form, u"grant_type"_s);
    const QString id = value(form, u"client_id"_s);
    const QString secret = value(form, u"client_secret"_s);
    if (grant.isEmpty())
        return oauthError(400, "invalid_request",
                          u"The request is missing a required parameter: grant_type"_s);
    if (grant != u"client_credentials")
        return oauthError(400, "invalid_request",
                          u"Unsupported grant_type \"%1\": use client_credentials"_s.arg(grant));
    if (id.isEmpty() || secret.isEmpty())
        return oauthError(400, "invalid_request",
                          u"The request is missing a required parameter: %1"_s.arg(
                              id.isEmpty() ? u"client_id"_s : u"client_secret"_s));
    if (id != config.clientId || secret != config.clientSecret)
        return oauthError(401, "invalid_client", u"Client authentication failed"_s);
    KickAnswer r;
    r.body = QJsonObject{{u"access_token"_s, newToken()},
                         {u"token_type"_s, u"Bearer"_s},
                         {u"expires_in"_s, config.tokenLifetimeMs / 1000}};
    return r;
}

KickAnswer FakeKickServerPrivate::livestreamsV1(const QUrlQuery &query)
{
    KickAnswer failure;
    const std::optional<int> limit = limitOf(query, config.maxLimit, &failure);
    const std::optional<StreamFilter> filter =
        limit ? filterOf(query, u"language"_s, &failure) : std::nullopt;
    const std::optional<QVector<qint64>> ids = filter ? idsOf(query, &failure) : std::nullopt;
    if (!ids)
        return failure;
    const QString sort = value(query, u"sort"_s);
    if (!sort.isEmpty() && sort != u"viewer_count" && sort != u"started_at")
        return error(400, u"sort must be viewer_count or started_at"_s);

    world.drift(config.viewerDriftPerRequest);
    std::vector<const FakeKickChannel *> found;
    for (const int i : world.live()) {
        const FakeKickChannel &c = world.channels()[i];
        if (filter->matches(c) && (ids->isEmpty() || ids->contains(c.broadcasterUserId)))
            found.push_back(&c);
    }
    // viewer_count: most watched first; started_at: newest first. Ties by id.
    const bool byStart = sort == u"started_at";
    std::sort(found.begin(), found.end(), [byStart](const auto *a, const auto *b) {
        const qint64 ka = byStart ? a->startedAtMs : a->viewers;
        const qint64 kb = byStart ? b->startedAtMs : b->viewers;
        return ka != kb ? ka > kb : a->broadcasterUserId < b->broadcasterUserId;
    });
    QJsonArray data;
    for (size_t k = 0; k < found.size() && k < size_t(*limit); ++k)
        data.append(livestreamItem(*found[k], world.category(found[k]->categoryId)));
    KickAnswer r;
    r.body = list(data);
    return r;
}

KickAnswer FakeKickServerPrivate::livestreamsV2(const QUrlQuery &query)
{
    KickAnswer failure;
    const std::optional<PageQuery> asked =
        pageQueryOf(query, LivestreamsListing, config.maxLimit, &failure);
    const std::optional<StreamFilter> filter =
        asked ? filterOf(query, u"language_code"_s, &failure) : std::nullopt;
    if (!filter)
        return failure;

    world.drift(config.viewerDriftPerRequest);
    // Keyset paging: what comes after the cursor's (started_at, id) now, so a
    // stream that started since the listing began comes at its end, and one
    // that ended is simply not there.
    const std::vector<int> &live = world.live();
    QJsonArray data;
    KickCursor last = asked->after;
    bool more = false;
    for (size_t k = world.liveAfter(last.a, last.b); k < live.size(); ++k) {
        const FakeKickChannel &c = world.channels()[live[k]];
        if (!filter->matches(c))
            continue;
        if (data.size() == asked->limit) {
            more = true;
            break;
        }
        data.append(livestreamItemV2(c, world.category(c.categoryId)));
        last = {c.startedAtMs, c.broadcasterUserId};
    }
    KickAnswer r;
    setPaging(r, query, LivestreamsListing, last, more, data);
    return r;
}

KickAnswer FakeKickServerPrivate::categoriesV2(const QUrlQuery &query)
{
    KickAnswer failure;
    const std::optional<PageQuery> asked =
        pageQueryOf(query, CategoriesListing, config.maxLimit, &failure);
    if (!asked)
        return failure;
    const QVector<FakeKickCategory> &all = world.categories(); // by id
    KickCursor last = asked->after;
    auto it = std::upper_bound(all.cbegin(), all.cend(), last.a,
                               [](qint64 id, const FakeKickCategory &c) { return id < c.id; });
    QJsonArray data;
    for (; it != all.cend() && data.size() < asked->limit; ++it) {
        data.append(categoryItem(*it));
        last = {it->id, 0};
    }
    KickAnswer r;
    setPaging(r, query, CategoriesListing, last, it != all.cend(), data);
    return r;
}

KickAnswer FakeKickServerPrivate::categoriesV1(const QString &path, const QUrlQuery &query)
{
    if (path != u"/public/v1/categories") { // /public/v1/categories/<id>
        const FakeKickCategory *c = world.category(path.section(u'/', -1).toInt());
        if (!c)
            return error(404, u"Not Found"_s);
        KickAnswer r;
        r.body = QJsonObject{{u"data"_s, categoryItem(*c)}, {u"message"_s, u"OK"_s}};
        return r;
    }
    const QString search = value(query, u"q"_s).trimmed();
    if (search.isEmpty())
        return error(400, u"q is required"_s);
    QJsonArray data;
    for (const FakeKickCategory &c : world.categories()) {
        if (data.size() < 100 && c.name.contains(search, Qt::CaseInsensitive))
            data.append(categoryItem(c));
    }
    KickAnswer r;
    r.body = list(data);
    return r;
}

KickAnswer FakeKickServerPrivate::channels(const QUrlQuery &query)
{
    KickAnswer failure;
    const std::optional<QVector<qint64>> ids = idsOf(query, &failure);
    if (!ids)
        return failure;
    const QStringList slugs = query.allQueryItemValues(u"slug"_s, QUrl::FullyDecoded);
    if (ids->isEmpty() && slugs.isEmpty())
        return error(400, u"broadcaster_user_id or slug is required"_s);
    if (!ids->isEmpty() && !slugs.isEmpty())
        return error(400, u"broadcaster_user_id and slug cannot be used together"_s);
    if (slugs.size() > MaxLookups)
        return error(400, u"at most %1 slug values are allowed"_s.arg(MaxLookups));
    QVector<const FakeKickChannel *> found;
    for (const qint64 id : *ids) {
        if (const FakeKickChannel *c = world.channel(id)) // unknown ids are left out
            found.push_back(c);
    }
    for (const QString &slug : slugs) {
        const FakeKickChannel *c = world.channelBySlug(slug);
        if (!c) // an unknown slug fails the whole request
            return error(400, u"channel not found for slug: %1"_s.arg(slug));
        if (!found.contains(c))
            found.push_back(c);
    }
    QJsonArray data;
    for (const FakeKickChannel *c : std::as_const(found))
        data.append(channelItem(*c, world.category(c->categoryId)));
    KickAnswer r;
    r.body = list(data);
    return r;
}

} // namespace StreamRank::Fake
