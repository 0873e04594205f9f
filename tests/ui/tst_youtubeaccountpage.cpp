// Settings → Accounts → YouTube's page on the offscreen platform, without a
// controller behind it: the searches table edited in place, the budget's words
// for what the quota pays for, a bad channel id or region refused with its
// line, and what an enabled YouTube needs before OK is taken. The controller,
// keychain and Test connection: tst_youtubeaccounts.cpp; the status bar's
// quota: tst_youtubestatusbar.cpp.
#include "accountsdialog.h"
#include "youtubeaccountstestsupport.h"
#include "youtubebudget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::YouTubeAccountsTest;

namespace {

// The editor open in the table (a child of its viewport), if any.
template <typename T> T *visibleEditor(QTableWidget *table)
{
    for (T *w : table->viewport()->findChildren<T *>())
        if (w->isVisible())
            return w;
    return nullptr;
}

// Opens the editor of a cell, as a double-click does.
template <typename T> T *openEditor(QTableWidget *table, int row, int column)
{
    table->setCurrentCell(row, column);
    table->editItem(table->item(row, column));
    return visibleEditor<T>(table);
}

} // namespace

class TestYouTubeAccountPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useTestEnvironment(QStringLiteral("tst_youtubeaccountpage")); }

    void init() { QSettings().clear(); }

    void searchesAreEditedInPlace()
    {
        AccountsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.youtubePage());
        auto *table = child<QTableWidget>(dialog, "YouTubeSearches");
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 0);

        // Add search: a row, its words' editor open at once.
        QTest::mouseClick(child<QPushButton>(dialog, "YouTubeAddSearch"), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        auto *words = visibleEditor<QLineEdit>(table);
        QVERIFY(words);
        QTest::keyClicks(words, QStringLiteral("speedrun"));
        QTest::keyClick(words, Qt::Key_Return);
        QTRY_COMPARE(table->item(0, 0)->text(), QStringLiteral("speedrun"));

        // The category by name, its id kept.
        auto *combo = openEditor<QComboBox>(table, 0, 1);
        QVERIFY(combo);
        QCOMPARE(combo->count(), 15); // any + the 14 categories
        QCOMPARE(combo->itemData(0).toString(), QString());
        const int science = combo->findData(QStringLiteral("28"));
        QVERIFY(science > 0);
        QCOMPARE(combo->itemText(science), QStringLiteral("Science & Technology (28)"));
        QVERIFY(combo->findData(QStringLiteral("20")) > 0);
        combo->setCurrentIndex(science);
        QTest::keyClick(combo, Qt::Key_Return);
        QTRY_COMPARE(table->item(0, 1)->text(), QStringLiteral("Science & Technology"));
        QCOMPARE(table->item(0, 1)->data(Qt::UserRole).toString(), QStringLiteral("28"));

        // Codes as typed, in their usual case.
        auto *region = openEditor<QLineEdit>(table, 0, 2);
        QVERIFY(region);
        QTest::keyClicks(region, QStringLiteral("jp1x")); // the digit is refused as typed
        QTest::keyClick(region, Qt::Key_Return);
        QTRY_COMPARE(table->item(0, 2)->text(), QStringLiteral("JP"));
        auto *language = openEditor<QLineEdit>(table, 0, 3);
        QVERIFY(language);
        QTest::keyClicks(language, QStringLiteral("EN"));
        QTest::keyClick(language, Qt::Key_Return);
        QTRY_COMPARE(table->item(0, 3)->text(), QStringLiteral("en"));

        const YouTubeConfig c = dialog.youtubeConfig();
        QCOMPARE(c.searches.size(), 1);
        QCOMPARE(c.searches.first(),
                 (YouTubeSearch{QStringLiteral("speedrun"), QStringLiteral("28"),
                                QStringLiteral("JP"), QStringLiteral("en")}));

        // A row added and left empty is dropped; Remove takes the selected row.
        dialog.youtubePage()->addSearch({});
        QCOMPARE(dialog.youtubeConfig().searches.size(), 1);
        table->selectRow(0);
        QTest::mouseClick(child<QPushButton>(dialog, "YouTubeRemoveSearch"), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(dialog.youtubeConfig().searches.isEmpty());
    }

    void budgetSaysWhatTheQuotaPaysFor()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        YouTubeConfig c; // 10,000 units, 100 searches, 5 % kept back, 2 min
        QString text = youTubeBudgetText(c, 0, 0, now);
        QVERIFY2(
            text.startsWith(QStringLiteral("YouTube gives a key 10,000 units and 100 "
                                           "searches a day, reset at midnight Pacific time (")),
            qPrintable(text));
        // 9,500 units over 720 polls: 13 calls of 50 ids a poll.
        QVERIFY2(
            text.contains(QStringLiteral("a poll every 2 min pays for about 650 live videos.")),
            qPrintable(text));
        c.pollIntervalMs = 60000;
        QVERIFY(youTubeBudgetText(c, 0, 0, now).contains(QStringLiteral("about 300 live videos")));
        // Watched channels cost a unit a poll each; at least half stays for the videos.
        text = youTubeBudgetText(c, 0, 3, now);
        QVERIFY2(text.contains(QStringLiteral("about 150 live videos and your 3 watched channels")),
                 qPrintable(text));
        // 100 searches a day, 4 searches: one every ~14 min.
        text = youTubeBudgetText(c, 4, 0, now);
        QVERIFY2(text.contains(QStringLiteral("Your 4 searches take turns, one every 14 min.")),
                 qPrintable(text));
        // Two pages a run: half as many runs.
        c.searchPages = 2;
        QVERIFY(youTubeBudgetText(c, 1, 0, now)
                    .contains(QStringLiteral("Your search runs every 29 min.")));
        // Too few units for even one call of 50 a poll.
        c.dailyUnits = 500;
        QVERIFY(youTubeBudgetText(c, 0, 0, now)
                    .contains(QStringLiteral("A poll every 1 min does not last a whole day")));
    }

    void badChannelIdIsRefusedWithItsLine()
    {
        AccountsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *watched = child<QPlainTextEdit>(dialog, "YouTubeWatchedChannels");
        auto *error = child<QLabel>(dialog, "AccountsError");
        QVERIFY(watched && error);
        watched->setPlainText(ChannelA + QStringLiteral("\n\n@somehandle\n"));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible()); // not accepted
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.tabs()->currentWidget(), dialog.youtubePage()); // the tab in front
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(
                     QStringLiteral("Watched channels, line 3: “@somehandle” is not a channel id: "
                                    "that is a handle")),
                 qPrintable(error->text()));

        watched->setPlainText(ChannelA + QStringLiteral("\nUCtooShort"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY2(error->text().startsWith(QStringLiteral(
                     "Watched channels, line 2: “UCtooShort” is not a channel id: a channel id "
                     "is UC followed by 22 letters, digits, - or _")),
                 qPrintable(error->text()));

        // An address copied from the browser is reduced to its id.
        QString why;
        const auto ids = YouTubeAccountPage::parseChannelIds(
            QStringLiteral(" https://www.youtube.com/channel/%1?x=1 \n%2\n%1")
                .arg(ChannelA, ChannelB),
            &why);
        QVERIFY2(ids.has_value(), qPrintable(why));
        QCOMPARE(*ids, (QStringList{ChannelA, ChannelB}));

        // A search whose region is no country code.
        watched->setPlainText(ChannelA);
        dialog.youtubePage()->addSearch({QStringLiteral("chess"), {}, QStringLiteral("JPN"), {}});
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(error->text(), QStringLiteral("Search 1: the region “JPN” is not a two-letter "
                                               "country code such as JP or US."));
    }

    void enabledNeedsAKeyAndSomethingToTrack()
    {
        AccountsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        auto *error = child<QLabel>(dialog, "AccountsError");
        child<QCheckBox>(dialog, "YouTubeEnabled")->setChecked(true);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(error->text(), QStringLiteral("Enter a YouTube Data API key to collect from "
                                               "YouTube."));
        QTest::keyClicks(child<QLineEdit>(dialog, "YouTubeApiKey"), QStringLiteral("some-key"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY2(error->text().startsWith(QStringLiteral("Add a search or a watched channel")),
                 qPrintable(error->text()));
        child<QPlainTextEdit>(dialog, "YouTubeWatchedChannels")->setPlainText(ChannelA);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
};

QTEST_MAIN(TestYouTubeAccountPage)
#include "tst_youtubeaccountpage.moc"
