// The seeded world behind the fake Kick: channels (a slug, a home language,
// followers, a stream key), categories with Kick's big ones on top, and the
// live streams among the channels with heavy-tailed viewers, kept in the order
// the v2 listing pages through. Not thread-safe: the server guards it.
#pragma once

#include "fakekicktypes.h"
#include "fakepopulation.h"

#include <QHash>

#include <vector>

namespace StreamRank::Fake {

class FakeKickWorld
{
public:
    void generate(const FakeKickConfig &config, qint64 nowMs);

    const QVector<FakeKickChannel> &channels() const { return m_channels; }
    const QVector<FakeKickCategory> &categories() const { return m_categories; } // id ascending
    const FakeKickChannel *channel(qint64 broadcasterUserId) const;
    const FakeKickChannel *channelBySlug(const QString &slug) const; // any case
    const FakeKickCategory *category(int id) const;
    // Indices into channels() of the live ones, by (started_at, broadcaster id)
    // ascending, and the first position after such a key.
    const std::vector<int> &live() const { return m_live; }
    size_t liveAfter(qint64 startedAtMs, qint64 broadcasterUserId) const;

    void drift(double relative); // random walk on every live viewer count
    bool startStream(qint64 broadcasterUserId, qint64 nowMs);
    bool endStream(qint64 broadcasterUserId);
    bool setViewers(qint64 broadcasterUserId, int viewers);
    // `ending` random live streams end, `starting` random offline channels go
    // live at nowMs, then every count moves by viewerDrift.
    void advance(int ending, int starting, double viewerDrift, qint64 nowMs);

private:
    void makeCategories(int count);
    void makeChannel(int index);
    void goLive(int index, qint64 nowMs, int viewers); // viewers -1: a random count
    void newStreamDetails(FakeKickChannel &channel);   // title, category, tags...
    int pickCategory();
    int viewersSample();
    QString randomToken(int length);
    int indexOf(qint64 broadcasterUserId) const;

    FakeRng m_rng;
    QVector<FakeKickChannel> m_channels;
    QHash<qint64, int> m_byId;
    QHash<QString, int> m_bySlug; // lower case
    QVector<FakeKickCategory> m_categories;
    QVector<double> m_categoryWeights; // cumulative, for pickCategory()
    QHash<int, int> m_categoryById;
    std::vector<int> m_live;
};

} // namespace StreamRank::Fake
