#!/bin/sh
# Installs Debian's redis-server for the Vercel adapter's tests (test/vercel)
# when /usr/bin/redis-server is missing. Needs root (or sudo) and apt access;
# idempotent: does nothing when redis-server is already there. The package's
# own service is not used: the tests start their own redis-server on a free
# port with a temporary directory and stop it afterwards.
# Usage: sh scripts/ensure-redis.sh
set -eu
REDIS=/usr/bin/redis-server
. "$(dirname "$0")/apt-lib.sh"
apt_prepare ensure-redis "$REDIS" redis-server
# policy-rc.d 101: do not start the packaged service (the tests run their own instance).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  CLEANUP=1
else
  CLEANUP=0
fi
$SUDO apt-get install -y -q --no-install-recommends redis-server || STATUS=$?
if [ "$CLEANUP" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
if [ "${STATUS:-0}" -ne 0 ]; then exit "$STATUS"; fi
"$REDIS" --version
