#!/usr/bin/env bash
# Checks the published OpenAPI description against the real shop:
#   1. Redocly CLI lints /openapi/v1.json (recommended rules, redocly.yaml): no error allowed.
#   2. openapi-typescript generates types from it and tsc compiles the client test against them.
#   3. node --test runs that client (openapi-fetch): register, login, search, cart, order, admin status change.
# Starts the Release build of the shop (scripts/test.sh builds it) on free loopback ports with a fresh data folder,
# stops it at the end, and prints `N passed, M failed` last (lint and compilation count as one check each).
#   tests/OpenApi/run.sh [path/to/MarketMicro.WebApi.dll]
# Against a shop that already runs (the cluster behind NGINX, say), set its URL and its bootstrap admin instead:
#   MARKETMICRO_BASE_URL=http://127.0.0.1:8080 MARKETMICRO_ADMIN_EMAIL=... MARKETMICRO_ADMIN_PASSWORD=... tests/OpenApi/run.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dll="${1:-$here/../../src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll}"
cd "$here"

passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
record() { # record <name> <exit status>
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "[openapi] ok: $1"; else failed=$((failed + 1)); echo "[openapi] FAILED: $1"; fi
}

if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1; then
  echo "[openapi] npm ci failed"
  failed=1
  finish
fi
work="$(mktemp -d /tmp/marketmicro-openapi.XXXXXX)"
trap 'rm -rf "$work"' EXIT

wait_ready() { # url [pid]: true once the shop answers /health/ready
  for _ in $(seq 120); do
    if node -e "fetch('$1/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then return 0; fi
    [ -z "${2:-}" ] || kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

if [ -n "${MARKETMICRO_BASE_URL:-}" ]; then
  url="${MARKETMICRO_BASE_URL%/}"
  admin_email="${MARKETMICRO_ADMIN_EMAIL:?set MARKETMICRO_ADMIN_EMAIL with MARKETMICRO_BASE_URL}"
  admin_password="${MARKETMICRO_ADMIN_PASSWORD:?set MARKETMICRO_ADMIN_PASSWORD with MARKETMICRO_BASE_URL}"
  echo "[openapi] against $url"
  if ! wait_ready "$url"; then
    echo "[openapi] $url does not answer /health/ready"
    failed=1
    finish
  fi
else
  if [ ! -f "$dll" ]; then
    echo "[openapi] $dll is missing: build with 'dotnet build MarketMicro.sln -c Release' first"
    failed=1
    finish
  fi

  free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  admin_email="openapi-admin@shop.test"
  admin_password="admin-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"

  Urls="$url" Storage__DataDirectory="$work/data" Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" \
    Bootstrap__AdminEmail="$admin_email" Bootstrap__AdminPassword="$admin_password" \
    dotnet "$dll" >"$work/shop.log" 2>&1 &
  shop=$!
  stop_shop() {
    kill "$shop" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$shop" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$shop" 2>/dev/null
    rm -rf "$work"
  }
  trap stop_shop EXIT

  if ! wait_ready "$url" "$shop"; then
    echo "[openapi] the shop did not become ready; its log:"
    tail -n 40 "$work/shop.log"
    failed=1
    finish
  fi
fi

./lint.sh "$url/openapi/v1.json" 2>&1 | grep -v -e '[║╔╚]' -e '^npm warn'
record "Redocly lint of /openapi/v1.json" "${PIPESTATUS[0]}"

rm -rf generated build
npx --no-install openapi-typescript "$url/openapi/v1.json" --output generated/api.d.ts >"$work/generate.log" 2>&1 \
  && npx --no-install tsc -p tsconfig.json
compiled=$?
[ $compiled -ne 0 ] && cat "$work/generate.log"
record "client generated from /openapi/v1.json compiles" $compiled

if [ $compiled -eq 0 ]; then
  SHOP_URL="$url" SHOP_ADMIN_EMAIL="$admin_email" SHOP_ADMIN_PASSWORD="$admin_password" \
    node --test --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$work/client.tap" build/shop-client.test.js
  status=$?
  tests_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$work/client.tap")
  tests_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$work/client.tap")
  passed=$((passed + ${tests_passed:-0}))
  failed=$((failed + ${tests_failed:-0}))
  if [ $status -ne 0 ] && [ "${tests_failed:-0}" -eq 0 ]; then
    failed=$((failed + 1)) # the runner itself failed
  fi
fi

finish
