#pragma once
// Connects a Pipeline to the MainWindow and the alert parts around it (shared
// by main() and the GUI tests).

#include "mainwindow.h"

namespace StreamRank {

class AccountsController;
class AlertsController;
class Pipeline;
class TrayNotifier;

struct WindowSources
{
    SeriesSource series;
    EventSource events;
};

// Readers of one database for the window's lifetime (a connection per pool thread).
WindowSources makeWindowSources(const QString &databasePath);
void wireWindow(Pipeline &pipeline, MainWindow &window, AlertsController &alerts,
                TrayNotifier &tray);
// Settings → Accounts: the dialog, the keychain question and the controller's messages.
void wireAccounts(MainWindow &window, AccountsController &accounts);

} // namespace StreamRank
