#pragma once
// Settings → Accounts → YouTube: the API key (never shown back), what to
// discover (searches and watched channels), the poll interval and the daily
// quota the collector plans within. Like the Twitch tab it only shows and
// gathers values; the controller does the keychain and the network.

#include "youtubecollector.h"
#include "youtubeconfig.h"

#include <QWidget>

#include <optional>
#include <utility>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace StreamRank {

// What the YouTube tab shows; the key itself is never part of it.
struct YouTubeAccountState
{
    bool enabled = false;
    YouTubeConfig config;         // as stored; apiKey always empty
    bool keyStored = false;       // in the keychain, or held for this run
    bool fromEnvironment = false; // STREAMRANK_YOUTUBE_API_KEY overrides the keychain
    bool keychainAvailable = true;
    QString keychainMessage;  // why it is not, in words
    bool sessionOnly = false; // the key is kept for this run only
    // What the command line changes for this run only (never saved), in words;
    // empty when nothing. runTracks: it adds searches or watched channels.
    QString runNote;
    bool runTracks = false;
    // The quota as last known: from the running collector (live), or what an
    // earlier run today spent (not live).
    std::optional<YouTubeQuotaStatus> quota;
    bool quotaLive = false;
};

class YouTubeAccountPage : public QWidget
{
    Q_OBJECT
public:
    explicit YouTubeAccountPage(QWidget *parent = nullptr);

    void setState(const YouTubeAccountState &state);
    const YouTubeAccountState &state() const { return m_state; }

    bool youtubeEnabled() const;
    // Everything typed. apiKey is what was typed: empty means "keep the stored one".
    YouTubeConfig config() const;
    // An error in words (naming the tab's field or line), or empty when the
    // typed values can be used.
    QString validationError() const;

    // YouTube's video categories (id, name), the order of the combo; "" is any.
    static QVector<std::pair<QString, QString>> videoCategories();
    // The channel ids of `text`, one per line (a pasted channel address is
    // reduced to its id); on a line that is not one, nullopt and *error names it.
    static std::optional<QStringList> parseChannelIds(const QString &text, QString *error);

    QTableWidget *searchTable() const { return m_searches; }
    // Appends a row to the searches and returns its index.
    int addSearch(const YouTubeSearch &search);

public Q_SLOTS:
    void showTestResult(bool ok, const QString &message);
    void showKeyRemoved(bool ok, const QString &message);
    // A new status from the running collector.
    void showQuota(const StreamRank::YouTubeQuotaStatus &status);

Q_SIGNALS:
    // Test connection: apiKey may be empty (= use the stored one).
    void testRequested(const StreamRank::YouTubeConfig &config);
    void removeKeyRequested();
    // A text of the tab changed and may need more height than it has.
    void contentsResized();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildKeyGroup();
    QWidget *buildTrackingGroup();
    QWidget *buildQuotaGroup();
    QWidget *buildAdvancedGroup();
    QVector<YouTubeSearch> searches(QString *error) const;
    void startTest();
    void setMessage(QLabel *label, const QString &text, bool error);
    void renderQuota();

    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QLabel *m_environmentNote = nullptr;
    QLabel *m_runNote = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QLabel *m_testResult = nullptr;
    QTableWidget *m_searches = nullptr;
    QPushButton *m_removeSearch = nullptr;
    QPlainTextEdit *m_watched = nullptr;
    QSpinBox *m_pollMinutes = nullptr;
    QLabel *m_quotaLine = nullptr;
    QLabel *m_budget = nullptr;
    QSpinBox *m_dailyUnits = nullptr;
    QSpinBox *m_dailySearches = nullptr;
    QSpinBox *m_searchCost = nullptr;
    QSpinBox *m_searchPages = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    YouTubeAccountState m_state;
};

} // namespace StreamRank
