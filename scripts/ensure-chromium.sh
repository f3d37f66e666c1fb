#!/bin/sh
# The Chromium tests, the demo and the benchmark drive Debian's Chromium; CHROMIUM_PATH points elsewhere.
exec sh "$(dirname "$0")/ensure-apt-browser.sh" Chromium "${CHROMIUM_PATH:-/usr/bin/chromium}" chromium CHROMIUM_PATH
