#pragma once
// Everything the YouTube collector is told: where the Data API is, the key (from
// the keychain or the environment, never from a settings file or the command
// line), what to discover, and the daily quota it must live within.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace StreamRank {

// One discovery search: search.list with type=video, eventType=live.
struct YouTubeSearch
{
    QString query;             // q; may be empty when a category is given
    QString videoCategoryId;   // e.g. "28" Science & Technology, "20" Gaming
    QString regionCode;        // ISO 3166-1 alpha-2, e.g. "JP"
    QString relevanceLanguage; // ISO 639-1, e.g. "en"

    bool isEmpty() const { return query.isEmpty() && videoCategoryId.isEmpty(); }
    // "science (Science & Technology, JP, en)" style label for the UI and logs.
    QString label() const;
    // "q=science;category=28;region=JP;lang=en": one line of settings or of
    // --youtube-search; a bare text is the query alone.
    QString toSpec() const;
    static YouTubeSearch fromSpec(const QString &spec);
    friend bool operator==(const YouTubeSearch &, const YouTubeSearch &) = default;
};

struct YouTubeConfig
{
    QUrl apiUrl = QUrl(QStringLiteral("https://www.googleapis.com/youtube/v3"));
    QString apiKey; // never logged, never stored outside the keychain

    QVector<YouTubeSearch> searches;
    QStringList watchedChannels; // channel ids ("UC...")
    int searchPages = 1;         // pages of 50 per search run (each page is one search call)

    qint64 pollIntervalMs = 2 * 60 * 1000; // the fastest the user wants; the budget may slow it
    int requestTimeoutMs = 15000;
    int requestDeadlineMs = 30000;
    int maxAttempts = 3;
    int backoffBaseMs = 1000;
    int backoffCapMs = 30000;
    bool pacing = true;
    int requestsPerMinute = 300; // our own pacing; YouTube sends no rate-limit headers
    int breakerThreshold = 5;
    qint64 breakerPauseMs = 60 * 1000;
    qint64 metadataEveryMs = 6LL * 60 * 60 * 1000; // watched channels' subscriber counts

    // The daily quota (reset at midnight Pacific time). Costs are per call.
    int dailyUnits = 10000;  // the main bucket
    int dailySearches = 100; // search.list's own bucket (since mid-2026)
    int searchCostUnits = 0; // units of the main bucket a search also costs (older docs: 100)
    int videosCost = 1;      // videos.list per call (one page of up to 50 ids)
    int channelsCost = 1;
    int playlistItemsCost = 1;
    int categoriesCost = 1;
    int reservePercent = 5; // of the day's units kept back for metadata and retries

    bool once = false; // one census, then report runFinished and stop
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::YouTubeConfig)
