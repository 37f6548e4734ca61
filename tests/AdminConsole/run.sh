#!/usr/bin/env bash
# The admin console in a real browser: Debian's Chromium (installed with apt-get if missing) driven by playwright-core,
# against the Release build of the shop (scripts/test.sh builds it) started here on a free loopback port with a fresh
# data folder and its own bootstrap admin. Screenshots of every page go to TestResults/admin-console/ (not committed).
# Prints the page weight and time to first render, and `N passed, M failed` last.
#   tests/AdminConsole/run.sh [path/to/MarketMicro.WebApi.dll]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dll="${1:-$root/src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll}"
export ARTIFACTS="${ARTIFACTS:-$root/TestResults/admin-console}"
cd "$here"

# shellcheck source=../test-shop.sh
. "$here/../test-shop.sh"

chromium_binary() { for candidate in /usr/lib/chromium/chromium "$(command -v chromium 2>/dev/null)"; do [ -x "$candidate" ] && { echo "$candidate"; return 0; }; done; return 1; }
if ! chromium_binary >/dev/null; then
  echo "[console] installing Debian's chromium"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1
fi
if ! CHROMIUM="$(chromium_binary)"; then
  echo "[console] Chromium is missing and could not be installed"
  failed=1
  finish
fi
export CHROMIUM
if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || ! npx --no-install tsc -p tsconfig.json; then
  echo "[console] npm ci or the test compilation failed"
  failed=1
  finish
fi
if [ ! -f "$(dirname "$dll")/admin/index.html" ]; then
  echo "[console] $dll (with its admin/ folder) is missing: build with 'dotnet build MarketMicro.sln -c Release' first"
  failed=1
  finish
fi

# Search refreshes as in a busy shop (the README suggests 250 ms; 500 ms here, so a search reliably lags the live event
# that announced its change): the console must show a change all the same.
export Search__RefreshInterval=00:00:00.500
start_test_shop "$dll" console || { failed=1; finish; }

rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$SHOP_WORK/console.tap" build/console.test.js
add_tap_counts "$SHOP_WORK/console.tap" $?
[ "$failed" -eq 0 ] || { echo "[console] the shop's log:"; tail -n 30 "$SHOP_WORK/shop.log"; }
echo "[console] screenshots: $ARTIFACTS"
finish
