#pragma once
// Value types handed from a collector thread to storage and analytics by queued
// signal: a census is copied (implicitly shared vectors), never a pointer into
// another thread.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <optional>

namespace StreamRank {

enum class Platform : std::uint8_t
{
    Demo = 0,
    Twitch = 1,
    YouTube = 2,
    Kick = 3
};
inline constexpr int PlatformCount = 4;

QString platformCode(Platform p);        // "demo", "twitch", ... (stable, stored in the database)
QString platformDisplayName(Platform p); // "Demo", "Twitch", ...
std::optional<Platform> platformFromCode(const QString &code);

// One live stream as one census saw it.
struct StreamObservation
{
    QString streamId;  // the platform's id of this live session
    QString channelId; // the platform's id of the broadcaster
    QString channelLogin;
    QString channelName; // display name
    QString title;
    QString categoryId; // may be empty: uncategorised
    QString categoryName;
    QString language; // ISO 639-1 where the platform gives one
    qint64 startedAtMs = 0;
    // The platform's live viewer count. UnknownViewers where the platform hides
    // it (a YouTube owner can): recorded as unknown, never as 0.
    qint32 viewers = 0;

    static constexpr qint32 UnknownViewers = -1;
    bool viewersKnown() const { return viewers >= 0; }
};

// Counters a collector reports for the run that produced a census.
struct CollectorRunStats
{
    int requests = 0;
    int errors = 0;
    int quotaUsed = 0;
    qint64 durationMs = 0;
    int pagesOk = 0;
    int pagesFailed = 0;
    int malformedItems = 0;
};

struct Census
{
    Platform platform = Platform::Demo;
    qint64 takenAtMs = 0; // the census time every sample in it is stamped with
    bool partial = false; // some pages failed; what arrived is still stored
    // Lists every live stream of the platform (a Demo census, a full Twitch
    // census without filters), as opposed to the top N or a filtered list.
    bool exhaustive = true;
    CollectorRunStats stats;
    QVector<StreamObservation> streams;
    // Streams this census proves ended although it is not exhaustive (YouTube:
    // videos.list gave an actualEndTime, or no longer returns the video): their
    // session ends at their last sample. Stream ids, as in StreamObservation.
    QStringList endedStreamIds;

    qint64 totalViewers() const; // of the streams whose count is known
    // Only a complete, exhaustive census proves that the live streams it does
    // not list have ended; storage and analytics close them only then.
    bool provesEnded() const { return !partial && exhaustive; }
};

// Names a collector learned outside a census (Twitch's Get Top Games / Get
// Games), stored so categories read well even when a stream omits the name.
struct CategoryInfo
{
    QString id;
    QString name;
};

// A channel's metadata refreshed now and then (Twitch: every 6 hours for
// watched channels). followers < 0: unknown, leave the stored value.
struct ChannelInfo
{
    QString channelId;
    QString login;
    QString displayName;
    qint64 followers = -1;
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::Census)
Q_DECLARE_METATYPE(StreamRank::CategoryInfo)
Q_DECLARE_METATYPE(StreamRank::ChannelInfo)
