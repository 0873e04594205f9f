#pragma once
// Settings → Storage: how long every census (raw), 5-minute and hourly
// averages are kept. The writer applies it between censuses, a few tens of
// milliseconds at a time (storage/retention.h); 0 days keeps for ever.

#include <QDialog>

class QLabel;
class QSpinBox;

namespace StreamRank {

struct RetentionDays
{
    int raw = 30;
    int fiveMinutes = 90;
    int hours = 365;
    friend bool operator==(const RetentionDays &, const RetentionDays &) = default;
};

class StorageSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit StorageSettingsDialog(QWidget *parent = nullptr);

    void setDays(const RetentionDays &days);
    // As shown, with each coarser one at least as long as the finer one.
    RetentionDays days() const;

private:
    void update();

    QSpinBox *m_raw;
    QSpinBox *m_fiveMinutes;
    QSpinBox *m_hours;
    QLabel *m_summary;
};

} // namespace StreamRank
