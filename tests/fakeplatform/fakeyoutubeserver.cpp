// FakeYouTubeServer: lifecycle and the thread-safe accessors. The request
// pipeline is in fakeyoutubepipeline.cpp, the methods in fakeyoutuberoutes.cpp.
#include "fakeyoutubeserver.h"
#include "fakeyoutubeserver_p.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

FakeYouTubeServer::FakeYouTubeServer(FakeYouTubeConfig config, QObject *parent)
    : QObject(parent), d(std::make_unique<FakeYouTubeServerPrivate>(config))
{
    d->tcp = new QTcpServer(this);
    serveHttp(d->tcp, this, [this](HttpConnection *c, quint64 seq, const HttpRequest &r) {
        onRequest(c, seq, r);
    });
}

FakeYouTubeServer::~FakeYouTubeServer() = default;

bool FakeYouTubeServer::listen(quint16 port, const QHostAddress &address)
{
    if (d->tcp->isListening())
        d->tcp->close();
    if (!d->tcp->listen(address, port))
        return false;
    const QString host = urlHost(address);
    QMutexLocker lock(&d->mutex);
    d->port = d->tcp->serverPort();
    d->host = host;
    return true;
}

quint16 FakeYouTubeServer::port() const
{
    QMutexLocker lock(&d->mutex);
    return d->port;
}

QString FakeYouTubeServer::apiUrl() const
{
    QMutexLocker lock(&d->mutex);
    return u"http://"_s + d->host + u':' + QString::number(d->port) + u"/youtube/v3"_s;
}

void FakeYouTubeServer::setConfig(const FakeYouTubeConfig &config)
{
    QMutexLocker lock(&d->mutex);
    const FakeYouTubeConfig old = d->config;
    d->config = config;
    if (old.channels != config.channels || old.liveBroadcasts != config.liveBroadcasts ||
        old.upcomingBroadcasts != config.upcomingBroadcasts ||
        old.uploadsPerChannel != config.uploadsPerChannel || old.seed != config.seed ||
        old.hiddenViewersShare != config.hiddenViewersShare ||
        old.hiddenSubscribersShare != config.hiddenSubscribersShare)
        d->world.generate(config);
}

FakeYouTubeConfig FakeYouTubeServer::config() const
{
    QMutexLocker lock(&d->mutex);
    return d->config;
}

void FakeYouTubeServer::addFault(const Fault &fault)
{
    QMutexLocker lock(&d->mutex);
    d->faults.add(fault);
}

void FakeYouTubeServer::clearFaults()
{
    QMutexLocker lock(&d->mutex);
    d->faults.clear();
}

int FakeYouTubeServer::pendingFaults() const
{
    QMutexLocker lock(&d->mutex);
    return d->faults.pending();
}

void FakeYouTubeServer::revokeKey()
{
    QMutexLocker lock(&d->mutex);
    d->keyRevoked = true;
}

void FakeYouTubeServer::restoreKey()
{
    QMutexLocker lock(&d->mutex);
    d->keyRevoked = false;
}

int FakeYouTubeServer::unitsUsed() const
{
    QMutexLocker lock(&d->mutex);
    return d->unitsUsed;
}

int FakeYouTubeServer::unitsRemaining() const
{
    QMutexLocker lock(&d->mutex);
    return std::max(0, d->config.dailyUnits - d->unitsUsed);
}

int FakeYouTubeServer::searchesUsed() const
{
    QMutexLocker lock(&d->mutex);
    return d->searchesUsed;
}

int FakeYouTubeServer::searchesRemaining() const
{
    QMutexLocker lock(&d->mutex);
    return std::max(0, d->config.dailySearches - d->searchesUsed);
}

int FakeYouTubeServer::callCount(YouTubeMethod method) const
{
    QMutexLocker lock(&d->mutex);
    return d->calls[size_t(method)];
}

int FakeYouTubeServer::unitsCharged(YouTubeMethod method) const
{
    QMutexLocker lock(&d->mutex);
    return d->charged[size_t(method)];
}

int FakeYouTubeServer::quotaExceededSent() const
{
    QMutexLocker lock(&d->mutex);
    return d->quotaExceededSent;
}

void FakeYouTubeServer::resetQuota()
{
    QMutexLocker lock(&d->mutex);
    d->resetQuota();
}

void FakeYouTubeServer::exhaustQuota()
{
    QMutexLocker lock(&d->mutex);
    d->unitsUsed = std::max(d->unitsUsed, d->config.dailyUnits);
    d->searchesUsed = std::max(d->searchesUsed, d->config.dailySearches);
}

QVector<FakeYouTubeChannel> FakeYouTubeServer::channels() const
{
    QMutexLocker lock(&d->mutex);
    return d->world.channels();
}

std::optional<FakeYouTubeChannel> FakeYouTubeServer::channel(const QString &channelId) const
{
    QMutexLocker lock(&d->mutex);
    const FakeYouTubeChannel *c = d->world.channel(channelId);
    return c ? std::optional<FakeYouTubeChannel>(*c) : std::nullopt;
}

std::optional<FakeYouTubeVideo> FakeYouTubeServer::video(const QString &videoId) const
{
    QMutexLocker lock(&d->mutex);
    const FakeYouTubeVideo *v = d->world.video(videoId);
    return v ? std::optional<FakeYouTubeVideo>(*v) : std::nullopt;
}

namespace {

QVector<FakeYouTubeVideo> copies(const QVector<const FakeYouTubeVideo *> &videos)
{
    QVector<FakeYouTubeVideo> out;
    out.reserve(videos.size());
    for (const FakeYouTubeVideo *v : videos)
        out.push_back(*v);
    return out;
}

} // namespace

QVector<FakeYouTubeVideo> FakeYouTubeServer::liveVideos() const
{
    QMutexLocker lock(&d->mutex);
    return copies(d->world.live());
}

QVector<FakeYouTubeVideo> FakeYouTubeServer::upcomingVideos() const
{
    QMutexLocker lock(&d->mutex);
    QVector<const FakeYouTubeVideo *> upcoming = d->world.videos();
    upcoming.removeIf(
        [](const FakeYouTubeVideo *v) { return v->state != FakeVideoState::Upcoming; });
    return copies(upcoming);
}

QVector<FakeYouTubeVideo> FakeYouTubeServer::uploads(const QString &channelId) const
{
    QMutexLocker lock(&d->mutex);
    const FakeYouTubeChannel *c = d->world.channel(channelId);
    return c ? copies(d->world.uploads(*c)) : QVector<FakeYouTubeVideo>();
}

QVector<QString> FakeYouTubeServer::idleChannelIds() const
{
    QMutexLocker lock(&d->mutex);
    QSet<QString> live;
    for (const FakeYouTubeVideo *v : d->world.live())
        live.insert(v->channelId);
    QVector<QString> ids;
    for (const FakeYouTubeChannel &c : d->world.channels()) {
        if (!live.contains(c.id))
            ids.push_back(c.id);
    }
    return ids;
}

QString FakeYouTubeServer::startBroadcast(const QString &channelId)
{
    QMutexLocker lock(&d->mutex);
    return d->world.startBroadcast(channelId);
}

bool FakeYouTubeServer::endBroadcast(const QString &channelId)
{
    QMutexLocker lock(&d->mutex);
    return d->world.endBroadcast(channelId);
}

QString FakeYouTubeServer::scheduleBroadcast(const QString &channelId, qint64 startMs)
{
    QMutexLocker lock(&d->mutex);
    return d->world.scheduleBroadcast(channelId, startMs);
}

void FakeYouTubeServer::churn(int n)
{
    QMutexLocker lock(&d->mutex);
    d->world.churn(n);
}

bool FakeYouTubeServer::setViewers(const QString &videoId, int viewers)
{
    QMutexLocker lock(&d->mutex);
    return d->world.setViewers(videoId, viewers);
}

bool FakeYouTubeServer::setHiddenCount(const QString &videoId, bool hidden)
{
    QMutexLocker lock(&d->mutex);
    return d->world.setHiddenCount(videoId, hidden);
}

bool FakeYouTubeServer::setHiddenSubscriberCount(const QString &channelId, bool hidden)
{
    QMutexLocker lock(&d->mutex);
    return d->world.setHiddenSubscribers(channelId, hidden);
}

bool FakeYouTubeServer::deleteVideo(const QString &videoId)
{
    QMutexLocker lock(&d->mutex);
    return d->world.deleteVideo(videoId);
}

QVector<YouTubeRequestRecord> FakeYouTubeServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->records;
}

void FakeYouTubeServer::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->records.clear();
}

int FakeYouTubeServer::requestCount(const QString &path) const
{
    QMutexLocker lock(&d->mutex);
    return int(std::count_if(d->records.cbegin(), d->records.cend(),
                             [&path](const YouTubeRequestRecord &r) { return r.path == path; }));
}

void FakeYouTubeServer::onRequest(HttpConnection *connection, quint64 seq,
                                  const HttpRequest &request)
{
    YouTubeRequestRecord record;
    HttpResponse response;
    {
        QMutexLocker lock(&d->mutex);
        response = d->process(request, record);
        d->records.push_back(record);
    }
    Q_EMIT requestHandled(record);
    connection->respond(seq, std::move(response));
}

} // namespace StreamRank::Fake
