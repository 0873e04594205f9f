#include "rankingcolumns.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QScopedValueRollback>
#include <QSettings>
#include <QStyle>
#include <QStyleOptionHeader>
#include <QStyleOptionViewItem>
#include <QTableView>

#include <algorithm>

namespace StreamRank {

namespace {

// Version 1: RankingModel's twelve columns. A change of the model's columns
// (one added, removed or reordered) takes a new version here, so that a
// header state of other columns is never restored: it then starts from the
// defaults. The state is kept with a checksum and its column count, because
// Qt 6.4 restores a damaged header state without checking it (see
// MainWindow::restoreLayout()).
const QString HeaderKey = QStringLiteral("rankingColumns/v1/header");
const QString ChecksumKey = QStringLiteral("rankingColumns/v1/headerChecksum");
const QString CountKey = QStringLiteral("rankingColumns/v1/columns");
const QString PlatformKey = QStringLiteral("rankingColumns/v1/platform");
const QString WidthsKey = QStringLiteral("rankingColumns/v1/textWidths");
// Where MainWindow kept the header before the columns were versioned (the
// same twelve columns): taken over once, and removed at every start so that
// MainWindow::restoreLayout(), which runs after this, has nothing to restore
// over the columns arranged here.
const QString LegacyKey = QStringLiteral("window/rankingHeader");
const QString LegacyChecksumKey = QStringLiteral("window/rankingHeaderChecksum");

// The text columns share what the others leave; the one first in this list
// that is shown takes the rest.
constexpr int StretchOrder[] = {RankingModel::TitleColumn, RankingModel::CategoryColumn,
                                RankingModel::ChannelColumn};

bool isText(int column)
{
    return column == RankingModel::ChannelColumn || column == RankingModel::TitleColumn ||
           column == RankingModel::CategoryColumn;
}

QString choiceCode(RankingColumns::PlatformChoice choice)
{
    switch (choice) {
    case RankingColumns::PlatformChoice::Shown:
        return QStringLiteral("shown");
    case RankingColumns::PlatformChoice::Hidden:
        return QStringLiteral("hidden");
    case RankingColumns::PlatformChoice::Automatic:
        break;
    }
    return QStringLiteral("automatic");
}

RankingColumns::PlatformChoice choiceFromCode(const QString &code)
{
    if (code == QLatin1String("shown"))
        return RankingColumns::PlatformChoice::Shown;
    if (code == QLatin1String("hidden"))
        return RankingColumns::PlatformChoice::Hidden;
    return RankingColumns::PlatformChoice::Automatic;
}

QByteArray loadChecked(const QSettings &settings, const QString &key, const QString &checksumKey)
{
    const QByteArray value = settings.value(key).toByteArray();
    bool ok = false;
    const uint checksum = settings.value(checksumKey).toUInt(&ok);
    return !value.isEmpty() && ok && checksum == qChecksum(value) ? value : QByteArray();
}

// A cell showing `text`, as the view's delegate sizes it (font, margins).
int cellWidth(const QTableView *view, const QString &text)
{
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.font = view->font();
    option.fontMetrics = view->fontMetrics();
    option.features = QStyleOptionViewItem::HasDisplay;
    option.text = text;
    const int grid = view->showGrid() ? 1 : 0;
    return view->style()
               ->sizeFromContents(QStyle::CT_ItemViewItem, &option, QSize(), view)
               .width() +
           grid;
}

// The section's title as QHeaderView measures it: in bold (as a highlighted
// section is drawn) and with room for the sort arrow, which it keeps free in
// every section while sorting is on.
int headerWidth(const QHeaderView *header, int column)
{
    QStyleOptionHeader option;
    option.initFrom(header);
    option.orientation = Qt::Horizontal;
    option.section = column;
    option.text = header->model()->headerData(column, Qt::Horizontal).toString();
    QFont bold = header->font();
    bold.setBold(true);
    option.fontMetrics = QFontMetrics(bold);
    const QStyle *style = header->style();
    QSize size = style->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), header);
    if (header->isSortIndicatorShown())
        size.rwidth() +=
            size.height() + style->pixelMetric(QStyle::PM_HeaderMargin, &option, header);
    return size.width();
}

} // namespace

RankingColumns::RankingColumns(QTableView *view, RankingModel *model, QWidget *window)
    : QObject(view), m_view(view), m_model(model), m_window(window)
{
    setObjectName(QStringLiteral("RankingColumns"));
    QHeaderView *h = header();
    h->setSectionsMovable(true);
    h->setStretchLastSection(false);
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(h, &QWidget::customContextMenuRequested, this, &RankingColumns::showMenu);
    connect(h, &QHeaderView::sectionResized, this,
            [this](int column, int, int newSize) { onSectionResized(column, newSize); });
    connect(m_model, &RankingModel::snapshotApplied, this, &RankingColumns::followPlatforms);

    measure();
    restore();
    fit();

    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);
    h->installEventFilter(this);
    m_window->installEventFilter(this);
}

QHeaderView *RankingColumns::header() const
{
    return m_view->horizontalHeader();
}

bool RankingColumns::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Show:
        if (watched == m_view->viewport())
            fit();
        break;
    case QEvent::FontChange:
    case QEvent::StyleChange:
        if (watched == m_view || watched == header()) {
            measure();
            fit();
        }
        break;
    case QEvent::Close:
        // With the rest of the window's layout: what the user arranged
        // during the run, not every step of a drag.
        if (watched == m_window)
            save();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void RankingColumns::measure()
{
    QHeaderView *h = header();
    const int ch = m_view->fontMetrics().averageCharWidth();
    const std::array<int, RankingModel::ColumnCount> before = m_minimum;
    for (int c = 0; c < RankingModel::ColumnCount; ++c) {
        int width = headerWidth(h, c);
        const QStringList texts = RankingModel::widestTexts(c);
        for (const QString &text : texts)
            width = std::max(width, cellWidth(m_view, text));
        m_minimum[c] = width;
        m_default[c] = width;
    }
    // Enough of a name or a title to tell rows apart, before the table scrolls.
    m_minimum[RankingModel::ChannelColumn] =
        std::max(m_minimum[RankingModel::ChannelColumn], 8 * ch);
    m_minimum[RankingModel::CategoryColumn] =
        std::max(m_minimum[RankingModel::CategoryColumn], 8 * ch);
    m_minimum[RankingModel::TitleColumn] = std::max(m_minimum[RankingModel::TitleColumn], 14 * ch);
    m_default[RankingModel::ChannelColumn] =
        std::max(m_minimum[RankingModel::ChannelColumn], 22 * ch);
    m_default[RankingModel::CategoryColumn] =
        std::max(m_minimum[RankingModel::CategoryColumn], 24 * ch);
    m_default[RankingModel::TitleColumn] = std::max(m_minimum[RankingModel::TitleColumn], 28 * ch);

    // Another font or style: the amounts left at their measured width
    // follow it; those the user widened keep their width where it is enough.
    const QScopedValueRollback arranging(m_arranging, true);
    for (int c = 0; c < RankingModel::ColumnCount; ++c) {
        if (isText(c) || h->isSectionHidden(c))
            continue;
        const int size = h->sectionSize(c);
        if (size == before[c] || size < m_minimum[c])
            h->resizeSection(c, m_minimum[c]);
    }
}

void RankingColumns::setDefaultWidths()
{
    // Hidden sections too: they come back at this width.
    const QScopedValueRollback arranging(m_arranging, true);
    QHeaderView *h = header();
    for (int c = 0; c < RankingModel::ColumnCount; ++c) {
        h->setSectionResizeMode(c, QHeaderView::Interactive);
        if (c != RankingModel::TitleColumn)
            h->resizeSection(c, m_default[c]);
    }
    h->setSectionResizeMode(RankingModel::TitleColumn, QHeaderView::Stretch);
}

int RankingColumns::preferredWidth(int column) const
{
    return m_userWidth[column] > 0 ? std::max(m_userWidth[column], m_minimum[column])
                                   : m_default[column];
}

int RankingColumns::visibleCount() const
{
    return header()->count() - header()->hiddenSectionCount();
}

void RankingColumns::fit()
{
    // A hidden table (a start on another tab, the window not shown yet) has
    // no width to share: its columns stay as restored until it is shown.
    if (m_fitting || !m_view->isVisible())
        return;
    const QScopedValueRollback fitting(m_fitting, true);
    const QScopedValueRollback arranging(m_arranging, true);
    QHeaderView *h = header();

    // The amounts first: never below what their values need.
    int amounts = 0;
    for (int c = 0; c < RankingModel::ColumnCount; ++c) {
        if (isText(c) || h->isSectionHidden(c))
            continue;
        if (h->sectionSize(c) < m_minimum[c])
            h->resizeSection(c, m_minimum[c]);
        amounts += h->sectionSize(c);
    }

    m_stretchColumn = -1;
    for (const int c : StretchOrder) {
        if (!h->isSectionHidden(c)) {
            m_stretchColumn = c;
            break;
        }
    }
    // The text columns at their preferred widths if they fit (the stretching
    // one taking the rest); else each gives up the same share of what it
    // has above its minimum; else all are at their minimums and the table
    // scrolls.
    int wanted = 0;
    int least = 0;
    for (const int c : StretchOrder) {
        if (h->isSectionHidden(c))
            continue;
        least += m_minimum[c];
        wanted += preferredWidth(c);
    }
    const int room = m_view->viewport()->width() - amounts;
    for (const int c : StretchOrder) {
        if (c == m_stretchColumn)
            continue;
        h->setSectionResizeMode(c, QHeaderView::Interactive);
        if (h->isSectionHidden(c))
            continue;
        int width = preferredWidth(c);
        if (room <= least)
            width = m_minimum[c];
        else if (room < wanted)
            width = m_minimum[c] +
                    int(qint64(width - m_minimum[c]) * (room - least) / (wanted - least));
        h->resizeSection(c, width);
    }
    if (m_stretchColumn < 0)
        return;
    if (room >= least) {
        h->setSectionResizeMode(m_stretchColumn, QHeaderView::Stretch);
    } else {
        h->setSectionResizeMode(m_stretchColumn, QHeaderView::Interactive);
        h->resizeSection(m_stretchColumn, m_minimum[m_stretchColumn]);
    }
}

void RankingColumns::onSectionResized(int column, int newSize)
{
    // 0: a section being hidden. The stretching one is sized by the header.
    if (m_arranging || newSize == 0 || column == m_stretchColumn)
        return;
    if (column == RankingModel::ChannelColumn || column == RankingModel::CategoryColumn)
        m_userWidth[column] = newSize;
    fit(); // an amount dragged narrower than its values goes back to their width
}

void RankingColumns::setHidden(int column, bool hidden)
{
    const QScopedValueRollback arranging(m_arranging, true);
    header()->setSectionHidden(column, hidden);
}

void RankingColumns::setColumnShown(int column, bool shown)
{
    if (column < 0 || column >= RankingModel::ColumnCount)
        return;
    if (!shown && !header()->isSectionHidden(column) && visibleCount() <= 1)
        return;
    if (column == RankingModel::PlatformColumn)
        m_platformChoice = shown ? PlatformChoice::Shown : PlatformChoice::Hidden;
    setHidden(column, !shown);
    fit();
}

void RankingColumns::followPlatforms()
{
    // Automatic: shown while the ranking holds rows of two platforms or
    // more. With no rows there is nothing to go by, and the column stays as
    // it is, so a start keeps what the last run ended with until its
    // first census.
    if (m_platformChoice != PlatformChoice::Automatic)
        return;
    const int platforms = m_model->platformsInSnapshot();
    if (platforms == 0)
        return;
    const bool hide = platforms < 2;
    QHeaderView *h = header();
    if (hide == h->isSectionHidden(RankingModel::PlatformColumn) || (hide && visibleCount() <= 1))
        return;
    setHidden(RankingModel::PlatformColumn, hide);
    fit();
}

void RankingColumns::reset()
{
    {
        const QScopedValueRollback arranging(m_arranging, true);
        QHeaderView *h = header();
        for (int c = 0; c < RankingModel::ColumnCount; ++c) {
            h->setSectionHidden(c, false);
            if (h->visualIndex(c) != c)
                h->moveSection(h->visualIndex(c), c);
        }
        m_platformChoice = PlatformChoice::Automatic;
        m_userWidth.fill(0);
        setDefaultWidths();
    }
    followPlatforms();
    fit();
}

void RankingColumns::restore()
{
    QSettings settings;
    QByteArray state;
    bool legacy = false;
    bool ok = false;
    if (settings.contains(HeaderKey)) {
        if (settings.value(CountKey).toInt(&ok) == RankingModel::ColumnCount && ok)
            state = loadChecked(settings, HeaderKey, ChecksumKey);
    } else {
        state = loadChecked(settings, LegacyKey, LegacyChecksumKey);
        legacy = !state.isEmpty();
    }
    for (const QString &key : {LegacyKey, LegacyChecksumKey})
        if (settings.contains(key))
            settings.remove(key);

    QHeaderView *h = header();
    const bool restored = [&] {
        const QScopedValueRollback arranging(m_arranging, true);
        return !state.isEmpty() && h->restoreState(state) &&
               h->count() == RankingModel::ColumnCount && visibleCount() > 0;
    }();
    // The state restores how the columns were fitted when it was saved;
    // what else it holds is this class's to set.
    h->setSectionsMovable(true);
    h->setStretchLastSection(false);
    if (!restored) {
        if (!state.isEmpty())
            reset();
        else
            setDefaultWidths();
        return;
    }
    if (legacy) {
        // The old menu hid the Platform column only when the user asked.
        if (h->isSectionHidden(RankingModel::PlatformColumn))
            m_platformChoice = PlatformChoice::Hidden;
        for (const int c : {RankingModel::ChannelColumn, RankingModel::CategoryColumn})
            m_userWidth[c] = h->isSectionHidden(c) ? 0 : h->sectionSize(c);
    } else {
        m_platformChoice = choiceFromCode(settings.value(PlatformKey).toString());
        const QVariantList widths = settings.value(WidthsKey).toList();
        if (widths.size() == 2) {
            m_userWidth[RankingModel::ChannelColumn] = std::clamp(widths[0].toInt(), 0, 4000);
            m_userWidth[RankingModel::CategoryColumn] = std::clamp(widths[1].toInt(), 0, 4000);
        }
    }
    if (m_platformChoice != PlatformChoice::Automatic)
        setHidden(RankingModel::PlatformColumn, m_platformChoice == PlatformChoice::Hidden);
}

void RankingColumns::save() const
{
    QSettings settings;
    const QByteArray state = header()->saveState();
    settings.setValue(HeaderKey, state);
    settings.setValue(ChecksumKey, uint(qChecksum(state)));
    settings.setValue(CountKey, int(RankingModel::ColumnCount));
    settings.setValue(PlatformKey, choiceCode(m_platformChoice));
    settings.setValue(WidthsKey, QVariantList{m_userWidth[RankingModel::ChannelColumn],
                                              m_userWidth[RankingModel::CategoryColumn]});
}

void RankingColumns::showMenu(const QPoint &at)
{
    QHeaderView *h = header();
    QMenu menu(m_view);
    menu.setToolTipsVisible(true);
    const bool lastShown = visibleCount() <= 1;
    // In the order shown, so the menu reads like the header.
    for (int v = 0; v < h->count(); ++v) {
        const int c = h->logicalIndex(v);
        const QString title = m_model->headerData(c, Qt::Horizontal).toString();
        QString text;
        switch (c) {
        case RankingModel::RankColumn:
            text = tr("Rank (%1)").arg(title);
            break;
        case RankingModel::RankChangeColumn:
            text = tr("Rank change (%1)").arg(title);
            break;
        case RankingModel::LanguageColumn:
            text = tr("Language");
            break;
        case RankingModel::PlatformColumn:
            text =
                m_platformChoice == PlatformChoice::Automatic ? tr("Platform (automatic)") : title;
            break;
        default:
            text = title;
            break;
        }
        QAction *action = menu.addAction(text);
        action->setCheckable(true);
        action->setChecked(!h->isSectionHidden(c));
        action->setEnabled(h->isSectionHidden(c) || !lastShown);
        if (c == RankingModel::PlatformColumn)
            action->setToolTip(
                m_platformChoice == PlatformChoice::Automatic
                    ? tr("Shown while streams of more than one platform are ranked. Choose it "
                         "to show or hide it always.")
                    : tr("Shown or hidden as you chose. Reset columns makes it automatic again."));
        connect(action, &QAction::toggled, this,
                [this, c](bool shown) { setColumnShown(c, shown); });
    }
    menu.addSeparator();
    menu.addAction(tr("Reset columns"), this, &RankingColumns::reset)
        ->setToolTip(tr("Every column shown, in its first order and width"));
    menu.exec(h->mapToGlobal(at));
}

} // namespace StreamRank
