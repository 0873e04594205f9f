#pragma once
// Help → Metrics and formulas: the project's own documents of what every
// number means (docs/ANALYTICS.md, docs/ANOMALY.md), built into the program
// as resources, so the window explains itself with the same text the docs
// hold instead of pointing the user at files of the source tree.

#include <QDialog>

class QTabWidget;

namespace StreamRank {

class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Page
    {
        Ranking,
        Anomalies
    };
    explicit HelpDialog(QWidget *parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;
    // The Markdown of a page as built in (empty if the resource is missing).
    static QString pageText(Page page);

    // One dialog per parent, shown again (and raised) when asked again. Give
    // a modal dialog as the parent when one is open, or the help would be
    // blocked by it.
    static void open(QWidget *parent, Page page);

private:
    QTabWidget *m_tabs = nullptr;
};

} // namespace StreamRank
