#pragma once
// Shares the strings of consecutive censuses. A collector parses every
// census from fresh JSON, so each of its 100,000 observations arrives with
// eight newly allocated strings although nearly all of them equal the ones
// of the census before: the same stream id, login, name, title, category
// and language. Every consumer that still holds an earlier census (the
// ranking's latest, the writer's id caches, the detector's ids) would then
// keep its own copy of every string. Interning replaces each string by the
// equal one already held, so the characters of a stream exist once however
// many censuses are alive; only what changed is new.
//
// Values never change: an interned census compares equal, field by field,
// to the one parsed. Not thread-safe; one per collector, on its thread.

#include "census.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <unordered_set>

namespace StreamRank {

class CensusInterner
{
public:
    // Strings of few distinct values (categories, languages) are kept in a
    // pool of at most this many, emptied when it is full.
    static constexpr qsizetype MaxPooled = 20'000;

    // Replaces the observation's strings in place by equal ones from the
    // previous census's observation of the same stream (matched by stream
    // id) or from the pool. A collector calls it for each stream as its page
    // is parsed, so the parsed copies are freed a page at a time rather than
    // a whole census of them at once.
    void intern(StreamObservation &o);
    // The same for every stream of the census not yet interned (cheap for
    // those that are) and its ended ids; then remembers this census as the
    // one the next is matched against.
    void intern(Census &census);

    // Drops what the next census would be matched against.
    void clear();

    qsizetype pooled() const { return qsizetype(m_pool.size()); }

private:
    void share(QString &s, const QString &previous);
    void pool(QString &s);

    QVector<StreamObservation> m_previous;   // shared with the census it was
    QHash<QString, qsizetype> m_previousRow; // stream id → row in m_previous
    std::unordered_set<QString> m_pool;
};

} // namespace StreamRank
