#include "youtubeparsers.h"
#include "youtubeparsers_p.h"

#include "jsonread.h"
#include "rfc3339.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <climits>
#include <cmath>
#include <initializer_list>
#include <iterator>

// Decisions the tests pin down:
// - An item is malformed (counted, skipped) only when it is not an object or
//   lacks its id: a video with an unreadable title still has a viewer count
//   worth keeping. Any other field that is present but unreadable (a wrong
//   type, a garbage count, a time that does not parse) reads as empty/unknown
//   and is counted in unreadableFields, so a change of type on YouTube's side
//   shows up as a number instead of silently blank columns.
// - Counts are strings of ASCII digits ("37036") or JSON numbers, whole and in
//   0..2^53. Anything else ("-5", "1.5", "", "12k") is unknown, never 0.
// - search.list escapes HTML in titles ("Chip &#39;N Dale"); videos.list does
//   not. Search titles are unescaped so both read the same.
// - Messages taken from a body are cleaned (control characters, HTML tags,
//   runs of whitespace) and cut to a length a status bar can show.
// - Most of a videos.list page is text no parser here reads (descriptions
//   twice, thumbnails, tags): about 80 % of its bytes. Building QJson values for it
//   costs ~1.3 ms a page of 50, against a limit of 0.5 ms for the whole parse
//   (tests/bench/bench_youtube_parse). So the values of those members are cut
//   out (replaced by null) before QJsonDocument sees the body. The cut only
//   checks that such a value ends (its strings closed, as many brackets closed
//   as opened), not what is inside it: a defect confined to a description or a
//   thumbnail list (bad UTF-8, a missing comma) is not a page error. A value
//   that does not end leaves the body as it was, for QJson to report.

namespace StreamRank::YouTube {

using namespace Detail;

namespace {

// Whole numbers above 2^53 do not survive a double; the same bound for strings
// keeps both spellings of a count equivalent.
constexpr qint64 MaxCount = qint64(1) << 53;

using Json::countUp;

// Field readers for kept items: a wrong type counts as unreadable and reads as
// empty/unknown. Missing and null are simply absent.
class FieldReader
{
public:
    explicit FieldReader(int &unreadable) : m_unreadable(unreadable) {}

    QString text(const QJsonObject &o, QLatin1String key) const
    {
        const QJsonValue v = o.value(key);
        if (v.isString())
            return v.toString();
        if (!v.isUndefined() && !v.isNull())
            countUp(m_unreadable);
        return {};
    }

    // A sub-object ("snippet"), or an empty one; `present` says whether it was there.
    QJsonObject object(const QJsonObject &o, QLatin1String key, bool *present = nullptr) const
    {
        const QJsonValue v = o.value(key);
        const bool isObject = v.isObject();
        if (present)
            *present = isObject;
        if (!isObject && !v.isUndefined() && !v.isNull())
            countUp(m_unreadable);
        return isObject ? v.toObject() : QJsonObject();
    }

    std::optional<qint64> count(const QJsonObject &o, QLatin1String key) const
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        std::optional<qint64> n;
        if (v.isString())
            n = digits(v.toString());
        else if (v.isDouble())
            n = wholeNumber(v.toDouble());
        if (!n)
            countUp(m_unreadable);
        return n;
    }

    // -1 when absent; -1 and counted when present but not an RFC 3339 time.
    qint64 time(const QJsonObject &o, QLatin1String key) const
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return -1;
        const qint64 ms = v.isString() ? parseRfc3339Ms(v.toString()) : qint64(-1);
        if (ms < 0)
            countUp(m_unreadable);
        return ms;
    }

    // Absent: false. A wrong type counts and reads as false.
    bool flag(const QJsonObject &o, QLatin1String key) const
    {
        const QJsonValue v = o.value(key);
        if (v.isBool())
            return v.toBool();
        if (!v.isUndefined() && !v.isNull())
            countUp(m_unreadable);
        return false;
    }

private:
    static std::optional<qint64> digits(QStringView s)
    {
        if (s.isEmpty() || s.size() > 16)
            return std::nullopt;
        qint64 value = 0;
        for (const QChar c : s) {
            if (c < u'0' || c > u'9')
                return std::nullopt;
            value = value * 10 + (c.unicode() - u'0');
        }
        if (value > MaxCount)
            return std::nullopt;
        return value;
    }

    static std::optional<qint64> wholeNumber(double d)
    {
        if (!std::isfinite(d) || d < 0.0 || d != std::floor(d) || d > static_cast<double>(MaxCount))
            return std::nullopt;
        return static_cast<qint64>(d);
    }

    int &m_unreadable;
};

// A non-empty string, or nothing.
std::optional<QString> requiredText(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return std::nullopt;
    QString s = v.toString();
    if (s.isEmpty())
        return std::nullopt;
    return s;
}

// &amp; &lt; &gt; &quot; &apos; and numeric references; anything else is kept as sent.
QString decodeHtmlEntities(const QString &s)
{
    if (!s.contains(u'&'))
        return s;
    QString out;
    out.reserve(s.size());
    qsizetype i = 0;
    while (i < s.size()) {
        const qsizetype semi = s.at(i) == u'&' ? s.indexOf(u';', i + 1) : -1;
        if (semi < 0 || semi - i > 10) {
            out.append(s.at(i++));
            continue;
        }
        const QStringView name = QStringView(s).mid(i + 1, semi - i - 1);
        char32_t cp = 0;
        if (name == u"amp")
            cp = u'&';
        else if (name == u"lt")
            cp = u'<';
        else if (name == u"gt")
            cp = u'>';
        else if (name == u"quot")
            cp = u'"';
        else if (name == u"apos")
            cp = u'\'';
        else if (name.size() >= 2 && name.at(0) == u'#') {
            const bool hex = name.at(1) == u'x' || name.at(1) == u'X';
            const QStringView number = name.mid(hex ? 2 : 1);
            const int base = hex ? 16 : 10;
            char32_t value = 0;
            bool ok = !number.isEmpty();
            for (const QChar c : number) {
                const int d = c >= u'0' && c <= u'9'          ? c.unicode() - u'0'
                              : hex && c >= u'a' && c <= u'f' ? c.unicode() - u'a' + 10
                              : hex && c >= u'A' && c <= u'F' ? c.unicode() - u'A' + 10
                                                              : -1;
                if (d < 0 || value > 0x10FFFF) {
                    ok = false;
                    break;
                }
                value = value * char32_t(base) + char32_t(d);
            }
            const bool valid = value > 0 && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF);
            if (ok && valid)
                cp = value;
        }
        if (cp == 0) {
            out.append(s.at(i++));
            continue;
        }
        if (QChar::requiresSurrogates(cp)) {
            out.append(QChar(QChar::highSurrogate(cp)));
            out.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            out.append(QChar(char16_t(cp)));
        }
        i = semi + 1;
    }
    return out;
}

// The primary language subtag, lower case: "en-US" -> "en", "zh_Hant" -> "zh".
// Empty when it is not 2 or 3 ASCII letters or says "no language".
QString primaryLanguage(const QString &tag)
{
    qsizetype end = 0;
    while (end < tag.size() && tag.at(end) != u'-' && tag.at(end) != u'_')
        ++end;
    if (end < 2 || end > 3)
        return {};
    QString code;
    code.reserve(end);
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = tag.at(i).unicode();
        if (c >= u'A' && c <= u'Z')
            code.append(QChar(char16_t(c + (u'a' - u'A'))));
        else if (c >= u'a' && c <= u'z')
            code.append(QChar(c));
        else
            return {};
    }
    // No linguistic content, undetermined, multiple, uncoded (ISO 639-2 special codes).
    for (const char16_t *special : {u"zxx", u"und", u"mul", u"mis"}) {
        if (code == QStringView(special))
            return {};
    }
    return code;
}

QString nextPageToken(const QJsonObject &root)
{
    return stringOr(root.value(QLatin1String("nextPageToken")));
}

// The "items" array of a list response, or false and the reason in words.
bool readItems(const QByteArray &body, QJsonObject &root, QJsonArray &out, QString &error)
{
    const QByteArray reduced = withoutUnreadValues(body);
    if (!readObject(reduced, root, error)) {
        // The body as sent fails too (a cut never breaks a valid body): its
        // error gives offsets into the bytes as sent, not into the cut copy.
        QJsonObject ignored;
        QString original;
        if (reduced.constData() != body.constData() && !readObject(body, ignored, original))
            error = original;
        return false;
    }
    const QJsonValue items = root.value(QLatin1String("items"));
    if (items.isArray()) {
        out = items.toArray();
        return true;
    }
    if (QString what; embeddedError(root, what)) {
        error = QStringLiteral("YouTube answered with an error: %1").arg(what);
        return false;
    }
    if (items.isUndefined()) {
        // YouTube leaves "items" out when nothing matched (channels.list of an
        // unknown id answers kind, etag and pageInfo only).
        const bool listShaped = root.isEmpty() || root.contains(QLatin1String("kind")) ||
                                root.contains(QLatin1String("etag")) ||
                                root.contains(QLatin1String("pageInfo"));
        if (listShaped)
            return true;
        error = QStringLiteral("YouTube's response has no \"items\" list");
        return false;
    }
    error = QStringLiteral("YouTube's response has an \"items\" field that is not a list");
    return false;
}

std::optional<SearchItem> readSearchItem(const QJsonValue &item, const FieldReader &read)
{
    if (!item.isObject())
        return std::nullopt;
    const QJsonObject o = item.toObject();
    const auto videoId =
        requiredText(o.value(QLatin1String("id")).toObject(), QLatin1String("videoId"));
    if (!videoId)
        return std::nullopt;
    SearchItem s;
    s.videoId = *videoId;
    const QJsonObject snippet = read.object(o, QLatin1String("snippet"));
    s.channelId = read.text(snippet, QLatin1String("channelId"));
    s.channelTitle = decodeHtmlEntities(read.text(snippet, QLatin1String("channelTitle")));
    s.title = decodeHtmlEntities(read.text(snippet, QLatin1String("title")));
    s.liveBroadcastContent = read.text(snippet, QLatin1String("liveBroadcastContent"));
    return s;
}

std::optional<Video> readVideo(const QJsonValue &item, const FieldReader &read)
{
    if (!item.isObject())
        return std::nullopt;
    const QJsonObject o = item.toObject();
    const auto id = requiredText(o, QLatin1String("id"));
    if (!id)
        return std::nullopt;
    Video v;
    v.id = *id;
    const QJsonObject snippet = read.object(o, QLatin1String("snippet"));
    v.channelId = read.text(snippet, QLatin1String("channelId"));
    v.channelTitle = read.text(snippet, QLatin1String("channelTitle"));
    v.title = read.text(snippet, QLatin1String("title"));
    v.categoryId = read.text(snippet, QLatin1String("categoryId"));
    v.liveBroadcastContent = read.text(snippet, QLatin1String("liveBroadcastContent"));
    // The audio language says what a viewer hears; the metadata language is the
    // fallback, also when the audio one names no language ("zxx" for music).
    v.language = primaryLanguage(read.text(snippet, QLatin1String("defaultAudioLanguage")));
    if (v.language.isEmpty())
        v.language = primaryLanguage(read.text(snippet, QLatin1String("defaultLanguage")));

    const QJsonObject live =
        read.object(o, QLatin1String("liveStreamingDetails"), &v.hasLiveDetails);
    v.actualStartMs = read.time(live, QLatin1String("actualStartTime"));
    v.actualEndMs = read.time(live, QLatin1String("actualEndTime"));
    v.scheduledStartMs = read.time(live, QLatin1String("scheduledStartTime"));
    v.concurrentViewers = read.count(live, QLatin1String("concurrentViewers"));
    return v;
}

std::optional<Channel> readChannel(const QJsonValue &item, const FieldReader &read)
{
    if (!item.isObject())
        return std::nullopt;
    const QJsonObject o = item.toObject();
    const auto id = requiredText(o, QLatin1String("id"));
    if (!id)
        return std::nullopt;
    Channel c;
    c.id = *id;
    const QJsonObject snippet = read.object(o, QLatin1String("snippet"));
    c.title = read.text(snippet, QLatin1String("title"));
    c.customUrl = read.text(snippet, QLatin1String("customUrl"));
    const QJsonObject details = read.object(o, QLatin1String("contentDetails"));
    const QJsonObject playlists = read.object(details, QLatin1String("relatedPlaylists"));
    c.uploadsPlaylistId = read.text(playlists, QLatin1String("uploads"));
    const QJsonObject statistics = read.object(o, QLatin1String("statistics"));
    const bool hidden = read.flag(statistics, QLatin1String("hiddenSubscriberCount"));
    const auto subscribers = read.count(statistics, QLatin1String("subscriberCount"));
    // A hidden count is unknown, whatever number is sent beside the flag.
    if (!hidden)
        c.subscribers = subscribers;
    return c;
}

// A list response's items read one by one with readItem: an item it cannot
// read is counted as malformed and skipped.
template <typename Page, typename Item, typename ReadItem>
Page readListPage(const QByteArray &body, QVector<Item> Page::*list, ReadItem readItem)
{
    Page page;
    QJsonObject root;
    QJsonArray items;
    if (!readItems(body, root, items, page.error))
        return page;
    const FieldReader read(page.unreadableFields);
    (page.*list).reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        if (auto value = readItem(item, read))
            (page.*list).append(std::move(*value));
        else
            countUp(page.malformedItems);
    }
    page.nextPageToken = nextPageToken(root);
    return page;
}

} // namespace

namespace Detail {

// The body as a JSON object, or false and the reason in words.
bool readObject(const QByteArray &body, QJsonObject &out, QString &error)
{
    return Json::readObject(body, QStringLiteral("YouTube"), out, error);
}

QString stringOr(const QJsonValue &v)
{
    return v.isString() ? v.toString() : QString();
}

// Cuts to at most `max` characters, never inside a surrogate pair, with an ellipsis.
QString bounded(QString s, qsizetype max)
{
    if (s.size() <= max)
        return s;
    s.truncate(max - 1);
    if (!s.isEmpty() && s.back().isHighSurrogate())
        s.chop(1);
    s.append(QChar(0x2026));
    return s;
}

// Text from a server made fit for one line of UI: no control characters, no
// HTML tags (the quota message links its last word), no runs of whitespace,
// bounded length.
QString cleanMessage(const QString &raw, qsizetype max)
{
    QString s;
    s.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c == u'<') {
            const qsizetype close = raw.indexOf(u'>', i + 1);
            if (close > i && close - i <= 200) {
                i = close;
                continue;
            }
        }
        s.append(c.unicode() < 0x20 || c.unicode() == 0x7f ? QChar(u' ') : c);
    }
    return bounded(s.simplified(), max);
}

} // namespace Detail

bool Video::isLive() const
{
    if (hasEnded())
        return false;
    return liveBroadcastContent == QLatin1String("live") || (actualStartMs >= 0 && hasLiveDetails);
}

SearchPage parseSearchList(const QByteArray &body)
{
    return readListPage(body, &SearchPage::items, readSearchItem);
}

VideosPage parseVideosList(const QByteArray &body)
{
    return readListPage(body, &VideosPage::videos, readVideo);
}

ChannelsPage parseChannelsList(const QByteArray &body)
{
    return readListPage(body, &ChannelsPage::channels, readChannel);
}

PlaylistPage parsePlaylistItems(const QByteArray &body)
{
    PlaylistPage page;
    QJsonObject root;
    QJsonArray items;
    if (!readItems(body, root, items, page.error))
        return page;
    page.videoIds.reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        const QJsonObject o = item.toObject();
        // part=contentDetails names the video there; part=snippet in resourceId.
        auto id = requiredText(o.value(QLatin1String("contentDetails")).toObject(),
                               QLatin1String("videoId"));
        if (!id) {
            const QJsonObject snippet = o.value(QLatin1String("snippet")).toObject();
            id = requiredText(snippet.value(QLatin1String("resourceId")).toObject(),
                              QLatin1String("videoId"));
        }
        if (id)
            page.videoIds.append(std::move(*id));
        else
            countUp(page.malformedItems);
    }
    page.nextPageToken = nextPageToken(root);
    return page;
}

CategoriesPage parseVideoCategories(const QByteArray &body)
{
    CategoriesPage page;
    QJsonObject root;
    QJsonArray items;
    if (!readItems(body, root, items, page.error))
        return page;
    page.titles.reserve(items.size());
    for (const QJsonValue &item : std::as_const(items)) {
        const QJsonObject o = item.toObject();
        const auto id = requiredText(o, QLatin1String("id"));
        const auto title =
            requiredText(o.value(QLatin1String("snippet")).toObject(), QLatin1String("title"));
        if (!id || !title) {
            countUp(page.malformedItems);
            continue;
        }
        page.titles.insert(*id, *title);
    }
    return page;
}

} // namespace StreamRank::YouTube
