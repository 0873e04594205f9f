#include "censusinterner.h"

namespace StreamRank {

void CensusInterner::share(QString &s, const QString &previous)
{
    // Equal characters, distinct buffers: take the one already held.
    if (s.constData() != previous.constData() && s == previous)
        s = previous;
}

void CensusInterner::pool(QString &s)
{
    if (s.isEmpty())
        return;
    if (const auto it = m_pool.find(s); it != m_pool.end()) {
        s = *it;
        return;
    }
    if (qsizetype(m_pool.size()) >= MaxPooled)
        m_pool.clear();
    m_pool.insert(s);
}

void CensusInterner::intern(StreamObservation &o)
{
    pool(o.categoryId);
    pool(o.categoryName);
    pool(o.language);
    const auto it = m_previousRow.constFind(o.streamId);
    if (it == m_previousRow.constEnd())
        return;
    const StreamObservation &p = m_previous.at(*it);
    share(o.streamId, p.streamId);
    share(o.channelId, p.channelId);
    share(o.channelLogin, p.channelLogin);
    share(o.channelName, p.channelName);
    share(o.title, p.title);
}

void CensusInterner::intern(Census &census)
{
    QVector<StreamObservation> &streams = census.streams;
    StreamObservation *rows = streams.data(); // detaches now, not per field
    const qsizetype count = streams.size();
    for (qsizetype i = 0; i < count; ++i)
        intern(rows[i]);
    for (QString &id : census.endedStreamIds) {
        const auto it = m_previousRow.constFind(id);
        if (it != m_previousRow.constEnd())
            share(id, m_previous.at(*it).streamId);
    }

    m_previous = streams; // shared, not copied
    m_previousRow.clear();
    m_previousRow.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        m_previousRow.insert(m_previous.at(i).streamId, i); // the key shares the string
}

void CensusInterner::clear()
{
    m_previous.clear();
    m_previousRow.clear();
    m_pool.clear();
}

} // namespace StreamRank
