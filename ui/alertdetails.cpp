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

    const QString names[FieldCount] = {tr("Time"),     tr("Channel"),     tr("Strategy"),
                                       tr("Observed"), tr("Baseline"),    tr("Raw score"),
                                       tr("Score"),    tr("Acknowledged")};
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    for (int f = 0; f < FieldCount; ++f) {
        m_names[f] = new QLabel(names[f] + QLatin1Char(':'), this);
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

void AlertDetails::setEvent(const AnomalyEvent &e, int selected)
{
    m_hasEvent = true;
    m_eventId = e.id;
    const QLocale locale;
    m_header->setVisible(selected > 1);
    m_header->setText(
        tr("%1 alerts selected — this one is the current row").arg(locale.toString(selected)));
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
    m_eventId = 0;
    m_header->hide();
    m_sentence->setText(tr("Select an alert to see what happened."));
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

} // namespace StreamRank
