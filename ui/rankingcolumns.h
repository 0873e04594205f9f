#pragma once
// The ranking table's columns: amounts as wide as their widest plausible
// value so that no window width cuts them, the text columns sharing what is
// left; a header menu to hide, show and reset them; saved when the window closes.

#include "rankingmodel.h"

#include <QObject>

#include <array>

class QHeaderView;
class QTableView;

namespace StreamRank {

class RankingColumns : public QObject
{
    Q_OBJECT
public:
    // The Platform column follows the rows (Automatic) until the user shows
    // or hides it from the header menu; "Reset columns" makes it automatic again.
    enum class PlatformChoice
    {
        Automatic,
        Shown,
        Hidden
    };

    // Takes over `view`'s horizontal header (sizes, menu, saved state) and
    // saves it when `window` gets its close event.
    RankingColumns(QTableView *view, RankingModel *model, QWidget *window);

    // The narrowest a column may be: its header and widest value for the
    // amounts, a few characters for the text columns.
    int minimumWidth(int column) const { return m_minimum.at(column); }
    PlatformChoice platformChoice() const { return m_platformChoice; }

    // What the header menu does: an explicit choice, so it also ends the
    // Platform column's automatic visibility. The last shown column stays.
    void setColumnShown(int column, bool shown);
    // "Reset columns": every column shown in its first order and width,
    // the Platform column automatic.
    void reset();
    void save() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QHeaderView *header() const;
    void restore();
    void measure();
    void setDefaultWidths();
    void fit();
    void followPlatforms();
    void setHidden(int column, bool hidden);
    void showMenu(const QPoint &at);
    void onSectionResized(int column, int newSize);
    int preferredWidth(int column) const;
    int visibleCount() const;

    QTableView *m_view;
    RankingModel *m_model;
    QWidget *m_window;
    PlatformChoice m_platformChoice = PlatformChoice::Automatic;
    // Indexed by column. The text columns' default and the width the user
    // gave the channel or category (0: none), what they get when there is room.
    std::array<int, RankingModel::ColumnCount> m_minimum{};
    std::array<int, RankingModel::ColumnCount> m_default{};
    std::array<int, RankingModel::ColumnCount> m_userWidth{};
    int m_stretchColumn = -1;
    bool m_arranging = false; // sizes set here, not by the user
    bool m_fitting = false;
};

} // namespace StreamRank
