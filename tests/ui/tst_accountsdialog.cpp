// Settings → Accounts on the offscreen platform: the dialog filled by hand,
// Test connection against the in-process fake Twitch (good and wrong secret),
// and saving: the client id and secret land in the real keychain (inside
// scripts/with-test-keyring.sh) and never in the settings file; the Twitch
// collector is configured at once. Without a keychain: the plain warning and
// the "this run only" choice.
#include "accountscontroller.h"
#include "accountsdialog.h"
#include "faketwitchserver.h"
#include "pipeline.h"
#include "secretstore.h"
#include "twitchaccount.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace StreamRank;

namespace {

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

} // namespace

class TestAccountsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("StreamRank-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_accountsdialog"));
        qunsetenv(TwitchClientIdEnv);
        qunsetenv(TwitchClientSecretEnv);
        // A session bus without a secret service (dbus-run-session alone) is
        // kept when STREAMRANK_TEST_BUS_WITHOUT_KEYRING=1; it holds no keychain.
        if (!inTestKeyring() &&
            qEnvironmentVariableIntValue("STREAMRANK_TEST_BUS_WITHOUT_KEYRING") != 1) {
            // Never touch the keychain of whoever runs this by hand.
            qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/streamrank-test-bus");
        }
        registerPipelineMetaTypes();
        m_fake.clientId = QStringLiteral("cid-") + QUuid::createUuid().toString(QUuid::Id128);
        m_fake.clientSecret =
            QStringLiteral("secret-") + QUuid::createUuid().toString(QUuid::Id128);
        m_fake.liveStreams = 50;
        m_server = std::make_unique<Fake::FakeTwitchServer>(m_fake);
        QVERIFY(m_server->listen());
    }

    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void testConnectionSaveAndRestart()
    {
        PipelineConfig pc;
        pc.databasePath = m_dir->filePath(QStringLiteral("accounts.sqlite"));
        pc.demo = false;
        Pipeline pipeline(pc);
        AccountsController controller(pipeline);
        QSignalSpy states(&controller, &AccountsController::stateChanged);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(states.count() >= 2, 30000); // the credentials were looked up

        AccountsDialog dialog;
        controller.attach(&dialog);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto *enabled = child<QCheckBox>(dialog, "TwitchEnabled");
        auto *id = child<QLineEdit>(dialog, "TwitchClientId");
        auto *secret = child<QLineEdit>(dialog, "TwitchClientSecret");
        auto *api = child<QLineEdit>(dialog, "TwitchApiUrl");
        auto *auth = child<QLineEdit>(dialog, "TwitchAuthUrl");
        auto *test = child<QPushButton>(dialog, "TestConnection");
        auto *result = child<QLabel>(dialog, "TestResult");
        QVERIFY(enabled && id && secret && api && auth && test && result);
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QCOMPARE(api->text(), QStringLiteral("https://api.twitch.tv/helix"));
        QCOMPARE(auth->text(), QStringLiteral("https://id.twitch.tv"));

        enabled->setChecked(true);
        QTest::keyClicks(id, m_fake.clientId);
        QTest::keyClicks(secret, QStringLiteral("not-the-secret"));
        api->setText(m_server->apiUrl());
        auth->setText(m_server->authUrl());
        child<QSpinBox>(dialog, "TwitchTopN")->setValue(200);
        child<QPlainTextEdit>(dialog, "TwitchWatchedChannels")
            ->setPlainText(QStringLiteral("alpha, beta\n  gamma\n"));

        // A wrong secret: the answer in words; the button is off while it runs.
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(!test->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        QVERIFY2(result->text().contains(QStringLiteral("invalid client secret")),
                 qPrintable(result->text()));

        secret->clear();
        QTest::keyClicks(secret, m_fake.clientSecret);
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(!test->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        QVERIFY2(result->text().startsWith(QStringLiteral("Connected")),
                 qPrintable(result->text()));
        if (!qEnvironmentVariableIsEmpty("STREAMRANK_SCREENSHOT"))
            dialog.grab().save(qEnvironmentVariable("STREAMRANK_SCREENSHOT"));

        if (!inTestKeyring())
            QSKIP("No throwaway keyring (run through scripts/with-test-keyring.sh)");

        // OK: saved, and the collector is configured at once.
        QSignalSpy applied(&controller, &AccountsController::applied);
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(applied.wait(20000));
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QVERIFY(controller.twitchRunning());
        QVERIFY(pipeline.config().twitch.has_value());
        const TwitchConfig &running = *pipeline.config().twitch;
        QCOMPARE(running.clientId, m_fake.clientId);
        QCOMPARE(running.clientSecret, m_fake.clientSecret);
        QCOMPARE(running.apiUrl.toString(), m_server->apiUrl());
        QCOMPARE(running.topN, 200);
        QCOMPARE(running.watchedChannels,
                 (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"),
                              QStringLiteral("gamma")}));

        // The credentials are in the keychain ...
        QCOMPARE(readKeychain(QString::fromLatin1(TwitchClientSecretKey)),
                 std::make_pair(m_fake.clientSecret, SecretError::None));
        QCOMPARE(readKeychain(QString::fromLatin1(TwitchClientIdKey)),
                 std::make_pair(m_fake.clientId, SecretError::None));
        // ... and nowhere in the settings file, which holds the rest.
        const QByteArray file = settingsFileBytes();
        QVERIFY(file.contains(m_server->apiUrl().toUtf8()));
        QVERIFY(!file.contains(m_fake.clientSecret.toUtf8()));
        QVERIFY(!file.contains(m_fake.clientId.toUtf8()));
        QVERIFY(loadTwitchAccountSettings().enabled);

        // A restart: Twitch starts from the keychain; the secret is never shown.
        Pipeline pipeline2(pc);
        AccountsController again(pipeline2);
        QSignalSpy states2(&again, &AccountsController::stateChanged);
        again.start();
        QTRY_VERIFY_WITH_TIMEOUT(again.twitchRunning(), 20000);
        QCOMPARE(pipeline2.config().twitch->clientSecret, m_fake.clientSecret);
        AccountsDialog reopened;
        again.attach(&reopened);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        auto *secret2 = child<QLineEdit>(reopened, "TwitchClientSecret");
        QVERIFY(secret2->text().isEmpty());
        QCOMPARE(secret2->placeholderText(),
                 QStringLiteral("stored in the keychain — leave empty to keep"));
        QCOMPARE(child<QLineEdit>(reopened, "TwitchClientId")->text(), m_fake.clientId);
        QVERIFY(child<QCheckBox>(reopened, "TwitchEnabled")->isChecked());

        // Test connection with the stored secret (nothing typed).
        auto *test2 = child<QPushButton>(reopened, "TestConnection");
        QTest::mouseClick(test2, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test2->isEnabled(), 20000);
        const QString result2 = child<QLabel>(reopened, "TestResult")->text();
        QVERIFY2(result2.startsWith(u"Connected"), qPrintable(result2));

        // Remove credentials: both keychain entries go, Twitch stops.
        QSignalSpy removed(&again, &AccountsController::credentialsRemoved);
        QTest::mouseClick(child<QPushButton>(reopened, "RemoveCredentials"), Qt::LeftButton);
        QVERIFY(removed.wait(20000));
        QVERIFY(removed.first().at(0).toBool());
        QVERIFY(!again.twitchRunning());
        QVERIFY(!loadTwitchAccountSettings().enabled);
        QCOMPARE(readKeychain(QString::fromLatin1(TwitchClientSecretKey)).second,
                 SecretError::NotFound);
        QCOMPARE(readKeychain(QString::fromLatin1(TwitchClientIdKey)).second,
                 SecretError::NotFound);
    }

    void noKeychainOffersThisRunOnly()
    {
        AccountsDialog dialog;
        AccountsState state;
        state.keychainAvailable = false;
        state.keychainMessage = QStringLiteral("nothing answers on D-Bus.");
        dialog.setState(state);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *warning = child<QLabel>(dialog, "KeychainWarning");
        auto *sessionOnly = child<QCheckBox>(dialog, "SessionOnly");
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().startsWith(
            QStringLiteral("No secret service (keychain) is available on this system: ")));
        QVERIFY(
            warning->text().endsWith(QStringLiteral("Keep the credentials for this run only?")));
        QVERIFY(sessionOnly->isVisible());
        QVERIFY(!dialog.sessionOnlyChosen());
        sessionOnly->setChecked(true);
        QVERIFY(dialog.sessionOnlyChosen());
        if (!qEnvironmentVariableIsEmpty("STREAMRANK_SCREENSHOT_NOKEYCHAIN"))
            dialog.grab().save(qEnvironmentVariable("STREAMRANK_SCREENSHOT_NOKEYCHAIN"));

        // With a keychain neither is shown.
        dialog.setState(AccountsState{});
        QVERIFY(!warning->isVisible());
        QVERIFY(!sessionOnly->isVisible());
    }

    void sessionOnlyKeepsCredentialsInMemory()
    {
        PipelineConfig pc;
        pc.databasePath = m_dir->filePath(QStringLiteral("session.sqlite"));
        pc.demo = false;
        Pipeline pipeline(pc);
        AccountsController controller(pipeline);
        TwitchConfig typed;
        typed.apiUrl = QUrl(m_server->apiUrl());
        typed.authUrl = QUrl(m_server->authUrl());
        typed.clientId = m_fake.clientId;
        typed.clientSecret = m_fake.clientSecret;
        QSignalSpy applied(&controller, &AccountsController::applied);
        controller.apply(true, typed, true);
        QVERIFY(applied.wait(5000));
        QVERIFY(applied.first().at(0).toBool());
        QVERIFY(controller.secrets().sessionOnly());
        QVERIFY(controller.twitchRunning());
        QCOMPARE(pipeline.config().twitch->clientSecret, m_fake.clientSecret);
        // Not kept in the settings file; and "enabled" is not saved, so the
        // next run (without these credentials) shows the Demo again.
        const QByteArray file = settingsFileBytes();
        QVERIFY(!file.contains(m_fake.clientSecret.toUtf8()));
        QVERIFY(!file.contains(m_fake.clientId.toUtf8()));
        QVERIFY(!loadTwitchAccountSettings().enabled);
        const AccountsState s = controller.state();
        QVERIFY(s.sessionOnly);
        QVERIFY(s.twitchSecretStored); // held for this run: the dialog need not ask again
        if (inTestKeyring())           // and not in the keychain either
            QCOMPARE(readKeychain(QString::fromLatin1(TwitchClientSecretKey)).second,
                     SecretError::NotFound);
    }

    void noKeychainAsksAndKeepsForThisRun()
    {
        if (inTestKeyring())
            QSKIP("A keyring is running in this session");
        PipelineConfig pc;
        pc.databasePath = m_dir->filePath(QStringLiteral("nokeychain.sqlite"));
        pc.demo = false;
        Pipeline pipeline(pc);
        AccountsController controller(pipeline);
        TwitchConfig typed;
        typed.clientId = m_fake.clientId;
        typed.clientSecret = m_fake.clientSecret;
        QSignalSpy applied(&controller, &AccountsController::applied);
        QSignalSpy asked(&controller, &AccountsController::keychainUnavailable);
        controller.apply(true, typed, false);
        QTRY_VERIFY_WITH_TIMEOUT(!asked.isEmpty() || !applied.isEmpty(), 60000);
        QVERIFY2(!asked.isEmpty(), qPrintable(applied.value(0).value(1).toString()));
        QVERIFY(asked.first().at(0).toString().startsWith(
            QStringLiteral("No secret service (keychain) is available on this system: ")));
        QVERIFY(!controller.twitchRunning());
        QVERIFY(!controller.state().keychainAvailable);
        controller.useSessionOnly();
        QVERIFY(applied.wait(5000));
        QVERIFY(applied.first().at(0).toBool());
        QVERIFY(controller.twitchRunning());
        QCOMPARE(pipeline.config().twitch->clientSecret, m_fake.clientSecret);
    }

private:
    Fake::FakeTwitchConfig m_fake;
    std::unique_ptr<Fake::FakeTwitchServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestAccountsDialog)
#include "tst_accountsdialog.moc"
