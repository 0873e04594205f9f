// Settings → Anomaly detection: every value the dialog is given comes back
// from it (the size gate included, with 0 shown as "Off"), Restore Defaults
// brings the defaults, and the score's formula is shown in the dialog.

#include "anomalysettingsdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace StreamRank;

class TestAnomalySettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesRoundTrip()
    {
        AnomalySettingsDialog dialog;
        AnomalySettings s;
        s.of(AnomalyStrategy::ZScore) = {false, 3.5, 90};
        s.cooldownMinutes = 45;
        s.minIncreaseViewers = 250;
        s.minRisePercent = 80;
        s.minSamples = 7;
        dialog.setValues(s, AlertPreferences{});
        QVERIFY(dialog.settings() == s);

        auto *rise = dialog.findChild<QSpinBox *>(QStringLiteral("minRise"));
        QVERIFY(rise);
        QCOMPARE(rise->value(), 80);
        rise->setValue(0);
        QCOMPARE(rise->text(), QStringLiteral("Off"));
        QCOMPARE(dialog.settings().minRisePercent, 0);
    }

    void restoreDefaultsBringsTheDefaults()
    {
        AnomalySettingsDialog dialog;
        AnomalySettings s;
        s.minRisePercent = 5;
        s.minIncreaseViewers = 1;
        dialog.setValues(s, AlertPreferences{});
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::RestoreDefaults)->click();
        QVERIFY(dialog.settings() == AnomalySettings{});
        QCOMPARE(dialog.settings().minRisePercent, 50);
        QCOMPARE(dialog.settings().minIncreaseViewers, 20);
    }

    void theScoreFormulaIsShown()
    {
        AnomalySettingsDialog dialog;
        auto *formula = dialog.findChild<QLabel *>(QStringLiteral("scoreFormula"));
        QVERIFY(formula);
        QVERIFY(formula->text().contains(QStringLiteral("lower of")));
        QVERIFY(formula->text().contains(QStringLiteral("ln(viewers ÷ baseline)")));
        QVERIFY(formula->wordWrap());
    }
};

QTEST_MAIN(TestAnomalySettingsDialog)
#include "tst_anomalysettingsdialog.moc"
