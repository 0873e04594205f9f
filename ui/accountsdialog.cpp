#include "accountsdialog.h"

#include "theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace StreamRank {

namespace {

const TwitchConfig Defaults;

bool isWebUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") &&
           !url.host().isEmpty();
}

} // namespace

AccountsDialog::AccountsDialog(QWidget *parent)
    : QDialog(parent), m_tabs(new QTabWidget(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Accounts"));
    setObjectName(QStringLiteral("AccountsDialog"));

    m_tabs->setObjectName(QStringLiteral("AccountsTabs"));
    // One tab per platform.
    m_tabs->addTab(buildTwitchTab(), tr("Twitch"));
    m_youtube = new YouTubeAccountPage(this);
    m_tabs->addTab(m_youtube, tr("YouTube"));
    m_kick = new KickAccountPage(this);
    m_tabs->addTab(m_kick, tr("Kick"));

    // Whether a keychain is there concerns every account, so it is said
    // once, above the tabs.
    m_keychainWarning = new QLabel(this);
    m_keychainWarning->setObjectName(QStringLiteral("KeychainWarning"));
    m_keychainWarning->setWordWrap(true);
    m_sessionOnly = new QCheckBox(tr("Keep the credentials for this run only"), this);
    m_sessionOnly->setObjectName(QStringLiteral("SessionOnly"));
    m_sessionOnly->setToolTip(tr("Without a keychain: the credentials and keys are used until "
                                 "StreamRank closes, and never written anywhere."));

    m_error->setObjectName(QStringLiteral("AccountsError"));
    m_error->setWordWrap(true);
    m_error->hide();

    // A test result or the quota's words can need another line: grow then
    // (once, after the change).
    const auto refit = [this] {
        if (isVisible())
            QTimer::singleShot(0, this, &AccountsDialog::fitHeight);
    };
    connect(m_youtube, &YouTubeAccountPage::contentsResized, this, refit);
    connect(m_kick, &KickAccountPage::contentsResized, this, refit);
    // A tab measures itself exactly only once it is shown: grow then if it needs to.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (isVisible())
            fitHeight();
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AccountsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *intro = new QLabel(tr("Without an account StreamRank shows the simulated Demo. "
                                "Credentials stay in the system keychain, never in the "
                                "settings file or the database."),
                             this);
    intro->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_keychainWarning);
    layout->addWidget(m_sessionOnly);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    // Wide enough for the YouTube tab's two columns.
    resize(960, 400);
    setState(AccountsState{});
}

void AccountsDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    fitHeight();
}

void AccountsDialog::fitHeight()
{
    // The wrapped labels need height for the width they get; the minimum
    // size hint alone would cut off the bottom of the tab. A tab in the
    // background does not pass its changes up (Qt only invalidates the
    // layouts of visible widgets), so every widget and layout forgets the
    // sizes it measured before.
    for (QWidget *w : findChildren<QWidget *>())
        w->updateGeometry(); // also drops the sizes its layout item cached
    for (QLayout *l : findChildren<QLayout *>())
        l->invalidate();
    layout()->activate();
    int h = heightForWidth(width());
    // Never taller than the screen it is on (1280×720 included).
    if (const QScreen *s = screen())
        h = std::min(h, s->availableGeometry().height() - (frameGeometry().height() - height()));
    if (h > 0)
        resize(width(), isVisible() ? std::max(h, height()) : h);
}

QWidget *AccountsDialog::buildTwitchTab()
{
    auto *page = new QWidget(this);
    m_twitchEnabled = new QCheckBox(tr("Collect from Twitch"), page);
    m_twitchEnabled->setObjectName(QStringLiteral("TwitchEnabled"));
    m_twitchEnabled->setToolTip(tr("Poll Twitch's live streams on every census, beside or "
                                   "instead of the Demo."));

    auto *credentials = new QGroupBox(tr("Application credentials"), page);
    auto *form = new QFormLayout(credentials);
    auto *howTo = new QLabel(tr("Register an application at "
                                "<a href=\"https://dev.twitch.tv/console/apps\">dev.twitch.tv/"
                                "console</a> (category Analytics tool, no redirect needed) and "
                                "copy its client ID and a new secret here."),
                             credentials);
    howTo->setWordWrap(true);
    howTo->setOpenExternalLinks(true);
    form->addRow(howTo);
    m_clientId = new QLineEdit(credentials);
    m_clientId->setObjectName(QStringLiteral("TwitchClientId"));
    m_clientSecret = new QLineEdit(credentials);
    m_clientSecret->setObjectName(QStringLiteral("TwitchClientSecret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_clientId->setToolTip(tr("Your application's client ID from dev.twitch.tv; kept in the "
                              "system keychain."));
    m_clientSecret->setToolTip(tr("Your application's client secret; kept in the system "
                                  "keychain only, never in settings or logs."));
    form->addRow(tr("Client ID:"), m_clientId);
    form->addRow(tr("Client secret:"), m_clientSecret);
    m_environmentNote = new QLabel(credentials);
    m_environmentNote->setWordWrap(true);
    m_environmentNote->setText(
        tr("STREAMRANK_TWITCH_CLIENT_ID and STREAMRANK_TWITCH_CLIENT_SECRET are set: this run "
           "uses them instead of the keychain."));
    form->addRow(m_environmentNote);

    auto *advanced = new QGroupBox(tr("Advanced"), page);
    auto *adv = new QFormLayout(advanced);
    m_apiUrl = new QLineEdit(advanced);
    m_apiUrl->setObjectName(QStringLiteral("TwitchApiUrl"));
    m_authUrl = new QLineEdit(advanced);
    m_authUrl->setObjectName(QStringLiteral("TwitchAuthUrl"));
    m_apiUrl->setToolTip(tr("The Helix root (default https://api.twitch.tv/helix): a proxy or "
                            "a test server."));
    m_authUrl->setToolTip(tr("The Twitch login service (default https://id.twitch.tv)."));
    m_topN = new QSpinBox(advanced);
    m_topN->setObjectName(QStringLiteral("TwitchTopN"));
    m_topN->setRange(1, 100000);
    m_topN->setSingleStep(100);
    m_topN->setSuffix(tr(" streams"));
    m_topN->setToolTip(tr("Streams collected by an ordinary poll, most viewers first "
                          "(100 per request)."));
    m_fullCensusEvery = new QSpinBox(advanced);
    m_fullCensusEvery->setObjectName(QStringLiteral("TwitchFullCensusEvery"));
    m_fullCensusEvery->setRange(0, 1000);
    m_fullCensusEvery->setSpecialValueText(tr("never"));
    m_fullCensusEvery->setSuffix(tr(" polls"));
    m_fullCensusEvery->setToolTip(tr("Every k-th poll pages through every live stream on "
                                     "Twitch, which takes many requests."));
    m_watched = new QPlainTextEdit(advanced);
    m_watched->setObjectName(QStringLiteral("TwitchWatchedChannels"));
    m_watched->setPlaceholderText(tr("Logins or user ids, one per line or separated by commas"));
    m_watched->setTabChangesFocus(true);
    m_watched->setToolTip(tr("Channels asked for by id on every census, whatever their rank, "
                             "so their history has no holes."));
    m_watched->setFixedHeight(m_watched->fontMetrics().lineSpacing() * 4 + 12);
    adv->addRow(tr("API URL:"), m_apiUrl);
    adv->addRow(tr("Login service URL:"), m_authUrl);
    adv->addRow(tr("Top streams per poll:"), m_topN);
    adv->addRow(tr("Full census every:"), m_fullCensusEvery);
    adv->addRow(tr("Watched channels:"), m_watched);

    m_testButton = new QPushButton(tr("Test connection"), page);
    m_testButton->setObjectName(QStringLiteral("TestConnection"));
    m_removeButton = new QPushButton(tr("Remove credentials"), page);
    m_removeButton->setObjectName(QStringLiteral("RemoveCredentials"));
    m_removeButton->setToolTip(tr("Deletes the client ID and secret from the keychain and stops "
                                  "collecting from Twitch."));
    m_testResult = new QLabel(page);
    m_testResult->setObjectName(QStringLiteral("TestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_testButton, &QPushButton::clicked, this, &AccountsDialog::startTest);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_removeButton->setEnabled(false);
        Q_EMIT removeCredentialsRequested();
    });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_testButton);
    actions->addWidget(m_testResult, 1);
    actions->addWidget(m_removeButton);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_twitchEnabled);
    layout->addWidget(credentials);
    layout->addWidget(advanced);
    layout->addLayout(actions);
    layout->addStretch(1);
    return page;
}

void AccountsDialog::setState(const AccountsState &state)
{
    m_state = state;
    const TwitchConfig &c = state.twitch;
    m_twitchEnabled->setChecked(state.twitchEnabled);
    m_clientId->setText(c.clientId);
    m_clientId->setPlaceholderText(tr("e.g. hof5gwx0su6owfnys0nyan9c87zr6t"));
    // The stored secret is never read back into the widget: typing replaces it.
    m_clientSecret->clear();
    m_clientSecret->setPlaceholderText(state.twitchSecretStored
                                           ? (state.sessionOnly
                                                  ? tr("kept for this run — leave empty to keep")
                                                  : tr("stored in the keychain — leave empty to "
                                                       "keep"))
                                           : tr("not set"));
    m_environmentNote->setVisible(state.twitchFromEnvironment);
    m_apiUrl->setText(c.apiUrl.toString());
    m_apiUrl->setPlaceholderText(Defaults.apiUrl.toString());
    m_authUrl->setText(c.authUrl.toString());
    m_authUrl->setPlaceholderText(Defaults.authUrl.toString());
    m_topN->setValue(c.topN);
    m_fullCensusEvery->setValue(c.fullCensusEvery);
    m_watched->setPlainText(c.watchedChannels.join(QLatin1Char('\n')));

    m_removeButton->setEnabled(state.twitchSecretStored || !c.clientId.isEmpty());
    m_sessionOnly->setChecked(false);
    updateKeychainWarning();
    m_error->hide();
    fitHeight();
}

void AccountsDialog::setYouTubeState(const YouTubeAccountState &state)
{
    m_youtube->setState(state);
    updateKeychainWarning();
    fitHeight();
}

void AccountsDialog::setKickState(const KickAccountState &state)
{
    m_kick->setState(state);
    updateKeychainWarning();
    fitHeight();
}

void AccountsDialog::updateKeychainWarning()
{
    const YouTubeAccountState &y = m_youtube->state();
    const KickAccountState &k = m_kick->state();
    const bool available = m_state.keychainAvailable && y.keychainAvailable && k.keychainAvailable;
    const bool sessionOnly = m_state.sessionOnly || y.sessionOnly || k.sessionOnly;
    const QString message = !m_state.keychainAvailable ? m_state.keychainMessage
                            : !y.keychainAvailable     ? y.keychainMessage
                                                       : k.keychainMessage;
    m_keychainWarning->setText(
        sessionOnly
            ? tr("No secret service (keychain) is available on this system: the credentials are "
                 "kept for this run only and must be entered again after a restart.")
            : tr("No secret service (keychain) is available on this system: %1 Keep the "
                 "credentials for this run only?")
                  .arg(message.isEmpty() ? tr("the credentials cannot be saved.") : message));
    m_keychainWarning->setStyleSheet(toneStyleSheet(TextTone::Warning, palette()));
    m_keychainWarning->setVisible(!available || sessionOnly);
    m_sessionOnly->setVisible(!available && !sessionOnly);
}

bool AccountsDialog::twitchEnabled() const
{
    return m_twitchEnabled->isChecked();
}

QStringList AccountsDialog::parseChannels(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QStringList out;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const QString login = part.trimmed();
        if (!login.isEmpty() && !out.contains(login, Qt::CaseInsensitive))
            out.append(login);
    }
    return out;
}

TwitchConfig AccountsDialog::twitchConfig() const
{
    TwitchConfig c = m_state.twitch;
    c.clientId = m_clientId->text().trimmed();
    c.clientSecret = m_clientSecret->text().trimmed();
    const QString api = m_apiUrl->text().trimmed();
    const QString auth = m_authUrl->text().trimmed();
    c.apiUrl = api.isEmpty() ? Defaults.apiUrl : QUrl(api, QUrl::StrictMode);
    c.authUrl = auth.isEmpty() ? Defaults.authUrl : QUrl(auth, QUrl::StrictMode);
    c.topN = m_topN->value();
    c.fullCensusEvery = m_fullCensusEvery->value();
    c.watchedChannels = parseChannels(m_watched->toPlainText());
    return c;
}

bool AccountsDialog::sessionOnlyChosen() const
{
    const YouTubeAccountState &y = m_youtube->state();
    const KickAccountState &k = m_kick->state();
    return m_state.sessionOnly || y.sessionOnly || k.sessionOnly ||
           ((!m_state.keychainAvailable || !y.keychainAvailable || !k.keychainAvailable) &&
            m_sessionOnly->isChecked());
}

QString AccountsDialog::validationError() const
{
    const QString api = m_apiUrl->text().trimmed();
    const QString auth = m_authUrl->text().trimmed();
    if (!api.isEmpty() && !isWebUrl(api))
        return tr("The API URL must be an http(s) address, e.g. %1.")
            .arg(Defaults.apiUrl.toString());
    if (!auth.isEmpty() && !isWebUrl(auth))
        return tr("The login service URL must be an http(s) address, e.g. %1.")
            .arg(Defaults.authUrl.toString());
    if (m_twitchEnabled->isChecked() && !m_state.twitchFromEnvironment) {
        if (m_clientId->text().trimmed().isEmpty())
            return tr("Enter the client ID of your Twitch application to collect from Twitch.");
        if (!m_state.twitchSecretStored && m_clientSecret->text().trimmed().isEmpty())
            return tr("Enter the client secret of your Twitch application to collect from "
                      "Twitch.");
    }
    return {};
}

void AccountsDialog::setMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setStyleSheet(
        toneStyleSheet(error ? TextTone::Error : TextTone::Success, label->palette()));
    label->setVisible(!text.isEmpty());
}

void AccountsDialog::accept()
{
    // The first tab with a mistake comes to the front, its words below the tabs.
    const std::pair<QWidget *, QString> checks[] = {{m_tabs->widget(0), validationError()},
                                                    {m_youtube, m_youtube->validationError()},
                                                    {m_kick, m_kick->validationError()}};
    for (const auto &[page, error] : checks) {
        if (error.isEmpty())
            continue;
        m_tabs->setCurrentWidget(page);
        setMessage(m_error, error, true);
        fitHeight();
        return;
    }
    QDialog::accept();
}

void AccountsDialog::startTest()
{
    const QString api = m_apiUrl->text().trimmed();
    const QString auth = m_authUrl->text().trimmed();
    if ((!api.isEmpty() && !isWebUrl(api)) || (!auth.isEmpty() && !isWebUrl(auth))) {
        setMessage(m_testResult, validationError(), true);
        return;
    }
    m_testButton->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    Q_EMIT testRequested(twitchConfig());
}

void AccountsDialog::showTestResult(bool ok, const QString &message)
{
    m_testButton->setEnabled(true);
    setMessage(m_testResult, message, !ok);
}

void AccountsDialog::showCredentialsRemoved(bool ok, const QString &message)
{
    if (!ok) {
        m_removeButton->setEnabled(true);
        setMessage(m_testResult, message, true);
        return;
    }
    m_state.twitchSecretStored = false;
    m_state.twitch.clientId.clear();
    m_clientId->clear();
    m_clientSecret->clear();
    m_clientSecret->setPlaceholderText(tr("not set"));
    m_twitchEnabled->setChecked(false);
    m_state.twitchEnabled = false;
    setMessage(m_testResult, message, false);
}

} // namespace StreamRank
