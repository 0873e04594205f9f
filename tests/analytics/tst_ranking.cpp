// Ranking and trend maths: rank order, rank change, 24-hour peak, uptime,
// trend score, duplicates and ended streams; and, against a naive model that
// keeps every sample, long runs that overflow the state's inline rings.
#include "ranking.h"
#include "rankingstate.h"
#include "trend.h"

#include <QTest>

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <vector>

using namespace StreamRank;

namespace {
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Day = 24 * 60 * Minute;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 T0 = 1'790'000'000'000; // a fixed epoch time (2026)

StreamObservation obs(const QString &id, qint32 viewers, qint64 startedAt = T0 - Hour)
{
    StreamObservation o;
    o.streamId = id;
    o.channelId = QStringLiteral("c-") + id;
    o.channelLogin = id;
    o.channelName = id.toUpper();
    o.title = QStringLiteral("Title of ") + id;
    o.categoryName = QStringLiteral("Chess");
    o.language = QStringLiteral("en");
    o.startedAtMs = startedAt;
    o.viewers = viewers;
    return o;
}

Census census(qint64 t, QVector<StreamObservation> streams, Platform p = Platform::Demo,
              bool partial = false)
{
    Census c;
    c.platform = p;
    c.takenAtMs = t;
    c.partial = partial;
    c.streams = std::move(streams);
    return c;
}

const RankedStream *find(const RankingSnapshot &s, const QString &id)
{
    for (const auto &r : s.rows)
        if (r.streamId() == id)
            return &r;
    return nullptr;
}
} // namespace

class TestRanking : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trendFormulaMatchesDocumentedPoints()
    {
        QCOMPARE(trendScore(100, 100), 0.5);
        // Doubling: 1 / (1 + e^(-4 ln(201/101))) — computed by hand: ratio^4 / (1 + ratio^4).
        const double ratio = 201.0 / 101.0;
        const double expected = std::pow(ratio, 4) / (1 + std::pow(ratio, 4));
        QVERIFY(std::abs(trendScore(200, 100) - expected) < 1e-12);
        QVERIFY(trendScore(200, 100) > 0.93 && trendScore(200, 100) < 0.95);
        QVERIFY(trendScore(50, 100) > 0.05 && trendScore(50, 100) < 0.07);
        QVERIFY(trendScore(0, 0) == 0.5);
        // Symmetric around 0.5 in log space.
        QVERIFY(std::abs(trendScore(399, 99) + trendScore(99, 399) - 1.0) < 1e-12);
    }

    void ranksByViewersWithStableTieBreak()
    {
        Ranker ranker;
        const auto snap =
            ranker.apply(census(T0, {obs(QStringLiteral("b"), 50), obs(QStringLiteral("a"), 900),
                                     obs(QStringLiteral("c"), 50)}));
        QCOMPARE(snap.rows.size(), 3);
        QCOMPARE(snap.rows[0].streamId(), QStringLiteral("a"));
        // The tie: by tie key (a hash of the id), not by the listing order.
        QCOMPARE(snap.rows[1].viewers, snap.rows[2].viewers);
        QVERIFY(snap.rows[1].tieKey < snap.rows[2].tieKey);
        const auto again =
            Ranker().apply(census(T0, {obs(QStringLiteral("c"), 50), obs(QStringLiteral("a"), 900),
                                       obs(QStringLiteral("b"), 50)}));
        QCOMPARE(again.rows[1].streamId(), snap.rows[1].streamId());
        QCOMPARE(again.rows[2].streamId(), snap.rows[2].streamId());
        QCOMPARE(snap.rows[0].rank, 1);
        QCOMPARE(snap.rows[2].rank, 3);
        QCOMPARE(snap.totalViewers, 1000);
        for (const auto &r : snap.rows)
            QVERIFY(r.isNew);
    }

    void rankChangeSincePreviousCensus()
    {
        Ranker ranker;
        ranker.apply(census(T0, {obs(QStringLiteral("a"), 300), obs(QStringLiteral("b"), 200),
                                 obs(QStringLiteral("c"), 100)}));
        const auto snap = ranker.apply(
            census(T0 + 2 * Minute, {obs(QStringLiteral("c"), 500), obs(QStringLiteral("a"), 300),
                                     obs(QStringLiteral("d"), 250)}));
        QCOMPARE(find(snap, QStringLiteral("c"))->rankChange, 2);  // 3 → 1
        QCOMPARE(find(snap, QStringLiteral("a"))->rankChange, -1); // 1 → 2
        QVERIFY(find(snap, QStringLiteral("d"))->isNew);
        QVERIFY(!find(snap, QStringLiteral("a"))->isNew);
        QVERIFY(find(snap, QStringLiteral("b")) == nullptr); // ended
    }

    void peakIsTheMaximumOfTheLast24Hours()
    {
        Ranker ranker;
        const qint64 start = T0 - Hour;
        ranker.apply(census(T0, {obs(QStringLiteral("a"), 1000, start)}));
        auto snap = ranker.apply(census(T0 + Hour, {obs(QStringLiteral("a"), 400, start)}));
        QCOMPARE(find(snap, QStringLiteral("a"))->peak24h, 1000);
        snap = ranker.apply(census(T0 + 23 * Hour, {obs(QStringLiteral("a"), 700, start)}));
        QCOMPARE(find(snap, QStringLiteral("a"))->peak24h, 1000);
        // 24 h after the 1,000 sample it falls out of the window; 700 is the max left.
        snap =
            ranker.apply(census(T0 + 24 * Hour + Minute, {obs(QStringLiteral("a"), 300, start)}));
        QCOMPARE(find(snap, QStringLiteral("a"))->peak24h, 700);
        QCOMPARE(find(snap, QStringLiteral("a"))->uptimeMs, 25 * Hour + Minute);
    }

    void trendUsesTheStreamsOwnRecentBaseline()
    {
        Ranker ranker; // 30-minute window
        ranker.apply(census(T0, {obs(QStringLiteral("up"), 100), obs(QStringLiteral("down"), 100),
                                 obs(QStringLiteral("flat"), 100)}));
        ranker.apply(census(T0 + 10 * Minute,
                            {obs(QStringLiteral("up"), 100), obs(QStringLiteral("down"), 100),
                             obs(QStringLiteral("flat"), 100)}));
        const auto snap = ranker.apply(census(
            T0 + 20 * Minute, {obs(QStringLiteral("up"), 300), obs(QStringLiteral("down"), 40),
                               obs(QStringLiteral("flat"), 100)}));
        QCOMPARE(find(snap, QStringLiteral("flat"))->trend, 0.5);
        QVERIFY(std::abs(find(snap, QStringLiteral("up"))->trend - trendScore(300, 100)) < 1e-12);
        QVERIFY(find(snap, QStringLiteral("up"))->trend > 0.9);
        QVERIFY(find(snap, QStringLiteral("down"))->trend < 0.1);

        // Samples older than the window no longer count: baseline is only the 300 and 100s within
        // 30 min.
        const auto later = ranker.apply(census(T0 + 45 * Minute, {obs(QStringLiteral("up"), 300)}));
        // Window (15, 45) min holds only the 300 sample at 20 min.
        QCOMPARE(find(later, QStringLiteral("up"))->trend, 0.5);
    }

    void newStreamHasNeutralTrend()
    {
        Ranker ranker;
        const auto snap = ranker.apply(census(T0, {obs(QStringLiteral("a"), 5000)}));
        QCOMPARE(snap.rows[0].trend, 0.5);
    }

    void duplicatesWithinACensusCountOnce()
    {
        Ranker ranker;
        const auto snap =
            ranker.apply(census(T0, {obs(QStringLiteral("a"), 900), obs(QStringLiteral("b"), 500),
                                     obs(QStringLiteral("a"), 880)}));
        QCOMPARE(snap.rows.size(), 2);
        QCOMPARE(find(snap, QStringLiteral("a"))->viewers, 900);
    }

    void partialCensusDoesNotForgetMissingStreamsState()
    {
        Ranker ranker;
        ranker.apply(census(T0, {obs(QStringLiteral("a"), 1000), obs(QStringLiteral("b"), 10)}));
        ranker.apply(census(T0 + 2 * Minute, {obs(QStringLiteral("b"), 10)}, Platform::Demo, true));
        const auto snap = ranker.apply(
            census(T0 + 4 * Minute, {obs(QStringLiteral("a"), 500), obs(QStringLiteral("b"), 10)}));
        // The 1,000 peak survived the partial census.
        QCOMPARE(find(snap, QStringLiteral("a"))->peak24h, 1000);
    }

    void topNCensusDoesNotForgetStreamsBelowN()
    {
        Ranker ranker;
        ranker.apply(census(T0, {obs(QStringLiteral("a"), 1000), obs(QStringLiteral("b"), 10)}));
        Census top = census(T0 + 2 * Minute, {obs(QStringLiteral("a"), 900)});
        top.exhaustive = false;
        ranker.apply(top);
        const auto snap = ranker.apply(
            census(T0 + 4 * Minute, {obs(QStringLiteral("a"), 500), obs(QStringLiteral("b"), 8)}));
        // b kept its history through the top-N census: not new, peak intact.
        QCOMPARE(find(snap, QStringLiteral("b"))->peak24h, 10);
        QVERIFY(!find(snap, QStringLiteral("b"))->isNew);
    }

    void platformsAreRankedTogether()
    {
        Ranker ranker;
        ranker.apply(census(T0, {obs(QStringLiteral("x"), 100)}, Platform::Demo));
        const auto snap =
            ranker.apply(census(T0 + Minute, {obs(QStringLiteral("y"), 200)}, Platform::Twitch));
        QCOMPARE(snap.rows.size(), 2);
        QCOMPARE(snap.rows[0].platform, Platform::Twitch);
        QCOMPARE(snap.rows[1].platform, Platform::Demo);
        QCOMPARE(snap.rows[1].rank, 2);
    }

    void warmedHistoryFeedsPeakAndTrend()
    {
        Ranker ranker;
        ranker.warmSample(Platform::Demo, QStringLiteral("a"), T0 - 10 * Minute, 2000);
        ranker.warmSample(Platform::Demo, QStringLiteral("a"), T0 - 5 * Minute, 1000);
        const auto snap = ranker.apply(census(T0, {obs(QStringLiteral("a"), 1500)}));
        QCOMPARE(snap.rows[0].peak24h, 2000);
        QVERIFY(std::abs(snap.rows[0].trend - trendScore(1500, 1500)) < 1e-12);
    }

    void sampleDequeMatchesStdDeque()
    {
        // Random pushes and pops at both ends, so the ring wraps around
        // before it spills to the heap and again after.
        SampleDeque<8> ring;
        std::deque<qint64> expected;
        QRandomGenerator rng(7);
        for (int op = 0; op < 20000; ++op) {
            const quint32 what = rng.bounded(10);
            if (what < 5 || expected.empty()) {
                ring.pushBack({op * 1000LL, qint32(op)});
                expected.push_back(op);
            } else if (what < 8) {
                ring.popFront();
                expected.pop_front();
            } else {
                ring.popBack();
                expected.pop_back();
            }
            QCOMPARE(ring.size(), int(expected.size()));
            for (int i = 0; i < ring.size(); ++i) {
                QCOMPARE(ring[i].viewers, qint32(expected[std::size_t(i)]));
                QCOMPARE(ring[i].tMs, expected[std::size_t(i)] * 1000);
            }
        }
    }

    // Times are 32-bit offsets from a base that moves: a 24/7 stream of 60
    // days (hourly samples, the queue never empty) keeps every time exact.
    void sampleDequeTimesStayExactAcrossRebases()
    {
        SampleDeque<8> ring;
        std::deque<qint64> expected;
        const qint64 start = 1'780'000'000'123LL;
        for (int h = 0; h < 60 * 24; ++h) {
            const qint64 t = start + h * 3'600'000LL + (h % 7); // odd milliseconds too
            ring.pushBack({t, h});
            expected.push_back(t);
            if (expected.size() > 30) {
                ring.popFront();
                expected.pop_front();
            }
            QCOMPARE(ring.size(), int(expected.size()));
            QCOMPARE(ring.front().tMs, expected.front());
            QCOMPARE(ring.back().tMs, expected.back());
            QCOMPARE(ring.back().viewers, h);
        }
        for (int i = 0; i < ring.size(); ++i)
            QCOMPARE(ring[i].tMs, expected[std::size_t(i)]);

        // Out of order: 10 days older than what it holds fits and is exact;
        // beyond 12.4 days older it is outside every window and not kept.
        SampleDeque<4> late;
        late.pushBack({start + 20 * Day, 1});
        late.pushBack({start + 10 * Day, 2});
        QCOMPARE(late.size(), 2);
        QCOMPARE(late[1].tMs, start + 10 * Day);
        QCOMPARE(late[0].tMs, start + 20 * Day);
        late.pushBack({start, 3});
        QCOMPARE(late.size(), 2);
        // A sample 13 days newer than the front drops what is that old.
        late.pushBack({start + 33 * Day, 4});
        QCOMPARE(late.size(), 1);
        QCOMPARE(late.front().tMs, start + 33 * Day);
        QCOMPARE(late.front().viewers, 4);
    }

    void streamThatLeavesAndReentersStartsFresh()
    {
        Ranker ranker;
        ranker.apply(census(T0, {obs(QStringLiteral("a"), 1000), obs(QStringLiteral("b"), 10)}));
        QCOMPARE(ranker.trackedStreams(), 2);
        // A complete census without "a": it ended, and its state goes.
        auto snap = ranker.apply(census(T0 + 2 * Minute, {obs(QStringLiteral("b"), 10)}));
        QCOMPARE(ranker.trackedStreams(), 1);
        QCOMPARE(snap.rows.size(), 1);
        snap = ranker.apply(
            census(T0 + 4 * Minute, {obs(QStringLiteral("b"), 10), obs(QStringLiteral("a"), 500)}));
        const RankedStream *a = find(snap, QStringLiteral("a"));
        QVERIFY(a->isNew);
        QCOMPARE(a->rankChange, 0);
        QCOMPARE(a->peak24h, 500); // not the 1,000 of its previous session
        QCOMPARE(a->trend, 0.5);   // no baseline yet
        QCOMPARE(a->rank, 1);
        QCOMPARE(find(snap, QStringLiteral("b"))->rankChange, -1);
    }

    void equalViewersKeepOneOrderWhateverTheListingAndHistory()
    {
        // Many streams with the same count: ordered by their tie keys (a
        // hash of the id), so the order neither churns from census to
        // census nor depends on what came before: the same census ranks the
        // same in a ranker that saw nothing else (a restart ranking the
        // stored census again gets the ranks it had).
        constexpr int Count = 3000;
        QVector<StreamObservation> first;
        for (int i = 0; i < Count; ++i)
            first.push_back(obs(QStringLiteral("s%1").arg(i), i % 3 == 0 ? 7 : 3));
        Ranker ranker;
        const auto before = ranker.apply(census(T0, first));
        for (int i = 1; i < Count; ++i) {
            const RankedStream &a = before.rows[i - 1];
            const RankedStream &b = before.rows[i];
            QVERIFY(a.viewers > b.viewers || (a.viewers == b.viewers && a.tieKey <= b.tieKey));
        }
        // Listed the other way round, with two newcomers of the count 7.
        QVector<StreamObservation> second(first.rbegin(), first.rend());
        second.push_back(obs(QStringLiteral("late-b"), 7));
        second.push_back(obs(QStringLiteral("late-a"), 7));
        const auto after = ranker.apply(census(T0 + 2 * Minute, second));
        QCOMPARE(after.rows.size(), Count + 2);
        // The streams of the first census keep their order among themselves;
        // each moves down only by the newcomers now above it.
        QStringList kept;
        int newcomersAbove = 0;
        for (const RankedStream &r : after.rows) {
            if (r.streamId().startsWith(QStringLiteral("late-"))) {
                QVERIFY(r.isNew);
                ++newcomersAbove;
                continue;
            }
            kept.append(r.streamId());
            QCOMPARE(r.rankChange, -newcomersAbove);
        }
        QCOMPARE(newcomersAbove, 2);
        QStringList was;
        for (const RankedStream &r : before.rows)
            was.append(r.streamId());
        QCOMPARE(kept, was);
        // History-free: a ranker seeing only the second census ranks it the same.
        Ranker fresh;
        const auto alone = fresh.apply(census(T0 + 2 * Minute, second));
        for (int i = 0; i < Count + 2; ++i)
            QCOMPARE(alone.rows[i].streamId(), after.rows[i].streamId());
    }

    void rowsAreOrderedByViewersThenTieKeyWhateverTheCounts()
    {
        // Counts from hidden to 16 million, many equal: every row below the
        // one above it by (viewers descending, tie key), hidden ones last.
        QRandomGenerator rng(42);
        QVector<StreamObservation> listed;
        for (int i = 0; i < 20000; ++i) {
            const quint32 kind = rng.bounded(4);
            const qint32 v = kind == 0   ? StreamObservation::UnknownViewers
                             : kind == 1 ? qint32(rng.bounded(5))
                             : kind == 2 ? qint32(rng.bounded(70000))
                                         : qint32(rng.bounded(1 << 24));
            listed.push_back(obs(QStringLiteral("r%1").arg(i), v));
        }
        Ranker ranker;
        const auto snap = ranker.apply(census(T0, listed));
        QCOMPARE(snap.rows.size(), listed.size());
        for (qsizetype i = 1; i < snap.rows.size(); ++i) {
            const RankedStream &a = snap.rows[i - 1];
            const RankedStream &b = snap.rows[i];
            QCOMPARE(b.rank, a.rank + 1);
            QVERIFY2(a.viewers > b.viewers || (a.viewers == b.viewers && a.tieKey <= b.tieKey),
                     qPrintable(QStringLiteral("%1: %2/%3 before %4/%5")
                                    .arg(i)
                                    .arg(a.viewers)
                                    .arg(a.tieKey)
                                    .arg(b.viewers)
                                    .arg(b.tieKey)));
        }
        QVERIFY(!snap.rows.constLast().viewersKnown());
    }

    // A census every 2 minutes for 2 hours, then every minute up to 26 hours
    // (the trend window then holds 30 samples, the 24-hour peak of a
    // declining stream 1,440, so both rings outgrow their inline room, once
    // wrapped around), streams leaving and coming back, ids short and long:
    // peak and trend must equal what every stored sample gives.
    void longRunsMatchANaiveModel()
    {
        Ranker ranker;
        QRandomGenerator rng(42);
        const QStringList ids = {QStringLiteral("1234567"),
                                 QStringLiteral("declining"),
                                 QStringLiteral("sawtooth"),
                                 QStringLiteral("sixteen-units-id"),
                                 QStringLiteral("an-id-of-twenty-one-u"),
                                 QStringLiteral("an-id-well-beyond-twenty-four-units"),
                                 QStringLiteral("comes-and-goes")};
        std::map<QString, std::vector<std::pair<qint64, qint32>>> history; // the naive model
        for (int c = 0; c < 26 * 60; ++c) {
            const qint64 t = T0 + (c < 60 ? 2 * c : c + 60) * Minute;
            QVector<StreamObservation> listed;
            for (int k = 0; k < ids.size(); ++k) {
                const QString &id = ids[k];
                if (id == QStringLiteral("comes-and-goes") && (c / 45) % 2 == 1)
                    continue;
                qint32 v = qint32(rng.bounded(5000));
                if (id == QStringLiteral("declining"))
                    v = 1'000'000 - c * 100;
                else if (id == QStringLiteral("sawtooth"))
                    v = 50'000 - (c % 200) * 37;
                else if (k == 0)
                    v = qint32(rng.bounded(4)); // many equal counts
                listed.push_back(obs(id, v, T0 - Hour));
            }
            for (auto it = history.begin(); it != history.end();) {
                const bool live = std::any_of(listed.begin(), listed.end(), [&](const auto &o) {
                    return o.streamId == it->first;
                });
                it = live ? std::next(it) : history.erase(it); // a complete census ends it
            }
            const auto snap = ranker.apply(census(t, listed));
            QCOMPARE(snap.rows.size(), listed.size());
            for (const StreamObservation &o : listed) {
                auto &samples = history[o.streamId];
                double sum = 0;
                int n = 0;
                qint32 peak = o.viewers;
                for (const auto &[st, sv] : samples) {
                    if (st >= t - DefaultTrendWindowMs) {
                        sum += sv;
                        ++n;
                    }
                    if (st >= t - 24 * Hour)
                        peak = std::max(peak, sv);
                }
                samples.emplace_back(t, o.viewers);
                const RankedStream *r = find(snap, o.streamId);
                QVERIFY(r);
                QCOMPARE(r->peak24h, peak);
                // Exactly: the running sum is the same integer the loop adds up.
                QVERIFY(r->trend == (n > 0 ? trendScore(o.viewers, sum / n) : 0.5));
                QCOMPARE(r->isNew, samples.size() == 1);
            }
        }
        QCOMPARE(ranker.trackedStreams(), ids.size()); // "comes-and-goes" is live at the end
    }

    // A count the platform hides (UnknownViewers): ranked below every count,
    // 0 included, in a stable order; left out of the total; no trend; the
    // peak is the known one.
    void hiddenCountsRankLastAndStayOutOfTotalsAndTrends()
    {
        constexpr qint32 hidden = StreamObservation::UnknownViewers;
        Ranker ranker;
        RankingSnapshot snap = ranker.apply(
            census(T0, {obs(QStringLiteral("h1"), hidden), obs(QStringLiteral("zero"), 0),
                        obs(QStringLiteral("h2"), hidden), obs(QStringLiteral("b"), 10)}));
        // The two hidden ones last, in their tie keys' order.
        const bool h1First =
            find(snap, QStringLiteral("h1"))->tieKey < find(snap, QStringLiteral("h2"))->tieKey;
        const QString firstHidden = h1First ? QStringLiteral("h1") : QStringLiteral("h2");
        const QString secondHidden = h1First ? QStringLiteral("h2") : QStringLiteral("h1");
        QStringList order;
        for (const RankedStream &r : snap.rows)
            order.append(r.streamId());
        QCOMPARE(order, (QStringList{QStringLiteral("b"), QStringLiteral("zero"), firstHidden,
                                     secondHidden}));
        QCOMPARE(snap.totalViewers, 10);
        QCOMPARE(snap.hiddenCount, 2);
        const RankedStream *h1 = find(snap, QStringLiteral("h1"));
        QVERIFY(!h1->viewersKnown());
        QVERIFY(!h1->peakKnown());
        QVERIFY(!h1->hasTrend());
        QCOMPARE(h1->trend, RankedStream::NoTrend);

        // Listed the other way round, and one as -5: the same order.
        snap = ranker.apply(census(
            T0 + 2 * Minute, {obs(QStringLiteral("h2"), -5), obs(QStringLiteral("h1"), hidden),
                              obs(QStringLiteral("zero"), 0), obs(QStringLiteral("b"), 10)}));
        QCOMPARE(snap.rows.at(2).streamId(), firstHidden);
        QCOMPARE(snap.rows.at(3).streamId(), secondHidden);
        QCOMPARE(snap.rows.at(3).viewers, hidden);
        QCOMPARE(snap.rows.at(3).rankChange, 0);

        // h1 shows 50: first. b hides its count: below every count, with h2
        // in their tie keys' order, its peak still the 10 it had, no trend.
        snap = ranker.apply(
            census(T0 + 4 * Minute,
                   {obs(QStringLiteral("h1"), 50), obs(QStringLiteral("zero"), 0),
                    obs(QStringLiteral("h2"), hidden), obs(QStringLiteral("b"), hidden)}));
        QCOMPARE(snap.rows.at(0).streamId(), QStringLiteral("h1"));
        QCOMPARE(snap.rows.at(0).rankChange, h1First ? 2 : 3);
        QCOMPARE(snap.rows.at(1).streamId(), QStringLiteral("zero"));
        const RankedStream *b = find(snap, QStringLiteral("b"));
        const RankedStream *h2 = find(snap, QStringLiteral("h2"));
        QCOMPARE(b->rank, b->tieKey < h2->tieKey ? 3 : 4);
        QCOMPARE(b->rankChange, 1 - b->rank);
        QCOMPARE(h2->rank, 7 - b->rank);
        QCOMPARE(b->peak24h, 10);
        QVERIFY(!b->hasTrend());
        QCOMPARE(snap.totalViewers, 50);
        QCOMPARE(snap.hiddenCount, 2);
        // The hidden counts were no part of b's trend window: back at 10,
        // b is flat against its own known 10s, not risen from 0.
        snap = ranker.apply(census(T0 + 6 * Minute, {obs(QStringLiteral("b"), 10)}));
        QCOMPARE(find(snap, QStringLiteral("b"))->trend, 0.5);
    }

    void warmedHiddenCountsFeedNeitherPeakNorTrend()
    {
        constexpr qint32 hidden = StreamObservation::UnknownViewers;
        Ranker ranker;
        for (int i = 0; i < 10; ++i)
            ranker.warmSample(Platform::Demo, QStringLiteral("a"), T0 + i * Minute,
                              i % 2 ? hidden : 200);
        ranker.warmSample(Platform::Demo, QStringLiteral("dark"), T0, hidden);
        const RankingSnapshot snap =
            ranker.apply(census(T0 + 10 * Minute, {obs(QStringLiteral("a"), 200),
                                                   obs(QStringLiteral("dark"), hidden)}));
        QCOMPARE(find(snap, QStringLiteral("a"))->peak24h, 200);
        QCOMPARE(find(snap, QStringLiteral("a"))->trend, 0.5);
        QCOMPARE(find(snap, QStringLiteral("dark"))->peak24h, hidden);
    }
};

QTEST_GUILESS_MAIN(TestRanking)
#include "tst_ranking.moc"
