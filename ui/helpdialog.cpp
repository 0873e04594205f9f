#include "helpdialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace StreamRank {

namespace {

QString resourceOf(HelpDialog::Page page)
{
    switch (page) {
    case HelpDialog::Page::Ranking:
        return QStringLiteral(":/streamrank/help/ANALYTICS.md");
    case HelpDialog::Page::Anomalies:
        return QStringLiteral(":/streamrank/help/ANOMALY.md");
    }
    return {};
}

} // namespace

QString HelpDialog::pageText(Page page)
{
    QFile file(resourceOf(page));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

HelpDialog::HelpDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Metrics and formulas"));
    setObjectName(QStringLiteral("HelpDialog"));
    m_tabs = new QTabWidget(this);
    const std::pair<Page, QString> pages[] = {{Page::Ranking, tr("Ranking and trend")},
                                              {Page::Anomalies, tr("Anomaly detection")}};
    for (const auto &[page, title] : pages) {
        auto *browser = new QTextBrowser(m_tabs);
        browser->setObjectName(QStringLiteral("HelpPage"));
        // Links to the web open in the desktop's browser; the other document
        // opens in its tab; nothing navigates away inside.
        browser->setOpenLinks(false);
        connect(browser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
            if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
                QDesktopServices::openUrl(url);
            else if (url.path().endsWith(QLatin1String("ANOMALY.md")))
                showPage(Page::Anomalies);
            else if (url.path().endsWith(QLatin1String("ANALYTICS.md")))
                showPage(Page::Ranking);
        });
        const QString text = pageText(page);
        if (text.isEmpty())
            browser->setPlainText(tr("This page is missing from this build of StreamRank."));
        else
            browser->setMarkdown(text);
        m_tabs->addTab(browser, title);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    // Readable lines without covering a small screen.
    resize(760, 560);
}

void HelpDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(page == Page::Ranking ? 0 : 1);
}

HelpDialog::Page HelpDialog::currentPage() const
{
    return m_tabs->currentIndex() == 0 ? Page::Ranking : Page::Anomalies;
}

void HelpDialog::open(QWidget *parent, Page page)
{
    // One per parent, kept (hidden when closed) for as long as the parent
    // lives, so asking again shows the same one.
    HelpDialog *dialog =
        parent ? parent->findChild<HelpDialog *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
    if (!dialog)
        dialog = new HelpDialog(parent);
    dialog->showPage(page);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace StreamRank
