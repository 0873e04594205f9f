#pragma once
// "1 video", "2,345 videos": a count with its noun, for text that is built in
// code (the app ships no translations with plural forms, so tr()'s %n would
// print "video(s)").

#include <QLocale>
#include <QString>

namespace StreamRank {

inline QString counted(qint64 n, const char *one, const char *many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + QString::fromUtf8(n == 1 ? one : many);
}

} // namespace StreamRank
