#!/usr/bin/env bash
# Installs what StreamRank needs to build, run and test on Debian 12 / Ubuntu 24.04,
# starting from a minimal system (CI proves it on a fresh Debian 12: docs/RELEASING.md).
# --packaging also installs what CPack needs to make the .deb and .rpm.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
packages=(
    # toolchain
    cmake ninja-build g++ pkg-config
    # Qt 6 and QtKeychain; Qt Charts needs Qt OpenGL's CMake files, a mere
    # Recommends of qt6-base-dev that --no-install-recommends leaves out
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
    qt6-qpa-plugins libqt6sql6-sqlite qtkeychain-qt6-dev libsqlite3-dev libgl-dev
    # fonts for the window, for Chinese/Japanese/Korean and emoji in stream titles
    fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji
    # tests: a virtual display, a private D-Bus session with a throwaway keyring
    xvfb xauth dbus gnome-keyring
)
if [ "${1:-}" = "--packaging" ]; then
    packages+=(dpkg-dev rpm file)
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
