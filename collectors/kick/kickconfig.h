#pragma once
// Everything the Kick collector is told: where the API and its login service
// are, whose credentials to use (from the keychain or the environment, never
// from a settings file), what to collect and how politely. Kick publishes no
// rate limits and sends no rate-limit headers: the pace is ours to set.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace StreamRank {

struct KickConfig
{
    QUrl apiUrl = QUrl(QStringLiteral("https://api.kick.com")); // /public/v1/…, /public/v2/… below
    QUrl authUrl = QUrl(QStringLiteral("https://id.kick.com")); // /oauth/token below it
    QString clientId;
    QString clientSecret; // never logged, never stored outside the keychain

    QStringList categoryIds;     // filters of the census (one listing each); empty: all
    QString language;            // a filter ("en"); empty: every language
    QStringList watchedChannels; // broadcaster ids (digits) or slugs; polled every census

    int pageSize = 100; // v2 livestreams per page (1–100)
    int maxPages = 300; // v2 pages per listing at most (30,000 streams)
    // Streams a census did not list but earlier ones did are asked for by
    // channel, at most this many 50-id requests a census, before they are
    // called ended (or kept, moved to a category the census does not list).
    int maxRecheckBatches = 20;

    qint64 pollIntervalMs = 2 * 60 * 1000;
    int requestsPerMinute = 60; // never more in any rolling minute
    int requestTimeoutMs = 15000;
    int requestDeadlineMs = 30000;
    int maxAttempts = 3; // per request, for 429, 5xx, timeouts and connection errors
    int backoffBaseMs = 2000;
    int backoffCapMs = 60000;
    bool pacing = true;
    int breakerThreshold = 5;
    qint64 breakerPauseMs = 2 * 60 * 1000;
    // After v2 said it is not there (404/405/410/501) the census uses v1;
    // v2 is tried again this long after.
    qint64 v2RetryMs = 60 * 60 * 1000;
    qint64 metadataEveryMs = 6LL * 60 * 60 * 1000; // category names

    bool once = false; // one census, then report runFinished and stop
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::KickConfig)
