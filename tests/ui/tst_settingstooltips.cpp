// Every setting says in one line what it does: each input of the Settings
// dialogs (Accounts, Anomaly detection, Storage) has a tooltip.
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
#include <QTest>

using namespace StreamRank;

namespace {
// The inputs of a dialog without a tooltip, by object name or text.
QStringList untipped(QWidget &dialog)
{
    QStringList missing;
    const auto check = [&](QWidget *w, const QString &what) {
        if (w->toolTip().trimmed().isEmpty())
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
    }

    void everyInputHasATooltip()
    {
        QFETCH(int, dialog);
        std::unique_ptr<QWidget> w;
        if (dialog == 0)
            w = std::make_unique<AccountsDialog>();
        else if (dialog == 1)
            w = std::make_unique<AnomalySettingsDialog>();
        else
            w = std::make_unique<StorageSettingsDialog>();
        const QStringList missing = untipped(*w);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        // And it is found at all: the dialog has inputs.
        QVERIFY(!w->findChildren<QAbstractSpinBox *>().isEmpty() ||
                !w->findChildren<QLineEdit *>().isEmpty());
    }
};

QTEST_MAIN(TestSettingsTooltips)
#include "tst_settingstooltips.moc"
