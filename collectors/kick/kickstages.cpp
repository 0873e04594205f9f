// The stages of a Kick census: the listings (v2 pages, or v1), the watched
// slugs resolved, the streams to ask for by channel, and category names.

#include "kickclient.h"
#include "kickcollector.h"
#include "kickcollector_p.h"
#include "kickparsers.h"

#include <QUrlQuery>

namespace StreamRank {

namespace {

// A session whose start Kick did not say (or said unreadably) still needs an
// id: v2's own id when sent, else one per channel until a start is known.
QString streamKey(const QString &broadcaster, qint64 startedAtMs, const QString &streamId,
                  int &unknownStarts)
{
    const QString key = Kick::sessionKey(broadcaster, startedAtMs);
    if (!key.isEmpty())
        return key;
    ++unknownStarts;
    if (streamId.isEmpty())
        return broadcaster + QStringLiteral("@unknown");
    return broadcaster + QLatin1Char('#') + streamId;
}

} // namespace

void KickCollector::take(const Kick::Livestream &item)
{
    Run &r = *m_run;
    const QString key =
        streamKey(item.broadcasterUserId, item.startedAtMs, item.streamId, r.unknownStarts);
    r.seenChannels.insert(item.broadcasterUserId);
    if (r.byKey.contains(key))
        return; // listed twice (counts moved between pages): the first stays
    StreamObservation o;
    o.streamId = key;
    o.channelId = item.broadcasterUserId;
    o.channelLogin = item.slug;
    o.channelName = item.slug;
    o.title = item.title;
    o.categoryId = item.categoryId;
    o.categoryName = item.categoryName;
    o.language = item.language;
    o.startedAtMs = item.startedAtMs;
    o.viewers = item.viewerCount >= 0 ? item.viewerCount : StreamObservation::UnknownViewers;
    internStrings(o);
    r.byKey.insert(o.streamId, r.streams.size());
    r.streams.append(std::move(o));
    if (item.followers >= 0)
        r.channels.append({item.broadcasterUserId, item.slug, item.slug, item.followers});
}

void KickCollector::takeChannel(const Kick::Channel &c)
{
    Run &r = *m_run;
    if (c.followers >= 0)
        r.channels.append({c.broadcasterUserId, c.slug, c.slug, c.followers});
    if (!c.live)
        return;
    const QString key = streamKey(c.broadcasterUserId, c.startedAtMs, QString(), r.unknownStarts);
    r.seenChannels.insert(c.broadcasterUserId);
    if (r.byKey.contains(key))
        return;
    StreamObservation o;
    o.streamId = key;
    o.channelId = c.broadcasterUserId;
    o.channelLogin = c.slug;
    o.channelName = c.slug;
    o.title = c.title;
    o.categoryId = c.categoryId;
    o.categoryName = c.categoryName;
    o.language = c.language;
    o.startedAtMs = c.startedAtMs;
    o.viewers = c.viewerCount >= 0 ? c.viewerCount : StreamObservation::UnknownViewers;
    internStrings(o);
    r.byKey.insert(o.streamId, r.streams.size());
    r.streams.append(std::move(o));
}

void KickCollector::listPage()
{
    Run &r = *m_run;
    QUrlQuery query;
    if (r.v2) {
        query.addQueryItem(QStringLiteral("limit"), QString::number(m_config.pageSize));
    } else {
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
        query.addQueryItem(QStringLiteral("sort"), QStringLiteral("viewer_count"));
    }
    const QString &category = r.listings[r.listing];
    if (!category.isEmpty())
        query.addQueryItem(QStringLiteral("category_id"), category);
    if (!m_config.language.isEmpty())
        query.addQueryItem(r.v2 ? QStringLiteral("language_code") : QStringLiteral("language"),
                           m_config.language);
    if (r.v2 && !r.cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), r.cursor);
    const quint64 id = r.id;
    m_client->get(r.v2 ? QStringLiteral("/public/v2/livestreams")
                       : QStringLiteral("/public/v1/livestreams"),
                  query, [this, id](const HttpReply &reply) {
                      if (!runAborted(id))
                          onListPage(reply);
                  });
}

void KickCollector::onListPage(const HttpReply &reply)
{
    Run &r = *m_run;
    if (!account(reply)) {
        // v2 not there (before anything of it arrived): v1, this run and
        // until v2 is tried again.
        if (r.v2 && r.listing == 0 && r.pages == 0 && reply.status > 0 &&
            Kick::parseError(reply.status, reply.body).kind == Kick::ErrorKind::Unavailable) {
            --r.stats.errors;
            r.lastError.clear();
            m_v2UnavailableUntilMs = now() + m_config.v2RetryMs;
            qCInfo(lcKick).noquote() << "Kick's v2 livestreams answered HTTP" << reply.status
                                     << "- listing with v1 (at most 100 streams)";
            r.v2 = false;
            r.fellBack = true;
            setState(CollectorState::Collecting, tr("listing live streams (v1: v2 is not there)"));
            listPage();
            return;
        }
        // Never sent: no token (refused credentials, the login service
        // down) or the platform paused. Every other request would fail the
        // same way: the run ends here, with the reason.
        if (reply.attempts == 0 && reply.status == 0) {
            ++r.stats.pagesFailed;
            r.listedToTheEnd = false;
            finishCensus();
            return;
        }
        ++r.stats.pagesFailed;
        r.listedToTheEnd = false;
        nextListing();
        return;
    }
    const Kick::LivestreamsPage page = Kick::parseLivestreams(reply.body);
    if (!page.error.isEmpty()) {
        // Usually a transfer cut short: the same page once more.
        if (!r.pageRetried) {
            r.pageRetried = true;
            qCInfo(lcKick).noquote() << page.error << "- asking for the page again";
            listPage();
            return;
        }
        r.pageRetried = false;
        ++r.stats.pagesFailed;
        ++r.stats.errors;
        r.lastError = page.error;
        r.listedToTheEnd = false;
        nextListing();
        return;
    }
    r.pageRetried = false;
    ++r.stats.pagesOk;
    r.stats.malformedItems += page.malformedItems;
    for (const Kick::Livestream &item : page.items)
        take(item);
    if (!r.v2) {
        nextListing(); // one page, never the whole list
        return;
    }
    ++r.pages;
    const QString next = page.nextCursor;
    if (next.isEmpty()) {
        nextListing();
        return;
    }
    if (r.cursors.contains(next) || next == r.cursor) {
        r.listedToTheEnd = false;
        r.incomplete = tr("Kick sent a page cursor again; the list was read up to there");
        nextListing();
        return;
    }
    if (page.items.isEmpty() && page.malformedItems == 0) {
        // An empty page that says more follows: the streams it should have
        // held may be missing, so what is read on is kept but the list is
        // not proved whole (nothing unlisted is ended by it).
        r.listedToTheEnd = false;
        r.incomplete = tr("Kick sent an empty page before the end of the list");
    }
    if (r.pages >= m_config.maxPages) {
        r.listedToTheEnd = false;
        r.incomplete = tr("stopped after %1 pages").arg(r.pages);
        nextListing();
        return;
    }
    r.cursors.insert(next);
    r.cursor = next;
    listPage();
}

void KickCollector::nextListing()
{
    Run &r = *m_run;
    ++r.listing;
    r.cursor.clear();
    r.cursors.clear();
    r.pages = 0;
    if (r.listing < r.listings.size()) {
        listPage();
        return;
    }
    resolveSlugs(0);
}

void KickCollector::resolveSlugs(int index)
{
    Run &r = *m_run;
    if (index >= m_watchedSlugs.size()) {
        // Resolved ones are watched by id from now on.
        m_watchedSlugs.erase(std::remove_if(m_watchedSlugs.begin(), m_watchedSlugs.end(),
                                            [this](const QString &s) {
                                                return s.isEmpty() || m_unknownSlugs.contains(s);
                                            }),
                             m_watchedSlugs.end());
        // Who to ask for by channel: the watched channels not listed, and
        // the channels of sessions believed live that this census did not
        // list (ended, or moved out of the listed categories).
        QSet<QString> missing;
        for (auto it = m_knownLive.cbegin(); it != m_knownLive.cend(); ++it)
            if (!r.byKey.contains(it.key()))
                missing.insert(it.value());
        for (const QString &id : std::as_const(m_watchedIds))
            if ((!r.seenChannels.contains(id) && !r.resolvedNow.contains(id)) ||
                missing.contains(id)) {
                r.toAsk.append(id);
                missing.remove(id);
            }
        QStringList rest(missing.cbegin(), missing.cend());
        std::sort(rest.begin(), rest.end());
        r.toAsk += rest;
        const qsizetype cap = qsizetype(m_config.maxRecheckBatches) * BatchSize;
        if (r.toAsk.size() > cap)
            r.toAsk.resize(cap);
        askChannels(0);
        return;
    }
    const QString slug = m_watchedSlugs[index];
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("slug"), slug);
    const quint64 id = r.id;
    m_client->get(QStringLiteral("/public/v1/channels"), query,
                  [this, id, index, slug](const HttpReply &reply) {
                      if (runAborted(id))
                          return;
                      Run &run = *m_run;
                      run.stats.requests += reply.attempts;
                      if (reply.ok) {
                          const Kick::ChannelsPage page = Kick::parseChannels(reply.body);
                          if (page.error.isEmpty() && !page.items.isEmpty()) {
                              const QString broadcaster = page.items.first().broadcasterUserId;
                              if (!m_watchedIds.contains(broadcaster))
                                  m_watchedIds.append(broadcaster);
                              m_watchedSlugs[index].clear();       // resolved
                              run.resolvedNow.insert(broadcaster); // not asked again this run
                              takeChannel(page.items.first());
                          } else if (page.error.isEmpty()) {
                              m_unknownSlugs.append(slug);
                          }
                      } else if (Kick::parseError(reply.status, reply.body).kind ==
                                 Kick::ErrorKind::BadRequest) {
                          m_unknownSlugs.append(slug); // Kick fails a request naming no channel
                      }
                      resolveSlugs(index + 1);
                  });
}

void KickCollector::askChannels(int batch)
{
    Run &r = *m_run;
    const qsizetype from = qsizetype(batch) * BatchSize;
    if (from >= r.toAsk.size()) {
        // A session believed live whose channel was asked for and is not
        // live under that session any more has ended.
        for (auto it = m_knownLive.cbegin(); it != m_knownLive.cend(); ++it)
            if (r.asked.contains(it.value()) && !r.byKey.contains(it.key()))
                r.ended.append(it.key());
        finishCensus();
        return;
    }
    const QStringList ids = r.toAsk.mid(from, BatchSize);
    QUrlQuery query;
    for (const QString &id : ids)
        query.addQueryItem(QStringLiteral("broadcaster_user_id"), id);
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/public/v1/channels"), query,
                  [this, runId, batch, ids](const HttpReply &reply) {
                      if (runAborted(runId))
                          return;
                      Run &run = *m_run;
                      if (!account(reply)) {
                          ++run.stats.pagesFailed; // nothing proved about these channels
                      } else {
                          const Kick::ChannelsPage page = Kick::parseChannels(reply.body);
                          if (!page.error.isEmpty()) {
                              ++run.stats.pagesFailed;
                              ++run.stats.errors;
                              run.lastError = page.error;
                          } else {
                              ++run.stats.pagesOk;
                              run.stats.malformedItems += page.malformedItems;
                              for (const Kick::Channel &c : page.items)
                                  takeChannel(c);
                              // A channel Kick no longer returns is not live
                              // either, unless an item Kick sent could not be
                              // read: it may be that channel's, so only the
                              // channels read are judged.
                              if (page.malformedItems == 0) {
                                  for (const QString &id : ids)
                                      run.asked.insert(id);
                              } else {
                                  for (const Kick::Channel &c : page.items)
                                      run.asked.insert(c.broadcasterUserId);
                              }
                          }
                      }
                      askChannels(batch + 1);
                  });
}

void KickCollector::fetchCategories(int page, QString cursor, QVector<CategoryInfo> found)
{
    if (!m_running)
        return;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client->get(QStringLiteral("/public/v2/categories"), query,
                  [this, page, cursor, found = std::move(found)](const HttpReply &reply) mutable {
                      QString next;
                      if (reply.ok) {
                          const Kick::CategoriesPage parsed = Kick::parseCategories(reply.body);
                          if (parsed.error.isEmpty()) {
                              for (const Kick::Category &c : parsed.items)
                                  found.append({c.id, c.name});
                              next = parsed.nextCursor;
                          } else {
                              qCInfo(lcKick).noquote() << "categories:" << parsed.error;
                          }
                      } else {
                          qCInfo(lcKick).noquote() << "categories:" << reply.error;
                      }
                      if (!next.isEmpty() && next != cursor && page + 1 < MaxCategoryPages) {
                          fetchCategories(page + 1, next, std::move(found));
                          return;
                      }
                      if (!found.isEmpty())
                          Q_EMIT categoriesLearned(Platform::Kick, found);
                  });
}

} // namespace StreamRank
