// The seeded world behind the fake Twitch: users (live and offline), games and
// live streams with heavy-tailed viewer counts, plus the JSON items Helix
// returns for them. Not thread-safe: the server guards it with its mutex.
#pragma once

#include "faketwitchtypes.h"

#include <QHash>
#include <QJsonObject>

#include <vector>

namespace StreamRank::Fake {

// splitmix64: small, fast and the same on every platform and standard library.
class FakeRng
{
public:
    explicit FakeRng(quint64 seed = 1) : m_state(seed) {}
    quint64 next();
    double uniform();              // [0, 1)
    int bounded(int n);            // [0, n)
    static quint64 mix(quint64 x); // one splitmix step, for hashing

private:
    quint64 m_state;
};

struct FakeUser
{
    QString id, login, displayName, broadcasterType, description;
    qint64 createdAtMs = 0;
    int streamIndex = -1; // into FakePopulation::streams(), -1 = offline
};

struct FakeGame
{
    QString id, name, igdbId;
};

class FakePopulation
{
public:
    void generate(const FakeTwitchConfig &config);

    const QVector<FakeStream> &streams() const { return m_streams; }
    const std::vector<int> &order() const { return m_order; } // viewers desc, then index
    const QVector<FakeGame> &games() const { return m_games; }
    const FakeUser *userById(const QString &id) const;
    const FakeUser *userByLogin(const QString &login) const; // case-insensitive
    const FakeGame *gameById(const QString &id) const;
    const FakeGame *gameByName(const QString &name) const;
    QVector<QString> offlineUserIds() const;
    int followersOf(const FakeUser &user) const;

    void drift(double relative); // random walk on every viewer count, then re-sort
    void churn(int n);
    bool startStream(const QString &userId);
    bool endStream(const QString &userId);

    static QJsonObject streamJson(const FakeStream &stream);
    static QJsonObject userJson(const FakeUser &user);
    static QJsonObject gameJson(const FakeGame &game);
    static QString rfc3339(qint64 msSinceEpoch);

private:
    FakeUser makeUser(int index);
    void makeStream(int userIndex, qint64 startedAtMs, int viewers);
    void removeStream(int streamIndex);
    void sortOrder();

    FakeRng m_rng;
    quint64 m_seed = 1;
    qint64 m_nextStreamId = 40000000000;
    QVector<FakeUser> m_users;
    QHash<QString, int> m_userById, m_userByLogin;
    QVector<FakeStream> m_streams;
    QVector<int> m_streamUser; // stream index -> user index
    std::vector<int> m_order;
    QVector<FakeGame> m_games;
    QHash<QString, int> m_gameById;
};

} // namespace StreamRank::Fake
