#!/usr/bin/env bash
# Installs what StreamRank needs to build, run and test on Debian 12 / Ubuntu 24.04.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    cmake ninja-build g++ pkg-config \
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-qpa-plugins \
    libqt6sql6-sqlite qtkeychain-qt6-dev libsqlite3-dev libgl-dev \
    fonts-dejavu-core fonts-noto-color-emoji xvfb xauth dbus gnome-keyring >/dev/null
