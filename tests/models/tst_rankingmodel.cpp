// The ranking model under QAbstractItemModelTester: censuses arrive as
// incremental row inserts/removes and dataChanged, never a reset, and the
// user's selection survives.
#include "rankingmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <random>

using namespace StreamRank;

namespace {
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 T0 = 1'790'000'000'000;

StreamObservation obs(int id, qint32 viewers, const QString &category = QStringLiteral("Chess"),
                      const QString &language = QStringLiteral("en"))
{
    StreamObservation o;
    o.streamId = QStringLiteral("s%1").arg(id);
    o.channelLogin = QStringLiteral("chan%1").arg(id);
    o.channelName = QStringLiteral("Chan%1").arg(id);
    o.title = QStringLiteral("Stream number %1").arg(id);
    o.categoryName = category;
    o.language = language;
    o.startedAtMs = T0 - 60 * Minute;
    o.viewers = viewers;
    return o;
}

Census census(qint64 t, QVector<StreamObservation> streams, Platform p = Platform::Demo)
{
    Census c;
    c.platform = p;
    c.takenAtMs = t;
    c.streams = std::move(streams);
    return c;
}

QSet<QString> keysOf(const RankingModel &m)
{
    QSet<QString> keys;
    for (int r = 0; r < m.rowCount(); ++r)
        keys.insert(m.index(r, 0).data(RankingModel::KeyRole).toString());
    return keys;
}
} // namespace

class TestRankingModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void updatesAreIncrementalAndKeepSelection()
    {
        RankingModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(RankingModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(RankingModel::ViewersColumn, Qt::DescendingOrder);
        QAbstractItemModelTester sourceTester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        Ranker ranker;
        model.applySnapshot(
            ranker.apply(census(T0, {obs(1, 100), obs(2, 90), obs(3, 80), obs(4, 70)})));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(inserted.count(), 1);

        QItemSelectionModel selection(&proxy);
        const QString selectedKey = QStringLiteral("demo:s3");
        for (int r = 0; r < proxy.rowCount(); ++r)
            if (proxy.index(r, 0).data(RankingModel::KeyRole).toString() == selectedKey)
                selection.select(proxy.index(r, 0),
                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(selection.selectedRows().size(), 1);

        // s3 climbs to the top, s2 ends, s5 starts, s1 and s4 change viewers.
        model.applySnapshot(ranker.apply(
            census(T0 + 2 * Minute, {obs(3, 500), obs(1, 95), obs(4, 75), obs(5, 60)})));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 2);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(keysOf(model),
                 (QSet<QString>{QStringLiteral("demo:s1"), QStringLiteral("demo:s3"),
                                QStringLiteral("demo:s4"), QStringLiteral("demo:s5")}));

        // The selection followed the stream, which the proxy now sorts first.
        const QModelIndexList sel = selection.selectedRows();
        QCOMPARE(sel.size(), 1);
        QCOMPARE(sel.first().data(RankingModel::KeyRole).toString(), selectedKey);
        QCOMPARE(sel.first().row(), 0);
        QCOMPARE(proxy.index(0, RankingModel::ViewersColumn).data(RankingModel::SortRole).toInt(),
                 500);
        QCOMPARE(proxy.index(0, RankingModel::RankColumn).data().toInt(), 1);
        QCOMPARE(proxy.index(0, RankingModel::RankChangeColumn).data().toString(),
                 QStringLiteral("▲2"));
    }

    void rowOfKeyIsRightWhileRowsAreBeingRemoved()
    {
        // A view's selection moves inside rowsRemoved and asks for rows by
        // key there: the answer must be the row after the removal (it was a
        // stale position, out of range in a debug build).
        RankingModel model;
        Ranker ranker;
        model.applySnapshot(ranker.apply(
            census(T0, {obs(1, 100), obs(2, 90), obs(3, 80), obs(4, 70), obs(5, 60)})));
        int checked = 0;
        connect(&model, &QAbstractItemModel::rowsRemoved, this, [&] {
            for (const QString &key : {QStringLiteral("demo:s1"), QStringLiteral("demo:s4"),
                                       QStringLiteral("demo:s5")}) {
                const int row = model.rowOfKey(key);
                QVERIFY(row >= 0 && row < model.rowCount());
                QCOMPARE(model.index(row, 0).data(RankingModel::KeyRole).toString(), key);
                ++checked;
            }
            QCOMPARE(model.rowOfKey(QStringLiteral("demo:s2")), -1);
        });
        model.applySnapshot(ranker.apply(census(T0 + 5000, {obs(1, 100), obs(4, 70), obs(5, 60)})));
        QVERIFY(checked >= 3);
    }

    void dataChangedCoversOnlyChangedRows()
    {
        RankingModel model;
        Ranker ranker;
        model.applySnapshot(ranker.apply(census(T0, {obs(1, 100), obs(2, 90), obs(3, 80)})));
        // A second identical census settles "new" into "no change".
        model.applySnapshot(
            ranker.apply(census(T0 + 5 * 1000, {obs(1, 100), obs(2, 90), obs(3, 80)})));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // Only s3's viewers change; ranks stay the same; uptime moves less than a minute.
        model.applySnapshot(
            ranker.apply(census(T0 + 10 * 1000, {obs(1, 100), obs(2, 90), obs(3, 85)})));
        QVERIFY(changed.count() >= 1);
        for (const auto &args : changed) {
            const auto tl = args.at(0).value<QModelIndex>();
            const auto br = args.at(1).value<QModelIndex>();
            QVERIFY(tl.row() <= 2 && br.row() >= 2);
        }
        int rowOfS3 = model.rowOfKey(QStringLiteral("demo:s3"));
        QCOMPARE(
            model.index(rowOfS3, RankingModel::ViewersColumn).data(RankingModel::SortRole).toInt(),
            85);
        // The rows of s1 and s2 were not reported as changed.
        for (const auto &args : changed)
            QVERIFY(args.at(0).value<QModelIndex>().row() == rowOfS3);
    }

    void everyTooltipAndHeaderIsDecodedAsUtf8()
    {
        // UTF-8 read as Latin-1 turns "·" into "Â·": no text the model gives
        // may hold U+00C2 followed by a non-ASCII character.
        RankingModel model;
        Ranker ranker;
        model.applySnapshot(ranker.apply(census(T0, {obs(1, 100), obs(2, 90)})));
        model.applySnapshot(ranker.apply(census(T0 + Minute, {obs(1, 150), obs(2, 90)})));
        QStringList texts;
        for (int c = 0; c < model.columnCount(); ++c) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                texts.append(model.headerData(c, Qt::Horizontal, role).toString());
            for (int r = 0; r < model.rowCount(); ++r)
                for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                    texts.append(model.index(r, c).data(role).toString());
        }
        for (const QString &text : std::as_const(texts)) {
            for (qsizetype i = 0; i + 1 < text.size(); ++i)
                QVERIFY2(!(text.at(i) == QChar(0x00C2) && text.at(i + 1).unicode() > 0x7F),
                         qPrintable(text));
        }
        const QString trendTip =
            model.headerData(RankingModel::TrendColumn, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(trendTip.contains(QStringLiteral("e^(-4\u00B7ln(")), qPrintable(trendTip));
    }

    void filtersAndTopN()
    {
        RankingModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        Ranker ranker;
        ranker.apply(census(T0, {obs(100, 5000, QStringLiteral("Music"), QStringLiteral("de"))},
                            Platform::Twitch));
        model.applySnapshot(ranker.apply(
            census(T0 + Minute, {obs(1, 900, QStringLiteral("Chess")),
                                 obs(2, 800, QStringLiteral("Art"), QStringLiteral("fr")),
                                 obs(3, 700, QStringLiteral("Chess"), QStringLiteral("fr")),
                                 obs(4, 600, QStringLiteral("Art"))})));
        QCOMPARE(model.rowCount(), 5);

        RankingFilter f;
        f.categoryName = QStringLiteral("Chess");
        model.setFilter(f);
        QCOMPARE(keysOf(model),
                 (QSet<QString>{QStringLiteral("demo:s1"), QStringLiteral("demo:s3")}));

        f = {};
        f.language = QStringLiteral("fr");
        model.setFilter(f);
        QCOMPARE(keysOf(model),
                 (QSet<QString>{QStringLiteral("demo:s2"), QStringLiteral("demo:s3")}));

        f = {};
        f.platform = Platform::Twitch;
        model.setFilter(f);
        QCOMPARE(keysOf(model), (QSet<QString>{QStringLiteral("twitch:s100")}));

        f = {};
        f.text = QStringLiteral("CHAN4"); // case-insensitive, matches the channel name
        model.setFilter(f);
        QCOMPARE(keysOf(model), (QSet<QString>{QStringLiteral("demo:s4")}));
        f.text = QStringLiteral("number 2"); // matches the title
        model.setFilter(f);
        QCOMPARE(keysOf(model), (QSet<QString>{QStringLiteral("demo:s2")}));

        f = {};
        f.topN = 2;
        model.setFilter(f);
        QCOMPARE(keysOf(model),
                 (QSet<QString>{QStringLiteral("twitch:s100"), QStringLiteral("demo:s1")}));
        QCOMPARE(resets.count(), 0);
    }

    void stalePlatformRowsAreGreyedWithoutReset()
    {
        RankingModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Ranker ranker;
        ranker.apply(census(T0, {obs(100, 5000), obs(101, 50)}, Platform::Twitch));
        model.applySnapshot(ranker.apply(census(T0 + Minute, {obs(1, 900), obs(2, 800)})));
        QCOMPARE(model.rowCount(), 4);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto platformOf = [&model](int row) {
            return static_cast<Platform>(
                model.index(row, 0).data(RankingModel::PlatformRole).toInt());
        };

        const QString why = QStringLiteral("paused after repeated failures; retrying at 12:04:10");
        model.setPlatformStale(Platform::Twitch, true, why);
        QVERIFY(model.isPlatformStale(Platform::Twitch));
        QVERIFY(!changed.isEmpty());
        int rowsReported = 0;
        for (const auto &args : changed) {
            const auto tl = args.at(0).value<QModelIndex>();
            const auto br = args.at(1).value<QModelIndex>();
            const auto roles = args.at(2).value<QList<int>>();
            QVERIFY(roles.contains(Qt::ForegroundRole));
            QVERIFY(roles.contains(Qt::ToolTipRole));
            for (int r = tl.row(); r <= br.row(); ++r) {
                QCOMPARE(platformOf(r), Platform::Twitch); // only that platform's rows
                ++rowsReported;
            }
        }
        QCOMPARE(rowsReported, 2);
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex i = model.index(r, RankingModel::ViewersColumn);
            if (platformOf(r) == Platform::Twitch) {
                QCOMPARE(i.data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::gray));
                QCOMPARE(i.data(Qt::ToolTipRole).toString(),
                         QStringLiteral("Twitch data is stale: ") + why);
                // Other tooltips are kept after the stale line.
                QVERIFY(model.index(r, RankingModel::TitleColumn)
                            .data(Qt::ToolTipRole)
                            .toString()
                            .startsWith(QStringLiteral("Twitch data is stale: ")));
            } else {
                QVERIFY(!i.data(Qt::ForegroundRole).isValid());
                QVERIFY(!i.data(Qt::ToolTipRole).isValid());
            }
        }

        // The same state again changes nothing; the next census keeps it.
        changed.clear();
        model.setPlatformStale(Platform::Twitch, true, why);
        QCOMPARE(changed.count(), 0);
        model.applySnapshot(ranker.apply(census(T0 + 2 * Minute, {obs(1, 950), obs(2, 800)})));
        const int twitchRow = model.rowOfKey(QStringLiteral("twitch:s100"));
        QVERIFY(twitchRow >= 0);
        QCOMPARE(model.index(twitchRow, 0).data(Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::gray));

        // Fresh again: back to normal, again by dataChanged.
        changed.clear();
        model.setPlatformStale(Platform::Twitch, false, QString());
        QVERIFY(!changed.isEmpty());
        QVERIFY(!model.index(twitchRow, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(
            !model.index(twitchRow, RankingModel::ViewersColumn).data(Qt::ToolTipRole).isValid());
        QCOMPARE(resets.count(), 0);
    }

    void randomCensusSequenceKeepsModelConsistent()
    {
        // Many random censuses with churn: the model always shows exactly the
        // filtered top N of the snapshot, and never resets.
        RankingModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        RankingFilter f;
        f.topN = 40;
        model.setFilter(f);
        Ranker ranker;
        std::mt19937 rng(7);
        for (int step = 0; step < 50; ++step) {
            QVector<StreamObservation> streams;
            for (int id = 0; id < 120; ++id)
                if (rng() % 4 != 0)
                    streams.push_back(obs(id, static_cast<qint32>(rng() % 10000)));
            const auto snap = ranker.apply(census(T0 + step * 2 * Minute, streams));
            model.applySnapshot(snap);
            QSet<QString> expected;
            for (int i = 0; i < std::min<qsizetype>(40, snap.rows.size()); ++i)
                expected.insert(snap.rows[i].key());
            QCOMPARE(keysOf(model), expected);
            for (int r = 0; r < model.rowCount(); ++r) {
                const auto key = model.index(r, 0).data(RankingModel::KeyRole).toString();
                QCOMPARE(model.rowOfKey(key), r);
            }
        }
        QCOMPARE(resets.count(), 0);
    }

    void aHiddenCountReadsHiddenAndSortsBelowNumbers()
    {
        constexpr qint32 hidden = StreamObservation::UnknownViewers;
        RankingModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(RankingModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(RankingModel::ViewersColumn, Qt::DescendingOrder);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        Ranker ranker;
        model.applySnapshot(ranker.apply(census(T0, {obs(1, 500), obs(2, hidden), obs(3, 0)})));
        const auto cell = [&](int proxyRow, int column, int role = Qt::DisplayRole) {
            return proxy.index(proxyRow, column).data(role);
        };
        // Largest first: the hidden count after 0, shown as such.
        QCOMPARE(cell(0, RankingModel::ChannelColumn).toString(), QStringLiteral("Chan1"));
        QCOMPARE(cell(1, RankingModel::ViewersColumn).toString(), QStringLiteral("0"));
        QCOMPARE(cell(2, RankingModel::ChannelColumn).toString(), QStringLiteral("Chan2"));
        QCOMPARE(cell(2, RankingModel::ViewersColumn).toString(), QStringLiteral("hidden"));
        QCOMPARE(cell(2, RankingModel::PeakColumn).toString(), QStringLiteral("hidden"));
        QCOMPARE(cell(2, RankingModel::TrendColumn).toString(), QStringLiteral("—"));
        QCOMPARE(cell(2, RankingModel::ViewersColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("The channel hides its viewer count"));
        QCOMPARE(cell(2, RankingModel::ViewersColumn, RankingModel::SortRole).toInt(), hidden);
        QCOMPARE(cell(2, RankingModel::RankColumn).toInt(), 3);
        QVERIFY(!cell(0, RankingModel::ViewersColumn, Qt::ToolTipRole).isValid());

        // The same channel showing its count again: a number, first; its
        // cells change by dataChanged (with the tooltip), never a reset.
        changed.clear();
        model.applySnapshot(
            ranker.apply(census(T0 + 2 * Minute, {obs(1, 500), obs(2, 900), obs(3, 0)})));
        QVERIFY(!changed.isEmpty());
        QVERIFY(changed.first().at(2).value<QList<int>>().contains(Qt::ToolTipRole));
        QCOMPARE(cell(0, RankingModel::ChannelColumn).toString(), QStringLiteral("Chan2"));
        QCOMPARE(cell(0, RankingModel::ViewersColumn).toString(), QLocale().toString(900));
        QCOMPARE(cell(0, RankingModel::PeakColumn).toString(), QLocale().toString(900));
        // Hidden again: the peak it showed stays a number.
        model.applySnapshot(
            ranker.apply(census(T0 + 4 * Minute, {obs(1, 500), obs(2, hidden), obs(3, 0)})));
        QCOMPARE(cell(2, RankingModel::ViewersColumn).toString(), QStringLiteral("hidden"));
        QCOMPARE(cell(2, RankingModel::PeakColumn).toString(), QLocale().toString(900));
    }

    void theSummaryCountsKnownViewersAndSaysHowManyAreHidden()
    {
        Ranker ranker;
        const RankingSnapshot all = ranker.apply(census(T0, {obs(1, 1500), obs(2, 20)}));
        QCOMPARE(formatStreamsSummary(all),
                 QStringLiteral("2 streams · %1 viewers").arg(QLocale().toString(1520)));
        const RankingSnapshot some = ranker.apply(
            census(T0 + Minute, {obs(1, 1500), obs(2, StreamObservation::UnknownViewers),
                                 obs(3, StreamObservation::UnknownViewers)}));
        QCOMPARE(formatStreamsSummary(some),
                 QStringLiteral("3 streams · %1 viewers · 2 hidden").arg(QLocale().toString(1500)));
    }
};

QTEST_GUILESS_MAIN(TestRankingModel)
#include "tst_rankingmodel.moc"
