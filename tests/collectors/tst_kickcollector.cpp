// The Kick collector against the fake Kick over real HTTP, on a thread of its
// own: v2 censuses paged to the end while the world moves, the v1 fallback,
// one session id across versions and restarts, ended streams (proved by an
// exhaustive census or by asking for the channel), watched channels by id and
// by slug, filters, and category names. Tokens, faults and pacing:
// tst_kickcollectorfaults.cpp.

#include "kicktestsupport.h"

#include <QDateTime>

#include <algorithm>

using namespace StreamRank;
using namespace StreamRank::KickTest;
using Fake::FakeKickChannel;
using Fake::FakeKickServer;
using Fake::KickRequestRecord;
using Fake::KickRoute;

namespace {

const QString V2Path = u"/public/v2/livestreams"_s;
const QString V1Path = u"/public/v1/livestreams"_s;
const QString ChannelsPath = u"/public/v1/channels"_s;

// The live channels of the world in the categories named.
QVector<FakeKickChannel> liveIn(const FakeKickServer &server, const QList<int> &categories)
{
    QVector<FakeKickChannel> out;
    for (const FakeKickChannel &c : server.liveChannels())
        if (categories.contains(c.categoryId))
            out.append(c);
    return out;
}

// The category with the most live streams after `other`.
int secondBusiestCategory(const FakeKickServer &server, int other)
{
    QHash<int, int> counts;
    for (const FakeKickChannel &c : server.liveChannels())
        if (c.categoryId != other)
            ++counts[c.categoryId];
    int best = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (best == 0 || it.value() > counts.value(best))
            best = it.key();
    return best;
}

} // namespace

class TestKickCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aV2CensusPagesEveryLiveStreamOnceWhileTheWorldMoves()
    {
        Fake::FakeKickConfig fc = stillWorld(2000, 600);
        fc.viewerDriftPerRequest = 0.05;
        FakeKickServer server(fc);
        QVERIFY(server.listen());
        const QSet<QString> atStart = keysOf(server.liveChannels());
        QHash<QString, FakeKickChannel> everLive;
        const auto remember = [&] {
            for (const FakeKickChannel &c : server.liveChannels())
                everLive.insert(keyOf(c), c);
        };
        remember();
        // Between one page and the next a second passes, three streams end,
        // four start (after every earlier one in v2's order) and counts move.
        QSet<QString> liveAtLastPage;
        QObject::connect(&server, &FakeKickServer::requestHandled, &server,
                         [&](const KickRequestRecord &r) {
                             if (r.path != V2Path || r.status != 200)
                                 return;
                             liveAtLastPage = keysOf(server.liveChannels());
                             server.advanceClock(1000);
                             server.advance(3, 4, 0.1);
                             remember();
                         });
        KickConfig config = configFor(server);
        config.pageSize = 50;
        CollectorRun run(config);
        QVERIFY2(run.runOnce(), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        QCOMPARE(c.platform, Platform::Kick);
        QVERIFY(c.exhaustive); // v2, no filter, read to its last page
        QVERIFY(!c.partial);
        QCOMPARE(c.stats.pagesFailed, 0);
        QVERIFY(c.endedStreamIds.isEmpty()); // nothing was known live before
        // Once each: no stream twice, however the counts moved.
        const QSet<QString> ids = idsOf(c.streams);
        QCOMPARE(ids.size(), c.streams.size());
        // Every stream live when the last page was read is there (the ones
        // that started while paging among them); every one listed was live.
        QVERIFY(ids.contains(liveAtLastPage));
        QVERIFY(ids.intersects(QSet<QString>(liveAtLastPage).subtract(atStart)));
        for (const StreamObservation &o : c.streams) {
            QVERIFY2(everLive.contains(o.streamId), qPrintable(o.streamId));
            const FakeKickChannel &f = everLive.value(o.streamId);
            QCOMPARE(o.streamId, o.channelId + u'@' + QString::number(o.startedAtMs));
            QCOMPARE(o.channelId, QString::number(f.broadcasterUserId));
            QCOMPARE(o.startedAtMs, f.startedAtMs);
            QCOMPARE(o.channelLogin, f.slug);
            QCOMPARE(o.title, f.title);
            QCOMPARE(o.categoryId, QString::number(f.categoryId));
            QCOMPARE(o.language, f.language);
            QVERIFY(o.viewersKnown());
        }
        // Page after page with the cursor of the one before, to the end.
        const QVector<KickRequestRecord> pages = requestsTo(server, V2Path);
        QCOMPARE(c.stats.pagesOk, pages.size());
        QVERIFY2(pages.size() >= 12, qPrintable(QString::number(pages.size())));
        QSet<QString> cursors;
        for (qsizetype i = 0; i < pages.size(); ++i) {
            QCOMPARE(pages.at(i).query.queryItemValue(u"limit"_s), u"50"_s);
            const QString cursor = pages.at(i).query.queryItemValue(u"cursor"_s);
            QCOMPARE(cursor.isEmpty(), i == 0);
            cursors.insert(cursor);
        }
        QCOMPARE(cursors.size(), pages.size());
        QVERIFY2(run.finished->second.contains(u"(v2, every stream)"_s),
                 qPrintable(run.finished->second));
    }

    void withoutV2TheCensusFallsBackToV1()
    {
        FakeKickServer server(stillWorld(1500, 400));
        QVERIFY(server.listen());
        server.setV2Available(false);
        KickConfig config = configFor(server);
        config.once = false;
        CollectorRun run(config);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        // The 100 most watched, as v1 lists them, never called every stream.
        QVector<FakeKickChannel> live = server.liveChannels();
        std::sort(live.begin(), live.end(), [](const auto &a, const auto &b) {
            return a.viewers != b.viewers ? a.viewers > b.viewers
                                          : a.broadcasterUserId < b.broadcasterUserId;
        });
        QCOMPARE(idsOf(c.streams), keysOf(live.mid(0, 100)));
        QVERIFY(!c.exhaustive);
        QVERIFY(!c.partial); // v2's 404 is a fallback, not a failed page
        QCOMPARE(c.stats.pagesFailed, 0);
        QVERIFY2(run.waitState(u"(v1, at most 100"_s), qPrintable(run.report()));
        const QVector<KickRequestRecord> listed = requestsTo(server, V1Path);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).query.queryItemValue(u"limit"_s), u"100"_s);
        QCOMPARE(listed.at(0).query.queryItemValue(u"sort"_s), u"viewer_count"_s);
        QCOMPARE(server.requestCount(V2Path), 1);
        // The next census goes to v1 straight away, and asks for no channel:
        // every session it knows is listed again.
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        QCOMPARE(idsOf(run.censuses.at(1).streams), idsOf(c.streams));
        QVERIFY(!run.censuses.at(1).exhaustive);
        QCOMPARE(server.requestCount(V2Path), 1);
        QCOMPARE(server.requestCount(V1Path), 2);
        QCOMPARE(server.requestCount(ChannelsPath), 0);
    }

    void v2IsTriedAgainOnlyAfterV2RetryMs()
    {
        FakeKickServer server(stillWorld(800, 200));
        QVERIFY(server.listen());
        server.setV2Available(false);
        auto clock = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        KickConfig config = configFor(server);
        config.once = false;
        CollectorRun run(config, clock);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        QCOMPARE(run.censuses.at(0).streams.size(), 100);
        server.setV2Available(true); // back, but not asked for within the hour
        clock->advanceMs(config.v2RetryMs - 1000);
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        QVERIFY(!run.censuses.at(1).exhaustive);
        QCOMPARE(server.requestCount(V2Path), 1);
        clock->advanceMs(2000);
        run.collectNow();
        QVERIFY(run.waitCensus(3));
        const Census c = run.censuses.at(2);
        QVERIFY(c.exhaustive);
        QCOMPARE(idsOf(c.streams), keysOf(server.liveChannels()));
        QVERIFY2(run.waitState(u"(v2, every stream)"_s), qPrintable(run.report()));
    }

    void aStreamKeepsItsIdAcrossVersionsAndRestarts()
    {
        FakeKickServer server(stillWorld(1500, 400));
        QVERIFY(server.listen());
        const KickConfig config = configFor(server);
        Census byV2;
        {
            CollectorRun first(config);
            QVERIFY2(first.runOnce(), qPrintable(first.report()));
            byV2 = first.censuses.at(0);
        }
        QCOMPARE(idsOf(byV2.streams), keysOf(server.liveChannels()));
        QHash<QString, QString> idOfChannel;
        for (const StreamObservation &s : byV2.streams)
            idOfChannel.insert(s.channelId, s.streamId);

        server.setV2Available(false);
        Census byV1;
        {
            CollectorRun fresh(config);
            QVERIFY2(fresh.runOnce(), qPrintable(fresh.report()));
            byV1 = fresh.censuses.at(0);
        }
        QCOMPARE(byV1.streams.size(), 100);
        for (const StreamObservation &s : byV1.streams)
            QCOMPARE(s.streamId, idOfChannel.value(s.channelId));

        // A restart: the first run's sessions are open in the database. v1
        // lists 100 of them; the other 300 are asked for by channel, 50 a
        // request, and go on under the same ids.
        server.clearRequests();
        CollectorRun restarted(config, std::make_shared<SystemClock>(), knownLiveOf(byV2));
        QVERIFY2(restarted.runOnce(), qPrintable(restarted.report()));
        const Census c = restarted.censuses.at(0);
        QCOMPARE(idsOf(c.streams), idsOf(byV2.streams));
        QVERIFY(c.endedStreamIds.isEmpty());
        QVERIFY(!c.exhaustive);
        QVERIFY(!c.partial);
        const QVector<KickRequestRecord> asked = requestsTo(server, ChannelsPath);
        QCOMPARE(asked.size(), 6);
        for (const KickRequestRecord &r : asked)
            QCOMPARE(r.query.allQueryItemValues(u"broadcaster_user_id"_s).size(), 50);
    }

    void aStreamThatEndsBetweenCensusesIsNamedEnded()
    {
        FakeKickServer server(stillWorld(800, 200));
        QVERIFY(server.listen());
        KickConfig config = configFor(server);
        config.once = false;
        CollectorRun run(config);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        QVERIFY(run.censuses.at(0).provesEnded());
        const QVector<FakeKickChannel> live = server.liveChannels();
        QSet<QString> ended;
        for (int i : {0, 77, 150}) {
            QVERIFY(server.endStream(live.at(i).broadcasterUserId));
            ended.insert(keyOf(live.at(i)));
        }
        QVERIFY(server.startStream(server.offlineChannelIds().constFirst()));
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        const Census c = run.censuses.at(1);
        QCOMPARE(idsOf(c.streams), keysOf(server.liveChannels()));
        QVERIFY(c.provesEnded());
        QCOMPARE(setOf(c.endedStreamIds), ended);
        QVERIFY2(run.waitState(u", 3 ended"_s), qPrintable(run.report()));
        const QHash<QString, QString> known = run.knownLive();
        QCOMPARE(QSet<QString>(known.keyBegin(), known.keyEnd()), idsOf(c.streams));
        // Said once: the next census has nothing more to end.
        run.collectNow();
        QVERIFY(run.waitCensus(3));
        QVERIFY(run.censuses.at(2).endedStreamIds.isEmpty());
        QCOMPARE(idsOf(run.censuses.at(2).streams), idsOf(c.streams));
    }

    // The fake cannot move a live stream to another category; to a collector
    // whose filter lost a category, that category's streams are exactly
    // sessions it believes live that its listing no longer shows.
    void aFilteredCensusKeepsStreamsThatLeftItsCategoriesAndEndsTheRest()
    {
        FakeKickServer server(stillWorld(1500, 400));
        QVERIFY(server.listen());
        const int kept = busiestCategory(server);
        const int dropped = secondBusiestCategory(server, kept);
        const QVector<FakeKickChannel> leaving = liveIn(server, {dropped});
        QVERIFY(leaving.size() >= 3);
        KickConfig config = configFor(server);
        config.categoryIds = {QString::number(kept), QString::number(dropped)};
        Census both;
        QHash<QString, QString> known;
        {
            CollectorRun first(config);
            QVERIFY2(first.runOnce(), qPrintable(first.report()));
            both = first.censuses.at(0);
            known = first.knownLive();
        }
        QCOMPARE(idsOf(both.streams), keysOf(liveIn(server, {kept, dropped})));
        QVERIFY(!both.exhaustive);
        QCOMPARE(known, knownLiveOf(both));

        const FakeKickChannel gone = leaving.at(1);
        QVERIFY(server.endStream(gone.broadcasterUserId));
        server.clearRequests();
        config.categoryIds = {QString::number(kept)};
        CollectorRun narrowed(config, std::make_shared<SystemClock>(), known);
        QVERIFY2(narrowed.runOnce(), qPrintable(narrowed.report()));
        const Census c = narrowed.censuses.at(0);
        QCOMPARE(idsOf(c.streams), idsOf(both.streams) - QSet<QString>{keyOf(gone)});
        QCOMPARE(c.endedStreamIds, QStringList{keyOf(gone)});
        QVERIFY(!c.exhaustive);
        QVERIFY(!c.partial);
        int inDropped = 0;
        for (const StreamObservation &s : c.streams)
            inDropped += s.categoryId == QString::number(dropped) ? 1 : 0;
        QCOMPARE(inDropped, leaving.size() - 1);
        // Listed by the one category left; the others asked for by channel.
        for (const KickRequestRecord &r : requestsTo(server, V2Path))
            QCOMPARE(r.query.queryItemValue(u"category_id"_s), QString::number(kept));
        QSet<QString> asked;
        for (const KickRequestRecord &r : requestsTo(server, ChannelsPath))
            for (const QString &id : r.query.allQueryItemValues(u"broadcaster_user_id"_s))
                asked.insert(id);
        QSet<QString> leavingIds;
        for (const FakeKickChannel &f : leaving)
            leavingIds.insert(QString::number(f.broadcasterUserId));
        QCOMPARE(asked, leavingIds);
    }

    void watchedChannelsAreAskedForByIdAndBySlug()
    {
        FakeKickServer server(stillWorld(1500, 400));
        QVERIFY(server.listen());
        const int category = busiestCategory(server);
        QVector<FakeKickChannel> outside;
        for (const FakeKickChannel &c : server.liveChannels())
            if (c.categoryId != category)
                outside.append(c);
        const FakeKickChannel liveById = outside.at(0);
        const FakeKickChannel liveBySlug = outside.at(1);
        const QVector<qint64> offline = server.offlineChannelIds();
        const FakeKickChannel offById = *server.channel(offline.at(0));
        const FakeKickChannel offBySlug = *server.channel(offline.at(1));
        const QString unknown = u"no-such-channel-here"_s;
        KickConfig config = configFor(server);
        config.once = false;
        config.categoryIds = {QString::number(category)};
        config.watchedChannels = {
            QString::number(liveById.broadcasterUserId), liveBySlug.slug.toUpper(),
            QString::number(offById.broadcasterUserId), offBySlug.slug, unknown};
        CollectorRun run(config);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        QSet<QString> expected = keysOf(liveIn(server, {category}));
        expected << keyOf(liveById) << keyOf(liveBySlug);
        QCOMPARE(idsOf(c.streams), expected);
        QVERIFY(!c.exhaustive);
        QVERIFY(!c.partial);
        QVERIFY2(run.waitState(u"no Kick channel named "_s + unknown), qPrintable(run.report()));
        // Followers of every watched channel Kick knows, live or not.
        QVERIFY(QTest::qWaitFor([&] { return !run.channels.isEmpty(); }, 5000));
        QHash<QString, ChannelInfo> refreshed;
        for (const ChannelInfo &info : run.channels.at(0))
            refreshed.insert(info.channelId, info);
        for (const FakeKickChannel &f : {liveById, liveBySlug, offById, offBySlug}) {
            const QString id = QString::number(f.broadcasterUserId);
            QVERIFY2(refreshed.contains(id), qPrintable(f.slug));
            QCOMPARE(refreshed.value(id).followers, f.followers);
            QCOMPARE(refreshed.value(id).login, f.slug);
        }
        // Slugs are looked up once: from then on the channels are watched by
        // id, and a slug Kick does not know is not asked again but still named.
        const auto slugLookups = [&] {
            int n = 0;
            for (const KickRequestRecord &r : requestsTo(server, ChannelsPath))
                n += r.query.hasQueryItem(u"slug"_s) ? 1 : 0;
            return n;
        };
        QCOMPARE(slugLookups(), 3);
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        QCOMPARE(idsOf(run.censuses.at(1).streams), expected);
        QCOMPARE(slugLookups(), 3);
        QVERIFY2(run.waitState(u"no Kick channel named "_s + unknown), qPrintable(run.report()));
    }

    void categoriesAreLearnedAfterTheFirstCensusAndEverySixHours()
    {
        Fake::FakeKickConfig fc = stillWorld(600, 100);
        fc.categories = 230; // three pages of 100
        FakeKickServer server(fc);
        QVERIFY(server.listen());
        auto clock = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        KickConfig config = configFor(server);
        config.once = false;
        CollectorRun run(config, clock);
        run.start();
        QVERIFY2(run.waitCensus(1), qPrintable(run.report()));
        QVERIFY(QTest::qWaitFor([&] { return run.categories.size() == 1; }, 10000));
        QHash<QString, QString> expected;
        for (const Fake::FakeKickCategory &category : server.categories())
            expected.insert(QString::number(category.id), category.name);
        QCOMPARE(expected.size(), 230);
        QHash<QString, QString> learned;
        for (const CategoryInfo &info : run.categories.at(0))
            learned.insert(info.id, info.name);
        QCOMPARE(run.categories.at(0).size(), 230);
        QCOMPARE(learned, expected);
        QCOMPARE(server.callCount(KickRoute::CategoriesV2), 3);
        // Not again within six hours...
        clock->advanceMs(60 * 60 * 1000);
        run.collectNow();
        QVERIFY(run.waitCensus(2));
        QTest::qWait(200);
        QCOMPARE(server.callCount(KickRoute::CategoriesV2), 3);
        QCOMPARE(run.categories.size(), 1);
        // ... and again after them.
        clock->advanceMs(5 * 60 * 60 * 1000);
        run.collectNow();
        QVERIFY(run.waitCensus(3));
        QVERIFY(QTest::qWaitFor([&] { return run.categories.size() == 2; }, 10000));
        QCOMPARE(server.callCount(KickRoute::CategoriesV2), 6);
    }

    void filtersAreSentAndOnlyMatchingStreamsListed_data()
    {
        QTest::addColumn<bool>("v2");
        QTest::newRow("v2") << true;
        QTest::newRow("v1") << false;
    }
    void filtersAreSentAndOnlyMatchingStreamsListed()
    {
        QFETCH(bool, v2);
        FakeKickServer server(stillWorld(1500, 500));
        QVERIFY(server.listen());
        server.setV2Available(v2);
        const int first = busiestCategory(server);
        const int second = secondBusiestCategory(server, first);
        QVector<FakeKickChannel> expected;
        QHash<int, int> perCategory;
        for (const FakeKickChannel &c : liveIn(server, {first, second}))
            if (c.language == u"en") {
                expected.append(c);
                ++perCategory[c.categoryId];
            }
        // v1 lists at most 100 a category.
        QVERIFY(perCategory.value(first) < 100 && perCategory.value(second) > 0);
        KickConfig config = configFor(server);
        config.pageSize = 10; // v2 pages through each filtered listing
        // Blanks and repeats are dropped; the language is taken in lower case.
        config.categoryIds = {QString::number(first), u" "_s,
                              u" "_s + QString::number(first) + u" "_s, QString::number(second)};
        config.language = u" EN "_s;
        CollectorRun run(config);
        QVERIFY2(run.runOnce(), qPrintable(run.report()));
        const Census c = run.censuses.at(0);
        QCOMPARE(idsOf(c.streams), keysOf(expected));
        QVERIFY(!c.exhaustive);
        QVERIFY(!c.partial);
        for (const StreamObservation &s : c.streams) {
            QCOMPARE(s.language, u"en"_s);
            QVERIFY(s.categoryId == QString::number(first) ||
                    s.categoryId == QString::number(second));
        }
        const QVector<KickRequestRecord> listed = requestsTo(server, v2 ? V2Path : V1Path);
        QSet<QString> categories;
        for (const KickRequestRecord &r : listed) {
            QCOMPARE(r.status, 200);
            QCOMPARE(r.query.queryItemValue(v2 ? u"language_code"_s : u"language"_s), u"en"_s);
            categories.insert(r.query.queryItemValue(u"category_id"_s));
        }
        QCOMPARE(categories, (QSet<QString>{QString::number(first), QString::number(second)}));
        if (v2)
            QVERIFY(listed.size() > 2); // paged, with the filter on every page
        else
            QCOMPARE(listed.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestKickCollector)
#include "tst_kickcollector.moc"
