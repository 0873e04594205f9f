#!/usr/bin/env bash
# Installs dependencies, builds StreamRank in Release and starts it on the Demo
# platform with its database in the standard data folder. Extra arguments go to
# streamrank (e.g. --demo-speed 60).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --parallel
exec ./build/release/app/streamrank --demo "$@"
