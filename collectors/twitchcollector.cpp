#include "twitchcollector.h"

#include "helixclient.h"
#include "twitchparsers.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace StreamRank {

Q_LOGGING_CATEGORY(lcTwitch, "streamrank.twitch")

namespace {

// A page whose biggest stream has more than twice (+10) the viewers of the
// previous page's smallest did not continue the list: it started it again.
bool risesAgain(int pageMax, int previousMin)
{
    return previousMin >= 0 && pageMax > 2 * previousMin + 10;
}

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

bool isUserId(const QString &entry)
{
    return !entry.isEmpty() &&
           std::all_of(entry.begin(), entry.end(), [](QChar c) { return c.isDigit(); });
}

} // namespace

struct TwitchCollector::Run
{
    quint64 id = 0;
    qint64 takenAtMs = 0;
    bool full = false;
    QVector<StreamObservation> streams;
    QHash<QString, int> byId; // stream id -> index in streams
    int paged = 0;            // streams that came from paging (not from the watched list)
    QSet<QString> cursors;
    QString cursor;
    int pageAttempts = 0;
    int lastMinViewers = -1;
    int duplicates = 0;
    CollectorRunStats stats;
    int requestsAtStart = 0;
    int failuresAtStart = 0;
    QString stopReason;
    QString lastError;
};

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

void TwitchCollector::setState(CollectorState state, const QString &detail)
{
    Q_EMIT stateChanged(Platform::Twitch, state, detail);
}

void TwitchCollector::scheduleNext(qint64 atMs)
{
    if (!m_running || m_config.once)
        return;
    m_timer->start(std::chrono::milliseconds(std::max<qint64>(0, atMs - m_clock->nowMs())));
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
    ++m_polls;
    m_run = std::make_unique<Run>();
    Run &r = *m_run;
    r.id = ++m_runId;
    r.takenAtMs = now;
    r.full = m_config.fullCensusEvery > 0 && m_polls % m_config.fullCensusEvery == 0;
    r.requestsAtStart = m_client->requestsSent();
    r.failuresAtStart = m_client->failedRequests();
    setState(CollectorState::Collecting, r.full ? tr("full census of every live stream")
                                                : tr("top %1 streams").arg(m_config.topN));

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

void TwitchCollector::resolveWatchedLogins(std::function<void()> then)
{
    if (m_unresolvedLogins.isEmpty()) {
        then();
        return;
    }
    QUrlQuery q;
    const QStringList logins = m_unresolvedLogins.mid(0, BatchSize);
    for (const QString &login : logins)
        q.addQueryItem(QStringLiteral("login"), login);
    const quint64 runId = m_run->id;
    m_client->get(
        QStringLiteral("/users"), q,
        [this, runId, logins, then = std::move(then)](const HelixReply &reply) {
            if (runAborted(runId))
                return;
            if (reply.ok) {
                const Twitch::UsersPage users = Twitch::parseUsersPage(reply.body);
                if (users.error.isEmpty()) {
                    for (const Twitch::User &u : users.users)
                        m_watchedIds.append(u.id);
                    m_watchedIds.removeDuplicates();
                    for (const QString &login : logins) {
                        m_unresolvedLogins.removeAll(login);
                        const bool found = std::any_of(
                            users.users.begin(), users.users.end(), [&](const Twitch::User &u) {
                                return u.login.compare(login, Qt::CaseInsensitive) == 0;
                            });
                        if (!found)
                            qCWarning(lcTwitch) << "watched channel" << login << "does not exist";
                    }
                    resolveWatchedLogins(then);
                    return;
                }
            }
            // Try again next census; collect what can be collected now.
            m_run->lastError = reply.ok ? tr("unreadable Get Users answer") : reply.error;
            then();
        });
}

void TwitchCollector::fetchPage()
{
    Run &r = *m_run;
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
    m_client->get(QStringLiteral("/streams"), q, [this, runId](const HelixReply &reply) {
        if (!runAborted(runId))
            onPage(reply);
    });
}

void TwitchCollector::onPage(const HelixReply &reply)
{
    Run &r = *m_run;
    auto endPaging = [this](const QString &why) {
        m_run->stopReason = why;
        fetchWatched(0);
    };
    if (!reply.ok) {
        ++r.stats.pagesFailed;
        r.lastError = reply.error;
        endPaging(tr("a page failed: %1").arg(reply.error));
        return;
    }
    const Twitch::StreamsPage page = Twitch::parseStreamsPage(reply.body);
    if (!page.error.isEmpty()) {
        // A malformed page is usually a truncated transfer: ask for it again.
        if (++r.pageAttempts < m_config.maxAttempts) {
            fetchPage();
            return;
        }
        ++r.stats.pagesFailed;
        r.lastError = page.error;
        endPaging(tr("a page was unreadable: %1").arg(page.error));
        return;
    }
    r.pageAttempts = 0;
    ++r.stats.pagesOk;
    r.stats.malformedItems += page.malformedItems;
    if (page.streams.isEmpty() && page.malformedItems == 0) {
        endPaging(tr("empty page"));
        return;
    }
    int pageMax = 0;
    int pageMin = page.streams.isEmpty() ? r.lastMinViewers : page.streams.constFirst().viewers;
    for (const StreamObservation &s : page.streams) {
        pageMax = std::max(pageMax, s.viewers);
        pageMin = std::min(pageMin, s.viewers);
    }
    const int before = static_cast<int>(r.streams.size());
    addStreams(page.streams);
    const int added = static_cast<int>(r.streams.size()) - before;
    r.paged += added;
    if (risesAgain(pageMax, r.lastMinViewers)) {
        endPaging(tr("viewer counts rose again: the list looped back to its start"));
        return;
    }
    if (added == 0 && !page.streams.isEmpty()) {
        endPaging(tr("a page held only streams already seen"));
        return;
    }
    r.lastMinViewers = pageMin;
    if (page.cursor.isEmpty()) {
        endPaging(tr("last page"));
        return;
    }
    if (page.cursor == r.cursor || r.cursors.contains(page.cursor)) {
        endPaging(tr("a cursor repeated"));
        return;
    }
    if (!r.full && r.paged >= m_config.topN) {
        endPaging(tr("top %1 reached").arg(m_config.topN));
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
        r.byId.insert(s.streamId, static_cast<int>(r.streams.size()));
        r.streams.append(s);
    }
}

void TwitchCollector::fetchWatched(int batch)
{
    Run &r = *m_run;
    const qsizetype from = qsizetype(batch) * BatchSize;
    if (from >= m_watchedIds.size() || m_client->breaker().isOpen(m_clock->nowMs())) {
        fillCategories();
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("first"), QString::number(BatchSize));
    for (const QString &id : m_watchedIds.mid(from, BatchSize))
        q.addQueryItem(QStringLiteral("user_id"), id);
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/streams"), q, [this, runId, batch](const HelixReply &reply) {
        if (runAborted(runId))
            return;
        Run &run = *m_run;
        if (!reply.ok) {
            ++run.stats.pagesFailed;
            run.lastError = reply.error;
        } else {
            const Twitch::StreamsPage page = Twitch::parseStreamsPage(reply.body);
            if (!page.error.isEmpty() && ++run.pageAttempts < m_config.maxAttempts) {
                fetchWatched(batch);
                return;
            }
            run.pageAttempts = 0;
            if (!page.error.isEmpty()) {
                ++run.stats.pagesFailed;
                run.lastError = page.error;
            } else {
                ++run.stats.pagesOk;
                run.stats.malformedItems += page.malformedItems;
                addStreams(page.streams);
            }
        }
        fetchWatched(batch + 1);
    });
}

void TwitchCollector::fillCategories()
{
    Run &r = *m_run;
    QStringList missing;
    for (StreamObservation &s : r.streams) {
        if (s.categoryId.isEmpty())
            continue;
        if (!s.categoryName.isEmpty()) {
            m_gameNames.insert(s.categoryId, s.categoryName);
            continue;
        }
        const auto known = m_gameNames.constFind(s.categoryId);
        if (known != m_gameNames.constEnd())
            s.categoryName = known.value();
        else if (!m_unknownGames.contains(s.categoryId) && !missing.contains(s.categoryId) &&
                 missing.size() < BatchSize)
            missing.append(s.categoryId);
    }
    if (missing.isEmpty() || m_client->breaker().isOpen(m_clock->nowMs())) {
        finishCensus();
        return;
    }
    QUrlQuery q;
    for (const QString &id : std::as_const(missing))
        q.addQueryItem(QStringLiteral("id"), id);
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/games"), q, [this, runId, missing](const HelixReply &reply) {
        if (runAborted(runId))
            return;
        const Twitch::GamesPage games =
            reply.ok ? Twitch::parseGamesPage(reply.body) : Twitch::GamesPage{};
        if (!reply.ok || !games.error.isEmpty()) {
            // Names stay empty this census; the streams are kept.
            m_run->lastError = reply.ok ? games.error : reply.error;
            finishCensus();
            return;
        }
        QVector<CategoryInfo> learned;
        for (const Twitch::Game &g : games.games) {
            m_gameNames.insert(g.id, g.name);
            learned.append({g.id, g.name});
        }
        for (const QString &id : missing)
            if (!m_gameNames.contains(id))
                m_unknownGames.insert(id);
        if (!learned.isEmpty())
            Q_EMIT categoriesLearned(Platform::Twitch, learned);
        fillCategories();
    });
}

void TwitchCollector::finishCensus()
{
    std::unique_ptr<Run> run = std::move(m_run);
    const qint64 now = m_clock->nowMs();
    Census census;
    census.platform = Platform::Twitch;
    census.takenAtMs = run->takenAtMs;
    census.stats = run->stats;
    census.stats.requests = m_client->requestsSent() - run->requestsAtStart;
    census.stats.errors = m_client->failedRequests() - run->failuresAtStart;
    census.stats.quotaUsed = census.stats.requests; // one Helix point per request
    census.stats.durationMs = now - run->takenAtMs;
    census.partial = run->stats.pagesFailed > 0;
    // Only a full, unfiltered census lists every live stream; a top-N one
    // says nothing about the streams below N.
    census.exhaustive = run->full && m_config.gameIds.isEmpty() && m_config.languages.isEmpty();
    census.streams = std::move(run->streams);
    const QLocale locale;
    qCInfo(lcTwitch).noquote() << "census" << run->takenAtMs << census.streams.size() << "streams,"
                               << run->duplicates << "duplicates," << census.stats.pagesOk
                               << "pages ok," << census.stats.pagesFailed
                               << "failed; stopped:" << run->stopReason;
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

    if (m_config.once) {
        setState(CollectorState::Idle, summary);
        if (!m_onceReported) {
            m_onceReported = true;
            Q_EMIT runFinished(true, summary);
        }
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
    if (now - m_lastMetadataMs >= m_config.metadataEveryMs)
        refreshMetadata();
    scheduleNext(next);
}

void TwitchCollector::failRun(const QString &message)
{
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

void TwitchCollector::refreshMetadata()
{
    m_lastMetadataMs = m_clock->nowMs();
    QUrlQuery top;
    top.addQueryItem(QStringLiteral("first"), QString::number(PageSize));
    m_client->get(QStringLiteral("/games/top"), top, [this](const HelixReply &reply) {
        if (!reply.ok)
            return;
        const Twitch::GamesPage games = Twitch::parseGamesPage(reply.body);
        QVector<CategoryInfo> learned;
        for (const Twitch::Game &g : games.games) {
            m_gameNames.insert(g.id, g.name);
            learned.append({g.id, g.name});
        }
        if (!learned.isEmpty())
            Q_EMIT categoriesLearned(Platform::Twitch, learned);
    });
    for (qsizetype from = 0; from < m_watchedIds.size(); from += BatchSize) {
        QUrlQuery q;
        for (const QString &id : m_watchedIds.mid(from, BatchSize))
            q.addQueryItem(QStringLiteral("id"), id);
        m_client->get(QStringLiteral("/users"), q, [this](const HelixReply &reply) {
            if (!reply.ok)
                return;
            const Twitch::UsersPage users = Twitch::parseUsersPage(reply.body);
            QVector<ChannelInfo> channels;
            for (const Twitch::User &u : users.users)
                channels.append({u.id, u.login, u.displayName, -1});
            fetchFollowers(channels, 0);
        });
    }
}

void TwitchCollector::fetchFollowers(QVector<ChannelInfo> channels, int index)
{
    if (index >= channels.size()) {
        if (!channels.isEmpty())
            Q_EMIT channelsRefreshed(Platform::Twitch, channels);
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("broadcaster_id"), channels.at(index).channelId);
    q.addQueryItem(QStringLiteral("first"), QStringLiteral("1"));
    m_client->get(QStringLiteral("/channels/followers"), q,
                  [this, channels = std::move(channels), index](const HelixReply &reply) mutable {
                      if (reply.ok) {
                          const Twitch::FollowersResult f = Twitch::parseFollowersTotal(reply.body);
                          if (f.error.isEmpty())
                              channels[index].followers = f.total;
                      }
                      fetchFollowers(std::move(channels), index + 1);
                  });
}

} // namespace StreamRank
