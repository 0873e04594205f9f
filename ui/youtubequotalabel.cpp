#include "youtubequotalabel.h"

#include "clock.h"
#include "theme.h"

#include <QLocale>

namespace StreamRank {

YouTubeQuotaLabel::YouTubeQuotaLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("YouTubeQuotaLabel"));
    hide();
}

void YouTubeQuotaLabel::setStatus(const YouTubeQuotaStatus &status)
{
    m_status = status;
    refresh();
    show();
}

void YouTubeQuotaLabel::clearStatus()
{
    m_status.reset();
    hide();
}

QString YouTubeQuotaLabel::compactText(const YouTubeQuotaStatus &status)
{
    const QString reset = localTimeText(status.resetAtMs, QStringLiteral("HH:mm"));
    if (status.exhausted)
        return tr("YouTube quota used up · paused until %1").arg(reset);
    const QLocale l;
    return tr("YouTube quota %1/%2 · resets %3")
        .arg(l.toString(status.unitsUsed), l.toString(status.dailyUnits), reset);
}

void YouTubeQuotaLabel::refresh()
{
    if (!m_status)
        return;
    setText(compactText(*m_status));
    setToolTip(tr("%1\n\nYouTube gives a key %2 units (1 per 50 live videos read, 1 per watched "
                  "channel checked) and %3 searches a day, reset at midnight Pacific time. "
                  "StreamRank spreads them over the day and polls more slowly when they would "
                  "not last; a quota used up pauses YouTube until the reset.")
                   .arg(m_status->summary(), QLocale().toString(m_status->dailyUnits),
                        QLocale().toString(m_status->dailySearches)));
    // The warning colour of the theme, bold: a paused platform is news. The
    // window's palette, which changes before its children's do.
    const QString sheet = m_status->exhausted
                              ? QStringLiteral("QLabel { color: %1; font-weight: bold; }")
                                    .arg(toneColor(TextTone::Warning, window()->palette()).name())
                              : QString();
    if (styleSheet() != sheet)
        setStyleSheet(sheet);
}

} // namespace StreamRank
