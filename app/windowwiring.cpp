#include "windowwiring.h"

#include "accountscontroller.h"
#include "accountsdialog.h"
#include "alertscontroller.h"
#include "anomalysettingsdialog.h"
#include "chartsource.h"
#include "pipeline.h"
#include "storagereader.h"
#include "traynotifier.h"

#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace StreamRank {

WindowSources makeWindowSources(const QString &databasePath)
{
    auto reader = std::make_shared<StorageReader>(databasePath);
    WindowSources sources;
    sources.series = [reader](ChartSubject subject, Platform platform, const QString &id,
                              qint64 from, qint64 to, qint64 stepMs) {
        return loadChartSeries(*reader, subject, platform, id, from, to, stepMs);
    };
    sources.retention = [reader] {
        const auto options = reader->retentionOptions();
        if (!options)
            return RetentionDays{}; // the reader logged why; the dialog shows the defaults
        return RetentionDays{options->rawDays, options->fiveMinuteDays, options->hourDays};
    };
    sources.events = [reader](const AnomalyEventFilter &filter) {
        auto events = reader->anomalyEvents(filter);
        return events ? *events : QVector<AnomalyEvent>();
    };
    sources.incidents = [reader](const AnomalyEventFilter &filter) {
        auto incidents = reader->anomalyIncidents(filter);
        return incidents ? *incidents : QVector<AnomalyIncident>();
    };
    return sources;
}

void wireWindow(Pipeline &pipeline, MainWindow &window, AlertsController &alerts,
                TrayNotifier &tray)
{
    QObject::connect(&pipeline, &Pipeline::rankingUpdated, &window, &MainWindow::applyRanking);
    QObject::connect(&pipeline, &Pipeline::collectorStateChanged, &window,
                     &MainWindow::showCollectorState);
    QObject::connect(
        &pipeline, &Pipeline::censusStored, &window,
        [&window](Platform, qint64 takenAtMs, int streams, qint64, qint64, qint64 bytes) {
            window.showCensusStored(takenAtMs, streams, bytes);
        });
    QObject::connect(&pipeline, &Pipeline::rollupBackfillProgress, &window,
                     &MainWindow::showRollupBackfill);
    for (auto failed : {&Pipeline::writeFailed, &Pipeline::eventsFailed, &Pipeline::metadataFailed})
        QObject::connect(&pipeline, failed, &window, &MainWindow::showStorageError);

    // Anomaly events: stored first (ids), then shown, notified and posted.
    QObject::connect(&pipeline, &Pipeline::anomalyEventsStored, &window,
                     &MainWindow::addAnomalyEvents);
    QObject::connect(&pipeline, &Pipeline::anomalyEventsStored, &tray, &TrayNotifier::addEvents);
    QObject::connect(&pipeline, &Pipeline::anomalyIncidentsUpdated, &window,
                     &MainWindow::updateAnomalyIncidents);
    QObject::connect(&tray, &TrayNotifier::eventClicked, &window, &MainWindow::showEvent);
    QObject::connect(&window, &MainWindow::acknowledgeRequested, &pipeline,
                     &Pipeline::acknowledgeEvents);
    QObject::connect(&pipeline, &Pipeline::anomalySettingsLoaded, &window,
                     &MainWindow::setAnomalySettings);
    QObject::connect(&pipeline, &Pipeline::webhookFailed, &window,
                     [&window](qint64, const QString &message) {
                         window.statusBar()->showMessage(message, 30000);
                     });
    // Said once: a window-modal note that does not stop collection.
    QObject::connect(&pipeline, &Pipeline::notice, &window, [&window](const QString &message) {
        auto *box = new QMessageBox(QMessageBox::Information, QObject::tr("StreamRank"), message,
                                    QMessageBox::Ok, &window);
        box->setObjectName(QStringLiteral("PipelineNotice"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    QObject::connect(&alerts, &AlertsController::problem, &window,
                     [&window](const QString &m) { window.statusBar()->showMessage(m, 30000); });
    QObject::connect(&alerts, &AlertsController::preferencesChanged, &tray,
                     [&tray](const AlertPreferences &p) { tray.setMinScore(p.trayMinScore); });

    QObject::connect(&window, &MainWindow::anomalySettingsDialogRequested, &window,
                     [&window, &pipeline, &alerts, &tray] {
                         auto *dialog = new AnomalySettingsDialog(&window);
                         dialog->setAttribute(Qt::WA_DeleteOnClose);
                         dialog->setValues(window.anomalySettings(), alerts.preferences());
                         QObject::connect(dialog, &QDialog::accepted, &window,
                                          [dialog, &window, &pipeline, &alerts, &tray] {
                                              const AnomalySettings s = dialog->settings();
                                              pipeline.setAnomalySettings(s);
                                              window.setAnomalySettings(s);
                                              alerts.apply(dialog->preferences(),
                                                           dialog->newWebhookSecret());
                                              tray.setMinScore(dialog->preferences().trayMinScore);
                                          });
                         dialog->open(); // window-modal without a nested event loop
                     });
}

void wireStorageSettings(Pipeline &pipeline, MainWindow &window,
                         std::function<RetentionDays()> stored)
{
    QObject::connect(&window, &MainWindow::storageSettingsDialogRequested, &window,
                     [&window, &pipeline, stored] {
                         auto *dialog = new StorageSettingsDialog(&window);
                         dialog->setAttribute(Qt::WA_DeleteOnClose);
                         if (stored)
                             dialog->setDays(stored());
                         QObject::connect(dialog, &QDialog::accepted, &window, [dialog, &pipeline] {
                             const RetentionDays d = dialog->days();
                             pipeline.setRetentionOptions(d.raw, d.fiveMinutes, d.hours);
                         });
                         dialog->open();
                     });
    QObject::connect(
        &pipeline, &Pipeline::retentionOptionsSaved, &window,
        [&window](int raw, int five, int hour) {
            const auto days = [](int n) {
                return n == 0 ? QObject::tr("for ever") : QObject::tr("%n days", nullptr, n);
            };
            window.statusBar()->showMessage(
                QObject::tr("Storage: every census kept %1, 5-minute averages %2, hourly "
                            "averages %3.")
                    .arg(days(raw), days(five), days(hour)),
                15000);
        });
    QObject::connect(&pipeline, &Pipeline::retentionOptionsFailed, &window,
                     &MainWindow::showStorageError);
}

void wireAccounts(MainWindow &window, AccountsController &accounts)
{
    QObject::connect(&accounts, &AccountsController::problem, &window,
                     [&window](const QString &m) { window.statusBar()->showMessage(m, 30000); });
    QObject::connect(&accounts, &AccountsController::applied, &window,
                     [&window](bool ok, const QString &m) {
                         if (ok)
                             window.statusBar()->showMessage(m, 10000);
                     });
    QObject::connect(
        &accounts, &AccountsController::keychainUnavailable, &window,
        [&window, &accounts](const QString &message) {
            auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("No keychain"), message,
                                        QMessageBox::Yes | QMessageBox::No, &window);
            box->setObjectName(QStringLiteral("NoKeychainQuestion"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->button(QMessageBox::Yes)->setText(QObject::tr("Keep for this run only"));
            box->button(QMessageBox::No)->setText(QObject::tr("Do not keep them"));
            QObject::connect(box, &QMessageBox::finished, &accounts, [box, &accounts](int) {
                if (box->clickedButton() == box->button(QMessageBox::Yes))
                    accounts.useSessionOnly();
                else
                    accounts.discardPending();
            });
            box->open(); // no nested event loop
        });
    QObject::connect(&window, &MainWindow::accountsDialogRequested, &window, [&window, &accounts] {
        auto *dialog = new AccountsDialog(&window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        accounts.attach(dialog);
        dialog->open();
    });
}

} // namespace StreamRank
