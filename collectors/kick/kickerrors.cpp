// Kick's token answers (id.kick.com/oauth/token: RFC 6749 bodies) and
// api.kick.com's error bodies ({"data":..., "message":...}), read and put in
// words a user can act on. Words taken from a body are cleaned (control
// characters, HTML tags, runs of whitespace), cut to a status bar's length, and
// any long opaque run of token characters is replaced by "[redacted]": a
// message must never carry a token, a secret or a stream key to the UI or a log.

#include "kickparsers.h"
#include "kickparsers_p.h"

#include "jsonread.h"

#include <QJsonObject>
#include <QStringDecoder>

#include <algorithm>
#include <initializer_list>

namespace StreamRank::Kick {

using namespace Detail;

namespace {

// A run of this many token characters with a letter and a digit in it reads as
// a secret: access tokens, JWTs, stream keys, client secrets.
constexpr qsizetype MinSecretChars = 20;
// A message for the status bar is at most this long, its prefix and status included.
constexpr qsizetype MaxShownChars = 220;
// Plain-text bodies at most this long may be a server's words ("404 page not found").
constexpr qsizetype MaxPlainBody = 200;

bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'-' || u == u'_' || u == u'.' || u == u'~' || u == u'+' || u == u'/' || u == u'=';
}

QString redactSecrets(const QString &s)
{
    QString out;
    out.reserve(s.size());
    qsizetype i = 0;
    while (i < s.size()) {
        if (!isTokenChar(s.at(i))) {
            out.append(s.at(i++));
            continue;
        }
        qsizetype end = i;
        bool letter = false, digit = false;
        while (end < s.size() && isTokenChar(s.at(end))) {
            letter = letter || s.at(end).isLetter();
            digit = digit || s.at(end).isDigit();
            ++end;
        }
        if (end - i >= MinSecretChars && letter && digit)
            out.append(QLatin1String("[redacted]"));
        else
            out.append(QStringView(s).sliced(i, end - i));
        i = end;
    }
    return out;
}

// Cuts to at most `max` characters, never inside a surrogate pair, with an ellipsis.
QString bounded(QString s, qsizetype max)
{
    if (s.size() <= max)
        return s;
    s.truncate(max - 1);
    if (!s.isEmpty() && s.back().isHighSurrogate())
        s.chop(1);
    s.append(QChar(0x2026));
    return s;
}

QString stringOr(const QJsonValue &v)
{
    return v.isString() ? v.toString() : QString();
}

QString statusText(int httpStatus)
{
    static constexpr struct
    {
        int status;
        const char *reason;
    } Reasons[] = {
        {400, "Bad Request"},       {401, "Unauthorized"},          {403, "Forbidden"},
        {404, "Not Found"},         {405, "Method Not Allowed"},    {410, "Gone"},
        {429, "Too Many Requests"}, {500, "Internal Server Error"}, {501, "Not Implemented"},
        {502, "Bad Gateway"},       {503, "Service Unavailable"},   {504, "Gateway Timeout"}};
    for (const auto &r : Reasons) {
        if (r.status == httpStatus)
            return QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(QLatin1String(r.reason));
    }
    return QStringLiteral("HTTP %1").arg(httpStatus);
}

// "<prefix>: words (HTTP 401)", or "<prefix> (HTTP 401 Unauthorized)" without
// words; the words are cut so that the whole stays within MaxShownChars.
QString withStatus(const QString &prefix, int httpStatus, const QString &words)
{
    if (words.isEmpty())
        return QStringLiteral("%1 (%2)").arg(prefix, statusText(httpStatus));
    const QString status = QStringLiteral(" (HTTP %1)").arg(httpStatus);
    const qsizetype room =
        std::max<qsizetype>(MaxShownChars - prefix.size() - 2 - status.size(), 16);
    return prefix + QLatin1String(": ") + bounded(words, room) + status;
}

// What an error body says, whichever of Kick's shapes it has: the API's
// {"data":"detail","message":"Bad request"}, OAuth's {"error","error_description"},
// or a short plain-text line. Cleaned; empty when it says nothing usable.
struct BodyWords
{
    QString code;  // OAuth "error" ("invalid_client"), as sent, at most 64 characters
    QString words; // for a user
};

BodyWords readBodyWords(const QByteArray &body)
{
    BodyWords b;
    QJsonObject root;
    QString ignored;
    if (!readObject(body, root, ignored)) {
        const QByteArray line = body.trimmed();
        if (line.isEmpty() || line.size() > MaxPlainBody || line.startsWith('<') ||
            line.startsWith('{') || line.startsWith('['))
            return b;
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8(line);
        if (!utf8.hasError())
            b.words = cleanMessage(text);
        return b;
    }
    const QString error = stringOr(root.value(QLatin1String("error")));
    b.code = cleanMessage(error, 64);
    QStringList parts;
    for (const QString &part : {stringOr(root.value(QLatin1String("message"))),
                                stringOr(root.value(QLatin1String("data"))),
                                stringOr(root.value(QLatin1String("error_description")))}) {
        const QString cleaned = cleanMessage(part);
        if (!cleaned.isEmpty() && !parts.contains(cleaned, Qt::CaseInsensitive))
            parts.append(cleaned);
    }
    if (parts.isEmpty() && !b.code.isEmpty())
        parts.append(b.code);
    b.words = cleanMessage(parts.join(QLatin1String(": ")));
    return b;
}

bool namesCredentials(const QString &code)
{
    for (const char *name : {"invalid_client", "invalid_grant", "unauthorized_client"}) {
        if (code == QLatin1String(name))
            return true;
    }
    return false;
}

} // namespace

namespace Detail {

QString cleanMessage(const QString &raw, qsizetype max)
{
    QString s;
    s.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c == u'<') {
            const qsizetype close = raw.indexOf(u'>', i + 1);
            if (close > i && close - i <= 200) {
                i = close;
                continue;
            }
        }
        s.append(c.unicode() < 0x20 || c.unicode() == 0x7f ? QChar(u' ') : c);
    }
    return bounded(redactSecrets(s.simplified()), max);
}

} // namespace Detail

TokenResult parseToken(int httpStatus, const QByteArray &body)
{
    TokenResult r;
    QJsonObject root;
    QString why;
    const bool isObject = readObject(body, root, why);
    const bool ok = httpStatus >= 200 && httpStatus <= 299;
    // A 2xx naming an OAuth error (no token) is read as the error it names.
    if (ok && isObject && !root.value(QLatin1String("error")).isString()) {
        const QJsonValue token = root.value(QLatin1String("access_token"));
        if (!token.isString() || token.toString().isEmpty()) {
            r.error =
                QStringLiteral("Kick sent an unreadable token response: it holds no access_token");
            return r;
        }
        r.accessToken = token.toString();
        const FieldReader read(r.unreadableFields);
        r.tokenType = read.text(root, QLatin1String("token_type"));
        // Real answers send a number (5184000, 60 days); tolerate a numeric
        // string. Absent, 0 or unreadable: not said; the collector renews on a 401.
        const QJsonValue expires = root.value(QLatin1String("expires_in"));
        if (!expires.isUndefined() && !expires.isNull()) {
            const auto seconds = wholeNumber(expires);
            if (seconds && *seconds > 0)
                r.expiresInS = *seconds;
            else
                read.countUnreadable();
        }
        return r;
    }
    if (ok && !isObject) {
        r.error = QStringLiteral("Kick sent an unreadable token response: %1").arg(why);
        return r;
    }

    const BodyWords b = readBodyWords(body);
    // RFC 6749 5.2: 401 is always the client's authentication failing; a 400
    // (or a 403, as other platforms send) names the credentials in "error".
    r.credentialsRejected = httpStatus == 401 || ((ok || httpStatus == 400 || httpStatus == 403) &&
                                                  namesCredentials(b.code));
    if (r.credentialsRejected)
        r.error = withStatus(QStringLiteral("Kick rejected the credentials"), httpStatus, b.words);
    else if (ok)
        r.error = QStringLiteral("Kick refused the token request: %1")
                      .arg(b.words.isEmpty() ? QStringLiteral("no details given") : b.words);
    else if (httpStatus <= 0)
        r.error = QStringLiteral("no answer from Kick's login server (no HTTP response)");
    else if (httpStatus == 429)
        r.error = withStatus(QStringLiteral("Kick asked for fewer token requests (rate limit)"),
                             httpStatus, b.words);
    else if (httpStatus >= 500 && httpStatus <= 599)
        r.error =
            withStatus(QStringLiteral("Kick's login server had a problem"), httpStatus, b.words);
    else if (httpStatus >= 400 && httpStatus <= 499)
        r.error = withStatus(QStringLiteral("Kick refused the token request"), httpStatus, b.words);
    else
        r.error = withStatus(QStringLiteral("unexpected answer from Kick's login server"),
                             httpStatus, b.words);
    return r;
}

ApiError parseError(int httpStatus, const QByteArray &body)
{
    ApiError e;
    if (httpStatus >= 200 && httpStatus <= 299)
        return e;
    const BodyWords b = readBodyWords(body);
    e.serverMessage = b.words;
    QString prefix;
    if (httpStatus <= 0) {
        e.kind = ErrorKind::Other;
        e.message = QStringLiteral("no answer from Kick (no HTTP response)");
        return e;
    }
    if (httpStatus == 401) {
        e.kind = ErrorKind::Unauthorized;
        prefix = QStringLiteral("Kick refused the request");
    } else if (httpStatus == 403) {
        e.kind = ErrorKind::Forbidden;
        prefix = QStringLiteral("Kick refused the request");
    } else if (httpStatus == 404 || httpStatus == 405 || httpStatus == 410 || httpStatus == 501) {
        e.kind = ErrorKind::Unavailable;
        prefix = QStringLiteral("Kick does not offer this request");
    } else if (httpStatus == 429) {
        e.kind = ErrorKind::RateLimited;
        prefix = QStringLiteral("Kick asked for fewer requests (rate limit)");
    } else if (httpStatus >= 400 && httpStatus <= 499) {
        e.kind = ErrorKind::BadRequest;
        prefix = QStringLiteral("Kick refused the request");
    } else if (httpStatus >= 500 && httpStatus <= 599) {
        e.kind = ErrorKind::Server;
        prefix = QStringLiteral("Kick had a server problem");
    } else {
        e.kind = ErrorKind::Other;
        prefix = QStringLiteral("unexpected answer from Kick");
    }
    e.message = withStatus(prefix, httpStatus, b.words);
    return e;
}

} // namespace StreamRank::Kick
