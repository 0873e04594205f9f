// A chart of 30 days (issue 10): one stream's 43,200 one-minute samples from
// the click to the finished paint, i.e. the read from storage, the chart's
// downsampling to pixel columns and its series update, and the paint; against
// drawing the undownsampled series with a plain Qt Charts view in the same run.
//
// The file is written the way StreamRank writes it (as bench_series_read
// does): 43,200 one-minute censuses through CensusStore::write, each with the
// measured stream (live all 30 days) and a few hundred others, half of them
// live throughout and half in sessions of 2–10 hours, each census followed by
// CensusStore::compact() (closed hours packed into chunks, rollups written).
//
// Then, on the GUI thread (offscreen platform unless QT_QPA_PLATFORM says
// otherwise), N repetitions each of:
//   read       StorageReader::streamSeries (raw, 30 days) and streamRollups at
//              1 h and 5 min; loadChartSeries (app/chartsource.h), what the
//              app's chart panel runs, raw and at 5 min;
//   chart      ViewershipChart (1280×360, shown): setSeries + processEvents +
//              grab() (a synchronous render of the widget), the 43,200 points,
//              the 5-minute rollups with peaks and the hourly ones;
//   peer       the same ViewershipChart with downsampling off
//              (setDownsampling(false)): setSeries draws all 43,200 points,
//              + grab();
//   click      loadChartSeries + setSeries + processEvents + grab() end to end.
//   compare    the app's StreamChartPanel with 7 subjects pinned: showTarget()
//              of an eighth, its loads on the thread pool (side by side, as
//              in the app), the 8 lines drawn, grab(): 8 streams of 43,200
//              one-minute samples each, and 8 channels at 5 minutes;
//   peer       the same 8 raw lines on a chart with downsampling off.

#include "benchsupport.h"
#include "serieshistory.h"

#include "censusstore.h"
#include "chartsource.h"
#include "database.h"
#include "storagereader.h"
#include "streamchartpanel.h"
#include "viewershipchart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QPixmap>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;
using namespace StreamRank::Bench::SeriesHistory;

namespace {

constexpr int kDays = 30;
constexpr int kCensuses = kDays * 24 * 60;
constexpr double kTargetMs = 50.0;
constexpr double kCompareTargetMs = 150.0;
constexpr int kCompared = ViewershipChart::MaxLines;
constexpr int kWidth = 1280;
constexpr int kHeight = 360;

[[noreturn]] void fail(const QString &message)
{
    printLine(QStringLiteral("FAILED: %1").arg(message));
    std::exit(1);
}

void buildDatabase(const QString &path, int steady, int churning, int checkpointEvery)
{
    const BuiltHistory built =
        buildHistory(path, kCensuses, steady, churning, checkpointEvery, 8640);
    if (!built.error.isEmpty())
        fail(built.error);
    printLine(QStringLiteral("schema:  version %1").arg(built.schemaVersion));
    printLine(
        QStringLiteral("built %1 censuses of %2 streams in %3 s; file + WAL %4 MB")
            .arg(kCensuses)
            .arg(1 + steady + churning)
            .arg(fmt(built.totalMs / 1000))
            .arg(double(StorageReader::databaseSizeBytes(path)) / (1024.0 * 1024.0), 0, 'f', 0));
}

struct Timing
{
    double median = 0;
    double p95 = 0;
    double max = 0;
    double min = 0;
    int n = 0;
};

Timing timingOf(std::vector<double> values)
{
    Timing t;
    if (values.empty())
        return t;
    std::sort(values.begin(), values.end());
    const Stats s = statsOf(values);
    t.median = s.median;
    t.min = s.min;
    t.max = s.max;
    t.n = s.n;
    // Nearest rank.
    const size_t rank = size_t(std::ceil(0.95 * double(values.size())));
    t.p95 = values[std::max<size_t>(rank, 1) - 1];
    return t;
}

// The GUI work of one repetition is done once the posted events it caused
// (layout requests, deferred updates) have run and the widget is rendered.
void renderNow(QWidget &widget)
{
    QCoreApplication::processEvents();
    const QPixmap pixmap = widget.grab();
    if (pixmap.isNull() || pixmap.width() < kWidth / 2)
        fail(QStringLiteral("grab() returned an empty picture"));
}

QVector<QPointF> toPoints(const QVector<SeriesPoint> &series)
{
    QVector<QPointF> points;
    points.reserve(series.size());
    for (const SeriesPoint &p : series)
        points.push_back(QPointF(static_cast<double>(p.tMs), double(p.viewers)));
    return points;
}

// The peer: the same chart widget drawing every point, not thinned to the
// pixel columns (ViewershipChart::setDownsampling(false)).
class PlainChart
{
public:
    PlainChart()
    {
        m_chart.setDownsampling(false);
        m_chart.resize(kWidth, kHeight);
        m_chart.show();
    }

    QWidget &view() { return m_chart; }
    qsizetype count() const { return m_chart.drawnPointCount(); }
    void setSeries(const QVector<QPointF> &points)
    {
        m_chart.setSeries(QStringLiteral("peer"), points);
    }

private:
    ViewershipChart m_chart;
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times a 30-day chart of one stream from the read to the paint."));
    parser.addHelpOption();
    const QCommandLineOption repsOption(QStringLiteral("reps"),
                                        QStringLiteral("Timed repetitions of each kind."),
                                        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption steadyOption(QStringLiteral("steady-streams"),
                                          QStringLiteral("Other streams live all 30 days."),
                                          QStringLiteral("N"), QStringLiteral("150"));
    const QCommandLineOption churnOption(QStringLiteral("churning-streams"),
                                         QStringLiteral("Slots of 2-10 hour sessions."),
                                         QStringLiteral("N"), QStringLiteral("150"));
    const QCommandLineOption checkpointOption(
        QStringLiteral("checkpoint-every"),
        QStringLiteral("Checkpoint after every N censuses while building."), QStringLiteral("N"),
        QStringLiteral("10"));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QStringLiteral("Build the file at PATH and keep it; reuse it if it exists (must have been "
                       "built by this benchmark with the same options)."),
        QStringLiteral("PATH"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Time only the rows of these groups (letters, e.g. \"de\"); verdicts "
                       "need all."),
        QStringLiteral("GROUPS"));
    parser.addOptions(
        {repsOption, steadyOption, churnOption, checkpointOption, databaseOption, onlyOption});
    parser.process(app);
    const int reps = std::max(1, parser.value(repsOption).toInt());
    const int steady = parser.value(steadyOption).toInt();
    const int churning = parser.value(churnOption).toInt();

    printHeader("bench_chart",
                {QStringLiteral("qpa:     %1").arg(QGuiApplication::platformName()),
                 QStringLiteral("data:    %1 one-minute censuses (%2 days) of 1 + %3 + %4 streams "
                                "through CensusStore::write + compact()")
                     .arg(kCensuses)
                     .arg(kDays)
                     .arg(steady)
                     .arg(churning)});

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bench_chart-XXXXXX"));
    QString path = dir.filePath(QStringLiteral("chart.sqlite"));
    if (parser.isSet(databaseOption))
        path = QFileInfo(parser.value(databaseOption)).absoluteFilePath();
    printLine(QStringLiteral("file:    %1").arg(path));
    if (QFileInfo::exists(path)) {
        printLine(QStringLiteral("reusing the existing file"));
        auto db = Database::open(path);
        if (!db)
            fail(db.error().message);
        printLine(QStringLiteral("schema:  version %1").arg((*db)->schemaVersion()));
    } else {
        buildDatabase(path, steady, churning, std::max(1, parser.value(checkpointOption).toInt()));
    }

    const qint64 firstMs = kStartMs;
    const qint64 lastMs = kStartMs + qint64(kCensuses - 1) * kMinuteMs;
    const QString id = targetStreamId();
    const QString title = QStringLiteral("channel_0 · 30 days");
    constexpr qint64 fiveMinutesMs = 5 * kMinuteMs;
    constexpr qint64 hourMs = kHourMs;

    StorageReader reader(path);

    // The widgets, shown and laid out before anything is timed.
    ViewershipChart chart;
    chart.resize(kWidth, kHeight);
    chart.show();
    PlainChart peer;
    QCoreApplication::processEvents();

    // What each timed piece returns is checked once, untimed: sizes, and that
    // the chart draws a thinned line.
    ChartSeries rawSeries =
        loadChartSeries(reader, ChartSubject::Stream, kPlatform, id, firstMs, lastMs, 0);
    ChartSeries fiveSeries = loadChartSeries(reader, ChartSubject::Stream, kPlatform, id, firstMs,
                                             lastMs, fiveMinutesMs);
    ChartSeries hourSeries =
        loadChartSeries(reader, ChartSubject::Stream, kPlatform, id, firstMs, lastMs, hourMs);
    if (rawSeries.points.size() != kCensuses)
        fail(QStringLiteral("raw series has %1 points, expected %2")
                 .arg(rawSeries.points.size())
                 .arg(kCensuses));
    if (fiveSeries.points.size() != kCensuses / 5 || fiveSeries.peaks.size() != kCensuses / 5)
        fail(QStringLiteral("5-minute series has %1 points, expected %2")
                 .arg(fiveSeries.points.size())
                 .arg(kCensuses / 5));
    if (hourSeries.points.size() != kCensuses / 60)
        fail(QStringLiteral("hourly series has %1 points, expected %2")
                 .arg(hourSeries.points.size())
                 .arg(kCensuses / 60));
    chart.setSeries(title, rawSeries.points);
    renderNow(chart);
    const int drawnRaw = chart.drawnPointCount();
    chart.setSeries(title, fiveSeries.points, fiveSeries.peaks, QStringLiteral("5 min"));
    renderNow(chart);
    const int drawnFive = chart.drawnPointCount();
    chart.setSeries(title, hourSeries.points, hourSeries.peaks, QStringLiteral("1 h"));
    renderNow(chart);
    const int drawnHour = chart.drawnPointCount();
    if (chart.pointCount() != hourSeries.points.size() || drawnRaw <= 0 || drawnRaw >= kCensuses)
        fail(QStringLiteral("the chart holds %1 points and drew %2 of the raw series")
                 .arg(chart.pointCount())
                 .arg(drawnRaw));
    peer.setSeries(rawSeries.points);
    renderNow(peer.view());
    if (peer.count() != kCensuses)
        fail(QStringLiteral("the plain chart holds %1 points").arg(peer.count()));

    struct Row
    {
        QString group;
        QString name;
        qsizetype points = 0;
        std::function<void()> run;
        std::vector<double> ms;
    };
    std::vector<Row> rows;
    const auto check = [](bool ok, const QString &what) {
        if (!ok)
            fail(what);
    };
    rows.push_back({QStringLiteral("a"),
                    QStringLiteral("read: streamSeries, raw"),
                    kCensuses,
                    [&] {
                        auto s = reader.streamSeries(kPlatform, id, firstMs, lastMs);
                        check(s && s->size() == kCensuses, QStringLiteral("streamSeries"));
                    },
                    {}});
    rows.push_back({QStringLiteral("a"),
                    QStringLiteral("read: streamRollups, 5 min"),
                    kCensuses / 5,
                    [&] {
                        auto s = reader.streamRollups(kPlatform, id, firstMs, lastMs,
                                                      Resolution::FiveMinutes);
                        check(s && s->size() == kCensuses / 5, QStringLiteral("streamRollups 5"));
                    },
                    {}});
    rows.push_back({QStringLiteral("a"),
                    QStringLiteral("read: streamRollups, 1 h"),
                    kCensuses / 60,
                    [&] {
                        auto s =
                            reader.streamRollups(kPlatform, id, firstMs, lastMs, Resolution::Hour);
                        check(s && s->size() == kCensuses / 60, QStringLiteral("streamRollups h"));
                    },
                    {}});
    rows.push_back({QStringLiteral("a"),
                    QStringLiteral("read: loadChartSeries, raw"),
                    kCensuses,
                    [&] {
                        rawSeries = loadChartSeries(reader, ChartSubject::Stream, kPlatform, id,
                                                    firstMs, lastMs, 0);
                        check(rawSeries.points.size() == kCensuses, QStringLiteral("load raw"));
                    },
                    {}});
    rows.push_back({QStringLiteral("a"),
                    QStringLiteral("read: loadChartSeries, 5 min"),
                    kCensuses / 5,
                    [&] {
                        fiveSeries = loadChartSeries(reader, ChartSubject::Stream, kPlatform, id,
                                                     firstMs, lastMs, fiveMinutesMs);
                        check(fiveSeries.points.size() == kCensuses / 5,
                              QStringLiteral("load 5 min"));
                    },
                    {}});
    // The chart's rows alternate between two series so every setSeries
    // replaces what is drawn (the same title: no reset of zoom or markers).
    rows.push_back({QStringLiteral("b"),
                    QStringLiteral("chart: setSeries raw + grab (drew %1)").arg(drawnRaw),
                    kCensuses,
                    [&] {
                        chart.setSeries(title, rawSeries.points);
                        renderNow(chart);
                    },
                    {}});
    rows.push_back(
        {QStringLiteral("b"),
         QStringLiteral("chart: setSeries 5 min + peaks + grab (drew %1)").arg(drawnFive),
         kCensuses / 5,
         [&] {
             chart.setSeries(title, fiveSeries.points, fiveSeries.peaks, QStringLiteral("5 min"));
             renderNow(chart);
         },
         {}});
    rows.push_back({QStringLiteral("b"),
                    QStringLiteral("chart: setSeries 1 h + peaks + grab (drew %1)").arg(drawnHour),
                    kCensuses / 60,
                    [&] {
                        chart.setSeries(title, hourSeries.points, hourSeries.peaks,
                                        QStringLiteral("1 h"));
                        renderNow(chart);
                    },
                    {}});
    // The peer: each repetition replaces 43,200 points and paints them.
    rows.push_back(
        {QStringLiteral("c"),
         QStringLiteral("peer: undownsampled setSeries raw + grab (drew %1)").arg(kCensuses),
         kCensuses,
         [&] {
             peer.setSeries(rawSeries.points);
             renderNow(peer.view());
         },
         {}});
    rows.push_back({QStringLiteral("d"),
                    QStringLiteral("click: loadChartSeries raw + setSeries + grab"),
                    kCensuses,
                    [&] {
                        const ChartSeries s = loadChartSeries(reader, ChartSubject::Stream,
                                                              kPlatform, id, firstMs, lastMs, 0);
                        chart.setSeries(title, s.points);
                        renderNow(chart);
                    },
                    {}});
    rows.push_back({QStringLiteral("d"),
                    QStringLiteral("click: loadChartSeries 5 min + setSeries peaks + grab"),
                    kCensuses / 5,
                    [&] {
                        const ChartSeries s =
                            loadChartSeries(reader, ChartSubject::Stream, kPlatform, id, firstMs,
                                            lastMs, fiveMinutesMs);
                        chart.setSeries(title, s.points, s.peaks, QStringLiteral("5 min"));
                        renderNow(chart);
                    },
                    {}});
    rows.push_back(
        {QStringLiteral("d"),
         QStringLiteral("peer click: streamSeries + QPointF + undownsampled setSeries + grab"),
         kCensuses,
         [&] {
             auto s = reader.streamSeries(kPlatform, id, firstMs, lastMs);
             check(bool(s), QStringLiteral("streamSeries"));
             peer.setSeries(toPoints(*s));
             renderNow(peer.view());
         },
         {}});

    // Compare: the panel loads through the app's loadChartSeries on the
    // thread pool; the range is the whole 30 days, fixed.
    StreamChartPanel panel(
        [&reader](ChartSubject subject, Platform platform, const QString &subjectId, qint64 from,
                  qint64 to, qint64 step) {
            return loadChartSeries(reader, subject, platform, subjectId, from, to, step);
        },
        {});
    panel.resize(kWidth, kHeight + 40);
    panel.show();
    const auto streamTarget = [](int owner) {
        ChartTarget t;
        t.subject = ChartSubject::Stream;
        t.platform = kPlatform;
        t.id = owner == 0 ? targetStreamId() : QString::number(41'000'000'001ll + owner);
        t.title = QStringLiteral("stream of channel_%1").arg(owner);
        return t;
    };
    const auto channelTarget = [](int owner) {
        ChartTarget t;
        t.subject = ChartSubject::Channel;
        t.platform = kPlatform;
        t.id = QString::number(200'000'000 + owner);
        t.title = QStringLiteral("channel_%1").arg(owner);
        return t;
    };
    int loadedCount = 0;
    QObject::connect(&panel, &StreamChartPanel::loaded, [&] { ++loadedCount; });
    const auto waitLoaded = [&](const std::function<void()> &start) {
        // Done when what `start` asked for is drawn and nothing else is
        // queued (an earlier reload does not count).
        const int before = loadedCount;
        start();
        Stopwatch watch;
        while (loadedCount == before || panel.isLoading()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            if (watch.ms() > 30'000)
                fail(QStringLiteral("the chart panel did not load"));
        }
    };
    // Pins 1..7 of `make`, then charts the eighth (`owner` 0 or 8): the
    // timed runs alternate the charted one so each draws something new.
    const auto setUpCompare = [&](const std::function<ChartTarget(int)> &make, qint64 step) {
        panel.clearComparison();
        panel.setResolutionMs(step);
        if (!panel.setCustomRange(firstMs, lastMs))
            fail(QStringLiteral("custom range refused"));
        waitLoaded([&] { panel.showTarget(make(8), lastMs); });
        for (int owner = 1; owner < kCompared; ++owner)
            waitLoaded([&] {
                if (!panel.pinForComparison(make(owner)))
                    fail(QStringLiteral("pin %1 refused").arg(owner));
            });
    };
    int compareTurn = 0;
    const auto compareClick = [&](const std::function<ChartTarget(int)> &make) {
        waitLoaded([&] { panel.showTarget(make(compareTurn++ % 2 == 0 ? 0 : 8), lastMs); });
        renderNow(panel);
        check(panel.chart()->lineCount() == kCompared, QStringLiteral("compared line count"));
    };
    setUpCompare(streamTarget, 0);
    compareClick(streamTarget);
    for (int l = 0; l < kCompared; ++l)
        check(panel.chart()->lineNames().size() == kCompared, QStringLiteral("line names"));
    const int comparedRaw = panel.chart()->drawnPointCount();
    setUpCompare(channelTarget, fiveMinutesMs);
    compareClick(channelTarget);
    const int comparedFive = panel.chart()->drawnPointCount();
    // The peer's lines, loaded once.
    QVector<ChartLine> peerLines;
    for (int owner = 0; owner < kCompared; ++owner) {
        const ChartTarget t = streamTarget(owner);
        const ChartSeries s =
            loadChartSeries(reader, t.subject, t.platform, t.id, firstMs, lastMs, 0);
        check(s.points.size() == kCensuses, QStringLiteral("peer line %1").arg(owner));
        peerLines.append({t.title, s.points, {}, {}, false, {}, 0});
    }
    ViewershipChart peerCompare;
    peerCompare.setDownsampling(false);
    peerCompare.resize(kWidth, kHeight);
    peerCompare.show();
    rows.push_back({QStringLiteral("e"),
                    QStringLiteral("compare: %1 streams raw, panel load + draw + grab (line 1 "
                                   "drew %2)")
                        .arg(kCompared)
                        .arg(comparedRaw),
                    qsizetype(kCompared) * kCensuses,
                    [&] { compareClick(streamTarget); },
                    {}});
    rows.push_back({QStringLiteral("e"),
                    QStringLiteral("compare: %1 channels 5 min + peaks, panel load + draw + grab "
                                   "(line 1 drew %2)")
                        .arg(kCompared)
                        .arg(comparedFive),
                    qsizetype(kCompared) * kCensuses / 5,
                    [&] { compareClick(channelTarget); },
                    {}});
    // Where the compare time goes: one channel's read, and the chart alone.
    QVector<ChartLine> channelLines;
    for (int owner = 0; owner < kCompared; ++owner) {
        const ChartTarget t = channelTarget(owner);
        const ChartSeries s =
            loadChartSeries(reader, t.subject, t.platform, t.id, firstMs, lastMs, fiveMinutesMs);
        check(s.points.size() >= kCensuses / 5 - 1, QStringLiteral("channel line %1").arg(owner));
        channelLines.append({t.title, s.points, s.peaks, {}, false, {}, 0});
    }
    ViewershipChart compareChart;
    compareChart.resize(kWidth, kHeight);
    compareChart.show();
    rows.push_back({QStringLiteral("e"),
                    QStringLiteral("read: loadChartSeries, one channel, 5 min"),
                    kCensuses / 5,
                    [&] {
                        const ChartTarget t = channelTarget(3);
                        const ChartSeries s = loadChartSeries(reader, t.subject, t.platform, t.id,
                                                              firstMs, lastMs, fiveMinutesMs);
                        check(!s.points.isEmpty(), QStringLiteral("channel read"));
                    },
                    {}});
    rows.push_back({QStringLiteral("e"),
                    QStringLiteral("chart: setLines %1 raw lines + grab").arg(kCompared),
                    qsizetype(kCompared) * kCensuses,
                    [&] {
                        compareChart.setLines(QStringLiteral("compare"), peerLines, QString());
                        renderNow(compareChart);
                    },
                    {}});
    rows.push_back(
        {QStringLiteral("e"),
         QStringLiteral("chart: setLines %1 channel lines 5 min + peaks + grab").arg(kCompared),
         qsizetype(kCompared) * kCensuses / 5,
         [&] {
             compareChart.setLines(QStringLiteral("compare"), channelLines,
                                   QStringLiteral("5 min"));
             renderNow(compareChart);
         },
         {}});
    rows.push_back(
        {QStringLiteral("e"),
         QStringLiteral("peer: %1 raw lines undownsampled, setLines + grab").arg(kCompared),
         qsizetype(kCompared) * kCensuses,
         [&] {
             peerCompare.setLines(QStringLiteral("peer compare"), peerLines, QString());
             renderNow(peerCompare);
         },
         {}});

    // Before each timed run of a GUI row, untimed, both widgets get the last
    // 24 hours (1,440 points), so every timed run replaces a different series.
    const QVector<QPointF> dayPoints(rawSeries.points.cend() - 1440, rawSeries.points.cend());
    const auto reset = [&](const Row &row) {
        if (row.group == QLatin1String("a"))
            return;
        if (row.group == QLatin1String("e")) {
            if (row.name.startsWith(QStringLiteral("compare: %1 streams").arg(kCompared)))
                setUpCompare(streamTarget, 0);
            else if (row.name.startsWith(QStringLiteral("compare:")))
                setUpCompare(channelTarget, fiveMinutesMs);
            else if (row.name.startsWith(QStringLiteral("peer:")))
                peerCompare.setLines(QStringLiteral("peer compare"), {peerLines.constFirst()},
                                     QString());
            else if (row.name.startsWith(QStringLiteral("chart:")))
                compareChart.setLines(QStringLiteral("compare"), {peerLines.constFirst()},
                                      QString());
            QCoreApplication::processEvents();
            return;
        }
        chart.setSeries(title, dayPoints);
        peer.setSeries(dayPoints);
        QCoreApplication::processEvents();
    };

    if (parser.isSet(onlyOption)) {
        const QString groups = parser.value(onlyOption);
        std::erase_if(rows, [&](const Row &row) { return !groups.contains(row.group); });
        if (rows.empty())
            fail(QStringLiteral("--only %1 leaves no row").arg(groups));
    }
    // Rotated: repetition r starts at row r.
    for (int rep = 0; rep < reps; ++rep) {
        for (size_t k = 0; k < rows.size(); ++k) {
            Row &row = rows[(size_t(rep) + k) % rows.size()];
            reset(row);
            Stopwatch watch;
            row.run();
            row.ms.push_back(watch.ms());
        }
    }

    printLine(QString());
    printLine(QStringLiteral("Times in ms over %1 repetitions, rows rotated; widgets %2x%3, shown")
                  .arg(reps)
                  .arg(kWidth)
                  .arg(kHeight));
    Table table({QStringLiteral(""), QStringLiteral("what"), QStringLiteral("points"),
                 QStringLiteral("N"), QStringLiteral("median"), QStringLiteral("p95"),
                 QStringLiteral("max"), QStringLiteral("min")});
    std::vector<Timing> timings;
    for (const Row &row : rows) {
        const Timing t = timingOf(row.ms);
        timings.push_back(t);
        table.add({row.group, row.name, QString::number(row.points), QString::number(t.n),
                   fmt(t.median, 2), fmt(t.p95, 2), fmt(t.max, 2), fmt(t.min, 2)});
    }
    table.print();

    if (parser.isSet(onlyOption)) {
        printFooter();
        return 0;
    }
    const auto timingNamed = [&](const QString &prefix) {
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i].name.startsWith(prefix))
                return timings[i];
        fail(QStringLiteral("no row %1").arg(prefix));
    };
    const Timing readRaw = timingNamed(QStringLiteral("read: streamSeries, raw"));
    const Timing readFive = timingNamed(QStringLiteral("read: streamRollups, 5 min"));
    const Timing chartRaw = timingNamed(QStringLiteral("chart: setSeries raw"));
    const Timing chartFive = timingNamed(QStringLiteral("chart: setSeries 5 min"));
    const Timing peerPaint = timingNamed(QStringLiteral("peer: undownsampled"));
    const Timing clickRaw = timingNamed(QStringLiteral("click: loadChartSeries raw"));
    const Timing clickFive = timingNamed(QStringLiteral("click: loadChartSeries 5 min"));
    const Timing peerClick = timingNamed(QStringLiteral("peer click"));

    printLine(QString());
    printLine(QStringLiteral("sum of medians, raw:   read %1 + chart %2 = %3 ms (measured end to "
                             "end: %4 ms median, %5 p95, %6 max)")
                  .arg(fmt(readRaw.median, 2), fmt(chartRaw.median, 2),
                       fmt(readRaw.median + chartRaw.median, 2), fmt(clickRaw.median, 2),
                       fmt(clickRaw.p95, 2), fmt(clickRaw.max, 2)));
    printLine(QStringLiteral("sum of medians, 5 min: read %1 + chart %2 = %3 ms (measured end to "
                             "end: %4 ms median, %5 p95, %6 max)")
                  .arg(fmt(readFive.median, 2), fmt(chartFive.median, 2),
                       fmt(readFive.median + chartFive.median, 2), fmt(clickFive.median, 2),
                       fmt(clickFive.p95, 2), fmt(clickFive.max, 2)));
    printLine(QStringLiteral("peer, undownsampled:   paint %1 ms median (chart / peer %2); "
                             "click %3 ms median (%4x the chart's)")
                  .arg(fmt(peerPaint.median, 2), fmt(chartRaw.median / peerPaint.median, 3),
                       fmt(peerClick.median, 2), fmt(peerClick.median / clickRaw.median, 1)));
    const bool met = clickRaw.max <= kTargetMs && clickFive.max <= kTargetMs;
    const bool metMedian = clickRaw.median <= kTargetMs && clickFive.median <= kTargetMs;
    printLine(QStringLiteral("verdict: click -> finished paint, 30 days, target <= %1 ms: raw "
                             "%2 ms median / %3 max, 5 min %4 / %5: %6")
                  .arg(fmt(kTargetMs, 0), fmt(clickRaw.median, 1), fmt(clickRaw.max, 1),
                       fmt(clickFive.median, 1), fmt(clickFive.max, 1),
                       met         ? QStringLiteral("MET (every run)")
                       : metMedian ? QStringLiteral("MET at the median, not in every run")
                                   : QStringLiteral("NOT MET")));
    const Timing compareRaw = timingNamed(QStringLiteral("compare: %1 streams").arg(kCompared));
    const Timing compareFive = timingNamed(QStringLiteral("compare: %1 channels").arg(kCompared));
    const Timing comparePeer = timingNamed(QStringLiteral("peer: %1 raw lines").arg(kCompared));
    printLine(QStringLiteral("compare, %1 x 30 days: raw %2 ms median / %3 p95 / %4 max; "
                             "channels at 5 min %5 / %6 / %7; peer (undownsampled paint only) "
                             "%8 ms median")
                  .arg(kCompared)
                  .arg(fmt(compareRaw.median, 1), fmt(compareRaw.p95, 1), fmt(compareRaw.max, 1),
                       fmt(compareFive.median, 1), fmt(compareFive.p95, 1), fmt(compareFive.max, 1),
                       fmt(comparePeer.median, 1)));
    const bool compareMet =
        compareRaw.max <= kCompareTargetMs && compareFive.max <= kCompareTargetMs;
    const bool compareMedian =
        compareRaw.median <= kCompareTargetMs && compareFive.median <= kCompareTargetMs;
    printLine(QStringLiteral("verdict: compare %1 series of 30 days, target <= %2 ms: %3")
                  .arg(kCompared)
                  .arg(fmt(kCompareTargetMs, 0),
                       compareMet      ? QStringLiteral("MET (every run)")
                       : compareMedian ? QStringLiteral("MET at the median, not in every run")
                                       : QStringLiteral("NOT MET")));
    printFooter();
    return 0;
}
