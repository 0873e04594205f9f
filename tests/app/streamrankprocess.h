#pragma once
// Runs the real `streamrank` executable (STREAMRANK_EXE, set by the test's
// CMake target) to completion and collects what a user would see. Blocks the
// calling thread: a fake server the run talks to must live on another thread.

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace StreamRank::TestSupport {

struct StreamRankRun
{
    int exitCode = -1; // -1: crashed or killed after the timeout
    QString out;
    QString err;
    qint64 elapsedMs = 0;
};

inline StreamRankRun
runStreamRank(const QStringList &args,
              const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
              int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(STREAMRANK_EXE), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    StreamRankRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.elapsedMs = timer.elapsed();
    return r;
}

} // namespace StreamRank::TestSupport
