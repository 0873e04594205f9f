#pragma once
// Shared by the YouTube parsers' translation units (youtubeparsers.cpp: the
// list responses; youtubeerrors.cpp: error bodies; youtubescan.cpp: cutting
// the values no parser reads). Not part of the parsers' interface.

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace StreamRank::YouTube::Detail {

inline constexpr qsizetype MaxMessageChars = 200;
inline constexpr qsizetype MaxReasonChars = 64;
inline constexpr qsizetype MaxUrlChars = 160;

// The body as a JSON object, or false and the reason in words.
bool readObject(const QByteArray &body, QJsonObject &out, QString &error);
// A string value, or empty.
QString stringOr(const QJsonValue &v);
// Cuts to at most `max` characters, never inside a surrogate pair, with an ellipsis.
QString bounded(QString s, qsizetype max);
// Text from a server made fit for one line of UI (no control characters or
// HTML tags, whitespace collapsed, bounded).
QString cleanMessage(const QString &raw, qsizetype max = MaxMessageChars);
// The body with the values of the members no parser reads replaced by null
// (see youtubeparsers.cpp); the body unchanged when there is nothing to cut or
// a value to be cut does not end.
QByteArray withoutUnreadValues(const QByteArray &body);
// An error object inside an answer that was not an error (youtubeerrors.cpp):
// true and its words when there is one.
bool embeddedError(const QJsonObject &root, QString &words);

} // namespace StreamRank::YouTube::Detail
