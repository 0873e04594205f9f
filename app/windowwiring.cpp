#include "windowwiring.h"

#include "pipeline.h"
#include "storagereader.h"

namespace StreamRank {

SeriesSource makeSeriesSource(const QString &databasePath)
{
    // One reader for the window's lifetime: it keeps a connection per pool thread.
    auto reader = std::make_shared<StorageReader>(databasePath);
    return [reader](Platform platform, const QString &streamId, qint64 from, qint64 to) {
        QVector<QPointF> points;
        const auto series = reader->streamSeries(platform, streamId, from, to);
        if (!series)
            return points; // the chart shows what it has; the error is logged by the reader
        points.reserve(series->size());
        for (const auto &p : *series)
            points.push_back(QPointF(static_cast<double>(p.tMs), p.viewers));
        return points;
    };
}

void wireWindow(Pipeline &pipeline, MainWindow &window)
{
    QObject::connect(&pipeline, &Pipeline::rankingUpdated, &window, &MainWindow::applyRanking);
    QObject::connect(&pipeline, &Pipeline::collectorStateChanged, &window,
                     &MainWindow::showCollectorState);
    QObject::connect(
        &pipeline, &Pipeline::censusStored, &window,
        [&window](Platform, qint64 takenAtMs, int streams, qint64, qint64, qint64 bytes) {
            window.showCensusStored(takenAtMs, streams, bytes);
        });
    QObject::connect(&pipeline, &Pipeline::writeFailed, &window, &MainWindow::showStorageError);
}

} // namespace StreamRank
