#include "faultspec.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

namespace {

struct KindName
{
    const char16_t *name;
    FaultKind kind;
};

constexpr std::array<KindName, 19> Kinds{{
    {u"429", FaultKind::Status429},
    {u"500", FaultKind::Status500},
    {u"503", FaultKind::Status503},
    {u"slow", FaultKind::Slow},
    {u"drip", FaultKind::Drip},
    {u"truncated", FaultKind::Truncated},
    {u"malformed", FaultKind::MalformedJson},
    {u"wrong-types", FaultKind::WrongFieldTypes},
    {u"not-array", FaultKind::WrongPageType},
    {u"revoke", FaultKind::RevokeToken},
    {u"cursor-loop", FaultKind::CursorLoop},
    {u"empty-page", FaultKind::EmptyPage},
    {u"cursor-after-last", FaultKind::CursorAfterLast},
    {u"repeat-cursor", FaultKind::RepeatCursor},
    {u"close", FaultKind::ConnectionClose},
    {u"quota", FaultKind::QuotaExceeded},
    {u"rate-limit", FaultKind::RateLimitExceeded},
    {u"502", FaultKind::Status502},
    {u"bad-item", FaultKind::MalformedItem},
}};

// Kinds only one platform answers, and the paths that name it.
struct PlatformOnly
{
    FaultKind kind;
    const char16_t *platform;
    const char16_t *example;                  // a path of that platform
    std::array<const char16_t *, 2> prefixes; // nullptr: none
};

constexpr std::array<PlatformOnly, 4> PlatformKinds{{
    {FaultKind::QuotaExceeded, u"YouTube", u"/youtube/v3/search", {u"/youtube/", nullptr}},
    {FaultKind::RateLimitExceeded, u"YouTube", u"/youtube/v3/search", {u"/youtube/", nullptr}},
    {FaultKind::Status502, u"Kick", u"/public/v2/livestreams", {u"/public/", u"/oauth/"}},
    {FaultKind::MalformedItem, u"Kick", u"/public/v2/livestreams", {u"/public/", u"/oauth/"}},
}};

// "250", "250ms", "20s", "2m" in milliseconds; -1 when it is none of them.
qint64 durationMs(const QString &text)
{
    static const QRegularExpression re(u"^(\\d{1,9})(ms|s|m)?$"_s);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    if (unit == u"s")
        return n * 1000;
    if (unit == u"m")
        return n * 60 * 1000;
    return n;
}

} // namespace

QStringList faultSpecKinds()
{
    QStringList names;
    for (const KindName &k : Kinds)
        names.append(QString::fromUtf16(k.name));
    return names;
}

std::optional<Fault> parseFaultSpec(const QString &spec, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<Fault> {
        *error = u"--fault %1: %2"_s.arg(spec, why);
        return std::nullopt;
    };
    const QStringList parts = spec.trimmed().split(u',');
    static const QRegularExpression head(u"^([a-z0-9-]+?)(?:x(\\d{1,6}|\\*))?(?::(.+))?$"_s);
    const auto m = head.match(parts.first().trimmed().toLower());
    if (!m.hasMatch())
        return fail(u"expected KIND[xN][:DELAY], e.g. 429x3 or slow:20s"_s);
    Fault fault;
    const QString kind = m.captured(1);
    bool known = false;
    for (const KindName &k : Kinds) {
        if (kind == QString::fromUtf16(k.name)) {
            fault.kind = k.kind;
            known = true;
        }
    }
    if (!known)
        return fail(u"unknown fault \"%1\" (one of: %2)"_s.arg(kind, faultSpecKinds().join(u", ")));
    if (m.hasCaptured(2))
        fault.count = m.captured(2) == u"*" ? -1 : m.captured(2).toInt();
    if (fault.count == 0)
        return fail(u"a count of 0 affects nothing"_s);
    const bool timed = fault.kind == FaultKind::Slow || fault.kind == FaultKind::Drip;
    if (m.hasCaptured(3)) {
        if (!timed)
            return fail(u"only slow and drip take a delay"_s);
        const qint64 ms = durationMs(m.captured(3));
        if (ms <= 0 || ms > 3'600'000)
            return fail(u"the delay must be 1 ms to 60 minutes, e.g. 250ms, 20s, 2m"_s);
        fault.delayMs = static_cast<int>(ms);
    } else if (timed) {
        return fail(u"%1 needs a delay, e.g. %1:5s"_s.arg(kind));
    }
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString part = parts.at(i).trimmed();
        if (part.startsWith(u"skip=")) {
            bool ok = false;
            fault.skip = part.mid(5).toInt(&ok);
            if (!ok || fault.skip < 0)
                return fail(u"skip= takes a number of requests, e.g. skip=2"_s);
        } else if (part.startsWith(u"path=/")) {
            fault.path = part.mid(5);
        } else {
            return fail(
                u"unknown part \"%1\" (skip=N or path=/helix/..., /youtube/v3/... or /public/...)"_s
                    .arg(part));
        }
    }
    for (const PlatformOnly &only : PlatformKinds) {
        if (only.kind == fault.kind &&
            std::none_of(only.prefixes.cbegin(), only.prefixes.cend(), [&](const char16_t *p) {
                return p && fault.path.startsWith(QString::fromUtf16(p));
            }))
            return fail(u"%1 is a %2 fault: add a path, e.g. path=%3"_s.arg(
                kind, QString::fromUtf16(only.platform), QString::fromUtf16(only.example)));
    }
    return fault;
}

int FaultScript::pending() const
{
    return int(std::count_if(m_faults.cbegin(), m_faults.cend(),
                             [](const Fault &f) { return f.count != 0; }));
}

std::optional<Fault> FaultScript::take(const QString &path, bool lastPageOnly)
{
    for (auto it = m_faults.begin(); it != m_faults.end();) {
        Fault &f = *it;
        if (f.count == 0) {
            it = m_faults.erase(it);
            continue;
        }
        if (f.path != path || (f.kind == FaultKind::CursorAfterLast) != lastPageOnly) {
            ++it;
            continue;
        }
        if (f.skip > 0) { // the head of this path's script lets this one through
            --f.skip;
            return std::nullopt;
        }
        const Fault taken = f;
        if (f.count > 0 && --f.count == 0)
            m_faults.erase(it);
        return taken;
    }
    return std::nullopt;
}

void mangleResponse(const Fault &fault, HttpResponse &response)
{
    switch (fault.kind) {
    case FaultKind::MalformedJson:
        response.body.truncate(std::max<qsizetype>(1, response.body.size() * 2 / 3));
        break;
    case FaultKind::Truncated:
        response.mode = HttpResponse::Mode::Truncated;
        break;
    case FaultKind::Slow:
        response.delayMs = fault.delayMs;
        break;
    case FaultKind::Drip:
        response.mode = HttpResponse::Mode::Drip;
        response.dripMs = fault.delayMs;
        break;
    default:
        break;
    }
}

QString faultKindName(FaultKind kind)
{
    switch (kind) {
    case FaultKind::Status429:
        return u"Status429"_s;
    case FaultKind::Status500:
        return u"Status500"_s;
    case FaultKind::Status503:
        return u"Status503"_s;
    case FaultKind::Slow:
        return u"Slow"_s;
    case FaultKind::Drip:
        return u"Drip"_s;
    case FaultKind::Truncated:
        return u"Truncated"_s;
    case FaultKind::MalformedJson:
        return u"MalformedJson"_s;
    case FaultKind::WrongFieldTypes:
        return u"WrongFieldTypes"_s;
    case FaultKind::WrongPageType:
        return u"WrongPageType"_s;
    case FaultKind::RevokeToken:
        return u"RevokeToken"_s;
    case FaultKind::CursorLoop:
        return u"CursorLoop"_s;
    case FaultKind::EmptyPage:
        return u"EmptyPage"_s;
    case FaultKind::CursorAfterLast:
        return u"CursorAfterLast"_s;
    case FaultKind::RepeatCursor:
        return u"RepeatCursor"_s;
    case FaultKind::ConnectionClose:
        return u"ConnectionClose"_s;
    case FaultKind::QuotaExceeded:
        return u"QuotaExceeded"_s;
    case FaultKind::RateLimitExceeded:
        return u"RateLimitExceeded"_s;
    case FaultKind::Status502:
        return u"Status502"_s;
    case FaultKind::MalformedItem:
        return u"MalformedItem"_s;
    }
    return u"Unknown"_s;
}

} // namespace StreamRank::Fake
