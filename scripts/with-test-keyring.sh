#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked
# GNOME Keyring, so keychain tests use a real Secret Service and never the
# user's own keyring.  Usage: with-test-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${STREAMRANK_IN_TEST_SESSION:-}" ]; then
    export STREAMRANK_IN_TEST_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
mkdir -p "$XDG_DATA_HOME/keyrings"
printf 'login' > "$XDG_DATA_HOME/keyrings/default"
eval "$(printf 'streamrank-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export STREAMRANK_TEST_KEYCHAIN=1
"$@"
