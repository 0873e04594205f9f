#pragma once
// Connects a Pipeline to the MainWindow (shared by main() and the GUI tests).

#include "mainwindow.h"

namespace StreamRank {

class Pipeline;

// Reads one stream's samples through a StorageReader on the calling thread.
SeriesSource makeSeriesSource(const QString &databasePath);
void wireWindow(Pipeline &pipeline, MainWindow &window);

} // namespace StreamRank
