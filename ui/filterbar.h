#pragma once
// The row of filters above the ranking: platform, category, language, search
// text and the top-N limit. Emits a complete RankingFilter on every change.

#include "rankingfilter.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QTimer;

namespace StreamRank {

class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    RankingFilter filter() const;
    // The top-N box, kept with the window layout (clamped to its 10–5,000 range).
    int topN() const;
    void setTopN(int n);
    // Refreshes the category and language choices, keeping the current ones.
    void setChoices(const QStringList &categories, const QStringList &languages);
    // Puts the cursor in the search box, its text selected (Ctrl+F).
    void focusSearch();

Q_SIGNALS:
    void filterChanged(const StreamRank::RankingFilter &filter);

private:
    void emitChanged();

    QComboBox *m_platform;
    QComboBox *m_category;
    QComboBox *m_language;
    QLineEdit *m_search;
    QSpinBox *m_topN;
    QTimer *m_searchDebounce;
};

} // namespace StreamRank
