// The census write path: a census is stored whole or not at all, a failure is
// reported and the next census still stores, and what is stored is right
// (ended streams, peaks, category sums).

#include "censusstore.h"
#include "database.h"
#include "storagetestsupport.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <memory>

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;
constexpr qint64 kMinute = 60'000;

StreamObservation stream(const QString &id, qint32 viewers,
                         const QString &category = QStringLiteral("g0"))
{
    StreamObservation obs;
    obs.streamId = id;
    obs.channelId = QLatin1String("c-") + id;
    obs.channelLogin = QLatin1String("login-") + id;
    obs.channelName = QLatin1String("Name ") + id;
    obs.title = QLatin1String("Title ") + id;
    obs.categoryId = category;
    obs.categoryName = category.isEmpty() ? QString() : QLatin1String("Game ") + category;
    obs.language = QStringLiteral("en");
    obs.startedAtMs = kT0 - kMinute;
    obs.viewers = viewers;
    return obs;
}

Census census(qint64 takenAt, QVector<StreamObservation> streams, bool partial = false)
{
    Census c;
    c.platform = Platform::Twitch;
    c.takenAtMs = takenAt;
    c.partial = partial;
    c.stats.requests = 3;
    c.stats.errors = partial ? 1 : 0;
    c.stats.quotaUsed = 3;
    c.stats.durationMs = 850;
    c.stats.pagesOk = partial ? 2 : 3;
    c.stats.pagesFailed = partial ? 1 : 0;
    c.streams = std::move(streams);
    return c;
}

// Every table a census writes to, counted.
struct Counts
{
    qint64 censuses, samples, streams, channels, categories, categorySamples, runs;
    friend bool operator==(const Counts &, const Counts &) = default;
};

Counts counts(const QString &path)
{
    return {queryInt(path, "SELECT COUNT(*) FROM censuses"),
            queryInt(path, "SELECT COUNT(*) FROM viewership_samples"),
            queryInt(path, "SELECT COUNT(*) FROM streams"),
            queryInt(path, "SELECT COUNT(*) FROM channels"),
            queryInt(path, "SELECT COUNT(*) FROM categories"),
            queryInt(path, "SELECT COUNT(*) FROM category_samples"),
            queryInt(path, "SELECT COUNT(*) FROM collector_runs")};
}

qint64 streamValue(const QString &path, const QString &streamId, const char *column)
{
    const QByteArray sql = QByteArray("SELECT ") + column + " FROM streams WHERE external_id = '" +
                           streamId.toUtf8() + "'";
    return queryInt(path, sql.constData());
}

bool isOpen(const QString &path, const QString &streamId)
{
    const QByteArray sql =
        "SELECT ended_at IS NULL FROM streams WHERE external_id = '" + streamId.toUtf8() + "'";
    return queryInt(path, sql.constData()) == 1;
}

} // namespace

class TestCensusStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void censusIsStoredInEveryTable();
    void failureMidCensusLeavesNoTraceAndTheNextCensusStores();
    void fullDiskIsRolledBackAndCollectionGoesOn();
    void sameCensusTwiceIsRefused();
    void streamsMissingFromACompleteCensusEnd();
    void streamsOpenAtStartUpEndAtTheirLastSample();
    void lastSightingAfterARestartCountsPartialCensuses();
    void peakTracksTheHighestViewers();
    void categorySamplesSumTheirStreams();
    void changedTitleCategoryAndChannelAreWritten();
    void repeatedStreamInACensusCountsOnce();

private:
    void reopen();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CensusStore> m_store;
};

void TestCensusStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("streamrank.sqlite"));
    reopen();
}

void TestCensusStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

// Closes and opens the database like a restart of StreamRank.
void TestCensusStore::reopen()
{
    m_store.reset();
    m_db.reset();
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<CensusStore>(m_db->handle());
}

void TestCensusStore::censusIsStoredInEveryTable()
{
    const Census c = census(kT0, {stream(QStringLiteral("a"), 100), stream(QStringLiteral("b"), 50),
                                  stream(QStringLiteral("c"), 7, QStringLiteral("g1"))});
    auto stored = m_store->write(c);
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->platform, Platform::Twitch);
    QCOMPARE(stored->takenAtMs, kT0);
    QCOMPARE(stored->streamCount, 3);
    QCOMPARE(stored->totalViewers, 157);
    QCOMPARE(stored->newStreams, 3);
    QVERIFY(stored->censusId > 0);
    QVERIFY(stored->databaseBytes > 0);

    QCOMPARE(counts(m_path), (Counts{1, 3, 3, 3, 2, 2, 1}));
    QCOMPARE(queryInt(m_path, "SELECT stream_count FROM censuses"), 3);
    QCOMPARE(queryInt(m_path, "SELECT total_viewers FROM censuses"), 157);
    QCOMPARE(queryInt(m_path, "SELECT platform_id FROM censuses"), qint64(Platform::Twitch) + 1);
    QCOMPARE(queryInt(m_path, "SELECT pages_ok FROM censuses"), 3);
    QCOMPARE(queryInt(m_path, "SELECT census_id FROM collector_runs"), stored->censusId);
    QCOMPARE(queryInt(m_path, "SELECT requests FROM collector_runs"), 3);
    QCOMPARE(queryInt(m_path, "SELECT duration_ms FROM collector_runs"), 850);
    QCOMPARE(queryInt(m_path, "SELECT finished_at - started_at FROM collector_runs"), 850);
    QCOMPARE(streamValue(m_path, QStringLiteral("a"), "started_at"), kT0 - kMinute);
    QCOMPARE(queryText(m_path, "SELECT title FROM streams WHERE external_id = 'a'"),
             QStringLiteral("Title a"));
    QCOMPARE(queryText(m_path, "SELECT login FROM channels WHERE external_id = 'c-b'"),
             QStringLiteral("login-b"));
}

void TestCensusStore::failureMidCensusLeavesNoTraceAndTheNextCensusStores()
{
    QVector<StreamObservation> first;
    for (int i = 0; i < 100; ++i)
        first.append(stream(QStringLiteral("s%1").arg(i), 100));
    QVERIFY(m_store->write(census(kT0, first)));
    const Counts before = counts(m_path);

    // The second census changes what the caches hold: peaks rise, a title
    // and a category change, new streams bring a new category.
    QVector<StreamObservation> second;
    for (int i = 0; i < 200; ++i)
        second.append(stream(QStringLiteral("s%1").arg(i), 150 + i,
                             i >= 100 ? QStringLiteral("new") : QStringLiteral("g0")));
    second[3].title = QStringLiteral("A new title");
    second[4].categoryId = QStringLiteral("new");
    second[4].categoryName = QStringLiteral("Game new");
    const Census secondCensus = census(kT0 + kMinute, second);

    m_store->setFaultInjector([](int index) { return index == 150; });
    auto failed = m_store->write(secondCensus);
    QVERIFY(!failed);
    // The census's time in ISO 8601 UTC, like every other headless line.
    const QString stamp =
        QDateTime::fromMSecsSinceEpoch(kT0 + kMinute, Qt::UTC).toString(Qt::ISODate);
    QVERIFY(stamp.endsWith(QLatin1Char('Z')));
    const QString expected = QStringLiteral("Could not store the Twitch census of %1: ").arg(stamp);
    QVERIFY2(failed.error().startsWith(expected), qPrintable(failed.error()));

    QCOMPARE(counts(m_path), before);
    QCOMPARE(streamValue(m_path, QStringLiteral("s0"), "peak_viewers"), 100);
    QCOMPARE(queryText(m_path, "SELECT title FROM streams WHERE external_id = 's3'"),
             QStringLiteral("Title s3"));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM categories WHERE external_id = 'new'"), 0);

    // Had the caches kept the failed census's view, this write would skip
    // the peak and title updates and point streams at a category row that
    // was rolled back.
    m_store->setFaultInjector({});
    auto stored = m_store->write(secondCensus);
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->newStreams, 100);
    QCOMPARE(counts(m_path), (Counts{2, 300, 200, 200, 2, 3, 2}));
    QCOMPARE(streamValue(m_path, QStringLiteral("s0"), "peak_viewers"), 150);
    QCOMPARE(streamValue(m_path, QStringLiteral("s99"), "peak_viewers"), 249);
    QCOMPARE(queryText(m_path, "SELECT title FROM streams WHERE external_id = 's3'"),
             QStringLiteral("A new title"));
    QCOMPARE(queryText(m_path, "SELECT c.external_id FROM streams s JOIN categories c"
                               " ON c.id = s.category_id WHERE s.external_id = 's4'"),
             QStringLiteral("new"));
    QCOMPARE(queryInt(m_path, "PRAGMA foreign_key_check"), -1); // no violations: no row
}

void TestCensusStore::fullDiskIsRolledBackAndCollectionGoesOn()
{
    QVERIFY(m_store->write(census(kT0, {stream(QStringLiteral("a"), 1)})));
    const Counts before = counts(m_path);

    // A full disk, as SQLite sees it: the file may not grow any more.
    sqlite3 *handle = m_db->handle();
    const QByteArray limit =
        "PRAGMA max_page_count = " + QByteArray::number(queryInt(m_path, "PRAGMA page_count") + 2);
    QCOMPARE(sqlite3_exec(handle, limit.constData(), nullptr, nullptr, nullptr), SQLITE_OK);

    QVector<StreamObservation> many;
    for (int i = 0; i < 5000; ++i)
        many.append(stream(QStringLiteral("s%1").arg(i), i, QStringLiteral("g%1").arg(i % 7)));
    const Census big = census(kT0 + kMinute, many);
    auto failed = m_store->write(big);
    QVERIFY(!failed);
    QVERIFY2(failed.error().contains(QLatin1String("database or disk is full")),
             qPrintable(failed.error()));
    QCOMPARE(counts(m_path), before);

    // Space is freed; the same census and the next one store.
    QCOMPARE(sqlite3_exec(handle, "PRAGMA max_page_count = 1073741823", nullptr, nullptr, nullptr),
             SQLITE_OK);
    auto stored = m_store->write(big);
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->newStreams, 5000);
    auto next = m_store->write(census(kT0 + 2 * kMinute, many));
    QVERIFY2(next, qPrintable(next.error()));
    QCOMPARE(next->newStreams, 0);
    QCOMPARE(counts(m_path).samples, 1 + 5000 + 5000);
}

void TestCensusStore::sameCensusTwiceIsRefused()
{
    const Census c = census(kT0, {stream(QStringLiteral("a"), 1)});
    QVERIFY(m_store->write(c));
    auto again = m_store->write(c);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(QLatin1String("already stored")), qPrintable(again.error()));
    QCOMPARE(counts(m_path), (Counts{1, 1, 1, 1, 1, 1, 1}));
    QVERIFY(m_store->write(census(kT0 + kMinute, {stream(QStringLiteral("a"), 2)})));
}

void TestCensusStore::streamsMissingFromACompleteCensusEnd()
{
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c");
    QVERIFY(m_store->write(census(kT0, {stream(a, 10), stream(b, 10), stream(c, 10)})));

    auto second = m_store->write(census(kT0 + kMinute, {stream(a, 10), stream(b, 10)}));
    QVERIFY(second);
    QCOMPARE(second->endedStreams, 1);
    QCOMPARE(streamValue(m_path, c, "ended_at"), kT0); // its last sighting, not this census
    QCOMPARE(streamValue(m_path, c, "last_seen_at"), kT0);
    QVERIFY(isOpen(m_path, a) && isOpen(m_path, b));

    // A partial census proves nothing about what it lacks.
    auto partial = m_store->write(census(kT0 + 2 * kMinute, {stream(a, 10)}, true));
    QVERIFY(partial);
    QCOMPARE(partial->endedStreams, 0);
    QVERIFY(isOpen(m_path, b));

    // Nor does a complete top-N census (Twitch between its full censuses):
    // the streams below N are still live.
    Census topN = census(kT0 + 2 * kMinute + kMinute / 2, {stream(a, 10)});
    topN.exhaustive = false;
    auto top = m_store->write(topN);
    QVERIFY(top);
    QCOMPARE(top->endedStreams, 0);
    QVERIFY(isOpen(m_path, b));

    auto fourth = m_store->write(census(kT0 + 3 * kMinute, {stream(a, 10)}));
    QVERIFY(fourth);
    QCOMPARE(fourth->endedStreams, 1);
    QCOMPARE(streamValue(m_path, b, "ended_at"), kT0 + kMinute);

    // A stream the platform lists again is the same session, reopened.
    auto fifth = m_store->write(census(kT0 + 4 * kMinute, {stream(a, 10), stream(c, 5)}));
    QVERIFY(fifth);
    QVERIFY(isOpen(m_path, c));
    QCOMPARE(streamValue(m_path, c, "peak_viewers"), 10);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM streams"), 3);
}

void TestCensusStore::streamsOpenAtStartUpEndAtTheirLastSample()
{
    const QString a = QStringLiteral("a"), b = QStringLiteral("b");
    QVERIFY(m_store->write(census(kT0, {stream(a, 10), stream(b, 20)})));
    QVERIFY(m_store->write(census(kT0 + kMinute, {stream(a, 10), stream(b, 30)})));
    reopen();

    auto stored = m_store->write(census(kT0 + 5 * kMinute, {stream(a, 15)}));
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->newStreams, 0); // known from the database, not inserted again
    QCOMPARE(stored->endedStreams, 1);
    QCOMPARE(streamValue(m_path, b, "ended_at"), kT0 + kMinute);
    QCOMPARE(streamValue(m_path, b, "peak_viewers"), 30);
    QVERIFY(isOpen(m_path, a));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM streams"), 2);
}

void TestCensusStore::lastSightingAfterARestartCountsPartialCensuses()
{
    // Partial censuses after the last complete one: b was last listed by one
    // of them, c only by the complete one, d by a session that was ended and
    // reopened (its stored last_seen_at is the earlier session's).
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c"),
                  d = QStringLiteral("d");
    QVERIFY(m_store->write(census(kT0, {stream(a, 1), stream(d, 1)})));
    QVERIFY(m_store->write(census(kT0 + kMinute, {stream(a, 1)})));
    QCOMPARE(streamValue(m_path, d, "ended_at"), kT0);
    QVERIFY(m_store->write(
        census(kT0 + 2 * kMinute, {stream(a, 1), stream(b, 1), stream(c, 1), stream(d, 1)})));
    QVERIFY(m_store->write(census(kT0 + 3 * kMinute, {stream(a, 1), stream(b, 1)}, true)));
    QVERIFY(m_store->write(census(kT0 + 4 * kMinute, {stream(a, 1), stream(d, 1)}, true)));
    QVERIFY(m_store->write(census(kT0 + 5 * kMinute, {stream(a, 1)}, true)));
    reopen();

    auto stored = m_store->write(census(kT0 + 9 * kMinute, {stream(a, 1)}));
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->endedStreams, 3);
    QCOMPARE(streamValue(m_path, b, "ended_at"), kT0 + 3 * kMinute);
    QCOMPARE(streamValue(m_path, c, "ended_at"), kT0 + 2 * kMinute);
    QCOMPARE(streamValue(m_path, d, "ended_at"), kT0 + 4 * kMinute);
    QCOMPARE(streamValue(m_path, d, "last_seen_at"), kT0 + 4 * kMinute);
    QVERIFY(isOpen(m_path, a));
}

void TestCensusStore::peakTracksTheHighestViewers()
{
    const QString a = QStringLiteral("a");
    qint64 t = kT0;
    for (qint32 viewers : {100, 300, 200})
        QVERIFY(m_store->write(census(t += kMinute, {stream(a, viewers)})));
    QCOMPARE(streamValue(m_path, a, "peak_viewers"), 300);

    reopen();
    QVERIFY(m_store->write(census(t += kMinute, {stream(a, 250)})));
    QCOMPARE(streamValue(m_path, a, "peak_viewers"), 300);
    QVERIFY(m_store->write(census(t += kMinute, {stream(a, 400)})));
    QCOMPARE(streamValue(m_path, a, "peak_viewers"), 400);
}

void TestCensusStore::categorySamplesSumTheirStreams()
{
    auto stored = m_store->write(
        census(kT0, {stream(QStringLiteral("a"), 10), stream(QStringLiteral("b"), 20),
                     stream(QStringLiteral("c"), 5, QStringLiteral("g1")),
                     stream(QStringLiteral("d"), 7, QString())}));
    QVERIFY(stored);
    QCOMPARE(stored->totalViewers, 42);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM category_samples"),
             2); // none for uncategorised
    QCOMPARE(queryInt(m_path, "SELECT viewers FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g0'"),
             30);
    QCOMPARE(queryInt(m_path, "SELECT live_channels FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g0'"),
             2);
    QCOMPARE(queryInt(m_path, "SELECT viewers FROM category_samples cs JOIN categories c"
                              " ON c.id = cs.category_id WHERE c.external_id = 'g1'"),
             5);
    QCOMPARE(queryInt(m_path, "SELECT taken_at FROM category_samples LIMIT 1"), kT0);
    QCOMPARE(queryInt(m_path, "SELECT category_id IS NULL FROM streams WHERE external_id = 'd'"),
             1);
}

void TestCensusStore::changedTitleCategoryAndChannelAreWritten()
{
    StreamObservation obs = stream(QStringLiteral("a"), 10);
    QVERIFY(m_store->write(census(kT0, {obs})));
    obs.title = QStringLiteral("Speedrun, day 2");
    obs.language = QStringLiteral("de");
    obs.categoryId = QStringLiteral("g9");
    obs.categoryName = QStringLiteral("Another game");
    obs.channelName = QStringLiteral("Renamed");
    QVERIFY(m_store->write(census(kT0 + kMinute, {obs})));

    QCOMPARE(queryText(m_path, "SELECT title FROM streams"), obs.title);
    QCOMPARE(queryText(m_path, "SELECT language FROM streams"), obs.language);
    QCOMPARE(
        queryText(m_path, "SELECT c.name FROM streams s JOIN categories c ON c.id = s.category_id"),
        obs.categoryName);
    QCOMPARE(queryText(m_path, "SELECT display_name FROM channels"), obs.channelName);

    // A category renamed by the platform keeps its row.
    obs.categoryName = QStringLiteral("Another game (remaster)");
    QVERIFY(m_store->write(census(kT0 + 2 * kMinute, {obs})));
    QCOMPARE(queryText(m_path, "SELECT name FROM categories WHERE external_id = 'g9'"),
             obs.categoryName);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM categories"), 2);
}

void TestCensusStore::repeatedStreamInACensusCountsOnce()
{
    auto stored =
        m_store->write(census(kT0, {stream(QStringLiteral("a"), 10), stream(QStringLiteral("b"), 3),
                                    stream(QStringLiteral("a"), 11)}));
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->streamCount, 2);
    QCOMPARE(stored->totalViewers, 13);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM viewership_samples"), 2);
    QCOMPARE(queryInt(m_path, "SELECT live_channels FROM category_samples"), 2);
}

QTEST_GUILESS_MAIN(TestCensusStore)
#include "tst_censusstore.moc"
