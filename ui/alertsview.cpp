#include "alertsview.h"

#include "alertdetails.h"
#include "alertsmodel.h"
#include "tablesort.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace StreamRank {

namespace {
constexpr qint64 HourMs = 60LL * 60 * 1000;
}

AlertsView::AlertsView(IncidentSource source, QWidget *parent)
    : QWidget(parent), m_source(std::move(source)), m_model(new AlertsModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_tree(new QTreeView(this)),
      m_details(new AlertDetails(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_newBar(new QFrame(this)), m_newLabel(new QLabel(m_newBar)),
      m_showNew(new QPushButton(tr("Show"), m_newBar)), m_range(new QComboBox(this)),
      m_platform(new QComboBox(this)), m_strategy(new QComboBox(this)), m_text(new QLineEdit(this)),
      m_minScore(new QDoubleSpinBox(this)), m_ackSelected(new QPushButton(tr("Acknowledge"), this)),
      m_ackAll(new QPushButton(tr("Acknowledge all shown"), this)),
      m_reloadDebounce(new QTimer(this))
{
    m_range->addItem(tr("Last hour"), HourMs);
    m_range->addItem(tr("Last 24 hours"), 24 * HourMs);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * HourMs);
    m_range->addItem(tr("Last 30 days"), 30 * 24 * HourMs);
    m_range->addItem(tr("All time"), qint64(0));
    m_range->setCurrentIndex(1);
    m_platform->addItem(tr("All platforms"), -1);
    for (int i = 0; i < PlatformCount; ++i)
        m_platform->addItem(platformDisplayName(static_cast<Platform>(i)), i);
    m_strategy->addItem(tr("All strategies"), -1);
    for (int i = 0; i < AnomalyStrategyCount; ++i)
        m_strategy->addItem(strategyDisplayName(static_cast<AnomalyStrategy>(i)), i);
    m_text->setObjectName(QStringLiteral("AlertsSearch"));
    m_text->setPlaceholderText(tr("Channel or stream…"));
    m_text->setClearButtonEnabled(true);
    m_minScore->setRange(0, 100);
    m_minScore->setDecimals(0);
    m_minScore->setPrefix(tr("Score ≥ "));
    m_minScore->setObjectName(QStringLiteral("AlertsMinScore"));
    m_ackSelected->setToolTip(tr("Mark the selected incidents and alerts as seen (Space)"));
    m_ackSelected->setObjectName(QStringLiteral("AcknowledgeButton"));
    m_ackAll->setObjectName(QStringLiteral("AcknowledgeAllButton"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AlertsModel::SortRole);
    m_proxy->setDynamicSortFilter(true);
    // The proxy sorts each incident's alerts by the same column.
    m_tree->setObjectName(QStringLiteral("AlertsTree"));
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(AlertsModel::TimeColumn, Qt::DescendingOrder);
    sortLargestFirst(m_tree->header(), {AlertsModel::TimeColumn, AlertsModel::ObservedColumn,
                                        AlertsModel::BaselineColumn, AlertsModel::DurationColumn,
                                        AlertsModel::RawColumn, AlertsModel::ScoreColumn});
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    // A double-click charts the row; the arrow, a click on it, → and ← expand.
    m_tree->setExpandsOnDoubleClick(false);
    // One row a step, so the row at the top is the scroll position that
    // insertKeepingView() restores.
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_tree->installEventFilter(this);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(AlertsModel::SentenceColumn, QHeaderView::Stretch);

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(6, 4, 6, 4);
    filters->addWidget(m_range);
    filters->addWidget(m_platform);
    filters->addWidget(m_strategy);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_minScore);
    filters->addWidget(m_ackSelected);
    filters->addWidget(m_ackAll);

    // Over the top of the table, where the new rows would appear, and not
    // in the layout: a bar that pushed the table down would move the rows
    // it is there to keep still.
    m_newBar->setObjectName(QStringLiteral("NewAlertsBar"));
    m_newBar->setFrameShape(QFrame::StyledPanel);
    m_newBar->setBackgroundRole(QPalette::Highlight);
    m_newBar->setAutoFillBackground(true);
    m_newLabel->setForegroundRole(QPalette::HighlightedText);
    m_newLabel->setObjectName(QStringLiteral("NewAlertsLabel"));
    m_showNew->setObjectName(QStringLiteral("ShowNewAlertsButton"));
    m_showNew->setToolTip(tr("Insert them at their place; the selection stays"));
    auto *bar = new QHBoxLayout(m_newBar);
    bar->setContentsMargins(10, 3, 4, 3);
    bar->addWidget(m_newLabel);
    bar->addWidget(m_showNew);
    m_newBar->hide();

    // In a scroll area: the pane shows in full at ordinary sizes, and a
    // small window (its minimum is checked at 760×520) can still shrink it.
    auto *detailsArea = new QScrollArea(this);
    detailsArea->setObjectName(QStringLiteral("AlertDetailsArea"));
    detailsArea->setWidget(m_details);
    detailsArea->setWidgetResizable(true);
    detailsArea->setFrameShape(QFrame::NoFrame);
    detailsArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_splitter->setObjectName(QStringLiteral("AlertsSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(detailsArea);
    m_splitter->setCollapsible(0, false);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);

    m_reloadDebounce->setSingleShot(true);
    m_reloadDebounce->setInterval(200);
    connect(m_reloadDebounce, &QTimer::timeout, this, &AlertsView::reload);
    auto filterChanged = [this] { m_reloadDebounce->start(); };
    connect(m_range, &QComboBox::currentIndexChanged, this, filterChanged);
    connect(m_platform, &QComboBox::currentIndexChanged, this, filterChanged);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, filterChanged);
    connect(m_text, &QLineEdit::textChanged, this, filterChanged);
    connect(m_minScore, &QDoubleSpinBox::valueChanged, this, filterChanged);
    connect(m_ackSelected, &QPushButton::clicked, this, [this] { acknowledge(false); });
    connect(m_ackAll, &QPushButton::clicked, this, [this] { acknowledge(true); });
    connect(m_showNew, &QPushButton::clicked, this, &AlertsView::showPending);
    // The Ack box: the model marks the row, the view stores it. A click in
    // the cell beside the box does the same.
    connect(m_model, &AlertsModel::checkedByUser, this, &AlertsView::acknowledgeIds);
    connect(m_tree, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == AlertsModel::AcknowledgedColumn)
            acknowledgeIds(m_model->unacknowledgedIds(toSource(index)));
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        updateAckButton();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &AlertsView::updateDetails);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this] {
        updateDetails();
        updateAckButton();
    });
    // A reload replaces the rows: the selection and the expanded incidents
    // are kept by their keys.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keptSelection.clear();
        m_keptExpanded.clear();
        for (const QModelIndex &index : m_tree->selectionModel()->selectedRows())
            m_keptSelection.push_back(index.data(AlertsModel::KeyRole).toString());
        m_keptCurrent = m_tree->currentIndex().data(AlertsModel::KeyRole).toString();
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            if (m_tree->isExpanded(m_proxy->index(row, 0)))
                m_keptExpanded.push_back(
                    m_proxy->index(row, 0).data(AlertsModel::KeyRole).toString());
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        for (const QString &key : std::as_const(m_keptExpanded))
            if (const QModelIndex at = toView(m_model->indexOfKey(key)); at.isValid())
                m_tree->expand(at);
        QItemSelection selection;
        for (const QString &key : std::as_const(m_keptSelection))
            if (const QModelIndex at = toView(m_model->indexOfKey(key)); at.isValid())
                selection.select(at, at);
        QItemSelectionModel *sm = m_tree->selectionModel();
        sm->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        if (const QModelIndex current = toView(m_model->indexOfKey(m_keptCurrent));
            current.isValid())
            sm->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
        updateDetails();
        updateAckButton();
    });
    // An incident charts at its best alert, an alert at its census.
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT eventActivated(m_model->eventOf(toSource(index)));
    });
    // Right-click: the broadcast at the alert, its channel's broadcasts, or
    // either pinned for comparison in the chart.
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = toSource(m_tree->indexAt(at));
        if (!index.isValid())
            return;
        const AnomalyEvent event = m_model->eventOf(index);
        const QString channel =
            event.channelName.isEmpty() ? event.channelLogin : event.channelName;
        QMenu menu(this);
        menu.addAction(m_model->isIncident(index) ? tr("Chart the broadcast at this incident")
                                                  : tr("Chart the broadcast at this alert"),
                       this, [this, event] { Q_EMIT eventActivated(event); });
        QAction *chartChannel =
            menu.addAction(tr("Chart channel %1 (all broadcasts)").arg(channel), this,
                           [this, event] { Q_EMIT chartRequested(event, true, false); });
        QMenu *compare = menu.addMenu(tr("Add to c&omparison"));
        compare->addAction(tr("This broadcast"), this,
                           [this, event] { Q_EMIT chartRequested(event, false, true); });
        QAction *compareChannel =
            compare->addAction(tr("Channel %1").arg(channel), this,
                               [this, event] { Q_EMIT chartRequested(event, true, true); });
        // Known once the stream has a row in the database.
        for (QAction *action : {chartChannel, compareChannel})
            action->setEnabled(!event.channelId.isEmpty());
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });
    connect(&m_watcher, &QFutureWatcher<QVector<AnomalyIncident>>::finished, this, [this] {
        if (!m_watcher.isCanceled())
            m_model->setIncidents(m_watcher.result());
        // Held-back alerts that were stored in time are in the rows now.
        m_pending.removeIf(
            [this](const AnomalyEvent &e) { return m_model->indexOfEvent(e.id).isValid(); });
        updatePendingBar();
        emitUnacknowledged();
        if (m_selectAfterLoad &&
            selectNewestOf(m_selectAfterLoad->first, m_selectAfterLoad->second))
            m_selectAfterLoad.reset();
        if (m_reloadPending) {
            m_reloadPending = false;
            reload();
        } else {
            m_selectAfterLoad.reset(); // not among the incidents of the widened filter either
        }
    });
    updateAckButton();
}

AlertsView::~AlertsView()
{
    m_watcher.waitForFinished();
}

AnomalyEventFilter AlertsView::currentFilter(qint64 nowMs) const
{
    AnomalyEventFilter f;
    const qint64 span = m_range->currentData().toLongLong();
    f.fromMs = span > 0 ? nowMs - span : 0;
    const int p = m_platform->currentData().toInt();
    if (p >= 0)
        f.platform = static_cast<Platform>(p);
    const int s = m_strategy->currentData().toInt();
    if (s >= 0)
        f.strategy = static_cast<AnomalyStrategy>(s);
    f.text = m_text->text().trimmed();
    f.minScore = m_minScore->value();
    return f;
}

void AlertsView::reload()
{
    if (m_watcher.isRunning()) {
        m_reloadPending = true;
        return;
    }
    const qint64 now = m_nowMs > 0 ? m_nowMs : QDateTime::currentMSecsSinceEpoch();
    const AnomalyEventFilter filter = currentFilter(now);
    m_model->setFilter(filter);
    m_pending.removeIf([&filter](const AnomalyEvent &e) { return !filter.accepts(e); });
    updatePendingBar();
    if (!m_source)
        return;
    m_watcher.setFuture(QtConcurrent::run(m_source, filter));
}

QModelIndex AlertsView::toSource(const QModelIndex &viewIndex) const
{
    return m_proxy->mapToSource(viewIndex);
}

QModelIndex AlertsView::toView(const QModelIndex &sourceIndex) const
{
    return m_proxy->mapFromSource(sourceIndex);
}

void AlertsView::updateDetails()
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_details->clear();
        return;
    }
    // The current row if it is selected, else the first selected.
    QModelIndex shown = m_tree->currentIndex();
    if (!shown.isValid() || !m_tree->selectionModel()->isRowSelected(shown.row(), shown.parent()))
        shown = rows.constFirst();
    const QModelIndex source = toSource(shown);
    if (m_model->isIncident(source))
        m_details->setIncident(m_model->incidentOf(source), static_cast<int>(rows.size()));
    else
        m_details->setEvent(m_model->eventOf(source), static_cast<int>(rows.size()));
}

void AlertsView::updateAckButton()
{
    // The label stays short (the window's minimum width); the count is in
    // the tooltip and the detail pane.
    const int n = static_cast<int>(selectedUnacknowledged().size());
    m_ackSelected->setEnabled(n > 0);
    m_ackSelected->setToolTip(
        n > 1 ? tr("Mark the %1 alerts of the selection as seen (Space)").arg(QLocale().toString(n))
              : tr("Mark the selected incidents and alerts as seen (Space)"));
}

QVector<qint64> AlertsView::selectedUnacknowledged() const
{
    // An incident and one of its alerts may both be selected: each id once.
    QVector<qint64> ids;
    QSet<qint64> seen;
    for (const QModelIndex &index : m_tree->selectionModel()->selectedRows())
        for (qint64 id : m_model->unacknowledgedIds(toSource(index)))
            if (!seen.contains(id)) {
                seen.insert(id);
                ids.push_back(id);
            }
    return ids;
}

void AlertsView::acknowledge(bool allShown)
{
    QVector<qint64> ids;
    if (allShown) {
        for (int row = 0; row < m_model->rowCount(); ++row)
            ids += m_model->unacknowledgedIds(m_model->index(row, 0));
    } else {
        ids = selectedUnacknowledged();
    }
    acknowledgeIds(ids);
}

void AlertsView::acknowledgeIds(const QVector<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    // Shown at once; stored by whoever listens (the pipeline's writer).
    m_model->markAcknowledged(ids);
    Q_EMIT acknowledgeRequested(ids);
    emitUnacknowledged();
    updateAckButton();
}

bool AlertsView::eventFilter(QObject *watched, QEvent *event)
{
    // Space acknowledges the selected rows (the current one if none is
    // selected); Ctrl+Space still toggles the selection as in any list.
    if (watched == m_tree && (event->type() == QEvent::Resize || event->type() == QEvent::Move) &&
        m_newBar->isVisible())
        placePendingBar();
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Space || key->key() == Qt::Key_Select) &&
            (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
            QVector<qint64> ids = selectedUnacknowledged();
            const QModelIndex current = m_tree->currentIndex();
            if (ids.isEmpty() && current.isValid() && !m_tree->selectionModel()->hasSelection())
                ids = m_model->unacknowledgedIds(toSource(current));
            acknowledgeIds(ids);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void AlertsView::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

} // namespace StreamRank
