#pragma once
// Everything the Twitch collector is told: where the API is, whose
// credentials to use (from the keychain or the environment, never from a
// settings file), what to collect and how politely.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace StreamRank {

struct TwitchConfig
{
    QUrl apiUrl = QUrl(QStringLiteral("https://api.twitch.tv/helix")); // the Helix root
    QUrl authUrl = QUrl(QStringLiteral("https://id.twitch.tv")); // /oauth2/token, /oauth2/validate
    QString clientId;
    QString clientSecret; // never logged, never stored outside the keychain

    int topN = 1000;         // streams per ordinary poll (10 pages of 100)
    int fullCensusEvery = 5; // every k-th poll pages through every live stream; 0 = never
    QStringList gameIds;     // optional filters of the paged census
    QStringList languages;
    QStringList watchedChannels; // user ids (digits) or logins; polled every census

    qint64 pollIntervalMs = 2 * 60 * 1000;
    int requestTimeoutMs = 15000;  // no byte for this long ends a request (the transfer timeout)
    int requestDeadlineMs = 30000; // nor can a request take longer than this, byte by byte
    int maxAttempts = 3;           // per request, for 5xx, timeouts and connection errors
    int backoffBaseMs = 1000;
    int backoffCapMs = 30000;
    bool pacing = true;
    int pointsPerMinute = 600;
    int breakerThreshold = 5; // failed requests in a row that pause the platform
    qint64 breakerPauseMs = 60 * 1000;
    qint64 validateEveryMs = 60 * 60 * 1000;
    qint64 metadataEveryMs = 6LL * 60 * 60 * 1000; // watched channels' names and follower totals

    bool once = false; // one census, then report runFinished and stop
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::TwitchConfig)
