// Settings → Accounts → YouTube with its controller on the offscreen platform:
// every value of the tab saved and read back, the API key in the real keychain
// (inside scripts/with-test-keyring.sh) and never in the settings file, a key
// for this run only, Test connection's words against the in-process fake
// YouTube and a closed port, the command line's additions kept out of the
// settings. The page's own editing and checks: tst_youtubeaccountpage.cpp;
// the status bar's quota: tst_youtubestatusbar.cpp.
#include "accountscontroller.h"
#include "accountsdialog.h"
#include "fakeyoutubeserver.h"
#include "mainwindow.h"
#include "pipeline.h"
#include "secretstore.h"
#include "windowwiring.h"
#include "youtubeaccount.h"
#include "youtubeaccountcontroller.h"
#include "youtubeaccountstestsupport.h"

#include <QCheckBox>
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
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace StreamRank;
using namespace StreamRank::YouTubeAccountsTest;

namespace {

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
        useTestEnvironment(QStringLiteral("tst_youtubeaccounts"));
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
