#include "mainwindow.h"

#include "alertsmodel.h"
#include "alertsview.h"
#include "clock.h"
#include "filterbar.h"
#include "rankingmodel.h"
#include "streamchartpanel.h"
#include "tablesort.h"
#include "theme.h"
#include "viewershipchart.h"

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
      m_alerts(new AlertsView(m_options.eventSource, this)),
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
        // Only what can be set up today (YouTube and Kick are not collected yet).
        QString banner = tr("Demo data — a simulated platform. Add a Twitch account in "
                            "Settings → Accounts to collect live streams.");
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
        updateEmptyState();
    });
    m_model->setFilter(m_filterBar->filter());
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showRankingMenu);
    connect(m_alerts, &AlertsView::acknowledgeRequested, this, &MainWindow::acknowledgeRequested);
    connect(m_alerts, &AlertsView::eventActivated, this, &MainWindow::showEvent);
    connect(m_alerts, &AlertsView::chartRequested, this,
            [this](const AnomalyEvent &event, bool channel, bool compare) {
                const QString name =
                    event.channelName.isEmpty() ? event.channelLogin : event.channelName;
                ChartTarget target;
                target.platform = event.platform;
                if (channel) {
                    target.subject = ChartSubject::Channel;
                    target.id = event.channelId;
                    target.title = tr("%1 — all broadcasts").arg(name);
                } else {
                    target.id = event.streamId;
                    target.title = name;
                }
                if (compare)
                    pinTarget(target);
                else
                    chartTarget(target);
            });
    connect(m_alerts, &AlertsView::unacknowledgedChanged, this, [this](int count) {
        m_tabs->setTabText(1, count > 0 ? tr("Alerts (%1)").arg(count) : tr("Alerts"));
    });
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

QWidget *MainWindow::buildRankingPage()
{
    m_view->setObjectName(QStringLiteral("RankingView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RankingModel::RankColumn, Qt::AscendingOrder);
    sortLargestFirst(m_view, {RankingModel::RankChangeColumn, RankingModel::ViewersColumn,
                              RankingModel::PeakColumn, RankingModel::UptimeColumn,
                              RankingModel::TrendColumn, RankingModel::AnomalyColumn});
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    auto *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(RankingModel::TitleColumn, QHeaderView::Stretch);
    const int charW = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(RankingModel::RankColumn, charW * 7);
    header->resizeSection(RankingModel::RankChangeColumn, charW * 7);
    header->resizeSection(RankingModel::PlatformColumn, charW * 10);
    header->resizeSection(RankingModel::ChannelColumn, charW * 20);
    header->resizeSection(RankingModel::CategoryColumn, charW * 22);
    header->resizeSection(RankingModel::LanguageColumn, charW * 6);
    header->resizeSection(RankingModel::ViewersColumn, charW * 11);
    header->resizeSection(RankingModel::PeakColumn, charW * 11);
    header->resizeSection(RankingModel::UptimeColumn, charW * 9);
    header->resizeSection(RankingModel::TrendColumn, charW * 7);
    header->resizeSection(RankingModel::AnomalyColumn, charW * 6);

    // Columns the user can move, hide and show (right-click on the header);
    // kept with the header's saved state.
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &at) {
        QMenu menu(this);
        for (int c = 0; c < m_model->columnCount(); ++c) {
            QAction *action =
                menu.addAction(m_model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
            const QString name = m_model->headerData(c, Qt::Horizontal).toString();
            action->setText(name.isEmpty() ? action->text() : name);
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(c));
            // The channel is the row's name: it always stays.
            action->setEnabled(c != RankingModel::ChannelColumn);
            connect(action, &QAction::toggled, this,
                    [header, c](bool shown) { header->setSectionHidden(c, !shown); });
        }
        menu.exec(header->mapToGlobal(at));
    });

    // An empty table says why: nothing collected yet, or nothing matches.
    m_emptyLabel = new QLabel(m_view->viewport());
    m_emptyLabel->setObjectName(QStringLiteral("RankingEmptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->hide();
    auto *overlay = new QVBoxLayout(m_view->viewport());
    overlay->setContentsMargins(20, 20, 20, 20);
    overlay->addWidget(m_emptyLabel);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MainWindow::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);

    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_view, 1);
    return page;
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_proxy->rowCount() == 0;
    const int collected = m_model->streamsInSnapshot();
    if (!empty || collected == 0) {
        // No census yet: the status bar says what is happening.
        m_emptyLabel->hide();
        return;
    }
    const RankingFilter &f = m_model->filter();
    QStringList narrowing;
    if (!f.text.isEmpty())
        narrowing.append(tr("the search \u201c%1\u201d").arg(f.text.toHtmlEscaped()));
    if (f.platform)
        narrowing.append(tr("the platform %1").arg(platformDisplayName(*f.platform)));
    if (!f.categoryName.isEmpty())
        narrowing.append(tr("the category %1").arg(f.categoryName.toHtmlEscaped()));
    if (!f.language.isEmpty())
        narrowing.append(tr("the language %1").arg(f.language.toHtmlEscaped()));
    m_emptyLabel->setText(
        tr("<p>None of the %1 live streams matches %2.</p><p>Clear the search or choose "
           "\u201cAll\u201d in the filters above.</p>")
            .arg(QLocale().toString(collected), narrowing.join(tr(" and "))));
    m_emptyLabel->show();
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
    const QByteArray header = loadChecked(settings, QStringLiteral("window/rankingHeader"));
    if (!header.isEmpty())
        m_view->horizontalHeader()->restoreState(header);
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
    saveChecked(settings, QStringLiteral("window/rankingHeader"),
                m_view->horizontalHeader()->saveState());
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
    renderCensusLabel();
    m_streamsLabel->setText(tr("%1 streams · %2 viewers")
                                .arg(QLocale().toString(snapshot.rows.size()),
                                     QLocale().toString(snapshot.totalViewers)));
}

void MainWindow::renderCensusLabel()
{
    if (m_shownCensusMs == 0)
        return; // still "No census yet"
    m_censusLabel->setText(tr("Last census %1%2")
                               .arg(localTimeText(m_shownCensusMs),
                                    m_shownCensusPartial ? tr(" (partial)") : QString()));
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
    // a stale or failed platform's part is shown in red.
    QStringList parts;
    QStringList tips;
    for (int p = 0; p < PlatformCount; ++p) {
        const PlatformStatus &s = m_platformStatus[p];
        if (!s.known)
            continue;
        any = true;
        QString text = platformDisplayName(static_cast<Platform>(p)) + QStringLiteral(": ") +
                       collectorStateText(s.state);
        if (!s.detail.isEmpty())
            text += QStringLiteral(" — ") + s.detail;
        tips.append(text);
        const bool bad = s.state == CollectorState::Stale || s.state == CollectorState::Failed;
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

QString MainWindow::selectedKey() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.constFirst().data(RankingModel::KeyRole).toString();
}

void MainWindow::updateModel(const std::function<void()> &update)
{
    // Rows the model removes (a stream ended, dropped out of the top N, was
    // filtered away) move Qt's selection to a neighbouring row: that is not
    // the user choosing another stream, so the chart stays where it is.
    m_updatingModel = true;
    update();
    syncHighlight();
    m_updatingModel = false;
    markChartLiveness();
}

void MainWindow::syncHighlight()
{
    // The highlight tells the truth: on the charted stream's row if it is
    // listed, on no row if it is not or the chart is not a stream's (so a
    // click on any row, the neighbour included, charts it).
    const QString charted = m_chartPanel->target().key();
    if (!charted.isEmpty() && selectedKey() != charted) {
        const int row = m_model->rowOfKey(charted);
        const QModelIndex at =
            row >= 0 ? m_proxy->mapFromSource(m_model->index(row, 0)) : QModelIndex();
        if (at.isValid()) {
            m_view->selectionModel()->select(at, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
        } else {
            m_view->selectionModel()->clearSelection();
        }
        m_view->selectionModel()->setCurrentIndex(at, QItemSelectionModel::NoUpdate);
    }
}

void MainWindow::markChartLiveness()
{
    const ChartTarget &target = m_chartPanel->target();
    if (target.isValid() && target.subject == ChartSubject::Stream && m_lastCensusMs > 0)
        m_chartPanel->chart()->setOffline(!m_model->isLive(target.key()));
}

void MainWindow::onSelectionChanged()
{
    if (m_updatingModel)
        return;
    const QString key = selectedKey();
    if (key.isEmpty() || (key == m_chartPanel->target().key() && !m_chartPanel->target().focusMs))
        return;
    const int row = m_model->rowOfKey(key);
    if (row < 0)
        return;
    const RankedStream &r = m_model->rowAt(row);
    ChartTarget target;
    target.platform = r.platform;
    target.id = r.streamId();
    target.title = tr("%1 — %2").arg(r.channelName(), r.categoryName());
    m_chartPanel->showTarget(target, m_lastCensusMs);
    markChartLiveness();
}

void MainWindow::showRankingMenu(const QPoint &at)
{
    const QModelIndex index = m_view->indexAt(at);
    if (!index.isValid())
        return;
    const RankedStream &r = m_model->rowAt(m_proxy->mapToSource(index).row());
    QMenu menu(this);
    // The subjects are taken now: a census may re-sort the rows while the
    // menu is open, and the click must act on the row that was clicked.
    const int row = index.row();
    const auto target = [&](ChartSubject subject) { return targetOfRow(row, subject); };
    const ChartTarget stream = target(ChartSubject::Stream);
    const ChartTarget channel = target(ChartSubject::Channel);
    const ChartTarget category = target(ChartSubject::Category);
    const ChartTarget platform = target(ChartSubject::Platform);
    // Copy: the channel's name, or the row as CSV (the columns shown, in
    // their order, with a header line).
    const QString channelName = r.channelName();
    menu.addAction(tr("&Copy channel name"), this,
                   [channelName] { QGuiApplication::clipboard()->setText(channelName); });
    menu.addAction(tr("Copy row as CS&V"), this, [this, row] {
        const auto field = [](QString text) {
            if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n'))
                text = u'"' + text.replace(u'"', QStringLiteral("\"\"")) + u'"';
            return text;
        };
        QStringList names, values;
        const QHeaderView *header = m_view->horizontalHeader();
        for (int v = 0; v < header->count(); ++v) {
            const int c = header->logicalIndex(v);
            if (header->isSectionHidden(c))
                continue;
            names.append(field(m_proxy->headerData(c, Qt::Horizontal).toString()));
            values.append(field(m_proxy->index(row, c).data().toString()));
        }
        QGuiApplication::clipboard()->setText(names.join(u',') + u'\n' + values.join(u',') + u'\n');
    });
    menu.addSeparator();
    menu.addAction(tr("Chart this broadcast"), this, [this, stream] { chartTarget(stream); });
    menu.addAction(tr("Chart channel %1 (all broadcasts)").arg(r.channelName()), this,
                   [this, channel] { chartTarget(channel); });
    if (!r.categoryId().isEmpty())
        menu.addAction(tr("Chart category %1").arg(r.categoryName()), this,
                       [this, category] { chartTarget(category); });
    menu.addAction(tr("Chart all %1 streams").arg(platformDisplayName(r.platform)), this,
                   [this, platform] { chartTarget(platform); });
    // Pinned subjects stay on the chart beside whatever is charted next.
    QMenu *compare = menu.addMenu(tr("Add to c&omparison"));
    const std::pair<QString, ChartTarget> subjects[] = {
        {tr("This broadcast"), stream},
        {tr("Channel %1").arg(r.channelName()), channel},
        {tr("Category %1").arg(r.categoryName()), category},
        {tr("All %1 streams").arg(platformDisplayName(r.platform)), platform}};
    for (const auto &[label, subject] : subjects) {
        if (subject.subject == ChartSubject::Category && r.categoryId().isEmpty())
            continue;
        QAction *action =
            compare->addAction(label, this, [this, subject = subject] { pinTarget(subject); });
        action->setEnabled(m_chartPanel->canPin(subject));
    }
    if (m_chartPanel->pinned().size() >= StreamChartPanel::MaxPins) {
        compare->addSeparator();
        compare
            ->addAction(tr("%1 pinned: remove one first (Compare, in the chart)")
                            .arg(StreamChartPanel::MaxPins))
            ->setEnabled(false);
    }
    menu.exec(m_view->viewport()->mapToGlobal(at));
}

ChartTarget MainWindow::targetOfRow(int viewRow, ChartSubject subject) const
{
    ChartTarget target;
    const QModelIndex index = m_proxy->index(viewRow, 0);
    if (!index.isValid())
        return target;
    const RankedStream &r = m_model->rowAt(m_proxy->mapToSource(index).row());
    target.subject = subject;
    target.platform = r.platform;
    switch (subject) {
    case ChartSubject::Stream:
        target.id = r.streamId();
        target.title = tr("%1 — %2").arg(r.channelName(), r.categoryName());
        break;
    case ChartSubject::Channel:
        target.id = r.channelId();
        target.title = tr("%1 — all broadcasts").arg(r.channelName());
        break;
    case ChartSubject::Category:
        target.id = r.categoryId();
        target.title =
            tr("%1 — all %2 streams in it").arg(r.categoryName(), platformDisplayName(r.platform));
        break;
    case ChartSubject::Platform:
        target.id = platformCode(r.platform);
        target.title = tr("All %1 streams").arg(platformDisplayName(r.platform));
        break;
    }
    return target;
}

bool MainWindow::compareRow(int viewRow, ChartSubject subject)
{
    return pinTarget(targetOfRow(viewRow, subject));
}

bool MainWindow::pinTarget(const ChartTarget &target)
{
    if (!m_chartPanel->pinForComparison(target))
        return false;
    m_chartDock->show();
    m_chartDock->raise();
    markChartLiveness(); // it may be what is charted now
    return true;
}

void MainWindow::chartRow(int viewRow, ChartSubject subject)
{
    chartTarget(targetOfRow(viewRow, subject));
}

void MainWindow::chartTarget(const ChartTarget &target)
{
    const ChartSubject subject = target.subject;
    if (!target.isValid())
        return;
    if (subject != ChartSubject::Stream)
        m_chartPanel->chart()->setOffline(false);
    m_chartDock->show();
    m_chartDock->raise();
    m_chartPanel->showTarget(target, m_lastCensusMs);
    const bool updating = std::exchange(m_updatingModel, true);
    syncHighlight();
    m_updatingModel = updating;
    markChartLiveness();
}

void MainWindow::addAnomalyEvents(const QVector<AnomalyEvent> &events)
{
    m_alerts->addEvents(events);
}

void MainWindow::setAnomalySettings(const AnomalySettings &settings)
{
    m_anomalySettings = settings;
}

void MainWindow::showEvent(const AnomalyEvent &event)
{
    ChartTarget target;
    target.platform = event.platform;
    target.id = event.streamId;
    // The panel adds "alert at …" while the chart is on the alert's moment.
    target.title = event.channelName.isEmpty() ? event.channelLogin : event.channelName;
    target.focusMs = event.timeMs;
    m_chartDock->show();
    m_chartDock->raise();
    m_chartPanel->showTarget(target, m_lastCensusMs);
    markChartLiveness();
}

} // namespace StreamRank
