#pragma once
// Faults written as text, for the standalone server's --fault option, so a
// person or a script reproduces any fault without writing C++:
//
//   KIND[xN|x*][:DELAY][,skip=N][,path=/helix/...]
//
// KIND is one of faultSpecKinds() (429, 500, 503, slow, drip, truncated,
// malformed, wrong-types, not-array, revoke, cursor-loop, empty-page,
// cursor-after-last, repeat-cursor, close); xN affects N requests (x* all,
// default 1); DELAY is for slow (the whole answer) and drip (between bytes),
// in ms or with a unit: 250ms, 20s, 2m. Examples: 429x3  slow:20s
// drip:5s,path=/helix/users  500x2,skip=1  close x*.

#include "faketwitchtypes.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace StreamRank::Fake {

// The fault, or nullopt with *error saying what is wrong with the text.
std::optional<Fault> parseFaultSpec(const QString &spec, QString *error);
QStringList faultSpecKinds();

} // namespace StreamRank::Fake
