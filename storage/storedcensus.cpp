#include "storedcensus.h"

#include "anomalytypes.h"

#include <QVector>

namespace StreamRank {

void registerStorageMetaTypes()
{
    qRegisterMetaType<StreamRank::Census>();
    qRegisterMetaType<StreamRank::StoredCensus>();
    qRegisterMetaType<StreamRank::RollupBackfillProgress>();
    qRegisterMetaType<StreamRank::Platform>();
    qRegisterMetaType<StreamRank::AnomalyEvent>();
    qRegisterMetaType<QVector<StreamRank::AnomalyEvent>>();
    qRegisterMetaType<StreamRank::AnomalySettings>();
    qRegisterMetaType<QVector<qint64>>();
    qRegisterMetaType<QVector<StreamRank::CategoryInfo>>();
    qRegisterMetaType<QVector<StreamRank::ChannelInfo>>();
}

} // namespace StreamRank
