#include "mainwindow.h"

#include "alertsmodel.h"
#include "alertsview.h"
#include "clock.h"
#include "filterbar.h"
#include "helpdialog.h"
#include "rankingmodel.h"
#include "streamchartpanel.h"
#include "tablesort.h"
#include "theme.h"
#include "viewershipchart.h"
#include "youtubequotalabel.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>
#include <utility>

namespace StreamRank {

namespace {
QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// Qt 6.4 restores a window or header state without checking its counts and
// indexes: one wrong byte can crash QMainWindow::restoreState() or
// QHeaderView::restoreState(), and then at every start, since the state is only
// rewritten on close. So each state is saved with a checksum, and one that
// does not match it (damaged, edited by hand, or from before the checksums) is
// ignored: the window opens with the default layout.
const QString ChecksumSuffix = QStringLiteral("Checksum");
const QString TimesInUtcKey = QStringLiteral("view/timesInUtc");

bool savedTimesInUtc()
{
    return QSettings().value(TimesInUtcKey, false).toBool();
}

void saveChecked(QSettings &settings, const QString &key, const QByteArray &value)
{
    settings.setValue(key, value);
    settings.setValue(key + ChecksumSuffix, uint(qChecksum(value)));
}

// The Demo banner's colours: a pale amber on a light window, a deep one on a dark.
QString demoBannerStyle(bool dark)
{
    const auto [background, text, border] = dark ? std::tuple{"#4a3b00", "#ffe08a", "#806a1f"}
                                                 : std::tuple{"#fff4ce", "#5c4400", "#e5c96b"};
    return QStringLiteral("QLabel#DemoBanner { background: %1; color: %2; padding: 4px; "
                          "border-bottom: 1px solid %3; font-weight: 600; }")
        .arg(QLatin1String(background), QLatin1String(text), QLatin1String(border));
}

QByteArray loadChecked(const QSettings &settings, const QString &key)
{
    const QByteArray value = settings.value(key).toByteArray();
    bool ok = false;
    const uint checksum = settings.value(key + ChecksumSuffix).toUInt(&ok);
    if (value.isEmpty() || !ok || checksum != qChecksum(value))
        return {};
    return value;
}
} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent), m_options(std::move(options)), m_model(new RankingModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_view(new QTableView(this)),
      m_filterBar(new FilterBar(this)), m_tabs(new QTabWidget(this)),
      m_alerts(new AlertsView(m_options.incidentSource, this)),
      m_chartPanel(new StreamChartPanel(m_options.seriesSource, m_options.eventSource, this)),
      m_chartDock(new QDockWidget(tr("Viewers over time"), this))
{
    // Before anything is shown: the window opens in its colours and zone.
    applyTheme(m_options.theme.value_or(savedTheme()));
    setDisplayTimeZone(savedTimesInUtc() ? QTimeZone::utc() : QTimeZone::systemTimeZone());
    setWindowTitle(tr("StreamRank"));
    setObjectName(QStringLiteral("MainWindow"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RankingModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    if (m_options.demo) {
        // Only what can be set up in Settings → Accounts.
        QString banner = m_options.realPlatforms
                             ? tr("Demo data — a simulated platform, shown beside the live "
                                  "streams of your accounts (its rows say Demo).")
                             : tr("Demo data — a simulated platform. Add a Twitch, YouTube or "
                                  "Kick account in Settings → Accounts to collect live streams.");
        if (!m_options.databaseNotice.isEmpty())
            banner += QLatin1Char('\n') + m_options.databaseNotice;
        m_demoLabel = new QLabel(banner, central);
        m_demoLabel->setObjectName(QStringLiteral("DemoBanner"));
        m_demoLabel->setAlignment(Qt::AlignCenter);
        m_demoLabel->setWordWrap(true);
        layout->addWidget(m_demoLabel);
    }
    m_tabs->setObjectName(QStringLiteral("MainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildRankingPage(), tr("Live ranking"));
    m_tabs->addTab(m_alerts, tr("Alerts"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_chartDock->setObjectName(QStringLiteral("ChartDock"));
    m_chartDock->setWidget(m_chartPanel);
    m_chartPanel->setMinimumHeight(220);
    addDockWidget(Qt::BottomDockWidgetArea, m_chartDock);

    buildMenus();
    buildStatusBar();
    renderColours();

    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const RankingFilter &filter) {
        updateModel([&] { m_model->setFilter(filter); });
        // Another list: show the chosen stream if it is in it, else its top
        // (the old scroll position means nothing in a different list).
        // After the view has laid out the new rows (its scroll range is
        // updated late).
        QTimer::singleShot(0, m_view, [view = m_view] {
            const QModelIndex current = view->selectionModel()->currentIndex();
            if (current.isValid() && view->selectionModel()->isSelected(current))
                view->scrollTo(current);
            else
                view->scrollToTop();
        });
        updateEmptyState();
    });
    m_model->setFilter(m_filterBar->filter());
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showRankingMenu);
    wireAlerts();
    m_alerts->reload();

    m_defaultState = saveState();
    // 1280×800 where it fits; on a smaller screen (1280×720) the whole
    // window, status bar included, stays on it.
    QSize size(1280, 800);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

ViewershipChart *MainWindow::chart() const
{
    return m_chartPanel->chart();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    // The chart's export, also on its own bar and right-click menu.
    QMenu *exportChart = file->addMenu(tr("&Export chart"));
    exportChart->setObjectName(QStringLiteral("ExportChartMenu"));
    const std::tuple<QString, QString, QKeySequence> exports[] = {
        {tr("As &PNG…"), QStringLiteral("png"), QKeySequence(tr("Ctrl+E"))},
        {tr("As &SVG…"), QStringLiteral("svg"), QKeySequence()},
        {tr("Data as &CSV…"), QStringLiteral("csv"), QKeySequence(tr("Ctrl+Shift+E"))}};
    for (const auto &[text, format, keys] : exports) {
        QAction *action = exportChart->addAction(text, this, [this, format = format] {
            m_chartPanel->chart()->exportWithDialog(format);
        });
        action->setShortcut(keys);
    }
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_chartDock->toggleViewAction());
    view->addSeparator();
    buildViewOptions(view);
    view->addSeparator();
    QAction *find = view->addAction(tr("&Find…"), this, [this] {
        // The search of the tab in front.
        if (m_tabs->currentWidget() == m_alerts)
            m_alerts->focusSearch();
        else
            m_filterBar->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);
    find->setObjectName(QStringLiteral("FindAction"));
    QAction *reload = view->addAction(tr("Re&load"), this, [this] {
        m_alerts->reload();
        m_chartPanel->refresh(m_lastCensusMs);
    });
    reload->setShortcut(QKeySequence(Qt::Key_F5));
    reload->setObjectName(QStringLiteral("ReloadAction"));
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, [this] { restoreState(m_defaultState); });

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *accounts =
        settings->addAction(tr("A&ccounts…"), this, &MainWindow::accountsDialogRequested);
    accounts->setObjectName(QStringLiteral("AccountsAction"));
    // Ctrl+, as on other desktops (QKeySequence::Preferences is empty on Linux).
    accounts->setShortcut(QKeySequence(tr("Ctrl+,")));
    settings->addAction(tr("&Anomaly detection…"), this,
                        &MainWindow::anomalySettingsDialogRequested);
    settings->addAction(tr("&Storage…"), this, &MainWindow::storageSettingsDialogRequested)
        ->setObjectName(QStringLiteral("StorageAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *metrics = help->addAction(tr("&Metrics and formulas"), this, [this] {
        HelpDialog::open(this, HelpDialog::Page::Ranking);
    });
    metrics->setObjectName(QStringLiteral("MetricsHelpAction"));
    metrics->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    help->addAction(tr("&About StreamRank"), this, [this] {
        QMessageBox::about(
            this, tr("About StreamRank"),
            tr("<h3>StreamRank %1</h3><p>Live-streaming analytics on your desktop: your own "
               "history, rankings, charts and alerts.</p><p>Database: %2</p>"
               "<p>License: GPL-3.0-or-later. StreamRank is free software: you can "
               "redistribute it and/or modify it under the terms of the GNU General Public "
               "License, version 3 or any later version. It comes with no warranty.</p>")
                .arg(QStringLiteral(STREAMRANK_VERSION), m_options.databasePath.toHtmlEscaped()));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildViewOptions(QMenu *view)
{
    m_utcAction = view->addAction(tr("Show times in &UTC"));
    m_utcAction->setObjectName(QStringLiteral("TimesInUtcAction"));
    m_utcAction->setCheckable(true);
    m_utcAction->setChecked(savedTimesInUtc());
    connect(m_utcAction, &QAction::toggled, this, &MainWindow::setTimesInUtc);

    QMenu *theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    m_themeGroup->setExclusive(true);
    const std::pair<Theme, QString> choices[] = {
        {Theme::System, tr("&System")}, {Theme::Light, tr("&Light")}, {Theme::Dark, tr("&Dark")}};
    for (const auto &[t, text] : choices) {
        QAction *action = theme->addAction(text);
        action->setCheckable(true);
        action->setChecked(t == currentTheme());
        action->setData(static_cast<int>(t));
        // "ThemeSystemAction", "ThemeLightAction", "ThemeDarkAction"
        QString code = themeCode(t);
        code[0] = code[0].toUpper();
        action->setObjectName(QStringLiteral("Theme%1Action").arg(code));
        m_themeGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, t = t] { setTheme(t); });
    }
}

bool MainWindow::timesInUtc() const
{
    return m_utcAction->isChecked();
}

void MainWindow::setTimesInUtc(bool utc)
{
    setDisplayTimeZone(utc ? QTimeZone::utc() : QTimeZone::systemTimeZone());
    QSettings().setValue(TimesInUtcKey, utc);
    if (m_utcAction->isChecked() != utc) {
        const QSignalBlocker blocker(m_utcAction);
        m_utcAction->setChecked(utc);
    }
    renderCensusLabel();
    m_youtubeQuota->refresh();
    m_alerts->model()->refreshTimeTexts();
    m_chartPanel->displayTimeZoneChanged();
    Q_EMIT displayTimeZoneChanged();
}

void MainWindow::setTheme(Theme theme)
{
    applyTheme(theme);
    saveTheme(theme);
    for (QAction *action : m_themeGroup->actions())
        if (action->data().toInt() == static_cast<int>(theme))
            action->setChecked(true);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        renderColours();
    QMainWindow::changeEvent(event);
}

void MainWindow::renderColours()
{
    const bool dark = isDark(palette());
    if (m_demoLabel)
        m_demoLabel->setStyleSheet(demoBannerStyle(dark));
    m_dbLabel->setStyleSheet(m_storageError ? toneStyleSheet(TextTone::Error, palette())
                                            : QString());
    m_youtubeQuota->refresh();
    renderCollectorState();
}

void MainWindow::buildStatusBar()
{
    auto make = [this](const QString &name, const QString &tip) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        label->setToolTip(tip);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_stateLabel =
        make(QStringLiteral("StateLabel"), tr("What each platform's collector is doing"));
    m_stateLabel->setTextFormat(Qt::RichText);
    // Beside the collectors' state: how much of YouTube's day is left.
    m_youtubeQuota = new YouTubeQuotaLabel(this);
    statusBar()->addPermanentWidget(m_youtubeQuota);
    m_censusLabel = make(QStringLiteral("CensusLabel"), tr("Time of the last census"));
    m_streamsLabel = make(QStringLiteral("StreamsLabel"), tr("Live streams in the last census"));
    m_backfillLabel = make(
        QStringLiteral("BackfillLabel"),
        tr("StreamRank is computing the 5-minute and hourly averages of history recorded by an "
           "older version, newest hours first, a little after each census.\nUntil it ends, "
           "charts of longer ranges (drawn from those averages) can miss the hours not built "
           "yet; charts that show every census are complete.\nIf StreamRank is closed, it goes "
           "on where it stopped. Hours without data are skipped at once, so the count of hours "
           "left can drop in jumps."));
    m_backfillLabel->hide();
    m_dbLabel = make(QStringLiteral("DatabaseLabel"), m_options.databasePath);
    m_stateLabel->setText(tr("Starting…"));
    m_censusLabel->setText(tr("No census yet"));
    if (m_options.demo) {
        m_demoStatusLabel =
            make(QStringLiteral("DemoStatusLabel"), tr("The Demo platform is simulated"));
        m_demoStatusLabel->setText(tr("DEMO DATA"));
        // Black on amber: the same in a light and a dark window.
        m_demoStatusLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #e5a50a; color: black; font-weight: bold; padding: 0 6px; }"));
    }
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    const QByteArray geometry = loadChecked(settings, QStringLiteral("window/geometry"));
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = loadChecked(settings, QStringLiteral("window/state"));
    if (!state.isEmpty())
        restoreState(state);
    bool ok = false;
    const int tab = settings.value(QStringLiteral("window/tab")).toInt(&ok);
    if (ok && tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    const int topN = settings.value(QStringLiteral("filter/topN")).toInt(&ok);
    if (ok && topN > 0)
        m_filterBar->setTopN(topN);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    saveChecked(settings, QStringLiteral("window/geometry"), saveGeometry());
    saveChecked(settings, QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    settings.setValue(QStringLiteral("filter/topN"), m_filterBar->topN());
    event->accept();
}

void MainWindow::applyRanking(const RankingSnapshot &snapshot)
{
    // Coalesce: when several censuses are queued (a backfill, a fast demo),
    // only the newest is worth showing.
    const bool scheduled = m_pendingSnapshot.has_value();
    m_pendingSnapshot = snapshot;
    if (!scheduled)
        QTimer::singleShot(0, this, &MainWindow::applyPendingRanking);
}

void MainWindow::applyPendingRanking()
{
    if (!m_pendingSnapshot)
        return;
    const RankingSnapshot snapshot = std::move(*m_pendingSnapshot);
    m_pendingSnapshot.reset();
    updateModel([&] { m_model->applySnapshot(snapshot); });
    m_lastCensusMs = std::max(m_lastCensusMs, snapshot.takenAtMs);
    m_alerts->setNow(m_lastCensusMs);
    if (!m_autoSelected && m_view->selectionModel()->selectedRows().isEmpty() &&
        m_proxy->rowCount() > 0) {
        // Show a chart from the first second: the top stream until the user picks one.
        m_autoSelected = true;
        m_view->selectRow(0);
    }
    m_filterBar->setChoices(m_model->categories(), m_model->languages());
    m_shownCensusMs = snapshot.takenAtMs;
    m_shownCensusPartial = snapshot.partial;
    m_shownCensusRestored = snapshot.restored;
    renderCensusLabel();
    updateEmptyState();
    m_streamsLabel->setText(formatStreamsSummary(snapshot));
}

void MainWindow::renderCensusLabel()
{
    if (m_shownCensusMs == 0)
        return; // still "No census yet"
    // Today's census by its time alone: the status bar has room for every
    // platform's state only without the date.
    const QTimeZone zone = displayTimeZone();
    const bool today = QDateTime::fromMSecsSinceEpoch(m_shownCensusMs, zone).date() ==
                       QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
    const QString when = today ? localTimeText(m_shownCensusMs, QStringLiteral("HH:mm"))
                               : localTimeText(m_shownCensusMs);
    const QString partial = m_shownCensusPartial ? tr(" (partial)") : QString();
    m_censusLabel->setText(m_shownCensusRestored ? tr("Stored census %1%2").arg(when, partial)
                                                 : tr("Last census %1%2").arg(when, partial));
    const QString exact = localTimeText(m_shownCensusMs, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_censusLabel->setToolTip(
        m_shownCensusRestored
            ? tr("%1\nThe ranking as it was stored before StreamRank last stopped; the next "
                 "census replaces it.")
                  .arg(exact)
            : exact);
}

void MainWindow::showCollectorState(Platform platform, CollectorState state, const QString &detail)
{
    m_platformStatus[static_cast<int>(platform)] = {true, state, detail};
    const bool stale = state == CollectorState::Stale || state == CollectorState::Failed;
    m_model->setPlatformStale(platform, stale, detail);
    renderCollectorState();
}

void MainWindow::renderCollectorState()
{
    bool any = false;

    // One line for every platform that has reported, in platform order; only
    // a stale or failed platform's part is shown in red. With several
    // platforms the line keeps only the details that explain a problem (the
    // tooltip has all), and from three platforms on a healthy one is named
    // alone, so every platform's state fits a 1280-wide window.
    const auto reporting = std::count_if(m_platformStatus.begin(), m_platformStatus.end(),
                                         [](const PlatformStatus &s) { return s.known; });
    QStringList parts;
    QStringList tips;
    for (int p = 0; p < PlatformCount; ++p) {
        const PlatformStatus &s = m_platformStatus[p];
        if (!s.known)
            continue;
        any = true;
        const bool bad = s.state == CollectorState::Stale || s.state == CollectorState::Failed;
        const QString head = platformDisplayName(static_cast<Platform>(p)) + QStringLiteral(": ") +
                             collectorStateText(s.state);
        const QString full = s.detail.isEmpty() ? head : head + QStringLiteral(" — ") + s.detail;
        tips.append(full);
        // A spent YouTube quota is said, with its reset, by the label beside.
        const bool explained =
            p == static_cast<int>(Platform::YouTube) && m_youtubeQuota->showsExhausted();
        const QString text = (reporting == 1 || (bad && reporting < 3)) && !explained ? full
                             : bad || reporting < 3                                   ? head
                                                    : platformDisplayName(static_cast<Platform>(p));
        parts.append(
            bad ? QStringLiteral("<span style=\"color:%1\">%2</span>")
                      .arg(toneColor(TextTone::Error, palette()).name(), text.toHtmlEscaped())
                : text.toHtmlEscaped());
    }
    if (!any)
        return; // still "Starting…"
    m_stateLabel->setText(parts.join(QStringLiteral("&nbsp;&nbsp;·&nbsp;&nbsp;")));
    m_stateLabel->setToolTip(tips.join(QLatin1Char('\n')));
}

void MainWindow::showStartupProgress(const QString &text)
{
    m_startupText = text;
    if (!m_pendingSnapshot) // the stored ranking, if it is on its way, says the rest
        updateEmptyState();
}

void MainWindow::showCensusStored(qint64 takenAtMs, int streams, qint64 databaseBytes)
{
    Q_UNUSED(takenAtMs);
    Q_UNUSED(streams);
    m_dbLabel->setText(tr("Database %1").arg(formatBytes(databaseBytes)));
    m_storageError = false;
    m_dbLabel->setStyleSheet(QString());
    // The chart shows what is stored, so it follows the writer, not the ranking.
    m_chartPanel->refresh(takenAtMs);
}

void MainWindow::showYouTubeQuota(const YouTubeQuotaStatus &status)
{
    m_youtubeQuota->setStatus(status);
    renderCollectorState();
}

void MainWindow::clearYouTubeQuota()
{
    m_youtubeQuota->clearStatus();
    renderCollectorState();
}

void MainWindow::showStorageError(const QString &message)
{
    statusBar()->showMessage(message, 30000);
    m_storageError = true;
    m_dbLabel->setStyleSheet(toneStyleSheet(TextTone::Error, palette()));
}

void MainWindow::showRollupBackfill(int hoursDone, int hoursLeft, bool finished)
{
    if (finished) {
        m_backfillLabel->hide();
        return;
    }
    const QLocale locale;
    m_backfillLabel->setText(
        hoursLeft > 0 ? tr("Building chart history: %1 of %2 hours left")
                            .arg(locale.toString(hoursLeft), locale.toString(hoursDone + hoursLeft))
                      : tr("Building chart history: finishing"));
    m_backfillLabel->show();
}

} // namespace StreamRank
