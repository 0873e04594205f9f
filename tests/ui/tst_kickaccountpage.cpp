// Settings → Accounts → Kick's page on the offscreen platform, without a
// controller behind it: every value shown and gathered again, the lists as
// typed (commas, lines, pasted addresses), a bad category, language, channel
// or URL refused with the tab brought to the front, the numbers' ranges,
// what an enabled Kick needs before OK is taken, and the one-line tooltips.
// The controller, keychain and Test connection: tst_kickaccounts.cpp.
#include "accountsdialog.h"
#include "kickaccountstestsupport.h"

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
#include <QTest>

using namespace StreamRank;
using namespace StreamRank::KickAccountsTest;

namespace {

// OK, and the words below the tabs (empty when the dialog was accepted).
QString pressOk(AccountsDialog &dialog)
{
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    if (dialog.result() == QDialog::Accepted)
        return {};
    return child<QLabel>(dialog, "AccountsError")->text();
}

} // namespace

class TestKickAccountPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useTestEnvironment(QStringLiteral("tst_kickaccountpage")); }

    void init() { QSettings().clear(); }

    void aNewTabShowsTheDefaults()
    {
        AccountsDialog dialog;
        QCOMPARE(dialog.tabs()->tabText(dialog.tabs()->indexOf(dialog.kickPage())),
                 QStringLiteral("Kick"));
        QVERIFY(!child<QCheckBox>(dialog, "KickEnabled")->isChecked());
        QCOMPARE(child<QSpinBox>(dialog, "KickPollMinutes")->value(), 2);
        QCOMPARE(child<QSpinBox>(dialog, "KickRequestsPerMinute")->value(), 60);
        QCOMPARE(child<QLineEdit>(dialog, "KickApiUrl")->text(),
                 QStringLiteral("https://api.kick.com"));
        QCOMPARE(child<QLineEdit>(dialog, "KickAuthUrl")->text(),
                 QStringLiteral("https://id.kick.com"));
        auto *secret = child<QLineEdit>(dialog, "KickClientSecret");
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QCOMPARE(secret->placeholderText(), QStringLiteral("not set"));
        QVERIFY(!child<QPushButton>(dialog, "KickRemoveCredentials")->isEnabled());
        const KickConfig c = dialog.kickConfig();
        QVERIFY(c.clientId.isEmpty() && c.clientSecret.isEmpty());
        QVERIFY(c.categoryIds.isEmpty() && c.watchedChannels.isEmpty() && c.language.isEmpty());
        QCOMPARE(c.requestsPerMinute, 60);
        // Nothing switched on, nothing typed: OK is taken.
        QCOMPARE(pressOk(dialog), QString());
    }

    void valuesRoundTrip()
    {
        KickAccountState state;
        state.enabled = true;
        state.secretStored = true;
        KickConfig &c = state.config;
        c.clientId = QStringLiteral("01JTESTCLIENT");
        c.apiUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
        c.authUrl = QUrl(QStringLiteral("http://127.0.0.1:8081"));
        c.categoryIds = {QStringLiteral("15"), QStringLiteral("28")};
        c.language = QStringLiteral("es");
        c.watchedChannels = {QStringLiteral("xqc"), QStringLiteral("668")};
        c.pollIntervalMs = 7 * 60000;
        c.requestsPerMinute = 120;
        AccountsDialog dialog;
        dialog.setKickState(state);

        QVERIFY(child<QCheckBox>(dialog, "KickEnabled")->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, "KickClientId")->text(), c.clientId);
        auto *secret = child<QLineEdit>(dialog, "KickClientSecret");
        QVERIFY(secret->text().isEmpty()); // never read back
        QCOMPARE(secret->placeholderText(),
                 QStringLiteral("stored in the keychain — leave empty to keep"));
        QCOMPARE(child<QLineEdit>(dialog, "KickCategoryIds")->text(), QStringLiteral("15, 28"));
        QCOMPARE(child<QLineEdit>(dialog, "KickLanguage")->text(), QStringLiteral("es"));
        QCOMPARE(child<QPlainTextEdit>(dialog, "KickWatchedChannels")->toPlainText(),
                 QStringLiteral("xqc\n668"));
        QCOMPARE(child<QSpinBox>(dialog, "KickPollMinutes")->value(), 7);
        QCOMPARE(child<QSpinBox>(dialog, "KickRequestsPerMinute")->value(), 120);
        QVERIFY(child<QPushButton>(dialog, "KickRemoveCredentials")->isEnabled());

        // Nothing changed: the same values come back, the secret empty (= keep).
        KickConfig back = dialog.kickConfig();
        QCOMPARE(back.clientId, c.clientId);
        QVERIFY(back.clientSecret.isEmpty());
        QCOMPARE(back.apiUrl, c.apiUrl);
        QCOMPARE(back.authUrl, c.authUrl);
        QCOMPARE(back.categoryIds, c.categoryIds);
        QCOMPARE(back.language, c.language);
        QCOMPARE(back.watchedChannels, c.watchedChannels);
        QCOMPARE(back.pollIntervalMs, c.pollIntervalMs);
        QCOMPARE(back.requestsPerMinute, 120);
        QVERIFY(dialog.kickEnabled());

        // Edited as a user types them.
        child<QLineEdit>(dialog, "KickCategoryIds")->setText(QStringLiteral(" 15,28 ; 15  3 "));
        auto *language = child<QLineEdit>(dialog, "KickLanguage");
        language->clear();
        QTest::keyClicks(language, QStringLiteral("P1tX")); // digits refused, two letters at most
        QCOMPARE(language->text(), QStringLiteral("Pt"));
        child<QPlainTextEdit>(dialog, "KickWatchedChannels")
            ->setPlainText(QStringLiteral("https://kick.com/Trainwreckstv\n  xqc, 668\n\nXQC\n"));
        child<QSpinBox>(dialog, "KickPollMinutes")->setValue(1);
        child<QSpinBox>(dialog, "KickRequestsPerMinute")->setValue(600);
        QTest::keyClicks(secret, QStringLiteral("typed-secret"));
        child<QLineEdit>(dialog, "KickApiUrl")->clear(); // empty: the default
        back = dialog.kickConfig();
        QCOMPARE(back.categoryIds,
                 (QStringList{QStringLiteral("15"), QStringLiteral("28"), QStringLiteral("3")}));
        QCOMPARE(back.language, QStringLiteral("pt"));
        QCOMPARE(back.watchedChannels, (QStringList{QStringLiteral("Trainwreckstv"),
                                                    QStringLiteral("xqc"), QStringLiteral("668")}));
        QCOMPARE(back.pollIntervalMs, 60000);
        QCOMPARE(back.requestsPerMinute, 600);
        QCOMPARE(back.clientSecret, QStringLiteral("typed-secret"));
        QCOMPARE(back.apiUrl, KickConfig().apiUrl);
        QCOMPARE(pressOk(dialog), QString());
    }

    void badValuesAreRefusedWithTheTabInFront()
    {
        AccountsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *categories = child<QLineEdit>(dialog, "KickCategoryIds");
        auto *language = child<QLineEdit>(dialog, "KickLanguage");
        auto *watched = child<QPlainTextEdit>(dialog, "KickWatchedChannels");
        auto *api = child<QLineEdit>(dialog, "KickApiUrl");
        QVERIFY(categories && language && watched && api);

        categories->setText(QStringLiteral("15, Slots & Casino"));
        QCOMPARE(pressOk(dialog),
                 QStringLiteral("Categories: “Slots” is not a category id: Kick filters by the "
                                "category's number, not its name."));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.tabs()->currentWidget(), dialog.kickPage());
        QVERIFY(child<QLabel>(dialog, "AccountsError")->isVisible());
        categories->setText(QStringLiteral("15"));

        dialog.tabs()->setCurrentIndex(0);
        language->setText(QStringLiteral("e"));
        QCOMPARE(pressOk(dialog), QStringLiteral("Language: “e” is not a two-letter language "
                                                 "code such as en or es."));
        QCOMPARE(dialog.tabs()->currentWidget(), dialog.kickPage());
        language->setText(QStringLiteral("EN"));

        watched->setPlainText(QStringLiteral("xqc\n@adinross"));
        QCOMPARE(pressOk(dialog), QStringLiteral("Watched channels: “@adinross” is not a channel: "
                                                 "enter its slug, as in kick.com/slug, or its "
                                                 "broadcaster id (a number)."));
        watched->setPlainText(QStringLiteral("xqc\nadinross"));

        api->setText(QStringLiteral("api.kick.com"));
        QCOMPARE(pressOk(dialog), QStringLiteral("The Kick API URL must be an http(s) address, "
                                                 "e.g. https://api.kick.com."));
        // Test connection says the same instead of asking.
        QSignalSpy asked(dialog.kickPage(), &KickAccountPage::testRequested);
        QTest::mouseClick(child<QPushButton>(dialog, "KickTestConnection"), Qt::LeftButton);
        QVERIFY(asked.isEmpty());
        QVERIFY(child<QLabel>(dialog, "KickTestResult")->text().startsWith(u"The Kick API URL"));
        api->setText(QStringLiteral("https://api.kick.com"));

        QCOMPARE(pressOk(dialog), QString());
        QCOMPARE(dialog.kickConfig().language, QStringLiteral("en"));
    }

    void numbersStayInTheirRanges()
    {
        AccountsDialog dialog;
        auto *poll = child<QSpinBox>(dialog, "KickPollMinutes");
        auto *rate = child<QSpinBox>(dialog, "KickRequestsPerMinute");
        QCOMPARE(poll->minimum(), 1);
        QCOMPARE(poll->maximum(), 60);
        QCOMPARE(rate->minimum(), 1);
        QCOMPARE(rate->maximum(), 600);
        poll->setValue(0);
        rate->setValue(1000);
        QCOMPARE(dialog.kickConfig().pollIntervalMs, 60000);
        QCOMPARE(dialog.kickConfig().requestsPerMinute, 600);

        // Typed: what does not fit is not taken.
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("700"));
        QVERIFY(rate->value() <= 600);
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("90"));
        QTest::keyClick(rate, Qt::Key_Enter);
        QCOMPARE(rate->value(), 90);

        // A state out of range (settings edited by hand) is shown in range.
        KickAccountState state;
        state.config.pollIntervalMs = 3 * 60 * 60000;
        state.config.requestsPerMinute = 5000;
        dialog.setKickState(state);
        QCOMPARE(poll->value(), 60);
        QCOMPARE(rate->value(), 600);
        state.config.pollIntervalMs = 0;
        state.config.requestsPerMinute = 0;
        dialog.setKickState(state);
        QCOMPARE(poll->value(), 1);
        QCOMPARE(rate->value(), 1);

        // And the settings file's own values are brought into range when read.
        QSettings s;
        s.setValue(QStringLiteral("kick/pollMinutes"), 500);
        s.setValue(QStringLiteral("kick/requestsPerMinute"), -3);
        s.sync();
        const KickAccountSettings loaded = loadKickAccountSettings();
        QCOMPARE(loaded.config.pollIntervalMs, 60 * 60000);
        QCOMPARE(loaded.config.requestsPerMinute, 1);
    }

    void enabledNeedsTheCredentials()
    {
        AccountsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QCheckBox>(dialog, "KickEnabled")->setChecked(true);
        QCOMPARE(pressOk(dialog),
                 QStringLiteral("Enter the Client ID of your Kick app to collect from Kick."));
        QCOMPARE(dialog.tabs()->currentWidget(), dialog.kickPage());
        QTest::keyClicks(child<QLineEdit>(dialog, "KickClientId"), QStringLiteral("01JCLIENT"));
        QCOMPARE(pressOk(dialog),
                 QStringLiteral("Enter the Client Secret of your Kick app to collect from Kick."));
        QTest::keyClicks(child<QLineEdit>(dialog, "KickClientSecret"), QStringLiteral("s3cret"));
        QCOMPARE(pressOk(dialog), QString());
        QVERIFY(dialog.kickEnabled());
        QCOMPARE(dialog.kickConfig().clientSecret, QStringLiteral("s3cret"));

        // A stored secret is enough.
        AccountsDialog stored;
        KickAccountState state;
        state.enabled = true;
        state.config.clientId = QStringLiteral("01JCLIENT");
        state.secretStored = true;
        stored.setKickState(state);
        QCOMPARE(pressOk(stored), QString());

        // From the environment: nothing to type, and the tab says why.
        AccountsDialog env;
        state = KickAccountState{};
        state.enabled = true;
        state.fromEnvironment = true;
        state.secretStored = true;
        env.setKickState(state);
        env.show();
        QVERIFY(QTest::qWaitForWindowExposed(&env));
        env.tabs()->setCurrentWidget(env.kickPage());
        QCOMPARE(child<QLineEdit>(env, "KickClientSecret")->placeholderText(),
                 QStringLiteral("from STREAMRANK_KICK_CLIENT_SECRET — typing one stores it"));
        bool noteShown = false;
        for (QLabel *label : env.kickPage()->findChildren<QLabel *>())
            noteShown = noteShown || (label->isVisible() &&
                                      label->text().startsWith(u"STREAMRANK_KICK_CLIENT_ID and"));
        QVERIFY(noteShown);
        QCOMPARE(pressOk(env), QString());
    }

    void removedCredentialsClearTheTab()
    {
        AccountsDialog dialog;
        KickAccountState state;
        state.enabled = true;
        state.config.clientId = QStringLiteral("01JCLIENT");
        state.secretStored = true;
        dialog.setKickState(state);
        auto *remove = child<QPushButton>(dialog, "KickRemoveCredentials");
        QSignalSpy asked(dialog.kickPage(), &KickAccountPage::removeCredentialsRequested);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        QVERIFY(!remove->isEnabled()); // until the answer

        // Refused: the button is back and the words say why.
        dialog.kickPage()->showCredentialsRemoved(false, QStringLiteral("keychain locked"));
        QVERIFY(remove->isEnabled());
        QCOMPARE(child<QLabel>(dialog, "KickTestResult")->text(),
                 QStringLiteral("keychain locked"));

        dialog.kickPage()->showCredentialsRemoved(true, QStringLiteral("Credentials removed"));
        QVERIFY(child<QLineEdit>(dialog, "KickClientId")->text().isEmpty());
        QCOMPARE(child<QLineEdit>(dialog, "KickClientSecret")->placeholderText(),
                 QStringLiteral("not set"));
        QVERIFY(!dialog.kickEnabled());
        // Switched off, nothing is asked for at OK.
        QCOMPARE(pressOk(dialog), QString());
    }

    void everyInputSaysWhatItDoesInOneLine()
    {
        AccountsDialog dialog;
        KickAccountPage *page = dialog.kickPage();
        int inputs = 0;
        for (QWidget *w : page->findChildren<QWidget *>()) {
            const bool input = qobject_cast<QLineEdit *>(w) || qobject_cast<QPlainTextEdit *>(w) ||
                               qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QCheckBox *>(w);
            if (!input || qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
                continue;
            ++inputs;
            const QString tip = w->toolTip();
            QVERIFY2(!tip.trimmed().isEmpty(), qPrintable(w->objectName()));
            QVERIFY2(!tip.contains(u'\n'), qPrintable(w->objectName()));
        }
        QCOMPARE(inputs,
                 10); // enabled, id, secret, categories, language, watched, 2 numbers, 2 URLs
        QCOMPARE(child<QSpinBox>(dialog, "KickRequestsPerMinute")->toolTip(),
                 QStringLiteral("Kick publishes no rate limit; StreamRank never sends more than "
                                "this in any minute."));
        QVERIFY(child<QLineEdit>(dialog, "KickCategoryIds")->toolTip().contains(u"ids"));
        // Where an app comes from, and where its secret goes.
        bool howTo = false;
        for (QLabel *label : page->findChildren<QLabel *>())
            howTo = howTo || (label->text().contains(u"https://kick.com/settings/developer") &&
                              label->text().contains(u"keychain"));
        QVERIFY(howTo);
    }
};

QTEST_MAIN(TestKickAccountPage)
#include "tst_kickaccountpage.moc"
