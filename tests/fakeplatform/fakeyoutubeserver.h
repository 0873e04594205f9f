// FakeYouTubeServer: the YouTube Data API v3 methods a live-stream collector
// uses (search, videos, channels, playlistItems, videoCategories) over real
// HTTP/1.1 on loopback, in the real wire format, with API keys, a daily quota
// accounted per method, a seeded world of channels and broadcasts, and faults
// on demand.
//
// Threading: the object may live on the test's thread or be moved to a QThread
// (then call listen() and delete it on that thread). Its sockets are children
// of it. Every other public function is thread-safe.
#pragma once

#include "fakeyoutubetypes.h"

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <optional>

namespace StreamRank::Fake {

class FakeYouTubeServerPrivate;
class HttpConnection;
struct HttpRequest;

class FakeYouTubeServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeYouTubeServer(FakeYouTubeConfig config = {}, QObject *parent = nullptr);
    ~FakeYouTubeServer() override;

    // Call on the thread the object lives on. port 0 = any free port.
    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    quint16 port() const;
    QString apiUrl() const; // "http://127.0.0.1:<port>/youtube/v3"

    // A change of the world's size, shares or seed regenerates it; quota
    // settings apply from the next request (the units used so far stay).
    void setConfig(const FakeYouTubeConfig &config);
    FakeYouTubeConfig config() const;

    // Faults for paths like "/youtube/v3/videos" (Fault's default path is Twitch's).
    void addFault(const Fault &fault);
    void clearFaults();
    int pendingFaults() const; // faults not yet used up

    void revokeKey();  // the configured key becomes invalid (400 API_KEY_INVALID)...
    void restoreKey(); // ... until this

    // The quota. callCount and unitsCharged count the calls charged, which is
    // every call with a valid key that the quota allowed, whatever its answer.
    int unitsUsed() const;
    int unitsRemaining() const;
    int searchesUsed() const;
    int searchesRemaining() const;
    int callCount(YouTubeMethod method) const;
    int unitsCharged(YouTubeMethod method) const;
    int quotaExceededSent() const; // 403 quotaExceeded answers, from the quota or from faults
    void resetQuota();             // both buckets full, per-method counts zero
    void exhaustQuota();           // both buckets empty

    // The world.
    QVector<FakeYouTubeChannel> channels() const;
    std::optional<FakeYouTubeChannel> channel(const QString &channelId) const;
    std::optional<FakeYouTubeVideo> video(const QString &videoId) const; // nullopt once deleted
    QVector<FakeYouTubeVideo> liveVideos() const;                        // viewers desc
    QVector<FakeYouTubeVideo> upcomingVideos() const;
    QVector<FakeYouTubeVideo> uploads(const QString &channelId) const; // newest first
    QVector<QString> idleChannelIds() const;                           // nothing live
    // The live video's id, on top of the channel's uploads at once: a scheduled
    // broadcast of the channel starts (same id), or a new one. Empty when the
    // channel is unknown or already live.
    QString startBroadcast(const QString &channelId);
    bool endBroadcast(const QString &channelId); // every live one of the channel; false if none
    QString scheduleBroadcast(const QString &channelId, qint64 startMs); // an upcoming video
    void churn(int n); // end n live broadcasts, start n on idle channels
    bool setViewers(const QString &videoId, int viewers);     // false unless live
    bool setHiddenCount(const QString &videoId, bool hidden); // concurrentViewers absent
    bool setHiddenSubscriberCount(const QString &channelId, bool hidden);
    bool deleteVideo(const QString &videoId); // gone from every answer

    QVector<YouTubeRequestRecord> requests() const;
    void clearRequests();
    int requestCount(const QString &path) const;

Q_SIGNALS:
    void requestHandled(const StreamRank::Fake::YouTubeRequestRecord &record);

private:
    void onRequest(HttpConnection *connection, quint64 seq, const HttpRequest &request);

    std::unique_ptr<FakeYouTubeServerPrivate> d;
};

} // namespace StreamRank::Fake
