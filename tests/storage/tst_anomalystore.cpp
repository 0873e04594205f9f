// Anomaly events and settings in the database (schema 3): every field round
// trips, each filter field narrows as AnomalyEventFilter::accepts does, events
// store without their stream, a failed batch stores nothing,
// acknowledgements, settings with defaults. The writer thread and the
// upgrade from schema 2: tst_anomalywriter.

#include "anomalystore.h"
#include "censusstore.h"
#include "database.h"
#include "storagereader.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

Q_DECLARE_METATYPE(StreamRank::AnomalyEventFilter)

using namespace StreamRank;
using namespace StreamRank::TestSupport;

namespace {

constexpr qint64 kT0 = 1'800'000'000'000;
constexpr qint64 kMinute = 60'000;

QStringList streamsOf(const QVector<AnomalyEvent> &events)
{
    QStringList ids;
    for (const AnomalyEvent &e : events)
        ids.append(e.streamId + QLatin1Char('@') + QString::number((e.timeMs - kT0) / kMinute));
    return ids;
}

} // namespace

class TestAnomalyStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void everyFieldRoundTrips();
    void eventsStoreWithoutTheirStream();
    void aFailedWriteStoresNoneOfTheEvents();
    void anEventStoredAlreadyIsSkipped();
    void newestFirstWithLimit();
    void eachFilterFieldNarrows_data();
    void eachFilterFieldNarrows();
    void filtersCombine();
    void acknowledgesOneAndMany();
    void countsEventsSince();
    void settingsDefaultWhenNothingIsStored();
    void settingsSaveAndLoad();
    void settingsMissingRowsKeepTheirDefaults();
    void readerSeesWhatTheWriterStored();

private:
    void storeFilterFixture();

    QTemporaryDir m_dir;
    QString m_path;
    int m_serial = 0; // a new file per test function and data row
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AnomalyEventStore> m_store;
};

void TestAnomalyStore::init()
{
    m_path = m_dir.filePath(QStringLiteral("events%1.sqlite").arg(++m_serial));
    auto db = Database::open(m_path);
    QVERIFY2(db, qPrintable(db.error().message));
    m_db = std::move(*db);
    m_store = std::make_unique<AnomalyEventStore>(m_db->handle());
}

void TestAnomalyStore::cleanup()
{
    m_store.reset();
    m_db.reset();
}

void TestAnomalyStore::everyFieldRoundTrips()
{
    AnomalyEvent a = makeEvent(Platform::Twitch, QStringLiteral("987654321"), kT0 + 123,
                               AnomalyStrategy::PercentChange, 91.5, QStringLiteral("zoë_plays"),
                               QStringLiteral("Zoë, \"the\" Player"));
    a.baselineViewers = 10000.125;
    a.observedViewers = 45000;
    a.rawScore = 350.0625;
    a.lookbackMinutes = 30;
    a.acknowledged = true;
    a.id = 777; // ignored: the database assigns ids
    AnomalyEvent b = makeEvent(Platform::Kick, QStringLiteral("k-1"), kT0 + 2 * kMinute,
                               AnomalyStrategy::Quantile, 50.0);
    b.rawScore = -0.5;
    b.baselineViewers = 0;
    b.observedViewers = 0;

    auto stored = m_store->write({a, b});
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->size(), 2);
    QVERIFY(stored->at(0).id > 0);
    QVERIFY(stored->at(1).id > stored->at(0).id);
    QVERIFY(stored->at(0).id != 777);

    AnomalyEventFilter all;
    auto read = readAnomalyEvents(m_db->handle(), all);
    QVERIFY2(read, qPrintable(read.error()));
    QCOMPARE(read->size(), 2);
    const AnomalyEvent &rb = read->at(0); // newest first
    const AnomalyEvent &ra = read->at(1);
    QCOMPARE(ra.id, stored->at(0).id);
    QCOMPARE(ra.platform, Platform::Twitch);
    QCOMPARE(ra.streamId, a.streamId);
    QCOMPARE(ra.channelLogin, a.channelLogin);
    QCOMPARE(ra.channelName, a.channelName);
    QCOMPARE(ra.timeMs, a.timeMs);
    QCOMPARE(ra.strategy, AnomalyStrategy::PercentChange);
    QCOMPARE(ra.baselineViewers, a.baselineViewers);
    QCOMPARE(ra.observedViewers, a.observedViewers);
    QCOMPARE(ra.rawScore, a.rawScore);
    QCOMPARE(ra.score, a.score);
    QCOMPARE(ra.lookbackMinutes, a.lookbackMinutes);
    QCOMPARE(ra.acknowledged, true);
    QCOMPARE(rb.id, stored->at(1).id);
    QCOMPARE(rb.platform, Platform::Kick);
    QCOMPARE(rb.strategy, AnomalyStrategy::Quantile);
    QCOMPARE(rb.rawScore, -0.5);
    QCOMPARE(rb.observedViewers, 0);
    QCOMPARE(rb.acknowledged, false);
    QCOMPARE(queryText(m_path, "SELECT strategy FROM anomaly_events ORDER BY id LIMIT 1"),
             QStringLiteral("percent_change"));

    // Nothing to write is not an error.
    auto none = m_store->write({});
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void TestAnomalyStore::eventsStoreWithoutTheirStream()
{
    // No census, no stream row: the event is denormalised on purpose.
    auto stored = m_store->write(
        {makeEvent(Platform::Demo, QStringLiteral("ghost"), kT0, AnomalyStrategy::ZScore, 80)});
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM streams"), 0);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events"), 1);

    // And after a census that does not list the stream.
    CensusStore census(m_db->handle());
    QVERIFY(census.write(makeCensus(Platform::Demo, kT0 + kMinute, 3, [](int) { return 5; })));
    QVERIFY(m_store->write({makeEvent(Platform::Demo, QStringLiteral("ghost"), kT0 + kMinute,
                                      AnomalyStrategy::ZScore, 80)}));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events"), 2);

    // Read back, an event knows its channel's id where its stream has a row
    // (the alerts view charts the channel from it), and says nothing where not.
    QVERIFY(m_store->write({makeEvent(Platform::Demo, QStringLiteral("s2"), kT0 + kMinute,
                                      AnomalyStrategy::ZScore, 80)}));
    auto read = readAnomalyEvents(m_db->handle(), AnomalyEventFilter());
    QVERIFY2(read, qPrintable(read.error()));
    QCOMPARE(read->size(), 3);
    for (const AnomalyEvent &e : *read)
        QCOMPARE(e.channelId, e.streamId == u"s2" ? QStringLiteral("c2") : QString());
}

void TestAnomalyStore::anEventStoredAlreadyIsSkipped()
{
    // A census replayed after a kill raises its event again: one row stays,
    // and only what was new comes back (the caller notifies for those).
    const AnomalyEvent a =
        makeEvent(Platform::Demo, QStringLiteral("s1"), kT0, AnomalyStrategy::ZScore, 80);
    QVERIFY(m_store->write({a}));
    const AnomalyEvent b =
        makeEvent(Platform::Demo, QStringLiteral("s2"), kT0, AnomalyStrategy::Quantile, 70);
    AnomalyEvent again = a;
    again.strategy = AnomalyStrategy::PercentChange; // whatever it says: same stream, same census
    auto stored = m_store->write({again, b});
    QVERIFY2(stored, qPrintable(stored.error()));
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->first().streamId, QStringLiteral("s2"));
    QVERIFY(stored->first().id > 0);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events"), 2);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events WHERE strategy = 'zscore'"), 1);
    // Another platform's stream of the same id and time is another event.
    QCOMPARE(m_store
                 ->write({makeEvent(Platform::Twitch, QStringLiteral("s1"), kT0,
                                    AnomalyStrategy::ZScore, 80)})
                 ->size(),
             1);
    // And the same stream a census later too.
    QCOMPARE(m_store
                 ->write({makeEvent(Platform::Demo, QStringLiteral("s1"), kT0 + kMinute,
                                    AnomalyStrategy::ZScore, 80)})
                 ->size(),
             1);
}

void TestAnomalyStore::aFailedWriteStoresNoneOfTheEvents()
{
    // A trigger stands in for a full disk on the second row.
    QCOMPARE(sqlite3_exec(m_db->handle(),
                          "CREATE TEMP TRIGGER boom BEFORE INSERT ON anomaly_events"
                          " WHEN NEW.stream_external_id = 'boom'"
                          " BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    auto failed = m_store->write(
        {makeEvent(Platform::Demo, QStringLiteral("fine"), kT0, AnomalyStrategy::ZScore, 70),
         makeEvent(Platform::Demo, QStringLiteral("boom"), kT0, AnomalyStrategy::ZScore, 70)});
    QVERIFY(!failed);
    QVERIFY2(failed.error().contains(QStringLiteral("disk is full")), qPrintable(failed.error()));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events"), 0);

    // The store goes on afterwards.
    QVERIFY(m_store->write(
        {makeEvent(Platform::Demo, QStringLiteral("fine"), kT0, AnomalyStrategy::ZScore, 70)}));
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_events"), 1);
}

void TestAnomalyStore::newestFirstWithLimit()
{
    QVector<AnomalyEvent> events;
    for (int i = 0; i < 5; ++i)
        events.append(makeEvent(Platform::Demo, QStringLiteral("s%1").arg(i), kT0 + i * kMinute,
                                AnomalyStrategy::ZScore, 60));
    // Two at the same time: the later id first.
    events.append(makeEvent(Platform::Demo, QStringLiteral("tie"), kT0 + 4 * kMinute,
                            AnomalyStrategy::ZScore, 60));
    // Stored out of time order.
    std::reverse(events.begin(), events.end());
    QVERIFY(m_store->write(events));

    AnomalyEventFilter filter;
    auto read = readAnomalyEvents(m_db->handle(), filter);
    QVERIFY(read);
    QCOMPARE(streamsOf(*read),
             QStringList({QStringLiteral("s4@4"), QStringLiteral("tie@4"), QStringLiteral("s3@3"),
                          QStringLiteral("s2@2"), QStringLiteral("s1@1"), QStringLiteral("s0@0")}));
    filter.limit = 2;
    read = readAnomalyEvents(m_db->handle(), filter);
    QVERIFY(read);
    QCOMPARE(streamsOf(*read), QStringList({QStringLiteral("s4@4"), QStringLiteral("tie@4")}));
    filter.limit = 0; // no limit
    read = readAnomalyEvents(m_db->handle(), filter);
    QVERIFY(read);
    QCOMPARE(read->size(), 6);
}

// Eight events that differ in one field each from a reference.
void TestAnomalyStore::storeFilterFixture()
{
    QVector<AnomalyEvent> events{
        makeEvent(Platform::Demo, QStringLiteral("s1"), kT0, AnomalyStrategy::ZScore, 60,
                  QStringLiteral("alpha"), QStringLiteral("Alpha")),
        makeEvent(Platform::Demo, QStringLiteral("s10"), kT0 + 10 * kMinute,
                  AnomalyStrategy::ZScore, 60, QStringLiteral("beta"), QStringLiteral("Beta")),
        makeEvent(Platform::Twitch, QStringLiteral("s1"), kT0 + 20 * kMinute,
                  AnomalyStrategy::ZScore, 60, QStringLiteral("gamma"), QStringLiteral("Gamma")),
        makeEvent(Platform::Demo, QStringLiteral("s2"), kT0 + 30 * kMinute,
                  AnomalyStrategy::MovingAverage, 60, QStringLiteral("delta"),
                  QStringLiteral("Delta")),
        makeEvent(Platform::Demo, QStringLiteral("s3"), kT0 + 40 * kMinute, AnomalyStrategy::ZScore,
                  95, QStringLiteral("epsilon"), QStringLiteral("Epsilon")),
        makeEvent(Platform::Demo, QStringLiteral("s4"), kT0 + 50 * kMinute, AnomalyStrategy::ZScore,
                  60, QStringLiteral("zeta"), QStringLiteral("ÉLODIE Direct")),
        makeEvent(Platform::Demo, QStringLiteral("x_s5"), kT0 + 60 * kMinute,
                  AnomalyStrategy::ZScore, 60, QStringLiteral("eta"), QStringLiteral("Eta")),
        makeEvent(Platform::Demo, QStringLiteral("s6"), kT0 + 70 * kMinute, AnomalyStrategy::ZScore,
                  60, QStringLiteral("50%_off"), QStringLiteral("Theta")),
    };
    QVERIFY(m_store->write(events));
}

void TestAnomalyStore::eachFilterFieldNarrows_data()
{
    QTest::addColumn<AnomalyEventFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    const auto list = [](std::initializer_list<const char *> items) {
        QStringList l;
        for (const char *i : items)
            l.append(QString::fromUtf8(i));
        return l;
    };
    AnomalyEventFilter f;
    f.fromMs = kT0 + 40 * kMinute;
    QTest::newRow("from (inclusive)") << f << list({"s6@70", "x_s5@60", "s4@50", "s3@40"});
    f = {};
    f.toMs = kT0 + 10 * kMinute;
    QTest::newRow("to (inclusive)") << f << list({"s10@10", "s1@0"});
    f = {};
    f.fromMs = kT0 + 10 * kMinute;
    f.toMs = kT0 + 30 * kMinute;
    QTest::newRow("range") << f << list({"s2@30", "s1@20", "s10@10"});
    f = {};
    f.platform = Platform::Twitch;
    QTest::newRow("platform") << f << list({"s1@20"});
    f = {};
    f.strategy = AnomalyStrategy::MovingAverage;
    QTest::newRow("strategy") << f << list({"s2@30"});
    f = {};
    f.minScore = 90;
    QTest::newRow("minimum score") << f << list({"s3@40"});
    f = {};
    f.streamId = QStringLiteral("s1");
    QTest::newRow("stream id is exact") << f << list({"s1@20", "s1@0"});
    f.platform = Platform::Demo;
    QTest::newRow("stream id on one platform") << f << list({"s1@0"});
    f = {};
    f.text = QStringLiteral("GAMM");
    QTest::newRow("text: login, any case") << f << list({"s1@20"});
    f.text = QStringLiteral("élodie");
    QTest::newRow("text: name, Unicode case") << f << list({"s4@50"});
    f.text = QStringLiteral("s5");
    QTest::newRow("text: stream id substring") << f << list({"x_s5@60"});
    f.text = QStringLiteral("%_");
    QTest::newRow("text: LIKE characters are literal") << f << list({"s6@70"});
    f.text = QStringLiteral("nobody");
    QTest::newRow("text: no match") << f << QStringList();
}

void TestAnomalyStore::eachFilterFieldNarrows()
{
    QFETCH(AnomalyEventFilter, filter);
    QFETCH(QStringList, expected);
    storeFilterFixture();
    auto read = readAnomalyEvents(m_db->handle(), filter);
    QVERIFY2(read, qPrintable(read.error()));
    QCOMPARE(streamsOf(*read), expected);
    for (const AnomalyEvent &e : *read)
        QVERIFY(filter.accepts(e));
}

void TestAnomalyStore::filtersCombine()
{
    storeFilterFixture();
    AnomalyEventFilter f;
    f.platform = Platform::Demo;
    f.strategy = AnomalyStrategy::ZScore;
    f.text = QStringLiteral("a"); // alpha, beta, zeta, eta (and their names), 50%_off's Theta
    f.fromMs = kT0 + 5 * kMinute;
    f.limit = 2;
    auto read = readAnomalyEvents(m_db->handle(), f);
    QVERIFY(read);
    // The limit counts accepted events, after the text match.
    QCOMPARE(streamsOf(*read), QStringList({QStringLiteral("s6@70"), QStringLiteral("x_s5@60")}));
}

void TestAnomalyStore::acknowledgesOneAndMany()
{
    QVector<AnomalyEvent> events;
    for (int i = 0; i < 4; ++i)
        events.append(makeEvent(Platform::Demo, QStringLiteral("s%1").arg(i), kT0 + i * kMinute,
                                AnomalyStrategy::ZScore, 60));
    auto stored = m_store->write(events);
    QVERIFY(stored);
    const auto acknowledgedIds = [this] {
        QVector<qint64> ids;
        const auto read = readAnomalyEvents(m_db->handle(), AnomalyEventFilter{});
        for (const AnomalyEvent &e : read.value()) {
            if (e.acknowledged)
                ids.prepend(e.id);
        }
        return ids;
    };
    const qint64 a = stored->at(0).id;
    const qint64 b = stored->at(1).id;
    const qint64 c = stored->at(2).id;

    auto one = m_store->acknowledge({b}, true);
    QVERIFY(one);
    QCOMPARE(*one, 1);
    QCOMPARE(acknowledgedIds(), QVector<qint64>({b}));

    auto many = m_store->acknowledge({a, c, 999'999}, true); // an unknown id is skipped
    QVERIFY(many);
    QCOMPARE(*many, 2);
    QCOMPARE(acknowledgedIds(), QVector<qint64>({a, b, c}));

    auto cleared = m_store->acknowledge({a, b}, false);
    QVERIFY(cleared);
    QCOMPARE(acknowledgedIds(), QVector<qint64>({c}));

    auto nothing = m_store->acknowledge({}, true);
    QVERIFY(nothing);
    QCOMPARE(*nothing, 0);
}

void TestAnomalyStore::countsEventsSince()
{
    auto none = readEventCountSince(m_db->handle(), 0);
    QVERIFY(none);
    QCOMPARE(*none, 0);
    storeFilterFixture();
    auto since = readEventCountSince(m_db->handle(), kT0 + 50 * kMinute);
    QVERIFY(since);
    QCOMPARE(*since, 3); // 50 (inclusive), 60, 70
}

void TestAnomalyStore::settingsDefaultWhenNothingIsStored()
{
    auto settings = readAnomalySettings(m_db->handle());
    QVERIFY2(settings, qPrintable(settings.error()));
    QVERIFY(*settings == AnomalySettings{});
}

void TestAnomalyStore::settingsSaveAndLoad()
{
    AnomalySettings s;
    s.of(AnomalyStrategy::ZScore) = {false, 3.25, 90};
    s.of(AnomalyStrategy::PercentChange) = {true, 150.5, 15};
    s.of(AnomalyStrategy::MovingAverage) = {true, 2.0, 45};
    s.of(AnomalyStrategy::Quantile) = {false, 1.5, 120};
    s.cooldownMinutes = 12;
    s.minIncreaseViewers = 0;
    s.minRisePercent = 35;
    s.minSamples = 4;
    auto saved = m_store->saveSettings(s);
    QVERIFY2(saved, qPrintable(saved.error()));
    QVERIFY(*saved == s);
    auto loaded = readAnomalySettings(m_db->handle());
    QVERIFY(loaded);
    QVERIFY(*loaded == s);

    // Saving again replaces every value; out-of-range values are sanitized first.
    AnomalySettings odd = s;
    odd.of(AnomalyStrategy::ZScore).threshold = -1;
    odd.of(AnomalyStrategy::Quantile).lookbackMinutes = 0;
    odd.minSamples = 0;
    saved = m_store->saveSettings(odd);
    QVERIFY(saved);
    QVERIFY(*saved == odd.sanitized());
    QCOMPARE(saved->of(AnomalyStrategy::ZScore).threshold, 2.5);
    loaded = readAnomalySettings(m_db->handle());
    QVERIFY(loaded);
    QVERIFY(*loaded == odd.sanitized());
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_settings"), 4);
    QCOMPARE(queryInt(m_path, "SELECT COUNT(*) FROM anomaly_options"), 4);
}

void TestAnomalyStore::settingsMissingRowsKeepTheirDefaults()
{
    AnomalySettings s;
    s.of(AnomalyStrategy::PercentChange) = {false, 120, 20};
    s.cooldownMinutes = 5;
    s.minSamples = 3;
    QVERIFY(m_store->saveSettings(s));
    QCOMPARE(sqlite3_exec(m_db->handle(),
                          "DELETE FROM anomaly_settings WHERE strategy = 'percent_change';"
                          "DELETE FROM anomaly_options WHERE key = 'cooldown_minutes';"
                          "INSERT INTO anomaly_settings VALUES ('from_the_future', 1, 1, 1);"
                          "INSERT INTO anomaly_options VALUES ('from_the_future', 7)",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    auto loaded = readAnomalySettings(m_db->handle());
    QVERIFY(loaded);
    AnomalySettings expected = s;
    expected.of(AnomalyStrategy::PercentChange) =
        AnomalySettings{}.of(AnomalyStrategy::PercentChange);
    expected.cooldownMinutes = AnomalySettings{}.cooldownMinutes;
    QVERIFY(*loaded == expected);
}

void TestAnomalyStore::readerSeesWhatTheWriterStored()
{
    storeFilterFixture();
    AnomalySettings s;
    s.cooldownMinutes = 7;
    QVERIFY(m_store->saveSettings(s));

    StorageReader reader(m_path);
    AnomalyEventFilter f;
    f.text = QStringLiteral("delta");
    auto events = reader.anomalyEvents(f);
    QVERIFY2(events, qPrintable(events.error()));
    QCOMPARE(streamsOf(*events), QStringList({QStringLiteral("s2@30")}));
    auto settings = reader.anomalySettings();
    QVERIFY(settings);
    QCOMPARE(settings->cooldownMinutes, 7);
    auto count = reader.eventCountSince(kT0 + 65 * kMinute);
    QVERIFY(count);
    QCOMPARE(*count, 1);
}

QTEST_GUILESS_MAIN(TestAnomalyStore)
#include "tst_anomalystore.moc"
