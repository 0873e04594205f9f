#include "census.h"

namespace StreamRank {

QString platformCode(Platform p)
{
    switch (p) {
    case Platform::Demo:
        return QStringLiteral("demo");
    case Platform::Twitch:
        return QStringLiteral("twitch");
    case Platform::YouTube:
        return QStringLiteral("youtube");
    case Platform::Kick:
        return QStringLiteral("kick");
    }
    return QStringLiteral("unknown");
}

QString platformDisplayName(Platform p)
{
    switch (p) {
    case Platform::Demo:
        return QStringLiteral("Demo");
    case Platform::Twitch:
        return QStringLiteral("Twitch");
    case Platform::YouTube:
        return QStringLiteral("YouTube");
    case Platform::Kick:
        return QStringLiteral("Kick");
    }
    return QStringLiteral("Unknown");
}

std::optional<Platform> platformFromCode(const QString &code)
{
    for (int i = 0; i < PlatformCount; ++i) {
        const auto p = static_cast<Platform>(i);
        if (platformCode(p) == code)
            return p;
    }
    return std::nullopt;
}

qint64 Census::totalViewers() const
{
    qint64 sum = 0;
    for (const auto &s : streams)
        if (s.viewersKnown())
            sum += s.viewers;
    return sum;
}

} // namespace StreamRank
