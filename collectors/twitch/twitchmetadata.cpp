// The Twitch collector's metadata refresh (every 6 hours by default): the
// first page of Get Top Games for category names, then Get Users and the
// follower total of every watched channel. One request after another, so it
// never competes with a census for more than one request at a time; it is
// counted as done only when it got through.

#include "helixclient.h"
#include "twitchcollector.h"
#include "twitchcollector_p.h"
#include "twitchparsers.h"

#include <QLoggingCategory>
#include <QUrlQuery>

namespace StreamRank {

void TwitchCollector::refreshMetadata(std::function<void()> done)
{
    if (!m_running || m_metadataRunning) {
        done();
        return;
    }
    m_metadataRunning = true;
    m_unknownGames.clear(); // a game unknown six hours ago may exist now
    QUrlQuery top;
    top.addQueryItem(QStringLiteral("first"), QString::number(PageSize));
    m_client->get(QStringLiteral("/games/top"), top,
                  [this, done = std::move(done)](const HttpReply &reply) mutable {
                      if (!m_metadataRunning)
                          return; // stopped meanwhile
                      if (reply.ok) {
                          const Twitch::GamesPage games = Twitch::parseGamesPage(reply.body);
                          QVector<CategoryInfo> learned;
                          for (const Twitch::Game &g : games.games) {
                              m_gameNames.insert(g.id, g.name);
                              learned.append({g.id, g.name});
                          }
                          if (!learned.isEmpty())
                              Q_EMIT categoriesLearned(Platform::Twitch, learned);
                      }
                      fetchChannels(0, {}, std::move(done));
                  });
}

void TwitchCollector::fetchChannels(int from, QVector<ChannelInfo> channels,
                                    std::function<void()> done)
{
    if (from >= m_watchedIds.size()) {
        fetchFollowers(std::move(channels), 0, std::move(done));
        return;
    }
    QUrlQuery q;
    for (const QString &id : m_watchedIds.mid(from, BatchSize))
        q.addQueryItem(QStringLiteral("id"), id);
    m_client->get(QStringLiteral("/users"), q,
                  [this, from, channels = std::move(channels),
                   done = std::move(done)](const HttpReply &reply) mutable {
                      if (!m_metadataRunning)
                          return;
                      if (!reply.ok) {
                          // Try the whole refresh again after the next census.
                          qCInfo(lcTwitch) << "metadata refresh failed:" << reply.error;
                          m_metadataRunning = false;
                          done();
                          return;
                      }
                      for (const Twitch::User &u : Twitch::parseUsersPage(reply.body).users)
                          channels.append({u.id, u.login, u.displayName, -1});
                      fetchChannels(from + BatchSize, std::move(channels), std::move(done));
                  });
}

void TwitchCollector::fetchFollowers(QVector<ChannelInfo> channels, int index,
                                     std::function<void()> done)
{
    if (index >= channels.size()) {
        if (!channels.isEmpty())
            Q_EMIT channelsRefreshed(Platform::Twitch, channels);
        m_metadataRunning = false;
        m_lastMetadataMs = m_clock->nowMs();
        done();
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("broadcaster_id"), channels.at(index).channelId);
    q.addQueryItem(QStringLiteral("first"), QStringLiteral("1"));
    m_client->get(QStringLiteral("/channels/followers"), q,
                  [this, channels = std::move(channels), index,
                   done = std::move(done)](const HttpReply &reply) mutable {
                      if (!m_metadataRunning)
                          return;
                      if (reply.ok) {
                          const Twitch::FollowersResult f = Twitch::parseFollowersTotal(reply.body);
                          if (f.error.isEmpty())
                              channels[index].followers = f.total;
                      }
                      // A channel without a total keeps its stored one (-1).
                      fetchFollowers(std::move(channels), index + 1, std::move(done));
                  });
}

} // namespace StreamRank
