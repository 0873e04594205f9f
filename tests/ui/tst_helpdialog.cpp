// Help → Metrics and formulas: the documents of every number are built into
// the program (not a path into the sources), open from the Help menu and
// from the anomaly dialog's sentence, on the page that explains it.

#include "anomalysettingsdialog.h"
#include "helpdialog.h"

#include <QApplication>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

using namespace StreamRank;

namespace {

// Qt tells a window a modal one blocks it with QEvent::WindowBlocked.
struct BlockedSpy : QObject
{
    bool helpBlocked = false;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::WindowBlocked && qobject_cast<HelpDialog *>(watched))
            helpBlocked = true;
        return false;
    }
};

} // namespace

class TestHelpDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thePagesAreBuiltInAndReadable()
    {
        const QString ranking = HelpDialog::pageText(HelpDialog::Page::Ranking);
        const QString anomalies = HelpDialog::pageText(HelpDialog::Page::Anomalies);
        QVERIFY(ranking.contains(QStringLiteral("Trend score")));
        QVERIFY(ranking.contains(QStringLiteral("Peak 24h")));
        QVERIFY(anomalies.contains(QStringLiteral("score")));
        // Decoded as UTF-8: the formulas' symbols are themselves.
        QVERIFY(ranking.contains(QStringLiteral("e^(−4·x)")));
        QVERIFY(!ranking.contains(QChar(0x00C2)));

        HelpDialog dialog;
        const auto pages = dialog.findChildren<QTextBrowser *>(QStringLiteral("HelpPage"));
        QCOMPARE(pages.size(), 2);
        for (QTextBrowser *page : pages) {
            // Rendered from Markdown: headings, tables and code are text, not
            // their marks.
            const QString shown = page->toPlainText();
            QVERIFY(shown.size() > 500);
            static const QRegularExpression marks(QStringLiteral("^(#{1,6} |\\|---|```)"),
                                                  QRegularExpression::MultilineOption);
            QVERIFY2(!shown.contains(marks), qPrintable(marks.match(shown).captured()));
            QVERIFY(!page->openLinks());
        }
        auto *tabs = dialog.findChild<QTabWidget *>();
        QVERIFY(tabs);
        auto *first = qobject_cast<QTextBrowser *>(tabs->widget(0));
        QVERIFY(first);
        QVERIFY(first->toPlainText().contains(QStringLiteral("Trend score (0–1)")));
    }

    void theAnomalyDialogPointsAtTheHelpPage()
    {
        QWidget window;
        window.show();
        AnomalySettingsDialog dialog(&window);
        dialog.setWindowModality(Qt::WindowModal); // as the window opens it
        dialog.show();
        auto *formula = dialog.findChild<QLabel *>(QStringLiteral("scoreFormula"));
        QVERIFY(formula);
        QVERIFY(!formula->text().contains(QStringLiteral("docs/")));
        QVERIFY(formula->text().contains(QStringLiteral("Help → Metrics and formulas")));
        BlockedSpy blocked;
        qApp->installEventFilter(&blocked);
        Q_EMIT formula->linkActivated(QStringLiteral("help:anomalies"));
        QCoreApplication::processEvents();
        auto *help = dialog.findChild<HelpDialog *>();
        QVERIFY(help);
        QVERIFY(help->isVisible());
        QCOMPARE(help->currentPage(), HelpDialog::Page::Anomalies);
        // Not blocked by the modal dialog it was opened from.
        QVERIFY(!blocked.helpBlocked);
        // Asked again, closed in between: the same dialog, on the page asked for.
        help->close();
        HelpDialog::open(&dialog, HelpDialog::Page::Ranking);
        QCOMPARE(dialog.findChildren<HelpDialog *>().size(), 1);
        QCOMPARE(dialog.findChild<HelpDialog *>(), help);
        QVERIFY(help->isVisible());
        QCOMPARE(help->currentPage(), HelpDialog::Page::Ranking);
        help->close();
    }
};

QTEST_MAIN(TestHelpDialog)
#include "tst_helpdialog.moc"
