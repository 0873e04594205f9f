// The Twitch collector's lookups after paging: the watched channels by
// user id (100 a call, every census), the streams a full census believed live
// but did not meet (asked again by user id before they count as ended), and
// category names from Get Games.

#include "helixclient.h"
#include "twitchcollector.h"
#include "twitchcollector_p.h"
#include "twitchparsers.h"

#include <QUrlQuery>

namespace StreamRank {

using namespace TwitchDetail;

namespace {
// Get Streams for these users (at most 100), whatever their rank.
QUrlQuery liveStreamsOf(const QStringList &userIds)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("first"), QString::number(TwitchCollector::BatchSize));
    for (const QString &id : userIds)
        q.addQueryItem(QStringLiteral("user_id"), id);
    return q;
}
} // namespace

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
    m_client->get(QStringLiteral("/users"), q,
                  [this, runId, logins, then = std::move(then)](const HttpReply &reply) {
                      if (runAborted(runId))
                          return;
                      const Twitch::UsersPage users =
                          account(reply) ? Twitch::parseUsersPage(reply.body) : Twitch::UsersPage{};
                      if (!reply.ok || !users.error.isEmpty()) {
                          // These channels cannot be asked for this census: say so
                          // (partial), try again next census.
                          ++m_run->stats.pagesFailed;
                          m_run->lastError = reply.ok ? users.error : reply.error;
                          then();
                          return;
                      }
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
                  });
}

void TwitchCollector::fetchWatched(int batch)
{
    Run &r = *m_run;
    const qsizetype from = qsizetype(batch) * BatchSize;
    if (from >= m_watchedIds.size()) {
        // A full census that reached the end asks again for the streams it
        // believed live but did not meet: counts moved them past the cursor.
        QStringList missing;
        if (r.full && r.reachedTheEnd && r.stats.pagesFailed == 0) {
            for (auto it = m_knownLive.cbegin(); it != m_knownLive.cend(); ++it)
                if (!r.byId.contains(it.key()))
                    missing.append(it.value());
            missing.removeDuplicates();
        }
        recheckMissing(missing, 0);
        return;
    }
    if (m_client->breaker().isOpen(m_clock->nowMs())) {
        // Paused: these batches cannot be asked; the census says so.
        r.stats.pagesFailed += int((m_watchedIds.size() - from + BatchSize - 1) / BatchSize);
        r.lastError = tr("Twitch is paused after repeated failures");
        fillCategories();
        return;
    }
    const QUrlQuery q = liveStreamsOf(m_watchedIds.mid(from, BatchSize));
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/streams"), q, [this, runId, batch](const HttpReply &reply) {
        if (runAborted(runId))
            return;
        Run &run = *m_run;
        if (!account(reply)) {
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

void TwitchCollector::recheckMissing(QStringList userIds, int from)
{
    Run &r = *m_run;
    if (from >= userIds.size() || r.stats.pagesFailed > 0) {
        fillCategories();
        return;
    }
    const QUrlQuery q = liveStreamsOf(userIds.mid(from, BatchSize));
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/streams"), q,
                  [this, runId, userIds = std::move(userIds), from](const HttpReply &reply) {
                      if (runAborted(runId))
                          return;
                      Run &run = *m_run;
                      const Twitch::StreamsPage page = account(reply)
                                                           ? Twitch::parseStreamsPage(reply.body)
                                                           : Twitch::StreamsPage{};
                      if (!reply.ok || !page.error.isEmpty()) {
                          // Not sure who ended: this census will not end anyone.
                          ++run.stats.pagesFailed;
                          run.lastError = reply.ok ? page.error : reply.error;
                          fillCategories();
                          return;
                      }
                      ++run.stats.pagesOk;
                      run.stats.malformedItems += page.malformedItems;
                      const int before = int(run.streams.size());
                      addStreams(page.streams);
                      run.rechecked += int(run.streams.size()) - before;
                      recheckMissing(userIds, from + BatchSize);
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
    m_client->get(QStringLiteral("/games"), q, [this, runId, missing](const HttpReply &reply) {
        if (runAborted(runId))
            return;
        const Twitch::GamesPage games =
            account(reply) ? Twitch::parseGamesPage(reply.body) : Twitch::GamesPage{};
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

} // namespace StreamRank
