// streamrank: parses the command line and starts either the window or the
// headless collector. Everything else lives in the libraries.
#include "accountscontroller.h"
#include "alertscontroller.h"
#include "anomalyexport.h"
#include "commandline.h"
#include "headlessrunner.h"
#include "kickaccount.h"
#include "kickaccountcontroller.h"
#include "mainwindow.h"
#include "pipeline.h"
#include "rundatabase.h"
#include "sampleimport.h"
#include "theme.h"
#include "traynotifier.h"
#include "twitchaccount.h"
#include "windowwiring.h"
#include "youtubeaccount.h"
#include "youtubeaccountcontroller.h"

#include "database.h"
#include "freedmemory.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

using namespace StreamRank;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("StreamRank"));
    QCoreApplication::setApplicationName(QStringLiteral("StreamRank"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMRANK_VERSION));
}

int runWindow(const CommandLine &options)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/streamrank/icons/streamrank.svg")));
    // Ties the window to the installed desktop entry (its icon and name in
    // docks and task switchers).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.streamrank.StreamRank"));
    // The Demo is the embedded default: it runs unless a real platform is
    // switched on (Settings → Accounts, or --platform twitch / youtube / kick
    // for this run), or when --demo / --platform demo asks for it.
    const bool realPlatform =
        options.twitch || options.youtube || options.kick || loadTwitchAccountSettings().enabled ||
        loadYouTubeAccountSettings().enabled || loadKickAccountSettings().enabled;
    const bool demo = options.demoExplicit || !realPlatform;
    const RunDatabase database(options, demo);
    // A second StreamRank on the same file says so before any window appears.
    const auto inUse = databaseInUse(database.path());
    if (!database.error().isEmpty() || inUse) {
        const QString message = inUse ? inUse->message : database.error();
        std::fprintf(stderr, "streamrank: %s\n", qPrintable(message));
        QMessageBox::critical(nullptr, QObject::tr("StreamRank cannot open its database"), message);
        return 1;
    }
    PipelineConfig config;
    config.databasePath = database.path();
    config.demoSpeed = options.demoSpeed;
    config.demoSeed = options.demoSeed;
    config.demo = demo;
    Pipeline pipeline(config);

    MainWindowOptions windowOptions;
    windowOptions.demo = demo;
    windowOptions.realPlatforms = realPlatform;
    windowOptions.databasePath = database.path();
    windowOptions.databaseNotice = database.notice(options.demoSpeed);
    const WindowSources sources = makeWindowSources(database.path());
    windowOptions.seriesSource = sources.series;
    windowOptions.eventSource = sources.events;
    windowOptions.incidentSource = sources.incidents;
    windowOptions.theme = themeFromCode(options.theme); // none: the saved one
    MainWindow window(windowOptions);
    AlertsController alerts(pipeline);
    TrayNotifier tray;
    wireWindow(pipeline, window, alerts, tray);
    wireStorageSettings(pipeline, window, sources.retention);
    // Twitch, YouTube and Kick start from the accounts (keychain or environment)
    // once they are read; the command line's URLs, searches and channels are
    // for this run only.
    AccountsController accounts(pipeline);
    accounts.setUrlOverrides(options.twitchApiUrl, options.twitchAuthUrl);
    accounts.setForceEnabled(options.twitch);
    YouTubeAccountController youtube(pipeline, accounts.secrets());
    youtube.setRunOverrides(options.youtubeApiUrl, options.youtubeSearches,
                            options.youtubeChannels);
    youtube.setForceEnabled(options.youtube);
    KickAccountController kick(pipeline, accounts.secrets());
    kick.setRunOverrides(options.kickApiUrl, options.kickAuthUrl);
    kick.setForceEnabled(options.kick);
    wireAccounts(window, accounts, &youtube, &kick);
    alerts.start();
    accounts.start();
    youtube.start();
    kick.start();
    QObject::connect(&pipeline, &Pipeline::failed, &window, [&window](const QString &message) {
        QMessageBox::critical(&window, QObject::tr("StreamRank cannot open its database"), message);
        QCoreApplication::exit(1);
    });
    QObject::connect(&pipeline, &Pipeline::databaseDamaged, &window,
                     [&window](const QString &message) {
                         std::fprintf(stderr, "streamrank: %s\n", qPrintable(message));
                         QMessageBox::critical(
                             &window, QObject::tr("StreamRank's database is damaged"), message);
                         QCoreApplication::exit(1);
                     });
    window.show();
    pipeline.start();
    const int code = QApplication::exec();
    pipeline.stop();
    return code;
}

// Whether a window could open: on X11/Wayland systems a display is named in
// the environment (or a Qt platform plugin such as offscreen is chosen).
bool displayAvailable(int argc, char *argv[])
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        // Qt's own single-dash options choose a platform plugin or a display.
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "-display") == 0)
            return true;
    }
    return false;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    StreamRank::returnLargeBlocksWhenFreed(); // before any thread allocates
    bool headless = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (std::strcmp(a, "--headless") == 0 || std::strcmp(a, "--version") == 0 ||
            std::strcmp(a, "-v") == 0 || std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0)
            headless = true;
        // Import and export never open a window: without --headless they
        // are refused with a message, which must not need a display either.
        if (std::strncmp(a, "--import-samples", 16) == 0 || std::strncmp(a, "--export", 8) == 0)
            headless = true;
    }
    // QGuiApplication takes "--platform NAME" as its own (the windowing
    // plugin), so StreamRank's --platform is set aside before the application
    // object sees argv and given back to our parser after it.
    QStringList ours;
    int qtArgc = 0;
    std::vector<char *> qtArgv;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "--platform") == 0 && i + 1 < argc) {
            ours << QString::fromLocal8Bit(argv[i]) << QString::fromLocal8Bit(argv[i + 1]);
            ++i;
            continue;
        }
        if (i > 0 && std::strncmp(argv[i], "--platform=", 11) == 0) {
            ours << QString::fromLocal8Bit(argv[i]);
            continue;
        }
        qtArgv.push_back(argv[i]);
        ++qtArgc;
    }
    qtArgv.push_back(nullptr);
    // No display is needed for the headless mode, --help or --version. Without
    // one, the options are still parsed (and a mistake in them said, exit 2)
    // before anything would need the display Qt would abort for.
    const bool display = headless || displayAvailable(argc, argv);
    std::unique_ptr<QCoreApplication> app =
        !display || headless ? std::make_unique<QCoreApplication>(qtArgc, qtArgv.data())
                             : std::make_unique<QApplication>(qtArgc, qtArgv.data());
    setIdentity();

    const CommandLineResult parsed = parseCommandLine(QCoreApplication::arguments() + ours);
    if (parsed.exitNow)
        return 0;
    if (!parsed.options) {
        std::fprintf(stderr, "streamrank: %s\n", qPrintable(parsed.error));
        return 2;
    }
    if (!parsed.options->headless && !display) {
        std::fprintf(stderr, "streamrank: no display to open the window on (neither DISPLAY nor "
                             "WAYLAND_DISPLAY is set). Run it on a desktop, or collect without a "
                             "window: streamrank --headless\n");
        return 1;
    }
    for (const QString &warning : parsed.warnings)
        std::fprintf(stderr, "streamrank: warning: %s\n", qPrintable(warning));
    if (parsed.options->headless) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        // One-shot commands: no Demo, no pipeline; they open the database
        // themselves (its lock refuses a file another StreamRank holds).
        if (!parsed.options->importSamplesPath.isEmpty())
            return runImportSamples(*parsed.options, out, err);
        if (!parsed.options->exportKind.isEmpty())
            return runExport(*parsed.options, out, err);
        return runHeadless(*parsed.options, out, err);
    }
    return runWindow(*parsed.options);
}
