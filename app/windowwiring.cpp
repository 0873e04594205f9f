#include "windowwiring.h"

#include "accountscontroller.h"
#include "accountsdialog.h"
#include "alertscontroller.h"
#include "anomalysettingsdialog.h"
#include "chartsource.h"
#include "kickaccountcontroller.h"
#include "pipeline.h"
#include "storagereader.h"
#include "traynotifier.h"
#include "youtubeaccountcontroller.h"

#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>

#include <memory>
#include <utility>
#include <vector>

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
    QObject::connect(&pipeline, &Pipeline::startupProgress, &window,
                     &MainWindow::showStartupProgress);
    QObject::connect(&pipeline, &Pipeline::collectorStateChanged, &window,
                     &MainWindow::showCollectorState);
    QObject::connect(&pipeline, &Pipeline::youtubeQuotaChanged, &window,
                     &MainWindow::showYouTubeQuota);
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

namespace {

// "No keychain: keep them for this run only?", asked once however many
// accounts could not save their secrets at the same OK; every one that asked
// gets the answer.
class KeychainQuestion : public std::enable_shared_from_this<KeychainQuestion>
{
public:
    explicit KeychainQuestion(MainWindow &window) : m_window(window) {}

    void ask(const QString &message, std::function<void(bool keep)> answer)
    {
        m_answers.push_back(std::move(answer));
        if (m_box)
            return;
        auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("No keychain"), message,
                                    QMessageBox::Yes | QMessageBox::No, &m_window);
        box->setObjectName(QStringLiteral("NoKeychainQuestion"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->button(QMessageBox::Yes)->setText(QObject::tr("Keep for this run only"));
        box->button(QMessageBox::No)->setText(QObject::tr("Do not keep them"));
        QObject::connect(
            box, &QMessageBox::finished, &m_window, [self = shared_from_this(), box](int) {
                const bool keep = box->clickedButton() == box->button(QMessageBox::Yes);
                self->m_box.clear(); // a question from now on is a new one
                const auto answers = std::exchange(self->m_answers, {});
                for (const auto &reply : answers)
                    reply(keep);
            });
        m_box = box;
        box->open(); // no nested event loop
    }

private:
    MainWindow &m_window;
    QPointer<QMessageBox> m_box;
    std::vector<std::function<void(bool)>> m_answers;
};

} // namespace

void wireAccounts(MainWindow &window, AccountsController &accounts,
                  YouTubeAccountController *youtube, KickAccountController *kick)
{
    const auto status = [&window](const QString &m) { window.statusBar()->showMessage(m, 30000); };
    const auto saved = [&window](bool ok, const QString &m) {
        if (ok)
            window.statusBar()->showMessage(m, 10000);
    };
    auto question = std::make_shared<KeychainQuestion>(window);
    QObject::connect(&accounts, &AccountsController::problem, &window, status);
    QObject::connect(&accounts, &AccountsController::applied, &window, saved);
    QObject::connect(&accounts, &AccountsController::keychainUnavailable, &window,
                     [question, &accounts](const QString &message) {
                         question->ask(message,
                                       [a = QPointer<AccountsController>(&accounts)](bool keep) {
                                           if (a && keep)
                                               a->useSessionOnly();
                                           else if (a)
                                               a->discardPending();
                                       });
                     });
    if (youtube) {
        QObject::connect(youtube, &YouTubeAccountController::problem, &window, status);
        QObject::connect(youtube, &YouTubeAccountController::applied, &window, saved);
        QObject::connect(youtube, &YouTubeAccountController::keychainUnavailable, &window,
                         [question, youtube](const QString &message) {
                             question->ask(message, [y = QPointer<YouTubeAccountController>(
                                                         youtube)](bool keep) {
                                 if (y && keep)
                                     y->useSessionOnly();
                                 else if (y)
                                     y->discardPending();
                             });
                         });
        QObject::connect(youtube, &YouTubeAccountController::runningChanged, &window,
                         [&window](bool running) {
                             if (!running)
                                 window.clearYouTubeQuota();
                         });
    }
    if (kick) {
        QObject::connect(kick, &KickAccountController::problem, &window, status);
        QObject::connect(kick, &KickAccountController::applied, &window, saved);
        QObject::connect(kick, &KickAccountController::keychainUnavailable, &window,
                         [question, kick](const QString &message) {
                             question->ask(message,
                                           [k = QPointer<KickAccountController>(kick)](bool keep) {
                                               if (k && keep)
                                                   k->useSessionOnly();
                                               else if (k)
                                                   k->discardPending();
                                           });
                         });
    }
    QObject::connect(&window, &MainWindow::accountsDialogRequested, &window,
                     [&window, &accounts, youtube, kick] {
                         auto *dialog = new AccountsDialog(&window);
                         dialog->setAttribute(Qt::WA_DeleteOnClose);
                         accounts.attach(dialog);
                         if (youtube)
                             youtube->attach(dialog);
                         if (kick)
                             kick->attach(dialog);
                         dialog->open();
                     });
}

} // namespace StreamRank
