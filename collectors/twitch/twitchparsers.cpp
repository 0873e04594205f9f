#include "twitchparsers.h"

#include "jsonread.h"
#include "rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <climits>
#include <cmath>
#include <optional>

// Decisions the tests pin down:
// - A required text field (ids, logins) must be a non-empty string. An optional
//   text field (titles, names, game ids, language) may be missing or null and is
//   then empty; any other type makes the item malformed, so a change of type on
//   Twitch's side shows up as a count instead of silently blank columns.
// - Counts must be JSON numbers with a whole, non-negative value in range: "42"
//   (a string), -1, 1.5 and 3e9 viewers are all malformed items.
// - Messages taken from a body are cleaned (control characters, runs of
//   whitespace) and cut to a length a status bar can show.

namespace StreamRank::Twitch {
namespace {

constexpr qsizetype MaxMessageChars = 200;
// Whole numbers above 2^53 do not survive a double, and JSON numbers arrive as
// doubles: anything larger is treated as out of range, never cast.
constexpr qint64 MaxExactDouble = qint64(1) << 53;

using Json::countUp;

// The body as a JSON object, or false and the reason in words.
bool readObject(const QByteArray &body, QJsonObject &out, QString &error)
{
    return Json::readObject(body, QStringLiteral("Twitch"), out, error);
}

// A non-empty string, or nothing.
std::optional<QString> requiredText(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return std::nullopt;
    QString s = v.toString();
    if (s.isEmpty())
        return std::nullopt;
    return s;
}

// Missing or null: empty. A string: itself. Any other type: nothing (malformed).
std::optional<QString> optionalText(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return QString();
    if (!v.isString())
        return std::nullopt;
    return v.toString();
}

// A JSON number with a whole value in [0, max] (max <= 2^53), or nothing.
std::optional<qint64> wholeNumber(const QJsonValue &v, qint64 max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < 0.0 || d != std::floor(d) || d > static_cast<double>(max))
        return std::nullopt;
    return static_cast<qint64>(d);
}

QString readCursor(const QJsonObject &root)
{
    const QJsonValue pagination = root.value(QLatin1String("pagination"));
    if (!pagination.isObject())
        return {};
    const QJsonValue cursor = pagination.toObject().value(QLatin1String("cursor"));
    return cursor.isString() ? cursor.toString() : QString();
}

// The "data" array of a Helix page, or false and the reason in words.
bool readDataArray(const QByteArray &body, QJsonObject &root, QJsonArray &out, QString &error)
{
    if (!readObject(body, root, error))
        return false;
    const QJsonValue data = root.value(QLatin1String("data"));
    if (data.isUndefined()) {
        error = QStringLiteral("Twitch's response has no \"data\" list");
        return false;
    }
    if (!data.isArray()) {
        error = QStringLiteral("Twitch's response has a \"data\" field that is not a list");
        return false;
    }
    out = data.toArray();
    return true;
}

// Text from a server, made fit for one line of UI: no control characters, no
// runs of whitespace, bounded length.
QString cleanMessage(const QString &raw)
{
    QString s = raw;
    for (QChar &c : s) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    s = s.simplified();
    if (s.size() > MaxMessageChars) {
        s.truncate(MaxMessageChars);
        // Never leave half a surrogate pair at the cut.
        if (!s.isEmpty() && s.back().isHighSurrogate())
            s.chop(1);
        s.append(QChar(0x2026));
    }
    return s;
}

// "message" of an error body, else its "error" ("Unauthorized"), else empty.
QString bodyMessage(const QByteArray &body)
{
    QJsonObject o;
    QString ignored;
    if (!readObject(body, o, ignored))
        return {};
    for (const char *key : {"message", "error"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString()) {
            QString s = cleanMessage(v.toString());
            if (!s.isEmpty())
                return s;
        }
    }
    return {};
}

QString statusFallback(int httpStatus)
{
    if (httpStatus <= 0)
        return QStringLiteral("no HTTP response");
    static constexpr struct
    {
        int status;
        const char *reason;
    } Reasons[] = {
        {400, "Bad Request"}, {401, "Unauthorized"},        {403, "Forbidden"},
        {404, "Not Found"},   {429, "Too Many Requests"},   {500, "Internal Server Error"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
    for (const auto &r : Reasons) {
        if (r.status == httpStatus)
            return QStringLiteral("HTTP %1 (%2)").arg(httpStatus).arg(QLatin1String(r.reason));
    }
    return QStringLiteral("HTTP %1").arg(httpStatus);
}

// "HTTP 500: message", or the fallback when the body says nothing usable.
QString httpError(int httpStatus, const QByteArray &body)
{
    const QString message = bodyMessage(body);
    if (message.isEmpty())
        return statusFallback(httpStatus);
    return QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(message);
}

// "<prefix>: message", or "<prefix> (HTTP 401)" without a usable message.
QString rejection(const QString &prefix, int httpStatus, const QByteArray &body)
{
    const QString message = bodyMessage(body);
    if (message.isEmpty())
        return QStringLiteral("%1 (%2)").arg(prefix, statusFallback(httpStatus));
    return QStringLiteral("%1: %2").arg(prefix, message);
}

std::optional<StreamObservation> readStream(const QJsonValue &item)
{
    if (!item.isObject())
        return std::nullopt;
    const QJsonObject o = item.toObject();
    const auto id = requiredText(o, QLatin1String("id"));
    const auto userId = requiredText(o, QLatin1String("user_id"));
    const auto viewers = wholeNumber(o.value(QLatin1String("viewer_count")), INT32_MAX);
    const auto login = optionalText(o, QLatin1String("user_login"));
    const auto name = optionalText(o, QLatin1String("user_name"));
    const auto title = optionalText(o, QLatin1String("title"));
    const auto gameId = optionalText(o, QLatin1String("game_id"));
    const auto gameName = optionalText(o, QLatin1String("game_name"));
    const auto language = optionalText(o, QLatin1String("language"));
    const QJsonValue startedValue = o.value(QLatin1String("started_at"));
    const qint64 startedAtMs =
        startedValue.isString() ? parseRfc3339Ms(startedValue.toString()) : qint64(-1);
    if (!id || !userId || !viewers || !login || !name || !title || !gameId || !gameName ||
        !language || startedAtMs < 0)
        return std::nullopt;

    StreamObservation s;
    s.streamId = *id;
    s.channelId = *userId;
    s.channelLogin = *login;
    s.channelName = *name;
    s.title = *title;
    s.categoryId = *gameId;
    s.categoryName = *gameName;
    s.language = *language;
    s.startedAtMs = startedAtMs;
    s.viewers = static_cast<qint32>(*viewers);
    return s;
}

} // namespace

TokenResult parseTokenResponse(int httpStatus, const QByteArray &body)
{
    TokenResult r;
    if (httpStatus == 400 || httpStatus == 401 || httpStatus == 403) {
        r.error = rejection(QStringLiteral("Twitch rejected the credentials"), httpStatus, body);
        return r;
    }
    if (httpStatus != 200) {
        r.error = httpError(httpStatus, body);
        return r;
    }
    QJsonObject o;
    QString why;
    if (!readObject(body, o, why)) {
        r.error = QStringLiteral("Unreadable token response: %1").arg(why);
        return r;
    }
    const auto token = requiredText(o, QLatin1String("access_token"));
    const auto expires = wholeNumber(o.value(QLatin1String("expires_in")), MaxExactDouble);
    if (!token || !expires) {
        r.error = QStringLiteral(
            "Unreadable token response: no access_token or expires_in in Twitch's answer");
        return r;
    }
    r.accessToken = *token;
    r.expiresInS = *expires;
    return r;
}

ValidateResult parseValidateResponse(int httpStatus, const QByteArray &body)
{
    ValidateResult r;
    if (httpStatus == 401) {
        r.error = rejection(QStringLiteral("Twitch rejected the token"), httpStatus, body);
        return r;
    }
    if (httpStatus != 200) {
        r.error = httpError(httpStatus, body);
        return r;
    }
    QJsonObject o;
    QString why;
    if (!readObject(body, o, why)) {
        r.error = QStringLiteral("Unreadable token validation: %1").arg(why);
        return r;
    }
    const auto clientId = requiredText(o, QLatin1String("client_id"));
    const auto expires = wholeNumber(o.value(QLatin1String("expires_in")), MaxExactDouble);
    if (!clientId || !expires) {
        r.error = QStringLiteral(
            "Unreadable token validation: no client_id or expires_in in Twitch's answer");
        return r;
    }
    r.clientId = *clientId;
    r.expiresInS = *expires;
    return r;
}

QString parseErrorMessage(int httpStatus, const QByteArray &body)
{
    const QString message = bodyMessage(body);
    return message.isEmpty() ? statusFallback(httpStatus) : message;
}

StreamsPage parseStreamsPage(const QByteArray &body)
{
    StreamsPage page;
    QJsonObject root;
    QJsonArray items;
    if (!readDataArray(body, root, items, page.error))
        return page;
    page.streams.reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        if (auto s = readStream(item))
            page.streams.append(std::move(*s));
        else
            countUp(page.malformedItems);
    }
    page.cursor = readCursor(root);
    return page;
}

GamesPage parseGamesPage(const QByteArray &body)
{
    GamesPage page;
    QJsonObject root;
    QJsonArray items;
    if (!readDataArray(body, root, items, page.error))
        return page;
    page.games.reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        const QJsonObject o = item.toObject(); // not an object: empty, so malformed below
        const auto id = requiredText(o, QLatin1String("id"));
        const auto name = requiredText(o, QLatin1String("name"));
        const auto boxArt = optionalText(o, QLatin1String("box_art_url"));
        if (!item.isObject() || !id || !name || !boxArt) {
            countUp(page.malformedItems);
            continue;
        }
        page.games.append(Game{*id, *name, *boxArt});
    }
    page.cursor = readCursor(root);
    return page;
}

UsersPage parseUsersPage(const QByteArray &body)
{
    UsersPage page;
    QJsonObject root;
    QJsonArray items;
    if (!readDataArray(body, root, items, page.error))
        return page;
    page.users.reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        const QJsonObject o = item.toObject();
        const auto id = requiredText(o, QLatin1String("id"));
        const auto login = requiredText(o, QLatin1String("login"));
        const auto displayName = optionalText(o, QLatin1String("display_name"));
        if (!item.isObject() || !id || !login || !displayName) {
            countUp(page.malformedItems);
            continue;
        }
        page.users.append(User{*id, *login, *displayName});
    }
    return page;
}

FollowersResult parseFollowersTotal(const QByteArray &body)
{
    FollowersResult r;
    QJsonObject root;
    if (!readObject(body, root, r.error))
        return r;
    const QJsonValue total = root.value(QLatin1String("total"));
    if (total.isUndefined()) {
        r.error = QStringLiteral("Twitch's response has no follower \"total\"");
        return r;
    }
    const auto n = wholeNumber(total, MaxExactDouble);
    if (!n) {
        r.error = QStringLiteral("Twitch's follower \"total\" is not a whole number");
        return r;
    }
    r.total = *n;
    return r;
}

} // namespace StreamRank::Twitch
