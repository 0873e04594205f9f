#pragma once
// StreamRank's command line, parsed into a value. Errors are values too.

#include <QString>
#include <QStringList>

#include <optional>

namespace StreamRank {

// The accepted ranges of the numeric options.
inline constexpr double MinDemoSpeed = 0.01;
inline constexpr double MaxDemoSpeed = 100000;
inline constexpr qint64 MaxDurationSeconds = 365LL * 24 * 60 * 60;

struct CommandLine
{
    bool headless = false;
    bool demo = true;            // run the Demo platform (the embedded default)
    bool demoExplicit = false;   // --demo or --platform demo: run it even when accounts are set up
    bool twitch = false;         // --platform twitch
    bool once = false;           // headless: one census of each platform, then exit
    QString twitchApiUrl;        // --twitch-api-url (empty: settings / default)
    QString twitchAuthUrl;       // --twitch-auth-url
    bool youtube = false;        // --platform youtube
    QString youtubeApiUrl;       // --youtube-api-url (empty: settings / default)
    QStringList youtubeSearches; // --youtube-search SPEC, added to Settings' searches for this run
    QStringList youtubeChannels; // --youtube-channel CHANNEL_ID, added to the watched channels
    bool kick = false;           // --platform kick
    QString kickApiUrl;          // --kick-api-url (empty: settings / default)
    QString kickAuthUrl;         // --kick-auth-url
    double demoSpeed = 1.0;      // simulated seconds per real second (1: real time)
    quint64 demoSeed = 20261121;
    int durationSeconds = 0;       // headless: 0 = until interrupted
    QString databasePath;          // absolute: --database, else the standard data folder's file
    bool databaseExplicit = false; // --database was given
    // Headless one-shot commands instead of collecting (at most one of them):
    QString importSamplesPath; // --import-samples FILE.csv, absolute
    QString exportKind;        // --export KIND, one of exportKinds()
    QString theme; // --theme: "system", "light" or "dark" for this run; empty: the saved one
};

struct CommandLineResult
{
    std::optional<CommandLine> options;
    QString error;        // set when options is empty and the run should fail
    bool exitNow = false; // --help / --version already printed
    QStringList warnings; // options given that do not apply to this run
};

// Parses arguments (arguments[0] is the program). Prints help/version itself.
CommandLineResult parseCommandLine(const QStringList &arguments);

QString defaultDatabasePath();

// True when this run must collect into a throwaway database instead of
// databasePath: a Demo faster than real time (demoRuns) would stamp censuses
// ahead of the wall clock, which only a file the user named may hold.
bool needsThrowawayDatabase(const CommandLine &options, bool demoRuns);

// What --platform accepts: "demo", "twitch", "youtube", "kick".
QStringList platformChoices();

// What --export accepts, in the order help and errors list them: "anomalies".
QStringList exportKinds();

} // namespace StreamRank
