#pragma once
// Settings → Accounts: which real platforms to collect from and with whose
// credentials. One tab per platform (Twitch, YouTube, Kick). The dialog only
// shows and gathers values: secrets are never read back into it, and the
// controllers do the keychain and network.

#include "kickaccountpage.h"
#include "twitchconfig.h"
#include "youtubeaccountpage.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace StreamRank {

// What the dialog shows; the client secret itself is never part of it.
struct AccountsState
{
    bool twitchEnabled = false;
    TwitchConfig twitch;             // clientId as stored (not secret); clientSecret always empty
    bool twitchSecretStored = false; // in the keychain, or held for this run (never shown)
    bool twitchFromEnvironment = false; // the environment variables override the keychain
    bool keychainAvailable = true;
    QString keychainMessage;  // why it is not available, in words
    bool sessionOnly = false; // credentials are kept for this run only
};

class AccountsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AccountsDialog(QWidget *parent = nullptr);

    void setState(const AccountsState &state);
    void setYouTubeState(const YouTubeAccountState &state);
    void setKickState(const KickAccountState &state);

    bool twitchEnabled() const;
    // Everything typed in the Twitch tab. clientSecret is what was typed:
    // empty means "keep the stored one".
    TwitchConfig twitchConfig() const;
    // The user chose to keep the credentials for this run only (no keychain).
    bool sessionOnlyChosen() const;

    bool youtubeEnabled() const { return m_youtube->youtubeEnabled(); }
    // Everything typed in the YouTube tab; an empty apiKey keeps the stored one.
    YouTubeConfig youtubeConfig() const { return m_youtube->config(); }

    bool kickEnabled() const { return m_kick->kickEnabled(); }
    // Everything typed in the Kick tab; an empty clientId or clientSecret
    // keeps the stored one.
    KickConfig kickConfig() const { return m_kick->config(); }

    QTabWidget *tabs() const { return m_tabs; }
    YouTubeAccountPage *youtubePage() const { return m_youtube; }
    KickAccountPage *kickPage() const { return m_kick; }

    // Splits a list of channels typed one per line or separated by commas or spaces.
    static QStringList parseChannels(const QString &text);

public Q_SLOTS:
    void showTestResult(bool ok, const QString &message);
    // The controller's answer to Remove credentials.
    void showCredentialsRemoved(bool ok, const QString &message);

Q_SIGNALS:
    // Test connection: clientId/clientSecret may be empty (= use the stored ones).
    void testRequested(const StreamRank::TwitchConfig &config);
    void removeCredentialsRequested();

public:
    void accept() override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildTwitchTab();
    void startTest();
    void setMessage(QLabel *label, const QString &text, bool error);
    void fitHeight();
    // An error in words, or empty when the typed values can be used.
    QString validationError() const;
    // The keychain warning and the "this run only" choice, for every platform.
    void updateKeychainWarning();

    QTabWidget *m_tabs;
    QCheckBox *m_twitchEnabled = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLabel *m_environmentNote = nullptr;
    QLabel *m_keychainWarning = nullptr;
    QCheckBox *m_sessionOnly = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    QLineEdit *m_authUrl = nullptr;
    QSpinBox *m_topN = nullptr;
    QSpinBox *m_fullCensusEvery = nullptr;
    QPlainTextEdit *m_watched = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QLabel *m_testResult = nullptr;
    QLabel *m_error = nullptr;
    YouTubeAccountPage *m_youtube = nullptr;
    KickAccountPage *m_kick = nullptr;
    AccountsState m_state;
};

} // namespace StreamRank
