// What users and later layers rely on from the Demo platform's simulation:
// reproducible censuses, a realistic shape (daily cycle, heavy tail, churn),
// and raids that are visible in the data and recorded as ground truth.

#include "demosimulation.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace StreamRank;

namespace {

constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;

qint64 utcMs(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), QTimeZone::utc())
        .toMSecsSinceEpoch();
}

// Midnight UTC: the simulated evening peak is 20:00, the trough 08:00.
const qint64 T0 = utcMs(21, 0);

void compareCensuses(const Census &a, const Census &b)
{
    QCOMPARE(a.platform, b.platform);
    QCOMPARE(a.takenAtMs, b.takenAtMs);
    QCOMPARE(a.partial, b.partial);
    QCOMPARE(a.stats.requests, b.stats.requests);
    QCOMPARE(a.stats.errors, b.stats.errors);
    QCOMPARE(a.stats.quotaUsed, b.stats.quotaUsed);
    QCOMPARE(a.stats.durationMs, b.stats.durationMs);
    QCOMPARE(a.stats.pagesOk, b.stats.pagesOk);
    QCOMPARE(a.stats.pagesFailed, b.stats.pagesFailed);
    QCOMPARE(a.stats.malformedItems, b.stats.malformedItems);
    QCOMPARE(a.streams.size(), b.streams.size());
    for (qsizetype i = 0; i < a.streams.size(); ++i) {
        const StreamObservation &x = a.streams[i];
        const StreamObservation &y = b.streams[i];
        QCOMPARE(x.streamId, y.streamId);
        QCOMPARE(x.channelId, y.channelId);
        QCOMPARE(x.channelLogin, y.channelLogin);
        QCOMPARE(x.channelName, y.channelName);
        QCOMPARE(x.title, y.title);
        QCOMPARE(x.categoryId, y.categoryId);
        QCOMPARE(x.categoryName, y.categoryName);
        QCOMPARE(x.language, y.language);
        QCOMPARE(x.startedAtMs, y.startedAtMs);
        QCOMPARE(x.viewers, y.viewers);
    }
}

QVector<qint32> sortedViewers(const Census &census)
{
    QVector<qint32> v;
    v.reserve(census.streams.size());
    for (const auto &s : census.streams)
        v.append(s.viewers);
    std::sort(v.begin(), v.end());
    return v;
}

QHash<QString, StreamObservation> byStreamId(const Census &census)
{
    QHash<QString, StreamObservation> map;
    for (const auto &s : census.streams)
        map.insert(s.streamId, s);
    return map;
}

} // namespace

class TestDemoSimulation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSeedGivesTheSameCensusWhateverTheCallPattern();
    void goingBackInTimeReplaysTheSameHistory();
    void differentSeedGivesADifferentPlatform();
    void everyCensusIsWellFormed_data();
    void everyCensusIsWellFormed();
    void beforeTheStartThereIsNothingLive();
    void peakHourHasThePeakStreamCountAndTheTroughFarFewer();
    void dozensOfCategoriesAndSeveralLanguagesAppearOverADay();
    void audienceIsHeavyTailed();
    void streamsStartAndEndOverTime();
    void viewerSeriesMoveGently();
    void restartingTheDemoNeverReusesStreamIds();
    void raidsAreRecordedAndClearlyVisible();
};

void TestDemoSimulation::sameSeedGivesTheSameCensusWhateverTheCallPattern()
{
    const DemoConfig config;
    {
        DemoSimulation direct(config, T0);
        DemoSimulation stepwise(config, T0);
        const Census a = direct.censusAt(T0 + 4 * MinuteMs);
        stepwise.censusAt(T0 + 2 * MinuteMs);
        const Census b = stepwise.censusAt(T0 + 4 * MinuteMs);
        compareCensuses(a, b);
        if (QTest::currentTestFailed())
            return;
    }
    {
        // Hours later, off the minute grid, after many intermediate calls.
        const qint64 t = T0 + 3 * HourMs + 17'000;
        DemoSimulation direct(config, T0);
        DemoSimulation stepwise(config, T0);
        for (qint64 at = T0; at < t; at += 10 * MinuteMs)
            stepwise.censusAt(at);
        const Census a = direct.censusAt(t);
        const Census b = stepwise.censusAt(t);
        QVERIFY(!a.streams.isEmpty());
        compareCensuses(a, b);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(direct.raids(), stepwise.raids());
    }
}

void TestDemoSimulation::goingBackInTimeReplaysTheSameHistory()
{
    const DemoConfig config;
    DemoSimulation rewound(config, T0);
    rewound.censusAt(T0 + 5 * HourMs);
    const Census again = rewound.censusAt(T0 + 2 * HourMs);

    DemoSimulation fresh(config, T0);
    compareCensuses(again, fresh.censusAt(T0 + 2 * HourMs));
    if (QTest::currentTestFailed())
        return;
    // Raids after the rewound time have not happened (yet) either.
    QCOMPARE(rewound.raids(), fresh.raids());
}

void TestDemoSimulation::differentSeedGivesADifferentPlatform()
{
    DemoConfig other;
    other.seed += 1;
    DemoSimulation a(DemoConfig{}, T0);
    DemoSimulation b(other, T0);
    const Census ca = a.censusAt(T0 + HourMs);
    const Census cb = b.censusAt(T0 + HourMs);

    QSet<QString> loginsA;
    for (const auto &s : ca.streams)
        loginsA.insert(s.channelLogin);
    int shared = 0;
    for (const auto &s : cb.streams)
        shared += loginsA.contains(s.channelLogin) ? 1 : 0;
    // Generated names may collide by chance, but not wholesale.
    QVERIFY2(shared < cb.streams.size() / 4, qPrintable(QString::number(shared)));
    QVERIFY(sortedViewers(ca) != sortedViewers(cb));
}

void TestDemoSimulation::everyCensusIsWellFormed_data()
{
    QTest::addColumn<qint64>("offsetMs");
    QTest::newRow("at start") << qint64(0);
    QTest::newRow("between steps") << MinuteMs + 30'000;
    QTest::newRow("morning trough") << 8 * HourMs;
    QTest::newRow("evening peak") << 20 * HourMs;
    QTest::newRow("next day") << 31 * HourMs + 7 * MinuteMs;
}

void TestDemoSimulation::everyCensusIsWellFormed()
{
    QFETCH(qint64, offsetMs);
    DemoSimulation sim(DemoConfig{}, T0);
    const qint64 t = T0 + offsetMs;
    const Census census = sim.censusAt(t);

    QCOMPARE(census.platform, Platform::Demo);
    QCOMPARE(census.takenAtMs, t);
    QVERIFY(!census.partial);
    QVERIFY(census.streams.size() > 1000);
    const int pages = static_cast<int>((census.streams.size() + 99) / 100);
    QCOMPARE(census.stats.requests, pages);
    QCOMPARE(census.stats.pagesOk, pages);
    QCOMPARE(census.stats.pagesFailed, 0);
    QVERIFY(census.stats.durationMs > 0);

    QSet<QString> streamIds;
    QSet<QString> channelIds;
    for (qsizetype i = 0; i < census.streams.size(); ++i) {
        const StreamObservation &s = census.streams[i];
        QVERIFY2(!streamIds.contains(s.streamId), qPrintable(s.streamId));
        streamIds.insert(s.streamId);
        // A channel broadcasts one session at a time.
        QVERIFY2(!channelIds.contains(s.channelId), qPrintable(s.channelId));
        channelIds.insert(s.channelId);
        QVERIFY(s.viewers >= 0);
        if (i > 0)
            QVERIFY(census.streams[i - 1].viewers >= s.viewers);
        QVERIFY(!s.channelLogin.isEmpty() && !s.channelName.isEmpty() && !s.title.isEmpty());
        QVERIFY(!s.categoryId.isEmpty() && !s.categoryName.isEmpty());
        QCOMPARE(s.language.size(), 2);
        QVERIFY(s.startedAtMs <= t);
        QVERIFY2(t - s.startedAtMs <= 9 * HourMs + MinuteMs, qPrintable(s.streamId));
    }
}

void TestDemoSimulation::beforeTheStartThereIsNothingLive()
{
    DemoSimulation sim(DemoConfig{}, T0);
    const Census census = sim.censusAt(T0 - 1);
    QCOMPARE(census.takenAtMs, T0 - 1);
    QVERIFY(census.streams.isEmpty());
}

void TestDemoSimulation::peakHourHasThePeakStreamCountAndTheTroughFarFewer()
{
    const DemoConfig config;
    DemoSimulation sim(config, T0);
    qint64 troughViewers = 0;
    qint64 peakViewers = 0;
    int troughLive = 0;
    for (int h : {7, 8, 9}) {
        const Census c = sim.censusAt(T0 + h * HourMs);
        troughViewers += c.totalViewers();
        if (h == 8)
            troughLive = static_cast<int>(c.streams.size());
    }
    int peakLive = 0;
    for (int h : {19, 20, 21}) {
        const Census c = sim.censusAt(T0 + h * HourMs);
        peakViewers += c.totalViewers();
        if (h == 20)
            peakLive = static_cast<int>(c.streams.size());
    }

    QVERIFY2(peakLive >= 3000, qPrintable(QString::number(peakLive)));
    QVERIFY(peakLive >= config.peakConcurrentStreams * 95 / 100);
    QVERIFY2(troughLive >= peakLive * 30 / 100 && troughLive <= peakLive * 50 / 100,
             qPrintable(QStringLiteral("trough %1 peak %2").arg(troughLive).arg(peakLive)));
    QVERIFY2(troughViewers < peakViewers * 7 / 10,
             qPrintable(QStringLiteral("trough %1 peak %2").arg(troughViewers).arg(peakViewers)));
}

void TestDemoSimulation::dozensOfCategoriesAndSeveralLanguagesAppearOverADay()
{
    const DemoConfig config;
    DemoSimulation sim(config, T0);
    QHash<QString, QString> categoryNames;
    QMap<QString, int> languageStreams; // QHash::operator[] trips -Wnull-dereference in Qt 6.4
    for (int h = 0; h < 24; ++h) {
        const Census c = sim.censusAt(T0 + h * HourMs);
        for (const auto &s : c.streams) {
            const auto known = categoryNames.constFind(s.categoryId);
            if (known != categoryNames.cend())
                QCOMPARE(*known, s.categoryName); // ids are stable
            else
                categoryNames.insert(s.categoryId, s.categoryName);
            ++languageStreams[s.language];
        }
    }
    QCOMPARE(categoryNames.size(), config.categoryCount);
    QVERIFY(categoryNames.values().contains(QStringLiteral("Just Chatting")));
    QSet<QString> distinctNames(categoryNames.cbegin(), categoryNames.cend());
    QCOMPARE(distinctNames.size(), categoryNames.size());

    QVERIFY2(languageStreams.size() >= 6, qPrintable(QString::number(languageStreams.size())));
    const QString mostCommon =
        std::max_element(languageStreams.cbegin(), languageStreams.cend()).key();
    QCOMPARE(mostCommon, QStringLiteral("en"));
}

void TestDemoSimulation::audienceIsHeavyTailed()
{
    DemoSimulation sim(DemoConfig{}, T0);
    const Census census = sim.censusAt(T0 + 20 * HourMs);
    const QVector<qint32> v = sortedViewers(census); // ascending
    const qint64 total = census.totalViewers();
    const qsizetype topCount = v.size() / 100;
    qint64 top = 0;
    for (qsizetype i = v.size() - topCount; i < v.size(); ++i)
        top += v[i];
    const qint32 median = v[v.size() / 2];
    const auto tail = std::count_if(v.cbegin(), v.cend(), [](qint32 x) { return x <= 10; });
    const auto stars = std::count_if(v.cbegin(), v.cend(), [](qint32 x) { return x >= 50'000; });

    const QString summary = QStringLiteral("top1%% %1 median %2 tail %3 stars %4")
                                .arg(double(top) / double(total))
                                .arg(median)
                                .arg(tail)
                                .arg(stars);
    // A handful of stars hold most of the audience; most streams have a few viewers.
    QVERIFY2(top * 2 > total, qPrintable(summary));
    QVERIFY2(median <= 20, qPrintable(summary));
    QVERIFY2(tail * 5 >= v.size() * 2, qPrintable(summary));
    QVERIFY2(stars >= 1 && stars <= 15, qPrintable(summary));
    QVERIFY2(v.first() <= 1, qPrintable(summary));

    // Through the evening a handful of streams at a time draw 50k-200k-ish.
    int starSightings = 0;
    for (int h : {21, 22, 23}) {
        const Census later = sim.censusAt(T0 + h * HourMs);
        const auto n =
            std::count_if(later.streams.cbegin(), later.streams.cend(),
                          [](const StreamObservation &s) { return s.viewers >= 50'000; });
        QVERIFY(n >= 1);
        QVERIFY(later.streams.first().viewers <= 400'000);
        starSightings += static_cast<int>(n);
    }
    QVERIFY2(starSightings + stars >= 8, qPrintable(QString::number(starSightings + stars)));
}

void TestDemoSimulation::streamsStartAndEndOverTime()
{
    DemoSimulation sim(DemoConfig{}, T0);
    const Census before = sim.censusAt(T0 + 18 * HourMs);
    const Census after = sim.censusAt(T0 + 20 * HourMs);
    const auto early = byStreamId(before);
    const auto late = byStreamId(after);

    qsizetype ended = 0;
    for (auto it = early.cbegin(); it != early.cend(); ++it)
        ended += late.contains(it.key()) ? 0 : 1;
    qsizetype started = 0;
    for (auto it = late.cbegin(); it != late.cend(); ++it) {
        const auto previous = early.constFind(it.key());
        if (previous == early.cend()) {
            ++started;
            QVERIFY(it->startedAtMs > before.takenAtMs);
            continue;
        }
        // A session keeps its identity while it lasts.
        QCOMPARE(it->startedAtMs, previous->startedAtMs);
        QCOMPARE(it->channelId, previous->channelId);
        QCOMPARE(it->title, previous->title);
        QCOMPARE(it->categoryId, previous->categoryId);
    }
    const QString summary = QStringLiteral("ended %1 started %2 of %3")
                                .arg(ended)
                                .arg(started)
                                .arg(before.streams.size());
    QVERIFY2(ended >= before.streams.size() / 10, qPrintable(summary));
    QVERIFY2(started >= after.streams.size() / 10, qPrintable(summary));
    // ... but most sessions last longer than two hours.
    QVERIFY2(ended < before.streams.size() * 8 / 10, qPrintable(summary));
}

void TestDemoSimulation::viewerSeriesMoveGently()
{
    DemoSimulation sim(DemoConfig{}, T0);
    const qint64 t = T0 + 20 * HourMs;
    const auto previous = byStreamId(sim.censusAt(t));
    const Census next = sim.censusAt(t + MinuteMs);
    QSet<QString> raided;
    for (const auto &raid : sim.raids())
        raided.insert(raid.streamId);

    int compared = 0;
    for (const auto &s : next.streams) {
        const auto p = previous.constFind(s.streamId);
        // Past the ramp-up, among streams large enough for a ratio to mean something.
        if (p == previous.cend() || p->viewers < 500 || raided.contains(s.streamId) ||
            t - s.startedAtMs < 45 * MinuteMs)
            continue;
        ++compared;
        const double change = std::abs(double(s.viewers) / double(p->viewers) - 1.0);
        QVERIFY2(
            change < 0.2,
            qPrintable(
                QStringLiteral("%1: %2 -> %3").arg(s.streamId).arg(p->viewers).arg(s.viewers)));
    }
    QVERIFY(compared >= 50);
}

void TestDemoSimulation::restartingTheDemoNeverReusesStreamIds()
{
    DemoSimulation first(DemoConfig{}, T0);
    DemoSimulation restarted(DemoConfig{}, T0 + 2 * MinuteMs);
    const auto ids = byStreamId(first.censusAt(T0 + 2 * MinuteMs));
    const Census again = restarted.censusAt(T0 + 2 * MinuteMs);
    for (const auto &s : again.streams)
        QVERIFY2(!ids.contains(s.streamId), qPrintable(s.streamId));
}

void TestDemoSimulation::raidsAreRecordedAndClearlyVisible()
{
    const DemoConfig config;
    DemoSimulation ground(config, T0);
    ground.censusAt(T0 + 24 * HourMs);
    const QVector<DemoRaid> raids = ground.raids();
    QVERIFY2(raids.size() >= 15 && raids.size() <= 40, qPrintable(QString::number(raids.size())));

    // Look at each raid the way a collector polling every 2 minutes would:
    // the last census before it, the first one at or after its start, and
    // the one at its end.
    constexpr qint64 Grid = 2 * MinuteMs;
    QMap<qint64, QVector<int>> wanted;
    for (int i = 0; i < raids.size(); ++i) {
        const DemoRaid &r = raids[i];
        QVERIFY(r.extraViewers >= 500);
        QVERIFY(r.endMs - r.startMs >= 10 * MinuteMs && r.endMs - r.startMs <= 40 * MinuteMs);
        QVERIFY(r.startMs > T0 && r.startMs <= T0 + 24 * HourMs);
        const qint64 firstAtOrAfter = T0 + (r.startMs - T0 + Grid - 1) / Grid * Grid;
        wanted[firstAtOrAfter - Grid].append(i);
        wanted[firstAtOrAfter].append(i);
        wanted[r.endMs].append(i);
    }

    // A second simulation, visited in time order, sees the same world.
    DemoSimulation observer(config, T0);
    QHash<int, QVector<qint32>> seen; // raid -> viewers before, at, after
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const auto streams = byStreamId(observer.censusAt(it.key()));
        for (int i : it.value()) {
            const auto s = streams.constFind(raids[i].streamId);
            QVERIFY2(s != streams.cend(), qPrintable(raids[i].streamId));
            QCOMPARE(s->channelId, raids[i].channelId);
            seen[i].append(s->viewers);
        }
    }
    for (int i = 0; i < raids.size(); ++i) {
        const QVector<qint32> &v = seen[i];
        QCOMPARE(v.size(), 3);
        const qint32 extra = raids[i].extraViewers;
        const QString summary = QStringLiteral("raid %1 +%2: %3 -> %4 -> %5")
                                    .arg(raids[i].streamId)
                                    .arg(extra)
                                    .arg(v[0])
                                    .arg(v[1])
                                    .arg(v[2]);
        QVERIFY2(v[1] - v[0] >= extra * 8 / 10, qPrintable(summary));
        QVERIFY2(v[1] >= 3 * v[0], qPrintable(summary));
        // Gone again when the raid ends.
        QVERIFY2(v[2] < v[0] * 13 / 10 + extra / 10, qPrintable(summary));
    }
}

QTEST_GUILESS_MAIN(TestDemoSimulation)
#include "tst_demosimulation.moc"
