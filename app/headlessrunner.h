#pragma once
// `streamrank --headless`: collects without a window and prints one summary
// line per census; exits after --duration seconds of real time.

#include "commandline.h"

#include <QTextStream>

namespace StreamRank {

// Runs the event loop until done; returns the process exit code.
int runHeadless(const CommandLine &options, QTextStream &out, QTextStream &err);

} // namespace StreamRank
