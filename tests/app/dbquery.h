#pragma once
// What the app tests read back from a database file the real executable
// wrote: rows of a query on a read-only connection of their own (columns
// joined by '|'; a double reads as its shortest exact decimal form), and
// writing a test's input file.

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTest>

namespace StreamRank::TestSupport {

inline QStringList queryRows(const QString &db, const QString &sql)
{
    QStringList rows;
    {
        auto conn = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        conn.setDatabaseName(db);
        conn.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (conn.open()) {
            QSqlQuery q(conn);
            if (q.exec(sql)) {
                while (q.next()) {
                    QStringList cols;
                    for (int i = 0; i < q.record().count(); ++i)
                        cols.append(q.value(i).toString());
                    rows.append(cols.join(QLatin1Char('|')));
                }
            } else {
                rows.append(QStringLiteral("error: ") + sql);
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return rows;
}

inline void writeTestFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace StreamRank::TestSupport
