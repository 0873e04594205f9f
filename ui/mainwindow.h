#pragma once
// StreamRank's main window: the live ranking in the centre, filters above it,
// the selected stream's viewership chart in a dock, collection state below.

#include "collector.h"
#include "ranking.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointF>

#include <functional>
#include <optional>

class QDockWidget;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace StreamRank {

class FilterBar;
class RankingModel;
class ViewershipChart;

// Loads one stream's stored viewers (x = epoch ms, y = viewers). Called on a
// pool thread, never on the GUI thread.
using SeriesSource =
    std::function<QVector<QPointF>(Platform, const QString &streamId, qint64 fromMs, qint64 toMs)>;

struct MainWindowOptions
{
    bool demo = true;
    QString databasePath;
    SeriesSource seriesSource;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(MainWindowOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    RankingModel *rankingModel() const { return m_model; }
    QTableView *rankingView() const { return m_view; }
    ViewershipChart *chart() const { return m_chart; }

public Q_SLOTS:
    void applyRanking(const StreamRank::RankingSnapshot &snapshot);
    void showCollectorState(StreamRank::Platform platform, StreamRank::CollectorState state,
                            const QString &detail);
    void showCensusStored(qint64 takenAtMs, int streams, qint64 databaseBytes);
    void showStorageError(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void applyPendingRanking();
    void buildMenus();
    void buildStatusBar();
    void restoreLayout();
    void onSelectionChanged();
    void reloadChart();
    QString selectedKey() const;

    MainWindowOptions m_options;
    RankingModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    FilterBar *m_filterBar;
    ViewershipChart *m_chart;
    QDockWidget *m_chartDock;
    QLabel *m_demoLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_censusLabel = nullptr;
    QLabel *m_streamsLabel = nullptr;
    QLabel *m_dbLabel = nullptr;
    QString m_chartKey; // platform:streamId the chart shows
    QFutureWatcher<QVector<QPointF>> m_seriesWatcher;
    QByteArray m_defaultState;
    std::optional<RankingSnapshot> m_pendingSnapshot;
    bool m_autoSelected = false;
    bool m_reloadPending = false;
};

} // namespace StreamRank
