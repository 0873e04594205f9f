#pragma once
// Runs the real `streamrank` executable (STREAMRANK_EXE, set by the test's
// CMake target) to completion and collects what a user would see. Blocks the
// calling thread: a fake server the run talks to must live on another thread.

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <initializer_list>

namespace StreamRank::TestSupport {

// The start of a sanitizer's report (AddressSanitizer, LeakSanitizer, UBSan)
// in a child's standard error, or nothing. Under the asan preset a child's
// report must fail the test whatever the exit code: a test expecting exit 1
// ("database in use") would otherwise pass on a crash.
inline QString sanitizerReport(const QString &err)
{
    for (const char *marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                               "runtime error: ", "SUMMARY: UndefinedBehaviorSanitizer"}) {
        const qsizetype at = err.indexOf(QLatin1String(marker));
        if (at >= 0)
            return err.mid(std::max<qsizetype>(0, at - 300), 6000);
    }
    return {};
}

// Ends the test run at once when a child reported a sanitizer finding.
inline void failOnSanitizerReport(const QString &err)
{
    const QString report = sanitizerReport(err);
    if (!report.isEmpty())
        qFatal("streamrank (a child process) reported a sanitizer finding:\n%s",
               qPrintable(report));
}

// The app's own lines on stderr ("streamrank: ..."), without the log
// categories ("streamrank.app: ...") that other threads may print after them.
inline QStringList appLines(const QString &err)
{
    QStringList lines;
    for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(QStringLiteral("streamrank: ")))
            lines.append(line);
    }
    return lines;
}

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
    failOnSanitizerReport(r.err);
    return r;
}

} // namespace StreamRank::TestSupport
