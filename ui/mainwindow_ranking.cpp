// MainWindow: the ranking table and what it charts — the page, its empty
// state, the selection that follows the charted stream, and the right-click
// menu (copy, chart, compare). Its columns are RankingColumns'.
#include "mainwindow.h"

#include "alertsmodel.h"
#include "alertsview.h"
#include "clock.h"
#include "filterbar.h"
#include "rankingcolumns.h"
#include "rankingmodel.h"
#include "streamchartpanel.h"
#include "tablesort.h"
#include "theme.h"
#include "viewershipchart.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <tuple>
#include <utility>

namespace StreamRank {

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
    // Widths, the header's menu, the Platform column's visibility and their
    // saved state.
    m_columns = new RankingColumns(m_view, m_model, this);

    // The ⚠ opens the stream's newest incident in the Alerts tab.
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != RankingModel::AnomalyColumn)
            return;
        const RankedStream &r = m_model->rowAt(m_proxy->mapToSource(index).row());
        if (!r.anomaly)
            return;
        m_tabs->setCurrentWidget(m_alerts);
        m_alerts->showNewestIncidentOf(r.platform, r.streamId());
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
    if (!empty) {
        m_emptyLabel->hide();
        return;
    }
    if (m_shownCensusMs == 0 || collected == 0) {
        // Nothing ranked yet: say what is being waited for.
        QString text;
        if (m_shownCensusMs != 0)
            text = tr("<p>No live streams in the last census.</p>");
        else if (!m_startupText.isEmpty())
            text = QStringLiteral("<p>%1</p>").arg(m_startupText.toHtmlEscaped());
        else
            text = tr("<p>Waiting for the first census.</p><p>The status bar below says what "
                      "each platform is doing.</p>");
        m_emptyLabel->setText(text);
        m_emptyLabel->show();
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

} // namespace StreamRank
