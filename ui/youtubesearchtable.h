#pragma once
// The YouTube tab's list of searches: a table with one search a row (words,
// category, region, language), edited in place, the category by name from
// YouTube's video categories and the codes checked as they are typed.

#include "youtubeconfig.h"

#include <QString>
#include <QVector>

#include <utility>

class QTableWidget;
class QWidget;

namespace StreamRank {

enum YouTubeSearchColumn
{
    SearchWordsColumn,
    SearchCategoryColumn,
    SearchRegionColumn,
    SearchLanguageColumn,
    SearchColumnCount
};

// (id, name) of YouTube's assignable video categories, "" (any) first.
QVector<std::pair<QString, QString>> youTubeVideoCategories();
// The name of a category id ("20" → "Gaming"); the id itself when unknown.
QString youTubeCategoryName(const QString &id);

QTableWidget *createYouTubeSearchTable(QWidget *parent);
int appendYouTubeSearch(QTableWidget *table, const YouTubeSearch &search);
YouTubeSearch youTubeSearchAt(const QTableWidget *table, int row);
// Why the search of `row` cannot be used, in words; empty when it can.
QString youTubeSearchError(const YouTubeSearch &search, int row);

} // namespace StreamRank
