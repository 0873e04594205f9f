// The stages of one YouTube run, in order: resolve the watched channels'
// uploads playlists, run the due searches, check the due watched channels'
// newest uploads, look every tracked and discovered video up in videos.list,
// name new categories, refresh the watched channels' subscriber counts when
// due, and hand the census over.

#include "counted.h"
#include "youtubeclient.h"
#include "youtubecollector.h"
#include "youtubecollector_p.h"
#include "youtubeparsers.h"

#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace StreamRank {

namespace {

QString joinedIds(const QStringList &ids, int from, int count)
{
    return ids.mid(from, count).join(u',');
}

} // namespace

void YouTubeCollector::resolveUploads(int from)
{
    Run &r = *m_run;
    QStringList missing;
    for (const QString &c : std::as_const(m_watched))
        if (!m_uploads.contains(c) && !m_unresolvable.contains(c))
            missing.append(c);
    if (from >= missing.size() || r.stopped) {
        runSearch(0, QString());
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("contentDetails"));
    q.addQueryItem(QStringLiteral("id"), joinedIds(missing, from, BatchSize));
    const quint64 runId = r.id;
    const QStringList asked = missing.mid(from, BatchSize);
    m_client->get(
        QStringLiteral("/channels"), q, [this, runId, asked, from](const HttpReply &reply) {
            if (runAborted(runId))
                return;
            if (account(reply)) {
                const YouTube::ChannelsPage page = YouTube::parseChannelsList(reply.body);
                if (page.error.isEmpty()) {
                    ++m_run->stats.pagesOk;
                    m_run->stats.malformedItems += page.malformedItems;
                    for (const YouTube::Channel &c : page.channels)
                        if (!c.uploadsPlaylistId.isEmpty())
                            m_uploads.insert(c.id, c.uploadsPlaylistId);
                    for (const QString &id : asked)
                        if (!m_uploads.contains(id)) {
                            m_unresolvable.insert(id);
                            qCWarning(lcYouTube).noquote()
                                << "watched channel" << id << "is not a YouTube channel id";
                        }
                } else {
                    ++m_run->stats.pagesFailed;
                    m_run->lastError = page.error;
                }
            } else {
                ++m_run->stats.pagesFailed;
            }
            resolveUploads(from + BatchSize);
        });
}

void YouTubeCollector::runSearch(int page, QString pageToken)
{
    Run &r = *m_run;
    if (r.searchIndex >= r.searches.size() || r.stopped) {
        if (!r.searches.isEmpty())
            m_nextSearchMs = r.takenAtMs + std::max<qint64>(m_plan.searchIntervalMs, 1000);
        checkWatched(0);
        return;
    }
    if (page >= m_config.searchPages || (page > 0 && pageToken.isEmpty())) {
        ++r.searchIndex;
        runSearch(0, QString());
        return;
    }
    const YouTubeSearch &s = m_config.searches.at(r.searches.at(r.searchIndex));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("snippet"));
    q.addQueryItem(QStringLiteral("type"), QStringLiteral("video"));
    q.addQueryItem(QStringLiteral("eventType"), QStringLiteral("live"));
    q.addQueryItem(QStringLiteral("order"), QStringLiteral("viewCount"));
    q.addQueryItem(QStringLiteral("maxResults"), QString::number(BatchSize));
    if (!s.query.isEmpty())
        q.addQueryItem(QStringLiteral("q"), s.query);
    if (!s.videoCategoryId.isEmpty())
        q.addQueryItem(QStringLiteral("videoCategoryId"), s.videoCategoryId);
    if (!s.regionCode.isEmpty())
        q.addQueryItem(QStringLiteral("regionCode"), s.regionCode);
    if (!s.relevanceLanguage.isEmpty())
        q.addQueryItem(QStringLiteral("relevanceLanguage"), s.relevanceLanguage);
    if (!pageToken.isEmpty())
        q.addQueryItem(QStringLiteral("pageToken"), pageToken);
    const quint64 runId = r.id;
    m_client->get(QStringLiteral("/search"), q, [this, runId, page](const HttpReply &reply) {
        if (runAborted(runId))
            return;
        Run &run = *m_run;
        QString next;
        if (!reply.ok &&
            (reply.refused || !m_client->quota().canSpend(YouTube::Spend::Search, now()))) {
            // The day's searches are spent: no more searching this run; the
            // tracked and watched videos are still polled.
            account(reply);
            run.searchIndex = int(run.searches.size());
            runSearch(0, QString());
            return;
        }
        if (account(reply)) {
            const YouTube::SearchPage sp = YouTube::parseSearchList(reply.body);
            if (sp.error.isEmpty()) {
                ++run.stats.pagesOk;
                run.stats.malformedItems += sp.malformedItems;
                for (const YouTube::SearchItem &item : sp.items) {
                    if (item.liveBroadcastContent != u"live" || run.asked.contains(item.videoId))
                        continue;
                    run.asked.insert(item.videoId);
                    run.videoIds.append(item.videoId);
                }
                next = sp.nextPageToken;
            } else {
                ++run.stats.pagesFailed;
                run.lastError = sp.error;
            }
        } else {
            ++run.stats.pagesFailed;
        }
        if (next.isEmpty()) {
            ++run.searchIndex;
            runSearch(0, QString());
        } else {
            runSearch(page + 1, next);
        }
    });
}

void YouTubeCollector::checkWatched(int index)
{
    Run &r = *m_run;
    while (index < r.watchedToCheck.size() && !m_uploads.contains(r.watchedToCheck.at(index)))
        ++index;
    if (index >= r.watchedToCheck.size() || r.stopped) {
        fetchVideos(0);
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("contentDetails"));
    q.addQueryItem(QStringLiteral("playlistId"), m_uploads.value(r.watchedToCheck.at(index)));
    q.addQueryItem(QStringLiteral("maxResults"), QString::number(UploadsChecked));
    const quint64 runId = r.id;
    m_client->get(
        QStringLiteral("/playlistItems"), q, [this, runId, index](const HttpReply &reply) {
            if (runAborted(runId))
                return;
            Run &run = *m_run;
            if (account(reply)) {
                const YouTube::PlaylistPage page = YouTube::parsePlaylistItems(reply.body);
                if (page.error.isEmpty()) {
                    ++run.stats.pagesOk;
                    run.stats.malformedItems += page.malformedItems;
                    for (const QString &id : page.videoIds) {
                        if (run.asked.contains(id))
                            continue;
                        run.asked.insert(id);
                        run.videoIds.append(id);
                    }
                } else {
                    ++run.stats.pagesFailed;
                    run.lastError = page.error;
                }
            } else if (reply.status == 404) {
                // The playlist is gone (channel deleted or uploads hidden): look it up again later.
                m_uploads.remove(run.watchedToCheck.at(index));
                ++run.stats.pagesFailed;
            } else {
                ++run.stats.pagesFailed;
            }
            checkWatched(index + 1);
        });
}

void YouTubeCollector::fetchVideos(int from)
{
    Run &r = *m_run;
    if (from >= r.videoIds.size() || r.stopped) {
        fetchCategories();
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("snippet,liveStreamingDetails"));
    // Only what a census reads: a page of 50 is ~35 KB instead of ~280 KB.
    q.addQueryItem(QStringLiteral("fields"),
                   QStringLiteral("items(id,snippet(channelId,channelTitle,title,categoryId,"
                                  "liveBroadcastContent,defaultAudioLanguage,defaultLanguage),"
                                  "liveStreamingDetails(actualStartTime,actualEndTime,"
                                  "scheduledStartTime,concurrentViewers)),nextPageToken"));
    q.addQueryItem(QStringLiteral("id"), joinedIds(r.videoIds, from, BatchSize));
    const quint64 runId = r.id;
    const QStringList asked = r.videoIds.mid(from, BatchSize);
    m_client->get(QStringLiteral("/videos"), q, [this, runId, asked, from](const HttpReply &reply) {
        if (runAborted(runId))
            return;
        Run &run = *m_run;
        if (account(reply)) {
            const YouTube::VideosPage page = YouTube::parseVideosList(reply.body);
            if (page.error.isEmpty()) {
                ++run.stats.pagesOk;
                ++run.videoPagesOk;
                run.stats.malformedItems += page.malformedItems;
                QSet<QString> returned;
                for (const YouTube::Video &v : page.videos) {
                    returned.insert(v.id);
                    takeVideo(v);
                }
                // A tracked video videos.list no longer returns was deleted or
                // made private: its session is over. Not when an item of the
                // page could not be read: it may have been that video.
                if (page.malformedItems == 0)
                    for (const QString &id : asked)
                        if (!returned.contains(id) && m_tracked.remove(id) > 0)
                            run.ended.append(id);
            } else {
                ++run.stats.pagesFailed;
                ++run.videoPagesFailed;
                run.lastError = page.error;
            }
        } else {
            ++run.stats.pagesFailed;
            ++run.videoPagesFailed;
        }
        fetchVideos(from + BatchSize);
    });
}

void YouTubeCollector::takeVideo(const YouTube::Video &v)
{
    Run &r = *m_run;
    if (!v.isLive()) {
        if (m_tracked.remove(v.id) > 0)
            r.ended.append(v.id);
        return;
    }
    if (!m_tracked.contains(v.id))
        ++r.discovered;
    m_tracked.insert(v.id, v.channelId);
    StreamObservation o;
    o.streamId = v.id;
    o.channelId = v.channelId;
    o.channelLogin = v.channelId;
    o.channelName = v.channelTitle.isEmpty() ? v.channelId : v.channelTitle;
    o.title = v.title;
    o.categoryId = v.categoryId;
    o.categoryName = m_categoryNames.value(v.categoryId);
    o.language = v.language;
    o.startedAtMs = v.actualStartMs >= 0 ? v.actualStartMs : r.takenAtMs;
    o.viewers = v.concurrentViewers ? qint32(std::clamp<qint64>(*v.concurrentViewers, 0, INT32_MAX))
                                    : StreamObservation::UnknownViewers;
    internStrings(o);
    r.streams.append(std::move(o));
}

void YouTubeCollector::fetchCategories()
{
    Run &r = *m_run;
    QStringList unknown;
    for (const StreamObservation &o : std::as_const(r.streams))
        if (!o.categoryId.isEmpty() && !m_categoryNames.contains(o.categoryId) &&
            !unknown.contains(o.categoryId))
            unknown.append(o.categoryId);
    if ((unknown.isEmpty() && m_categoriesFetched) || r.stopped) {
        refreshChannels(0, {});
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("snippet"));
    // The first time, every category of the US list; later, the ids not yet named.
    if (!m_categoriesFetched)
        q.addQueryItem(QStringLiteral("regionCode"), QStringLiteral("US"));
    else
        q.addQueryItem(QStringLiteral("id"), unknown.join(u','));
    const quint64 runId = r.id;
    m_client->get(
        QStringLiteral("/videoCategories"), q, [this, runId, unknown](const HttpReply &reply) {
            if (runAborted(runId))
                return;
            Run &run = *m_run;
            if (account(reply)) {
                const YouTube::CategoriesPage page = YouTube::parseVideoCategories(reply.body);
                if (page.error.isEmpty()) {
                    QVector<CategoryInfo> learned;
                    for (auto it = page.titles.cbegin(); it != page.titles.cend(); ++it) {
                        m_categoryNames.insert(it.key(), it.value());
                        learned.append({it.key(), it.value()});
                    }
                    // An id YouTube does not name stays unnamed, and is not asked again.
                    for (const QString &id : unknown)
                        if (!m_categoryNames.contains(id))
                            m_categoryNames.insert(id, QString());
                    m_categoriesFetched = true;
                    for (StreamObservation &o : run.streams)
                        if (o.categoryName.isEmpty())
                            o.categoryName = m_categoryNames.value(o.categoryId);
                    if (!learned.isEmpty())
                        Q_EMIT categoriesLearned(Platform::YouTube, learned);
                }
            }
            refreshChannels(0, {});
        });
}

void YouTubeCollector::refreshChannels(int from, QVector<ChannelInfo> channels)
{
    Run &r = *m_run;
    if (!r.metadataDue || from >= m_watched.size() || r.stopped) {
        if (r.metadataDue && !channels.isEmpty()) {
            m_lastMetadataMs = r.takenAtMs;
            Q_EMIT channelsRefreshed(Platform::YouTube, channels);
        }
        finishCensus();
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("part"), QStringLiteral("snippet,statistics"));
    q.addQueryItem(QStringLiteral("id"), joinedIds(m_watched, from, BatchSize));
    const quint64 runId = r.id;
    m_client->get(
        QStringLiteral("/channels"), q,
        [this, runId, from, channels = std::move(channels)](const HttpReply &reply) mutable {
            if (runAborted(runId))
                return;
            if (account(reply)) {
                const YouTube::ChannelsPage page = YouTube::parseChannelsList(reply.body);
                for (const YouTube::Channel &c : page.channels) {
                    ChannelInfo info;
                    info.channelId = c.id;
                    info.login = c.customUrl.isEmpty() ? c.id : c.customUrl;
                    info.displayName = c.title;
                    info.followers = c.subscribers.value_or(-1);
                    channels.append(info);
                }
            }
            refreshChannels(from + BatchSize, std::move(channels));
        });
}

void YouTubeCollector::finishCensus()
{
    m_watchdog->stop();
    // Nothing arrived, or no page of the videos asked for did: no census
    // (an empty one would read as no video being live).
    if ((m_run->stats.pagesOk == 0 && m_run->stats.pagesFailed > 0) ||
        (m_run->videoPagesOk == 0 && m_run->videoPagesFailed > 0)) {
        // Nothing arrived at all (a rejected key, an outage, a spent quota):
        // no census, the reason in words.
        m_plan = currentPlan();
        reportQuota();
        const QString why = m_run->lastError;
        if (m_client->quota().exhaustedNow(now()))
            failRun(tr("today's YouTube quota is used up; collection resumes at %1 (midnight "
                       "Pacific)")
                        .arg(localTimeText(m_client->quota().resetAtMs(now()),
                                           QStringLiteral("HH:mm"))),
                    CollectorState::Stale);
        else
            failRun(why);
        return;
    }
    std::unique_ptr<Run> run = std::move(m_run);
    Census census;
    census.platform = Platform::YouTube;
    census.takenAtMs = run->takenAtMs;
    census.exhaustive = false; // a census of the tracked videos never proves others ended
    census.partial = run->stats.pagesFailed > 0;
    census.stats = run->stats;
    census.stats.durationMs = now() - run->takenAtMs;
    // Units this run spent (collector_runs.quota_used); a run across the
    // Pacific midnight counts the new day's.
    const YouTube::QuotaBudget &quota = m_client->quota();
    census.stats.quotaUsed = quota.dayStartMs(now()) == run->dayStartMs
                                 ? quota.unitsUsed(now()) - run->unitsAtStart
                                 : quota.unitsUsed(now());
    census.streams = std::move(run->streams);
    census.endedStreamIds = run->ended;
    std::sort(census.streams.begin(), census.streams.end(),
              [](const StreamObservation &a, const StreamObservation &b) {
                  return a.viewers > b.viewers;
              });
    internStrings(census);
    m_plan = currentPlan();
    reportQuota();
    Q_EMIT censusReady(census);

    const qint64 t = now();
    const bool quotaOut =
        m_client->quota().exhaustedNow(t) || !m_client->quota().canSpend(YouTube::Spend::Videos, t);
    QString detail = counted(census.streams.size(), "live video", "live videos");
    if (run->discovered > 0)
        detail += tr(", %1 new").arg(run->discovered);
    if (!census.endedStreamIds.isEmpty())
        detail += tr(", %1 ended").arg(census.endedStreamIds.size());
    if (census.partial)
        detail += tr("; %1 failed: %2")
                      .arg(counted(census.stats.pagesFailed, "page", "pages"), run->lastError);
    if (quotaOut) {
        const qint64 reset = m_client->quota().resetAtMs(t);
        setState(CollectorState::Stale,
                 detail + tr("; today's quota is used up, resumes at %1 (midnight Pacific)")
                              .arg(localTimeText(reset, QStringLiteral("HH:mm"))));
    } else {
        const qint64 next = run->takenAtMs + m_plan.pollIntervalMs;
        const qint64 reset = m_client->quota().resetAtMs(t);
        setState(census.partial ? CollectorState::Stale : CollectorState::Waiting,
                 next >= reset
                     ? detail + tr("; the quota left allows no more polls today: next at %1 "
                                   "(midnight Pacific)")
                                    .arg(localTimeText(reset, QStringLiteral("HH:mm")))
                     : detail +
                           tr("; next at %1").arg(localTimeText(next, QStringLiteral("HH:mm:ss"))));
    }
    if (m_config.once) {
        if (!m_onceReported) {
            m_onceReported = true;
            Q_EMIT runFinished(true, detail);
        }
        return;
    }
    const qint64 reset = m_client->quota().resetAtMs(t);
    scheduleNext(quotaOut ? reset + 1000
                          : std::min(run->takenAtMs + m_plan.pollIntervalMs, reset + 1000));
}

} // namespace StreamRank
