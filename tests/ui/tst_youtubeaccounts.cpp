// Settings → Accounts → YouTube on the offscreen platform: the searches table
// edited in place, every value of the tab saved and read back, the API key in
// the real keychain (inside scripts/with-test-keyring.sh) and never in the
// settings file, a bad channel id refused with its line, Test connection's
// words against the in-process fake YouTube and a closed port, the command
// line's additions kept out of the settings, and the status bar's quota.
#include "accountscontroller.h"
#include "accountsdialog.h"
#include "fakeyoutubeserver.h"
#include "mainwindow.h"
#include "pipeline.h"
#include "secretstore.h"
#include "theme.h"
#include "windowwiring.h"
#include "youtubeaccount.h"
#include "youtubeaccountcontroller.h"
#include "youtubebudget.h"
#include "youtubequota.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QUuid>

using namespace StreamRank;

namespace {

const QString ChannelA = QStringLiteral("UCBR8-60-B28hp2BmDPdntcQ");
const QString ChannelB = QStringLiteral("UC_x5XG1OV2P6uZZ5FSM9Ttw");

bool inTestKeyring()
{
    return qEnvironmentVariableIntValue("STREAMRANK_TEST_KEYCHAIN") == 1;
}

template <typename T> T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

QByteArray settingsFileBytes()
{
    QSettings settings;
    settings.sync();
    QFile f(settings.fileName());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// A read from a fresh store, as a restarted app would do it.
std::pair<QString, SecretError> readKeychain(const QString &key)
{
    SecretStore store;
    QSignalSpy read(&store, &SecretStore::readDone);
    store.read(key);
    if (!read.wait(15000))
        return {QString(), SecretError::Other};
    return {read.first().at(1).toString(), read.first().at(2).value<SecretError>()};
}

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

QString freeClosedPortUrl()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return QStringLiteral("http://127.0.0.1:%1/youtube/v3").arg(port);
}

} // namespace

class TestYouTubeAccounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("StreamRank-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_youtubeaccounts"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        qunsetenv(YouTubeApiKeyEnv);
        if (!inTestKeyring() &&
            qEnvironmentVariableIntValue("STREAMRANK_TEST_BUS_WITHOUT_KEYRING") != 1) {
            // Never touch the keychain of whoever runs this by hand.
            qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/streamrank-test-bus");
        }
        registerPipelineMetaTypes();
        m_fake.apiKey = QStringLiteral("yt-key-") + QUuid::createUuid().toString(QUuid::Id128);
        m_fake.channels = 200;
        m_fake.liveBroadcasts = 20;
        m_server = std::make_unique<Fake::FakeYouTubeServer>(m_fake);
        QVERIFY(m_server->listen());
    }

    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void cleanup() { qunsetenv(YouTubeApiKeyEnv); }

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

    void testConnectionSaysWhatHappened()
    {
        Pipeline pipeline(pipelineConfig(QStringLiteral("test.sqlite")));
        AccountsController accounts(pipeline);
        YouTubeAccountController youtube(pipeline, accounts.secrets());
        AccountsDialog dialog;
        accounts.attach(&dialog);
        youtube.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.youtubePage());
        auto *key = child<QLineEdit>(dialog, "YouTubeApiKey");
        auto *api = child<QLineEdit>(dialog, "YouTubeApiUrl");
        auto *test = child<QPushButton>(dialog, "YouTubeTestConnection");
        auto *result = child<QLabel>(dialog, "YouTubeTestResult");
        QVERIFY(key && api && test && result);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QCOMPARE(api->text(), QStringLiteral("https://www.googleapis.com/youtube/v3"));

        // Test connection, then its words once the button is back (empty on a timeout).
        const auto run = [&] {
            QTest::mouseClick(test, Qt::LeftButton);
            for (int i = 0; i < 600 && !test->isEnabled(); ++i)
                QTest::qWait(50);
            return test->isEnabled() ? result->text() : QString();
        };
        // Nothing typed and nothing stored.
        QCOMPARE(run(), QStringLiteral("Enter the API key first."));

        api->setText(m_server->apiUrl());
        const QString wrong = QStringLiteral("wrong-") + QUuid::createUuid().toString(QUuid::Id128);
        QTest::keyClicks(key, wrong);
        QString said = run();
        QVERIFY2(said.contains(QStringLiteral("rejected the API key")), qPrintable(said));
        QVERIFY(!said.contains(wrong)); // the key is never shown back

        key->clear();
        QTest::keyClicks(key, m_fake.disabledKeys.constFirst());
        said = run();
        QVERIFY2(said.contains(QStringLiteral("not enabled")), qPrintable(said));

        key->clear();
        QTest::keyClicks(key, m_fake.apiKey);
        said = run();
        QVERIFY2(said.startsWith(QStringLiteral("Connected")), qPrintable(said));

        // Nothing listens there: the network's words, not "Connected".
        api->setText(freeClosedPortUrl());
        said = run();
        QVERIFY2(!said.isEmpty() && !said.startsWith(QStringLiteral("Connected")) &&
                     !said.contains(m_fake.apiKey),
                 qPrintable(said));
        QVERIFY(said != QStringLiteral("Testing…"));
        qInfo().noquote() << "closed port:" << said;
        if (!qEnvironmentVariableIsEmpty("STREAMRANK_SCREENSHOT_YOUTUBE"))
            dialog.grab().save(qEnvironmentVariable("STREAMRANK_SCREENSHOT_YOUTUBE"));
    }

    void valuesRoundTripAndTheKeyGoesToTheKeychain()
    {
        if (!inTestKeyring())
            QSKIP("No throwaway keyring (run through scripts/with-test-keyring.sh)");
        const PipelineConfig pc = pipelineConfig(QStringLiteral("roundtrip.sqlite"));
        Pipeline pipeline(pc);
        AccountsController accounts(pipeline);
        YouTubeAccountController youtube(pipeline, accounts.secrets());
        QSignalSpy states(&youtube, &YouTubeAccountController::stateChanged);
        youtube.start();
        QTRY_VERIFY_WITH_TIMEOUT(states.count() >= 2, 30000); // the key was looked up
        QVERIFY(!youtube.state().keyStored);

        AccountsDialog dialog;
        accounts.attach(&dialog);
        youtube.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.youtubePage());
        QCOMPARE(child<QLineEdit>(dialog, "YouTubeApiKey")->placeholderText(),
                 QStringLiteral("not set — paste a YouTube Data API v3 key"));
        QVERIFY(!child<QPushButton>(dialog, "YouTubeRemoveKey")->isEnabled());

        child<QCheckBox>(dialog, "YouTubeEnabled")->setChecked(true);
        QTest::keyClicks(child<QLineEdit>(dialog, "YouTubeApiKey"), m_fake.apiKey);
        child<QLineEdit>(dialog, "YouTubeApiUrl")->setText(m_server->apiUrl());
        const YouTubeSearch speedrun{QStringLiteral("speedrun"), QStringLiteral("20"),
                                     QStringLiteral("JP"), QStringLiteral("ja")};
        const YouTubeSearch news{QString(), QStringLiteral("25"), QStringLiteral("US"), {}};
        dialog.youtubePage()->addSearch(speedrun);
        dialog.youtubePage()->addSearch(news);
        child<QPlainTextEdit>(dialog, "YouTubeWatchedChannels")
            ->setPlainText(QStringLiteral("  %1\n\n%2\n%1\n").arg(ChannelA, ChannelB));
        child<QSpinBox>(dialog, "YouTubePollMinutes")->setValue(5);
        child<QSpinBox>(dialog, "YouTubeDailyUnits")->setValue(20000);
        child<QSpinBox>(dialog, "YouTubeDailySearches")->setValue(50);
        child<QSpinBox>(dialog, "YouTubeSearchCost")->setValue(100);
        child<QSpinBox>(dialog, "YouTubeSearchPages")->setValue(2);
        // The budget follows the numbers typed.
        const QString budget = child<QLabel>(dialog, "YouTubeBudget")->text();
        QVERIFY2(budget.contains(QStringLiteral("20,000 units and 50 searches a day")),
                 qPrintable(budget));
        QVERIFY2(budget.contains(QStringLiteral("a poll every 5 min")), qPrintable(budget));

        QSignalSpy applied(&youtube, &YouTubeAccountController::applied);
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QVERIFY(applied.wait(20000));
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));

        // The collector runs with all of it ...
        QVERIFY(youtube.running());
        QVERIFY(pipeline.config().youtube.has_value());
        const YouTubeConfig &running = *pipeline.config().youtube;
        QCOMPARE(running.apiKey, m_fake.apiKey);
        QCOMPARE(running.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(running.searches, (QVector<YouTubeSearch>{speedrun, news}));
        QCOMPARE(running.watchedChannels, (QStringList{ChannelA, ChannelB}));
        QCOMPARE(running.pollIntervalMs, 5 * 60 * 1000);

        // ... the settings hold everything but the key ...
        const YouTubeAccountSettings saved = loadYouTubeAccountSettings();
        QVERIFY(saved.enabled);
        QCOMPARE(saved.config.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(saved.config.searches, (QVector<YouTubeSearch>{speedrun, news}));
        QCOMPARE(saved.config.watchedChannels, (QStringList{ChannelA, ChannelB}));
        QCOMPARE(saved.config.pollIntervalMs, 5 * 60 * 1000);
        QCOMPARE(saved.config.dailyUnits, 20000);
        QCOMPARE(saved.config.dailySearches, 50);
        QCOMPARE(saved.config.searchCostUnits, 100);
        QCOMPARE(saved.config.searchPages, 2);
        QVERIFY(saved.config.apiKey.isEmpty());
        const QByteArray file = settingsFileBytes();
        QVERIFY(file.contains(m_server->apiUrl().toUtf8()));
        QVERIFY(file.contains(ChannelB.toUtf8()));
        QVERIFY(!file.contains(m_fake.apiKey.toUtf8()));
        // ... and the key is in the keychain.
        QCOMPARE(readKeychain(QString::fromLatin1(YouTubeApiKeyKey)),
                 std::make_pair(m_fake.apiKey, SecretError::None));

        // A restart: YouTube starts from the keychain; the tab shows what was saved.
        Pipeline pipeline2(pc);
        AccountsController accounts2(pipeline2);
        YouTubeAccountController again(pipeline2, accounts2.secrets());
        again.start();
        QTRY_VERIFY_WITH_TIMEOUT(again.running(), 20000);
        QCOMPARE(pipeline2.config().youtube->apiKey, m_fake.apiKey);
        AccountsDialog reopened;
        accounts2.attach(&reopened);
        again.attach(&reopened);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        auto *key = child<QLineEdit>(reopened, "YouTubeApiKey");
        QVERIFY(key->text().isEmpty());
        QCOMPARE(key->placeholderText(), QStringLiteral("stored in the keychain — leave empty to "
                                                        "keep"));
        QVERIFY(child<QCheckBox>(reopened, "YouTubeEnabled")->isChecked());
        QCOMPARE(child<QTableWidget>(reopened, "YouTubeSearches")->rowCount(), 2);
        QCOMPARE(reopened.youtubeConfig().searches, (QVector<YouTubeSearch>{speedrun, news}));
        QCOMPARE(child<QPlainTextEdit>(reopened, "YouTubeWatchedChannels")->toPlainText(),
                 ChannelA + u'\n' + ChannelB);
        QCOMPARE(child<QSpinBox>(reopened, "YouTubePollMinutes")->value(), 5);
        QCOMPARE(child<QSpinBox>(reopened, "YouTubeDailyUnits")->value(), 20000);
        QCOMPARE(child<QSpinBox>(reopened, "YouTubeDailySearches")->value(), 50);
        QCOMPARE(child<QSpinBox>(reopened, "YouTubeSearchCost")->value(), 100);
        QCOMPARE(child<QSpinBox>(reopened, "YouTubeSearchPages")->value(), 2);

        // Test connection with the stored key (nothing typed).
        auto *test = child<QPushButton>(reopened, "YouTubeTestConnection");
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        const QString said = child<QLabel>(reopened, "YouTubeTestResult")->text();
        QVERIFY2(said.startsWith(u"Connected"), qPrintable(said));

        // OK without typing the key keeps it (and changes nothing that runs).
        QSignalSpy running2(&again, &YouTubeAccountController::runningChanged);
        QSignalSpy applied2(&again, &YouTubeAccountController::applied);
        QTest::mouseClick(reopened.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!applied2.isEmpty(), 20000);
        QVERIFY(applied2.first().at(0).toBool());
        QVERIFY(running2.isEmpty());
        QCOMPARE(pipeline2.config().youtube->apiKey, m_fake.apiKey);

        // Remove key: the keychain entry goes, YouTube stops.
        AccountsDialog third;
        again.attach(&third);
        third.show();
        QVERIFY(QTest::qWaitForWindowExposed(&third));
        QSignalSpy removed(&again, &YouTubeAccountController::keyRemoved);
        auto *remove = child<QPushButton>(third, "YouTubeRemoveKey");
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(removed.wait(20000));
        QVERIFY(removed.first().at(0).toBool());
        QVERIFY(!again.running());
        QVERIFY(!loadYouTubeAccountSettings().enabled);
        QVERIFY(!child<QCheckBox>(third, "YouTubeEnabled")->isChecked());
        QCOMPARE(readKeychain(QString::fromLatin1(YouTubeApiKeyKey)).second, SecretError::NotFound);
    }

    void sessionOnlyKeepsTheKeyInMemory()
    {
        Pipeline pipeline(pipelineConfig(QStringLiteral("session.sqlite")));
        SecretStore secrets;
        YouTubeAccountController youtube(pipeline, secrets);
        YouTubeConfig typed;
        typed.apiKey = m_fake.apiKey;
        typed.watchedChannels = {ChannelA};
        QSignalSpy applied(&youtube, &YouTubeAccountController::applied);
        youtube.apply(true, typed, true);
        QVERIFY(applied.wait(5000));
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QVERIFY(secrets.sessionOnly());
        QVERIFY(youtube.running());
        QCOMPARE(pipeline.config().youtube->apiKey, m_fake.apiKey);
        // "enabled" is not saved: the next run, without the key, shows the Demo.
        QVERIFY(!loadYouTubeAccountSettings().enabled);
        QVERIFY(!settingsFileBytes().contains(m_fake.apiKey.toUtf8()));
        const YouTubeAccountState s = youtube.state();
        QVERIFY(s.sessionOnly && s.keyStored);
        if (inTestKeyring())
            QCOMPARE(readKeychain(QString::fromLatin1(YouTubeApiKeyKey)).second,
                     SecretError::NotFound);
    }

    void noKeychainAsksOnceForBothAccounts()
    {
        if (inTestKeyring())
            QSKIP("A keyring is running in this session");
        Pipeline pipeline(pipelineConfig(QStringLiteral("nokeychain.sqlite")));
        MainWindowOptions options;
        options.demo = false;
        MainWindow window(options);
        AccountsController accounts(pipeline);
        YouTubeAccountController youtube(pipeline, accounts.secrets());
        wireAccounts(window, accounts, &youtube);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // One OK with a new Twitch secret and a new YouTube key, no keychain.
        TwitchConfig twitch;
        twitch.clientId = QStringLiteral("cid");
        twitch.clientSecret = QStringLiteral("secret");
        YouTubeConfig typed;
        typed.apiKey = m_fake.apiKey;
        typed.searches = {YouTubeSearch::fromSpec(QStringLiteral("chess"))};
        QSignalSpy twitchAsked(&accounts, &AccountsController::keychainUnavailable);
        QSignalSpy youtubeAsked(&youtube, &YouTubeAccountController::keychainUnavailable);
        QSignalSpy youtubeApplied(&youtube, &YouTubeAccountController::applied);
        accounts.apply(true, twitch, false);
        youtube.apply(true, typed, false);
        QTRY_VERIFY_WITH_TIMEOUT(twitchAsked.count() == 1 && youtubeAsked.count() == 1, 60000);
        QVERIFY(youtubeAsked.first().at(0).toString().startsWith(
            QStringLiteral("No secret service (keychain) is available on this system: ")));
        QVERIFY(!youtube.running());
        QVERIFY(!youtube.state().keychainAvailable);

        // One question for both; "this run only" holds for both.
        const auto boxes = window.findChildren<QMessageBox *>(QStringLiteral("NoKeychainQuestion"));
        QCOMPARE(boxes.size(), 1);
        QTest::mouseClick(boxes.first()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!youtubeApplied.isEmpty(), 5000);
        QVERIFY(youtubeApplied.first().at(0).toBool());
        QVERIFY(youtube.running());
        QTRY_VERIFY(accounts.twitchRunning());
        QCOMPARE(pipeline.config().youtube->apiKey, m_fake.apiKey);
        QVERIFY(youtube.state().sessionOnly);
        QVERIFY(!settingsFileBytes().contains(m_fake.apiKey.toUtf8()));
    }

    void commandLineAppliesToThisRunOnly()
    {
        const QString envKey = QStringLiteral("env-") + QUuid::createUuid().toString(QUuid::Id128);
        qputenv(YouTubeApiKeyEnv, envKey.toUtf8());
        Pipeline pipeline(pipelineConfig(QStringLiteral("cli.sqlite")));
        AccountsController accounts(pipeline);
        YouTubeAccountController youtube(pipeline, accounts.secrets());
        youtube.setRunOverrides(m_server->apiUrl(), {QStringLiteral("q=chess;lang=en")},
                                {ChannelB});
        youtube.setForceEnabled(true);
        youtube.start();
        QTRY_VERIFY_WITH_TIMEOUT(youtube.running(), 20000);
        const YouTubeConfig &c = *pipeline.config().youtube;
        QCOMPARE(c.apiKey, envKey);
        QCOMPARE(c.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(c.searches, (QVector<YouTubeSearch>{
                                 YouTubeSearch::fromSpec(QStringLiteral("q=chess;lang=en"))}));
        QCOMPARE(c.watchedChannels, QStringList{ChannelB});
        const YouTubeAccountState s = youtube.state();
        QVERIFY(s.enabled && s.fromEnvironment && s.runTracks);
        QVERIFY2(s.runNote.contains(QStringLiteral("--platform youtube")), qPrintable(s.runNote));

        // The tab shows the saved settings; OK saves none of the run's additions.
        AccountsDialog dialog;
        accounts.attach(&dialog);
        youtube.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!child<QLabel>(dialog, "YouTubeRunNote")->isHidden());
        QVERIFY(child<QLineEdit>(dialog, "YouTubeApiKey")
                    ->placeholderText()
                    .startsWith(QStringLiteral("from STREAMRANK_YOUTUBE_API_KEY")));
        QSignalSpy applied(&youtube, &YouTubeAccountController::applied);
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 20000);
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QVERIFY(youtube.running());
        const YouTubeAccountSettings saved = loadYouTubeAccountSettings();
        QVERIFY(!saved.enabled);
        QVERIFY(saved.config.searches.isEmpty());
        QVERIFY(saved.config.watchedChannels.isEmpty());
        QCOMPARE(saved.config.apiUrl, YouTubeConfig().apiUrl);
        QVERIFY(!settingsFileBytes().contains(envKey.toUtf8()));

        // Unticked: off for this run too.
        AccountsDialog off;
        youtube.attach(&off);
        child<QCheckBox>(off, "YouTubeEnabled")->setChecked(false);
        off.accept();
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 2, 20000);
        QVERIFY(!youtube.running());
    }

    void statusBarShowsTheQuota()
    {
        MainWindowOptions options;
        options.demo = false;
        options.seriesSource = [](ChartSubject, Platform, const QString &, qint64, qint64, qint64) {
            return ChartSeries();
        };
        options.eventSource = [](const AnomalyEventFilter &) { return QVector<AnomalyEvent>(); };
        options.theme = Theme::Dark;
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *label = child<QLabel>(window, "YouTubeQuotaLabel");
        QVERIFY(label);
        QVERIFY(!label->isVisible()); // nothing until YouTube reports

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        YouTubeQuotaStatus q;
        q.atMs = now;
        q.dayStartMs = YouTube::pacificDayStartMs(now);
        q.resetAtMs = YouTube::nextPacificMidnightMs(now);
        q.unitsUsed = 1234;
        q.dailyUnits = 10000;
        q.searchesUsed = 37;
        q.dailySearches = 100;
        q.trackedVideos = 120;
        q.pollIntervalMs = 120000;
        window.showYouTubeQuota(q);
        const QString reset = localTimeText(q.resetAtMs, QStringLiteral("HH:mm"));
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(),
                 QStringLiteral("YouTube quota 1,234/10,000 · resets %1").arg(reset));
        QVERIFY(label->toolTip().startsWith(q.summary()));
        QVERIFY(label->styleSheet().isEmpty());

        q.exhausted = true;
        window.showYouTubeQuota(q);
        QCOMPARE(label->text(),
                 QStringLiteral("YouTube quota used up · paused until %1").arg(reset));
        const QString warning = toneColor(TextTone::Warning, window.palette()).name();
        QVERIFY2(label->styleSheet().contains(warning), qPrintable(label->styleSheet()));
        // The collectors' line: with two platforms only a problem keeps its
        // details, and a spent quota is said once, by the quota beside it.
        auto *state = child<QLabel>(window, "StateLabel");
        const QString spent =
            QStringLiteral("today's YouTube quota is used up; collection resumes at %1").arg(reset);
        window.showCollectorState(Platform::Demo, CollectorState::Waiting,
                                  QStringLiteral("next census at 12:06"));
        window.showCollectorState(Platform::YouTube, CollectorState::Stale, spent);
        QTextDocument doc;
        doc.setHtml(state->text());
        QCOMPARE(doc.toPlainText(), QStringLiteral("Demo: waiting  ·  YouTube: stale"));
        QVERIFY(state->toolTip().contains(QStringLiteral("YouTube: stale — ") + spent));
        QVERIFY(state->toolTip().contains(QStringLiteral("Demo: waiting — next census at 12:06")));
        // The light theme's warning colour once the theme changes.
        window.setTheme(Theme::Light);
        QTRY_VERIFY(!isDark(window.palette()));
        const QString lightWarning = toneColor(TextTone::Warning, window.palette()).name();
        QVERIFY(lightWarning != warning);
        QTRY_VERIFY2(label->styleSheet().contains(lightWarning), qPrintable(label->styleSheet()));

        window.clearYouTubeQuota();
        QVERIFY(!label->isVisible());
        doc.setHtml(state->text());
        QVERIFY2(doc.toPlainText().endsWith(QStringLiteral("YouTube: stale — ") + spent),
                 qPrintable(doc.toPlainText()));
    }

private:
    PipelineConfig pipelineConfig(const QString &name) const
    {
        PipelineConfig pc;
        pc.databasePath = m_dir->filePath(name);
        pc.demo = false;
        return pc;
    }

    Fake::FakeYouTubeConfig m_fake;
    std::unique_ptr<Fake::FakeYouTubeServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestYouTubeAccounts)
#include "tst_youtubeaccounts.moc"
