#pragma once
// The live ranking as a table model. Each snapshot is applied incrementally:
// rows that left are removed, new rows appended, changed cells reported with
// grouped dataChanged; never a reset, so views keep selection, sort and scroll.
// Rows keep insertion order; sorting is a proxy's job (SortRole gives raw values).
// A viewer count the platform hides reads "hidden" (tooltip: why), its raw
// value UnknownViewers sorts below every count; such a row has no trend ("—").

#include "rankingfilter.h"

#include <QAbstractTableModel>
#include <QSet>

#include <array>

namespace StreamRank {

class RankingModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RankColumn,
        RankChangeColumn,
        PlatformColumn,
        ChannelColumn,
        TitleColumn,
        CategoryColumn,
        LanguageColumn,
        ViewersColumn,
        PeakColumn,
        UptimeColumn,
        TrendColumn,
        AnomalyColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // raw value for sorting and export
        KeyRole,                     // platform:streamId, stable across censuses
        StreamIdRole,
        PlatformRole,
    };

    explicit RankingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // The widest texts a column can show for any plausible value (9,999,999
    // viewers, "hidden", 9999h 59m…), so that a view can make it wide enough
    // for every one of them; empty for the columns of free text.
    static QStringList widestTexts(int column);

    void applySnapshot(const RankingSnapshot &snapshot);
    void setFilter(const RankingFilter &filter);
    const RankingFilter &filter() const { return m_filter; }
    // A platform's collector is stale or failed: its rows are shown greyed
    // with the reason as tooltip (dataChanged for those rows only).
    void setPlatformStale(Platform platform, bool stale, const QString &why);
    bool isPlatformStale(Platform platform) const;

    const RankedStream &rowAt(int row) const { return m_rows.at(row); }
    int rowOfKey(const QString &key) const;
    qint64 lastCensusMs() const { return m_snapshot.takenAtMs; }
    int streamsInSnapshot() const { return static_cast<int>(m_snapshot.rows.size()); }
    // How many platforms the whole latest ranking holds rows of (not only
    // the filtered rows shown).
    int platformsInSnapshot() const;
    // Whether the latest census lists the stream, shown or filtered away.
    bool isLive(const QString &key) const;
    // Categories and languages present in the latest snapshot, for filter menus.
    QStringList categories() const;
    QStringList languages() const;

Q_SIGNALS:
    void snapshotApplied(qint64 takenAtMs, int streams);

private:
    void rebuild();
    static QVariant displayValue(const RankedStream &r, int column);
    static QVariant sortValue(const RankedStream &r, int column);
    QVariant toolTip(const RankedStream &r, int column) const;

    RankingSnapshot m_snapshot; // everything ranked; rows below are the filtered top N
    RankingFilter m_filter;
    QVector<RankedStream> m_rows;
    QHash<QString, int> m_rowOfKey;
    std::array<bool, PlatformCount> m_stale{};
    std::array<QString, PlatformCount> m_staleWhy;
};

QString formatUptime(qint64 ms);
// The status bar's "1,234 streams · 56,789 viewers", the viewers those of the
// known counts, with " · 3 hidden" when some streams hide theirs.
QString formatStreamsSummary(const RankingSnapshot &snapshot);
QString formatRankChange(const RankedStream &r);

} // namespace StreamRank
