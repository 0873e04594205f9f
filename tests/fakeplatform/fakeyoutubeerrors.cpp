// Google's error bodies as the YouTube Data API v3 sends them, one function per
// error a collector must tell apart (shapes from captured real answers).
#include "fakeyoutubeserver_p.h"

using namespace Qt::StringLiterals;

namespace StreamRank::Fake::YouTubeJson {

YouTubeRoute error(int code, const QString &message, const QString &domain, const QString &reason,
                   const QString &status, const QJsonObject &extra, const QJsonArray &details)
{
    QJsonObject first{{u"message"_s, message}, {u"domain"_s, domain}, {u"reason"_s, reason}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        first.insert(it.key(), it.value());
    QJsonObject e{{u"code"_s, code}, {u"message"_s, message}, {u"errors"_s, QJsonArray{first}}};
    if (!status.isEmpty())
        e.insert(u"status"_s, status);
    if (!details.isEmpty())
        e.insert(u"details"_s, details);
    YouTubeRoute r;
    r.status = code;
    r.reason = reason;
    r.body = QJsonObject{{u"error"_s, e}};
    return r;
}

namespace {

QJsonObject parameter(const QString &name)
{
    return QJsonObject{{u"location"_s, name}, {u"locationType"_s, u"parameter"_s}};
}

} // namespace

YouTubeRoute missingKey()
{
    return error(403, u"The request is missing a valid API key."_s, u"global"_s, u"forbidden"_s,
                 u"PERMISSION_DENIED"_s);
}

YouTubeRoute invalidKey(bool legacy)
{
    if (legacy) // the shape older docs and client libraries still quote
        return error(400, u"Bad Request"_s, u"usageLimits"_s, u"keyInvalid"_s);
    const QString message = u"API key not valid. Please pass a valid API key."_s;
    return error(
        400, message, u"global"_s, u"badRequest"_s, u"INVALID_ARGUMENT"_s, {},
        QJsonArray{
            QJsonObject{{u"@type"_s, u"type.googleapis.com/google.rpc.ErrorInfo"_s},
                        {u"reason"_s, u"API_KEY_INVALID"_s},
                        {u"domain"_s, u"googleapis.com"_s},
                        {u"metadata"_s, QJsonObject{{u"service"_s, u"youtube.googleapis.com"_s}}}},
            QJsonObject{{u"@type"_s, u"type.googleapis.com/google.rpc.LocalizedMessage"_s},
                        {u"locale"_s, u"en-US"_s},
                        {u"message"_s, message}}});
}

YouTubeRoute accessNotConfigured(const QString &project)
{
    const QString console =
        u"https://console.developers.google.com/apis/api/youtube.googleapis.com/overview?project="_s +
        project;
    const QString message = u"YouTube Data API v3 has not been used in project "_s + project +
                            u" before or it is disabled. Enable it by visiting "_s + console +
                            u" then retry. If you enabled this API recently, wait a few minutes "
                            "for the action to propagate to our systems and retry."_s;
    return error(
        403, message, u"usageLimits"_s, u"accessNotConfigured"_s, u"PERMISSION_DENIED"_s,
        QJsonObject{{u"extendedHelp"_s, u"https://console.developers.google.com"_s}},
        QJsonArray{QJsonObject{{u"@type"_s, u"type.googleapis.com/google.rpc.Help"_s},
                               {u"links"_s, QJsonArray{QJsonObject{
                                                {u"description"_s,
                                                 u"Google developers console API activation"_s},
                                                {u"url"_s, console}}}}},
                   QJsonObject{{u"@type"_s, u"type.googleapis.com/google.rpc.ErrorInfo"_s},
                               {u"reason"_s, u"SERVICE_DISABLED"_s},
                               {u"domain"_s, u"googleapis.com"_s},
                               {u"metadata"_s,
                                QJsonObject{{u"service"_s, u"youtube.googleapis.com"_s},
                                            {u"consumer"_s, QString(u"projects/"_s + project)}}}}});
}

YouTubeRoute quotaExceeded()
{
    // Exactly as sent, HTML anchor and no "status" included.
    return error(403,
                 u"The request cannot be completed because you have exceeded your "
                 "<a href=\"/youtube/v3/getting-started#quota\">quota</a>."_s,
                 u"youtube.quota"_s, u"quotaExceeded"_s);
}

YouTubeRoute rateLimitExceeded()
{
    return error(403, u"Rate Limit Exceeded"_s, u"usageLimits"_s, u"rateLimitExceeded"_s);
}

YouTubeRoute tooManyRequests()
{
    return error(429, u"Resource has been exhausted (e.g. check quota)."_s, u"global"_s,
                 u"rateLimitExceeded"_s, u"RESOURCE_EXHAUSTED"_s);
}

YouTubeRoute backendError(int code)
{
    if (code == 503)
        return error(503, u"The service is currently unavailable."_s, u"global"_s,
                     u"backendError"_s, u"UNAVAILABLE"_s);
    return error(500, u"Internal error encountered."_s, u"global"_s, u"backendError"_s,
                 u"INTERNAL"_s);
}

YouTubeRoute notFoundPage(const QString &path)
{
    // Google's front end answers an unknown path with its HTML 404 page, not JSON.
    YouTubeRoute r;
    r.status = 404;
    r.reason = u"notFound"_s;
    r.html = "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not "
             "Found)!!1</title>\n  <p><b>404.</b> <ins>That\xe2\x80\x99s an error.</ins>\n  "
             "<p>The requested URL <code>" +
             path.toHtmlEscaped().toUtf8() +
             "</code> was not found on this server.  <ins>That\xe2\x80\x99s all we know.</ins>\n";
    return r;
}

YouTubeRoute requiredParameter(const QString &name)
{
    return error(400, u"Required parameter: "_s + name, u"global"_s, u"required"_s, QString(),
                 parameter(name));
}

YouTubeRoute unknownPart(const QString &part)
{
    return error(400, part, u"youtube.part"_s, u"unknownPart"_s, QString(), parameter(u"part"_s));
}

YouTubeRoute noFilter(const QString &expected)
{
    return error(400, u"No filter selected. Expected one of: "_s + expected, u"youtube.parameter"_s,
                 u"missingRequiredParameter"_s, QString(), parameter(u"parameters"_s));
}

YouTubeRoute invalidFilters()
{
    return error(400, u"The request specifies an invalid filter parameter."_s,
                 u"youtube.parameter"_s, u"invalidFilters"_s, QString(),
                 QJsonObject{{u"location"_s, u"parameters."_s}, {u"locationType"_s, u"other"_s}});
}

YouTubeRoute invalidValue(const QString &name, const QString &value, const QString &range)
{
    const QString message =
        range.isEmpty()
            ? u"Invalid value '%1' for parameter %2."_s.arg(value, name)
            : u"Invalid value '%1'. Values must be within the range: %2"_s.arg(value, range);
    return error(400, message, u"global"_s, u"invalidParameter"_s, QString(), parameter(name));
}

YouTubeRoute invalidPageToken()
{
    return error(400, u"The request specifies an invalid page token."_s, u"youtube.parameter"_s,
                 u"invalidPageToken"_s, QString(), parameter(u"pageToken"_s));
}

YouTubeRoute invalidSearchFilter()
{
    return error(400,
                 u"The request contains an invalid combination of search filters and/or "
                 "restrictions. The type parameter must be video when eventType or "
                 "videoCategoryId is set."_s,
                 u"youtube.search"_s, u"invalidSearchFilter"_s, QString(), parameter(u"type"_s));
}

YouTubeRoute invalidFieldSelection(const QString &fields)
{
    return error(400, u"Invalid field selection "_s + fields, u"global"_s, u"invalidParameter"_s,
                 QString(), parameter(u"fields"_s));
}

YouTubeRoute playlistNotFound()
{
    return error(404,
                 u"The playlist identified with the request's <code>playlistId</code> "
                 "parameter cannot be found."_s,
                 u"youtube.playlistItem"_s, u"playlistNotFound"_s, QString(),
                 parameter(u"playlistId"_s));
}

} // namespace StreamRank::Fake::YouTubeJson
