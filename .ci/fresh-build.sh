#!/usr/bin/env bash
# Runs inside a brand-new minimal Debian 12 (../shared/tools/fresh-machine),
# as the first half of CI: the README's two commands exactly as a new user
# types them, then the whole suite under AddressSanitizer + UBSan, then the
# Linux packages from the Release build (left in dist/ for the second half,
# .ci/fresh-install.sh, which installs the .deb on another fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { printf '\n== ci: %s (at %d s)\n' "$*" $((SECONDS - t0)); }

step "README test command: ./scripts/run-tests.sh"
./scripts/run-tests.sh

step "README run command, ending by itself: ./scripts/run-demo.sh --headless --duration 20"
db=/tmp/ci-demo.sqlite
rm -f "$db"
./scripts/run-demo.sh --headless --duration 20 --database "$db" | tee /tmp/ci-demo.out | tail -n 3
# sqlite3 only to look into the file; installed after both README commands ran.
apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null
censuses=$(sqlite3 "$db" "SELECT COUNT(*) FROM censuses")
samples=$(sqlite3 "$db" "SELECT COUNT(*) FROM viewership_samples")
whole=$(sqlite3 "$db" "SELECT COUNT(*) FROM censuses c WHERE c.stream_count <> (SELECT COUNT(*) FROM viewership_samples v WHERE v.census_id = c.id)")
ahead=$(sqlite3 "$db" "SELECT COUNT(*) FROM censuses WHERE taken_at > CAST(strftime('%s','now') AS INTEGER) * 1000")
echo "ci: $db holds $censuses censuses, $samples samples; $whole not whole; $ahead stamped ahead of the clock"
[ "$censuses" -ge 90 ] || { echo "ci: FAIL: expected the 3-hour backfill and more (>= 90 censuses)"; exit 1; }
[ "$whole" -eq 0 ] && [ "$ahead" -eq 0 ] || { echo "ci: FAIL: a census is not whole or is in the future"; exit 1; }

step "the whole suite under AddressSanitizer + UBSan (asan preset)"
cmake --preset asan >/dev/null
cmake --build --preset asan --parallel
./scripts/with-test-keyring.sh ctest --preset asan --parallel 2

step "Linux packages from the Release build: ./scripts/build-packages.sh"
./scripts/build-packages.sh

step "done"
