#!/bin/sh
# The Firefox tests drive Debian's Firefox ESR over WebDriver BiDi; FIREFOX_PATH points elsewhere.
exec sh "$(dirname "$0")/ensure-apt-browser.sh" Firefox "${FIREFOX_PATH:-/usr/bin/firefox-esr}" firefox-esr FIREFOX_PATH
