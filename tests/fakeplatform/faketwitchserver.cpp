// FakeTwitchServer: lifecycle, thread-safe accessors, and the request pipeline
// (faults, then auth/rate limit/route in faketwitchroutes.cpp, then mangling).
#include "faketwitchserver.h"
#include "faketwitchserver_p.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>

#include <cmath>

using namespace Qt::StringLiterals;

namespace StreamRank::Fake {

FakeTwitchServerPrivate::FakeTwitchServerPrivate(const FakeTwitchConfig &c) : config(c)
{
    population.generate(config);
}

std::optional<Fault> FakeTwitchServerPrivate::takeFault(const QString &path, bool lastPageOnly)
{
    return faults.take(path, lastPageOnly);
}

namespace {

// Each value turned into the wrong JSON type: numeric strings become numbers,
// numbers and booleans become strings, arrays become null.
QJsonObject wrongTypes(const QJsonObject &item)
{
    QJsonObject out;
    for (auto it = item.begin(); it != item.end(); ++it) {
        const QJsonValue v = it.value();
        bool numeric = false;
        const double asNumber = v.isString() ? v.toString().toDouble(&numeric) : 0.0;
        if (numeric)
            out.insert(it.key(), asNumber);
        else if (v.isDouble())
            out.insert(it.key(), QString::number(v.toDouble(), 'g', 17));
        else if (v.isBool())
            out.insert(it.key(), v.toBool() ? u"true"_s : u"false"_s);
        else if (v.isArray())
            out.insert(it.key(), QJsonValue::Null);
        else
            out.insert(it.key(), v);
    }
    return out;
}

} // namespace

void FakeTwitchServerPrivate::applyPageFault(FaultKind kind, const HttpRequest &request,
                                             RouteResult &result)
{
    const QString data = u"data"_s;
    const QString pagination = u"pagination"_s;
    switch (kind) {
    case FaultKind::WrongFieldTypes: {
        QJsonArray items;
        for (const QJsonValue &v : result.body.value(data).toArray())
            items.append(wrongTypes(v.toObject()));
        result.body.insert(data, items);
        break;
    }
    case FaultKind::WrongPageType: {
        const QJsonArray items = result.body.value(data).toArray();
        result.body.insert(data, items.isEmpty() ? QJsonObject() : items.first().toObject());
        break;
    }
    case FaultKind::CursorLoop:
        if (result.paged)
            result.body.insert(pagination, QJsonObject{{u"cursor"_s, encodeCursor(0)}});
        break;
    case FaultKind::EmptyPage:
        if (result.paged) {
            result.body.insert(data, QJsonArray());
            const int next = result.nextOffset >= 0 ? result.nextOffset : result.pageOffset;
            result.body.insert(pagination, QJsonObject{{u"cursor"_s, encodeCursor(next)}});
        }
        break;
    case FaultKind::CursorAfterLast:
        if (result.paged) {
            const int end = result.pageOffset + int(result.body.value(data).toArray().size());
            result.body.insert(pagination, QJsonObject{{u"cursor"_s, encodeCursor(end)}});
        }
        break;
    case FaultKind::RepeatCursor:
        if (result.paged) {
            const QString after = request.query.queryItemValue(u"after"_s, QUrl::FullyDecoded);
            result.body.insert(
                pagination, QJsonObject{{u"cursor"_s, after.isEmpty() ? encodeCursor(0) : after}});
        }
        break;
    default:
        break;
    }
}

HttpResponse FakeTwitchServerPrivate::process(const HttpRequest &request, RequestRecord &record)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    record.method = QString::fromLatin1(request.method);
    record.path = request.path;
    record.query = request.query;
    record.atMs = now;

    HttpResponse response;
    std::optional<Fault> fault = takeFault(request.path, false);
    const auto is = [&fault](FaultKind kind) { return fault && fault->kind == kind; };
    if (is(FaultKind::RevokeToken))
        tokens.clear();
    if (is(FaultKind::ConnectionClose)) {
        response.mode = HttpResponse::Mode::Close;
        record.status = 0;
        return response;
    }

    RouteResult result;
    if (is(FaultKind::Status500)) {
        result = helixError(500, QString());
    } else if (is(FaultKind::Status503)) {
        result = helixError(503, QString());
    } else if (is(FaultKind::Status429)) {
        result = helixError(429, u"Request limit exceeded"_s);
        Bucket bucket = refilledBucket(config.clientId, now);
        bucket.points = 0;
        result.headers = rateHeaders(bucket, now);
        record.rateRemaining = 0;
        ++tooManyRequests;
    } else {
        result = route(request, record);
        if (!fault && result.status == 200 && result.paged && result.lastPage)
            fault = takeFault(request.path, true);
        if (fault && result.status == 200)
            applyPageFault(fault->kind, request, result);
    }

    record.status = result.status;
    response.status = result.status;
    response.headers = result.headers;
    response.body = QJsonDocument(result.body).toJson(QJsonDocument::Compact);
    if (is(FaultKind::MalformedJson))
        response.body.truncate(std::max<qsizetype>(1, response.body.size() * 2 / 3));
    else if (is(FaultKind::Truncated))
        response.mode = HttpResponse::Mode::Truncated;
    else if (is(FaultKind::Slow))
        response.delayMs = fault->delayMs;
    else if (is(FaultKind::Drip)) {
        response.mode = HttpResponse::Mode::Drip;
        response.dripMs = fault->delayMs;
    }
    return response;
}

FakeTwitchServerPrivate::Bucket &FakeTwitchServerPrivate::refilledBucket(const QString &clientId,
                                                                         qint64 nowMs)
{
    const double capacity = std::max(1, config.bucketCapacity);
    auto it = buckets.find(clientId);
    if (it == buckets.end())
        it = buckets.insert(clientId, Bucket{capacity, nowMs});
    const double perMs = std::max(0.0, config.refillPerMinute) / 60000.0;
    it->points =
        std::min(capacity, it->points + double(std::max<qint64>(0, nowMs - it->atMs)) * perMs);
    it->atMs = nowMs;
    return *it;
}

QList<QPair<QByteArray, QByteArray>> FakeTwitchServerPrivate::rateHeaders(const Bucket &bucket,
                                                                          qint64 nowMs) const
{
    const double capacity = std::max(1, config.bucketCapacity);
    const double perMs = std::max(0.0, config.refillPerMinute) / 60000.0;
    const double points = config.rateLimitEnabled ? bucket.points : capacity;
    qint64 resetS = nowMs / 1000;
    if (points < capacity && perMs > 0)
        resetS = qint64(std::ceil((double(nowMs) + (capacity - points) / perMs) / 1000.0));
    else if (points < capacity)
        resetS = nowMs / 1000 + 3600; // no refill configured: "an hour" stands in for never
    return {
        {QByteArrayLiteral("Ratelimit-Limit"), QByteArray::number(int(capacity))},
        {QByteArrayLiteral("Ratelimit-Remaining"), QByteArray::number(int(std::floor(points)))},
        {QByteArrayLiteral("Ratelimit-Reset"), QByteArray::number(resetS)},
    };
}

QString FakeTwitchServerPrivate::newToken(const QString &clientId)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString token;
    do {
        token.clear();
        for (int i = 0; i < 30; ++i)
            token += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]);
    } while (tokens.contains(token));
    tokens.insert(token, TokenInfo{clientId, QDateTime::currentMSecsSinceEpoch() +
                                                 config.tokenLifetimeS * 1000});
    ++tokensIssued;
    return token;
}

QString FakeTwitchServerPrivate::encodeCursor(int offset)
{
    const QByteArray json = R"({"b":null,"a":{"Offset":)" + QByteArray::number(offset) + "}}";
    return QString::fromLatin1(json.toBase64());
}

std::optional<int> FakeTwitchServerPrivate::decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QJsonValue offset = QJsonDocument::fromJson(*decoded)[u"a"_s][u"Offset"_s];
    if (!offset.isDouble() || offset.toDouble() < 0 ||
        offset.toDouble() != std::floor(offset.toDouble()) || offset.toDouble() > 1e9)
        return std::nullopt;
    return offset.toInt();
}

// ---------------------------------------------------------------------------

FakeTwitchServer::FakeTwitchServer(FakeTwitchConfig config, QObject *parent)
    : QObject(parent), d(std::make_unique<FakeTwitchServerPrivate>(config))
{
    d->tcp = new QTcpServer(this);
    serveHttp(d->tcp, this, [this](HttpConnection *c, quint64 seq, const HttpRequest &r) {
        onRequest(c, seq, r);
    });
}

FakeTwitchServer::~FakeTwitchServer() = default;

bool FakeTwitchServer::listen(quint16 port, const QHostAddress &address)
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

quint16 FakeTwitchServer::port() const
{
    QMutexLocker lock(&d->mutex);
    return d->port;
}

QString FakeTwitchServer::apiUrl() const
{
    return authUrl() + u"/helix"_s;
}

QString FakeTwitchServer::authUrl() const
{
    QMutexLocker lock(&d->mutex);
    return u"http://"_s + d->host + u':' + QString::number(d->port);
}

void FakeTwitchServer::addFault(const Fault &fault)
{
    QMutexLocker lock(&d->mutex);
    d->faults.add(fault);
}

void FakeTwitchServer::clearFaults()
{
    QMutexLocker lock(&d->mutex);
    d->faults.clear();
}

int FakeTwitchServer::pendingFaults() const
{
    QMutexLocker lock(&d->mutex);
    return d->faults.pending();
}

void FakeTwitchServer::revokeAllTokens()
{
    QMutexLocker lock(&d->mutex);
    d->tokens.clear();
}

QString FakeTwitchServer::issueToken()
{
    QMutexLocker lock(&d->mutex);
    return d->newToken(d->config.clientId);
}

int FakeTwitchServer::tokensIssued() const
{
    QMutexLocker lock(&d->mutex);
    return d->tokensIssued;
}

void FakeTwitchServer::setConfig(const FakeTwitchConfig &config)
{
    QMutexLocker lock(&d->mutex);
    const FakeTwitchConfig old = d->config;
    d->config = config;
    if (old.liveStreams != config.liveStreams || old.offlineUsers != config.offlineUsers ||
        old.games != config.games || old.seed != config.seed)
        d->population.generate(config);
    if (old.bucketCapacity != config.bucketCapacity ||
        old.refillPerMinute != config.refillPerMinute)
        d->buckets.clear(); // a new limit starts with a full bucket
}

FakeTwitchConfig FakeTwitchServer::config() const
{
    QMutexLocker lock(&d->mutex);
    return d->config;
}

QVector<FakeStream> FakeTwitchServer::liveStreams() const
{
    QMutexLocker lock(&d->mutex);
    QVector<FakeStream> out;
    out.reserve(qsizetype(d->population.order().size()));
    for (const int i : d->population.order())
        out.push_back(d->population.streams()[i]);
    return out;
}

QVector<QString> FakeTwitchServer::offlineUserIds() const
{
    QMutexLocker lock(&d->mutex);
    return d->population.offlineUserIds();
}

int FakeTwitchServer::followersOf(const QString &userId) const
{
    QMutexLocker lock(&d->mutex);
    const FakeUser *user = d->population.userById(userId);
    return user ? d->population.followersOf(*user) : 0;
}

void FakeTwitchServer::churn(int n)
{
    QMutexLocker lock(&d->mutex);
    d->population.churn(n);
}

bool FakeTwitchServer::startStream(const QString &userId)
{
    QMutexLocker lock(&d->mutex);
    return d->population.startStream(userId);
}

bool FakeTwitchServer::endStream(const QString &userId)
{
    QMutexLocker lock(&d->mutex);
    return d->population.endStream(userId);
}

QVector<RequestRecord> FakeTwitchServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->records;
}

void FakeTwitchServer::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->records.clear();
}

int FakeTwitchServer::requestCount(const QString &path) const
{
    QMutexLocker lock(&d->mutex);
    return int(std::count_if(d->records.cbegin(), d->records.cend(),
                             [&path](const RequestRecord &r) { return r.path == path; }));
}

int FakeTwitchServer::tooManyRequestsSent() const
{
    QMutexLocker lock(&d->mutex);
    return d->tooManyRequests;
}

int FakeTwitchServer::rateRemaining() const
{
    QMutexLocker lock(&d->mutex);
    if (!d->config.rateLimitEnabled)
        return d->config.bucketCapacity;
    return int(std::floor(
        d->refilledBucket(d->config.clientId, QDateTime::currentMSecsSinceEpoch()).points));
}

void FakeTwitchServer::onRequest(HttpConnection *connection, quint64 seq,
                                 const HttpRequest &request)
{
    RequestRecord record;
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
