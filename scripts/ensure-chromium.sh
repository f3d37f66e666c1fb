#!/bin/sh
# Real-browser tests and the demo drive Debian's Chromium (browser downloads do not work here).
# Installs it through apt when it is missing; CHROMIUM_PATH points elsewhere if you have one.
set -e
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "reftrace: installing Chromium with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$bin" ] || { echo "reftrace: Chromium installed, but not at $bin (CHROMIUM_PATH)." >&2; exit 1; }
else
  echo "reftrace: Chromium not found at $bin. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
