#!/usr/bin/env bash
# Makes sure the system Chromium used by the e2e tests and the demo is installed.
# The project never downloads a browser build of its own (no `playwright install`).
set -euo pipefail

CHROMIUM="${SOURCELIGHT_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: found $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM missing; installing the Debian chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium
  if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
  fi
  echo "ensure-chromium: chromium was installed but $CHROMIUM is still missing" >&2
  exit 1
fi

cat >&2 <<MSG
ensure-chromium: no Chromium at $CHROMIUM.
Install the distribution package as root, for example on Debian/Ubuntu:
    sudo apt-get update && sudo apt-get install -y chromium
or point SOURCELIGHT_CHROMIUM at another Chromium binary.
MSG
exit 1
