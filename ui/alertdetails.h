#pragma once
// The alerts view's detail pane: the selected alert's sentence in full,
// word-wrapped, and each of its facts (time, channel, strategy, viewers,
// baseline, raw score with its unit, score, acknowledgement) labelled.

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
        FieldCount
    };

    explicit AlertDetails(QWidget *parent = nullptr);

    // The alert shown, and how many are selected (more than one: said above it).
    void setEvent(const AnomalyEvent &event, int selected = 1);
    // Nothing selected: a line that says how to see one.
    void clear();
    bool hasEvent() const { return m_hasEvent; }
    qint64 eventId() const { return m_eventId; }

    // As tall as the facts need at an ordinary width, not what QLabel's
    // word-wrap guess asks for (the splitter gives the table the rest).
    QSize sizeHint() const override;

    QString sentenceText() const;
    QString fieldText(Field field) const;

private:
    QLabel *m_header;
    QLabel *m_sentence;
    std::array<QLabel *, FieldCount> m_names{};
    std::array<QLabel *, FieldCount> m_values{};
    bool m_hasEvent = false;
    qint64 m_eventId = 0;
};

} // namespace StreamRank
