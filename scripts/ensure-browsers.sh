#!/usr/bin/env bash
# Makes sure the system browsers the tests and the demo use are installed:
# Debian's `chromium` (Playwright e2e tests, demo) and `firefox-esr` (the Firefox
# suite). Usage: ensure-browsers.sh [chromium] [firefox-esr]  (default: both).
# The project never downloads a browser build of its own (no `playwright install`).
set -euo pipefail

CHROMIUM="${SOURCELIGHT_CHROMIUM:-/usr/bin/chromium}"
FIREFOX="${SOURCELIGHT_FIREFOX:-/usr/bin/firefox-esr}"

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(chromium firefox-esr)

missing=()
for package in "${wanted[@]}"; do
  case "$package" in
    chromium) binary="$CHROMIUM" ;;
    firefox-esr) binary="$FIREFOX" ;;
    *) echo "ensure-browsers: unknown browser '$package' (chromium or firefox-esr)" >&2; exit 2 ;;
  esac
  if [ -x "$binary" ]; then
    echo "ensure-browsers: found $binary ($("$binary" --version 2>/dev/null || echo 'version unknown'))"
  else
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browsers: installing the Debian package(s) ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
  status=0
  for package in "${missing[@]}"; do
    binary=$([ "$package" = chromium ] && echo "$CHROMIUM" || echo "$FIREFOX")
    if [ -x "$binary" ]; then
      echo "ensure-browsers: installed $("$binary" --version 2>/dev/null || echo "$binary")"
    else
      echo "ensure-browsers: $package was installed but $binary is still missing" >&2
      status=1
    fi
  done
  exit $status
fi

cat >&2 <<MSG
ensure-browsers: missing ${missing[*]}.
Install the distribution packages as root, for example on Debian/Ubuntu:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}
or point SOURCELIGHT_CHROMIUM / SOURCELIGHT_FIREFOX at other binaries.
MSG
exit 1
