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

passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

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

work="$(mktemp -d /tmp/marketmicro-console.XXXXXX)"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
url="http://127.0.0.1:$(free_port)"
admin_email="console-admin@shop.test"
admin_password="admin-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"

Urls="$url" Storage__DataDirectory="$work/data" Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" \
  Bootstrap__AdminEmail="$admin_email" Bootstrap__AdminPassword="$admin_password" Logging__LogLevel__Default=Warning \
  dotnet "$dll" >"$work/shop.log" 2>&1 &
shop=$!
stop_shop() {
  kill "$shop" 2>/dev/null
  for _ in $(seq 60); do kill -0 "$shop" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$shop" 2>/dev/null
  rm -rf "$work"
}
trap stop_shop EXIT

ready=1
for _ in $(seq 120); do
  if node -e "fetch('$url/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then ready=0; break; fi
  kill -0 "$shop" 2>/dev/null || break
  sleep 0.5
done
if [ $ready -ne 0 ]; then
  echo "[console] the shop did not become ready; its log:"
  tail -n 40 "$work/shop.log"
  failed=1
  finish
fi

rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"
SHOP_URL="$url" SHOP_ADMIN_EMAIL="$admin_email" SHOP_ADMIN_PASSWORD="$admin_password" \
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$work/console.tap" build/console.test.js
status=$?
tests_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/console.tap")
tests_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$work/console.tap")
passed=$((passed + ${tests_passed:-0}))
failed=$((failed + ${tests_failed:-0}))
if [ $status -ne 0 ] && [ "${tests_failed:-0}" -eq 0 ]; then
  failed=$((failed + 1)) # the runner itself failed
fi
[ "$failed" -eq 0 ] || { echo "[console] the shop's log:"; tail -n 30 "$work/shop.log"; }
echo "[console] screenshots: $ARTIFACTS"
finish
