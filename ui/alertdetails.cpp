#include "alertdetails.h"

#include "alertsmodel.h"
#include "clock.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>

namespace StreamRank {

namespace {

// Two facts a row: the pane stays four lines high under the table at 720
// pixels, and each value still has room to wrap.
constexpr int FieldsPerRow = 2;

QString baselineMeaning(const AnomalyEvent &e)
{
    const QString minutes = QString::number(e.lookbackMinutes);
    switch (e.strategy) {
    case AnomalyStrategy::ZScore:
    case AnomalyStrategy::PercentChange:
        return AlertDetails::tr("the %1-minute mean").arg(minutes);
    case AnomalyStrategy::MovingAverage:
        return AlertDetails::tr("the moving average, %1-minute lookback").arg(minutes);
    case AnomalyStrategy::Quantile:
        return AlertDetails::tr("the %1-minute 95th percentile").arg(minutes);
    }
    return {};
}

} // namespace

AlertDetails::AlertDetails(QWidget *parent)
    : QWidget(parent), m_header(new QLabel(this)), m_sentence(new QLabel(this))
{
    setObjectName(QStringLiteral("AlertDetails"));
    m_header->setObjectName(QStringLiteral("AlertDetailsHeader"));
    m_sentence->setObjectName(QStringLiteral("AlertDetailsSentence"));
    m_sentence->setWordWrap(true);
    m_sentence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_sentence->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.1);
    m_sentence->setFont(big);

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    for (int f = 0; f < FieldCount; ++f) {
        m_names[f] = new QLabel(this);
        m_names[f]->setForegroundRole(QPalette::PlaceholderText);
        m_names[f]->setAlignment(Qt::AlignRight | Qt::AlignTop);
        m_values[f] = new QLabel(this);
        m_values[f]->setWordWrap(true);
        m_values[f]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_values[f]->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        const int row = f / FieldsPerRow;
        const int column = (f % FieldsPerRow) * 2;
        grid->addWidget(m_names[f], row, column);
        grid->addWidget(m_values[f], row, column + 1);
    }
    for (int c = 0; c < FieldsPerRow; ++c)
        grid->setColumnStretch(c * 2 + 1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    layout->addWidget(m_sentence);
    layout->addLayout(grid);
    layout->addStretch(1);
    clear();
}

void AlertDetails::nameFields(bool incident)
{
    static const char *const alert[FieldCount] = {
        QT_TR_NOOP("Time"),     QT_TR_NOOP("Channel"),     QT_TR_NOOP("Strategy"),
        QT_TR_NOOP("Observed"), QT_TR_NOOP("Baseline"),    QT_TR_NOOP("Raw score"),
        QT_TR_NOOP("Score"),    QT_TR_NOOP("Acknowledged")};
    static const char *const incidentNames[FieldCount] = {
        QT_TR_NOOP("Start – end"), QT_TR_NOOP("Channel"),     QT_TR_NOOP("Strategies"),
        QT_TR_NOOP("Peak"),        QT_TR_NOOP("Baseline"),    QT_TR_NOOP("Duration"),
        QT_TR_NOOP("Max score"),   QT_TR_NOOP("Acknowledged")};
    for (int f = 0; f < FieldCount; ++f)
        m_names[f]->setText(tr(incident ? incidentNames[f] : alert[f]) + QLatin1Char(':'));
}

void AlertDetails::showSelected(int selected)
{
    m_header->setVisible(selected > 1);
    m_header->setText(
        tr("%1 rows selected — this one is the current row").arg(QLocale().toString(selected)));
}

void AlertDetails::setIncident(const AnomalyIncident &i, int selected)
{
    m_hasEvent = true;
    m_incident = true;
    m_eventId = 0;
    nameFields(true);
    showSelected(selected);
    m_sentence->setText(incidentSummaryText(i));
    const QLocale locale;
    const QString channel = i.channelName.isEmpty() ? i.channelLogin : i.channelName;
    QString channelText = channel;
    if (!i.channelLogin.isEmpty() && i.channelLogin.compare(channel, Qt::CaseInsensitive) != 0)
        channelText += QStringLiteral(" (") + i.channelLogin + QLatin1Char(')');
    channelText += QStringLiteral(" · ") + platformDisplayName(i.platform);
    const QString span =
        localTimeText(i.startMs) + QStringLiteral(" – ") +
        (i.endMs > 0 ? localTimeText(i.endMs, QStringLiteral("HH:mm")) : tr("still open"));
    const int alerts = static_cast<int>(i.events.size());
    const QString texts[FieldCount] = {
        span,
        channelText,
        strategyScoresText(i),
        tr("%1 viewers (×%2 the baseline) at %3")
            .arg(locale.toString(i.peakViewers), locale.toString(i.peakMultiple(), 'f', 1),
                 localTimeText(i.peakMs, QStringLiteral("HH:mm"))),
        tr("%1 viewers, the first alert's").arg(locale.toString(qRound64(i.baselineViewers))),
        incidentDurationText(i),
        alerts == 1 ? tr("%1 of 100 (1 alert)").arg(qRound(i.maxScore()))
                    : tr("%1 of 100 (%2 alerts)")
                          .arg(QString::number(qRound(i.maxScore())), locale.toString(alerts)),
        i.acknowledged ? tr("Yes, every alert")
                       : tr("No — Space or the Ack box acknowledges its alerts"),
    };
    for (int f = 0; f < FieldCount; ++f)
        m_values[f]->setText(texts[f]);
}

void AlertDetails::setEvent(const AnomalyEvent &e, int selected)
{
    m_hasEvent = true;
    m_incident = false;
    m_eventId = e.id;
    nameFields(false);
    showSelected(selected);
    const QLocale locale;
    m_sentence->setText(e.sentence());
    const QString channel = e.channelName.isEmpty() ? e.channelLogin : e.channelName;
    QString channelText = channel;
    if (!e.channelLogin.isEmpty() && e.channelLogin.compare(channel, Qt::CaseInsensitive) != 0)
        channelText += QStringLiteral(" (") + e.channelLogin + QLatin1Char(')');
    channelText += QStringLiteral(" · ") + platformDisplayName(e.platform);
    QString observed = tr("%1 viewers").arg(locale.toString(e.observedViewers));
    if (e.baselineViewers >= 1)
        observed += tr(" (×%1 the baseline)")
                        .arg(locale.toString(e.observedViewers / e.baselineViewers, 'f', 1));
    const QString texts[FieldCount] = {
        localTimeText(e.timeMs),
        channelText,
        strategyDisplayName(e.strategy),
        observed,
        tr("%1 viewers, %2").arg(locale.toString(qRound64(e.baselineViewers)), baselineMeaning(e)),
        rawScoreText(e) + QStringLiteral(" — ") + rawScoreMeaning(e).toLower(),
        tr("%1 of 100").arg(qRound(e.score)),
        e.acknowledged ? tr("Yes") : tr("No — Space or the Ack box acknowledges it"),
    };
    for (int f = 0; f < FieldCount; ++f)
        m_values[f]->setText(texts[f]);
}

QSize AlertDetails::sizeHint() const
{
    const QSize hint = QWidget::sizeHint();
    // The width the pane has in a window of 1,000 pixels or more.
    constexpr int OrdinaryWidth = 960;
    if (!layout() || !layout()->hasHeightForWidth())
        return hint;
    return {hint.width(), layout()->heightForWidth(std::max(hint.width(), OrdinaryWidth))};
}

void AlertDetails::clear()
{
    m_hasEvent = false;
    m_incident = false;
    m_eventId = 0;
    m_header->hide();
    nameFields(true); // the top-level rows are incidents
    m_sentence->setText(tr("Select an incident or an alert to see what happened."));
    // The names stay: the pane keeps its height, the table does not jump.
    for (int f = 0; f < FieldCount; ++f)
        m_values[f]->clear();
}

QString AlertDetails::sentenceText() const
{
    return m_hasEvent ? m_sentence->text() : QString();
}

QString AlertDetails::fieldText(Field field) const
{
    return m_values[field]->text();
}

QString AlertDetails::fieldName(Field field) const
{
    return m_names[field]->text();
}

} // namespace StreamRank
