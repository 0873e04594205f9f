// The seeded world behind the fake YouTube: channels (with a country, a
// language, a category, subscribers, an uploads playlist) and their videos —
// plain uploads, ended broadcasts, live ones with heavy-tailed viewers and
// scheduled ones — and the changes tests make to it. Not thread-safe: the
// server guards it with its mutex.
#pragma once

#include "fakepopulation.h"
#include "fakeyoutubetypes.h"

#include <QHash>

#include <vector>

namespace StreamRank::Fake {

class FakeYouTubeWorld
{
public:
    void generate(const FakeYouTubeConfig &config);

    const QVector<FakeYouTubeChannel> &channels() const { return m_channels; }
    const FakeYouTubeChannel *channel(const QString &id) const;
    const FakeYouTubeChannel *channelByHandle(QString handle) const; // "@x" or "x", any case
    const FakeYouTubeChannel *channelByUploads(const QString &playlistId) const;
    const FakeYouTubeVideo *video(const QString &id) const; // nullptr: unknown or deleted
    // The channel's uploads playlist, newest first.
    QVector<const FakeYouTubeVideo *> uploads(const FakeYouTubeChannel &channel) const;
    int uploadCount(const FakeYouTubeChannel &channel) const;
    QVector<const FakeYouTubeVideo *> videos() const; // every video not deleted
    QVector<const FakeYouTubeVideo *> live() const;   // viewers desc, then id
    QVector<const FakeYouTubeVideo *> liveOf(const QString &channelId) const;

    void drift(double relative); // random walk on every live viewer count
    QString startBroadcast(const QString &channelId);
    bool endBroadcast(const QString &channelId);
    QString scheduleBroadcast(const QString &channelId, qint64 startMs);
    void churn(int n);
    bool setViewers(const QString &videoId, int viewers);
    bool setHiddenCount(const QString &videoId, bool hidden);
    bool setHiddenSubscribers(const QString &channelId, bool hidden);
    bool deleteVideo(const QString &videoId);

private:
    void makeChannel(int index);
    int makeVideo(int channelIndex, FakeVideoState state, qint64 nowMs);
    void goLive(int videoIndex, qint64 nowMs);
    void toFront(int videoIndex);
    QString newId(int length, const char *lastChars, QLatin1StringView prefix);
    int videoIndex(const QString &id) const;
    int viewersSample();

    FakeRng m_rng;
    double m_hiddenViewersShare = 0;
    QVector<FakeYouTubeChannel> m_channels;
    QHash<QString, int> m_channelById, m_channelByHandle; // handle: lower case, no '@'
    std::vector<std::vector<int>> m_uploads;              // per channel, newest first
    QVector<FakeYouTubeVideo> m_videos;
    std::vector<int> m_videoChannel;
    std::vector<bool> m_deleted;
    QHash<QString, int> m_videoById;
    QVector<int> m_live; // unordered
};

} // namespace StreamRank::Fake
