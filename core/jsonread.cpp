#include "jsonread.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace StreamRank::Json {

bool readObject(const QByteArray &body, const QString &service, QJsonObject &out, QString &error)
{
    if (body.trimmed().isEmpty()) {
        error = QStringLiteral("%1 sent an empty response").arg(service);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("%1 sent a response that is not valid JSON (%2 at byte %3)")
                    .arg(service, parseError.errorString())
                    .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        error = QStringLiteral("%1 sent JSON that is not an object").arg(service);
        return false;
    }
    out = doc.object();
    return true;
}

} // namespace StreamRank::Json
