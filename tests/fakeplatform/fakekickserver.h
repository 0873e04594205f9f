// FakeKickServer: Kick's public API (api.kick.com: livestreams v1 and v2,
// categories, channels) and its app-token endpoint (id.kick.com /oauth/token)
// on one loopback port, over real HTTP/1.1, in the real wire format, with a
// seeded world whose streams start and end, its own settable clock, an
// optional per-token rate limit and faults on demand.
//
// Threading: the object may live on the test's thread or be moved to a QThread
// (then call listen() and delete it on that thread). Its sockets are children
// of it. Every other public function is thread-safe.
#pragma once

#include "fakekicktypes.h"

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <optional>

namespace StreamRank::Fake {

class FakeKickServerPrivate;

class FakeKickServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeKickServer(FakeKickConfig config = {}, QObject *parent = nullptr);
    ~FakeKickServer() override;

    // Call on the thread the object lives on. port 0 = any free port.
    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    quint16 port() const;
    QString apiUrl() const;  // "http://127.0.0.1:<port>", for api.kick.com (paths /public/...)
    QString authUrl() const; // the same, for id.kick.com (POST /oauth/token)

    // A change of the world's size or seed regenerates it; the rest applies
    // from the next request.
    void setConfig(const FakeKickConfig &config);
    FakeKickConfig config() const;
    void setV2Available(bool available); // false: /public/v2/... answer 404, v1 still works

    // The fake's clock: real time plus an offset tests move. It dates new
    // streams (started_at), expires tokens and runs the rate limit's minute.
    qint64 nowMs() const;
    void setNowMs(qint64 msSinceEpoch);
    void advanceClock(qint64 ms);

    QString issueToken(); // a valid app token, without HTTP; counted in tokensIssued()
    void revokeTokens();  // every token issued so far stops working
    int tokensIssued() const;

    // Faults for paths like "/public/v2/livestreams" or "/oauth/token" (Fault's
    // default path is Twitch's).
    void addFault(const Fault &fault);
    void clearFaults();
    int pendingFaults() const; // faults not yet used up

    // The world.
    QVector<FakeKickChannel> channels() const;
    QVector<FakeKickChannel> liveChannels() const; // by (started_at, broadcaster id): v2's order
    std::optional<FakeKickChannel> channel(qint64 broadcasterUserId) const;
    std::optional<FakeKickChannel> channelBySlug(const QString &slug) const;
    QVector<qint64> offlineChannelIds() const;
    QVector<FakeKickCategory> categories() const; // by id
    bool startStream(qint64 broadcasterUserId);   // started_at = nowMs(); false if unknown/live
    bool endStream(qint64 broadcasterUserId);     // false unless live
    bool setViewers(qint64 broadcasterUserId, int viewers); // false unless live
    // A drift step: `ending` random live streams end, `starting` offline
    // channels go live now, then every viewer count moves by viewerDrift.
    void advance(int ending, int starting, double viewerDrift = 0.05);

    QVector<KickRequestRecord> requests() const;
    void clearRequests();
    int requestCount(const QString &path) const;
    int callCount(KickRoute route) const;
    int tooManyRequestsSent() const; // 429 answers, from the rate limit or from faults
    // The most requests to paths under pathPrefix that arrived within any
    // windowMs of steady time: what a client's pacing must keep below its setting.
    int busiestWindow(qint64 windowMs,
                      const QString &pathPrefix = QStringLiteral("/public/")) const;

Q_SIGNALS:
    void requestHandled(const StreamRank::Fake::KickRequestRecord &record);

private:
    std::unique_ptr<FakeKickServerPrivate> d;
};

} // namespace StreamRank::Fake
