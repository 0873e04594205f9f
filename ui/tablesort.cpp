#include "tablesort.h"

#include <QHeaderView>
#include <QTableView>

#include <memory>

namespace StreamRank {

void sortLargestFirst(QTableView *view, const QSet<int> &columns)
{
    sortLargestFirst(view->horizontalHeader(), columns);
}

void sortLargestFirst(QHeaderView *header, const QSet<int> &columns)
{
    // The section sorted when the mouse went down: a click on another one
    // is a first click. Sorting from code (a restored layout) is left alone.
    auto before = std::make_shared<int>(-1);
    QObject::connect(header, &QHeaderView::sectionPressed, header,
                     [header, before](int) { *before = header->sortIndicatorSection(); });
    QObject::connect(header, &QHeaderView::sectionClicked, header,
                     [header, columns, before](int section) {
                         if (section != *before && columns.contains(section) &&
                             header->sortIndicatorOrder() == Qt::AscendingOrder)
                             header->setSortIndicator(section, Qt::DescendingOrder);
                     });
}

} // namespace StreamRank
