#!/bin/sh
# Installs Debian's chromium for the dashboard's browser tests (test/browser)
# when /usr/bin/chromium is missing. Needs root (or sudo) and apt access;
# idempotent: does nothing when chromium is already there.
# Usage: sh scripts/ensure-chromium.sh
set -eu
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: $CHROMIUM is missing and this user cannot install it (run as root: apt-get install -y chromium)" >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing Debian chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version
