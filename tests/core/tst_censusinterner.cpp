// CensusInterner: consecutive censuses parsed from fresh JSON share the
// characters of every string that did not change, and no value changes.

#include "censusinterner.h"

#include <QTest>

using namespace StreamRank;

namespace {

// A new buffer with the same characters, as a JSON parser gives.
QString copyOf(const QString &s)
{
    return QString(s.constData(), s.size());
}

StreamObservation stream(int n, const QString &category, const QString &title)
{
    StreamObservation o;
    o.streamId = QStringLiteral("4%1").arg(n, 9, 10, QLatin1Char('0'));
    o.channelId = QStringLiteral("7%1").arg(n, 8, 10, QLatin1Char('0'));
    o.channelLogin = QStringLiteral("channel_%1").arg(n);
    o.channelName = QStringLiteral("Channel %1").arg(n);
    o.title = title;
    o.categoryId = QStringLiteral("c-%1").arg(category);
    o.categoryName = category;
    o.language = QStringLiteral("en");
    o.startedAtMs = 1'700'000'000'000 + n;
    o.viewers = 1000 - n;
    return o;
}

// Every string of the census in its own buffer.
Census reparsed(const Census &census)
{
    Census c = census;
    for (StreamObservation &o : c.streams) {
        for (QString *s : {&o.streamId, &o.channelId, &o.channelLogin, &o.channelName, &o.title,
                           &o.categoryId, &o.categoryName, &o.language})
            *s = copyOf(*s);
    }
    for (QString &id : c.endedStreamIds)
        id = copyOf(id);
    return c;
}

bool sameBuffer(const QString &a, const QString &b)
{
    return a.constData() == b.constData();
}

bool equal(const StreamObservation &a, const StreamObservation &b)
{
    return a.streamId == b.streamId && a.channelId == b.channelId &&
           a.channelLogin == b.channelLogin && a.channelName == b.channelName &&
           a.title == b.title && a.categoryId == b.categoryId && a.categoryName == b.categoryName &&
           a.language == b.language && a.startedAtMs == b.startedAtMs && a.viewers == b.viewers;
}

} // namespace

class TestCensusInterner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unchangedStringsShareThePreviousCensus()
    {
        Census first;
        for (int i = 0; i < 50; ++i)
            first.streams.append(
                stream(i, QStringLiteral("Chess"), QStringLiteral("title %1").arg(i)));
        CensusInterner interner;
        interner.intern(first);

        Census second = reparsed(first);
        second.streams[3].title = QStringLiteral("a new title"); // changed
        second.streams[7].viewers = 12345;
        second.streams.append(stream(99, QStringLiteral("Chess"), QStringLiteral("just started")));
        const Census parsed = second; // shares nothing with `first` but the values
        interner.intern(second);

        QCOMPARE(second.streams.size(), parsed.streams.size());
        for (qsizetype i = 0; i < second.streams.size(); ++i)
            QVERIFY2(equal(second.streams[i], parsed.streams[i]), qPrintable(QString::number(i)));
        for (qsizetype i = 0; i < first.streams.size(); ++i) {
            const StreamObservation &a = first.streams[i];
            const StreamObservation &b = second.streams[i];
            QVERIFY(sameBuffer(a.streamId, b.streamId));
            QVERIFY(sameBuffer(a.channelId, b.channelId));
            QVERIFY(sameBuffer(a.channelLogin, b.channelLogin));
            QVERIFY(sameBuffer(a.channelName, b.channelName));
            QVERIFY(sameBuffer(a.categoryId, b.categoryId));
            QVERIFY(sameBuffer(a.categoryName, b.categoryName));
            QVERIFY(sameBuffer(a.language, b.language));
            if (i != 3)
                QVERIFY(sameBuffer(a.title, b.title));
        }
        // What changed is the new string, not the old one.
        QCOMPARE(second.streams[3].title, QStringLiteral("a new title"));
        QVERIFY(!sameBuffer(second.streams[3].title, first.streams[3].title));
        QCOMPARE(second.streams[7].viewers, 12345);
        // A stream new in this census still shares its category and language.
        QVERIFY(sameBuffer(second.streams.last().categoryName, first.streams[0].categoryName));
        QVERIFY(sameBuffer(second.streams.last().language, first.streams[0].language));
    }

    void categoriesAreSharedWithinOneCensus()
    {
        Census census;
        for (int i = 0; i < 10; ++i)
            census.streams.append(stream(i, QStringLiteral("Just Chatting"), QStringLiteral("t")));
        census = reparsed(census);
        CensusInterner interner;
        interner.intern(census);
        for (const StreamObservation &o : std::as_const(census.streams)) {
            QVERIFY(sameBuffer(o.categoryName, census.streams[0].categoryName));
            QVERIFY(sameBuffer(o.categoryId, census.streams[0].categoryId));
            QCOMPARE(o.categoryName, QStringLiteral("Just Chatting"));
        }
    }

    void streamsAreMatchedByIdNotByRow()
    {
        Census first;
        first.streams = {stream(1, QStringLiteral("A"), QStringLiteral("one")),
                         stream(2, QStringLiteral("B"), QStringLiteral("two"))};
        CensusInterner interner;
        interner.intern(first);
        // The order changed (ranked by viewers), and stream 2 took stream 1's title.
        Census second = reparsed(first);
        std::swap(second.streams[0], second.streams[1]);
        second.streams[0].title = QStringLiteral("one");
        interner.intern(second);
        QCOMPARE(second.streams[0].streamId, first.streams[1].streamId);
        QVERIFY(sameBuffer(second.streams[0].channelLogin, first.streams[1].channelLogin));
        QCOMPARE(second.streams[0].title, QStringLiteral("one"));
        QVERIFY(sameBuffer(second.streams[1].channelLogin, first.streams[0].channelLogin));
        QCOMPARE(second.streams[1].title, QStringLiteral("one"));
    }

    void endedIdsShareTheirStream()
    {
        Census first;
        first.streams = {stream(1, QStringLiteral("A"), QStringLiteral("one"))};
        CensusInterner interner;
        interner.intern(first);
        Census second;
        second.endedStreamIds = {copyOf(first.streams[0].streamId), QStringLiteral("unknown")};
        interner.intern(second);
        QVERIFY(sameBuffer(second.endedStreamIds[0], first.streams[0].streamId));
        QCOMPARE(second.endedStreamIds[1], QStringLiteral("unknown"));
    }

    void thePoolIsBounded()
    {
        CensusInterner interner;
        Census census;
        for (int i = 0; i < int(CensusInterner::MaxPooled) + 10; ++i)
            census.streams.append(stream(i, QStringLiteral("game %1").arg(i), QString()));
        interner.intern(census);
        QVERIFY(interner.pooled() <= CensusInterner::MaxPooled);
        QVERIFY(interner.pooled() > 0);
        // Values are untouched by the pool being emptied part way.
        QCOMPARE(census.streams.last().categoryName,
                 QStringLiteral("game %1").arg(CensusInterner::MaxPooled + 9));
    }
};

QTEST_GUILESS_MAIN(TestCensusInterner)
#include "tst_censusinterner.moc"
