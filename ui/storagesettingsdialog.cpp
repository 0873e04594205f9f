#include "storagesettingsdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace StreamRank {

namespace {

constexpr int MaxDays = 36'500;

QSpinBox *daysBox(QWidget *parent, const QString &objectName)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(0, MaxDays);
    box->setSuffix(StorageSettingsDialog::tr(" days"));
    box->setSpecialValueText(StorageSettingsDialog::tr("For ever"));
    box->setAccelerated(true);
    return box;
}

// For ever (0) is longer than any number of days.
int atLeast(int days, int finer)
{
    if (days == 0 || finer == 0)
        return 0;
    return std::max(days, finer);
}

} // namespace

StorageSettingsDialog::StorageSettingsDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Storage"));
    m_raw = daysBox(this, QStringLiteral("rawDays"));
    m_fiveMinutes = daysBox(this, QStringLiteral("fiveMinuteDays"));
    m_hours = daysBox(this, QStringLiteral("hourDays"));
    m_raw->setToolTip(tr("Charts at every census reach back this far; older censuses are "
                         "deleted (0: for ever)."));
    m_fiveMinutes->setToolTip(tr("5-minute averages and peaks, for ranges of days and weeks "
                                 "(0: for ever)."));
    m_hours->setToolTip(tr("Hourly averages and peaks, for ranges of months (0: for ever)."));

    auto *intro = new QLabel(
        tr("Every census is kept for charts at full resolution; 5-minute and hourly averages "
           "(with their peaks) keep longer ranges readable after that. Older data is deleted "
           "a little after each census, never all at once."),
        this);
    intro->setWordWrap(true);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("retentionSummary"));
    m_summary->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Keep every &census:"), m_raw);
    form->addRow(tr("Keep &5-minute averages:"), m_fiveMinutes);
    form->addRow(tr("Keep &hourly averages:"), m_hours);

    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setDays(RetentionDays{}); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    for (QSpinBox *box : {m_raw, m_fiveMinutes, m_hours})
        connect(box, &QSpinBox::valueChanged, this, &StorageSettingsDialog::update);
    setDays(RetentionDays{});
}

void StorageSettingsDialog::setDays(const RetentionDays &days)
{
    m_raw->setValue(days.raw);
    m_fiveMinutes->setValue(days.fiveMinutes);
    m_hours->setValue(days.hours);
    update();
}

RetentionDays StorageSettingsDialog::days() const
{
    RetentionDays d;
    d.raw = m_raw->value();
    d.fiveMinutes = atLeast(m_fiveMinutes->value(), d.raw);
    d.hours = atLeast(m_hours->value(), d.fiveMinutes);
    return d;
}

void StorageSettingsDialog::update()
{
    const RetentionDays shown{m_raw->value(), m_fiveMinutes->value(), m_hours->value()};
    const RetentionDays kept = days();
    if (kept == shown)
        m_summary->setText(QString());
    else
        m_summary->setText(
            tr("Averages are kept at least as long as the finer data they come "
               "from: 5-minute averages for %1, hourly averages for %2.")
                .arg(kept.fiveMinutes == 0 ? tr("ever") : tr("%n days", nullptr, kept.fiveMinutes),
                     kept.hours == 0 ? tr("ever") : tr("%n days", nullptr, kept.hours)));
}

} // namespace StreamRank
