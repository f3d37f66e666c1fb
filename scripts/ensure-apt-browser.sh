#!/bin/sh
# Real-browser tests and the demo drive Debian's browsers (browser downloads do not work here).
# Usage: ensure-apt-browser.sh NAME BINARY PACKAGES PATH_VARIABLE. Installs PACKAGES (one, or a
# space-separated list) through apt when BINARY is missing; PATH_VARIABLE names the environment
# variable that points elsewhere.
set -e
name="$1" bin="$2" package="$3" variable="$4"
[ -x "$bin" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "reftrace: installing $name with apt-get…"
  apt-get update -qq
  # shellcheck disable=SC2086 # a list of packages
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $package >/dev/null
  [ -x "$bin" ] || { echo "reftrace: $name installed, but not at $bin ($variable)." >&2; exit 1; }
else
  echo "reftrace: $name not found at $bin. Install it (Debian: apt-get install -y $package) or set $variable." >&2
  exit 1
fi
