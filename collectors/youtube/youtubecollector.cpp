#include "youtubecollector.h"
#include "counted.h"

#include "youtubeclient.h"
#include "youtubecollector_p.h"
#include "youtubeparsers.h"

#include <QLocale>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcYouTube, "streamrank.youtube")

namespace {

QString minutesText(qint64 ms)
{
    if (ms < 90 * 1000)
        return QStringLiteral("%1 s").arg(std::lround(ms / 1000.0));
    if (ms < 90 * 60 * 1000)
        return QStringLiteral("%1 min").arg(std::lround(ms / 60000.0));
    return YouTubeCollector::tr("%1 h").arg(QLocale().toString(ms / 3600000.0, 'f', 1));
}

QString clockText(qint64 ms)
{
    return localTimeText(ms, QStringLiteral("HH:mm"));
}

} // namespace

QString YouTubeQuotaStatus::summary() const
{
    const QLocale l;
    QString text = YouTubeCollector::tr("%1 of %2 units · %3 of %4 searches · resets %5")
                       .arg(l.toString(unitsUsed), l.toString(dailyUnits), l.toString(searchesUsed),
                            l.toString(dailySearches), clockText(resetAtMs));
    if (exhausted)
        return YouTubeCollector::tr("quota used up, paused until %1 · ").arg(clockText(resetAtMs)) +
               text;
    text += YouTubeCollector::tr(" · %1 every %2")
                .arg(counted(trackedVideos, "video", "videos"), minutesText(pollIntervalMs));
    if (watchIntervalMs > 0)
        text += YouTubeCollector::tr(" · %1 checked every %2")
                    .arg(counted(watchedChannels, "watched channel", "watched channels"),
                         minutesText(watchIntervalMs));
    if (searchIntervalMs > 0)
        text += YouTubeCollector::tr(" · a search every %1").arg(minutesText(searchIntervalMs));
    if (slowed)
        text += YouTubeCollector::tr(" (slowed to last the day)");
    return text;
}

YouTubeCollector::YouTubeCollector(YouTubeConfig config, std::shared_ptr<const Clock> clock,
                                   QObject *parent)
    : Collector(parent), m_config(std::move(config)), m_clock(std::move(clock))
{
    for (const QString &entry : std::as_const(m_config.watchedChannels)) {
        const QString id = entry.trimmed();
        if (!id.isEmpty() && !m_watched.contains(id))
            m_watched.append(id);
    }
    m_config.searches.erase(std::remove_if(m_config.searches.begin(), m_config.searches.end(),
                                           [](const YouTubeSearch &s) { return s.isEmpty(); }),
                            m_config.searches.end());
    m_config.searchPages = std::clamp(m_config.searchPages, 1, 10);
}

YouTubeCollector::~YouTubeCollector() = default;

void YouTubeCollector::restoreQuota(qint64 dayStartMs, int unitsUsed, int searchesUsed)
{
    m_restoreDayMs = dayStartMs;
    m_restoreUnits = unitsUsed;
    m_restoreSearches = searchesUsed;
}

void YouTubeCollector::start()
{
    if (m_running)
        return;
    m_running = true;
    if (!m_client) {
        m_client = std::make_unique<YouTubeClient>(m_config, m_clock);
        if (m_restoreDayMs >= 0)
            m_client->quota().restore(m_restoreDayMs, m_restoreUnits, m_restoreSearches, now());
        connect(m_client.get(), &YouTubeClient::quotaExhausted, this, [this] {
            if (m_run)
                m_run->stopped = true;
        });
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &YouTubeCollector::beginCensus);
        m_watchdog = new QTimer(this);
        m_watchdog->setSingleShot(true);
        connect(m_watchdog, &QTimer::timeout, this, &YouTubeCollector::onWatchdog);
    }
    if (m_config.apiKey.trimmed().isEmpty()) {
        failRun(tr("no YouTube API key: add one in Settings → Accounts"));
        return;
    }
    if (m_config.searches.isEmpty() && m_watched.isEmpty()) {
        failRun(tr("nothing to track: add a search or a watched channel in Settings → Accounts "
                   "→ YouTube"));
        return;
    }
    beginCensus();
}

void YouTubeCollector::stop()
{
    // What this run spent so far is said (and saved) before it is cut short.
    if (m_client && m_running)
        reportQuota();
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

void YouTubeCollector::collectNow()
{
    if (m_running && !m_run)
        beginCensus();
}

bool YouTubeCollector::runAborted(quint64 runId) const
{
    return !m_run || m_run->id != runId;
}

void YouTubeCollector::setState(CollectorState state, const QString &detail)
{
    Q_EMIT stateChanged(Platform::YouTube, state, detail);
}

bool YouTubeCollector::account(const HttpReply &reply)
{
    Run &r = *m_run;
    r.stats.requests += reply.attempts;
    if (!reply.ok) {
        ++r.stats.errors;
        r.lastError = reply.error;
        // A spent search bucket stops searching only (runSearch); spent units
        // stop every stage.
        const qint64 t = now();
        if (m_client->quota().exhaustedNow(t) ||
            (reply.refused && !m_client->quota().canSpend(YouTube::Spend::Videos, t)))
            r.stopped = true;
        // A rejected key or an API not enabled fails every request alike.
        const YouTube::ErrorKind kind = YouTube::parseError(reply.status, reply.body).kind;
        if (reply.status > 0 && (kind == YouTube::ErrorKind::KeyInvalid ||
                                 kind == YouTube::ErrorKind::AccessNotConfigured))
            r.stopped = true;
    }
    return reply.ok;
}

YouTube::QuotaPlan YouTubeCollector::currentPlan() const
{
    QSet<QString> liveChannels;
    for (auto it = m_tracked.cbegin(); it != m_tracked.cend(); ++it)
        liveChannels.insert(it.value());
    int toCheck = 0;
    for (const QString &c : m_watched)
        if (!liveChannels.contains(c) && !m_unresolvable.contains(c))
            ++toCheck;
    return m_client->quota().plan(int(m_tracked.size()), toCheck, int(m_config.searches.size()),
                                  m_config.pollIntervalMs, now(), m_config.searchPages);
}

void YouTubeCollector::reportQuota()
{
    const qint64 t = now();
    const YouTube::QuotaBudget &q = m_client->quota();
    YouTubeQuotaStatus s;
    s.atMs = t;
    s.dayStartMs = q.dayStartMs(t);
    s.resetAtMs = q.resetAtMs(t);
    s.unitsUsed = q.unitsUsed(t);
    s.dailyUnits = q.costs().dailyUnits;
    s.searchesUsed = q.searchesUsed(t);
    s.dailySearches = q.costs().dailySearches;
    s.exhausted = q.exhaustedNow(t);
    s.trackedVideos = int(m_tracked.size());
    s.watchedChannels = int(m_watched.size());
    s.pollIntervalMs = m_plan.pollIntervalMs;
    s.watchIntervalMs = m_plan.watchIntervalMs;
    s.searchIntervalMs = m_plan.searchIntervalMs;
    s.slowed = m_plan.slowed;
    Q_EMIT quotaChanged(s);
}

void YouTubeCollector::scheduleNext(qint64 atMs)
{
    if (!m_running || m_config.once)
        return;
    const qint64 wait = std::clamp<qint64>(atMs - now(), 0, 25LL * 3600 * 1000);
    m_timer->start(std::chrono::milliseconds(wait));
}

void YouTubeCollector::beginCensus()
{
    if (!m_running || m_run)
        return;
    const qint64 t = now();
    YouTube::QuotaBudget &quota = m_client->quota();
    if (quota.exhaustedNow(t) || !quota.canSpend(YouTube::Spend::Videos, t)) {
        const qint64 reset = quota.resetAtMs(t);
        m_plan = currentPlan();
        reportQuota();
        setState(
            CollectorState::Stale,
            tr("today's quota is used up; resumes at %1 (midnight Pacific)").arg(clockText(reset)));
        if (m_config.once)
            failRun(tr("today's YouTube quota is used up; it resets at %1").arg(clockText(reset)),
                    CollectorState::Stale);
        else
            scheduleNext(reset + 1000);
        return;
    }
    if (m_client->breaker().isOpen(t)) {
        setState(CollectorState::Stale, tr("paused after repeated failures; retrying at %1")
                                            .arg(clockText(m_client->breaker().openUntilMs())));
        scheduleNext(m_client->breaker().openUntilMs());
        return;
    }
    // A one-shot census is always taken: there is no next one to wait for.
    if (!m_config.once && consumersBehind()) {
        const QString why = behindText();
        Q_EMIT censusesSkipped(Platform::YouTube, 1, why);
        setState(CollectorState::Waiting,
                 tr("census skipped: %1; next at %2")
                     .arg(why, clockText(t + std::max<qint64>(m_plan.pollIntervalMs,
                                                              m_config.pollIntervalMs))));
        scheduleNext(t + std::max<qint64>(m_plan.pollIntervalMs, m_config.pollIntervalMs));
        return;
    }
    m_plan = currentPlan();
    m_run = std::make_unique<Run>();
    Run &r = *m_run;
    r.id = ++m_runId;
    r.takenAtMs = t;
    r.dayStartMs = quota.dayStartMs(t);
    r.unitsAtStart = quota.unitsUsed(t);

    // What is due this run: every search and watched channel once for --once;
    // otherwise the next search when its time has come and the slice of the
    // watched channels that checks each of them once per watch interval.
    if (!m_config.searches.isEmpty()) {
        if (m_config.once) {
            for (int i = 0; i < m_config.searches.size(); ++i)
                r.searches.append(i);
        } else if (t >= m_nextSearchMs && m_client->quota().canSpend(YouTube::Spend::Search, t)) {
            r.searches.append(m_searchCursor % int(m_config.searches.size()));
            m_searchCursor = (m_searchCursor + 1) % int(m_config.searches.size());
        }
    }
    QSet<QString> liveChannels;
    for (auto it = m_tracked.cbegin(); it != m_tracked.cend(); ++it)
        liveChannels.insert(it.value());
    QStringList notLive;
    for (const QString &c : std::as_const(m_watched))
        if (!liveChannels.contains(c) && !m_unresolvable.contains(c))
            notLive.append(c);
    if (!notLive.isEmpty()) {
        int slice = int(notLive.size());
        if (!m_config.once && m_plan.watchIntervalMs > 0)
            slice =
                std::clamp(int(std::ceil(double(notLive.size()) * double(m_plan.pollIntervalMs) /
                                         double(m_plan.watchIntervalMs))),
                           1, int(notLive.size()));
        // The channels checked longest ago (never: first), whatever went
        // live or offline since: none waits more than its share.
        std::stable_sort(notLive.begin(), notLive.end(),
                         [this](const QString &a, const QString &b) {
                             return m_lastChecked.value(a, -1) < m_lastChecked.value(b, -1);
                         });
        r.watchedToCheck = notLive.mid(0, slice);
        for (const QString &c : std::as_const(r.watchedToCheck))
            m_lastChecked.insert(c, t);
    }
    for (auto it = m_tracked.cbegin(); it != m_tracked.cend(); ++it) {
        r.videoIds.append(it.key());
        r.asked.insert(it.key());
    }
    r.metadataDue = !m_watched.isEmpty() &&
                    (m_lastMetadataMs < 0 || t - m_lastMetadataMs >= m_config.metadataEveryMs);

    setState(CollectorState::Collecting,
             counted(m_tracked.size(), "tracked video", "tracked videos") +
                 (r.searches.isEmpty() ? QString() : tr(", searching")) +
                 (r.watchedToCheck.isEmpty()
                      ? QString()
                      : tr(", checking %1")
                            .arg(counted(r.watchedToCheck.size(), "watched channel",
                                         "watched channels"))));
    m_watchdog->start(std::chrono::milliseconds(
        std::clamp<qint64>(3 * m_config.pollIntervalMs, 10 * 60 * 1000, 3 * 3600 * 1000)));
    resolveUploads(0);
}

void YouTubeCollector::onWatchdog()
{
    if (!m_run)
        return;
    qCWarning(lcYouTube) << "census did not finish in time; handing over what arrived";
    m_client->abortAll();
    ++m_run->stats.pagesFailed;
    m_run->lastError = tr("the census did not finish in time");
    finishCensus();
}

void YouTubeCollector::failRun(const QString &message, CollectorState state)
{
    qCWarning(lcYouTube).noquote() << "YouTube:" << message;
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
    const bool configured = !m_config.apiKey.trimmed().isEmpty() &&
                            (!m_config.searches.isEmpty() || !m_watched.isEmpty());
    if (m_running && m_client && configured) {
        const qint64 t = now();
        const YouTube::QuotaBudget &quota = m_client->quota();
        scheduleNext(quota.exhaustedNow(t)
                         ? quota.resetAtMs(t) + 1000
                         : t + std::max<qint64>(m_plan.pollIntervalMs, m_config.pollIntervalMs));
    }
}

} // namespace StreamRank
