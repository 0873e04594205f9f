#pragma once
// Shared set-up of the Kick collector tests: the fake Kick on the test's
// thread (served while a test waits), a collector configured against it with
// short timeouts and backoff on a QThread of its own, as the application runs
// it, and what it reports captured by queued signal on the test's thread.

#include "fakekickserver.h"
#include "kickcollector.h"

#include <QMutex>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

namespace StreamRank::KickTest {

using namespace Qt::StringLiterals;

inline KickConfig configFor(const Fake::FakeKickServer &server)
{
    KickConfig c;
    c.apiUrl = QUrl(server.apiUrl());
    c.authUrl = QUrl(server.authUrl());
    c.clientId = server.config().clientId;
    c.clientSecret = server.config().clientSecret;
    c.requestTimeoutMs = 1000; // the fake answers in milliseconds, even under a loaded build
    c.requestDeadlineMs = 3000;
    c.backoffBaseMs = 10;
    c.backoffCapMs = 50;
    c.pacing = false;
    c.breakerThreshold = 100; // most tests are about one request, not the breaker
    c.once = true;
    return c;
}

// A world that holds still unless the test moves it, so sets compare exactly.
inline Fake::FakeKickConfig stillWorld(int channels = 1000, int live = 250)
{
    Fake::FakeKickConfig c;
    c.channels = channels;
    c.liveStreams = live;
    c.viewerDriftPerRequest = 0;
    return c;
}

// The id the collector gives a Kick session: "<broadcaster>@<startedAtMs>".
inline QString keyOf(const Fake::FakeKickChannel &c)
{
    return QString::number(c.broadcasterUserId) + u'@' + QString::number(c.startedAtMs);
}

inline QSet<QString> keysOf(const QVector<Fake::FakeKickChannel> &channels)
{
    QSet<QString> keys;
    for (const Fake::FakeKickChannel &c : channels)
        keys.insert(keyOf(c));
    return keys;
}

inline QSet<QString> idsOf(const QVector<StreamObservation> &streams)
{
    QSet<QString> ids;
    for (const StreamObservation &s : streams)
        ids.insert(s.streamId);
    return ids;
}

inline QSet<QString> setOf(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

// A census's streams as KickCollector::setKnownLive() takes them.
inline QHash<QString, QString> knownLiveOf(const Census &census)
{
    QHash<QString, QString> live;
    for (const StreamObservation &s : census.streams)
        live.insert(s.streamId, s.channelId);
    return live;
}

// The category most live streams of the world are in.
inline int busiestCategory(const Fake::FakeKickServer &server)
{
    QHash<int, int> counts;
    for (const Fake::FakeKickChannel &c : server.liveChannels())
        ++counts[c.categoryId];
    int best = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (best == 0 || it.value() > counts.value(best))
            best = it.key();
    return best;
}

// The requests to one path, in the order they arrived.
inline QVector<Fake::KickRequestRecord> requestsTo(const Fake::FakeKickServer &server,
                                                   const QString &path)
{
    QVector<Fake::KickRequestRecord> out;
    for (const Fake::KickRequestRecord &r : server.requests())
        if (r.path == path)
            out.append(r);
    return out;
}

// Every message logged while it lives (from any thread), for "no secret in a
// log line" checks.
class LogCapture
{
public:
    LogCapture()
    {
        clear();
        m_previous = qInstallMessageHandler(&LogCapture::handler);
    }
    ~LogCapture() { qInstallMessageHandler(m_previous); }
    QStringList lines() const
    {
        QMutexLocker lock(&mutex());
        return store();
    }
    void clear()
    {
        QMutexLocker lock(&mutex());
        store().clear();
    }

private:
    static QMutex &mutex()
    {
        static QMutex m;
        return m;
    }
    static QStringList &store()
    {
        static QStringList s;
        return s;
    }
    static void handler(QtMsgType, const QMessageLogContext &, const QString &message)
    {
        QMutexLocker lock(&mutex());
        store().append(message);
    }
    QtMessageHandler m_previous = nullptr;
};

// A KickCollector on a QThread of its own, driven by queued calls; what it
// emits arrives on the test's thread while the test waits (which also lets
// the fake on the test's thread answer).
class CollectorRun
{
public:
    explicit CollectorRun(const KickConfig &config,
                          std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                          const QHash<QString, QString> &knownLive = {})
    {
        qRegisterMetaType<Census>();
        qRegisterMetaType<Platform>();
        qRegisterMetaType<CollectorState>();
        qRegisterMetaType<QVector<CategoryInfo>>();
        qRegisterMetaType<QVector<ChannelInfo>>();
        m_collector = new KickCollector(config, std::move(clock));
        m_collector->setKnownLive(knownLive);
        QObject::connect(m_collector, &Collector::censusReady, &m_receiver,
                         [this](const Census &c) { censuses.append(c); });
        QObject::connect(m_collector, &Collector::stateChanged, &m_receiver,
                         [this](Platform, CollectorState s, const QString &detail) {
                             states.append(collectorStateText(s) + u": "_s + detail);
                         });
        QObject::connect(m_collector, &KickCollector::runFinished, &m_receiver,
                         [this](bool ok, const QString &m) { finished = std::make_pair(ok, m); });
        QObject::connect(
            m_collector, &KickCollector::categoriesLearned, &m_receiver,
            [this](Platform, const QVector<CategoryInfo> &c) { categories.append(c); });
        QObject::connect(m_collector, &KickCollector::channelsRefreshed, &m_receiver,
                         [this](Platform, const QVector<ChannelInfo> &c) { channels.append(c); });
        m_collector->moveToThread(&m_thread);
        // Deleted on its own thread, as its network objects must be.
        QObject::connect(&m_thread, &QThread::finished, m_collector, &QObject::deleteLater);
        m_thread.setObjectName(u"kick collector"_s);
        m_thread.start();
    }
    ~CollectorRun() { stop(); }
    CollectorRun(const CollectorRun &) = delete;
    CollectorRun &operator=(const CollectorRun &) = delete;

    void start() { QMetaObject::invokeMethod(m_collector, &KickCollector::start); }
    void collectNow() { QMetaObject::invokeMethod(m_collector, &KickCollector::collectNow); }
    void stop()
    {
        if (!m_thread.isRunning())
            return;
        QMetaObject::invokeMethod(m_collector, &KickCollector::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    // Read on the collector's thread.
    QHash<QString, QString> knownLive()
    {
        QHash<QString, QString> out;
        QMetaObject::invokeMethod(
            m_collector, [this, &out] { out = m_collector->knownLive(); },
            Qt::BlockingQueuedConnection);
        return out;
    }

    // Waits for the count-th census (false if the run finished without it).
    bool waitCensus(int count, int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return censuses.size() >= count || finished.has_value(); },
                               timeoutMs) &&
               censuses.size() >= count;
    }
    bool waitFinished(int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return finished.has_value(); }, timeoutMs);
    }
    // Starts a one-shot run (config.once): true when runFinished(true)
    // arrived after its one census.
    bool runOnce(int timeoutMs = 20000)
    {
        start();
        return waitFinished(timeoutMs) && finished->first && censuses.size() == 1;
    }
    // The collector's latest state contains `words` (a state arrives just
    // after the census it sums up).
    bool waitState(const QString &words, int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [&] { return !states.isEmpty() && states.constLast().contains(words); }, timeoutMs);
    }
    QString report() const { return states.join(u'\n'); }

    QVector<Census> censuses;
    QStringList states;
    std::optional<std::pair<bool, QString>> finished;
    QVector<QVector<CategoryInfo>> categories;
    QVector<QVector<ChannelInfo>> channels;

private:
    QObject m_receiver; // on the test's thread: the signals arrive queued
    QThread m_thread;
    KickCollector *m_collector = nullptr;
};

} // namespace StreamRank::KickTest
