#pragma once
// Pure functions from a Twitch response body to a result value. No network, no
// clock, no globals: the collector, the tests and the fuzz targets call the same
// code. A malformed item is counted and skipped; a malformed page (not JSON, no
// "data" array, truncated) is an error for that page. Nothing here throws,
// asserts on input, or crashes on any byte sequence.

#include "census.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace StreamRank::Twitch {

// POST /oauth2/token (client credentials).
struct TokenResult
{
    QString error; // empty on success; otherwise in words, e.g. "invalid client secret"
    QString accessToken;
    qint64 expiresInS = 0;
};
// httpStatus is the reply's status; 400/403 bodies carry {"status","message"}.
TokenResult parseTokenResponse(int httpStatus, const QByteArray &body);

// GET /oauth2/validate.
struct ValidateResult
{
    QString error; // empty when the token is valid
    QString clientId;
    qint64 expiresInS = 0;
};
ValidateResult parseValidateResponse(int httpStatus, const QByteArray &body);

// The "message" of a Helix/OAuth error body ({"error","status","message"}), or a
// fallback in words built from the status when the body says nothing usable.
QString parseErrorMessage(int httpStatus, const QByteArray &body);

// GET /helix/streams.
struct StreamsPage
{
    QString error; // empty when the page parsed; the page is then usable
    QVector<StreamObservation> streams;
    int malformedItems = 0; // items skipped: missing id/user_id, wrong types, ...
    QString cursor;         // empty: no further page ({} pagination or no cursor)
};
StreamsPage parseStreamsPage(const QByteArray &body);

// GET /helix/games/top and /helix/games.
struct Game
{
    QString id;
    QString name;
    QString boxArtUrl; // with the {width}x{height} template left in
};
struct GamesPage
{
    QString error;
    QVector<Game> games;
    int malformedItems = 0;
    QString cursor;
};
GamesPage parseGamesPage(const QByteArray &body);

// GET /helix/users.
struct User
{
    QString id;
    QString login;
    QString displayName;
};
struct UsersPage
{
    QString error;
    QVector<User> users;
    int malformedItems = 0;
};
UsersPage parseUsersPage(const QByteArray &body);

// GET /helix/channels/followers: only "total" is readable with an app token.
struct FollowersResult
{
    QString error;
    qint64 total = 0;
};
FollowersResult parseFollowersTotal(const QByteArray &body);

} // namespace StreamRank::Twitch
