#pragma once
// The chart dock's content: a subject's stored viewers (a stream with its
// anomaly events marked, a channel, a category with its live channels, a
// platform), loaded off the GUI thread and refreshed after each stored
// census; or up to eight subjects compared (the charted one and those pinned
// for comparison). Shows a range back from the newest census, a custom
// range, or a moment (an alert) in focus.

#include "anomalytypes.h"
#include "viewershipchart.h"

#include <QFutureWatcher>
#include <QPointF>
#include <QWidget>

#include <functional>

class QComboBox;
class QToolButton;

namespace StreamRank {

// A loaded series: x = epoch ms, y = viewers. At a rollup resolution each
// point is a bucket's start and average, with its peak in `peaks` (same size).
struct ChartSeries
{
    QVector<QPointF> points;
    QVector<QPointF> peaks;
    // Categories and platforms: live channels per point (rollups: the
    // bucket's average, and its highest in channelPeaks); empty otherwise.
    QVector<QPointF> channels;
    QVector<QPointF> channelPeaks;
    qint64 lastSampleMs = 0; // the newest census in it (rollups: within the last bucket)
    // The resolution the points have when it is not the one asked for (a
    // channel has no every-census series: 5 min); -1: as asked.
    qint64 resolutionMs = -1;
};

// What a chart shows: one broadcast, a channel's broadcasts, a category's
// viewers (the sum over its live streams), or a platform's total.
enum class ChartSubject
{
    Stream,
    Channel,
    Category,
    Platform
};

// Loads a subject's stored viewers at a resolution (ms; 0 = every census).
// Called on a pool thread, never on the GUI thread.
using SeriesSource = std::function<ChartSeries(ChartSubject, Platform, const QString &id,
                                               qint64 fromMs, qint64 toMs, qint64 resolutionMs)>;
// Loads stored events for a filter; runs on a pool thread.
using EventSource = std::function<QVector<AnomalyEvent>(const AnomalyEventFilter &)>;

struct ChartTarget
{
    ChartSubject subject = ChartSubject::Stream;
    Platform platform = Platform::Demo;
    QString id;         // the stream's, channel's or category's id; a platform: its code
    QString title;      // the subject; "— alert at …" is added while focused
    qint64 focusMs = 0; // 0: the chosen range back from the latest census

    bool isValid() const { return !id.isEmpty(); }
    // A stream's is the ranking's row key ("twitch:123"); the others cannot
    // be mistaken for a row ("twitch:channel:456").
    QString key() const
    {
        static const char *const kinds[] = {"", "channel:", "category:", "platform:"};
        return platformCode(platform) + QLatin1Char(':') + QLatin1String(kinds[int(subject)]) + id;
    }
};

class StreamChartPanel : public QWidget
{
    Q_OBJECT
public:
    StreamChartPanel(SeriesSource series, EventSource events, QWidget *parent = nullptr);
    ~StreamChartPanel() override;

    void showTarget(const ChartTarget &target, qint64 latestCensusMs);
    // A census was stored: reload what is shown.
    void refresh(qint64 latestCensusMs);
    const ChartTarget &target() const { return m_target; }
    // The range loaded back from the latest census (1 h … 30 d); a change
    // reloads and keeps the stream.
    void setRangeMs(qint64 rangeMs);
    qint64 rangeMs() const { return m_rangeMs; }
    // A fixed from–to (epoch ms) instead of the latest range: it does not
    // follow new censuses. False, and nothing changes, unless from < to and
    // the span is at most 400 days. A preset range ends it.
    bool setCustomRange(qint64 fromMs, qint64 toMs);
    bool hasCustomRange() const { return m_customTo > 0; }
    // Asks for a custom range (two local date-times) and applies it.
    void chooseCustomRange();
    // Live (the default): the range ends at the newest census and follows
    // it. Off: the range shown now stays (a custom range of it).
    void setLive(bool live);
    bool isLive() const { return !hasCustomRange(); }
    // 0 = every census, else 5 min, 15 min or 1 h; -1 = chosen from the
    // range and the chart's width (the default).
    void setResolutionMs(qint64 resolutionMs);
    qint64 resolutionMs() const { return m_resolutionMs; }
    // What the next load uses: the user's choice, or the automatic one.
    qint64 effectiveResolutionMs() const;
    static qint64 automaticResolutionMs(qint64 rangeMs, int plotWidthPx);
    ViewershipChart *chart() const { return m_chart; }

    // Compare: the charted subject stays pinned while another is charted, so
    // both are drawn (mixed platforms). At most MaxPins, so that with the
    // charted subject ViewershipChart::MaxLines are drawn whatever is charted
    // next. False, and nothing changes, when it is pinned already or there
    // are MaxPins. Without a charted subject it is charted too.
    static constexpr int MaxPins = ViewershipChart::MaxLines - 1;
    bool pinForComparison(const ChartTarget &target);
    bool canPin(const ChartTarget &target) const;
    void unpin(const QString &key);
    void clearComparison();
    const QVector<ChartTarget> &pinned() const { return m_pinned; }
    // What is drawn, in line order: the charted subject, then the pinned ones.
    QVector<ChartTarget> shownTargets() const;
    QStringList shownKeys() const; // their ChartTarget::key()s
    bool isComparing() const { return shownTargets().size() > 1; }
    // The window's time zone changed (View → Show times in UTC): the time
    // axis, the readout and a custom range's text follow.
    void displayTimeZoneChanged();
    // Each line as percent of its own peak (for subjects of different sizes).
    void setNormalized(bool normalized);
    bool isNormalized() const;
    // A load is running or queued behind one.
    bool isLoading() const { return m_watcher.isRunning() || m_reloadPending; }

protected:
    void changeEvent(QEvent *event) override; // the Live dot follows the palette

signals:
    // The pinned subjects changed (the window's menus follow).
    void comparisonChanged();
    // A load finished and its lines are drawn (tests and bench_chart wait
    // for it).
    void loaded();

private:
    struct LoadedLine
    {
        ChartTarget target;
        ChartSeries series;
        QVector<ChartMarker> markers;
    };
    struct ChartData
    {
        QStringList keys; // what was loaded (shownTargets() then)
        QVector<LoadedLine> lines;
        qint64 resolutionMs = 0;
        qint64 fromMs = 0; // the range loaded; 0 while focused on a moment
        qint64 toMs = 0;
    };
    void load();
    void present(const ChartData &loaded);
    QString shownTitle() const;
    void updateCompareButton();
    void updateLiveIcon();
    void showCustomRangeText(); // the Custom… item names the range

    SeriesSource m_seriesSource;
    EventSource m_eventSource;
    ViewershipChart *m_chart;
    ChartTarget m_target;
    qint64 m_latestMs = 0;
    qint64 m_rangeMs = 24LL * 60 * 60 * 1000;
    qint64 m_resolutionMs = -1;
    qint64 m_customFrom = 0; // a custom range; m_customTo 0: none
    qint64 m_customTo = 0;
    QComboBox *m_range = nullptr;
    QComboBox *m_resolution = nullptr;
    QToolButton *m_live = nullptr;
    QToolButton *m_compare = nullptr;
    QVector<ChartTarget> m_pinned;
    QFutureWatcher<ChartData> m_watcher;
    bool m_reloadPending = false;
};

} // namespace StreamRank
