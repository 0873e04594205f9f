// Every setting says in one line what it does: each input of the Settings
// dialogs (Accounts and each of its tabs, Anomaly detection, Storage) has a
// tooltip, and it is one line.
#include "accountsdialog.h"
#include "anomalysettingsdialog.h"
#include "storagesettingsdialog.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace StreamRank;

namespace {
// The inputs of a dialog without a one-line tooltip, by object name or text.
QStringList untipped(QWidget &dialog)
{
    QStringList missing;
    const auto check = [&](QWidget *w, const QString &what) {
        const QString tip = w->toolTip().trimmed();
        if (tip.isEmpty() || tip.contains(u'\n'))
            missing.append(what.isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                          : what);
    };
    for (QAbstractSpinBox *w : dialog.findChildren<QAbstractSpinBox *>())
        check(w, w->objectName());
    for (QLineEdit *w : dialog.findChildren<QLineEdit *>()) {
        if (qobject_cast<QAbstractSpinBox *>(w->parentWidget()) ||
            qobject_cast<QComboBox *>(w->parentWidget()))
            continue; // the editor inside a spin box or combo box
        check(w, w->objectName());
    }
    for (QPlainTextEdit *w : dialog.findChildren<QPlainTextEdit *>())
        check(w, w->objectName());
    for (QComboBox *w : dialog.findChildren<QComboBox *>())
        check(w, w->objectName());
    for (QAbstractButton *w : dialog.findChildren<QAbstractButton *>()) {
        if (!w->isCheckable() || qobject_cast<QDialogButtonBox *>(w->parentWidget()))
            continue; // push buttons say what they do on their face
        check(w, w->text());
    }
    return missing;
}
} // namespace

class TestSettingsTooltips : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyInputHasATooltip_data()
    {
        QTest::addColumn<int>("dialog");
        QTest::newRow("accounts") << 0;
        QTest::newRow("anomaly detection") << 1;
        QTest::newRow("storage") << 2;
        // The tabs one by one, so that none of them is found without inputs.
        QTest::newRow("accounts: twitch") << 3;
        QTest::newRow("accounts: youtube") << 4;
        QTest::newRow("accounts: kick") << 5;
    }

    void everyInputHasATooltip()
    {
        QFETCH(int, dialog);
        std::unique_ptr<QWidget> w;
        QWidget *scope = nullptr;
        if (dialog == 0 || dialog >= 3) {
            auto accounts = std::make_unique<AccountsDialog>();
            scope = dialog >= 3 ? accounts->tabs()->widget(dialog - 3) : accounts.get();
            w = std::move(accounts);
        } else if (dialog == 1) {
            w = std::make_unique<AnomalySettingsDialog>();
        } else {
            w = std::make_unique<StorageSettingsDialog>();
        }
        if (!scope)
            scope = w.get();
        QVERIFY(scope);
        const QStringList missing = untipped(*scope);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        // And it is found at all: the dialog (or tab) has inputs.
        QVERIFY(!scope->findChildren<QAbstractSpinBox *>().isEmpty() ||
                !scope->findChildren<QLineEdit *>().isEmpty());
    }
};

QTEST_MAIN(TestSettingsTooltips)
#include "tst_settingstooltips.moc"
