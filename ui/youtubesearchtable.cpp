#include "youtubesearchtable.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QStyledItemDelegate>
#include <QTableWidget>

namespace StreamRank {

namespace {

// The context of this file's words, for the translation tools.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(YouTubeSearchTable)
};

// ISO 3166-1 alpha-2, and ISO 639-1 with an optional script or region
// ("zh-Hant"), which is what search.list accepts for relevanceLanguage.
const QRegularExpression RegionPattern(QStringLiteral("^[A-Z]{2}$"));
const QRegularExpression LanguagePattern(QStringLiteral("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"));

// The category column shows a name and holds the id; region and language
// cells are checked as typed; an empty cell reads "any", dimmed.
class SearchDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        switch (index.column()) {
        case SearchCategoryColumn: {
            auto *combo = new QComboBox(parent);
            for (const auto &[id, name] : youTubeVideoCategories())
                combo->addItem(id.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, id), id);
            combo->setToolTip(Text::tr("Only live videos of this YouTube category"));
            return combo;
        }
        case SearchRegionColumn:
        case SearchLanguageColumn: {
            auto *edit = new QLineEdit(parent);
            const bool region = index.column() == SearchRegionColumn;
            edit->setValidator(new QRegularExpressionValidator(
                QRegularExpression(region ? QStringLiteral("[A-Za-z]{0,2}")
                                          : QStringLiteral("[A-Za-z]{0,3}(-[A-Za-z0-9]{0,8})?")),
                edit));
            edit->setPlaceholderText(region ? Text::tr("e.g. JP") : Text::tr("e.g. en"));
            return edit;
        }
        default:
            return QStyledItemDelegate::createEditor(parent, option, index);
        }
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            const int at = combo->findData(index.data(Qt::UserRole).toString());
            combo->setCurrentIndex(std::max(0, at));
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            const QString id = combo->currentData().toString();
            model->setData(index, id, Qt::UserRole);
            model->setData(index, id.isEmpty() ? QString() : youTubeCategoryName(id));
            return;
        }
        if (auto *edit = qobject_cast<QLineEdit *>(editor);
            edit && index.column() != SearchWordsColumn) {
            const QString t = edit->text().trimmed();
            model->setData(index, index.column() == SearchRegionColumn ? t.toUpper() : t.toLower());
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != SearchWordsColumn && option->text.isEmpty()) {
            option->text = Text::tr("any");
            option->palette.setColor(QPalette::Text,
                                     option->palette.color(QPalette::PlaceholderText));
        }
    }
};

} // namespace

QVector<std::pair<QString, QString>> youTubeVideoCategories()
{
    // The categories a video can be given (videoCategories.list, assignable).
    return {
        {QString(), Text::tr("Any category")},
        {QStringLiteral("1"), Text::tr("Film & Animation")},
        {QStringLiteral("2"), Text::tr("Autos & Vehicles")},
        {QStringLiteral("10"), Text::tr("Music")},
        {QStringLiteral("15"), Text::tr("Pets & Animals")},
        {QStringLiteral("17"), Text::tr("Sports")},
        {QStringLiteral("19"), Text::tr("Travel & Events")},
        {QStringLiteral("20"), Text::tr("Gaming")},
        {QStringLiteral("22"), Text::tr("People & Blogs")},
        {QStringLiteral("23"), Text::tr("Comedy")},
        {QStringLiteral("24"), Text::tr("Entertainment")},
        {QStringLiteral("25"), Text::tr("News & Politics")},
        {QStringLiteral("26"), Text::tr("Howto & Style")},
        {QStringLiteral("27"), Text::tr("Education")},
        {QStringLiteral("28"), Text::tr("Science & Technology")},
    };
}

QString youTubeCategoryName(const QString &id)
{
    for (const auto &[known, name] : youTubeVideoCategories())
        if (known == id)
            return name;
    return id;
}

QTableWidget *createYouTubeSearchTable(QWidget *parent)
{
    auto *table = new QTableWidget(0, SearchColumnCount, parent);
    table->setObjectName(QStringLiteral("YouTubeSearches"));
    table->setHorizontalHeaderLabels(
        {Text::tr("Words"), Text::tr("Category"), Text::tr("Region"), Text::tr("Language")});
    table->setToolTip(
        Text::tr("Each row is one search of live videos: words (may be empty when a "
                 "category is chosen), a category, a country code (JP) and a language "
                 "(en). Double-click a cell to change it."));
    table->setItemDelegate(new SearchDelegate(table));
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                           QAbstractItemView::AnyKeyPressed);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QHeaderView *header = table->horizontalHeader();
    header->setSectionResizeMode(SearchWordsColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(SearchCategoryColumn, QHeaderView::Interactive);
    header->setStretchLastSection(false);
    // Room for the longest category name; the codes are short.
    header->resizeSection(SearchCategoryColumn,
                          table->fontMetrics().horizontalAdvance(Text::tr("Science & Technology")) +
                              24);
    for (int column : {SearchRegionColumn, SearchLanguageColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    // Four rows and the header, so the tab stays short.
    table->setFixedHeight(header->sizeHint().height() +
                          4 * table->verticalHeader()->defaultSectionSize() +
                          2 * table->frameWidth());
    return table;
}

int appendYouTubeSearch(QTableWidget *table, const YouTubeSearch &search)
{
    const int row = table->rowCount();
    table->insertRow(row);
    table->setItem(row, SearchWordsColumn, new QTableWidgetItem(search.query));
    auto *category = new QTableWidgetItem(
        search.videoCategoryId.isEmpty() ? QString() : youTubeCategoryName(search.videoCategoryId));
    category->setData(Qt::UserRole, search.videoCategoryId);
    table->setItem(row, SearchCategoryColumn, category);
    table->setItem(row, SearchRegionColumn, new QTableWidgetItem(search.regionCode));
    table->setItem(row, SearchLanguageColumn, new QTableWidgetItem(search.relevanceLanguage));
    return row;
}

YouTubeSearch youTubeSearchAt(const QTableWidget *table, int row)
{
    const auto text = [&](int column, int role = Qt::DisplayRole) {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->data(role).toString().trimmed() : QString();
    };
    YouTubeSearch s;
    s.query = text(SearchWordsColumn);
    s.videoCategoryId = text(SearchCategoryColumn, Qt::UserRole);
    s.regionCode = text(SearchRegionColumn).toUpper();
    s.relevanceLanguage = text(SearchLanguageColumn);
    return s;
}

QString youTubeSearchError(const YouTubeSearch &search, int row)
{
    if (search.isEmpty())
        return Text::tr("Search %1 has neither words nor a category: give it "
                        "one, or remove it.")
            .arg(row + 1);
    if (!search.regionCode.isEmpty() && !RegionPattern.match(search.regionCode).hasMatch())
        return Text::tr("Search %1: the region “%2” is not a two-letter "
                        "country code such as JP or US.")
            .arg(row + 1)
            .arg(search.regionCode);
    if (!search.relevanceLanguage.isEmpty() &&
        !LanguagePattern.match(search.relevanceLanguage).hasMatch())
        return Text::tr("Search %1: the language “%2” is not a language code "
                        "such as en, ja or zh-Hant.")
            .arg(row + 1)
            .arg(search.relevanceLanguage);
    return {};
}

} // namespace StreamRank
