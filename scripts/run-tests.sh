#!/usr/bin/env bash
# Installs dependencies, builds StreamRank with its tests and runs all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --parallel
# Keychain tests talk to a throwaway GNOME Keyring in a private D-Bus session.
./scripts/with-test-keyring.sh ctest --preset dev --parallel 2
