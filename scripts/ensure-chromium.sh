#!/bin/sh
# Installs Debian's chromium for the dashboard's browser tests (test/browser)
# when /usr/bin/chromium is missing. Needs root (or sudo) and apt access;
# idempotent: does nothing when chromium is already there.
# Usage: sh scripts/ensure-chromium.sh
set -eu
CHROMIUM=/usr/bin/chromium
. "$(dirname "$0")/apt-lib.sh"
apt_prepare ensure-chromium "$CHROMIUM" chromium
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version
