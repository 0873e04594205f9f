#include "chartsource.h"

#include "downsample.h"
#include "storagereader.h"

namespace StreamRank {

namespace {

Resolution rollupOf(qint64 stepMs)
{
    if (stepMs >= resolutionMs(Resolution::Hour))
        return Resolution::Hour;
    if (stepMs >= resolutionMs(Resolution::FifteenMinutes))
        return Resolution::FifteenMinutes;
    return Resolution::FiveMinutes;
}

ChartSeries rawSeries(const Result<QVector<SeriesPoint>> &series)
{
    ChartSeries chart;
    if (!series)
        return chart;
    chart.points.reserve(series->size());
    // A hidden count stays a point (the stream was live) without a height:
    // a gap in the line, "hidden" on hover.
    for (const SeriesPoint &p : *series)
        chart.points.push_back(QPointF(static_cast<double>(p.tMs),
                                       p.viewersKnown() ? double(p.viewers) : Downsample::HiddenY));
    if (!series->isEmpty())
        chart.lastSampleMs = series->constLast().tMs;
    return chart;
}

// A category's or a platform's: viewers and live channels.
ChartSeries rawSeries(const Result<QVector<CategoryPoint>> &series)
{
    ChartSeries chart;
    if (!series)
        return chart;
    chart.points.reserve(series->size());
    chart.channels.reserve(series->size());
    for (const CategoryPoint &p : *series) {
        chart.points.push_back(QPointF(static_cast<double>(p.tMs), double(p.viewers)));
        chart.channels.push_back(QPointF(static_cast<double>(p.tMs), double(p.liveChannels)));
    }
    if (!series->isEmpty())
        chart.lastSampleMs = series->constLast().tMs;
    return chart;
}

ChartSeries rollupSeries(const Result<QVector<RollupPoint>> &rollups, bool withChannels = false)
{
    ChartSeries chart;
    if (!rollups)
        return chart;
    chart.points.reserve(rollups->size());
    chart.peaks.reserve(rollups->size());
    for (const RollupPoint &p : *rollups) {
        // A bucket of hidden counts only: live, count unknown.
        const bool known = p.viewersKnown();
        chart.points.push_back(
            QPointF(static_cast<double>(p.tMs), known ? p.average : Downsample::HiddenY));
        chart.peaks.push_back(
            QPointF(static_cast<double>(p.tMs), known ? double(p.max) : Downsample::HiddenY));
        if (withChannels) {
            chart.channels.push_back(QPointF(static_cast<double>(p.tMs), p.averageChannels));
            chart.channelPeaks.push_back(QPointF(static_cast<double>(p.tMs), p.maxChannels));
        }
    }
    return chart;
}

} // namespace

ChartSeries loadChartSeries(const StorageReader &reader, ChartSubject subject, Platform platform,
                            const QString &id, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    if (stepMs <= 0) {
        switch (subject) {
        case ChartSubject::Stream: {
            // Older than what is kept of every census (retention): the
            // 5-minute rollups, said so.
            ChartSeries raw = rawSeries(reader.streamSeries(platform, id, fromMs, toMs));
            if (!raw.points.isEmpty())
                return raw;
            break;
        }
        case ChartSubject::Category:
            return rawSeries(reader.categorySeries(platform, id, fromMs, toMs));
        case ChartSubject::Platform:
            return rawSeries(reader.platformSeries(platform, fromMs, toMs));
        case ChartSubject::Channel:
            break; // below, at 5 minutes
        }
    }
    const Resolution resolution = rollupOf(stepMs);
    ChartSeries chart;
    switch (subject) {
    case ChartSubject::Stream:
        chart = rollupSeries(reader.streamRollups(platform, id, fromMs, toMs, resolution));
        // The newest census within the last bucket ("offline since").
        if (!chart.points.isEmpty()) {
            const auto tail = reader.streamSeries(
                platform, id, static_cast<qint64>(chart.points.constLast().x()), toMs);
            if (tail && !tail->isEmpty())
                chart.lastSampleMs = tail->constLast().tMs;
        }
        break;
    case ChartSubject::Channel:
        chart = rollupSeries(reader.channelRollups(platform, id, fromMs, toMs, resolution));
        break;
    case ChartSubject::Category:
        chart = rollupSeries(reader.categoryRollups(platform, id, fromMs, toMs, resolution), true);
        break;
    case ChartSubject::Platform:
        chart = rollupSeries(reader.platformRollups(platform, fromMs, toMs, resolution), true);
        break;
    }
    if (stepMs <= 0)
        chart.resolutionMs = resolutionMs(resolution);
    return chart;
}

} // namespace StreamRank
