#include "twitchcollector.h"

#include "helixclient.h"
#include "twitchcollector_p.h"
#include "twitchparsers.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcTwitch, "streamrank.twitch")

using namespace TwitchDetail;

TwitchCollector::TwitchCollector(TwitchConfig config, std::shared_ptr<const Clock> clock,
                                 QObject *parent)
    : Collector(parent), m_config(std::move(config)), m_clock(std::move(clock))
{
    for (const QString &entry : std::as_const(m_config.watchedChannels)) {
        const QString e = entry.trimmed().toLower();
        if (e.isEmpty())
            continue;
        (isUserId(e) ? m_watchedIds : m_unresolvedLogins).append(e);
    }
    m_watchedIds.removeDuplicates();
    m_unresolvedLogins.removeDuplicates();
}

TwitchCollector::~TwitchCollector() = default;

void TwitchCollector::start()
{
    if (m_running)
        return;
    m_running = true;
    if (!m_client) {
        m_client = std::make_unique<HelixClient>(m_config, m_clock);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &TwitchCollector::beginCensus);
        m_watchdog = new QTimer(this);
        m_watchdog->setSingleShot(true);
        connect(m_watchdog, &QTimer::timeout, this, &TwitchCollector::onWatchdog);
    }
    if (m_config.clientId.isEmpty() || m_config.clientSecret.isEmpty()) {
        failRun(tr("no Twitch client id and secret: add them in Settings → Accounts"));
        return;
    }
    beginCensus();
}

void TwitchCollector::stop()
{
    m_running = false;
    if (m_timer)
        m_timer->stop();
    if (m_watchdog)
        m_watchdog->stop();
    m_metadataRunning = false;
    if (m_client)
        m_client->abortAll();
    m_run.reset();
    setState(CollectorState::Idle, tr("stopped"));
}

void TwitchCollector::collectNow()
{
    if (m_running && !m_run)
        beginCensus();
}

bool TwitchCollector::runAborted(quint64 runId) const
{
    return !m_run || m_run->id != runId;
}

bool TwitchCollector::account(const HttpReply &reply)
{
    m_run->stats.requests += reply.attempts;
    if (!reply.ok)
        ++m_run->stats.errors;
    return reply.ok;
}

void TwitchCollector::setState(CollectorState state, const QString &detail)
{
    Q_EMIT stateChanged(Platform::Twitch, state, detail);
}

void TwitchCollector::scheduleNext(qint64 atMs)
{
    if (!m_running || m_config.once)
        return;
    // QTimer takes an int of milliseconds: a day at most (the poll is ≤ 60 min).
    const qint64 wait = std::clamp<qint64>(atMs - m_clock->nowMs(), 0, 24LL * 3600 * 1000);
    m_timer->start(std::chrono::milliseconds(wait));
}

void TwitchCollector::beginCensus()
{
    if (!m_running || m_run)
        return;
    const qint64 now = m_clock->nowMs();
    if (m_client->breaker().isOpen(now)) {
        setState(CollectorState::Stale, tr("paused after repeated failures; retrying at %1")
                                            .arg(clockText(m_client->breaker().openUntilMs())));
        scheduleNext(m_client->breaker().openUntilMs());
        return;
    }
    // A one-shot census is always taken: there is no next one to wait for.
    if (!m_config.once && consumersBehind()) {
        // Another 100,000 streams queued behind a slow disk would only grow
        // memory: this census is not taken, the next one is.
        const QString why = behindText();
        Q_EMIT censusesSkipped(Platform::Twitch, 1, why);
        setState(CollectorState::Waiting, tr("census skipped: %1; next at %2")
                                              .arg(why, clockText(now + m_config.pollIntervalMs)));
        scheduleNext(now + m_config.pollIntervalMs);
        return;
    }
    ++m_polls;
    m_run = std::make_unique<Run>();
    Run &r = *m_run;
    r.id = ++m_runId;
    r.takenAtMs = now;
    r.full = m_config.fullCensusEvery > 0 && m_polls % m_config.fullCensusEvery == 0;
    setState(CollectorState::Collecting, r.full ? tr("full census of every live stream")
                                                : tr("top %1 streams").arg(m_config.topN));
    // Whatever happens on the wire, a census ends: after three poll intervals
    // (at least ten minutes) what arrived is handed over as a partial census.
    m_watchdog->start(std::chrono::milliseconds(
        std::clamp<qint64>(3 * m_config.pollIntervalMs, 10 * 60 * 1000, 3 * 3600 * 1000)));

    const quint64 runId = r.id;
    m_client->ensureToken([this, runId](const QString &error) {
        if (runAborted(runId))
            return;
        if (!error.isEmpty()) {
            failRun(error);
            return;
        }
        auto page = [this, runId] {
            if (!runAborted(runId))
                resolveWatchedLogins([this] { fetchPage(); });
        };
        if (m_clock->nowMs() - m_lastValidatedMs < m_config.validateEveryMs) {
            page();
            return;
        }
        m_client->validateToken([this, runId, page](const QString &validateError) {
            if (runAborted(runId))
                return;
            if (!validateError.isEmpty()) {
                failRun(validateError);
                return;
            }
            m_lastValidatedMs = m_clock->nowMs();
            page();
        });
    });
}

void TwitchCollector::onWatchdog()
{
    if (!m_run)
        return;
    qCWarning(lcTwitch) << "census did not finish in time; handing over what arrived";
    m_client->abortAll();
    m_metadataRunning = false;
    ++m_run->stats.pagesFailed;
    m_run->lastError = tr("the census did not finish in time");
    finishCensus();
}

void TwitchCollector::fetchPage()
{
    Run &r = *m_run;
    const int maxPages =
        r.full ? MaxFullPages : (m_config.topN + PageSize - 1) / PageSize + SpareTopPages;
    if (r.pagesAsked >= maxPages) {
        endPaging(tr("page limit reached (%1)").arg(maxPages), false);
        return;
    }
    ++r.pagesAsked;
    QUrlQuery q;
    // Always whole pages: a page of one near the end of the top N would too
    // often hold only a stream already seen. What arrives beyond N is kept.
    q.addQueryItem(QStringLiteral("first"), QString::number(PageSize));
    if (!r.cursor.isEmpty())
        q.addQueryItem(QStringLiteral("after"), r.cursor);
    for (const QString &game : std::as_const(m_config.gameIds))
        q.addQueryItem(QStringLiteral("game_id"), game);
    for (const QString &language : std::as_const(m_config.languages))
        q.addQueryItem(QStringLiteral("language"), language);
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/streams"), q, [this, runId](const HttpReply &reply) {
        if (!runAborted(runId))
            onPage(reply);
    });
}

void TwitchCollector::endPaging(const QString &why, bool reachedTheEnd)
{
    m_run->stopReason = why;
    m_run->reachedTheEnd = reachedTheEnd;
    m_run->pageAttempts = 0;
    fetchWatched(0);
}

void TwitchCollector::onPage(const HttpReply &reply)
{
    Run &r = *m_run;
    if (!account(reply)) {
        ++r.stats.pagesFailed;
        r.lastError = reply.error;
        endPaging(tr("a page failed: %1").arg(reply.error), false);
        return;
    }
    const Twitch::StreamsPage page = Twitch::parseStreamsPage(reply.body);
    if (!page.error.isEmpty()) {
        // A malformed page is usually a truncated transfer: ask for it again.
        if (++r.pageAttempts < m_config.maxAttempts) {
            --r.pagesAsked;
            fetchPage();
            return;
        }
        ++r.stats.pagesFailed;
        r.lastError = page.error;
        endPaging(tr("a page was unreadable: %1").arg(page.error), false);
        return;
    }
    r.pageAttempts = 0;
    ++r.stats.pagesOk;
    r.stats.malformedItems += page.malformedItems;
    const int items = int(page.streams.size()) + page.malformedItems;
    if (items == 0) {
        // Twitch's known bug: a cursor after the last page leads to an empty
        // one. After a short page that is the end of the list.
        endPaging(tr("empty page"), r.lastPageSize > 0 && r.lastPageSize < PageSize);
        return;
    }
    r.lastPageSize = items;
    int pageMax = 0;
    int pageMin = page.streams.isEmpty() ? r.lastMinViewers : page.streams.constFirst().viewers;
    for (const StreamObservation &s : page.streams) {
        pageMax = std::max(pageMax, s.viewers);
        pageMin = std::min(pageMin, s.viewers);
    }
    const int before = static_cast<int>(r.streams.size());
    addStreams(page.streams);
    const int added = static_cast<int>(r.streams.size()) - before;
    // Malformed items count towards N: they are streams of the top too.
    r.paged += added + page.malformedItems;
    if (risesAgain(pageMax, r.lastMinViewers)) {
        endPaging(tr("viewer counts rose again: the list looped back to its start"), false);
        return;
    }
    if (added == 0 && !page.streams.isEmpty()) {
        endPaging(tr("a page held only streams already seen"), false);
        return;
    }
    r.lastMinViewers = pageMin;
    if (page.cursor.isEmpty()) {
        endPaging(tr("last page"), true);
        return;
    }
    if (page.cursor == r.cursor || r.cursors.contains(page.cursor)) {
        endPaging(tr("a cursor repeated"), false);
        return;
    }
    if (!r.full && r.paged >= m_config.topN) {
        endPaging(tr("top %1 reached").arg(m_config.topN), false);
        return;
    }
    r.cursors.insert(page.cursor);
    r.cursor = page.cursor;
    fetchPage();
}

void TwitchCollector::addStreams(const QVector<StreamObservation> &streams)
{
    Run &r = *m_run;
    for (const StreamObservation &s : streams) {
        const auto it = r.byId.constFind(s.streamId);
        if (it != r.byId.constEnd()) {
            // Counts move while paging: the same stream on two pages. Keep
            // one row, with the later count.
            r.streams[it.value()].viewers = s.viewers;
            ++r.duplicates;
            continue;
        }
        StreamObservation o = s;
        internStrings(o);
        r.byId.insert(o.streamId, static_cast<int>(r.streams.size()));
        r.streams.append(std::move(o));
    }
}

void TwitchCollector::finishCensus()
{
    m_watchdog->stop();
    // Not one page arrived (the API unreachable, 5xx or 429 to the end): an
    // empty census would say "nobody is live". It is a failed run, stored as
    // nothing, with the reason.
    if (m_run->stats.pagesOk == 0 && m_run->streams.isEmpty()) {
        const QString reason =
            m_run->lastError.isEmpty() ? tr("no page of streams arrived") : m_run->lastError;
        failRun(tr("no page of streams arrived (%1)").arg(reason));
        return;
    }
    std::unique_ptr<Run> run = std::move(m_run);
    const qint64 now = m_clock->nowMs();
    Census census;
    census.platform = Platform::Twitch;
    census.takenAtMs = run->takenAtMs;
    census.stats = run->stats;
    census.stats.quotaUsed = census.stats.requests; // one Helix point per request
    census.stats.durationMs = now - run->takenAtMs;
    census.partial = run->stats.pagesFailed > 0;
    // Only a full, unfiltered census that read the list to its end, every
    // item, and asked again for the streams it missed lists every live
    // stream; a top-N one says nothing about the streams below N.
    census.exhaustive = run->full && run->reachedTheEnd && m_config.gameIds.isEmpty() &&
                        m_config.languages.isEmpty() && run->stats.malformedItems == 0;
    census.streams = std::move(run->streams);
    internStrings(census);
    if (census.exhaustive && !census.partial)
        m_knownLive.clear();
    for (const StreamObservation &s : std::as_const(census.streams))
        m_knownLive.insert(s.streamId, s.channelId);
    const QLocale locale;
    qCInfo(lcTwitch).noquote() << "census" << run->takenAtMs << census.streams.size() << "streams,"
                               << run->duplicates << "duplicates," << run->rechecked
                               << "found again by user id," << census.stats.pagesOk << "pages ok,"
                               << census.stats.pagesFailed << "failed; stopped:" << run->stopReason;
    const int streamCount = static_cast<int>(census.streams.size());
    Q_EMIT censusReady(census);

    QString summary = tr("%1 streams from %n page(s)", nullptr, census.stats.pagesOk)
                          .arg(locale.toString(streamCount));
    if (census.partial)
        summary =
            tr("partial census: %1; %n page(s) failed (%2)", nullptr, census.stats.pagesFailed)
                .arg(summary, run->lastError);
    if (census.stats.malformedItems > 0)
        summary += tr("; %n malformed item(s) skipped", nullptr, census.stats.malformedItems);

    const bool metadataDue = !m_metadataRunning &&
                             now - m_lastMetadataMs >= m_config.metadataEveryMs &&
                             !m_client->breaker().isOpen(now);
    if (m_config.once) {
        setState(CollectorState::Idle, summary);
        // A cron run stores the metadata too, then reports.
        auto report = [this, summary] {
            if (!m_onceReported) {
                m_onceReported = true;
                Q_EMIT runFinished(true, summary);
            }
        };
        if (metadataDue && !m_watchedIds.isEmpty())
            refreshMetadata(report);
        else
            report();
        return;
    }
    if (m_client->breaker().isOpen(now)) {
        const qint64 until = m_client->breaker().openUntilMs();
        setState(CollectorState::Stale, tr("%1 — paused after repeated failures; retrying at %2")
                                            .arg(summary, clockText(until)));
        scheduleNext(until);
        return;
    }
    const qint64 next = run->takenAtMs + m_config.pollIntervalMs;
    setState(census.partial ? CollectorState::Stale : CollectorState::Waiting,
             tr("%1; next census at %2").arg(summary, clockText(next)));
    if (metadataDue)
        refreshMetadata([] {});
    scheduleNext(next);
}

void TwitchCollector::failRun(const QString &message)
{
    m_watchdog->stop();
    m_run.reset();
    qCWarning(lcTwitch).noquote() << "census failed:" << message;
    if (m_config.once) {
        setState(CollectorState::Failed, message);
        if (!m_onceReported) {
            m_onceReported = true;
            Q_EMIT runFinished(false, message);
        }
        return;
    }
    const qint64 next = m_clock->nowMs() + m_config.pollIntervalMs;
    setState(CollectorState::Failed, tr("%1; trying again at %2").arg(message, clockText(next)));
    scheduleNext(next);
}

} // namespace StreamRank
