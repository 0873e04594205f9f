#pragma once
// StreamRank's main window: the live ranking in the centre, filters above it,
// the selected stream's viewership chart in a dock, collection state below.

#include "alertsview.h"
#include "collector.h"
#include "ranking.h"
#include "streamchartpanel.h"
#include "theme.h"
#include "youtubecollector.h"

#include <QMainWindow>

#include <array>
#include <functional>
#include <optional>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace StreamRank {

class AlertsView;
class FilterBar;
class RankingColumns;
class RankingModel;
class StreamChartPanel;
class ViewershipChart;
class YouTubeQuotaLabel;

struct MainWindowOptions
{
    bool demo = true;
    bool realPlatforms = false; // a real platform collects too (the Demo forced beside it)
    QString databasePath;
    QString databaseNotice; // shown under the Demo banner, e.g. a throwaway database
    SeriesSource seriesSource;
    EventSource eventSource;       // the chart's alert markers
    IncidentSource incidentSource; // the Alerts tab
    // --theme: this run's theme instead of the saved one (and not saved).
    std::optional<Theme> theme;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(MainWindowOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    RankingModel *rankingModel() const { return m_model; }
    QTableView *rankingView() const { return m_view; }
    ViewershipChart *chart() const;
    StreamChartPanel *chartPanel() const { return m_chartPanel; }
    AlertsView *alertsView() const { return m_alerts; }
    QTabWidget *tabs() const { return m_tabs; }
    const AnomalySettings &anomalySettings() const { return m_anomalySettings; }

    // Charts what a ranking row (a row of the view, as sorted) belongs to:
    // the broadcast, its channel's broadcasts, its category or its
    // platform's total. The ranking's right-click menu offers the same.
    void chartRow(int viewRow, ChartSubject subject);
    // Pins that subject of a ranking row (a view row) for comparison in the chart.
    bool compareRow(int viewRow, ChartSubject subject);

    // View → Show times in UTC: every time the window shows is in UTC, or
    // in the system's zone. Saved, and applied when the window opens.
    bool timesInUtc() const;
    void setTimesInUtc(bool utc);
    // View → Theme: applied to the whole application, saved.
    void setTheme(StreamRank::Theme theme);

public Q_SLOTS:
    void applyRanking(const StreamRank::RankingSnapshot &snapshot);
    void showCollectorState(StreamRank::Platform platform, StreamRank::CollectorState state,
                            const QString &detail);
    void showCensusStored(qint64 takenAtMs, int streams, qint64 databaseBytes);
    // What start-up is loading (Pipeline::startupProgress): shown over the
    // empty ranking until the first ranking arrives.
    void showStartupProgress(const QString &text);
    // YouTube's quota in the status bar (Pipeline::youtubeQuotaChanged);
    // hidden again by clearYouTubeQuota() when YouTube stops.
    void showYouTubeQuota(const StreamRank::YouTubeQuotaStatus &status);
    void clearYouTubeQuota();
    void showStorageError(const QString &message);
    // The writer is building the rollups of history from before schema 4:
    // a status bar label while it runs, hidden once finished.
    void showRollupBackfill(int hoursDone, int hoursLeft, bool finished);
    void addAnomalyEvents(const QVector<StreamRank::AnomalyEvent> &events);
    // Live changes of incidents (a new peak, the end) for the Alerts tab.
    void updateAnomalyIncidents(const QVector<StreamRank::AnomalyIncidentUpdate> &updates);
    void setAnomalySettings(const StreamRank::AnomalySettings &settings);
    // Opens the chart of the event's stream at the event's time, marked.
    void showEvent(const StreamRank::AnomalyEvent &event);

Q_SIGNALS:
    void acknowledgeRequested(const QVector<qint64> &eventIds);
    void anomalySettingsChanged(const StreamRank::AnomalySettings &settings);
    void anomalySettingsDialogRequested();
    void storageSettingsDialogRequested();
    void accountsDialogRequested();
    // After setTimesInUtc(): views outside the window's own (the chart)
    // format their times again.
    void displayTimeZoneChanged();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildRankingPage();
    void applyPendingRanking();
    void buildMenus();
    // The Alerts tab's connections (mainwindow_alerts.cpp).
    void wireAlerts();
    void buildStatusBar();
    void restoreLayout();
    void buildViewOptions(QMenu *view);
    // The status bar's texts that hold a time or a colour, shown again
    // when the display zone or the palette changes.
    void renderCensusLabel();
    void renderCollectorState();
    void renderColours();
    void onSelectionChanged();
    void showRankingMenu(const QPoint &at);
    ChartTarget targetOfRow(int viewRow, ChartSubject subject) const;
    void updateEmptyState();
    void chartTarget(const ChartTarget &target);
    bool pinTarget(const ChartTarget &target);
    void syncHighlight(); // the ranking's highlight on the charted row, or none
    // Runs a change of the model's rows without it counting as the user
    // selecting another stream.
    void updateModel(const std::function<void()> &update);
    // The chart says "offline since …" while its stream is not in the latest census.
    void markChartLiveness();
    QString selectedKey() const;

    MainWindowOptions m_options;
    RankingModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    RankingColumns *m_columns = nullptr;
    FilterBar *m_filterBar;
    QTabWidget *m_tabs;
    AlertsView *m_alerts;
    StreamChartPanel *m_chartPanel;
    QDockWidget *m_chartDock;
    QLabel *m_demoLabel = nullptr;
    QLabel *m_emptyLabel = nullptr; // over the ranking when nothing matches the filters
    QLabel *m_stateLabel = nullptr;
    YouTubeQuotaLabel *m_youtubeQuota = nullptr;
    // The last state each platform's collector reported, shown together.
    struct PlatformStatus
    {
        bool known = false;
        CollectorState state = CollectorState::Idle;
        QString detail;
    };
    std::array<PlatformStatus, PlatformCount> m_platformStatus;
    QLabel *m_censusLabel = nullptr;
    QLabel *m_streamsLabel = nullptr;
    QLabel *m_dbLabel = nullptr;
    QLabel *m_backfillLabel = nullptr; // hidden unless older rollups are being built
    QLabel *m_demoStatusLabel = nullptr;
    QAction *m_utcAction = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    qint64 m_shownCensusMs = 0; // the census the status bar names, 0: none yet
    bool m_shownCensusPartial = false;
    bool m_shownCensusRestored = false; // ranked again from the database at start-up
    QString m_startupText;              // what start-up is loading, while no ranking is shown
    bool m_storageError = false;
    QByteArray m_defaultState;
    std::optional<RankingSnapshot> m_pendingSnapshot;
    AnomalySettings m_anomalySettings;
    qint64 m_lastCensusMs = 0;
    bool m_autoSelected = false;
    bool m_updatingModel = false;
};

} // namespace StreamRank
