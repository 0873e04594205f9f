// FakeKickServer's request pipeline: the fault due, the route's existence, the
// bearer token, the rate limit, the route (fakekickroutes.cpp), then the faults
// that change a good page or the way it is sent.
#include "fakekickserver_p.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <chrono>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

using namespace KickJson;

QString KickRequestRecord::printable() const
{
    const QString q = query.toString(QUrl::FullyDecoded);
    return method + u' ' + path + (q.isEmpty() ? QString() : u'?' + q) + u" -> "_s +
           (status ? QString::number(status) : u"closed"_s);
}

FakeKickServerPrivate::FakeKickServerPrivate(const FakeKickConfig &c, FakeKickServer *owner)
    : q(owner),
      listener(owner, [this](HttpConnection *connection, quint64 seq,
                             const HttpRequest &request) { handle(connection, seq, request); }),
      config(c)
{
    world.generate(config, now());
}

void FakeKickServerPrivate::handle(HttpConnection *connection, quint64 seq,
                                   const HttpRequest &request)
{
    KickRequestRecord record;
    HttpResponse response;
    {
        QMutexLocker lock(&mutex);
        response = process(request, record);
        records.push_back(record);
    }
    Q_EMIT q->requestHandled(record);
    connection->respond(seq, std::move(response));
}

qint64 FakeKickServerPrivate::now() const
{
    return QDateTime::currentMSecsSinceEpoch() + clockOffsetMs;
}

QString FakeKickServerPrivate::newToken()
{
    QString token; // 56 characters of [0-9A-F], the length and case of Kick's
    do {
        std::array<quint32, 7> words;
        QRandomGenerator::global()->fillRange(words.data(), qsizetype(words.size()));
        token = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words))
                .toHex()
                .toUpper());
    } while (tokens.contains(token));
    tokens.insert(token, now() + config.tokenLifetimeMs);
    ++tokensIssued;
    return token;
}

KickAuth FakeKickServerPrivate::checkToken(const QString &token) const
{
    if (token.isEmpty())
        return KickAuth::Missing;
    const auto it = tokens.constFind(token);
    if (it == tokens.cend())
        return KickAuth::Invalid;
    return now() >= *it ? KickAuth::Expired : KickAuth::Valid;
}

bool FakeKickServerPrivate::withinRate(const QString &token, qint64 nowMs)
{
    if (config.requestsPerMinute <= 0)
        return true;
    std::deque<qint64> &times = answeredAt[token];
    while (!times.empty() && times.front() <= nowMs - 60000)
        times.pop_front();
    if (int(times.size()) >= config.requestsPerMinute)
        return false;
    times.push_back(nowMs);
    return true;
}

void FakeKickServerPrivate::applyPageFault(FaultKind kind, KickAnswer &result) const
{
    const QString data = u"data"_s;
    if (!result.body.value(data).isArray())
        return; // a single item (categories/<id>) has no page to spoil
    QJsonArray items = result.body.value(data).toArray();
    const QString here = result.askedCursor.isEmpty() ? result.startCursor : result.askedCursor;
    QString next = result.body.value(u"pagination"_s)[u"next_cursor"_s].toString();
    switch (kind) {
    case FaultKind::WrongFieldTypes:
        for (QJsonValueRef item : items)
            item = wrongTypes(item.toObject());
        break;
    case FaultKind::MalformedItem:
        if (!items.isEmpty()) {
            QJsonObject bad = items.at(items.size() / 2).toObject();
            bad.remove(bad.contains(u"broadcaster_user_id"_s) ? u"broadcaster_user_id"_s
                       : bad.contains(u"broadcaster_user"_s)  ? u"broadcaster_user"_s
                                                              : u"id"_s);
            if (bad.contains(u"viewer_count"_s))
                bad.insert(u"viewer_count"_s,
                           QString::number(bad.value(u"viewer_count"_s).toInt()));
            items.replace(items.size() / 2, bad);
        }
        break;
    case FaultKind::WrongPageType:
        result.body.insert(data, items.isEmpty() ? QJsonObject() : items.first().toObject());
        return;
    case FaultKind::EmptyPage:
        items = QJsonArray();
        next = result.lastPage ? here : next;
        break;
    case FaultKind::RepeatCursor:
        next = here;
        break;
    case FaultKind::CursorLoop:
        next = result.startCursor;
        break;
    case FaultKind::CursorAfterLast:
        next = result.endCursor;
        break;
    default:
        return;
    }
    result.body.insert(data, items);
    if (result.paged)
        result.body.insert(u"pagination"_s, QJsonObject{{u"next_cursor"_s, next}});
}

KickAnswer FakeKickServerPrivate::answer(const HttpRequest &request, KickRequestRecord &record)
{
    const bool v2 = request.path.startsWith(u"/public/v2/");
    if (record.route == KickRoute::None || (v2 && !config.v2Available))
        return error(404, u"Not Found"_s);
    if (request.method != methodOf(record.route))
        return record.route == KickRoute::Token
                   ? oauthError(405, "invalid_request", u"The token endpoint takes POST"_s)
                   : error(405, u"Method Not Allowed"_s);
    if (record.route != KickRoute::Token) {
        const QByteArray authorization = request.header("authorization");
        if (authorization.size() > 7 && authorization.left(7).toLower() == "bearer ")
            record.token = QString::fromLatin1(authorization.mid(7).trimmed());
        record.auth = checkToken(record.token);
        if (record.auth != KickAuth::Valid)
            return error(401, u"Unauthorized"_s);
        if (!withinRate(record.token, record.atMs)) {
            ++tooManyRequests;
            return error(429, u"Too Many Requests"_s); // and no header says when to retry
        }
    }
    ++calls[size_t(record.route)];
    return route(record.route, request);
}

HttpResponse FakeKickServerPrivate::process(const HttpRequest &request, KickRequestRecord &record)
{
    record.method = QString::fromLatin1(request.method);
    record.path = request.path;
    record.atMs = now();
    record.monotonicNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
    for (const auto &[name, value] : request.query.queryItems(QUrl::FullyDecoded))
        record.query.addQueryItem(name, name == u"client_secret" ? u"REDACTED"_s : value);
    record.route = routeFor(request.path);

    std::optional<Fault> fault = faults.take(request.path, false);
    const auto is = [&fault](FaultKind kind) { return fault && fault->kind == kind; };
    HttpResponse response;
    if (is(FaultKind::ConnectionClose)) {
        response.mode = HttpResponse::Mode::Close; // recorded with status 0
        return response;
    }
    if (is(FaultKind::RevokeToken))
        tokens.clear(); // this request already meets the revocation

    KickAnswer result;
    if (is(FaultKind::Status429)) {
        ++tooManyRequests;
        result = error(429, u"Too Many Requests"_s);
    } else if (is(FaultKind::Status500) || is(FaultKind::Status503)) {
        const int status = is(FaultKind::Status500) ? 500 : 503;
        result = error(status, QString::fromLatin1(reasonPhrase(status)));
    } else if (is(FaultKind::Status502)) {
        result = badGateway();
    } else {
        result = answer(request, record);
        if (result.status == 200) {
            if (!fault && result.paged && result.lastPage)
                fault = faults.take(request.path, true); // CursorAfterLast: last pages only
            if (fault)
                applyPageFault(fault->kind, result);
        }
    }

    record.status = result.status;
    response.status = result.status;
    if (result.html.isEmpty())
        response.body = QJsonDocument(result.body).toJson(QJsonDocument::Compact);
    else
        response.setHtml(result.html);
    if (fault)
        mangleResponse(*fault, response);
    return response;
}

} // namespace StreamRank::Fake
