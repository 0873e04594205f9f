#pragma once
// The status bar's YouTube quota: "YouTube quota 1,234/10,000 · resets 09:00
// CET", the collector's full summary as its tooltip, and in the warning colour
// "paused until …" once the day's quota is used up. Hidden until YouTube
// reports, and again when YouTube stops.

#include "youtubecollector.h"

#include <QLabel>

#include <optional>

namespace StreamRank {

class YouTubeQuotaLabel : public QLabel
{
    Q_OBJECT
public:
    explicit YouTubeQuotaLabel(QWidget *parent = nullptr);

    void setStatus(const YouTubeQuotaStatus &status);
    void clearStatus();
    // Again in the display zone and the palette of now (the window calls it
    // when either changes).
    void refresh();

    static QString compactText(const YouTubeQuotaStatus &status);
    // It says that the day's quota is used up and until when.
    bool showsExhausted() const { return m_status && m_status->exhausted; }

private:
    std::optional<YouTubeQuotaStatus> m_status;
};

} // namespace StreamRank
