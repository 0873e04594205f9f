#include "kickcollector.h"

#include "counted.h"
#include "kickclient.h"
#include "kickcollector_p.h"
#include "kickparsers.h"

#include <QTimer>

#include <algorithm>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcKick, "streamrank.kick")

namespace {

bool isDigits(const QString &s)
{
    return !s.isEmpty() &&
           std::all_of(s.cbegin(), s.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

} // namespace

KickCollector::KickCollector(KickConfig config, std::shared_ptr<const Clock> clock, QObject *parent)
    : Collector(parent), m_config(std::move(config)), m_clock(std::move(clock))
{
    m_config.pageSize = std::clamp(m_config.pageSize, 1, 100);
    m_config.maxPages = std::max(1, m_config.maxPages);
    m_config.maxRecheckBatches = std::max(0, m_config.maxRecheckBatches);
    for (const QString &entry : std::as_const(m_config.watchedChannels)) {
        const QString c = entry.trimmed().toLower();
        if (c.isEmpty())
            continue;
        QStringList &list = isDigits(c) ? m_watchedIds : m_watchedSlugs;
        if (!list.contains(c))
            list.append(c);
    }
    QStringList categories;
    for (const QString &c : std::as_const(m_config.categoryIds))
        if (!c.trimmed().isEmpty() && !categories.contains(c.trimmed()))
            categories.append(c.trimmed());
    m_config.categoryIds = categories;
    m_config.language = m_config.language.trimmed().toLower();
}

KickCollector::~KickCollector() = default;

void KickCollector::start()
{
    if (m_running)
        return;
    m_running = true;
    if (!m_client) {
        m_client = std::make_unique<KickClient>(m_config, m_clock);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &KickCollector::beginCensus);
        m_watchdog = new QTimer(this);
        m_watchdog->setSingleShot(true);
        connect(m_watchdog, &QTimer::timeout, this, &KickCollector::onWatchdog);
    }
    if (m_config.clientId.trimmed().isEmpty() || m_config.clientSecret.isEmpty()) {
        failRun(tr("no Kick app credentials: add a client id and secret in Settings → Accounts "
                   "→ Kick"));
        return;
    }
    beginCensus();
}

void KickCollector::stop()
{
    m_running = false;
    if (m_timer)
        m_timer->stop();
    if (m_watchdog)
        m_watchdog->stop();
    if (m_client)
        m_client->abortAll();
    m_run.reset();
    setState(CollectorState::Idle, tr("stopped"));
}

void KickCollector::collectNow()
{
    if (m_running && !m_run)
        beginCensus();
}

bool KickCollector::runAborted(quint64 runId) const
{
    return !m_run || m_run->id != runId;
}

void KickCollector::setState(CollectorState state, const QString &detail)
{
    Q_EMIT stateChanged(Platform::Kick, state, detail);
}

bool KickCollector::account(const HttpReply &reply)
{
    Run &r = *m_run;
    r.stats.requests += reply.attempts;
    if (!reply.ok) {
        ++r.stats.errors;
        r.lastError = reply.error;
    }
    return reply.ok;
}

void KickCollector::scheduleNext(qint64 atMs)
{
    if (!m_running || m_config.once)
        return;
    const qint64 wait = std::clamp<qint64>(atMs - now(), 0, 25LL * 3600 * 1000);
    m_timer->start(std::chrono::milliseconds(wait));
}

void KickCollector::beginCensus()
{
    if (!m_running || m_run)
        return;
    const qint64 t = now();
    if (m_client->breaker().isOpen(t)) {
        setState(CollectorState::Stale, tr("paused after repeated failures; retrying at %1")
                                            .arg(localTimeText(m_client->breaker().openUntilMs(),
                                                               QStringLiteral("HH:mm"))));
        scheduleNext(m_client->breaker().openUntilMs());
        return;
    }
    // A one-shot census is always taken: there is no next one to wait for.
    if (!m_config.once && consumersBehind()) {
        const QString why = behindText();
        Q_EMIT censusesSkipped(Platform::Kick, 1, why);
        setState(CollectorState::Waiting, tr("census skipped: %1; next at %2")
                                              .arg(why, localTimeText(t + m_config.pollIntervalMs,
                                                                      QStringLiteral("HH:mm"))));
        scheduleNext(t + m_config.pollIntervalMs);
        return;
    }
    m_run = std::make_unique<Run>();
    Run &r = *m_run;
    r.id = ++m_runId;
    r.takenAtMs = t;
    r.v2 = t >= m_v2UnavailableUntilMs;
    r.listings = m_config.categoryIds.isEmpty() ? QStringList{QString()} : m_config.categoryIds;
    r.metadataDue = m_lastMetadataMs < 0 || t - m_lastMetadataMs >= m_config.metadataEveryMs;
    setState(CollectorState::Collecting,
             r.v2 ? tr("listing live streams (v2)") : tr("listing live streams (v1)"));
    m_watchdog->start(std::chrono::milliseconds(
        std::clamp<qint64>(3 * m_config.pollIntervalMs, 10 * 60 * 1000, 3 * 3600 * 1000)));
    listPage();
}

void KickCollector::onWatchdog()
{
    if (!m_run)
        return;
    qCWarning(lcKick) << "census did not finish in time; handing over what arrived";
    m_client->abortAll();
    ++m_run->stats.pagesFailed;
    m_run->listedToTheEnd = false;
    m_run->lastError = tr("the census did not finish in time");
    finishCensus();
}

void KickCollector::failRun(const QString &message, CollectorState state)
{
    qCWarning(lcKick).noquote() << "Kick:" << message;
    if (m_watchdog)
        m_watchdog->stop();
    m_run.reset();
    setState(state, message);
    if (m_config.once) {
        if (!m_onceReported) {
            m_onceReported = true;
            Q_EMIT runFinished(false, message);
        }
        return;
    }
    if (m_running && m_client && !m_config.clientId.trimmed().isEmpty())
        scheduleNext(now() + m_config.pollIntervalMs);
}

void KickCollector::finishCensus()
{
    m_watchdog->stop();
    Run &r = *m_run;
    if (r.stats.pagesOk == 0 && r.stats.pagesFailed > 0) {
        // Nothing arrived (refused credentials, an outage): no census, since
        // an empty one would read as nobody being live; the reason in words.
        failRun(r.lastError.isEmpty() ? tr("no page of the live streams arrived") : r.lastError);
        return;
    }
    std::unique_ptr<Run> run = std::move(m_run);
    Census census;
    census.platform = Platform::Kick;
    census.takenAtMs = run->takenAtMs;
    census.partial = run->stats.pagesFailed > 0;
    // Every live stream, proved: v2, no filter, every page read, and every
    // item identified (a skipped one is a live stream the census would
    // otherwise prove ended).
    census.exhaustive = run->v2 && m_config.categoryIds.isEmpty() && m_config.language.isEmpty() &&
                        run->listedToTheEnd && run->stats.malformedItems == 0;
    census.stats = run->stats;
    census.stats.durationMs = now() - run->takenAtMs;
    census.streams = std::move(run->streams);
    std::stable_sort(census.streams.begin(), census.streams.end(),
                     [](const StreamObservation &a, const StreamObservation &b) {
                         return a.viewers > b.viewers;
                     });
    census.endedStreamIds = run->ended;
    internStrings(census);

    if (census.provesEnded())
        m_knownLive.clear();
    for (const QString &id : std::as_const(census.endedStreamIds))
        m_knownLive.remove(id);
    for (const StreamObservation &o : std::as_const(census.streams))
        m_knownLive.insert(o.streamId, o.channelId);

    Q_EMIT censusReady(census);
    if (!run->channels.isEmpty()) {
        // One entry per channel (a channel can be read twice in a run).
        QVector<ChannelInfo> channels;
        QSet<QString> seen;
        for (auto it = run->channels.crbegin(); it != run->channels.crend(); ++it)
            if (!seen.contains(it->channelId)) {
                seen.insert(it->channelId);
                channels.prepend(*it);
            }
        Q_EMIT channelsRefreshed(Platform::Kick, channels);
    }

    QString detail = counted(census.streams.size(), "live stream", "live streams") +
                     (run->v2 ? tr(" (v2") : tr(" (v1"));
    if (run->v2)
        detail += census.exhaustive ? tr(", every stream)") : tr(")");
    else
        detail += tr(", at most 100 by viewers per listing: Kick's v2 list is not available)");
    if (!census.endedStreamIds.isEmpty())
        detail += tr(", %1 ended").arg(census.endedStreamIds.size());
    if (!run->incomplete.isEmpty())
        detail += QStringLiteral("; ") + run->incomplete;
    if (census.stats.malformedItems > 0)
        detail +=
            tr("; %1 skipped")
                .arg(counted(census.stats.malformedItems, "malformed item", "malformed items"));
    if (census.partial)
        detail +=
            tr("; %1 failed: %2")
                .arg(counted(census.stats.pagesFailed, "request", "requests"), run->lastError);
    if (!m_unknownSlugs.isEmpty())
        detail += tr("; no Kick channel named %1").arg(m_unknownSlugs.join(QStringLiteral(", ")));
    const qint64 next = run->takenAtMs + m_config.pollIntervalMs;
    if (!m_config.once)
        detail += tr("; next at %1").arg(localTimeText(next, QStringLiteral("HH:mm")));
    setState(census.partial ? CollectorState::Stale : CollectorState::Waiting, detail);

    if (run->metadataDue && run->v2) {
        m_lastMetadataMs = run->takenAtMs;
        fetchCategories(0, QString(), {});
    }
    if (m_config.once) {
        if (!m_onceReported) {
            m_onceReported = true;
            Q_EMIT runFinished(true, detail);
        }
        return;
    }
    scheduleNext(next);
}

} // namespace StreamRank
