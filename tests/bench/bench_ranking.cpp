// Ranking a census of 100,000 streams in steady state (the same streams again
// with changed viewers, so rank change, 24-hour peak and trend are all live),
// and applying the resulting snapshot to the GUI's RankingModel: with the
// default top-500 filter, with no limit (all rows), and each of those behind
// the sorted QSortFilterProxyModel the main window puts in front of it.
//
// The peer, in the same loop: the floor of any ranking, sorting the census's
// rows by the Ranker's order (viewers descending, then stream id) through an
// array of pointers, with no per-stream state, no copies and no rank history.

#include "benchsupport.h"

#include "ranking.h"
#include "rankingmodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSortFilterProxyModel>

#include <cstdlib>
#include <memory>
#include <vector>

using namespace StreamRank;
using namespace StreamRank::Bench;

namespace {

[[noreturn]] void fail(const QString &message)
{
    printLine(QStringLiteral("FAILED: %1").arg(message));
    std::exit(1);
}

// A model as the main window sets it up: proxy sorting by rank on SortRole.
struct ModelUnderTest
{
    QString name;
    std::unique_ptr<RankingModel> model;
    std::unique_ptr<QSortFilterProxyModel> proxy;
    std::vector<double> times;

    ModelUnderTest(QString label, int topN, bool withProxy)
        : name(std::move(label)), model(std::make_unique<RankingModel>())
    {
        RankingFilter filter;
        filter.topN = topN;
        model->setFilter(filter);
        if (withProxy) {
            proxy = std::make_unique<QSortFilterProxyModel>();
            proxy->setSourceModel(model.get());
            proxy->setSortRole(RankingModel::SortRole);
            proxy->setDynamicSortFilter(true);
            proxy->sort(RankingModel::RankColumn, Qt::AscendingOrder);
        }
    }
    ~ModelUnderTest()
    {
        proxy.reset(); // before its source
    }
    ModelUnderTest(const ModelUnderTest &) = delete;
    ModelUnderTest &operator=(const ModelUnderTest &) = delete;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    quietDebugOutput();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times Ranker::apply and RankingModel::applySnapshot on 100,000 streams."));
    parser.addHelpOption();
    const QCommandLineOption streamsOption(QStringLiteral("streams"),
                                           QStringLiteral("Streams per census."),
                                           QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption categoriesOption(QStringLiteral("categories"),
                                              QStringLiteral("Categories on the platform."),
                                              QStringLiteral("N"), QStringLiteral("40"));
    const QCommandLineOption warmOption(QStringLiteral("warm"),
                                        QStringLiteral("Untimed censuses after the first."),
                                        QStringLiteral("N"), QStringLiteral("15"));
    const QCommandLineOption repsOption(QStringLiteral("reps"),
                                        QStringLiteral("Timed steady-state censuses."),
                                        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption noAllProxyOption(
        QStringLiteral("skip-all-rows-proxy"),
        QStringLiteral("Leave out the all-rows model behind a proxy (slow)."));
    parser.addOptions({streamsOption, categoriesOption, warmOption, repsOption, noAllProxyOption});
    parser.process(app);
    const int streams = parser.value(streamsOption).toInt();
    const int warm = std::max(0, parser.value(warmOption).toInt());
    const int reps = std::max(1, parser.value(repsOption).toInt());
    // The Demo's census interval; the trend window (30 min) then holds 15
    // samples. The default warm-up fills it, so every timed census sees full
    // trend windows (each census's cost grows until then).
    const qint64 intervalMs = 2 * kMinuteMs;

    printHeader("bench_ranking", {QStringLiteral("census:  %1 streams, %2 categories, one census "
                                                 "every 2 minutes; %3 untimed, then %4 timed")
                                      .arg(streams)
                                      .arg(parser.value(categoriesOption))
                                      .arg(1 + warm)
                                      .arg(reps)});

    const CensusGenerator generator(Platform::Twitch, streams,
                                    parser.value(categoriesOption).toInt());
    Census census = generator.census(kStartMs, 0);

    std::vector<std::unique_ptr<ModelUnderTest>> models;
    models.push_back(
        std::make_unique<ModelUnderTest>(QStringLiteral("model, top 500 (default)"), 500, false));
    models.push_back(std::make_unique<ModelUnderTest>(
        QStringLiteral("model, top 500 + sorted proxy (as the window)"), 500, true));
    models.push_back(
        std::make_unique<ModelUnderTest>(QStringLiteral("model, topN = 0 (all rows)"), 0, false));
    if (!parser.isSet(noAllProxyOption))
        models.push_back(std::make_unique<ModelUnderTest>(
            QStringLiteral("model, topN = 0 + sorted proxy"), 0, true));

    Ranker ranker;
    std::vector<double> firstRank;
    std::vector<double> rankTimes;
    std::vector<double> sortTimes;
    std::vector<const StreamObservation *> order;
    int rankChanges = 0;
    int peaksAboveViewers = 0;
    int trendsOff = 0;
    for (int c = 0; c <= warm + reps; ++c) {
        if (c > 0) {
            generator.setViewers(census, c);
            census.takenAtMs = kStartMs + c * intervalMs;
        }
        Stopwatch watch;
        const RankingSnapshot snapshot = ranker.apply(census);
        const double rankMs = watch.ms();
        if (snapshot.rows.size() != census.streams.size())
            fail(QStringLiteral("ranked %1 of %2 streams")
                     .arg(snapshot.rows.size())
                     .arg(census.streams.size()));
        if (c == 0)
            firstRank.push_back(rankMs);
        watch.restart();
        order.clear();
        order.reserve(size_t(census.streams.size()));
        for (const StreamObservation &obs : std::as_const(census.streams))
            order.push_back(&obs);
        std::sort(order.begin(), order.end(),
                  [](const StreamObservation *a, const StreamObservation *b) {
                      if (a->viewers != b->viewers)
                          return a->viewers > b->viewers;
                      return a->streamId < b->streamId;
                  });
        const double sortMs = watch.ms();
        const bool timed = c > warm;
        if (timed) {
            rankTimes.push_back(rankMs);
            sortTimes.push_back(sortMs);
            for (const RankedStream &r : snapshot.rows) {
                rankChanges += r.rankChange != 0;
                peaksAboveViewers += r.peak24h > r.viewers;
                trendsOff += r.trend != 0.5;
            }
        }
        // A different model goes first each census: the first one to walk
        // the fresh snapshot pays its cache misses.
        for (size_t k = 0; k < models.size(); ++k) {
            auto &m = models[(size_t(c) + k) % models.size()];
            watch.restart();
            m->model->applySnapshot(snapshot);
            const double applyMs = watch.ms();
            if (timed)
                m->times.push_back(applyMs);
        }
        printLine(QStringLiteral("  census %1%2: Ranker::apply %3 ms")
                      .arg(c)
                      .arg(timed ? QString() : QStringLiteral(" (untimed)"))
                      .arg(fmt(rankMs)));
    }

    printLine(QString());
    printLine(
        QStringLiteral("Steady state over %1 censuses of %2 streams (per census, on average: %3 "
                       "rank changes, %4 peaks above current viewers, %5 trends off 0.5)")
            .arg(reps)
            .arg(streams)
            .arg(rankChanges / reps)
            .arg(peaksAboveViewers / reps)
            .arg(trendsOff / reps));
    Table table({QStringLiteral("operation"), QStringLiteral("N"), QStringLiteral("median ms"),
                 QStringLiteral("min ms"), QStringLiteral("max ms")});
    auto addRow = [&table](const QString &name, const std::vector<double> &times) {
        const Stats s = statsOf(times);
        table.add({name, QString::number(s.n), fmt(s.median, 2), fmt(s.min, 2), fmt(s.max, 2)});
    };
    addRow(QStringLiteral("Ranker::apply, first census (all new)"), firstRank);
    addRow(QStringLiteral("Ranker::apply, steady state"), rankTimes);
    addRow(QStringLiteral("peer: sort the census by (viewers, id), pointers"), sortTimes);
    for (const auto &m : models)
        addRow(QStringLiteral("applySnapshot: %1").arg(m->name), m->times);
    table.print();
    printFooter();
    return 0;
}
