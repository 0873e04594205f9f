#pragma once
// What every platform's pure parsers share when they read a response body: the
// body as a JSON object (or the reason it is not one, in words naming the
// platform), and a counter of skipped items that cannot overflow. No
// exceptions, no asserts on input.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <climits>

namespace StreamRank::Json {

// The body as a JSON object, or false and the reason in words ("Twitch sent a
// response that is not valid JSON (unterminated string at byte 12)").
bool readObject(const QByteArray &body, const QString &service, QJsonObject &out, QString &error);

// One more skipped item (or unreadable field), saturating at INT_MAX.
inline void countUp(int &counter)
{
    if (counter < INT_MAX)
        ++counter;
}

} // namespace StreamRank::Json
