#!/usr/bin/env bash
# Search benchmark: indexes N products (default 100000) with the Lucene adapter, then serves them from a shop on
# :5055 and measures searches with filters and facets over HTTP with wrk (installed with apt-get if missing), up to
# the issue's 64 connections, and the shop's resident memory after the run.
# SEARCH_DATA=<folder> keeps the data folder (index and shop storage) and reuses an index already built in it.
set -euo pipefail
cd "$(dirname "$0")/.."
PRODUCTS="${1:-100000}"
DATA="${SEARCH_DATA:-$(mktemp -d /tmp/marketmicro-searchbench.XXXXXX)}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
for project in bench/SearchBench src/WebApi; do dotnet build -c Release "$project" -nologo -clp:ErrorsOnly; done
if [[ ! -d "$DATA/search" ]]; then
  dotnet bench/SearchBench/bin/Release/net10.0/MarketMicro.SearchBench.dll --products "$PRODUCTS" --path "$DATA/search"
fi
Storage__DataDirectory="$DATA" Urls=http://127.0.0.1:5055 Orleans__SiloPort=11155 Orleans__GatewayPort=30055 Logging__LogLevel__Default=Warning \
  dotnet src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll >"$DATA/shop.log" 2>&1 &
SHOP=$!
trap 'kill $SHOP 2>/dev/null; wait $SHOP 2>/dev/null; [[ -n "${SEARCH_DATA:-}" ]] || rm -rf "$DATA"' EXIT
for _ in $(seq 1 150); do curl -fs http://127.0.0.1:5055/health/ready >/dev/null && break; sleep 0.2; done
# Warm-up: long enough for tiered compilation to reach the optimized code of the search path.
wrk -t2 -c16 -d15s -s bench/search.lua http://127.0.0.1:5055 >/dev/null
for connections in 1 16 64; do
  printf "%2d connections: " "$connections"
  wrk -t"$(( connections > 1 ? 2 : 1 ))" -c"$connections" -d15s -s bench/search.lua http://127.0.0.1:5055 | tail -1
done
echo "shop RSS after the run: $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$SHOP/status"), machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
