#include "kickaccountpage.h"

#include "theme.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace StreamRank {

namespace {

const KickConfig Defaults;

bool isWebUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") &&
           !url.host().isEmpty();
}

QStringList splitEntries(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QSpinBox *spinBox(QWidget *parent, const char *name, int min, int max, const QString &tip)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setAccelerated(true);
    box->setToolTip(tip);
    return box;
}

QLabel *noteLabel(QWidget *parent, const char *name = nullptr)
{
    auto *label = new QLabel(parent);
    if (name)
        label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLineEdit *lineEdit(QWidget *parent, const char *name, const QString &tip)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setToolTip(tip);
    return edit;
}

} // namespace

KickAccountPage::KickAccountPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("KickPage"));
    // So the tab widget asks this page how tall its wrapped texts make it
    // (QStackedLayout only asks pages whose policy says so).
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    m_enabled = new QCheckBox(tr("Collect from Kick"), this);
    m_enabled->setObjectName(QStringLiteral("KickEnabled"));
    m_enabled->setToolTip(tr("Poll Kick's live streams on every census, beside or instead of the "
                             "Demo."));
    m_runNote = noteLabel(this, "KickRunNote");

    // Two columns, as on the YouTube tab, so the dialog fits a 1280×720 screen:
    // who collects and how often on the left, what on the right.
    auto *left = new QVBoxLayout;
    left->addWidget(buildCredentialsGroup());
    left->addWidget(buildPaceGroup());
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(buildCollectGroup());
    right->addWidget(buildAdvancedGroup());
    right->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_enabled);
    layout->addWidget(m_runNote);
    layout->addLayout(columns, 1);
    setState(KickAccountState{});
}

QWidget *KickAccountPage::buildCredentialsGroup()
{
    auto *group = new QGroupBox(tr("App credentials"), this);
    auto *layout = new QVBoxLayout(group);
    auto *howTo = noteLabel(group);
    howTo->setText(tr("Create an app at <a href=\"https://kick.com/settings/developer\">kick.com/"
                      "settings/developer</a> and copy its Client ID and Client Secret here. The "
                      "secret stays in the system keychain, never in the settings file."));
    howTo->setOpenExternalLinks(true);
    howTo->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(howTo);

    m_clientId = lineEdit(group, "KickClientId",
                          tr("Your Kick app's Client ID from kick.com/settings/developer; kept in "
                             "the system keychain."));
    m_clientSecret = lineEdit(group, "KickClientSecret",
                              tr("Your Kick app's Client Secret; kept in the system keychain "
                                 "only, never in settings or logs, and never shown again."));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setAttribute(Qt::WA_InputMethodEnabled, false);
    auto *form = new QFormLayout;
    form->addRow(tr("Client &ID:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_clientSecret);
    layout->addLayout(form);
    m_environmentNote = noteLabel(group);
    m_environmentNote->setText(
        tr("STREAMRANK_KICK_CLIENT_ID and STREAMRANK_KICK_CLIENT_SECRET are set: this run uses "
           "them instead of the keychain."));
    layout->addWidget(m_environmentNote);

    m_testButton = new QPushButton(tr("Test connection"), group);
    m_testButton->setObjectName(QStringLiteral("KickTestConnection"));
    m_testButton->setToolTip(tr("Asks Kick for an app token with these credentials, then for one "
                                "live stream."));
    m_removeButton = new QPushButton(tr("Remove credentials"), group);
    m_removeButton->setObjectName(QStringLiteral("KickRemoveCredentials"));
    m_removeButton->setToolTip(tr("Deletes the client ID and secret from the keychain and stops "
                                  "collecting from Kick."));
    m_testResult = noteLabel(group, "KickTestResult");
    connect(m_testButton, &QPushButton::clicked, this, &KickAccountPage::startTest);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_removeButton->setEnabled(false);
        Q_EMIT removeCredentialsRequested();
    });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_testButton);
    actions->addStretch(1);
    actions->addWidget(m_removeButton);
    layout->addLayout(actions);
    layout->addWidget(m_testResult); // the whole width: its words can run to two lines
    return group;
}

QWidget *KickAccountPage::buildCollectGroup()
{
    auto *group = new QGroupBox(tr("What to collect"), this);
    auto *layout = new QVBoxLayout(group);
    m_categories = lineEdit(group, "KickCategoryIds",
                            tr("Kick category ids (numbers), comma separated, one listing each; "
                               "empty: every category. Kick filters by id, not by name."));
    m_categories->setPlaceholderText(tr("every category — or ids, e.g. 15, 28"));
    m_language = lineEdit(group, "KickLanguage",
                          tr("A two-letter language code (en, es, pt…) the listings are "
                             "filtered by; empty: every language."));
    m_language->setMaxLength(2);
    m_language->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z]{0,2}")), m_language));
    m_language->setPlaceholderText(tr("all"));
    m_language->setMaximumWidth(
        m_language->fontMetrics().horizontalAdvance(QStringLiteral("MMMMMM")) + 16);
    auto *form = new QFormLayout;
    form->addRow(tr("&Categories:"), m_categories);
    form->addRow(tr("&Language:"), m_language);
    layout->addLayout(form);

    m_watched = new QPlainTextEdit(group);
    m_watched->setObjectName(QStringLiteral("KickWatchedChannels"));
    m_watched->setPlaceholderText(tr("Slugs (as in kick.com/slug) or broadcaster ids, one per "
                                     "line or separated by commas"));
    m_watched->setTabChangesFocus(true);
    m_watched->setToolTip(tr("Channels asked for on every census, whatever the listings find, so "
                             "their history has no holes."));
    m_watched->setFixedHeight(m_watched->fontMetrics().lineSpacing() * 3 + 12);
    auto *watchedLabel = new QLabel(tr("&Watched channels:"), group);
    watchedLabel->setBuddy(m_watched);
    layout->addWidget(watchedLabel);
    layout->addWidget(m_watched);
    return group;
}

QWidget *KickAccountPage::buildPaceGroup()
{
    auto *group = new QGroupBox(tr("Pace"), this);
    auto *form = new QFormLayout(group);
    // Numbers of a few digits: the boxes keep their own width.
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_pollMinutes = spinBox(group, "KickPollMinutes", 1, 60,
                            tr("How often a census of Kick's live streams is taken."));
    m_pollMinutes->setSuffix(tr(" min"));
    m_requestsPerMinute =
        spinBox(group, "KickRequestsPerMinute", 1, 600,
                tr("Kick publishes no rate limit; StreamRank never sends more than this in any "
                   "minute."));
    m_requestsPerMinute->setSuffix(tr(" a minute"));
    form->addRow(tr("&Poll every:"), m_pollMinutes);
    form->addRow(tr("&Requests at most:"), m_requestsPerMinute);
    return group;
}

QWidget *KickAccountPage::buildAdvancedGroup()
{
    auto *group = new QGroupBox(tr("Advanced"), this);
    auto *form = new QFormLayout(group);
    m_apiUrl = lineEdit(group, "KickApiUrl",
                        tr("Kick's public API root (default %1): a proxy or a test server.")
                            .arg(Defaults.apiUrl.toString()));
    m_authUrl = lineEdit(group, "KickAuthUrl",
                         tr("Kick's login service, which issues the app token (default %1).")
                             .arg(Defaults.authUrl.toString()));
    form->addRow(tr("API URL:"), m_apiUrl);
    form->addRow(tr("Login service URL:"), m_authUrl);
    return group;
}

void KickAccountPage::setState(const KickAccountState &state)
{
    m_state = state;
    const KickConfig &c = state.config;
    m_enabled->setChecked(state.enabled);
    m_runNote->setText(state.runNote);
    m_runNote->setVisible(!state.runNote.isEmpty());
    m_clientId->setText(c.clientId);
    // The stored secret is never read back into the widget: typing replaces it.
    m_clientSecret->clear();
    showSecretPlaceholders();
    m_environmentNote->setVisible(state.fromEnvironment);
    m_removeButton->setEnabled(state.secretStored || !c.clientId.isEmpty());

    m_categories->setText(c.categoryIds.join(QStringLiteral(", ")));
    m_language->setText(c.language);
    m_watched->setPlainText(c.watchedChannels.join(u'\n'));
    m_pollMinutes->setValue(int(std::clamp<qint64>(c.pollIntervalMs / 60000, 1, 60)));
    m_requestsPerMinute->setValue(c.requestsPerMinute);
    m_apiUrl->setText(c.apiUrl.toString());
    m_apiUrl->setPlaceholderText(Defaults.apiUrl.toString());
    m_authUrl->setText(c.authUrl.toString());
    m_authUrl->setPlaceholderText(Defaults.authUrl.toString());
    m_testResult->clear();
    m_testResult->hide();
    Q_EMIT contentsResized();
}

void KickAccountPage::showSecretPlaceholders()
{
    const KickAccountState &s = m_state;
    m_clientId->setPlaceholderText(s.fromEnvironment
                                       ? tr("from STREAMRANK_KICK_CLIENT_ID — typing one stores it")
                                       : tr("not set — your Kick app's Client ID"));
    m_clientSecret->setPlaceholderText(
        s.fromEnvironment ? tr("from STREAMRANK_KICK_CLIENT_SECRET — typing one stores it")
        : s.secretStored  ? (s.sessionOnly ? tr("kept for this run — leave empty to keep")
                                           : tr("stored in the keychain — leave empty to keep"))
                          : tr("not set"));
}

bool KickAccountPage::kickEnabled() const
{
    return m_enabled->isChecked();
}

std::optional<QStringList> KickAccountPage::parseCategoryIds(const QString &text, QString *error)
{
    static const QRegularExpression id(QStringLiteral("^[0-9]{1,18}$"));
    QStringList out;
    for (const QString &entry : splitEntries(text)) {
        if (!id.match(entry).hasMatch()) {
            if (error)
                *error = tr("Categories: “%1” is not a category id: Kick filters by the "
                            "category's number, not its name.")
                             .arg(entry);
            return std::nullopt;
        }
        if (!out.contains(entry))
            out.append(entry);
    }
    return out;
}

std::optional<QStringList> KickAccountPage::parseChannels(const QString &text, QString *error)
{
    // A slug is what follows kick.com/ in the channel's address.
    static const QRegularExpression slug(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    static const QRegularExpression address(
        QStringLiteral("^(?:https?://)?(?:www\\.)?kick\\.com/([A-Za-z0-9_-]+)/?(?:[?#].*)?$"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    for (QString entry : splitEntries(text)) {
        if (const QRegularExpressionMatch m = address.match(entry); m.hasMatch())
            entry = m.captured(1);
        if (!slug.match(entry).hasMatch()) {
            if (error)
                *error = tr("Watched channels: “%1” is not a channel: enter its slug, as in "
                            "kick.com/slug, or its broadcaster id (a number).")
                             .arg(entry);
            return std::nullopt;
        }
        if (!out.contains(entry, Qt::CaseInsensitive))
            out.append(entry);
    }
    return out;
}

KickConfig KickAccountPage::config() const
{
    KickConfig c = m_state.config;
    c.clientId = m_clientId->text().trimmed();
    c.clientSecret = m_clientSecret->text().trimmed();
    const QString api = m_apiUrl->text().trimmed();
    const QString auth = m_authUrl->text().trimmed();
    c.apiUrl = api.isEmpty() ? Defaults.apiUrl : QUrl(api, QUrl::StrictMode);
    c.authUrl = auth.isEmpty() ? Defaults.authUrl : QUrl(auth, QUrl::StrictMode);
    c.categoryIds = parseCategoryIds(m_categories->text(), nullptr).value_or(QStringList());
    c.language = m_language->text().trimmed().toLower();
    c.watchedChannels = parseChannels(m_watched->toPlainText(), nullptr).value_or(QStringList());
    c.pollIntervalMs = qint64(m_pollMinutes->value()) * 60000;
    c.requestsPerMinute = m_requestsPerMinute->value();
    return c;
}

QString KickAccountPage::urlError() const
{
    const QString api = m_apiUrl->text().trimmed();
    const QString auth = m_authUrl->text().trimmed();
    if (!api.isEmpty() && !isWebUrl(api))
        return tr("The Kick API URL must be an http(s) address, e.g. %1.")
            .arg(Defaults.apiUrl.toString());
    if (!auth.isEmpty() && !isWebUrl(auth))
        return tr("The Kick login service URL must be an http(s) address, e.g. %1.")
            .arg(Defaults.authUrl.toString());
    return {};
}

QString KickAccountPage::validationError() const
{
    if (const QString error = urlError(); !error.isEmpty())
        return error;
    QString error;
    if (!parseCategoryIds(m_categories->text(), &error))
        return error;
    static const QRegularExpression code(QStringLiteral("^[A-Za-z]{2}$"));
    const QString language = m_language->text().trimmed();
    if (!language.isEmpty() && !code.match(language).hasMatch())
        return tr("Language: “%1” is not a two-letter language code such as en or es.")
            .arg(language);
    if (!parseChannels(m_watched->toPlainText(), &error))
        return error;
    if (!m_enabled->isChecked() || m_state.fromEnvironment)
        return {};
    if (m_clientId->text().trimmed().isEmpty())
        return tr("Enter the Client ID of your Kick app to collect from Kick.");
    if (!m_state.secretStored && m_clientSecret->text().trimmed().isEmpty())
        return tr("Enter the Client Secret of your Kick app to collect from Kick.");
    return {};
}

void KickAccountPage::setMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setStyleSheet(
        toneStyleSheet(error ? TextTone::Error : TextTone::Success, label->palette()));
    label->setVisible(!text.isEmpty());
    Q_EMIT contentsResized();
}

void KickAccountPage::startTest()
{
    if (const QString error = urlError(); !error.isEmpty()) {
        setMessage(m_testResult, error, true);
        return;
    }
    m_testButton->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    m_testResult->show();
    Q_EMIT contentsResized();
    Q_EMIT testRequested(config());
}

void KickAccountPage::showTestResult(bool ok, const QString &message)
{
    m_testButton->setEnabled(true);
    setMessage(m_testResult, message, !ok);
}

void KickAccountPage::showCredentialsRemoved(bool ok, const QString &message)
{
    if (!ok) {
        m_removeButton->setEnabled(true);
        setMessage(m_testResult, message, true);
        return;
    }
    m_state.secretStored = false;
    m_state.enabled = false;
    m_state.config.clientId.clear();
    m_clientId->clear();
    m_clientSecret->clear();
    showSecretPlaceholders();
    m_enabled->setChecked(false);
    setMessage(m_testResult, message, false);
}

} // namespace StreamRank
