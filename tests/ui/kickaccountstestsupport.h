#pragma once
// Shared set-up of the Kick account tests (tst_kickaccountpage,
// tst_kickaccounts, tst_kickwindow): the YouTube tests' environment (settings
// in test mode, English numbers, no keychain of whoever runs them by hand)
// without the Kick credentials of the environment either, the settings file's
// bytes (to look for secrets in) and throwaway credentials.
#include "kickaccount.h"
#include "youtubeaccountstestsupport.h"

#include <QFile>
#include <QSettings>
#include <QUuid>

namespace StreamRank::KickAccountsTest {

using YouTubeAccountsTest::child;
using YouTubeAccountsTest::inTestKeyring;

inline void useTestEnvironment(const QString &applicationName)
{
    YouTubeAccountsTest::useTestEnvironment(applicationName);
    qunsetenv(KickClientIdEnv);
    qunsetenv(KickClientSecretEnv);
}

inline QByteArray settingsFileBytes()
{
    QSettings settings;
    settings.sync();
    QFile f(settings.fileName());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// "prefix" and 32 random hex digits: a credential no other test uses.
inline QString unique(const char *prefix)
{
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128);
}

} // namespace StreamRank::KickAccountsTest
