#pragma once
// Shared set-up of the YouTube account tests (tst_youtubeaccountpage,
// tst_youtubeaccounts, tst_youtubestatusbar): two valid channel ids, widgets
// found by object name, and an environment that keeps the tests away from the
// user's own settings and keychain.
#include "youtubeaccount.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStandardPaths>
#include <QString>
#include <QWidget>

namespace StreamRank::YouTubeAccountsTest {

inline const QString ChannelA = QStringLiteral("UCBR8-60-B28hp2BmDPdntcQ");
inline const QString ChannelB = QStringLiteral("UC_x5XG1OV2P6uZZ5FSM9Ttw");

inline bool inTestKeyring()
{
    return qEnvironmentVariableIntValue("STREAMRANK_TEST_KEYCHAIN") == 1;
}

template <typename T> T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

// The first part of initTestCase: settings in test mode under the test's own
// application name, English number formats, no API key from the environment
// and, outside scripts/with-test-keyring.sh, a session bus that is not there.
inline void useTestEnvironment(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StreamRank-test"));
    QCoreApplication::setApplicationName(applicationName);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    qunsetenv(YouTubeApiKeyEnv);
    if (!inTestKeyring() &&
        qEnvironmentVariableIntValue("STREAMRANK_TEST_BUS_WITHOUT_KEYRING") != 1) {
        // Never touch the keychain of whoever runs this by hand.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/streamrank-test-bus");
    }
}

} // namespace StreamRank::YouTubeAccountsTest
