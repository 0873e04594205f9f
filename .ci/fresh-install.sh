#!/usr/bin/env bash
# Runs inside another brand-new minimal Debian 12, as the second half of CI:
# installs the .deb the first half built with apt alone (its Depends must pull
# in everything), then runs the installed program as a user would and checks
# the desktop entry and AppStream metainfo it installed.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { printf '\n== ci: %s (at %d s)\n' "$*" $((SECONDS - t0)); }
deb=$(ls dist/streamrank_*.deb)

step "apt-get install ./$deb"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
dpkg -s streamrank | grep -E '^(Version|Depends):'

step "/usr/bin/streamrank --version"
/usr/bin/streamrank --version

step "a 10-second headless Demo run of the installed program"
db=/tmp/installed.sqlite
/usr/bin/streamrank --headless --duration 10 --database "$db" | tail -n 2
grep -q "census " <(/usr/bin/streamrank --headless --duration 1 --database /tmp/second.sqlite) ||
    { echo "ci: FAIL: the installed program stored no census"; exit 1; }

step "the installed window starts (offscreen platform) and collects"
set +e
QT_QPA_PLATFORM=offscreen timeout 8 /usr/bin/streamrank --database /tmp/window.sqlite
rc=$?
set -e
[ "$rc" -eq 124 ] || { echo "ci: FAIL: the window exited with $rc before it was stopped"; exit 1; }
# What the window collected is a sound StreamRank database (export exits 0).
/usr/bin/streamrank --headless --export anomalies --database /tmp/window.sqlite >/dev/null

step "desktop entry, metainfo and icon"
apt-get install -y -qq --no-install-recommends desktop-file-utils appstream >/dev/null
desktop-file-validate /usr/share/applications/io.github.streamrank.StreamRank.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.streamrank.StreamRank.metainfo.xml
test -s /usr/share/icons/hicolor/scalable/apps/io.github.streamrank.StreamRank.svg
test -s /usr/share/doc/streamrank/LICENSE
grep -q "^License: GPL-3.0-or-later$" /usr/share/doc/streamrank/copyright
grep -q "^Icon=io.github.streamrank.StreamRank$" /usr/share/applications/io.github.streamrank.StreamRank.desktop

step "done"
