// FakeYouTubeServer's request pipeline: faults, the key, the quota, the route
// (fakeyoutuberoutes.cpp), `fields`, then the faults that mangle a good answer.
#include "fakeyoutubeserver_p.h"

#include <QDateTime>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

using namespace YouTubeJson;

QString youtubeMethodName(YouTubeMethod method)
{
    switch (method) {
    case YouTubeMethod::Search:
        return u"search.list"_s;
    case YouTubeMethod::Videos:
        return u"videos.list"_s;
    case YouTubeMethod::Channels:
        return u"channels.list"_s;
    case YouTubeMethod::PlaylistItems:
        return u"playlistItems.list"_s;
    case YouTubeMethod::VideoCategories:
        return u"videoCategories.list"_s;
    case YouTubeMethod::None:
        break;
    }
    return u"none"_s;
}

QString YouTubeRequestRecord::printable() const
{
    const QString q = query.toString(QUrl::FullyDecoded);
    QString line = method + u' ' + path + (q.isEmpty() ? QString() : u'?' + q) + u" -> "_s +
                   (status ? QString::number(status) : u"closed"_s);
    if (!reason.isEmpty())
        line += u' ' + reason;
    if (unitsCharged || searchCharged)
        line += u" (%1 unit%2%3)"_s.arg(unitsCharged)
                    .arg(unitsCharged == 1 ? QString() : u"s"_s)
                    .arg(searchCharged ? u", 1 search"_s : QString());
    return line;
}

FakeYouTubeServerPrivate::FakeYouTubeServerPrivate(const FakeYouTubeConfig &c) : config(c)
{
    world.generate(config);
}

YouTubeKey FakeYouTubeServerPrivate::checkKey(const QString &key) const
{
    if (key.isEmpty())
        return YouTubeKey::Missing;
    if (key == config.apiKey && !keyRevoked)
        return YouTubeKey::Valid;
    if (config.disabledKeys.contains(key))
        return YouTubeKey::Disabled;
    return YouTubeKey::Invalid;
}

int FakeYouTubeServerPrivate::costOf(YouTubeMethod method) const
{
    switch (method) {
    case YouTubeMethod::Search:
        return std::max(0, config.searchCostUnits);
    case YouTubeMethod::Videos:
        return std::max(0, config.videosCost);
    case YouTubeMethod::Channels:
        return std::max(0, config.channelsCost);
    case YouTubeMethod::PlaylistItems:
        return std::max(0, config.playlistItemsCost);
    case YouTubeMethod::VideoCategories:
        return std::max(0, config.categoriesCost);
    case YouTubeMethod::None:
        break;
    }
    return 0;
}

bool FakeYouTubeServerPrivate::charge(YouTubeMethod method, YouTubeRequestRecord &record)
{
    const int cost = costOf(method);
    const bool search = method == YouTubeMethod::Search;
    if ((search && searchesUsed >= config.dailySearches) || unitsUsed + cost > config.dailyUnits)
        return false;
    unitsUsed += cost;
    searchesUsed += search ? 1 : 0;
    calls[size_t(method)] += 1;
    charged[size_t(method)] += cost;
    record.unitsCharged = cost;
    record.searchCharged = search;
    return true;
}

void FakeYouTubeServerPrivate::resetQuota()
{
    unitsUsed = 0;
    searchesUsed = 0;
    calls.fill(0);
    charged.fill(0);
}

void FakeYouTubeServerPrivate::refreshQuota(qint64 nowMs)
{
    if (config.quotaResetAtMs <= 0 || nowMs < config.quotaResetAtMs)
        return;
    resetQuota();
    constexpr qint64 Day = 24LL * 60 * 60 * 1000;
    config.quotaResetAtMs += ((nowMs - config.quotaResetAtMs) / Day + 1) * Day;
}

void FakeYouTubeServerPrivate::applyPageFault(FaultKind kind, const HttpRequest &request,
                                              YouTubeRoute &result)
{
    const QString items = u"items"_s;
    const QString next = u"nextPageToken"_s;
    switch (kind) {
    case FaultKind::WrongFieldTypes: {
        QJsonArray wrong;
        for (const QJsonValue &v : result.body.value(items).toArray())
            wrong.append(wrongTypes(v.toObject()));
        result.body.insert(items, wrong);
        break;
    }
    case FaultKind::WrongPageType: {
        const QJsonArray list = result.body.value(items).toArray();
        result.body.insert(items, list.isEmpty() ? QJsonObject() : list.first().toObject());
        break;
    }
    case FaultKind::CursorLoop:
        if (result.paged)
            result.body.insert(next, encodePageToken(0));
        break;
    case FaultKind::EmptyPage:
        if (result.paged) {
            result.body.insert(items, QJsonArray());
            result.body.insert(next, encodePageToken(result.nextOffset >= 0 ? result.nextOffset
                                                                            : result.pageOffset));
        }
        break;
    case FaultKind::CursorAfterLast:
        if (result.paged) {
            const int end = result.pageOffset + int(result.body.value(items).toArray().size());
            result.body.insert(next, encodePageToken(end));
        }
        break;
    case FaultKind::RepeatCursor:
        if (result.paged) {
            const QString asked = request.query.queryItemValue(u"pageToken"_s, QUrl::FullyDecoded);
            result.body.insert(next, asked.isEmpty() ? encodePageToken(0) : asked);
        }
        break;
    default:
        break;
    }
}

YouTubeRoute FakeYouTubeServerPrivate::answer(const HttpRequest &request,
                                              YouTubeRequestRecord &record)
{
    if (record.api == YouTubeMethod::None)
        return notFoundPage(request.path);
    QString key = request.query.queryItemValue(u"key"_s, QUrl::FullyDecoded);
    if (key.isEmpty()) // Google also takes the key as a header, which keeps it out of URLs
        key = QString::fromUtf8(request.header("x-goog-api-key"));
    record.key = checkKey(key);
    switch (record.key) {
    case YouTubeKey::Missing:
        return missingKey();
    case YouTubeKey::Invalid:
        return invalidKey(config.legacyKeyInvalidBody);
    case YouTubeKey::Disabled:
        return accessNotConfigured(config.projectNumber);
    case YouTubeKey::Valid:
        break;
    }
    if (!charge(record.api, record)) {
        ++quotaExceededSent;
        return quotaExceeded();
    }
    return route(record.api, request.query);
}

HttpResponse FakeYouTubeServerPrivate::process(const HttpRequest &request,
                                               YouTubeRequestRecord &record)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    record.method = QString::fromLatin1(request.method);
    record.path = request.path;
    record.atMs = now;
    for (const auto &[name, value] : request.query.queryItems(QUrl::FullyDecoded))
        record.query.addQueryItem(name, name == u"key" ? u"REDACTED"_s : value);
    record.api = methodFor(request.method, request.path);
    refreshQuota(now);

    HttpResponse response;
    std::optional<Fault> fault = faults.take(request.path, false);
    const auto is = [&fault](FaultKind kind) { return fault && fault->kind == kind; };
    if (is(FaultKind::ConnectionClose)) {
        response.mode = HttpResponse::Mode::Close;
        return response;
    }
    if (is(FaultKind::RevokeToken))
        keyRevoked = true;

    YouTubeRoute result;
    if (is(FaultKind::Status500) || is(FaultKind::Status503)) {
        result = backendError(fault->kind == FaultKind::Status503 ? 503 : 500);
    } else if (is(FaultKind::Status429)) {
        result = tooManyRequests();
    } else if (is(FaultKind::RateLimitExceeded)) {
        result = rateLimitExceeded();
    } else if (is(FaultKind::QuotaExceeded)) {
        ++quotaExceededSent;
        result = quotaExceeded();
    } else {
        result = answer(request, record);
        if (!fault && result.status == 200 && result.paged && result.lastPage)
            fault = faults.take(request.path, true);
        if (fault && result.status == 200)
            applyPageFault(fault->kind, request, result);
        const QString fields = request.query.queryItemValue(u"fields"_s, QUrl::FullyDecoded);
        if (result.status == 200 && !fields.isEmpty()) {
            if (const std::optional<QJsonObject> selected = selectFields(result.body, fields))
                result.body = *selected;
            else
                result = invalidFieldSelection(fields); // charged all the same
        }
    }

    record.status = result.status;
    record.reason = result.reason;
    response.status = result.status;
    if (!result.html.isEmpty()) {
        response.headers.push_back(
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=UTF-8")});
        response.body = result.html;
    } else {
        const bool pretty =
            request.query.queryItemValue(u"prettyPrint"_s, QUrl::FullyDecoded) != u"false";
        response.body = QJsonDocument(result.body)
                            .toJson(pretty ? QJsonDocument::Indented : QJsonDocument::Compact);
    }
    response.headers.push_back(
        {QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin, X-Origin, Referer")});
    response.headers.push_back(
        {QByteArrayLiteral("Server"), QByteArrayLiteral("scaffolding on HTTPServer2")});
    if (is(FaultKind::MalformedJson))
        response.body.truncate(std::max<qsizetype>(1, response.body.size() * 2 / 3));
    else if (is(FaultKind::Truncated))
        response.mode = HttpResponse::Mode::Truncated;
    else if (is(FaultKind::Slow))
        response.delayMs = fault->delayMs;
    else if (is(FaultKind::Drip)) {
        response.mode = HttpResponse::Mode::Drip;
        response.dripMs = fault->delayMs;
    }
    return response;
}

} // namespace StreamRank::Fake
