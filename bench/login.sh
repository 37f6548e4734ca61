#!/usr/bin/env bash
# Login latency (dominated by the password hash: PBKDF2-HMAC-SHA512, 100,000 iterations): starts a shop on :5057,
# registers one user, times N sequential logins with curl and prints p50/p95.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100}"
DATA="$(mktemp -d /tmp/marketmicro-loginbench.XXXXXX)"
dotnet build -c Release src/WebApi -nologo -clp:ErrorsOnly >/dev/null
Storage__DataDirectory="$DATA" Urls=http://127.0.0.1:5057 Orleans__SiloPort=11157 Orleans__GatewayPort=30057 \
  RateLimiting__Credentials__PermitLimit=100000 Logging__LogLevel__Default=Warning \
  dotnet src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll >"$DATA/shop.log" 2>&1 &
SHOP=$!
trap 'kill $SHOP 2>/dev/null; wait $SHOP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 150); do curl -fs http://127.0.0.1:5057/health/ready >/dev/null && break; sleep 0.2; done
body='{"email":"bench@example.com","password":"benchmark password"}'
curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"benchmark password","name":"Bench"}' http://127.0.0.1:5057/api/v1/users/register
for i in $(seq 1 "$N"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' -d "$body" http://127.0.0.1:5057/api/v1/users/login
done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "login over HTTP, %d sequential: p50 %.1f ms, p95 %.1f ms\n", NR, t[int(NR * 0.5)], t[int(NR * 0.95)] }'
