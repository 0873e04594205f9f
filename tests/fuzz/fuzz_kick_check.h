#pragma once
// Shared by the Kick fuzz targets (fuzz_kick_*.cpp): checks on what every Kick
// parser promises, on top of fuzzcheck.h.

#include "kickparsers.h"

#include <QString>

namespace StreamRank::Fuzz::Kick {

inline bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'-' || u == u'_' || u == u'.' || u == u'~' || u == u'+' || u == u'/' || u == u'=';
}

// No run of 20 or more token characters holding a letter and a digit: what
// could be a token, a secret or a stream key never reaches a message.
inline bool carriesNoSecret(const QString &s)
{
    qsizetype i = 0;
    while (i < s.size()) {
        if (!isTokenChar(s.at(i))) {
            ++i;
            continue;
        }
        qsizetype end = i;
        bool letter = false, digit = false;
        while (end < s.size() && isTokenChar(s.at(end))) {
            letter = letter || s.at(end).isLetter();
            digit = digit || s.at(end).isDigit();
            ++end;
        }
        if (end - i >= 20 && letter && digit)
            return false;
        i = end;
    }
    return true;
}

// Canonical decimal text of a positive id: digits only, no leading zero.
inline bool isDecimalId(const QString &s, bool allowZero = false)
{
    if (s.isEmpty() || s.size() > 16)
        return false;
    if (s == QLatin1String("0"))
        return allowZero;
    if (s.at(0) == u'0')
        return false;
    for (const QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

inline bool isLanguageCode(const QString &s)
{
    if (s.isEmpty())
        return true;
    if (s.size() < 2 || s.size() > 3)
        return false;
    for (const QChar c : s) {
        if (c < u'a' || c > u'z')
            return false;
    }
    return true;
}

// What every page promises, whatever its items: an error leaves nothing
// behind; the cursor and its shape agree.
inline bool pageIsConsistent(const StreamRank::Kick::PageInfo &p, qsizetype items)
{
    using StreamRank::Kick::CursorShape;
    using StreamRank::Kick::ItemsShape;
    if (p.error.size() > 400 || !carriesNoSecret(p.error))
        return false;
    if (!p.error.isEmpty())
        return items == 0 && p.malformedItems == 0 && p.unreadableFields == 0 &&
               p.nextCursor.isEmpty() && !p.hasCursorField && p.itemsShape == ItemsShape::None &&
               p.cursorShape == CursorShape::None;
    if (p.itemsShape == ItemsShape::None || p.malformedItems < 0 || p.unreadableFields < 0)
        return false;
    if (p.hasCursorField != (p.cursorShape != CursorShape::None))
        return false;
    return p.hasCursorField || p.nextCursor.isEmpty();
}

} // namespace StreamRank::Fuzz::Kick
