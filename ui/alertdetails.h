#pragma once
// The alerts view's detail pane: the selected incident's summary or alert's
// sentence in full, word-wrapped, and each of its facts labelled (an alert:
// time, channel, strategy, viewers, baseline, raw score with its unit,
// score, acknowledgement; an incident: start – end, channel, the
// strategies with their scores, the peak and its multiple, baseline,
// duration, the highest score, acknowledgement).

#include "anomalytypes.h"

#include <QWidget>

#include <array>

class QLabel;

namespace StreamRank {

class AlertDetails : public QWidget
{
    Q_OBJECT
public:
    enum Field
    {
        TimeField,
        ChannelField,
        StrategyField,
        ObservedField,
        BaselineField,
        RawField,
        ScoreField,
        AcknowledgedField,
        FieldCount,
        // An incident's facts in the same places.
        StartEndField = TimeField,
        StrategiesField = StrategyField,
        PeakField = ObservedField,
        DurationField = RawField,
        MaxScoreField = ScoreField,
    };

    explicit AlertDetails(QWidget *parent = nullptr);

    // The alert shown, and how many are selected (more than one: said above it).
    void setEvent(const AnomalyEvent &event, int selected = 1);
    // The incident shown (its summary, then its facts).
    void setIncident(const AnomalyIncident &incident, int selected = 1);
    // Nothing selected: a line that says how to see one.
    void clear();
    bool hasEvent() const { return m_hasEvent; }
    qint64 eventId() const { return m_eventId; } // 0 for an incident
    bool showsIncident() const { return m_hasEvent && m_incident; }

    // As tall as the facts need at an ordinary width, not what QLabel's
    // word-wrap guess asks for (the splitter gives the table the rest).
    QSize sizeHint() const override;

    QString sentenceText() const;
    QString fieldText(Field field) const;
    QString fieldName(Field field) const;

private:
    // The fields' names for an incident or an alert.
    void nameFields(bool incident);
    void showSelected(int selected);

    QLabel *m_header;
    QLabel *m_sentence;
    std::array<QLabel *, FieldCount> m_names{};
    std::array<QLabel *, FieldCount> m_values{};
    bool m_hasEvent = false;
    qint64 m_eventId = 0;
    bool m_incident = false;
};

} // namespace StreamRank
