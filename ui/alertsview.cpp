#include "alertsview.h"

#include "alertsmodel.h"
#include "tablesort.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace StreamRank {

namespace {
constexpr qint64 HourMs = 60LL * 60 * 1000;
}

AlertsView::AlertsView(EventSource source, QWidget *parent)
    : QWidget(parent), m_source(std::move(source)), m_model(new AlertsModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_range(new QComboBox(this)), m_platform(new QComboBox(this)),
      m_strategy(new QComboBox(this)), m_text(new QLineEdit(this)),
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
    m_text->setPlaceholderText(tr("Channel or stream…"));
    m_text->setClearButtonEnabled(true);
    m_minScore->setRange(0, 100);
    m_minScore->setDecimals(0);
    m_minScore->setPrefix(tr("Score ≥ "));
    m_ackSelected->setToolTip(tr("Mark the selected alerts as seen"));
    m_ackSelected->setObjectName(QStringLiteral("AcknowledgeButton"));
    m_ackAll->setObjectName(QStringLiteral("AcknowledgeAllButton"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AlertsModel::SortRole);
    m_proxy->setDynamicSortFilter(true);
    m_table->setObjectName(QStringLiteral("AlertsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AlertsModel::TimeColumn, Qt::DescendingOrder);
    sortLargestFirst(m_table, {AlertsModel::TimeColumn, AlertsModel::ObservedColumn,
                               AlertsModel::BaselineColumn, AlertsModel::RawColumn,
                               AlertsModel::ScoreColumn});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AlertsModel::SentenceColumn,
                                                      QHeaderView::Stretch);

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(6, 4, 6, 4);
    filters->addWidget(m_range);
    filters->addWidget(m_platform);
    filters->addWidget(m_strategy);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_minScore);
    filters->addWidget(m_ackSelected);
    filters->addWidget(m_ackAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

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
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT eventActivated(m_model->eventAt(m_proxy->mapToSource(index).row()));
    });
    // Right-click: the broadcast at the alert, its channel's broadcasts, or
    // either pinned for comparison in the chart.
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid())
            return;
        const AnomalyEvent event = m_model->eventAt(m_proxy->mapToSource(index).row());
        const QString channel =
            event.channelName.isEmpty() ? event.channelLogin : event.channelName;
        QMenu menu(this);
        menu.addAction(tr("Chart the broadcast at this alert"), this,
                       [this, event] { Q_EMIT eventActivated(event); });
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
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    connect(&m_watcher, &QFutureWatcher<QVector<AnomalyEvent>>::finished, this, [this] {
        if (!m_watcher.isCanceled())
            m_model->setEvents(m_watcher.result());
        Q_EMIT unacknowledgedChanged(m_model->unacknowledgedCount());
        if (m_reloadPending) {
            m_reloadPending = false;
            reload();
        }
    });
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
    if (!m_source)
        return;
    m_watcher.setFuture(QtConcurrent::run(m_source, filter));
}

void AlertsView::addEvents(const QVector<AnomalyEvent> &events)
{
    m_model->addEvents(events);
    Q_EMIT unacknowledgedChanged(m_model->unacknowledgedCount());
}

void AlertsView::acknowledge(bool allShown)
{
    QVector<qint64> ids;
    if (allShown) {
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (!m_model->eventAt(row).acknowledged)
                ids.push_back(m_model->eventAt(row).id);
    } else {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        for (const QModelIndex &index : rows) {
            const AnomalyEvent &e = m_model->eventAt(m_proxy->mapToSource(index).row());
            if (!e.acknowledged)
                ids.push_back(e.id);
        }
    }
    if (ids.isEmpty())
        return;
    m_model->markAcknowledged(ids);
    Q_EMIT acknowledgeRequested(ids);
    Q_EMIT unacknowledgedChanged(m_model->unacknowledgedCount());
}

void AlertsView::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

} // namespace StreamRank
