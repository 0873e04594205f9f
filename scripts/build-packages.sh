#!/usr/bin/env bash
# Builds StreamRank in Release and makes the Linux packages with CPack: a .deb
# and an .rpm in dist/. Installs what it needs (scripts/install-deps.sh --packaging).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --packaging
cmake --preset release >/dev/null
cmake --build --preset release --parallel
rm -rf dist build/release/packages
(cd build/release && cpack -G "DEB;RPM" -B "$PWD/packages" >/dev/null)
mkdir -p dist
cp build/release/packages/streamrank*.deb build/release/packages/streamrank*.rpm dist/
ls -l dist/
