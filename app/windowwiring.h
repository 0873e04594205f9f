#pragma once
// Connects a Pipeline to the MainWindow and the alert parts around it (shared
// by main() and the GUI tests).

#include "mainwindow.h"
#include "storagesettingsdialog.h"

#include <functional>

namespace StreamRank {

class AccountsController;
class AlertsController;
class KickAccountController;
class Pipeline;
class TrayNotifier;
class YouTubeAccountController;

struct WindowSources
{
    SeriesSource series;
    EventSource events;
    IncidentSource incidents;
    // How long each resolution is kept, as stored (a few rows; any thread).
    std::function<RetentionDays()> retention;
};

// Readers of one database for the window's lifetime (a connection per pool thread).
WindowSources makeWindowSources(const QString &databasePath);
void wireWindow(Pipeline &pipeline, MainWindow &window, AlertsController &alerts,
                TrayNotifier &tray);
// Settings → Storage: the dialog, reading the stored days through `stored`.
void wireStorageSettings(Pipeline &pipeline, MainWindow &window,
                         std::function<RetentionDays()> stored);
// Settings → Accounts: the dialog, the keychain question (one for every
// account that asks) and the controllers' messages; YouTube's tab is driven
// by `youtube` and Kick's by `kick` when given.
void wireAccounts(MainWindow &window, AccountsController &accounts,
                  YouTubeAccountController *youtube = nullptr,
                  KickAccountController *kick = nullptr);

} // namespace StreamRank
