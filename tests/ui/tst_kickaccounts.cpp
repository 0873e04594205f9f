// Settings → Accounts → Kick with its controller on the offscreen platform:
// Test connection's words against the in-process fake Kick (good credentials,
// a wrong secret, a closed port); every value saved and read back, the client
// id and secret in the real keychain (inside scripts/with-test-keyring.sh)
// and never in the settings file; the collector started, restarted and
// stopped with the settings; credentials for this run only; the command line
// kept out of the settings. The page's own editing and checks:
// tst_kickaccountpage.cpp; the window collecting from Kick and the one
// keychain question for every account: tst_kickwindow.cpp.
#include "accountscontroller.h"
#include "accountsdialog.h"
#include "fakekickserver.h"
#include "kickaccount.h"
#include "kickaccountcontroller.h"
#include "kickaccountstestsupport.h"
#include "pipeline.h"
#include "secretstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace StreamRank;
using namespace StreamRank::KickAccountsTest;

namespace {

// A read from a fresh store, as a restarted app would do it.
std::pair<QString, SecretError> readKeychain(const char *key)
{
    SecretStore store;
    QSignalSpy read(&store, &SecretStore::readDone);
    store.read(QString::fromLatin1(key));
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
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

void clickOk(AccountsDialog &dialog)
{
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
}

} // namespace

class TestKickAccounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        useTestEnvironment(QStringLiteral("tst_kickaccounts"));
        registerPipelineMetaTypes();
        m_fake.clientId = unique("kick-id-");
        m_fake.clientSecret = unique("kick-secret-");
        m_fake.channels = 300;
        m_fake.liveStreams = 60;
        m_fake.viewerDriftPerRequest = 0;
        m_server = std::make_unique<Fake::FakeKickServer>(m_fake);
        QVERIFY(m_server->listen());
    }

    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void cleanup()
    {
        qunsetenv(KickClientIdEnv);
        qunsetenv(KickClientSecretEnv);
    }

    void testConnectionSaysWhatHappened()
    {
        Pipeline pipeline(pipelineConfig(QStringLiteral("test.sqlite")));
        AccountsController accounts(pipeline);
        KickAccountController kick(pipeline, accounts.secrets());
        AccountsDialog dialog;
        accounts.attach(&dialog);
        kick.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.kickPage());
        auto *id = child<QLineEdit>(dialog, "KickClientId");
        auto *secret = child<QLineEdit>(dialog, "KickClientSecret");
        auto *api = child<QLineEdit>(dialog, "KickApiUrl");
        auto *auth = child<QLineEdit>(dialog, "KickAuthUrl");
        auto *test = child<QPushButton>(dialog, "KickTestConnection");
        auto *result = child<QLabel>(dialog, "KickTestResult");
        QVERIFY(id && secret && api && auth && test && result);

        // Test connection, then its words once the button is back (empty on a timeout).
        const auto run = [&] {
            QTest::mouseClick(test, Qt::LeftButton);
            for (int i = 0; i < 600 && !test->isEnabled(); ++i)
                QTest::qWait(50);
            return test->isEnabled() ? result->text() : QString();
        };
        // Nothing typed and nothing stored.
        QCOMPARE(run(), QStringLiteral("Enter the client ID and the client secret first."));

        api->setText(m_server->apiUrl());
        auth->setText(m_server->authUrl());
        QTest::keyClicks(id, m_fake.clientId);
        const QString wrong = unique("wrong-");
        QTest::keyClicks(secret, wrong);
        QString said = run();
        QVERIFY2(said.startsWith(QStringLiteral("Kick rejected the credentials")),
                 qPrintable(said));
        QVERIFY(!said.contains(wrong)); // the secret is never shown back

        secret->clear();
        QTest::keyClicks(secret, m_fake.clientSecret);
        said = run();
        QVERIFY2(said.startsWith(QStringLiteral("Connected")), qPrintable(said));
        QVERIFY(!said.contains(m_fake.clientSecret));
        if (!qEnvironmentVariableIsEmpty("STREAMRANK_SCREENSHOT_KICK"))
            dialog.grab().save(qEnvironmentVariable("STREAMRANK_SCREENSHOT_KICK"));

        // Nothing listens there: the network's words, not "Connected".
        auth->setText(freeClosedPortUrl());
        said = run();
        QVERIFY2(!said.isEmpty() && !said.startsWith(QStringLiteral("Connected")) &&
                     said != QStringLiteral("Testing…") && !said.contains(m_fake.clientSecret),
                 qPrintable(said));
        qInfo().noquote() << "closed port:" << said;
        QVERIFY(!kick.running()); // a test starts no collector
    }

    void valuesRoundTripAndTheSecretGoesToTheKeychain()
    {
        if (!inTestKeyring())
            QSKIP("No throwaway keyring (run through scripts/with-test-keyring.sh)");
        const PipelineConfig pc = pipelineConfig(QStringLiteral("roundtrip.sqlite"));
        Pipeline pipeline(pc);
        AccountsController accounts(pipeline);
        KickAccountController kick(pipeline, accounts.secrets());
        QSignalSpy states(&kick, &KickAccountController::stateChanged);
        kick.start();
        QTRY_VERIFY_WITH_TIMEOUT(states.count() >= 2, 30000); // the credentials were looked up
        QVERIFY(!kick.state().secretStored);

        AccountsDialog dialog;
        accounts.attach(&dialog);
        kick.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.kickPage());
        child<QCheckBox>(dialog, "KickEnabled")->setChecked(true);
        QTest::keyClicks(child<QLineEdit>(dialog, "KickClientId"), m_fake.clientId);
        QTest::keyClicks(child<QLineEdit>(dialog, "KickClientSecret"), m_fake.clientSecret);
        child<QLineEdit>(dialog, "KickApiUrl")->setText(m_server->apiUrl());
        child<QLineEdit>(dialog, "KickAuthUrl")->setText(m_server->authUrl());
        child<QLineEdit>(dialog, "KickCategoryIds")->setText(QStringLiteral("15, 28"));
        child<QLineEdit>(dialog, "KickLanguage")->setText(QStringLiteral("ES"));
        child<QPlainTextEdit>(dialog, "KickWatchedChannels")
            ->setPlainText(QStringLiteral("xqc\n668, kick.com/adinross"));
        child<QSpinBox>(dialog, "KickPollMinutes")->setValue(5);
        child<QSpinBox>(dialog, "KickRequestsPerMinute")->setValue(90);
        const QStringList categories{QStringLiteral("15"), QStringLiteral("28")};
        const QStringList watched{QStringLiteral("xqc"), QStringLiteral("668"),
                                  QStringLiteral("adinross")};

        QSignalSpy applied(&kick, &KickAccountController::applied);
        QSignalSpy running(&kick, &KickAccountController::runningChanged);
        clickOk(dialog);
        QVERIFY(applied.wait(20000));
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QCOMPARE(applied.first().at(1).toString(),
                 QStringLiteral("Kick account saved; collecting from Kick."));

        // The collector runs with all of it ...
        QVERIFY(kick.running());
        QCOMPARE(running.size(), 1);
        QVERIFY(running.first().at(0).toBool());
        QVERIFY(pipeline.config().kick.has_value());
        const KickConfig &run = *pipeline.config().kick;
        QCOMPARE(run.clientId, m_fake.clientId);
        QCOMPARE(run.clientSecret, m_fake.clientSecret);
        QCOMPARE(run.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(run.authUrl.toString(), m_server->authUrl());
        QCOMPARE(run.categoryIds, categories);
        QCOMPARE(run.language, QStringLiteral("es"));
        QCOMPARE(run.watchedChannels, watched);
        QCOMPARE(run.pollIntervalMs, 5 * 60000);
        QCOMPARE(run.requestsPerMinute, 90);

        // ... the settings hold everything but the credentials ...
        const KickAccountSettings saved = loadKickAccountSettings();
        QVERIFY(saved.enabled);
        QCOMPARE(saved.config.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(saved.config.authUrl.toString(), m_server->authUrl());
        QCOMPARE(saved.config.categoryIds, categories);
        QCOMPARE(saved.config.language, QStringLiteral("es"));
        QCOMPARE(saved.config.watchedChannels, watched);
        QCOMPARE(saved.config.pollIntervalMs, 5 * 60000);
        QCOMPARE(saved.config.requestsPerMinute, 90);
        QVERIFY(saved.config.clientId.isEmpty() && saved.config.clientSecret.isEmpty());
        const QByteArray file = settingsFileBytes();
        QVERIFY(file.contains("adinross"));
        QVERIFY(!file.contains(m_fake.clientSecret.toUtf8()));
        QVERIFY(!file.contains(m_fake.clientId.toUtf8()));
        // ... and the credentials are in the keychain.
        QCOMPARE(readKeychain(KickClientSecretKey),
                 std::make_pair(m_fake.clientSecret, SecretError::None));
        QCOMPARE(readKeychain(KickClientIdKey), std::make_pair(m_fake.clientId, SecretError::None));

        // A restart: Kick starts from the keychain; the tab shows what was saved.
        Pipeline pipeline2(pc);
        AccountsController accounts2(pipeline2);
        KickAccountController again(pipeline2, accounts2.secrets());
        again.start();
        QTRY_VERIFY_WITH_TIMEOUT(again.running(), 20000);
        QCOMPARE(pipeline2.config().kick->clientSecret, m_fake.clientSecret);
        AccountsDialog reopened;
        accounts2.attach(&reopened);
        again.attach(&reopened);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        auto *secret = child<QLineEdit>(reopened, "KickClientSecret");
        QVERIFY(secret->text().isEmpty());
        QCOMPARE(secret->placeholderText(),
                 QStringLiteral("stored in the keychain — leave empty to keep"));
        QCOMPARE(child<QLineEdit>(reopened, "KickClientId")->text(), m_fake.clientId);
        QVERIFY(child<QCheckBox>(reopened, "KickEnabled")->isChecked());
        QCOMPARE(child<QLineEdit>(reopened, "KickCategoryIds")->text(), QStringLiteral("15, 28"));
        QCOMPARE(child<QLineEdit>(reopened, "KickLanguage")->text(), QStringLiteral("es"));
        QCOMPARE(child<QPlainTextEdit>(reopened, "KickWatchedChannels")->toPlainText(),
                 watched.join(u'\n'));
        QCOMPARE(child<QSpinBox>(reopened, "KickPollMinutes")->value(), 5);
        QCOMPARE(child<QSpinBox>(reopened, "KickRequestsPerMinute")->value(), 90);

        // Test connection with the stored credentials (nothing typed).
        auto *test = child<QPushButton>(reopened, "KickTestConnection");
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        const QString said = child<QLabel>(reopened, "KickTestResult")->text();
        QVERIFY2(said.startsWith(u"Connected"), qPrintable(said));

        // OK without typing the secret keeps it, and changes nothing that runs.
        QSignalSpy running2(&again, &KickAccountController::runningChanged);
        QSignalSpy applied2(&again, &KickAccountController::applied);
        clickOk(reopened);
        QTRY_VERIFY_WITH_TIMEOUT(!applied2.isEmpty(), 20000);
        QVERIFY(applied2.first().at(0).toBool());
        QVERIFY(running2.isEmpty());
        QCOMPARE(pipeline2.config().kick->clientSecret, m_fake.clientSecret);

        // Remove credentials: both keychain entries go, Kick stops.
        AccountsDialog third;
        again.attach(&third);
        QSignalSpy removed(&again, &KickAccountController::credentialsRemoved);
        auto *remove = child<QPushButton>(third, "KickRemoveCredentials");
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(removed.wait(20000));
        QVERIFY2(removed.first().at(0).toBool(), qPrintable(removed.first().at(1).toString()));
        QVERIFY(!again.running());
        QCOMPARE(running2.size(), 1);
        QVERIFY(!running2.first().at(0).toBool());
        QVERIFY(!loadKickAccountSettings().enabled);
        QVERIFY(!child<QCheckBox>(third, "KickEnabled")->isChecked());
        QCOMPARE(readKeychain(KickClientSecretKey).second, SecretError::NotFound);
        QCOMPARE(readKeychain(KickClientIdKey).second, SecretError::NotFound);
    }

    void theCollectorFollowsTheSettings()
    {
        Pipeline pipeline(pipelineConfig(QStringLiteral("follow.sqlite")));
        SecretStore secrets;
        KickAccountController kick(pipeline, secrets);
        QSignalSpy applied(&kick, &KickAccountController::applied);
        QSignalSpy running(&kick, &KickAccountController::runningChanged);
        KickConfig typed = fakeConfig();
        typed.clientId = m_fake.clientId;
        typed.clientSecret = m_fake.clientSecret;

        // Switched on without credentials: not started, and said.
        KickConfig none = fakeConfig();
        kick.apply(true, none, true);
        QTRY_COMPARE(applied.size(), 1);
        QVERIFY(!applied.at(0).at(0).toBool());
        QCOMPARE(applied.at(0).at(1).toString(),
                 QStringLiteral("Kick is switched on but cannot start: no client ID and secret."));
        QVERIFY(!kick.running());

        kick.apply(true, typed, true);
        QTRY_COMPARE(applied.size(), 2);
        QVERIFY(applied.at(1).at(0).toBool());
        QVERIFY(kick.running());
        QCOMPARE(running.size(), 1);

        // The same again (credentials kept, nothing typed): no restart.
        KickConfig same = typed;
        same.clientId.clear();
        same.clientSecret.clear();
        kick.apply(true, same, true);
        QTRY_COMPARE(applied.size(), 3);
        QCOMPARE(running.size(), 1);

        // A new pace: restarted with it.
        same.requestsPerMinute = 30;
        same.language = QStringLiteral("de");
        kick.apply(true, same, true);
        QTRY_COMPARE(applied.size(), 4);
        QCOMPARE(running.size(), 2);
        QVERIFY(running.at(1).at(0).toBool());
        QCOMPARE(pipeline.config().kick->requestsPerMinute, 30);
        QCOMPARE(pipeline.config().kick->language, QStringLiteral("de"));
        QCOMPARE(pipeline.config().kick->clientSecret, m_fake.clientSecret);

        // Off: stopped, and the words say so.
        kick.apply(false, same, true);
        QTRY_COMPARE(applied.size(), 5);
        QCOMPARE(applied.at(4).at(1).toString(),
                 QStringLiteral("Kick account saved; Kick is off."));
        QVERIFY(!kick.running());
        QCOMPARE(running.size(), 3);
        QVERIFY(!running.at(2).at(0).toBool());
    }

    void sessionOnlyKeepsTheCredentialsInMemory()
    {
        Pipeline pipeline(pipelineConfig(QStringLiteral("session.sqlite")));
        SecretStore secrets;
        KickAccountController kick(pipeline, secrets);
        KickConfig typed = fakeConfig();
        typed.clientId = m_fake.clientId;
        typed.clientSecret = m_fake.clientSecret;
        QSignalSpy applied(&kick, &KickAccountController::applied);
        kick.apply(true, typed, true);
        QVERIFY(applied.wait(5000));
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QVERIFY(secrets.sessionOnly());
        QVERIFY(kick.running());
        QCOMPARE(pipeline.config().kick->clientSecret, m_fake.clientSecret);
        // "enabled" is not saved: the next run, without the credentials, shows the Demo.
        QVERIFY(!loadKickAccountSettings().enabled);
        const QByteArray file = settingsFileBytes();
        QVERIFY(!file.contains(m_fake.clientSecret.toUtf8()));
        QVERIFY(!file.contains(m_fake.clientId.toUtf8()));
        const KickAccountState s = kick.state();
        QVERIFY(s.sessionOnly && s.secretStored);
        AccountsDialog dialog;
        kick.attach(&dialog);
        QCOMPARE(child<QLineEdit>(dialog, "KickClientSecret")->placeholderText(),
                 QStringLiteral("kept for this run — leave empty to keep"));
        if (inTestKeyring()) {
            QCOMPARE(readKeychain(KickClientSecretKey).second, SecretError::NotFound);
            QCOMPARE(readKeychain(KickClientIdKey).second, SecretError::NotFound);
        }
    }

    void commandLineAppliesToThisRunOnly()
    {
        qputenv(KickClientIdEnv, m_fake.clientId.toUtf8());
        qputenv(KickClientSecretEnv, m_fake.clientSecret.toUtf8());
        Pipeline pipeline(pipelineConfig(QStringLiteral("cli.sqlite")));
        AccountsController accounts(pipeline);
        KickAccountController kick(pipeline, accounts.secrets());
        kick.setRunOverrides(m_server->apiUrl(), m_server->authUrl());
        kick.setForceEnabled(true);
        kick.start();
        QTRY_VERIFY_WITH_TIMEOUT(kick.running(), 20000);
        const KickConfig &c = *pipeline.config().kick;
        QCOMPARE(c.clientId, m_fake.clientId);
        QCOMPARE(c.clientSecret, m_fake.clientSecret);
        QCOMPARE(c.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(c.authUrl.toString(), m_server->authUrl());
        const KickAccountState s = kick.state();
        QVERIFY(s.enabled && s.fromEnvironment && s.secretStored);
        QVERIFY(s.config.clientId.isEmpty()); // the environment's, not shown as if stored
        QVERIFY2(s.runNote.contains(QStringLiteral("--platform kick")), qPrintable(s.runNote));
        QVERIFY2(s.runNote.contains(m_server->apiUrl()), qPrintable(s.runNote));

        // The tab shows the saved settings and says where the rest comes from.
        AccountsDialog dialog;
        accounts.attach(&dialog);
        kick.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.tabs()->setCurrentWidget(dialog.kickPage());
        QVERIFY(child<QLabel>(dialog, "KickRunNote")->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "KickApiUrl")->text(),
                 QStringLiteral("https://api.kick.com"));
        QVERIFY(child<QLineEdit>(dialog, "KickClientId")
                    ->placeholderText()
                    .startsWith(QStringLiteral("from STREAMRANK_KICK_CLIENT_ID")));
        // Test connection tests what runs: the environment's credentials, the
        // command line's URLs.
        auto *test = child<QPushButton>(dialog, "KickTestConnection");
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        const QString said = child<QLabel>(dialog, "KickTestResult")->text();
        QVERIFY2(said.startsWith(u"Connected"), qPrintable(said));

        // OK saves none of the run's additions.
        QSignalSpy applied(&kick, &KickAccountController::applied);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 20000);
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QVERIFY(kick.running());
        const KickAccountSettings saved = loadKickAccountSettings();
        QVERIFY(!saved.enabled);
        QCOMPARE(saved.config.apiUrl, KickConfig().apiUrl);
        QCOMPARE(saved.config.authUrl, KickConfig().authUrl);
        const QByteArray file = settingsFileBytes();
        QVERIFY(!file.contains(m_fake.clientSecret.toUtf8()));
        QVERIFY(!file.contains(m_fake.clientId.toUtf8()));
        if (inTestKeyring()) // nothing typed: nothing written to the keychain either
            QCOMPARE(readKeychain(KickClientSecretKey).second, SecretError::NotFound);

        // Unticked: off for this run too.
        AccountsDialog off;
        kick.attach(&off);
        child<QCheckBox>(off, "KickEnabled")->setChecked(false);
        off.accept();
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 2, 20000);
        QVERIFY(!kick.running());
    }

private:
    PipelineConfig pipelineConfig(const QString &name) const
    {
        PipelineConfig pc;
        pc.databasePath = m_dir->filePath(name);
        pc.demo = false;
        return pc;
    }

    KickConfig fakeConfig() const
    {
        KickConfig c;
        c.apiUrl = QUrl(m_server->apiUrl());
        c.authUrl = QUrl(m_server->authUrl());
        return c;
    }

    Fake::FakeKickConfig m_fake;
    std::unique_ptr<Fake::FakeKickServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestKickAccounts)
#include "tst_kickaccounts.moc"
