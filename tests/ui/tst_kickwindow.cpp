// Settings → Accounts → Kick in the window, on the offscreen platform: the
// tab filled in as a user does turns the Kick collector on and a census of the
// in-process fake Kick is stored; and without a keychain, one question answers
// for every account that could not save its credentials. The controller on its
// own: tst_kickaccounts.cpp.
#include "accountscontroller.h"
#include "accountsdialog.h"
#include "alertscontroller.h"
#include "fakekickserver.h"
#include "kickaccountcontroller.h"
#include "kickaccountstestsupport.h"
#include "mainwindow.h"
#include "pipeline.h"
#include "traynotifier.h"
#include "windowwiring.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::KickAccountsTest;

namespace {

void clickOk(AccountsDialog &dialog)
{
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
}

} // namespace

class TestKickWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        useTestEnvironment(QStringLiteral("tst_kickwindow"));
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

    void theWindowCollectsFromKick()
    {
        const PipelineConfig pc = pipelineConfig(QStringLiteral("window.sqlite"));
        Pipeline pipeline(pc);
        QSignalSpy ready(&pipeline, &Pipeline::ready);
        MainWindowOptions options;
        options.demo = false;
        options.databasePath = pc.databasePath;
        MainWindow window(options);
        AlertsController alerts(pipeline);
        TrayNotifier tray;
        wireWindow(pipeline, window, alerts, tray);
        AccountsController accounts(pipeline);
        KickAccountController kick(pipeline, accounts.secrets());
        wireAccounts(window, accounts, nullptr, &kick);
        accounts.start();
        kick.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        pipeline.start();
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 15000);
        QSignalSpy stored(&pipeline, &Pipeline::censusStored);

        // Settings → Accounts → Kick, filled in as a user does.
        window.findChild<QAction *>(QStringLiteral("AccountsAction"))->trigger();
        AccountsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<AccountsDialog *>()) != nullptr);
        dialog->tabs()->setCurrentWidget(dialog->kickPage());
        child<QCheckBox>(*dialog, "KickEnabled")->setChecked(true);
        QTest::keyClicks(child<QLineEdit>(*dialog, "KickClientId"), m_fake.clientId);
        QTest::keyClicks(child<QLineEdit>(*dialog, "KickClientSecret"), m_fake.clientSecret);
        child<QLineEdit>(*dialog, "KickApiUrl")->setText(m_server->apiUrl());
        child<QLineEdit>(*dialog, "KickAuthUrl")->setText(m_server->authUrl());
        QSignalSpy applied(&kick, &KickAccountController::applied);
        clickOk(*dialog);
        // Without a keyring the window asks once; this run only is enough here.
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty() || window.findChild<QMessageBox *>(
                                                           QStringLiteral("NoKeychainQuestion")),
                                 60000);
        if (auto *box = window.findChild<QMessageBox *>(QStringLiteral("NoKeychainQuestion")))
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 20000);
        QVERIFY2(applied.first().at(0).toBool(), qPrintable(applied.first().at(1).toString()));
        QTRY_COMPARE(window.statusBar()->currentMessage(),
                     QStringLiteral("Kick account saved; collecting from Kick."));

        // A Kick census of the fake's live streams is stored.
        const auto kickCensus = [&] {
            for (const QList<QVariant> &args : stored)
                if (args.at(0).value<Platform>() == Platform::Kick && args.at(2).toInt() > 0)
                    return args.at(2).toInt();
            return 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(kickCensus() > 0, 30000);
        QVERIFY2(kickCensus() >= m_fake.liveStreams / 2, qPrintable(QString::number(kickCensus())));
        QVERIFY(!settingsFileBytes().contains(m_fake.clientSecret.toUtf8()));
        pipeline.stop();
    }

    void noKeychainAsksOnceForEveryAccount()
    {
        if (inTestKeyring())
            QSKIP("A keyring is running in this session");
        Pipeline pipeline(pipelineConfig(QStringLiteral("nokeychain.sqlite")));
        MainWindowOptions options;
        options.demo = false;
        MainWindow window(options);
        AccountsController accounts(pipeline);
        KickAccountController kick(pipeline, accounts.secrets());
        wireAccounts(window, accounts, nullptr, &kick);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // One OK with a new Twitch secret and new Kick credentials, no keychain.
        TwitchConfig twitch;
        twitch.clientId = QStringLiteral("cid");
        twitch.clientSecret = QStringLiteral("secret");
        KickConfig typed = fakeConfig();
        typed.clientId = m_fake.clientId;
        typed.clientSecret = m_fake.clientSecret;
        QSignalSpy twitchAsked(&accounts, &AccountsController::keychainUnavailable);
        QSignalSpy kickAsked(&kick, &KickAccountController::keychainUnavailable);
        QSignalSpy kickApplied(&kick, &KickAccountController::applied);
        accounts.apply(true, twitch, false);
        kick.apply(true, typed, false);
        QTRY_VERIFY_WITH_TIMEOUT(twitchAsked.count() == 1 && kickAsked.count() == 1, 60000);
        QVERIFY(kickAsked.first().at(0).toString().startsWith(
            QStringLiteral("No secret service (keychain) is available on this system: ")));
        QVERIFY(!kick.running());
        QVERIFY(!kick.state().keychainAvailable);

        // One question for both; "this run only" holds for both.
        const auto boxes = window.findChildren<QMessageBox *>(QStringLiteral("NoKeychainQuestion"));
        QCOMPARE(boxes.size(), 1);
        QTest::mouseClick(boxes.first()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!kickApplied.isEmpty(), 5000);
        QVERIFY(kickApplied.first().at(0).toBool());
        QVERIFY(kick.running());
        QTRY_VERIFY(accounts.twitchRunning());
        QCOMPARE(pipeline.config().kick->clientSecret, m_fake.clientSecret);
        QVERIFY(kick.state().sessionOnly);
        QVERIFY(!settingsFileBytes().contains(m_fake.clientSecret.toUtf8()));
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

QTEST_MAIN(TestKickWindow)
#include "tst_kickwindow.moc"
