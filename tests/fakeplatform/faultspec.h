#pragma once
// Faults written as text, for the standalone server's --fault option, so a
// person or a script reproduces any fault without writing C++:
//
//   KIND[xN|x*][:DELAY][,skip=N][,path=/helix/...|/youtube/v3/...|/public/...]
//
// KIND is one of faultSpecKinds() (429, 500, 503, slow, drip, truncated,
// malformed, wrong-types, not-array, revoke, cursor-loop, empty-page,
// cursor-after-last, repeat-cursor, close, for YouTube paths only quota and
// rate-limit, for Kick paths (/public/..., /oauth/token) only 502 and
// bad-item); xN affects N requests (x* all, default 1); DELAY is for slow (the
// whole answer) and drip (between bytes), in ms or with a unit: 250ms, 20s, 2m.
// The path defaults to /helix/streams. Examples: 429x3 slow:20s
// drip:5s,path=/helix/users  500x2,skip=1  close x*
// quota,path=/youtube/v3/search  bad-item,path=/public/v2/livestreams.
//
// FaultScript is the per-path script every fake server keeps (see Fault);
// mangleResponse() what the transport faults do to a finished answer.

#include "fakefault.h"
#include "fakehttp.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace StreamRank::Fake {

// Not thread-safe: each server guards its script with its own mutex.
class FaultScript
{
public:
    void add(const Fault &fault) { m_faults.push_back(fault); }
    void clear() { m_faults.clear(); }
    int pending() const; // faults not yet used up
    // The fault due for this request to `path`, if any, used up by one. With
    // lastPageOnly only CursorAfterLast faults are offered, otherwise only the others.
    std::optional<Fault> take(const QString &path, bool lastPageOnly);

private:
    QList<Fault> m_faults;
};

// The fault, or nullopt with *error saying what is wrong with the text.
std::optional<Fault> parseFaultSpec(const QString &spec, QString *error);
QStringList faultSpecKinds();

// MalformedJson cuts the body to two thirds (still 200, the right length);
// Truncated, Slow and Drip set how the answer is sent. Other kinds: nothing.
void mangleResponse(const Fault &fault, HttpResponse &response);

} // namespace StreamRank::Fake
