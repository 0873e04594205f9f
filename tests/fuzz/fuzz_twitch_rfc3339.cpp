// parseRfc3339Ms on any text (the bytes read as UTF-8 and as Latin-1): no crash,
// -1 or a time in 1970..9999, and an accepted time survives a round trip
// through QDateTime's ISO format.

#include "fuzzcheck.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace {

void check(const QString &text)
{
    using namespace StreamRank;
    const qint64 ms = parseRfc3339Ms(text);
    if (ms == -1)
        return;
    FUZZ_CHECK(ms >= 0);
    FUZZ_CHECK(ms < 253'402'300'800'000); // 10000-01-01T00:00:00Z
    const QString again =
        QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
    FUZZ_CHECK(parseRfc3339Ms(again) == ms);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = StreamRank::Fuzz::bytes(data, size);
    check(QString::fromUtf8(bytes));
    check(QString::fromLatin1(bytes));
    return 0;
}
