#include "tablesort.h"

#include <QHeaderView>
#include <QTableView>

#include <memory>

namespace StreamRank {

void sortLargestFirst(QTableView *view, const QSet<int> &columns)
{
    QHeaderView *header = view->horizontalHeader();
    // The section sorted before this change: only a click on another
    // section is a "first click".
    auto previous = std::make_shared<int>(header->sortIndicatorSection());
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, view,
                     [header, columns, previous](int section, Qt::SortOrder order) {
                         const bool firstClick = section != *previous;
                         *previous = section;
                         if (firstClick && order == Qt::AscendingOrder && columns.contains(section))
                             header->setSortIndicator(section, Qt::DescendingOrder);
                     });
}

} // namespace StreamRank
