#include "youtubeaccountpage.h"

#include "clock.h"
#include "theme.h"
#include "youtubebudget.h"
#include "youtubequota.h"
#include "youtubesearchtable.h"

#include <QCheckBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace StreamRank {

namespace {

const YouTubeConfig Defaults;

bool isWebUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") &&
           !url.host().isEmpty();
}

QSpinBox *spinBox(QWidget *parent, const char *name, int min, int max, const QString &tip)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    box->setToolTip(tip);
    return box;
}

// "Label: field" in a row, the label the field's buddy.
QHBoxLayout *labelled(const QString &text, QWidget *field, int stretch = 1)
{
    auto *label = new QLabel(text, field->parentWidget());
    label->setBuddy(field);
    auto *row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(field, stretch);
    return row;
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

} // namespace

YouTubeAccountPage::YouTubeAccountPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("YouTubePage"));
    // So the tab widget asks this page how tall its wrapped texts make it
    // (QStackedLayout only asks pages whose policy says so).
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    m_enabled = new QCheckBox(tr("Collect from YouTube"), this);
    m_enabled->setObjectName(QStringLiteral("YouTubeEnabled"));
    m_enabled->setToolTip(tr("Track the live videos your searches and watched channels find, "
                             "beside or instead of the Demo."));
    m_runNote = noteLabel(this, "YouTubeRunNote");

    // Two columns: what the user sets up on the left, what it costs on the
    // right, so the tab fits a 1280×720 screen.
    auto *left = new QVBoxLayout;
    left->addWidget(buildKeyGroup());
    left->addWidget(buildTrackingGroup(), 1);
    auto *right = new QVBoxLayout;
    right->addWidget(buildQuotaGroup());
    right->addWidget(buildAdvancedGroup());
    right->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 5);
    columns->addLayout(right, 4);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_enabled);
    layout->addWidget(m_runNote);
    layout->addLayout(columns, 1);

    for (QSpinBox *box :
         {m_pollMinutes, m_dailyUnits, m_dailySearches, m_searchCost, m_searchPages})
        connect(box, &QSpinBox::valueChanged, this, &YouTubeAccountPage::renderQuota);
    connect(m_watched, &QPlainTextEdit::textChanged, this, &YouTubeAccountPage::renderQuota);
    connect(m_searches->model(), &QAbstractItemModel::rowsInserted, this,
            &YouTubeAccountPage::renderQuota);
    connect(m_searches->model(), &QAbstractItemModel::rowsRemoved, this,
            &YouTubeAccountPage::renderQuota);
    connect(m_searches->model(), &QAbstractItemModel::dataChanged, this,
            &YouTubeAccountPage::renderQuota);
    setState(YouTubeAccountState{});
}

QWidget *YouTubeAccountPage::buildKeyGroup()
{
    auto *group = new QGroupBox(tr("API key"), this);
    auto *form = new QVBoxLayout(group);
    auto *howTo = noteLabel(group);
    howTo->setText(tr("Create a key for the YouTube Data API v3 in the "
                      "<a href=\"https://console.cloud.google.com/apis/credentials\">Google "
                      "Cloud console</a> (enable the API for its project first)."));
    howTo->setOpenExternalLinks(true);
    howTo->setTextInteractionFlags(Qt::TextBrowserInteraction);
    form->addWidget(howTo);
    m_apiKey = new QLineEdit(group);
    m_apiKey->setObjectName(QStringLiteral("YouTubeApiKey"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_apiKey->setToolTip(tr("Your YouTube Data API key; kept in the system keychain only, never "
                            "in settings or logs, and never shown again."));
    form->addLayout(labelled(tr("API &key:"), m_apiKey));
    m_environmentNote = noteLabel(group);
    m_environmentNote->setText(
        tr("STREAMRANK_YOUTUBE_API_KEY is set: this run uses it instead of the keychain."));
    form->addWidget(m_environmentNote);

    m_testButton = new QPushButton(tr("Test connection"), group);
    m_testButton->setObjectName(QStringLiteral("YouTubeTestConnection"));
    m_testButton->setToolTip(tr("One call with this key (1 quota unit): says whether the key "
                                "works and the API is enabled."));
    m_removeButton = new QPushButton(tr("Remove key"), group);
    m_removeButton->setObjectName(QStringLiteral("YouTubeRemoveKey"));
    m_removeButton->setToolTip(
        tr("Deletes the API key from the keychain and stops collecting from YouTube."));
    m_testResult = noteLabel(group, "YouTubeTestResult");
    connect(m_testButton, &QPushButton::clicked, this, &YouTubeAccountPage::startTest);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_removeButton->setEnabled(false);
        Q_EMIT removeKeyRequested();
    });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_testButton);
    actions->addStretch(1);
    actions->addWidget(m_removeButton);
    form->addLayout(actions);
    form->addWidget(m_testResult); // the whole width: its words run to two lines
    return group;
}

QWidget *YouTubeAccountPage::buildTrackingGroup()
{
    auto *group = new QGroupBox(tr("What to track"), this);
    auto *form = new QVBoxLayout(group);
    auto *why = noteLabel(group);
    why->setText(tr("YouTube lists no live streams: they are found by your searches and "
                    "watched channels."));
    form->addWidget(why);

    m_searches = createYouTubeSearchTable(group);
    auto *add = new QPushButton(tr("Add search"), group);
    add->setObjectName(QStringLiteral("YouTubeAddSearch"));
    m_removeSearch = new QPushButton(tr("Remove"), group);
    m_removeSearch->setObjectName(QStringLiteral("YouTubeRemoveSearch"));
    m_removeSearch->setEnabled(false);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = addSearch({});
        m_searches->setCurrentCell(row, 0);
        m_searches->editItem(m_searches->item(row, 0));
    });
    connect(m_removeSearch, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QModelIndex &index : m_searches->selectionModel()->selectedRows())
            rows.append(index.row());
        if (rows.isEmpty() && m_searches->currentRow() >= 0)
            rows.append(m_searches->currentRow());
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : rows)
            m_searches->removeRow(row);
    });
    connect(m_searches, &QTableWidget::itemSelectionChanged, this,
            [this] { m_removeSearch->setEnabled(!m_searches->selectedItems().isEmpty()); });
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_removeSearch);
    buttons->addStretch(1);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searches, 1);
    searchRow->addLayout(buttons);
    // Labels above the two lists, which get the whole width.
    auto *searchesLabel = new QLabel(tr("&Searches:"), group);
    searchesLabel->setBuddy(m_searches);
    form->addWidget(searchesLabel);
    form->addLayout(searchRow);

    m_watched = new QPlainTextEdit(group);
    m_watched->setObjectName(QStringLiteral("YouTubeWatchedChannels"));
    m_watched->setPlaceholderText(tr("One channel id per line, e.g. UCBR8-60-B28hp2BmDPdntcQ"));
    m_watched->setTabChangesFocus(true);
    m_watched->setToolTip(tr("Channels checked for a live broadcast whatever the searches find "
                             "(1 unit a check): the id starts with UC and is in the channel's "
                             "address, youtube.com/channel/UC…"));
    m_watched->setFixedHeight(m_watched->fontMetrics().lineSpacing() * 3 + 12);
    auto *watchedLabel = new QLabel(tr("&Watched channels:"), group);
    watchedLabel->setBuddy(m_watched);
    form->addWidget(watchedLabel);
    form->addWidget(m_watched);

    return group;
}

QWidget *YouTubeAccountPage::buildQuotaGroup()
{
    auto *group = new QGroupBox(tr("Pace and daily quota"), this);
    auto *layout = new QVBoxLayout(group);
    // The interval beside the budget it is weighed against.
    m_pollMinutes = spinBox(group, "YouTubePollMinutes", 1, 60,
                            tr("How often the tracked live videos' viewers are read; the daily "
                               "quota may make it slower (below)."));
    m_pollMinutes->setSuffix(tr(" min"));
    QHBoxLayout *poll = labelled(tr("&Poll every:"), m_pollMinutes, 0);
    poll->addStretch(1);
    layout->addLayout(poll);
    m_quotaLine = noteLabel(group, "YouTubeQuotaLine");
    m_budget = noteLabel(group, "YouTubeBudget");
    layout->addWidget(m_quotaLine);
    layout->addWidget(m_budget);
    return group;
}

QWidget *YouTubeAccountPage::buildAdvancedGroup()
{
    auto *group = new QGroupBox(tr("Advanced"), this);
    auto *form = new QFormLayout(group);
    m_dailyUnits = spinBox(group, "YouTubeDailyUnits", 1, 100000000,
                           tr("Units a day YouTube gives your key's project (10,000 unless Google "
                              "raised it)."));
    m_dailyUnits->setSingleStep(1000);
    m_dailySearches = spinBox(group, "YouTubeDailySearches", 0, 1000000,
                              tr("Searches (search.list calls) a day, YouTube's own bucket since "
                                 "2026 (100)."));
    m_searchCost = spinBox(group, "YouTubeSearchCost", 0, 1000,
                           tr("Units a search also costs: 0 today; older documentation says "
                              "100."));
    m_searchPages = spinBox(group, "YouTubeSearchPages", 1, 10,
                            tr("Pages of 50 results a search reads; each page is one search "
                               "call."));
    m_apiUrl = new QLineEdit(group);
    m_apiUrl->setObjectName(QStringLiteral("YouTubeApiUrl"));
    m_apiUrl->setToolTip(tr("The Data API root (default %1): a proxy or a test server.")
                             .arg(Defaults.apiUrl.toString()));
    form->addRow(tr("Units a day:"), m_dailyUnits);
    form->addRow(tr("Searches a day:"), m_dailySearches);
    form->addRow(tr("Units per search:"), m_searchCost);
    form->addRow(tr("Pages per search:"), m_searchPages);
    form->addRow(tr("API URL:"), m_apiUrl);
    return group;
}

void YouTubeAccountPage::setState(const YouTubeAccountState &state)
{
    m_state = state;
    const YouTubeConfig &c = state.config;
    m_enabled->setChecked(state.enabled);
    // The stored key is never read back into the widget: typing replaces it.
    m_apiKey->clear();
    m_apiKey->setPlaceholderText(
        state.fromEnvironment ? tr("from STREAMRANK_YOUTUBE_API_KEY — typing one stores it")
        : state.keyStored     ? (state.sessionOnly ? tr("kept for this run — leave empty to keep")
                                                   : tr("stored in the keychain — leave empty to keep"))
                              : tr("not set — paste a YouTube Data API v3 key"));
    m_environmentNote->setVisible(state.fromEnvironment);
    m_runNote->setText(state.runNote);
    m_runNote->setVisible(!state.runNote.isEmpty());
    m_removeButton->setEnabled(state.keyStored);

    m_searches->setRowCount(0);
    for (const YouTubeSearch &search : c.searches)
        addSearch(search);
    m_watched->setPlainText(c.watchedChannels.join(u'\n'));
    m_pollMinutes->setValue(int(std::clamp<qint64>(c.pollIntervalMs / 60000, 1, 60)));
    m_dailyUnits->setValue(c.dailyUnits);
    m_dailySearches->setValue(c.dailySearches);
    m_searchCost->setValue(c.searchCostUnits);
    m_searchPages->setValue(c.searchPages);
    m_apiUrl->setText(c.apiUrl.toString());
    m_apiUrl->setPlaceholderText(Defaults.apiUrl.toString());
    m_testResult->clear();
    m_testResult->hide();
    renderQuota();
}

int YouTubeAccountPage::addSearch(const YouTubeSearch &search)
{
    return appendYouTubeSearch(m_searches, search);
}

bool YouTubeAccountPage::youtubeEnabled() const
{
    return m_enabled->isChecked();
}

QVector<std::pair<QString, QString>> YouTubeAccountPage::videoCategories()
{
    return youTubeVideoCategories();
}

std::optional<QStringList> YouTubeAccountPage::parseChannelIds(const QString &text, QString *error)
{
    static const QRegularExpression id(QStringLiteral("^UC[A-Za-z0-9_-]{22}$"));
    // youtube.com/channel/UC…, as copied from a browser's address bar.
    static const QRegularExpression address(QStringLiteral("/channel/(UC[A-Za-z0-9_-]{22})\\b"));
    QStringList out;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        if (const QRegularExpressionMatch m = address.match(line); m.hasMatch())
            line = m.captured(1);
        if (!id.match(line).hasMatch()) {
            if (error) {
                const QString why =
                    line.startsWith(u'@')
                        ? tr("that is a handle; YouTube needs the channel id, which starts "
                             "with UC (open the channel's About page → Share channel → Copy "
                             "channel ID)")
                        : tr("a channel id is UC followed by 22 letters, digits, - or _, as in "
                             "youtube.com/channel/UC…");
                *error = tr("Watched channels, line %1: “%2” is not a channel id: %3.")
                             .arg(i + 1)
                             .arg(line, why);
            }
            return std::nullopt;
        }
        if (!out.contains(line))
            out.append(line);
    }
    return out;
}

QVector<YouTubeSearch> YouTubeAccountPage::searches(QString *error) const
{
    QVector<YouTubeSearch> out;
    QString problem;
    for (int row = 0; row < m_searches->rowCount(); ++row) {
        const YouTubeSearch s = youTubeSearchAt(m_searches, row);
        if (s.isEmpty() && s.regionCode.isEmpty() && s.relevanceLanguage.isEmpty())
            continue; // a row added and left empty
        if (problem.isEmpty())
            problem = youTubeSearchError(s, row);
        if (!s.isEmpty() && !out.contains(s))
            out.append(s);
    }
    if (error)
        *error = problem;
    return out;
}

YouTubeConfig YouTubeAccountPage::config() const
{
    YouTubeConfig c = m_state.config;
    c.apiKey = m_apiKey->text().trimmed();
    const QString api = m_apiUrl->text().trimmed();
    c.apiUrl = api.isEmpty() ? Defaults.apiUrl : QUrl(api, QUrl::StrictMode);
    c.searches = searches(nullptr);
    c.watchedChannels = parseChannelIds(m_watched->toPlainText(), nullptr).value_or(QStringList());
    c.pollIntervalMs = qint64(m_pollMinutes->value()) * 60000;
    c.dailyUnits = m_dailyUnits->value();
    c.dailySearches = m_dailySearches->value();
    c.searchCostUnits = m_searchCost->value();
    c.searchPages = m_searchPages->value();
    return c;
}

QString YouTubeAccountPage::validationError() const
{
    const QString api = m_apiUrl->text().trimmed();
    if (!api.isEmpty() && !isWebUrl(api))
        return tr("The YouTube API URL must be an http(s) address, e.g. %1.")
            .arg(Defaults.apiUrl.toString());
    QString error;
    if (!parseChannelIds(m_watched->toPlainText(), &error))
        return error;
    const QVector<YouTubeSearch> found = searches(&error);
    if (!error.isEmpty())
        return error;
    if (!m_enabled->isChecked())
        return {};
    if (!m_state.keyStored && !m_state.fromEnvironment && m_apiKey->text().trimmed().isEmpty())
        return tr("Enter a YouTube Data API key to collect from YouTube.");
    if (found.isEmpty() && m_watched->toPlainText().trimmed().isEmpty() && !m_state.runTracks)
        return tr("Add a search or a watched channel to collect from YouTube: it has no list of "
                  "every live stream.");
    return {};
}

void YouTubeAccountPage::setMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setStyleSheet(
        toneStyleSheet(error ? TextTone::Error : TextTone::Success, label->palette()));
    label->setVisible(!text.isEmpty());
    Q_EMIT contentsResized();
}

void YouTubeAccountPage::startTest()
{
    const QString api = m_apiUrl->text().trimmed();
    if (!api.isEmpty() && !isWebUrl(api)) {
        setMessage(m_testResult, validationError(), true);
        return;
    }
    m_testButton->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    m_testResult->show();
    Q_EMIT contentsResized();
    Q_EMIT testRequested(config());
}

void YouTubeAccountPage::showTestResult(bool ok, const QString &message)
{
    m_testButton->setEnabled(true);
    setMessage(m_testResult, message, !ok);
}

void YouTubeAccountPage::showKeyRemoved(bool ok, const QString &message)
{
    if (!ok) {
        m_removeButton->setEnabled(true);
        setMessage(m_testResult, message, true);
        return;
    }
    m_state.keyStored = false;
    m_state.enabled = false;
    m_apiKey->clear();
    m_apiKey->setPlaceholderText(tr("not set — paste a YouTube Data API v3 key"));
    m_enabled->setChecked(false);
    setMessage(m_testResult, message, false);
}

void YouTubeAccountPage::showQuota(const YouTubeQuotaStatus &status)
{
    m_state.quota = status;
    m_state.quotaLive = true;
    renderQuota();
}

void YouTubeAccountPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        renderQuota();
    QWidget::changeEvent(event);
}

void YouTubeAccountPage::renderQuota()
{
    const QLocale l;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString reset =
        localTimeText(YouTube::nextPacificMidnightMs(now), QStringLiteral("HH:mm"));

    // The line: what is spent (the collector's own words while it runs).
    const std::optional<YouTubeQuotaStatus> &q = m_state.quota;
    if (q && m_state.quotaLive) {
        m_quotaLine->setText(tr("Today: %1").arg(q->summary()));
    } else if (q) {
        m_quotaLine->setText(tr("Today: %1 of %2 units · %3 of %4 searches used · resets %5 "
                                "(not collecting now)")
                                 .arg(l.toString(q->unitsUsed), l.toString(q->dailyUnits),
                                      l.toString(q->searchesUsed), l.toString(q->dailySearches),
                                      reset));
    } else {
        m_quotaLine->setText(tr("Nothing spent today yet."));
    }
    m_quotaLine->setStyleSheet(q && q->exhausted ? toneStyleSheet(TextTone::Warning, palette())
                                                 : QString());

    const YouTubeConfig typed = config();
    m_budget->setText(youTubeBudgetText(typed, int(typed.searches.size()),
                                        int(typed.watchedChannels.size()), now));
    Q_EMIT contentsResized();
}

} // namespace StreamRank
