#include "anomalyexport.h"

#include "anomalystore.h"
#include "csvreader.h"
#include "database.h"

#include "clock.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>

namespace StreamRank {

namespace {

QString number(double v)
{
    // 'f' with the shortest round-trip digits: never an exponent, never a
    // locale's comma, and a value reads back exactly.
    return QString::number(v, 'f', QLocale::FloatingPointShortest);
}

int exportAnomalies(const Database &database, QTextStream &out, QTextStream &err)
{
    AnomalyEventFilter all;
    all.limit = 0;
    auto events = readAnomalyEvents(database.handle(), all);
    if (!events) {
        err << "streamrank: " << events.error() << Qt::endl;
        return 1;
    }
    out << anomalyCsvHeader() << '\n';
    // Read newest first (the alerts view's order); the export is a history.
    for (auto it = events->crbegin(); it != events->crend(); ++it)
        out << anomalyCsvLine(*it) << '\n';
    out.flush();
    return 0;
}

} // namespace

QString anomalyCsvHeader()
{
    return QStringLiteral("time,platform,channel,stream_id,strategy,baseline,observed,raw_score,"
                          "score");
}

QString anomalyCsvLine(const AnomalyEvent &e)
{
    const QStringList fields{
        isoUtcText(e.timeMs),
        platformCode(e.platform),
        csvField(e.channelLogin),
        csvField(e.streamId),
        strategyCode(e.strategy),
        number(e.baselineViewers),
        // An unknown count is an empty cell (detection raises no event from
        // a hidden count, so only a hand-made event can have one).
        e.observedViewers >= 0 ? QString::number(e.observedViewers) : QString(),
        number(e.rawScore),
        number(e.score),
    };
    return fields.join(u',');
}

int runExport(const CommandLine &options, QTextStream &out, QTextStream &err)
{
    // Standard output is the CSV; keep the storage layer's progress lines
    // (schema upgrade) off standard error too. Warnings stay.
    QLoggingCategory::setFilterRules(
        QStringLiteral("streamrank.storage.debug=false\nstreamrank.storage.info=false"));
    // Opening would create an empty database: say there is none instead.
    if (!QFileInfo::exists(options.databasePath)) {
        err << "streamrank: There is no database at " << options.databasePath
            << "; choose one with --database." << Qt::endl;
        return 1;
    }
    auto database = Database::open(options.databasePath);
    if (!database) {
        err << "streamrank: " << database.error().message << Qt::endl;
        return 1;
    }
    if (options.exportKind == QLatin1String("anomalies"))
        return exportAnomalies(**database, out, err);
    // parseCommandLine() accepts only exportKinds().
    err << "streamrank: cannot export " << options.exportKind << Qt::endl;
    return 2;
}

} // namespace StreamRank
