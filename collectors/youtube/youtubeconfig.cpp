#include "youtubeconfig.h"

#include <QCoreApplication>

namespace StreamRank {

QString YouTubeSearch::label() const
{
    QStringList parts;
    if (!videoCategoryId.isEmpty())
        parts << QCoreApplication::translate("YouTube", "category %1").arg(videoCategoryId);
    if (!regionCode.isEmpty())
        parts << regionCode;
    if (!relevanceLanguage.isEmpty())
        parts << relevanceLanguage;
    const QString q = query.isEmpty() ? QCoreApplication::translate("YouTube", "any title")
                                      : QStringLiteral("“%1”").arg(query);
    return parts.isEmpty() ? q : QStringLiteral("%1 (%2)").arg(q, parts.join(QStringLiteral(", ")));
}

QString YouTubeSearch::toSpec() const
{
    QStringList parts;
    auto add = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            parts << QLatin1String(key) + u'=' + QString(value).replace(u';', u',');
    };
    add("q", query);
    add("category", videoCategoryId);
    add("region", regionCode);
    add("lang", relevanceLanguage);
    return parts.join(u';');
}

YouTubeSearch YouTubeSearch::fromSpec(const QString &spec)
{
    YouTubeSearch s;
    const QString text = spec.trimmed();
    // Fields only when the text starts with one of the keys below ("E=mc2"
    // is words to search for).
    static const QStringList keys{QStringLiteral("q"),
                                  QStringLiteral("query"),
                                  QStringLiteral("category"),
                                  QStringLiteral("videocategoryid"),
                                  QStringLiteral("region"),
                                  QStringLiteral("regioncode"),
                                  QStringLiteral("lang"),
                                  QStringLiteral("language"),
                                  QStringLiteral("relevancelanguage")};
    const qsizetype firstEq = text.indexOf(u'=');
    if (firstEq < 0 || !keys.contains(text.left(firstEq).trimmed().toLower())) {
        s.query = text;
        return s;
    }
    for (const QString &part : text.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(u'=');
        const QString key = part.left(eq).trimmed().toLower();
        const QString value = eq < 0 ? QString() : part.mid(eq + 1).trimmed();
        if (key == u"q" || key == u"query")
            s.query = value;
        else if (key == u"category" || key == u"videocategoryid")
            s.videoCategoryId = value;
        else if (key == u"region" || key == u"regioncode")
            s.regionCode = value.toUpper();
        else if (key == u"lang" || key == u"language" || key == u"relevancelanguage")
            s.relevanceLanguage = value.toLower();
        else if (eq < 0)
            s.query = part.trimmed();
    }
    return s;
}

} // namespace StreamRank
