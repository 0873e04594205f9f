// Cutting the values of the members no YouTube list parser reads
// (descriptions, localizations, thumbnails, tags: about 80 % of a videos.list
// page) before QJsonDocument sees the body; see the top of youtubeparsers.cpp.

#include "youtubeparsers_p.h"

#include <QByteArrayView>

#include <algorithm>
#include <iterator>

namespace StreamRank::YouTube::Detail {
namespace {

// Members none of the list parsers reads, whose values are cut before parsing.
constexpr QByteArrayView UnreadMembers[] = {"\"description\"", "\"localized\"", "\"thumbnails\"",
                                            "\"tags\""};

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The end (one past the closing quote) of the string that opens at `pos`, or -1.
qsizetype stringEnd(QByteArrayView d, qsizetype pos)
{
    qsizetype from = pos + 1;
    for (;;) {
        const qsizetype quote = d.indexOf('"', from);
        if (quote < 0)
            return -1;
        qsizetype backslashes = 0;
        while (d[quote - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return quote + 1;
        from = quote + 1;
    }
}

// The end of the string, object or array that opens at `pos`, or -1.
qsizetype compoundEnd(QByteArrayView d, qsizetype pos)
{
    if (d[pos] == '"')
        return stringEnd(d, pos);
    qsizetype depth = 0;
    for (qsizetype i = pos; i < d.size(); ++i) {
        const char c = d[i];
        if (c == '"') {
            i = stringEnd(d, i);
            if (i < 0)
                return -1;
            --i;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return -1;
}

// The body with the values of UnreadMembers replaced by null (see the top of
// this file); the body unchanged when there is nothing to cut or a value to be
// cut does not end.
} // namespace

QByteArray withoutUnreadValues(const QByteArray &body)
{
    const QByteArrayView d(body);
    QByteArray out;
    qsizetype copied = 0; // d[0, copied) is in out
    qsizetype pos = 0;    // outside any string
    while (pos < d.size()) {
        const qsizetype open = d.indexOf('"', pos);
        if (open < 0)
            break;
        const qsizetype close = stringEnd(d, open);
        if (close < 0)
            break;
        pos = close;
        const qsizetype length = close - open;
        if (length < 6 || length > 13) // "tags" .. "description", quotes included
            continue;
        const QByteArrayView name = d.sliced(open, length);
        if (std::find(std::begin(UnreadMembers), std::end(UnreadMembers), name) ==
            std::end(UnreadMembers))
            continue;
        qsizetype colon = close;
        while (colon < d.size() && isJsonSpace(d[colon]))
            ++colon;
        if (colon >= d.size() || d[colon] != ':')
            continue; // a value, not a member name
        qsizetype value = colon + 1;
        while (value < d.size() && isJsonSpace(d[value]))
            ++value;
        if (value >= d.size() || (d[value] != '"' && d[value] != '{' && d[value] != '['))
            continue; // null, or something for QJson to judge
        const qsizetype end = compoundEnd(d, value);
        if (end < 0)
            return body;
        if (out.isEmpty())
            out.reserve(body.size() / 4);
        out.append(d.sliced(copied, value - copied));
        out.append("null");
        copied = end;
        pos = end;
    }
    if (copied == 0)
        return body;
    out.append(d.sliced(copied));
    return out;
}

} // namespace StreamRank::YouTube::Detail
