#pragma once
// The database file one run collects into: the one the command line chose,
// or, for a Demo faster than real time without --database, a throwaway file
// that is deleted when the run ends (see needsThrowawayDatabase()).

#include "commandline.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace StreamRank {

class RunDatabase
{
public:
    // Chooses the file; error() is set when a throwaway folder could not be made.
    RunDatabase(const CommandLine &options, bool demoRuns);

    const QString &path() const { return m_path; }
    bool throwaway() const { return m_dir != nullptr; }
    const QString &error() const { return m_error; }
    // One sentence for the user when the file is a throwaway one, else empty.
    QString notice(double demoSpeed) const;

private:
    QString m_path;
    QString m_error;
    std::unique_ptr<QTemporaryDir> m_dir; // removed with everything in it on destruction
};

} // namespace StreamRank
