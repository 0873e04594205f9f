#pragma once
// What collectors learn outside a census: category names (Twitch's Get Top
// Games / Get Games) and channel metadata (display name, follower total),
// stored on the writer's connection, each batch in one transaction. Upserts
// only: the census path's caches stay valid because it upserts too.

#include "census.h"
#include "result.h"

#include <QVector>

struct sqlite3;

namespace StreamRank {

// Inserts unknown categories and renames known ones (an empty name never
// overwrites a stored one). Returns how many rows were written.
Result<int> storeCategories(sqlite3 *db, Platform platform,
                            const QVector<CategoryInfo> &categories);

// Inserts unknown channels and updates login, display name and (when the
// collector knows it, followers >= 0) follower_count of known ones.
Result<int> storeChannels(sqlite3 *db, Platform platform, const QVector<ChannelInfo> &channels);

} // namespace StreamRank
