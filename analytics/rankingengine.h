#pragma once
// The analytics thread's entry point: applies each census to the Ranker and
// publishes the resulting snapshot as a value.

#include "ranking.h"

#include <QObject>

namespace StreamRank {

class RankingEngine : public QObject
{
    Q_OBJECT
public:
    explicit RankingEngine(QObject *parent = nullptr);

    Ranker &ranker() { return m_ranker; }

public Q_SLOTS:
    void applyCensus(const StreamRank::Census &census);

Q_SIGNALS:
    void rankingUpdated(const StreamRank::RankingSnapshot &snapshot);

private:
    Ranker m_ranker;
};

} // namespace StreamRank

Q_DECLARE_METATYPE(StreamRank::RankingSnapshot)
