#pragma once
// Settings → Accounts → Kick: the app's client id and secret (the secret never
// shown back), what to collect (categories, a language, watched channels) and
// how politely (poll interval, requests a minute). Like the other tabs it only
// shows and gathers values; the controller does the keychain and the network.

#include "kickconfig.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace StreamRank {

// What the Kick tab shows; the client secret itself is never part of it.
struct KickAccountState
{
    bool enabled = false;
    KickConfig config;            // clientId as stored (not secret); clientSecret always empty
    bool secretStored = false;    // in the keychain, or held for this run (never shown)
    bool fromEnvironment = false; // STREAMRANK_KICK_CLIENT_ID/_SECRET override the keychain
    bool keychainAvailable = true;
    QString keychainMessage;  // why it is not, in words
    bool sessionOnly = false; // the credentials are kept for this run only
    // What the command line changes for this run only (never saved), in
    // words; empty when nothing.
    QString runNote;
};

class KickAccountPage : public QWidget
{
    Q_OBJECT
public:
    explicit KickAccountPage(QWidget *parent = nullptr);

    void setState(const KickAccountState &state);
    const KickAccountState &state() const { return m_state; }

    bool kickEnabled() const;
    // Everything typed. clientId and clientSecret are what was typed: empty
    // means "keep the stored one".
    KickConfig config() const;
    // An error in words (naming the tab's field), or empty when the typed
    // values can be used.
    QString validationError() const;

    // Category ids (numbers) separated by commas, spaces or lines; on an
    // entry that is not one, nullopt and *error names it.
    static std::optional<QStringList> parseCategoryIds(const QString &text, QString *error);
    // Channel slugs or broadcaster ids, one per line or separated by commas
    // (a pasted kick.com address is reduced to its slug); on an entry that is
    // neither, nullopt and *error names it.
    static std::optional<QStringList> parseChannels(const QString &text, QString *error);

public Q_SLOTS:
    void showTestResult(bool ok, const QString &message);
    void showCredentialsRemoved(bool ok, const QString &message);

Q_SIGNALS:
    // Test connection: clientId/clientSecret may be empty (= use the stored ones).
    void testRequested(const StreamRank::KickConfig &config);
    void removeCredentialsRequested();
    // A text of the tab changed and may need more height than it has.
    void contentsResized();

private:
    QWidget *buildCredentialsGroup();
    QWidget *buildCollectGroup();
    QWidget *buildPaceGroup();
    QWidget *buildAdvancedGroup();
    void startTest();
    void setMessage(QLabel *label, const QString &text, bool error);
    void showSecretPlaceholders();
    QString urlError() const;

    QCheckBox *m_enabled = nullptr;
    QLabel *m_runNote = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLabel *m_environmentNote = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QLabel *m_testResult = nullptr;
    QLineEdit *m_categories = nullptr;
    QLineEdit *m_language = nullptr;
    QPlainTextEdit *m_watched = nullptr;
    QSpinBox *m_pollMinutes = nullptr;
    QSpinBox *m_requestsPerMinute = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    QLineEdit *m_authUrl = nullptr;
    KickAccountState m_state;
};

} // namespace StreamRank
