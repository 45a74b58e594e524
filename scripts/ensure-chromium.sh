#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed: the browser tests drive it through
# Playwright instead of a browser build that Playwright would download.
# Installs it when we can (root with apt-get); otherwise stops and says how.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  if [ -x "$CHROMIUM" ]; then
    exit 0
  fi
  echo "apt-get installed chromium but $CHROMIUM is still missing." >&2
  exit 1
fi

cat >&2 <<EOF
The browser tests need Debian's Chromium at $CHROMIUM, and it is not installed.
Install it, then run the tests again:

    sudo apt-get update && sudo apt-get install -y chromium

(On another system, install Chromium and set CHROMIUM=/path/to/chromium.)
EOF
exit 1
