#!/bin/sh
# The WebKit tests drive Debian's WebKitGTK: WebKitWebDriver (webkit2gtk-driver) launching MiniBrowser
# (its dependency libwebkit2gtk-4.1-0), which needs an X display (no headless mode in 2.50), so
# Xvfb; the test sites' throwaway TLS certificate is made by openssl. WEBKIT_WEBDRIVER_PATH and
# MINIBROWSER_PATH point elsewhere.
set -e
dir="$(dirname "$0")"
sh "$dir/ensure-apt-browser.sh" WebKitGTK "${WEBKIT_WEBDRIVER_PATH:-/usr/bin/WebKitWebDriver}" webkit2gtk-driver WEBKIT_WEBDRIVER_PATH
sh "$dir/ensure-apt-browser.sh" Xvfb /usr/bin/xvfb-run "xvfb xauth" PATH
sh "$dir/ensure-apt-browser.sh" openssl /usr/bin/openssl openssl PATH
