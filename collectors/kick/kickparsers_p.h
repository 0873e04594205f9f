#pragma once
// Shared by the Kick parsers' translation units (kickread.cpp: field readers,
// the page envelope and the cursor; kickparsers.cpp: the items; kickerrors.cpp:
// token and error bodies, and the words shown to a user). Not part of the
// parsers' interface.

#include "kickparsers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>
#include <QString>

#include <climits>
#include <optional>

namespace StreamRank::Kick::Detail {

inline constexpr qsizetype MaxMessageChars = 200;

// Missing or null. For QJsonValue, QJsonValueConstRef and Member.
template <typename V> bool isAbsent(const V &v)
{
    const QJsonValue::Type t = v.type();
    return t == QJsonValue::Undefined || t == QJsonValue::Null;
}

// A whole number in 0..2^53 from a string of 1..16 ASCII digits; nothing
// otherwise (signs, fractions, spaces, exponents, "").
std::optional<qint64> digits(QStringView s);
// The same bound for a JSON number.
std::optional<qint64> wholeDouble(double d);

// A whole number in 0..2^53 from a JSON number or a string of digits.
template <typename V> std::optional<qint64> wholeNumber(const V &v)
{
    const QJsonValue::Type t = v.type();
    if (t == QJsonValue::String)
        return digits(v.toString());
    if (t == QJsonValue::Double)
        return wholeDouble(v.toDouble());
    return std::nullopt;
}

// Go's zero time.Time ("0001-01-01T00:00:00Z") or an RFC 3339 time after
// 1970, in ms; -1 for anything else.
qint64 startTime(const QString &s);

// One member of an object read in a single pass (see readLivestream), or none:
// reads in place, with the type looked up once.
class Member
{
public:
    Member() = default;
    explicit Member(QJsonObject::const_iterator it) : m_it(it), m_type(it.value().type()) {}

    QJsonValue::Type type() const { return m_type; }
    bool isString() const { return m_type == QJsonValue::String; }
    bool isDouble() const { return m_type == QJsonValue::Double; }
    bool isBool() const { return m_type == QJsonValue::Bool; }
    bool isArray() const { return m_type == QJsonValue::Array; }
    bool isObject() const { return m_type == QJsonValue::Object; }
    QString toString() const { return isString() ? m_it.value().toString() : QString(); }
    double toDouble() const { return isDouble() ? m_it.value().toDouble() : 0.0; }
    bool toBool() const { return isBool() && m_it.value().toBool(); }
    QJsonArray toArray() const { return isArray() ? m_it.value().toArray() : QJsonArray(); }
    QJsonObject toObject() const { return isObject() ? m_it.value().toObject() : QJsonObject(); }

private:
    QJsonObject::const_iterator m_it;
    QJsonValue::Type m_type = QJsonValue::Undefined;
};

// `primary` when it is there, else `fallback` (both may be absent).
template <typename V> const V &either(const V &primary, const V &fallback)
{
    return isAbsent(primary) ? fallback : primary;
}

// Field readers for kept items: a present value of the wrong type counts as
// unreadable and reads as empty/unknown; missing and null are simply absent.
// Each reads a value (QJsonValue, QJsonValueConstRef or Member), or the member
// `key` of an object.
class FieldReader
{
public:
    explicit FieldReader(int &unreadable) : m_unreadable(unreadable) {}

    void countUnreadable() const;

    // A string, or empty.
    template <typename V> QString text(const V &v) const
    {
        if (v.isString())
            return v.toString();
        countUnlessAbsent(v);
        return {};
    }
    // An object, or an empty one.
    template <typename V> QJsonObject object(const V &v) const
    {
        if (v.isObject())
            return v.toObject();
        countUnlessAbsent(v);
        return {};
    }
    // An id sent as a whole number or a string of ASCII digits, as canonical
    // decimal text ("007" and 7 both read "7"); empty when absent or unreadable.
    template <typename V> QString id(const V &v) const
    {
        if (isAbsent(v))
            return {};
        if (const auto n = wholeNumber(v))
            return QString::number(*n);
        countUnreadable();
        return {};
    }
    // A count (a number or a string of digits) in 0..INT_MAX; -1 when absent or unreadable.
    template <typename V> int count(const V &v) const
    {
        if (isAbsent(v))
            return -1;
        if (const auto n = wholeNumber(v); n && *n <= INT_MAX)
            return int(*n);
        countUnreadable();
        return -1;
    }
    // An RFC 3339 time in ms; 0 when absent, Go's zero time or unreadable (counted).
    template <typename V> qint64 time(const V &v) const
    {
        if (isAbsent(v))
            return 0;
        const qint64 ms = v.isString() ? startTime(v.toString()) : qint64(-1);
        if (ms >= 0)
            return ms;
        countUnreadable();
        return 0;
    }
    // A boolean; false when absent or unreadable.
    template <typename V> bool flag(const V &v) const
    {
        if (v.isBool())
            return v.toBool();
        countUnlessAbsent(v);
        return false;
    }
    // An array of strings; a non-string entry is skipped and counted.
    template <typename V> QStringList strings(const V &v) const
    {
        if (!v.isArray()) {
            countUnlessAbsent(v);
            return {};
        }
        return stringList(v.toArray());
    }

    QString text(const QJsonObject &o, QLatin1String key) const { return text(o.value(key)); }
    QJsonObject object(const QJsonObject &o, QLatin1String key) const
    {
        return object(o.value(key));
    }
    QString id(const QJsonObject &o, QLatin1String key) const { return id(o.value(key)); }
    int count(const QJsonObject &o, QLatin1String key) const { return count(o.value(key)); }
    qint64 time(const QJsonObject &o, QLatin1String key) const { return time(o.value(key)); }
    bool flag(const QJsonObject &o, QLatin1String key) const { return flag(o.value(key)); }

private:
    template <typename V> void countUnlessAbsent(const V &v) const
    {
        if (!isAbsent(v))
            countUnreadable();
    }
    QStringList stringList(const QJsonArray &array) const;

    int &m_unreadable;
};

// The primary language subtag in lower case ("pt-BR" -> "pt", "zh_Hant" ->
// "zh"); empty when it is not 2 or 3 ASCII letters or says "no language".
QString primaryLanguage(const QString &tag);

// Reads the envelope of a list page: the body as an object, the items (the
// "data" array, or data.<nestedKey>) and the next cursor. False, with
// page.error set in words naming `what` ("livestreams"), when it is no page.
bool readListPage(const QByteArray &body, QLatin1String nestedKey, const char *what, PageInfo &page,
                  QJsonArray &items);

// The body as a JSON object, or false and the reason in words ("it is not
// valid JSON (unterminated string at byte 12)").
bool readObject(const QByteArray &body, QJsonObject &out, QString &why);

// Text from a server made fit for one line of UI: no control characters or
// HTML tags, whitespace collapsed, secrets redacted, at most `max` characters.
QString cleanMessage(const QString &raw, qsizetype max = MaxMessageChars);

} // namespace StreamRank::Kick::Detail
