// FakeYouTubeWorld, lookups and changes: what the routes read, and what tests
// do to the world (broadcasts starting and ending, counts hidden, deletions).
#include "fakeyoutubeworld.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

void FakeYouTubeWorld::toFront(int videoIndex)
{
    std::vector<int> &list = m_uploads[size_t(m_videoChannel[size_t(videoIndex)])];
    list.erase(std::remove(list.begin(), list.end(), videoIndex), list.end());
    list.insert(list.begin(), videoIndex);
}

void FakeYouTubeWorld::goLive(int videoIndex, qint64 now)
{
    FakeYouTubeVideo &v = m_videos[videoIndex];
    v.state = FakeVideoState::Live;
    v.actualStartMs = now;
    v.publishedAtMs = now; // what puts it on top of the uploads playlist
    v.viewers = viewersSample();
    v.hiddenViewers = m_rng.uniform() < m_hiddenViewersShare;
    if (!m_live.contains(videoIndex))
        m_live.push_back(videoIndex);
    toFront(videoIndex);
}

int FakeYouTubeWorld::videoIndex(const QString &id) const
{
    const int index = m_videoById.value(id, -1);
    return index < 0 || m_deleted[size_t(index)] ? -1 : index;
}

const FakeYouTubeChannel *FakeYouTubeWorld::channel(const QString &id) const
{
    const int index = m_channelById.value(id, -1);
    return index < 0 ? nullptr : &m_channels[index];
}

const FakeYouTubeChannel *FakeYouTubeWorld::channelByHandle(QString handle) const
{
    if (handle.startsWith(u'@'))
        handle.remove(0, 1);
    const int index = m_channelByHandle.value(handle.toLower(), -1);
    return index < 0 ? nullptr : &m_channels[index];
}

const FakeYouTubeChannel *FakeYouTubeWorld::channelByUploads(const QString &playlistId) const
{
    if (!playlistId.startsWith(u"UU") || playlistId.size() != 24)
        return nullptr;
    return channel(u"UC"_s + playlistId.mid(2));
}

const FakeYouTubeVideo *FakeYouTubeWorld::video(const QString &id) const
{
    const int index = videoIndex(id);
    return index < 0 ? nullptr : &m_videos[index];
}

QVector<const FakeYouTubeVideo *> FakeYouTubeWorld::uploads(const FakeYouTubeChannel &c) const
{
    QVector<const FakeYouTubeVideo *> out;
    for (const int i : m_uploads[size_t(m_channelById.value(c.id))])
        out.push_back(&m_videos[i]);
    return out;
}

int FakeYouTubeWorld::uploadCount(const FakeYouTubeChannel &c) const
{
    return int(m_uploads[size_t(m_channelById.value(c.id))].size());
}

QVector<const FakeYouTubeVideo *> FakeYouTubeWorld::videos() const
{
    QVector<const FakeYouTubeVideo *> out;
    out.reserve(m_videos.size());
    for (qsizetype i = 0; i < m_videos.size(); ++i) {
        if (!m_deleted[size_t(i)])
            out.push_back(&m_videos[i]);
    }
    return out;
}

QVector<const FakeYouTubeVideo *> FakeYouTubeWorld::live() const
{
    QVector<const FakeYouTubeVideo *> out;
    out.reserve(m_live.size());
    for (const int i : m_live)
        out.push_back(&m_videos[i]);
    std::sort(out.begin(), out.end(), [](const FakeYouTubeVideo *a, const FakeYouTubeVideo *b) {
        return a->viewers != b->viewers ? a->viewers > b->viewers : a->id < b->id;
    });
    return out;
}

QVector<const FakeYouTubeVideo *> FakeYouTubeWorld::liveOf(const QString &channelId) const
{
    QVector<const FakeYouTubeVideo *> out;
    for (const int i : m_live) {
        if (m_videos[i].channelId == channelId)
            out.push_back(&m_videos[i]);
    }
    return out;
}

void FakeYouTubeWorld::drift(double relative)
{
    if (relative <= 0)
        return;
    const double spread = relative * std::sqrt(3.0); // uniform with this standard deviation
    for (const int i : std::as_const(m_live)) {
        FakeYouTubeVideo &v = m_videos[i];
        if (v.viewers == 0) {
            v.viewers = m_rng.uniform() < relative ? 1 : 0;
            continue;
        }
        const double moved = v.viewers * (1.0 + spread * (2.0 * m_rng.uniform() - 1.0));
        v.viewers = std::max(0, int(std::floor(moved + m_rng.uniform())));
        v.viewCount += v.viewers / 20;
    }
}

QString FakeYouTubeWorld::startBroadcast(const QString &channelId)
{
    const int c = m_channelById.value(channelId, -1);
    if (c < 0 || !liveOf(channelId).isEmpty())
        return QString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const int i : m_uploads[size_t(c)]) { // a scheduled broadcast starts, keeping its id
        if (m_videos[i].state == FakeVideoState::Upcoming) {
            goLive(i, now);
            return m_videos[i].id;
        }
    }
    const int i = makeVideo(c, FakeVideoState::Upcoming, now);
    goLive(i, now);
    m_videos[i].scheduledStartMs = -1; // went live without scheduling
    return m_videos[i].id;
}

bool FakeYouTubeWorld::endBroadcast(const QString &channelId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool ended = false;
    for (qsizetype k = m_live.size() - 1; k >= 0; --k) {
        FakeYouTubeVideo &v = m_videos[m_live[k]];
        if (v.channelId != channelId)
            continue;
        v.state = FakeVideoState::Ended;
        v.actualEndMs = std::max(now, v.actualStartMs + 1000);
        v.durationS = int((v.actualEndMs - v.actualStartMs) / 1000);
        v.viewers = 0;
        m_live.remove(k);
        ended = true;
    }
    return ended;
}

QString FakeYouTubeWorld::scheduleBroadcast(const QString &channelId, qint64 startMs)
{
    const int c = m_channelById.value(channelId, -1);
    if (c < 0)
        return QString();
    const int i = makeVideo(c, FakeVideoState::Upcoming, QDateTime::currentMSecsSinceEpoch());
    m_videos[i].scheduledStartMs = startMs;
    m_videos[i].publishedAtMs = QDateTime::currentMSecsSinceEpoch();
    toFront(i);
    return m_videos[i].id;
}

void FakeYouTubeWorld::churn(int n)
{
    n = std::clamp(n, 0, int(m_live.size()));
    for (int k = 0; k < n; ++k)
        endBroadcast(m_videos[m_live[m_rng.bounded(int(m_live.size()))]].channelId);
    std::vector<bool> live(size_t(m_channels.size()), false);
    for (const int i : std::as_const(m_live))
        live[size_t(m_videoChannel[size_t(i)])] = true;
    QVector<int> idle;
    for (int c = 0; c < m_channels.size(); ++c) {
        if (!live[size_t(c)])
            idle.push_back(c);
    }
    for (int k = 0; k < n && !idle.isEmpty(); ++k) {
        const int pickIndex = m_rng.bounded(int(idle.size()));
        startBroadcast(m_channels[idle[pickIndex]].id);
        idle[pickIndex] = idle.back();
        idle.removeLast();
    }
}

bool FakeYouTubeWorld::setViewers(const QString &videoId, int viewers)
{
    const int i = videoIndex(videoId);
    if (i < 0 || m_videos[i].state != FakeVideoState::Live)
        return false;
    m_videos[i].viewers = std::max(0, viewers);
    return true;
}

bool FakeYouTubeWorld::setHiddenCount(const QString &videoId, bool hidden)
{
    const int i = videoIndex(videoId);
    if (i < 0)
        return false;
    m_videos[i].hiddenViewers = hidden;
    return true;
}

bool FakeYouTubeWorld::setHiddenSubscribers(const QString &channelId, bool hidden)
{
    const int c = m_channelById.value(channelId, -1);
    if (c < 0)
        return false;
    m_channels[c].hiddenSubscribers = hidden;
    return true;
}

bool FakeYouTubeWorld::deleteVideo(const QString &videoId)
{
    const int i = videoIndex(videoId);
    if (i < 0)
        return false;
    m_deleted[size_t(i)] = true;
    m_live.removeAll(i);
    std::vector<int> &list = m_uploads[size_t(m_videoChannel[size_t(i)])];
    list.erase(std::remove(list.begin(), list.end(), i), list.end());
    return true;
}

} // namespace StreamRank::Fake
