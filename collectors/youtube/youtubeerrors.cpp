// YouTube's error bodies ({"error":{"code","message","errors":[{"reason",
// "domain"}],"details":[...]}}) read and classified, with their words.

#include "youtubeparsers.h"
#include "youtubeparsers_p.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <initializer_list>

namespace StreamRank::YouTube {

using namespace Detail;

namespace {

// What an error body says: its message, every reason (errors[] first, then
// details[]), the domains, and the API activation link when there is one.
struct ErrorBody
{
    bool present = false; // an "error" member was there
    int code = 0;
    QString message;
    QStringList reasons;
    QString firstErrorsReason;
    QString firstDetailsReason;
    QStringList domains;
    QString activationUrl;
};

ErrorBody readErrorBody(const QJsonObject &root)
{
    ErrorBody e;
    const QJsonValue error = root.value(QLatin1String("error"));
    if (error.isString()) { // OAuth-style {"error":"invalid_grant","error_description":...}
        e.present = true;
        e.firstErrorsReason = error.toString();
        e.reasons.append(e.firstErrorsReason);
        e.message = stringOr(root.value(QLatin1String("error_description")));
        return e;
    }
    if (!error.isObject())
        return e;
    e.present = true;
    const QJsonObject o = error.toObject();
    const QJsonValue code = o.value(QLatin1String("code"));
    if (code.isDouble() && code.toDouble() >= 100 && code.toDouble() <= 599)
        e.code = int(code.toDouble());
    e.message = stringOr(o.value(QLatin1String("message")));
    const QJsonArray errors = o.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &item : errors) {
        const QJsonObject entry = item.toObject();
        const QString reason = stringOr(entry.value(QLatin1String("reason")));
        if (!reason.isEmpty()) {
            if (e.firstErrorsReason.isEmpty())
                e.firstErrorsReason = reason;
            e.reasons.append(reason);
        }
        const QString domain = stringOr(entry.value(QLatin1String("domain")));
        if (!domain.isEmpty())
            e.domains.append(domain);
        if (e.message.isEmpty())
            e.message = stringOr(entry.value(QLatin1String("message")));
    }
    const QJsonArray details = o.value(QLatin1String("details")).toArray();
    for (const QJsonValue &item : details) {
        const QJsonObject entry = item.toObject();
        const QString reason = stringOr(entry.value(QLatin1String("reason")));
        if (!reason.isEmpty()) {
            if (e.firstDetailsReason.isEmpty())
                e.firstDetailsReason = reason;
            e.reasons.append(reason);
        }
        const QJsonArray links = entry.value(QLatin1String("links")).toArray();
        for (const QJsonValue &link : links) {
            const QString url = stringOr(link.toObject().value(QLatin1String("url")));
            // Only a plain Google console link is worth showing a user.
            if (e.activationUrl.isEmpty() &&
                url.startsWith(QLatin1String("https://console.developers.google.com/")) &&
                url.size() <= MaxUrlChars && !url.contains(u' '))
                e.activationUrl = url;
        }
    }
    return e;
}

QString statusText(int httpStatus)
{
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
            return QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(QLatin1String(r.reason));
    }
    return QStringLiteral("HTTP %1").arg(httpStatus);
}

// "<prefix> (HTTP 403: message)", or "<prefix> (HTTP 403 Forbidden)" without one.
QString withStatus(const QString &prefix, int httpStatus, const QString &message)
{
    const QString cleaned = cleanMessage(message);
    if (cleaned.isEmpty())
        return QStringLiteral("%1 (%2)").arg(prefix, statusText(httpStatus));
    return QStringLiteral("%1 (HTTP %2: %3)").arg(prefix).arg(httpStatus).arg(cleaned);
}

// The first of `names` among the body's reasons, or empty.
QString findReason(const ErrorBody &e, std::initializer_list<const char *> names)
{
    for (const QString &reason : e.reasons) {
        for (const char *name : names) {
            if (reason == QLatin1String(name))
                return reason;
        }
    }
    return {};
}

ApiError classify(int httpStatus, const ErrorBody &e)
{
    ApiError r;
    QString decided;
    const auto is = [&](std::initializer_list<const char *> names) {
        decided = findReason(e, names);
        return !decided.isEmpty();
    };
    if (is({"quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"}) ||
        e.domains.contains(QLatin1String("youtube.quota"))) {
        r.kind = ErrorKind::QuotaExceeded;
        r.message = QStringLiteral(
            "today's YouTube quota is used up; YouTube resets it at midnight Pacific time");
    } else if (is({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}) ||
               httpStatus == 429) {
        r.kind = ErrorKind::RateLimited;
        r.message = QStringLiteral("YouTube asked for fewer requests at a time (rate limit)");
    } else if (is({"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"}) ||
               (e.message.contains(QLatin1String("API key"), Qt::CaseInsensitive) &&
                is({"badRequest"}))) {
        r.kind = ErrorKind::KeyInvalid;
        r.message = QStringLiteral("YouTube rejected the API key: check that it was copied whole "
                                   "and still exists in the Google Cloud console");
    } else if (is({"accessNotConfigured", "SERVICE_DISABLED"})) {
        r.kind = ErrorKind::AccessNotConfigured;
        const QString where = e.activationUrl.isEmpty()
                                  ? QStringLiteral("in the Google Cloud console")
                                  : QStringLiteral("at %1").arg(e.activationUrl);
        r.message = QStringLiteral("the YouTube Data API is not enabled for this key's Google "
                                   "Cloud project: enable \"YouTube Data API v3\" %1, then wait "
                                   "a few minutes")
                        .arg(where);
    } else if (is({"ipRefererBlocked", "API_KEY_IP_ADDRESS_BLOCKED",
                   "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_SERVICE_BLOCKED",
                   "API_KEY_ANDROID_APP_BLOCKED", "API_KEY_IOS_APP_BLOCKED"})) {
        r.kind = ErrorKind::Forbidden;
        r.message = QStringLiteral("the API key's restrictions (application or API) do not allow "
                                   "this request; change them in the Google Cloud console");
    } else if ((httpStatus >= 500 && httpStatus <= 599) || is({"backendError", "internalError"})) {
        r.kind = ErrorKind::Server;
        r.message =
            withStatus(QStringLiteral("YouTube had a server problem"), httpStatus, e.message);
    } else if (httpStatus == 403) {
        r.kind = ErrorKind::Forbidden;
        r.message =
            withStatus(QStringLiteral("YouTube refused the request"), httpStatus, e.message);
    } else if (httpStatus >= 400 && httpStatus <= 499) {
        r.kind = ErrorKind::BadRequest;
        r.message =
            withStatus(QStringLiteral("YouTube rejected the request"), httpStatus, e.message);
    } else if (httpStatus <= 0) {
        r.kind = ErrorKind::Other;
        r.message = QStringLiteral("no answer from YouTube (no HTTP response)");
    } else {
        r.kind = ErrorKind::Other;
        r.message =
            withStatus(QStringLiteral("unexpected answer from YouTube"), httpStatus, e.message);
    }
    const QString &reason = !decided.isEmpty()               ? decided
                            : !e.firstErrorsReason.isEmpty() ? e.firstErrorsReason
                                                             : e.firstDetailsReason;
    r.reason = cleanMessage(reason, MaxReasonChars);
    return r;
}

} // namespace

namespace Detail {

bool embeddedError(const QJsonObject &root, QString &words)
{
    const ErrorBody e = readErrorBody(root);
    if (!e.present)
        return false;
    // The body's own code stands in for the status; without one, its words.
    words = e.code > 0 ? classify(e.code, e).message : cleanMessage(e.message);
    if (words.isEmpty())
        words = cleanMessage(e.reasons.value(0), MaxReasonChars);
    if (words.isEmpty())
        words = QStringLiteral("no details given");
    return true;
}

} // namespace Detail

ApiError parseError(int httpStatus, const QByteArray &body)
{
    if (httpStatus >= 200 && httpStatus <= 299)
        return {};
    QJsonObject root;
    QString ignored;
    const ErrorBody e = readObject(body, root, ignored) ? readErrorBody(root) : ErrorBody();
    return classify(httpStatus, e);
}

} // namespace StreamRank::YouTube
