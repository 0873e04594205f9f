// parseLivestreams (v1 and v2 pages) on any bytes: no crash, and a page that
// parsed holds only streams with a decimal broadcaster id, counts that are
// unknown (-1) or non-negative, a start that is unknown (0) or in range, a
// reduced language, and a session key exactly when the start is known. When
// QJsonDocument accepts the body, the parser agrees with it item by item.

#include "fuzz_kick_check.h"
#include "fuzzcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// The items as QJson reads the whole body, or false when it is no list page.
bool expectedItems(const QByteArray &body, QJsonArray &items)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonValue data = doc.object().value(QLatin1String("data"));
    if (data.isArray()) {
        items = data.toArray();
        return true;
    }
    const QJsonValue nested = data.toObject().value(QLatin1String("livestreams"));
    items = nested.toArray();
    return nested.isArray();
}

// The broadcaster id an item names, as the parser should spell it; empty when none.
QString expectedBroadcaster(const QJsonObject &o)
{
    QJsonValue v = o.value(QLatin1String("broadcaster_user_id"));
    if (v.isUndefined() || v.isNull())
        v = o.value(QLatin1String("broadcaster_user")).toObject().value(QLatin1String("id"));
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= 1 && d <= 9007199254740992.0 && d == double(qint64(d)))
            return QString::number(qint64(d));
        return {};
    }
    if (!v.isString())
        return {};
    bool ok = false;
    const QString s = v.toString();
    const qint64 n = s.size() <= 16 ? s.toLongLong(&ok) : 0;
    for (const QChar c : s) {
        if (c < u'0' || c > u'9')
            ok = false;
    }
    return ok && n >= 1 && n <= 9007199254740992LL ? QString::number(n) : QString();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace StreamRank;
    const QByteArray body = Fuzz::bytes(data, size);
    const Kick::LivestreamsPage page = Kick::parseLivestreams(body);
    FUZZ_CHECK(Fuzz::Kick::pageIsConsistent(page, page.items.size()));
    for (const Kick::Livestream &s : page.items) {
        FUZZ_CHECK(Fuzz::Kick::isDecimalId(s.broadcasterUserId));
        FUZZ_CHECK(s.channelId.isEmpty() || Fuzz::Kick::isDecimalId(s.channelId, true));
        FUZZ_CHECK(s.categoryId.isEmpty() || Fuzz::Kick::isDecimalId(s.categoryId, true));
        FUZZ_CHECK(s.viewerCount >= -1 && s.followers >= -1);
        FUZZ_CHECK(s.startedAtMs >= 0);
        FUZZ_CHECK(Fuzz::Kick::isLanguageCode(s.language));
        const QString key = Kick::sessionKey(s.broadcasterUserId, s.startedAtMs);
        FUZZ_CHECK(key.isEmpty() == (s.startedAtMs == 0));
        FUZZ_CHECK(key.isEmpty() || key.startsWith(s.broadcasterUserId + QLatin1Char('@')));
    }

    QJsonArray items;
    if (expectedItems(body, items)) {
        FUZZ_CHECK(page.error.isEmpty());
        FUZZ_CHECK(page.items.size() + page.malformedItems == items.size());
        qsizetype next = 0;
        for (const QJsonValue &item : std::as_const(items)) {
            const QString id = expectedBroadcaster(item.toObject());
            if (id.isEmpty())
                continue;
            FUZZ_CHECK(next < page.items.size());
            FUZZ_CHECK(page.items.at(next++).broadcasterUserId == id);
        }
        FUZZ_CHECK(next == page.items.size());
    }
    return 0;
}
