#include "rfc3339.h"

namespace StreamRank {
namespace {

// 9999-12-31T23:59:59.999Z plus one: parseRfc3339Ms answers only for years
// 1970..9999 after the offset is applied.
constexpr qint64 EndOfYear9999Ms = 253'402'300'800'000;

// Fixed-width ASCII digits only (no Unicode digits, no signs).
bool readDigits(QStringView text, qsizetype pos, int count, int &out)
{
    if (pos < 0 || pos + count > text.size())
        return false;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return false;
        value = value * 10 + (c - u'0');
    }
    out = value;
    return true;
}

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int Days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && isLeapYear(y)) ? 29 : Days[m - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + doe - 719468;
}

} // namespace

qint64 parseRfc3339Ms(QStringView text)
{
    // 2021-03-10T15:04:21[.fraction](Z|+hh:mm|-hh:mm)
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, 0, 4, year) || text.size() < 20 || text[4] != u'-' ||
        !readDigits(text, 5, 2, month) || text[7] != u'-' || !readDigits(text, 8, 2, day))
        return -1;
    const char16_t sep = text[10].unicode();
    if (sep != u'T' && sep != u't' && sep != u' ')
        return -1;
    if (!readDigits(text, 11, 2, hour) || text[13] != u':' || !readDigits(text, 14, 2, minute) ||
        text[16] != u':' || !readDigits(text, 17, 2, second))
        return -1;
    // Second 60 is a leap second (RFC 3339 5.6); it counts as the next minute's 0.
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
        minute > 59 || second > 60)
        return -1;

    qsizetype pos = 19;
    int ms = 0;
    if (text[pos] == u'.') {
        ++pos;
        const qsizetype firstDigit = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= u'0' && text[pos] <= u'9') {
            ms += (text[pos].unicode() - u'0') * scale; // digits beyond the ms are dropped
            scale /= 10;
            ++pos;
        }
        if (pos == firstDigit)
            return -1;
    }
    if (pos >= text.size())
        return -1;
    int offsetMinutes = 0;
    const char16_t zone = text[pos].unicode();
    if (zone == u'Z' || zone == u'z') {
        ++pos;
    } else if (zone == u'+' || zone == u'-') {
        int offH = 0, offM = 0;
        if (!readDigits(text, pos + 1, 2, offH) || pos + 3 >= text.size() ||
            text[pos + 3] != u':' || !readDigits(text, pos + 4, 2, offM) || offH > 23 || offM > 59)
            return -1;
        offsetMinutes = (offH * 60 + offM) * (zone == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return -1;
    }
    if (pos != text.size())
        return -1;

    const qint64 seconds = daysFromCivil(year, month, day) * 86'400 + hour * 3'600 + minute * 60 +
                           second - qint64(offsetMinutes) * 60;
    const qint64 result = seconds * 1'000 + ms;
    if (result < 0 || result >= EndOfYear9999Ms)
        return -1;
    return result;
}

} // namespace StreamRank
