// The parts every Kick list parser shares: field readers that count what they
// cannot read, the page envelope ({"data":[...]} or {"data":{"<list>":[...]}})
// and the next cursor, wherever Kick puts it.

#include "kickparsers_p.h"

#include "jsonread.h"
#include "rfc3339.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <climits>
#include <cmath>
#include <initializer_list>

namespace StreamRank::Kick::Detail {
namespace {

// Whole numbers above 2^53 do not survive a double; the same bound for strings
// keeps both spellings of a value equivalent.
constexpr qint64 MaxWhole = qint64(1) << 53;

// A cursor is opaque text; a number is taken as its decimal spelling.
// False (and counted by the caller) for any other type.
bool cursorText(const QJsonValue &v, QString &out)
{
    if (v.isString()) {
        out = v.toString();
        return true;
    }
    if (isAbsent(v)) {
        out.clear();
        return true;
    }
    if (const auto n = wholeNumber(v); n && v.isDouble()) {
        out = QString::number(*n);
        return true;
    }
    return false;
}

// The next cursor: the first non-empty one of the fields Kick has been seen or
// documented to use; the shape is that one's, else the first field present.
void readCursor(const QJsonObject &root, const QJsonValue &data, PageInfo &page)
{
    const QLatin1String next("next_cursor");
    const struct
    {
        CursorShape shape;
        QJsonValue value;
        bool present;
    } candidates[] = {
        {CursorShape::Pagination, root.value(QLatin1String("pagination")).toObject().value(next),
         root.value(QLatin1String("pagination")).toObject().contains(next)},
        {CursorShape::Data, data.toObject().value(next), data.toObject().contains(next)},
        {CursorShape::Root, root.value(next), root.contains(next)},
        {CursorShape::Meta, root.value(QLatin1String("meta")).toObject().value(next),
         root.value(QLatin1String("meta")).toObject().contains(next)},
    };
    for (const auto &c : candidates) {
        if (!c.present)
            continue;
        if (!page.hasCursorField) {
            page.hasCursorField = true;
            page.cursorShape = c.shape;
        }
        QString text;
        if (!cursorText(c.value, text)) {
            Json::countUp(page.unreadableFields);
            continue;
        }
        if (!text.isEmpty()) {
            page.nextCursor = text;
            page.cursorShape = c.shape;
            return;
        }
    }
}

} // namespace

void FieldReader::countUnreadable() const
{
    Json::countUp(m_unreadable);
}

QStringList FieldReader::stringList(const QJsonArray &array) const
{
    QStringList out;
    out.reserve(array.size());
    for (const auto &entry : array) { // QJsonValueConstRef: read in place
        if (entry.isString())
            out.append(entry.toString());
        else
            countUnreadable();
    }
    return out;
}

std::optional<qint64> digits(QStringView s)
{
    if (s.isEmpty() || s.size() > 16)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : s) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > MaxWhole)
        return std::nullopt;
    return value;
}

std::optional<qint64> wholeDouble(double d)
{
    if (!std::isfinite(d) || d < 0.0 || d != std::floor(d) || d > double(MaxWhole))
        return std::nullopt;
    return qint64(d);
}

qint64 startTime(const QString &s)
{
    // Go's zero time.Time: Kick's way of saying "not set" (offline channels,
    // and the documentation's examples). Unknown, not unreadable.
    if (s.startsWith(QLatin1String("0001-01-01T00:00:00")))
        return 0;
    const qint64 ms = parseRfc3339Ms(s);
    return ms > 0 ? ms : -1;
}

QString primaryLanguage(const QString &tag)
{
    // The common case, a bare code in lower case ("en"), is the tag itself: no copy.
    if ((tag.size() == 2 || tag.size() == 3) &&
        std::all_of(tag.begin(), tag.end(), [](QChar c) { return c >= u'a' && c <= u'z'; })) {
        for (const char16_t *special : {u"zxx", u"und", u"mul", u"mis"}) {
            if (tag == QStringView(special))
                return {};
        }
        return tag;
    }
    qsizetype end = 0;
    while (end < tag.size() && tag.at(end) != u'-' && tag.at(end) != u'_')
        ++end;
    if (end < 2 || end > 3)
        return {};
    QString code;
    code.reserve(end);
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = tag.at(i).unicode();
        if (c >= u'A' && c <= u'Z')
            code.append(QChar(char16_t(c + (u'a' - u'A'))));
        else if (c >= u'a' && c <= u'z')
            code.append(QChar(c));
        else
            return {};
    }
    // No linguistic content, undetermined, multiple, uncoded (ISO 639-2 special codes).
    for (const char16_t *special : {u"zxx", u"und", u"mul", u"mis"}) {
        if (code == QStringView(special))
            return {};
    }
    return code;
}

bool readObject(const QByteArray &body, QJsonObject &out, QString &why)
{
    if (body.trimmed().isEmpty()) {
        why = QStringLiteral("the response is empty");
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        why = QStringLiteral("it is not valid JSON (%1 at byte %2)")
                  .arg(parseError.errorString())
                  .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        why = QStringLiteral("it is JSON but not an object");
        return false;
    }
    out = doc.object();
    return true;
}

bool readListPage(const QByteArray &body, QLatin1String nestedKey, const char *what, PageInfo &page,
                  QJsonArray &items)
{
    const auto fail = [&](const QString &why) {
        page.error =
            QStringLiteral("Kick sent an unreadable %1 page: %2").arg(QLatin1String(what), why);
        return false;
    };
    QJsonObject root;
    QString why;
    if (!readObject(body, root, why))
        return fail(why);
    const QJsonValue data = root.value(QLatin1String("data"));
    if (data.isArray()) {
        items = data.toArray();
        page.itemsShape = ItemsShape::DataArray;
    } else if (const QJsonValue nested = data.toObject().value(nestedKey); nested.isArray()) {
        items = nested.toArray();
        page.itemsShape = ItemsShape::DataList;
    } else {
        // An error body with a 200 ({"data":{},"message":"Unauthorized"}) says why.
        const QJsonValue message = root.value(QLatin1String("message"));
        const QString words = message.isString() ? cleanMessage(message.toString()) : QString();
        QString shape = data.isUndefined() ? QStringLiteral("it has no \"data\"")
                        : data.isObject()
                            ? QStringLiteral("\"data\" holds no \"%1\" list").arg(nestedKey)
                            : QStringLiteral("\"data\" is not a list");
        if (!words.isEmpty())
            shape += QStringLiteral(" (Kick says: %1)").arg(words);
        return fail(shape);
    }
    readCursor(root, data, page);
    return true;
}

} // namespace StreamRank::Kick::Detail
