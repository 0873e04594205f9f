// Secrets through the OS keychain: a real round trip against the Secret
// Service (scripts/run-tests.sh starts a throwaway gnome-keyring inside
// dbus-run-session and sets STREAMRANK_TEST_KEYCHAIN=1), and the in-memory
// "this run only" fallback.
#include "secretstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace StreamRank;

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<SecretError>(); }

    void keychainRoundTrip()
    {
        if (qEnvironmentVariableIntValue("STREAMRANK_TEST_KEYCHAIN") != 1)
            QSKIP("No throwaway keyring started (run through scripts/run-tests.sh)");
        SecretStore store(QStringLiteral("StreamRank-test"));
        const QString key =
            QStringLiteral("webhook-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = QStringLiteral("s3cr3t-ü-%1").arg(QUuid::createUuid().toString());

        QSignalSpy written(&store, &SecretStore::writeDone);
        store.write(key, secret);
        QVERIFY(written.wait(10000));
        QCOMPARE(written.first().at(1).value<SecretError>(), SecretError::None);

        // A second store (as after a restart) reads it back from the keychain.
        SecretStore again(QStringLiteral("StreamRank-test"));
        QSignalSpy read(&again, &SecretStore::readDone);
        again.read(key);
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(2).value<SecretError>(), SecretError::None);
        QCOMPARE(read.first().at(1).toString(), secret);

        QSignalSpy removed(&again, &SecretStore::removeDone);
        again.remove(key);
        QVERIFY(removed.wait(10000));
        QCOMPARE(removed.first().at(1).value<SecretError>(), SecretError::None);
        read.clear();
        again.read(key);
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(2).value<SecretError>(), SecretError::NotFound);
        QVERIFY(read.first().at(1).toString().isEmpty());
    }

    void missingKeychainIsReportedInWords()
    {
        if (qEnvironmentVariableIntValue("STREAMRANK_TEST_KEYCHAIN") == 1)
            QSKIP("A keyring is running in this session");
        SecretStore store(QStringLiteral("StreamRank-test"));
        QSignalSpy read(&store, &SecretStore::readDone);
        store.read(QStringLiteral("anything"));
        QVERIFY(read.wait(30000));
        const auto e = read.first().at(2).value<SecretError>();
        QVERIFY(e == SecretError::NoKeychain || e == SecretError::NotFound ||
                e == SecretError::Other);
        if (e == SecretError::NoKeychain)
            QVERIFY(read.first().at(3).toString().contains(QStringLiteral("keychain")));
    }

    void sessionOnlyKeepsSecretsInMemory()
    {
        SecretStore store;
        store.setSessionOnly(true);
        QSignalSpy written(&store, &SecretStore::writeDone);
        QSignalSpy read(&store, &SecretStore::readDone);
        store.write(QStringLiteral("k"), QStringLiteral("v"));
        QVERIFY(written.wait(1000));
        store.read(QStringLiteral("k"));
        QVERIFY(read.wait(1000));
        QCOMPARE(read.first().at(1).toString(), QStringLiteral("v"));
        QCOMPARE(read.first().at(2).value<SecretError>(), SecretError::None);

        SecretStore other; // another store (another run) does not see it
        other.setSessionOnly(true);
        QSignalSpy otherRead(&other, &SecretStore::readDone);
        other.read(QStringLiteral("k"));
        QVERIFY(otherRead.wait(1000));
        QCOMPARE(otherRead.first().at(2).value<SecretError>(), SecretError::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
