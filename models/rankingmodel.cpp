#include "rankingmodel.h"

#include "analyticsengine.h"
#include "trend.h"

#include <QColor>
#include <QLocale>

#include <algorithm>
#include <utility>

namespace StreamRank {

namespace {

// Which columns differ between the shown row and its new values, as a bit mask.
unsigned changedColumns(const RankedStream &a, const RankedStream &b)
{
    unsigned m = 0;
    auto mark = [&m](bool differs, int column) {
        if (differs)
            m |= 1u << column;
    };
    mark(a.rank != b.rank, RankingModel::RankColumn);
    mark(a.rankChange != b.rankChange || a.isNew != b.isNew, RankingModel::RankChangeColumn);
    mark(a.platform != b.platform, RankingModel::PlatformColumn);
    mark(a.channelName() != b.channelName() || a.channelLogin() != b.channelLogin(),
         RankingModel::ChannelColumn);
    mark(a.title() != b.title(), RankingModel::TitleColumn);
    mark(a.categoryName() != b.categoryName(), RankingModel::CategoryColumn);
    mark(a.language() != b.language(), RankingModel::LanguageColumn);
    mark(a.viewers != b.viewers, RankingModel::ViewersColumn);
    mark(a.peak24h != b.peak24h, RankingModel::PeakColumn);
    mark(a.uptimeMs / 60000 != b.uptimeMs / 60000, RankingModel::UptimeColumn);
    mark(qRound(a.trend * 100) != qRound(b.trend * 100), RankingModel::TrendColumn);
    mark(a.anomaly != b.anomaly, RankingModel::AnomalyColumn);
    return m;
}

// A count the platform hides: shown as such, never as 0 or -1.
QString hiddenText()
{
    return RankingModel::tr("hidden");
}

QString hiddenToolTip()
{
    return RankingModel::tr("The channel hides its viewer count");
}

// The ⚠'s meaning: the engine flags a stream while its newest event is at
// most AnomalyFlagMs older than the census (census time, not wall time).
QString anomalyToolTip()
{
    return RankingModel::tr("Anomaly alert in the %1 minutes before the latest census — "
                            "double-click to open it in Alerts")
        .arg(AnalyticsEngine::AnomalyFlagMs / 60000);
}

} // namespace

QString formatUptime(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 60)
        return QStringLiteral("%1m").arg(minutes);
    return QStringLiteral("%1h %2m").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString formatStreamsSummary(const RankingSnapshot &snapshot)
{
    const QLocale locale;
    QString text =
        RankingModel::tr("%1 streams · %2 viewers")
            .arg(locale.toString(snapshot.rows.size()), locale.toString(snapshot.totalViewers));
    if (snapshot.hiddenCount > 0)
        text += RankingModel::tr(" · %1 hidden").arg(locale.toString(snapshot.hiddenCount));
    return text;
}

QString formatRankChange(const RankedStream &r)
{
    if (r.isNew)
        return QStringLiteral("new");
    if (r.rankChange > 0)
        return QStringLiteral("▲%1").arg(r.rankChange);
    if (r.rankChange < 0)
        return QStringLiteral("▼%1").arg(-r.rankChange);
    return QStringLiteral("–");
}

RankingModel::RankingModel(QObject *parent) : QAbstractTableModel(parent) {}

int RankingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RankingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RankingModel::displayValue(const RankedStream &r, int column)
{
    static const QLocale locale;
    switch (column) {
    case RankColumn:
        return r.rank;
    case RankChangeColumn:
        return formatRankChange(r);
    case PlatformColumn:
        return platformDisplayName(r.platform);
    case ChannelColumn:
        return r.channelName().isEmpty() ? r.channelLogin() : r.channelName();
    case TitleColumn:
        return r.title();
    case CategoryColumn:
        return r.categoryName().isEmpty() ? QStringLiteral("(none)") : r.categoryName();
    case LanguageColumn:
        return r.language();
    case ViewersColumn:
        return r.viewersKnown() ? locale.toString(r.viewers) : hiddenText();
    case PeakColumn:
        return r.peakKnown() ? locale.toString(r.peak24h) : hiddenText();
    case UptimeColumn:
        return formatUptime(r.uptimeMs);
    case TrendColumn:
        return r.hasTrend() ? QString::number(r.trend, 'f', 2) : QStringLiteral("—");
    case AnomalyColumn:
        return r.anomaly ? QStringLiteral("⚠") : QString();
    default:
        return {};
    }
}

QVariant RankingModel::sortValue(const RankedStream &r, int column)
{
    switch (column) {
    case RankColumn:
        return r.rank;
    case RankChangeColumn:
        return r.isNew ? std::numeric_limits<int>::max() : r.rankChange;
    case PlatformColumn:
        return platformCode(r.platform);
    case ChannelColumn:
        return (r.channelName().isEmpty() ? r.channelLogin() : r.channelName()).toCaseFolded();
    case TitleColumn:
        return r.title().toCaseFolded();
    case CategoryColumn:
        return r.categoryName().toCaseFolded();
    case LanguageColumn:
        return r.language();
    // Hidden counts and no trend are negative (UnknownViewers, NoTrend):
    // below every value, so last when sorted largest first.
    case ViewersColumn:
        return r.viewers;
    case PeakColumn:
        return r.peak24h;
    case UptimeColumn:
        return r.uptimeMs;
    case TrendColumn:
        return r.trend;
    case AnomalyColumn:
        return r.anomaly;
    default:
        return {};
    }
}

QVariant RankingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RankedStream &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(r, index.column());
    case SortRole:
        return sortValue(r, index.column());
    case KeyRole:
        return r.key();
    case StreamIdRole:
        return r.streamId();
    case PlatformRole:
        return static_cast<int>(r.platform);
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case RankColumn:
        case RankChangeColumn:
        case ViewersColumn:
        case PeakColumn:
        case UptimeColumn:
        case TrendColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case AnomalyColumn:
            return QVariant::fromValue(Qt::AlignCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        return toolTip(r, index.column());
    case Qt::ForegroundRole:
        if (m_stale[static_cast<int>(r.platform)])
            return QColor(Qt::gray);
        return {};
    default:
        return {};
    }
}

QVariant RankingModel::toolTip(const RankedStream &r, int column) const
{
    QString tip;
    if (column == TitleColumn)
        tip = r.title();
    else if (column == TrendColumn)
        tip = r.hasTrend() ? QString::fromUtf8(trendFormulaText())
                           : tr("No trend: the channel hides its viewer count");
    else if ((column == ViewersColumn && !r.viewersKnown()) ||
             (column == PeakColumn && !r.peakKnown()))
        tip = hiddenToolTip();
    else if (column == ChannelColumn)
        tip = r.channelLogin();
    else if (column == AnomalyColumn && r.anomaly)
        tip = anomalyToolTip();
    const int p = static_cast<int>(r.platform);
    if (m_stale[p]) {
        QString stale = tr("%1 data is stale").arg(platformDisplayName(r.platform));
        if (!m_staleWhy[p].isEmpty())
            stale += QStringLiteral(": ") + m_staleWhy[p];
        tip = tip.isEmpty() ? stale : stale + QLatin1Char('\n') + tip;
    }
    if (tip.isEmpty())
        return {};
    return tip;
}

bool RankingModel::isPlatformStale(Platform platform) const
{
    return m_stale[static_cast<int>(platform)];
}

void RankingModel::setPlatformStale(Platform platform, bool stale, const QString &why)
{
    const int p = static_cast<int>(platform);
    const QString reason = stale ? why : QString();
    if (m_stale[p] == stale && m_staleWhy[p] == reason)
        return;
    m_stale[p] = stale;
    m_staleWhy[p] = reason;
    // One dataChanged per contiguous run of the platform's rows.
    const int rows = static_cast<int>(m_rows.size());
    for (int row = 0; row < rows; ++row) {
        if (m_rows.at(row).platform != platform)
            continue;
        const int first = row;
        while (row + 1 < rows && m_rows.at(row + 1).platform == platform)
            ++row;
        Q_EMIT dataChanged(index(first, 0), index(row, ColumnCount - 1),
                           {Qt::ForegroundRole, Qt::ToolTipRole});
    }
}

QVariant RankingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == TrendColumn)
        return QString::fromUtf8(trendFormulaText());
    if (role == Qt::ToolTipRole && section == AnomalyColumn)
        return anomalyToolTip();
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn:
        return tr("#");
    case RankChangeColumn:
        return tr("Δ");
    case PlatformColumn:
        return tr("Platform");
    case ChannelColumn:
        return tr("Channel");
    case TitleColumn:
        return tr("Title");
    case CategoryColumn:
        return tr("Category");
    case LanguageColumn:
        return tr("Lang");
    case ViewersColumn:
        return tr("Viewers");
    case PeakColumn:
        return tr("Peak 24h");
    case UptimeColumn:
        return tr("Uptime");
    case TrendColumn:
        return tr("Trend");
    case AnomalyColumn:
        return tr("Alert");
    default:
        return {};
    }
}

QStringList RankingModel::widestTexts(int column)
{
    const QLocale locale;
    switch (column) {
    case RankColumn:
        return {locale.toString(999'999)};
    case RankChangeColumn:
        return {QStringLiteral("▲999"), QStringLiteral("▼999"), QStringLiteral("new")};
    case PlatformColumn: {
        QStringList names;
        for (int p = 0; p < PlatformCount; ++p)
            names.append(platformDisplayName(static_cast<Platform>(p)));
        return names;
    }
    case LanguageColumn:
        return {QStringLiteral("pt-BR"), QStringLiteral("zh-Hant")};
    case ViewersColumn:
    case PeakColumn:
        return {locale.toString(9'999'999), hiddenText()};
    case UptimeColumn:
        return {formatUptime((9999 * 60 + 59) * qint64(60'000))};
    case TrendColumn:
        return {QString::number(0.88, 'f', 2), QStringLiteral("—")};
    case AnomalyColumn:
        return {QStringLiteral("⚠")};
    default:
        return {};
    }
}

int RankingModel::platformsInSnapshot() const
{
    std::array<bool, PlatformCount> seen{};
    int count = 0;
    for (const RankedStream &r : m_snapshot.rows) {
        bool &s = seen[static_cast<int>(r.platform)];
        if (!s) {
            s = true;
            if (++count == PlatformCount)
                break;
        }
    }
    return count;
}

int RankingModel::rowOfKey(const QString &key) const
{
    // The index is rebuilt after rebuild() has removed rows; a view asking
    // from inside rowsRemoved (its selection moving) would get a position
    // from before the removal. Checked, and looked up the slow way then.
    const int row = m_rowOfKey.value(key, -1);
    if (row >= 0 && row < m_rows.size() && m_rows.at(row).key() == key)
        return row;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key() == key)
            return i;
    }
    return -1;
}

bool RankingModel::isLive(const QString &key) const
{
    if (rowOfKey(key) >= 0)
        return true;
    return std::any_of(m_snapshot.rows.cbegin(), m_snapshot.rows.cend(),
                       [&key](const RankedStream &r) { return r.key() == key; });
}

QStringList RankingModel::categories() const
{
    QSet<QString> set;
    for (const auto &r : m_snapshot.rows)
        if (!r.categoryName().isEmpty())
            set.insert(r.categoryName());
    QStringList list(set.begin(), set.end());
    list.sort(Qt::CaseInsensitive);
    return list;
}

QStringList RankingModel::languages() const
{
    QSet<QString> set;
    for (const auto &r : m_snapshot.rows)
        if (!r.language().isEmpty())
            set.insert(r.language());
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

void RankingModel::applySnapshot(const RankingSnapshot &snapshot)
{
    // The shown rows point into the previous snapshot's censuses: keep those
    // alive until rebuild() has compared them with the new rows.
    const RankingSnapshot previous = std::exchange(m_snapshot, snapshot);
    rebuild();
    Q_EMIT snapshotApplied(snapshot.takenAtMs, static_cast<int>(snapshot.rows.size()));
}

void RankingModel::setFilter(const RankingFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    rebuild();
}

void RankingModel::rebuild()
{
    // 1. What should be shown: the filtered top N of the snapshot, by rank.
    QHash<QString, int> wanted; // key → index into m_snapshot.rows
    QVector<int> order;
    const int limit = m_filter.topN > 0 ? m_filter.topN : std::numeric_limits<int>::max();
    for (int i = 0; i < m_snapshot.rows.size() && order.size() < limit; ++i) {
        const RankedStream &r = m_snapshot.rows.at(i);
        if (m_filter.accepts(r)) {
            wanted.insert(r.key(), i);
            order.push_back(i);
        }
    }

    // 2. Remove rows that left, in contiguous ranges from the bottom up.
    int row = static_cast<int>(m_rows.size()) - 1;
    while (row >= 0) {
        if (wanted.contains(m_rows.at(row).key())) {
            --row;
            continue;
        }
        const int last = row;
        while (row - 1 >= 0 && !wanted.contains(m_rows.at(row - 1).key()))
            --row;
        beginRemoveRows({}, row, last);
        m_rows.erase(m_rows.begin() + row, m_rows.begin() + last + 1);
        endRemoveRows();
        --row;
    }

    // 3. Update the rows that stayed; group changed rows into dataChanged ranges.
    m_rowOfKey.clear();
    int runStart = -1;
    unsigned runMask = 0;
    auto flush = [&](int endRow) {
        if (runStart < 0)
            return;
        int first = 0;
        while (!(runMask & (1u << first)))
            ++first;
        int last = ColumnCount - 1;
        while (!(runMask & (1u << last)))
            --last;
        Q_EMIT dataChanged(index(runStart, first), index(endRow, last),
                           {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
        runStart = -1;
        runMask = 0;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        RankedStream &shown = m_rows[i];
        const QString key = shown.key();
        const RankedStream &fresh = m_snapshot.rows.at(wanted.value(key));
        const unsigned mask = changedColumns(shown, fresh);
        shown = fresh;
        m_rowOfKey.insert(key, i);
        wanted.remove(key);
        if (mask) {
            if (runStart < 0)
                runStart = i;
            runMask |= mask;
        } else {
            flush(i - 1);
        }
    }
    flush(static_cast<int>(m_rows.size()) - 1);

    // 4. Append the rows that are new, in rank order.
    if (!wanted.isEmpty()) {
        QVector<int> fresh;
        fresh.reserve(wanted.size());
        for (int idx : std::as_const(order))
            if (wanted.contains(m_snapshot.rows.at(idx).key()))
                fresh.push_back(idx);
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
        for (int idx : std::as_const(fresh)) {
            m_rowOfKey.insert(m_snapshot.rows.at(idx).key(), static_cast<int>(m_rows.size()));
            m_rows.push_back(m_snapshot.rows.at(idx));
        }
        endInsertRows();
    }
}

} // namespace StreamRank
