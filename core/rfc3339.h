#pragma once
// RFC 3339 timestamps, as Twitch and YouTube send them ("2021-03-10T15:04:21Z"),
// read strictly into epoch milliseconds. Shared by every platform's parsers.

#include <QStringView>
#include <QtGlobal>

namespace StreamRank {

// RFC 3339 ("2021-03-10T15:04:21Z", fractions and offsets allowed) to ms since
// the epoch, or -1 when it does not parse or falls outside years 1970..9999.
qint64 parseRfc3339Ms(QStringView text);

} // namespace StreamRank
