#include "rundatabase.h"

#include <QDir>
#include <QLocale>

namespace StreamRank {

RunDatabase::RunDatabase(const CommandLine &options, bool demoRuns) : m_path(options.databasePath)
{
    if (!needsThrowawayDatabase(options, demoRuns))
        return;
    auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                               QStringLiteral("/streamrank-demo-XXXXXX"));
    if (!dir->isValid()) {
        m_error = QStringLiteral("Could not create a throwaway database for the fast Demo in %1: "
                                 "%2. Name a file with --database.")
                      .arg(QDir::tempPath(), dir->errorString());
        return;
    }
    m_path = dir->filePath(QStringLiteral("streamrank.sqlite"));
    m_dir = std::move(dir);
}

QString RunDatabase::notice(double demoSpeed) const
{
    if (!throwaway())
        return {};
    return QStringLiteral("The Demo runs %1× faster than real time: its censuses go to a "
                          "throwaway database, deleted at exit (%2). Name a file with --database "
                          "to keep them.")
        .arg(QLocale::c().toString(demoSpeed, 'g', 6), m_path);
}

} // namespace StreamRank
