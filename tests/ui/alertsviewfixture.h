#pragma once
// The alerts view tests' fixture: an AlertsView over stored events grouped
// into incidents as the store would (incidenttestsupport.h), on the
// offscreen platform, with helpers to select rows and read them back.
#include "alertdetails.h"
#include "alertsmodel.h"
#include "alertsview.h"
#include "clock.h"
#include "incidenttestsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTest>
#include <QThreadPool>
#include <QTimeZone>
#include <QTreeView>

#include <memory>

namespace StreamRank::TestSupport {
inline constexpr qint64 Minute = 60 * 1000;
inline const qint64 Now = QDateTime::currentMSecsSinceEpoch();

inline AnomalyEvent makeEvent(qint64 id, int minutesAgo, int stream)
{
    AnomalyEvent e;
    e.id = id;
    e.platform = Platform::Demo;
    e.streamId = QStringLiteral("s%1").arg(stream);
    e.channelLogin = QStringLiteral("chan%1").arg(stream);
    e.channelName = QStringLiteral("Channel %1").arg(stream);
    e.timeMs = Now - minutesAgo * Minute;
    e.strategy = static_cast<AnomalyStrategy>(id % AnomalyStrategyCount);
    e.baselineViewers = 1000;
    e.observedViewers = 4000;
    e.rawScore = 3.5;
    e.score = 90;
    e.lookbackMinutes = 60;
    return e;
}

// Stored events 1..n, one a minute back from Now, on streams s0..s4.
inline QVector<AnomalyEvent> stored(int n)
{
    QVector<AnomalyEvent> events;
    for (int i = 1; i <= n; ++i)
        events.push_back(makeEvent(i, i, i % 5));
    return events;
}

struct Fixture
{
    explicit Fixture(int n) { init(stored(n)); }
    explicit Fixture(const QVector<AnomalyEvent> &events) { init(events); }
    void init(const QVector<AnomalyEvent> &list)
    {
        auto events = std::make_shared<QVector<AnomalyEvent>>(list);
        view = std::make_unique<AlertsView>(
            [events](const AnomalyEventFilter &f) { return incidentsOf(*events, f); });
        view->setNow(Now);
        view->resize(1000, 520);
        view->show();
        view->reload();
    }
    bool ready() const
    {
        return QTest::qWaitForWindowExposed(view.get()) &&
               QTest::qWaitFor([this] { return model()->rowCount() > 0; });
    }
    AlertsModel *model() const { return view->model(); }
    QTreeView *table() const { return view->tree(); }
    QAbstractItemModel *proxy() const { return table()->model(); }
    QModelIndex source(const QModelIndex &viewIndex) const
    {
        return static_cast<QSortFilterProxyModel *>(proxy())->mapToSource(viewIndex);
    }
    // An incident row's best alert (the fixture's incidents have one).
    const AnomalyEvent &at(int viewRow) const
    {
        return model()->eventOf(source(proxy()->index(viewRow, 0)));
    }
    const AnomalyIncident &incidentAt(int viewRow) const
    {
        return model()->incidentOf(source(proxy()->index(viewRow, 0)));
    }
    qint64 idAt(int viewRow) const { return at(viewRow).id; }
    void select(std::initializer_list<int> viewRows) const
    {
        table()->clearSelection();
        for (int row : viewRows)
            table()->selectionModel()->select(
                proxy()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QVector<qint64> selectedIds() const
    {
        QVector<qint64> ids;
        for (const QModelIndex &i : table()->selectionModel()->selectedRows())
            ids.push_back(model()->eventOf(source(i)).id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    QPushButton *button(const char *name) const
    {
        return view->findChild<QPushButton *>(QString::fromLatin1(name));
    }
    QWidget *newBar() const { return view->findChild<QWidget *>(QStringLiteral("NewAlertsBar")); }

    std::unique_ptr<AlertsView> view;
};

inline QVector<qint64> sorted(QVector<qint64> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}
} // namespace StreamRank::TestSupport
