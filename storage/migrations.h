#pragma once
// Numbered schema upgrades. A database records the steps it has taken in
// schema_version; opening it runs the missing ones in one transaction, so an
// upgrade that fails leaves the previous version intact.

#include "database.h"
#include "result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

namespace StreamRank {

struct MigrationStep
{
    int version = 0;
    QStringList statements;
};

// Steps 1..N of the embedded (SQLite) schema; docs/SCHEMA.md describes the result.
const QVector<MigrationStep> &migrationSteps();
int latestSchemaVersion();

// The TooNew error for a database at `found` when this build knows up to `known`.
OpenError schemaTooNewError(const QString &path, int found, int known);

// Brings `db` up to the last of `steps` and returns the version it now has.
// BEGIN IMMEDIATE is taken even when nothing is pending: it proves at open time
// that this connection can write, so a database held by another program is
// reported as Locked now rather than as a failed census later.
Result<int, OpenError> migrate(QSqlDatabase &db, const QString &pathForMessages,
                               const QVector<MigrationStep> &steps = migrationSteps());

} // namespace StreamRank
