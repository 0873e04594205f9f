// FakeTwitchServer: id.twitch.tv (app tokens, validate) and the Helix endpoints
// the collectors use, over real HTTP/1.1 on loopback, with a seeded population
// of live streams, a real token bucket and faults on demand.
//
// Threading: the object may live on the test's thread or be moved to a QThread
// (then call listen() and delete it on that thread). Its sockets are children
// of it. Every other public function is thread-safe.
#pragma once

#include "faketwitchtypes.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

namespace StreamRank::Fake {

class FakeTwitchServerPrivate;
class HttpConnection;
struct HttpRequest;

class FakeTwitchServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeTwitchServer(FakeTwitchConfig config = {}, QObject *parent = nullptr);
    ~FakeTwitchServer() override;

    // Call on the thread the object lives on. port 0 = any free port.
    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    quint16 port() const;
    QString apiUrl() const; // "http://127.0.0.1:<port>/helix"
    QString
    authUrl() const; // "http://127.0.0.1:<port>"; token endpoint is authUrl + "/oauth2/token"

    void addFault(const Fault &fault);
    void clearFaults();
    int pendingFaults() const; // faults not yet used up

    void revokeAllTokens();
    QString issueToken(); // a valid app token for config().clientId, without HTTP
    int tokensIssued() const;

    // A change of liveStreams, offlineUsers, games or seed regenerates the population.
    void setConfig(const FakeTwitchConfig &config);
    FakeTwitchConfig config() const;

    QVector<FakeStream> liveStreams() const; // current population sorted by viewers desc
    QVector<QString> offlineUserIds() const;
    int followersOf(const QString &userId) const; // the total /channels/followers reports
    void churn(int n);                            // end n live streams, start n from offline users
    bool startStream(const QString &userId); // an offline user goes live; false if unknown/live
    bool endStream(const QString &userId);   // a live user goes offline; false if not live

    QVector<RequestRecord> requests() const;
    void clearRequests();
    int requestCount(const QString &path) const;
    int tooManyRequestsSent() const; // 429 answers, from the bucket or from faults
    int rateRemaining() const;       // points in the bucket now (refilled to this instant)

Q_SIGNALS:
    void requestHandled(const StreamRank::Fake::RequestRecord &record);

private:
    void onRequest(HttpConnection *connection, quint64 seq, const HttpRequest &request);

    std::unique_ptr<FakeTwitchServerPrivate> d;
};

} // namespace StreamRank::Fake
