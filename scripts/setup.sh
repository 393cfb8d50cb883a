#!/usr/bin/env bash
# Installs what proxdesk needs on a fresh Debian/Ubuntu machine: the toolchain and libsecret for its native
# modules (better-sqlite3, keytar), what the tests run against (a keyring under D-Bus, Chromium, wrk, openssl),
# then the npm dependencies. Running it again only redoes what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(build-essential pkg-config python3 openssl libsecret-1-dev gnome-keyring dbus dbus-x11 libsecret-tools chromium fonts-dejavu-core fonts-noto-cjk wrk tigervnc-standalone-server tigervnc-tools)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# node-gyp builds against the local Node headers instead of downloading them.
if [ -f /usr/include/node/node.h ] && [ "$(command -v node)" = /usr/bin/node ]; then
  export npm_config_nodedir=/usr
fi
# npm ci never fetches the Electron binary; `npm start` fetches it on first use (scripts/start-desktop.mjs).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

stamp=node_modules/.proxdesk-setup
wanted="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  echo "$wanted" > "$stamp"
fi
echo "setup: done"
