// The endpoints of the fake Twitch: id.twitch.tv token/validate and Helix
// streams, games, users and followers, in the wire format of the real service.
#include "faketwitchserver_p.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

namespace {

QStringList values(const QUrlQuery &query, const QString &key)
{
    return query.allQueryItemValues(key, QUrl::FullyDecoded);
}

QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

// `first`: 1..100, default 20. nullopt = malformed (message in *error).
std::optional<int> pageSize(const QUrlQuery &query, QString *error)
{
    if (!query.hasQueryItem(u"first"_s))
        return 20;
    bool ok = false;
    const int first = value(query, u"first"_s).toInt(&ok);
    if (!ok)
        *error = u"The parameter \"first\" was malformed: the value must be a valid integer"_s;
    else if (first < 1)
        *error =
            u"The parameter \"first\" was malformed: the value must be greater than or equal to 1"_s;
    else if (first > 100)
        *error =
            u"The parameter \"first\" was malformed: the value must be less than or equal to 100"_s;
    else
        return first;
    return std::nullopt;
}

QByteArray bearerOrOAuth(const QByteArray &authorization, const char *scheme)
{
    const QByteArray prefix = QByteArray(scheme) + ' ';
    if (authorization.size() <= prefix.size() ||
        authorization.left(prefix.size()).toLower() != prefix.toLower())
        return {};
    return authorization.mid(prefix.size()).trimmed();
}

} // namespace

RouteResult FakeTwitchServerPrivate::helixError(int status, const QString &message)
{
    RouteResult r;
    r.status = status;
    r.body = QJsonObject{{u"error"_s, QString::fromLatin1(reasonPhrase(status))},
                         {u"status"_s, status},
                         {u"message"_s, message}};
    return r;
}

RouteResult FakeTwitchServerPrivate::oauthError(int status, const QString &message)
{
    RouteResult r;
    r.status = status;
    r.body = QJsonObject{{u"status"_s, status}, {u"message"_s, message}};
    return r;
}

RouteResult FakeTwitchServerPrivate::route(const HttpRequest &request, RequestRecord &record)
{
    if (request.path == u"/oauth2/token")
        return token(request, record);
    if (request.path == u"/oauth2/validate")
        return validate(request, record);
    if (request.path.startsWith(u"/helix/"))
        return helix(request, record);
    return helixError(404, u"no route for "_s + request.path);
}

RouteResult FakeTwitchServerPrivate::token(const HttpRequest &request, RequestRecord &record)
{
    if (request.method != "POST")
        return oauthError(405, u"method not allowed"_s);
    // id.twitch.tv reads the parameters from the query string as well as the form body.
    QUrlQuery form = parseFormEncoded(request.body);
    for (const auto &[k, v] : request.query.queryItems(QUrl::FullyDecoded))
        form.addQueryItem(k, v);
    const QString clientId = value(form, u"client_id"_s);
    if (clientId.isEmpty())
        return oauthError(400, u"missing client id"_s);
    if (clientId != config.clientId)
        return oauthError(400, u"invalid client"_s);
    if (value(form, u"client_secret"_s) != config.clientSecret)
        return oauthError(403, u"invalid client secret"_s);
    const QString grant = value(form, u"grant_type"_s);
    if (grant.isEmpty())
        return oauthError(400, u"missing grant_type"_s);
    if (grant != u"client_credentials")
        return oauthError(400, u"unsupported grant type"_s);
    record.authorized = true;
    RouteResult r;
    r.body = QJsonObject{{u"access_token"_s, newToken(clientId)},
                         {u"expires_in"_s, double(config.tokenLifetimeS)},
                         {u"token_type"_s, u"bearer"_s}};
    return r;
}

RouteResult FakeTwitchServerPrivate::validate(const HttpRequest &request, RequestRecord &record)
{
    if (request.method != "GET")
        return oauthError(405, u"method not allowed"_s);
    const QByteArray authorization = request.header("authorization");
    QByteArray token = bearerOrOAuth(authorization, "OAuth");
    if (token.isEmpty())
        token = bearerOrOAuth(authorization, "Bearer");
    if (token.isEmpty())
        return oauthError(401, u"missing authorization token"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto it = tokens.constFind(QString::fromLatin1(token));
    if (it == tokens.cend() || it->expiresAtMs <= now)
        return oauthError(401, u"invalid access token"_s);
    record.authorized = true;
    RouteResult r;
    r.body = QJsonObject{{u"client_id"_s, it->clientId},
                         {u"scopes"_s, QJsonArray()},
                         {u"expires_in"_s, double((it->expiresAtMs - now) / 1000)}};
    return r;
}

RouteResult FakeTwitchServerPrivate::helix(const HttpRequest &request, RequestRecord &record)
{
    const QByteArray token = bearerOrOAuth(request.header("authorization"), "Bearer");
    if (token.isEmpty())
        return helixError(401, u"OAuth token is missing"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto it = tokens.constFind(QString::fromLatin1(token));
    if (it == tokens.cend() || it->expiresAtMs <= now)
        return helixError(401, u"Invalid OAuth token"_s);
    const QString clientId = QString::fromUtf8(request.header("client-id"));
    if (clientId.isEmpty())
        return helixError(401, u"Client-ID header is required"_s);
    if (clientId != it->clientId)
        return helixError(401, u"Client ID and OAuth token do not match"_s);
    record.authorized = true;

    Bucket &bucket = refilledBucket(clientId, now);
    if (config.rateLimitEnabled) {
        if (bucket.points < 1.0) {
            ++tooManyRequests;
            record.rateRemaining = 0;
            RouteResult r = helixError(429, u"Request limit exceeded"_s);
            r.headers = rateHeaders(bucket, now);
            return r;
        }
        bucket.points -= 1.0;
    }
    const QList<QPair<QByteArray, QByteArray>> headers = rateHeaders(bucket, now);
    record.rateRemaining = headers[1].second.toInt();

    RouteResult r;
    const QString &p = request.path;
    if (request.method != "GET")
        r = helixError(404, u"no route for "_s + QString::fromLatin1(request.method) + u' ' + p);
    else if (p == u"/helix/streams")
        r = streams(request.query);
    else if (p == u"/helix/games/top")
        r = topGames(request.query);
    else if (p == u"/helix/games")
        r = gamesById(request.query);
    else if (p == u"/helix/users")
        r = users(request.query);
    else if (p == u"/helix/channels/followers")
        r = followers(request.query);
    else
        r = helixError(404, u"no route for "_s + p);
    r.headers += headers;
    return r;
}

RouteResult FakeTwitchServerPrivate::streams(const QUrlQuery &query)
{
    QString error;
    const std::optional<int> first = pageSize(query, &error);
    if (!first)
        return helixError(400, error);
    const QStringList userIds = values(query, u"user_id"_s);
    const QStringList logins = values(query, u"user_login"_s);
    const QStringList gameIds = values(query, u"game_id"_s);
    const QStringList languages = values(query, u"language"_s);
    if (userIds.size() + logins.size() > 100)
        return helixError(400, u"The parameters \"user_id\" and \"user_login\" may be given at "
                               "most 100 times in total"_s);
    if (gameIds.size() > 100 || languages.size() > 100)
        return helixError(400, u"The parameters \"game_id\" and \"language\" may each be given "
                               "at most 100 times"_s);
    if (query.hasQueryItem(u"type"_s) && value(query, u"type"_s) != u"all" &&
        value(query, u"type"_s) != u"live")
        return helixError(400, u"The parameter \"type\" was malformed: the value must be one of "
                               "\"all\", \"live\""_s);
    int offset = 0;
    if (query.hasQueryItem(u"after"_s)) {
        const std::optional<int> decoded = decodeCursor(value(query, u"after"_s));
        if (!decoded)
            return helixError(400, u"invalid cursor"_s);
        offset = *decoded;
    }

    population.drift(config.viewerDriftPerRequest);
    const QSet<QString> gameSet(gameIds.cbegin(), gameIds.cend());
    const QSet<QString> languageSet(languages.cbegin(), languages.cend());
    const auto matches = [&](const FakeStream &s) {
        return (gameSet.isEmpty() || gameSet.contains(s.gameId)) &&
               (languageSet.isEmpty() || languageSet.contains(s.language));
    };
    const QVector<FakeStream> &all = population.streams();
    QJsonArray data;
    RouteResult r;

    // Twitch may send a game_id with an empty game_name; so can we.
    const bool omitNames = config.omitGameNames;
    auto item = [omitNames](const FakeStream &stream) {
        QJsonObject o = FakePopulation::streamJson(stream);
        if (omitNames)
            o.insert(u"game_name"_s, QString());
        return o;
    };

    if (!userIds.isEmpty() || !logins.isEmpty()) {
        QSet<int> picked;
        for (const QString &id : userIds) {
            if (const FakeUser *u = population.userById(id); u && u->streamIndex >= 0)
                picked.insert(u->streamIndex);
        }
        for (const QString &login : logins) {
            if (const FakeUser *u = population.userByLogin(login); u && u->streamIndex >= 0)
                picked.insert(u->streamIndex);
        }
        QList<int> indices(picked.cbegin(), picked.cend());
        std::sort(indices.begin(), indices.end(), [&all](int a, int b) {
            return all[a].viewers != all[b].viewers ? all[a].viewers > all[b].viewers : a < b;
        });
        for (const int i : indices) {
            if (matches(all[i]))
                data.append(item(all[i]));
        }
        r.body = QJsonObject{{u"data"_s, data}, {u"pagination"_s, QJsonObject()}};
        return r;
    }

    int seen = 0;
    bool more = false;
    const std::vector<int> &order = population.order();
    auto it = order.cbegin();
    if (gameSet.isEmpty() && languageSet.isEmpty()) { // unfiltered: jump to the page
        seen = int(std::min<size_t>(size_t(offset), order.size()));
        it += seen;
    }
    for (; it != order.cend(); ++it) {
        const int i = *it;
        if (!matches(all[i]))
            continue;
        if (seen >= offset + *first) {
            more = true;
            break;
        }
        if (seen >= offset)
            data.append(item(all[i]));
        ++seen;
    }
    r.paged = true;
    r.pageOffset = offset;
    r.lastPage = !more;
    r.nextOffset = more ? offset + *first : -1;
    r.body =
        QJsonObject{{u"data"_s, data},
                    {u"pagination"_s, more ? QJsonObject{{u"cursor"_s, encodeCursor(r.nextOffset)}}
                                           : QJsonObject()}};
    return r;
}

RouteResult FakeTwitchServerPrivate::topGames(const QUrlQuery &query)
{
    QString error;
    const std::optional<int> first = pageSize(query, &error);
    if (!first)
        return helixError(400, error);
    int offset = 0;
    if (query.hasQueryItem(u"after"_s)) {
        const std::optional<int> decoded = decodeCursor(value(query, u"after"_s));
        if (!decoded)
            return helixError(400, u"invalid cursor"_s);
        offset = *decoded;
    }
    const QVector<FakeGame> &games = population.games();
    QJsonArray data;
    for (qsizetype i = offset; i < games.size() && i < qsizetype(offset) + *first; ++i)
        data.append(FakePopulation::gameJson(games[i]));
    RouteResult r;
    r.paged = true;
    r.pageOffset = offset;
    r.lastPage = qsizetype(offset) + *first >= games.size();
    r.nextOffset = r.lastPage ? -1 : offset + *first;
    r.body = QJsonObject{
        {u"data"_s, data},
        {u"pagination"_s,
         r.lastPage ? QJsonObject() : QJsonObject{{u"cursor"_s, encodeCursor(r.nextOffset)}}}};
    return r;
}

RouteResult FakeTwitchServerPrivate::gamesById(const QUrlQuery &query)
{
    const QStringList ids = values(query, u"id"_s);
    const QStringList names = values(query, u"name"_s);
    if (ids.isEmpty() && names.isEmpty())
        return helixError(400, u"Must provide either id, name or igdb_id"_s);
    if (ids.size() + names.size() > 100)
        return helixError(400, u"The parameters \"id\" and \"name\" may be given at most 100 "
                               "times in total"_s);
    QJsonArray data;
    QSet<QString> seen;
    const auto add = [&](const FakeGame *g) {
        if (g && !seen.contains(g->id)) {
            seen.insert(g->id);
            data.append(FakePopulation::gameJson(*g));
        }
    };
    for (const QString &id : ids)
        add(population.gameById(id));
    for (const QString &name : names)
        add(population.gameByName(name));
    RouteResult r;
    r.body = QJsonObject{{u"data"_s, data}};
    return r;
}

RouteResult FakeTwitchServerPrivate::users(const QUrlQuery &query)
{
    const QStringList ids = values(query, u"id"_s);
    const QStringList logins = values(query, u"login"_s);
    if (ids.isEmpty() && logins.isEmpty())
        return helixError(400, u"Must provide an ID, Login or OAuth Token"_s);
    if (ids.size() + logins.size() > 100)
        return helixError(400, u"The parameters \"id\" and \"login\" may be given at most 100 "
                               "times in total"_s);
    QJsonArray data;
    QSet<QString> seen;
    const auto add = [&](const FakeUser *u) {
        if (u && !seen.contains(u->id)) {
            seen.insert(u->id);
            data.append(FakePopulation::userJson(*u));
        }
    };
    for (const QString &id : ids)
        add(population.userById(id));
    for (const QString &login : logins)
        add(population.userByLogin(login));
    RouteResult r;
    r.body = QJsonObject{{u"data"_s, data}};
    return r;
}

RouteResult FakeTwitchServerPrivate::followers(const QUrlQuery &query)
{
    const QString id = value(query, u"broadcaster_id"_s);
    if (id.isEmpty())
        return helixError(400, u"Missing required parameter \"broadcaster_id\""_s);
    const FakeUser *user = population.userById(id);
    RouteResult r;
    r.body = QJsonObject{{u"total"_s, user ? population.followersOf(*user) : 0},
                         {u"data"_s, QJsonArray()},
                         {u"pagination"_s, QJsonObject()}};
    return r;
}

} // namespace StreamRank::Fake
