// FakeKickServer: lifecycle and the thread-safe accessors. The request
// pipeline is in fakekickpipeline.cpp, the routes in fakekickroutes.cpp.
#include "fakekickserver.h"
#include "fakekickserver_p.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

FakeKickServer::FakeKickServer(FakeKickConfig config, QObject *parent)
    : QObject(parent), d(std::make_unique<FakeKickServerPrivate>(config, this))
{}

FakeKickServer::~FakeKickServer() = default;

bool FakeKickServer::listen(quint16 port, const QHostAddress &address)
{
    return d->listener.listen(port, address);
}

quint16 FakeKickServer::port() const
{
    return d->listener.port();
}

QString FakeKickServer::apiUrl() const
{
    return d->listener.baseUrl();
}

QString FakeKickServer::authUrl() const
{
    return d->listener.baseUrl();
}

void FakeKickServer::setConfig(const FakeKickConfig &config)
{
    QMutexLocker lock(&d->mutex);
    const FakeKickConfig old = d->config;
    d->config = config;
    if (old.channels != config.channels || old.liveStreams != config.liveStreams ||
        old.categories != config.categories || old.seed != config.seed)
        d->world.generate(config, d->now());
    if (old.requestsPerMinute != config.requestsPerMinute)
        d->answeredAt.clear(); // a new limit starts with a clean minute
}

FakeKickConfig FakeKickServer::config() const
{
    QMutexLocker lock(&d->mutex);
    return d->config;
}

void FakeKickServer::setV2Available(bool available)
{
    QMutexLocker lock(&d->mutex);
    d->config.v2Available = available;
}

qint64 FakeKickServer::nowMs() const
{
    QMutexLocker lock(&d->mutex);
    return d->now();
}

void FakeKickServer::setNowMs(qint64 msSinceEpoch)
{
    QMutexLocker lock(&d->mutex);
    d->clockOffsetMs = msSinceEpoch - QDateTime::currentMSecsSinceEpoch();
}

void FakeKickServer::advanceClock(qint64 ms)
{
    QMutexLocker lock(&d->mutex);
    d->clockOffsetMs += ms;
}

QString FakeKickServer::issueToken()
{
    QMutexLocker lock(&d->mutex);
    return d->newToken();
}

void FakeKickServer::revokeTokens()
{
    QMutexLocker lock(&d->mutex);
    d->tokens.clear();
}

int FakeKickServer::tokensIssued() const
{
    QMutexLocker lock(&d->mutex);
    return d->tokensIssued;
}

void FakeKickServer::addFault(const Fault &fault)
{
    QMutexLocker lock(&d->mutex);
    d->faults.add(fault);
}

void FakeKickServer::clearFaults()
{
    QMutexLocker lock(&d->mutex);
    d->faults.clear();
}

int FakeKickServer::pendingFaults() const
{
    QMutexLocker lock(&d->mutex);
    return d->faults.pending();
}

QVector<FakeKickChannel> FakeKickServer::channels() const
{
    QMutexLocker lock(&d->mutex);
    return d->world.channels();
}

QVector<FakeKickChannel> FakeKickServer::liveChannels() const
{
    QMutexLocker lock(&d->mutex);
    QVector<FakeKickChannel> out;
    out.reserve(qsizetype(d->world.live().size()));
    for (const int i : d->world.live())
        out.push_back(d->world.channels()[i]);
    return out;
}

std::optional<FakeKickChannel> FakeKickServer::channel(qint64 broadcasterUserId) const
{
    QMutexLocker lock(&d->mutex);
    const FakeKickChannel *c = d->world.channel(broadcasterUserId);
    return c ? std::optional<FakeKickChannel>(*c) : std::nullopt;
}

std::optional<FakeKickChannel> FakeKickServer::channelBySlug(const QString &slug) const
{
    QMutexLocker lock(&d->mutex);
    const FakeKickChannel *c = d->world.channelBySlug(slug);
    return c ? std::optional<FakeKickChannel>(*c) : std::nullopt;
}

QVector<qint64> FakeKickServer::offlineChannelIds() const
{
    QMutexLocker lock(&d->mutex);
    QVector<qint64> ids;
    for (const FakeKickChannel &c : d->world.channels()) {
        if (!c.live)
            ids.push_back(c.broadcasterUserId);
    }
    return ids;
}

QVector<FakeKickCategory> FakeKickServer::categories() const
{
    QMutexLocker lock(&d->mutex);
    return d->world.categories();
}

bool FakeKickServer::startStream(qint64 broadcasterUserId)
{
    QMutexLocker lock(&d->mutex);
    return d->world.startStream(broadcasterUserId, d->now());
}

bool FakeKickServer::endStream(qint64 broadcasterUserId)
{
    QMutexLocker lock(&d->mutex);
    return d->world.endStream(broadcasterUserId);
}

bool FakeKickServer::setViewers(qint64 broadcasterUserId, int viewers)
{
    QMutexLocker lock(&d->mutex);
    return d->world.setViewers(broadcasterUserId, viewers);
}

void FakeKickServer::advance(int ending, int starting, double viewerDrift)
{
    QMutexLocker lock(&d->mutex);
    d->world.advance(ending, starting, viewerDrift, d->now());
}

QVector<KickRequestRecord> FakeKickServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->records;
}

void FakeKickServer::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->records.clear();
}

int FakeKickServer::requestCount(const QString &path) const
{
    QMutexLocker lock(&d->mutex);
    return int(std::count_if(d->records.cbegin(), d->records.cend(),
                             [&path](const KickRequestRecord &r) { return r.path == path; }));
}

int FakeKickServer::callCount(KickRoute route) const
{
    QMutexLocker lock(&d->mutex);
    return d->calls[size_t(route)];
}

int FakeKickServer::tooManyRequestsSent() const
{
    QMutexLocker lock(&d->mutex);
    return d->tooManyRequests;
}

int FakeKickServer::busiestWindow(qint64 windowMs, const QString &pathPrefix) const
{
    std::vector<qint64> arrivals;
    {
        QMutexLocker lock(&d->mutex);
        for (const KickRequestRecord &r : std::as_const(d->records)) {
            if (r.path.startsWith(pathPrefix))
                arrivals.push_back(r.monotonicNs);
        }
    }
    std::sort(arrivals.begin(), arrivals.end());
    const qint64 windowNs = windowMs * 1000000;
    size_t most = 0;
    for (size_t first = 0, last = 0; last < arrivals.size(); ++last) {
        while (arrivals[last] - arrivals[first] >= windowNs)
            ++first;
        most = std::max(most, last - first + 1);
    }
    return int(most);
}

} // namespace StreamRank::Fake
