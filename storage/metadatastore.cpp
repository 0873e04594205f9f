#include "metadatastore.h"
#include "platformrow.h"

#include "sqlitestatement.h"
#include "storagelog.h"

#include <sqlite3.h>

#include <functional>

namespace StreamRank {

namespace {

// Runs `bindRow` for each of `count` rows through `sql` in one transaction.
Result<int> upsertAll(sqlite3 *db, const char *sql, qsizetype count, const QString &what,
                      const std::function<void(SqliteStatement &, qsizetype)> &bindRow)
{
    auto failure = [&](const char *step) -> Result<int> {
        const QString message = QStringLiteral("Could not store %1 (%2): %3")
                                    .arg(what, QLatin1String(step), sqliteErrorText(db));
        qCWarning(lcStorage).noquote() << message;
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return Unexpected{message};
    };
    if (count == 0)
        return 0;
    SqliteStatement upsert;
    if (upsert.prepare(db, sql) != SQLITE_OK)
        return failure("prepare");
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return failure("begin");
    int written = 0;
    for (qsizetype i = 0; i < count; ++i) {
        bindRow(upsert, i);
        if (upsert.step() != SQLITE_DONE) {
            upsert.reset();
            return failure("write");
        }
        written += sqlite3_changes(db);
        upsert.reset();
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return failure("commit");
    return written;
}

} // namespace

Result<int> storeCategories(sqlite3 *db, Platform platform, const QVector<CategoryInfo> &categories)
{
    const qint64 platformId = platformRowId(platform);
    return upsertAll(db,
                     "INSERT INTO categories (platform_id, external_id, name) VALUES (?1, ?2, ?3)"
                     " ON CONFLICT (platform_id, external_id) DO UPDATE SET name = excluded.name"
                     " WHERE excluded.name <> '' AND excluded.name <> categories.name",
                     categories.size(), QStringLiteral("category names"),
                     [&](SqliteStatement &s, qsizetype i) {
                         const CategoryInfo &c = categories.at(i);
                         s.bind(1, platformId);
                         s.bindText(2, c.id);
                         s.bindText(3, c.name);
                     });
}

Result<int> storeChannels(sqlite3 *db, Platform platform, const QVector<ChannelInfo> &channels)
{
    const qint64 platformId = platformRowId(platform);
    return upsertAll(
        db,
        "INSERT INTO channels (platform_id, external_id, login, display_name, follower_count)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (platform_id, external_id) DO UPDATE SET"
        " login = CASE WHEN excluded.login <> '' THEN excluded.login ELSE channels.login END,"
        " display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name"
        " ELSE channels.display_name END,"
        " follower_count = COALESCE(excluded.follower_count, channels.follower_count)",
        channels.size(), QStringLiteral("channel metadata"), [&](SqliteStatement &s, qsizetype i) {
            const ChannelInfo &c = channels.at(i);
            s.bind(1, platformId);
            s.bindText(2, c.channelId);
            s.bindText(3, c.login);
            s.bindText(4, c.displayName);
            if (c.followers >= 0)
                s.bind(5, c.followers);
            else
                s.bindNull(5);
        });
}

} // namespace StreamRank
