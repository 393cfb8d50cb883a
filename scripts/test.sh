#!/usr/bin/env bash
# `npm test`: builds, then runs vitest inside a private D-Bus session with an unlocked gnome-keyring, so the
# keytar tests use a real Secret Service. Every XDG folder points into a temp dir: nothing lands in $HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
npx electron-vite build
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"/{data,cache,config,runtime}
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/runtime"
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "test: dbus-run-session and gnome-keyring-daemon are needed; run scripts/setup.sh first" >&2
  exit 1
fi
exec dbus-run-session -- bash -c 'echo -n proxdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run "$@"' vitest "$@"
