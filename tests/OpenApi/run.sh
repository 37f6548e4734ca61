#!/usr/bin/env bash
# Checks the published OpenAPI description against the real shop:
#   1. Redocly CLI lints /openapi/v1.json (recommended rules, redocly.yaml): no error allowed.
#   2. openapi-typescript generates types from it and tsc compiles the client test against them.
#   3. node --test runs that client (openapi-fetch): register, login, search, cart, order, admin status change.
# Starts the Release build of the shop (scripts/test.sh builds it; tests/test-shop.sh) on free loopback ports with a fresh data folder,
# stops it at the end, and prints `N passed, M failed` last (lint and compilation count as one check each).
#   tests/OpenApi/run.sh [path/to/MarketMicro.WebApi.dll]
# Against a shop that already runs (the cluster behind NGINX, say), set its URL and its bootstrap admin instead:
#   MARKETMICRO_BASE_URL=http://127.0.0.1:8080 MARKETMICRO_ADMIN_EMAIL=... MARKETMICRO_ADMIN_PASSWORD=... tests/OpenApi/run.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dll="${1:-$here/../../src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll}"
cd "$here"

# shellcheck source=../test-shop.sh
. "$here/../test-shop.sh"
record() { # record <name> <exit status>
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "[openapi] ok: $1"; else failed=$((failed + 1)); echo "[openapi] FAILED: $1"; fi
}

if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1; then
  echo "[openapi] npm ci failed"
  failed=1
  finish
fi
if [ -n "${MARKETMICRO_BASE_URL:-}" ]; then
  SHOP_URL="${MARKETMICRO_BASE_URL%/}"
  SHOP_ADMIN_EMAIL="${MARKETMICRO_ADMIN_EMAIL:?set MARKETMICRO_ADMIN_EMAIL with MARKETMICRO_BASE_URL}"
  SHOP_ADMIN_PASSWORD="${MARKETMICRO_ADMIN_PASSWORD:?set MARKETMICRO_ADMIN_PASSWORD with MARKETMICRO_BASE_URL}"
  SHOP_WORK="$(mktemp -d /tmp/marketmicro-openapi.XXXXXX)"
  export SHOP_URL SHOP_ADMIN_EMAIL SHOP_ADMIN_PASSWORD SHOP_WORK
  trap 'rm -rf "$SHOP_WORK"' EXIT
  echo "[openapi] against $SHOP_URL"
  wait_test_shop_ready openapi || { failed=1; finish; }
else
  if [ ! -f "$dll" ]; then
    echo "[openapi] $dll is missing: build with 'dotnet build MarketMicro.sln -c Release' first"
    failed=1
    finish
  fi
  start_test_shop "$dll" openapi || { failed=1; finish; }
fi
work="$SHOP_WORK"
url="$SHOP_URL"

./lint.sh "$url/openapi/v1.json" 2>&1 | grep -v -e '[║╔╚]' -e '^npm warn'
record "Redocly lint of /openapi/v1.json" "${PIPESTATUS[0]}"

rm -rf generated build
npx --no-install openapi-typescript "$url/openapi/v1.json" --output generated/api.d.ts >"$work/generate.log" 2>&1 \
  && npx --no-install tsc -p tsconfig.json
compiled=$?
[ $compiled -ne 0 ] && cat "$work/generate.log"
record "client generated from /openapi/v1.json compiles" $compiled

if [ $compiled -eq 0 ]; then
  node --test --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$work/client.tap" build/shop-client.test.js
  add_tap_counts "$work/client.tap" $?
fi

finish
