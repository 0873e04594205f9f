#pragma once
// Sorting a table the way an analyst reads it: the first click on a column
// of amounts (viewers, peak, score…) puts the largest first; a second click
// reverses it, as usual. Text columns and ranks start ascending.

#include <QSet>

class QHeaderView;
class QTableView;

namespace StreamRank {

// columns: the sections that hold amounts (model columns).
void sortLargestFirst(QTableView *view, const QSet<int> &columns);
// The same for any view's header (a tree's).
void sortLargestFirst(QHeaderView *header, const QSet<int> &columns);

} // namespace StreamRank
