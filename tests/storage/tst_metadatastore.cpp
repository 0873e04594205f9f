// Category names and channel metadata a collector learns between censuses:
// upserted without disturbing the census path (a census after them stores,
// and one before them keeps its rows), follower totals kept when unknown.

#include "censusstore.h"
#include "database.h"
#include "metadatastore.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace StreamRank;

namespace {

StreamObservation stream(const QString &id, const QString &game, const QString &gameName)
{
    StreamObservation obs;
    obs.streamId = id;
    obs.channelId = QLatin1String("u") + id;
    obs.channelLogin = QLatin1String("login") + id;
    obs.channelName = QLatin1String("Login") + id;
    obs.categoryId = game;
    obs.categoryName = gameName;
    obs.language = QStringLiteral("en");
    obs.viewers = 10;
    // No title: a platform may omit it; the census must still store.
    return obs;
}

QString text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = nullptr;
    QString out;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        out = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return out;
}

} // namespace

class TestMetadataStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("m.sqlite")));
        auto opened = Database::open(m_dir.filePath(QStringLiteral("m.sqlite")));
        QVERIFY2(opened, qPrintable(opened.error().message));
        m_db = std::move(*opened);
    }
    void cleanup() { m_db.reset(); }

    void categoriesAreInsertedAndRenamedButNeverBlanked()
    {
        sqlite3 *db = m_db->handle();
        auto stored = storeCategories(db, Platform::Twitch,
                                      {{QStringLiteral("509658"), QStringLiteral("Just Chatting")},
                                       {QStringLiteral("33214"), QStringLiteral("Fortnite")}});
        QVERIFY2(stored, qPrintable(stored.error()));
        QCOMPARE(*stored, 2);
        QCOMPARE(text(db, "SELECT name FROM categories WHERE external_id = '33214'"),
                 QStringLiteral("Fortnite"));
        // Renamed; an empty name does not overwrite; unchanged writes nothing.
        stored = storeCategories(db, Platform::Twitch,
                                 {{QStringLiteral("33214"), QStringLiteral("Fortnite: BR")},
                                  {QStringLiteral("509658"), QString()}});
        QVERIFY(stored);
        QCOMPARE(*stored, 1);
        QCOMPARE(text(db, "SELECT name FROM categories WHERE external_id = '33214'"),
                 QStringLiteral("Fortnite: BR"));
        QCOMPARE(text(db, "SELECT name FROM categories WHERE external_id = '509658'"),
                 QStringLiteral("Just Chatting"));
    }

    void censusesAroundMetadataStillStore()
    {
        sqlite3 *db = m_db->handle();
        CensusStore store(db);
        Census first;
        first.platform = Platform::Twitch;
        first.takenAtMs = 1'700'000'000'000;
        first.streams = {stream(QStringLiteral("1"), QStringLiteral("g1"), QStringLiteral("One"))};
        QVERIFY(store.write(first));
        // Learned between censuses: a known and an unknown category, a known
        // channel's follower total and display name, an unknown channel.
        QVERIFY(storeCategories(db, Platform::Twitch,
                                {{QStringLiteral("g1"), QStringLiteral("One (renamed)")},
                                 {QStringLiteral("g2"), QStringLiteral("Two")}}));
        QVERIFY(storeChannels(
            db, Platform::Twitch,
            {{QStringLiteral("u1"), QStringLiteral("login1"), QStringLiteral("LOGIN1"), 4200},
             {QStringLiteral("u9"), QStringLiteral("nine"), QStringLiteral("Nine"), -1}}));
        QCOMPARE(text(db, "SELECT follower_count FROM channels WHERE external_id = 'u1'"),
                 QStringLiteral("4200"));
        QCOMPARE(text(db, "SELECT display_name FROM channels WHERE external_id = 'u1'"),
                 QStringLiteral("LOGIN1"));
        QCOMPARE(text(db, "SELECT count(*) FROM channels WHERE external_id = 'u9'"),
                 QStringLiteral("1"));
        // The next census uses both categories (one the store's cache has
        // never seen) and a channel that now exists without a stream.
        Census second = first;
        second.takenAtMs += 120'000;
        second.streams = {stream(QStringLiteral("1"), QStringLiteral("g1"), QStringLiteral("One")),
                          stream(QStringLiteral("2"), QStringLiteral("g2"), QStringLiteral("Two")),
                          stream(QStringLiteral("9"), QStringLiteral("g2"), QStringLiteral("Two"))};
        auto written = store.write(second);
        QVERIFY2(written, qPrintable(written.error()));
        QCOMPARE(text(db, "SELECT count(*) FROM viewership_samples"), QStringLiteral("4"));
        QCOMPARE(text(db, "SELECT count(*) FROM categories"), QStringLiteral("2"));
        // A follower total stays when a refresh does not know it.
        QVERIFY(storeChannels(
            db, Platform::Twitch,
            {{QStringLiteral("u1"), QStringLiteral("login1"), QStringLiteral("Login1"), -1}}));
        QCOMPARE(text(db, "SELECT follower_count FROM channels WHERE external_id = 'u1'"),
                 QStringLiteral("4200"));
    }

    void aFailedBatchIsRolledBackAndSaysWhy()
    {
        sqlite3 *db = m_db->handle();
        // Another connection holds the write lock: the batch cannot begin.
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(qPrintable(m_dir.filePath(QStringLiteral("m.sqlite"))), &other),
                 SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_busy_timeout(db, 50);
        auto stored =
            storeCategories(db, Platform::Twitch, {{QStringLiteral("g1"), QStringLiteral("One")}});
        QVERIFY(!stored);
        QVERIFY2(stored.error().contains(QStringLiteral("category names")),
                 qPrintable(stored.error()));
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        QCOMPARE(text(db, "SELECT count(*) FROM categories"), QStringLiteral("0"));
        QVERIFY(
            storeCategories(db, Platform::Twitch, {{QStringLiteral("g1"), QStringLiteral("One")}}));
    }
};

QTEST_GUILESS_MAIN(TestMetadataStore)
#include "tst_metadatastore.moc"
