#include "rankingengine.h"

namespace StreamRank {

RankingEngine::RankingEngine(QObject *parent) : QObject(parent) {}

void RankingEngine::applyCensus(const Census &census)
{
    Q_EMIT rankingUpdated(m_ranker.apply(census));
}

} // namespace StreamRank
