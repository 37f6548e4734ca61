#!/usr/bin/env bash
# The shop's benchmark (issue #14): builds Release, then for each storage starts a fresh shop (one WebApi with its
# co-hosted silo, on free loopback ports) behind its own NGINX, seeds it through the API and drives every scenario
# through NGINX: the ceiling (GET /health/live), product lookups, search with filters and facets, the ceiling again, cart adds (wrk), then
# checkout rounds, three flash sales and the stock audit (bench/ShopDriver). Prints one table per storage and, for a full
# run, appends them to bench/RESULTS.md with the date, commit and machine.
#
# Usage: bench/run.sh [--quick] [--only embedded|mariadb]
#   --quick   a smoke run (~2 minutes): fewer products, buyers and rounds, shorter wrk runs; nothing is recorded
#   --only    one storage: embedded (SQLite, memory streams, Lucene) or mariadb (grain storage on MariaDB via
#             scripts/services.sh, which starts it only when none runs and stops only what it started)
# BENCH_DIAGNOSTICS=dir keeps, per storage, where the shop's memory went: its RSS every 2 s during the run (rss.tsv),
# and once the RSS of the table was read, /proc status, smaps and smaps_rollup, the shop's log (warnings, and each memory
# trim with what it gave back), the GC's counters (dotnet-counters) and
# a heap summary (dotnet-gcdump, which collects first: smaps_rollup.after-gcdump shows what that freed).
# BENCH_SHOP_ENV="NAME=value ..." gives the shop more environment (runtime knobs such as DOTNET_gcServer=0, settings such
# as Memory__TrimInterval=00:00:00), to measure a setting without a build; values cannot hold spaces. The section
# appended to bench/RESULTS.md names it.
# Exit code: 1 when the stock audit is not exact (oversell, a flash sale selling more or less than its units, an
# answer that stayed unknown) or the run broke; speed targets are reported in the table, never asserted.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

QUICK=0
STORAGES="embedded mariadb"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --only)
      [ "${2:-}" = embedded ] || [ "${2:-}" = mariadb ] || { echo "--only takes embedded or mariadb" >&2; exit 2; }
      STORAGES=$2; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$QUICK" = 1 ]; then
  PRODUCTS=2000 BUYERS=200 ROUNDS=2 WRK_SECONDS=3 WARMUP_SECONDS=1 DISK_SECONDS=2 IDLE_SECONDS=2
else
  PRODUCTS=100000 BUYERS=1000 ROUNDS=5 WRK_SECONDS=10 WARMUP_SECONDS=3 DISK_SECONDS=5 IDLE_SECONDS=40
fi
CONNECTIONS=64
ADMIN_EMAIL=bench-admin@example.com
ADMIN_PASSWORD="bench admin password"
WORK="$(mktemp -d /tmp/marketmicro-bench.XXXXXX)"
DRIVER=(dotnet bench/ShopDriver/bin/Release/net10.0/MarketMicro.ShopDriver.dll)
SHOP_PID="" NGINX_DIR="" DATABASE="" SERVICES_UP=0 FAILED=0 STEP_PID=""
STARTED_AT=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

stop_pid() { # pid: TERM, then up to 30 s for it to go, then KILL
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

# Runs one step in the background and waits for it: bash runs its INT/TERM trap only once a foreground command has
# ended, and a step that survives the signal (dotnet build does) would otherwise carry on; cleanup stops it instead.
step() {
  "$@" &
  STEP_PID=$!
  local status=0
  wait "$STEP_PID" || status=$?
  STEP_PID=""
  return "$status"
}

stop_stack() { # NGINX, the shop and the storage's database: whatever is running
  if [ -n "$NGINX_DIR" ] && [ -s "$NGINX_DIR/nginx.pid" ]; then stop_pid "$(cat "$NGINX_DIR/nginx.pid")"; fi
  NGINX_DIR=""
  if [ -n "$SHOP_PID" ]; then stop_pid "$SHOP_PID"; wait "$SHOP_PID" 2>/dev/null || true; fi
  SHOP_PID=""
  if [ -n "$DATABASE" ]; then mariadb --protocol=socket -uroot -e "DROP DATABASE IF EXISTS $DATABASE" || true; fi
  DATABASE=""
}

cleanup() {
  if [ -n "$STEP_PID" ]; then stop_pid "$STEP_PID"; fi
  stop_stack
  if [ "$SERVICES_UP" = 1 ]; then MARKETMICRO_STATE_DIR="$WORK/services" scripts/services.sh down || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # first port from $1 up that nothing listens on
  local port=$1
  while ss -Htln "sport = :$port" | grep -q .; do port=$((port + 1)); done
  echo "$port"
}

wait_ready() { # url seconds
  for _ in $(seq 1 $(($2 * 5))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  log "$1 did not answer within $2 s"
  return 1
}

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_shop() { # dir extra-environment...
  local dir=$1; shift
  API_PORT=$(free_port 5600)
  local silo_port gateway_port
  silo_port=$(free_port 11600)
  gateway_port=$(free_port 30600)
  env "$@" Storage__DataDirectory="$dir/data" Urls="http://127.0.0.1:$API_PORT" \
    Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
    Bootstrap__AdminEmail="$ADMIN_EMAIL" Bootstrap__AdminPassword="$ADMIN_PASSWORD" \
    RateLimiting__Credentials__PermitLimit=100000 Search__RefreshInterval=00:00:00.250 Jwt__AccessTokenMinutes=240 \
    Logging__LogLevel__Default=Warning Logging__LogLevel__MarketMicro.Silo.MemoryTrimmer=Information \
    dotnet src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll >"$dir/shop.log" 2>&1 &
  SHOP_PID=$!
  wait_ready "http://127.0.0.1:$API_PORT/health/ready" 120 || { tail -20 "$dir/shop.log" >&2; return 1; }
  log "shop pid $SHOP_PID on 127.0.0.1:$API_PORT"
}

start_nginx() { # dir: the project's gateway settings (deploy/nginx/shop.conf.template) in front of the one WebApi
  NGINX_DIR="$1/nginx"
  NGINX_PORT=$(free_port 8090)
  mkdir -p "$NGINX_DIR"
  sed -e "s/\${UPSTREAMS}/server 127.0.0.1:$API_PORT;/" -e "s/\${LISTEN}/127.0.0.1:$NGINX_PORT/" \
    deploy/nginx/shop.conf.template >"$NGINX_DIR/shop.conf"
  cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/body;
    proxy_temp_path $NGINX_DIR/proxy;
    include $NGINX_DIR/shop.conf;
}
CONF
  nginx -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf"
  NGINX_URL="http://127.0.0.1:$NGINX_PORT"
  wait_ready "$NGINX_URL/health/ready" 30
  log "NGINX pid $(cat "$NGINX_DIR/nginx.pid") on $NGINX_URL"
}

rss_of() { # pid: its VmRSS in MB
  awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

trace_rss() { # dir: the shop's VmRSS, RssAnon and RssFile (kB) every 2 s until it exits, with BENCH_DIAGNOSTICS set
  [ -n "${BENCH_DIAGNOSTICS:-}" ] || return 0
  local pid=$SHOP_PID out="$BENCH_DIAGNOSTICS/$(basename "$1")"
  mkdir -p "$out"
  ( while [ -r "/proc/$pid/status" ]; do
      awk -v t="$(date +%T)" '/^(VmRSS|RssAnon|RssFile)/ { v = v "\t" $2 } END { print t v }' "/proc/$pid/status"
      sleep 2
    done >"$out/rss.tsv" 2>/dev/null ) &
}

diagnose_memory() { # dir: run after the RSS was read, so nothing measured changes
  [ -n "${BENCH_DIAGNOSTICS:-}" ] || return 0
  local out="$BENCH_DIAGNOSTICS/$(basename "$1")" proc="/proc/$SHOP_PID"
  mkdir -p "$out"
  cp "$proc/status" "$out/status"
  cp "$proc/smaps_rollup" "$out/smaps_rollup"
  cp "$proc/smaps" "$out/smaps"
  cp "$1/shop.log" "$out/shop.log" 2>/dev/null || true
  local tools="$HOME/.dotnet/tools"
  if [ -x "$tools/dotnet-counters" ]; then
    "$tools/dotnet-counters" collect -p "$SHOP_PID" --counters System.Runtime \
      --format csv -o "$out/counters.csv" --duration 00:00:00:05 >/dev/null 2>&1 || log "dotnet-counters failed"
  fi
  if [ -x "$tools/dotnet-gcdump" ]; then
    "$tools/dotnet-gcdump" collect -p "$SHOP_PID" -o "$out/heap.gcdump" >/dev/null 2>&1 \
      && "$tools/dotnet-gcdump" report "$out/heap.gcdump" >"$out/heap.txt" 2>&1 || log "dotnet-gcdump failed"
    cp "$proc/smaps_rollup" "$out/smaps_rollup.after-gcdump"
  fi
  log "memory diagnostics in $out"
}

row() { # rows-file scenario req/s p50 p95 p99 oversell notes
  local file=$1; shift
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$file"
}

met() { # condition (an awk expression): "met" or "MISSED"
  awk "BEGIN { exit !($1) }" && echo met || echo MISSED
}

wrk_scenario() { # rows-file state scenario script path target-note-function
  local rows=$1 state=$2 scenario=$3 script=$4 path=$5 target=$6
  BENCH_STATE="$state" step wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" --timeout 10s -s "$script" "$NGINX_URL$path" >/dev/null
  local line
  line=$(BENCH_STATE="$state" wrk -t2 -c"$CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 10s -s "$script" "$NGINX_URL$path" | grep '^ROW')
  local rps p50 p95 p99 requests failed
  IFS=$'\t' read -r _ rps p50 p95 p99 requests failed <<<"$line"
  local notes="$requests requests in ${WRK_SECONDS} s"
  [ "$failed" = 0 ] || notes="$notes, $failed FAILED"
  notes="$notes$("$target" "$rps" "$p95")"
  row "$rows" "$scenario" "$rps" "$p50" "$p95" "$p99" "" "$notes"
  log "$scenario: $rps req/s, p99 $p99 ms"
  echo "$rps"
}

no_target() { :; }
search_target() { echo "; target >= 2,000 req/s, p95 <= 25 ms: $(met "$1 >= 2000 && $2 <= 25")"; }
cart_target() { echo "; target >= 0.30 of the ceiling: $(met "$1 >= 0.30 * $CEILING")"; }

seed_catalog() { # rows-file dir
  local rows=$1 dir=$2 started seeded
  started=$(date +%s.%N)
  step dotnet tools/Seeder/bin/Release/net10.0/MarketMicro.Seeder.dll --products "$PRODUCTS" --url "$NGINX_URL" \
    --concurrency "$CONNECTIONS" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" >"$dir/seeder.log" 2>&1 \
    || { tail -5 "$dir/seeder.log" >&2; return 1; }
  seeded=$(date +%s.%N)
  local total=0
  for _ in $(seq 1 600); do
    total=$(curl -fs "$NGINX_URL/api/v1/products?pageSize=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
    [ "${total:-0}" -ge "$PRODUCTS" ] && break
    sleep 0.5
  done
  [ "${total:-0}" -ge "$PRODUCTS" ] || { log "search shows $total of $PRODUCTS products"; return 1; }
  local now seconds
  now=$(date +%s.%N)
  seconds=$(awk "BEGIN { printf \"%.1f\", $seeded - $started }")
  row "$rows" "setup: seed $PRODUCTS catalog products, admin API, $CONNECTIONS at once (products/s)" \
    "$(awk "BEGIN { printf \"%.0f\", $PRODUCTS / ($seeded - $started) }")" "" "" "" "" \
    "$seconds s through NGINX and the grains; all searchable $(awk "BEGIN { printf \"%.1f\", $now - $seeded }") s later"
  log "seeded $PRODUCTS products in $seconds s"
}

bench_storage() { # storage
  local storage=$1 dir="$WORK/$1"
  local rows="$dir/rows.tsv" state="$dir/state"
  mkdir -p "$dir/data" "$state"
  : >"$rows"
  local shop_env
  read -r -a shop_env <<<"${BENCH_SHOP_ENV:-}"
  if [ "$storage" = mariadb ]; then
    log "MariaDB via scripts/services.sh"
    MARKETMICRO_STATE_DIR="$WORK/services" step scripts/services.sh up >"$dir/services.log" 2>&1 \
      || { tail -5 "$dir/services.log" >&2; return 1; }
    SERVICES_UP=1
    DATABASE="marketmicro_bench_$$"
    mariadb --protocol=socket -uroot -e "DROP DATABASE IF EXISTS $DATABASE; CREATE DATABASE $DATABASE"
    shop_env+=("ConnectionStrings__MySql=Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=$DATABASE")
  fi
  start_shop "$dir" "${shop_env[@]}"
  trace_rss "$dir"
  start_nginx "$dir"
  seed_catalog "$rows" "$dir"

  log "buyers and bench products"
  step "${DRIVER[@]}" prepare --url "$NGINX_URL" --direct-url "http://127.0.0.1:$API_PORT" --state "$state" --rows "$rows" \
    --users "$BUYERS" --rounds "$ROUNDS" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" >>"$dir/driver.log"

  CEILING=$(wrk_scenario "$rows" "$state" "ceiling: GET /health/live" bench/wrk/ceiling.lua /health/live no_target)
  wrk_scenario "$rows" "$state" "GET /api/v1/products/{id}, random of $(wc -l <"$state/catalog-ids.txt")" \
    bench/wrk/product.lua / no_target >/dev/null
  wrk_scenario "$rows" "$state" "search: q + category + price filters, facets, over $PRODUCTS" \
    bench/wrk/search.lua / search_target >/dev/null
  # The ceiling once more: right after the import and the buyers' sign-ins the shop may still be merging the index or
  # trimming memory, and a ceiling measured then inflates every share. The higher of the two is the ceiling.
  local again
  again=$(wrk_scenario "$rows" "$state" "ceiling, again: GET /health/live" bench/wrk/ceiling.lua /health/live no_target)
  CEILING=$(awk "BEGIN { print ($again > $CEILING) ? $again : $CEILING }")
  wrk_scenario "$rows" "$state" "POST /api/v1/cart/add, $BUYERS buyers" bench/wrk/cart-add.lua / cart_target >/dev/null

  log "checkout rounds and flash sale"
  if ! step "${DRIVER[@]}" checkout --url "$NGINX_URL" --state "$state" --rows "$rows" --rounds "$ROUNDS" \
    --concurrency "$CONNECTIONS" --disk-commits "$DISK_COMMITS" >>"$dir/driver.log" 2>&1; then
    FAILED=1
    grep -E 'MISMATCH|NOT EXACT' "$dir/driver.log" >&2 || tail -20 "$dir/driver.log" >&2
  fi

  # Read at once, and again once the memory trimmer (a check every 5 s, at most one trim per 30 s) had its
  # chance: what the shop holds right after its last request, and once it is idle.
  local rss_mb rss_idle_mb
  rss_mb=$(rss_of "$SHOP_PID")
  step sleep "$IDLE_SECONDS"
  rss_idle_mb=$(rss_of "$SHOP_PID")
  local rss_note="VmRSS $rss_mb MB right after the whole run, $rss_idle_mb MB $IDLE_SECONDS s later, $PRODUCTS catalog products"
  if [ "$storage" = embedded ] && [ "$PRODUCTS" -ge 100000 ]; then
    rss_note="$rss_note; target <= 300 MB: $(met "$rss_mb <= 300") right after, $(met "$rss_idle_mb <= 300") idle"
  fi
  row "$rows" "RSS of the shop process" "" "" "" "" "" "$rss_note"
  diagnose_memory "$dir"
  cat "$WORK/disk.tsv" >>"$rows"
  stop_stack
  render "$rows" >"$dir/table.md"
}

render() { # rows-file: the markdown table; share of the higher ceiling for every HTTP scenario (those with latencies)
  awk -F'\t' '
    BEGIN {
      print "| scenario | req/s | p50 ms | p95 ms | p99 ms | share of the ceiling | oversell | notes |"
      print "|---|---:|---:|---:|---:|---:|---:|---|"
    }
    NR == FNR { if ($1 ~ /^ceiling/ && $2 + 0 > ceiling) ceiling = $2 + 0; next }
    {
      share = ($3 != "" && ceiling > 0) ? sprintf("%.3f", $2 / ceiling) : ""
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, share, ($6 == "" ? "" : $6), $7
    }' "$1" "$1"
}

storage_title() {
  case "$1" in
    embedded) echo "embedded default (SQLite, memory streams, Lucene)" ;;
    mariadb) echo "MariaDB grain storage, memory streams, Lucene" ;;
  esac
}

machine() {
  local cpu ram
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $ram RAM, Linux $(uname -r)"
}

ensure_tools
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "building Release (WebApi, Seeder, ShopDriver)"
for project in src/WebApi tools/Seeder bench/ShopDriver; do
  step dotnet build -c Release "$project" -nologo -clp:ErrorsOnly >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done

log "the disk's own limit"
step "${DRIVER[@]}" disk --path "$WORK" --seconds "$DISK_SECONDS" --rows "$WORK/disk.tsv" >/dev/null
DISK_COMMITS=$(cut -f2 "$WORK/disk.tsv")

for storage in $STORAGES; do
  log "=== $(storage_title "$storage")"
  bench_storage "$storage"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes in src')$([ "$QUICK" = 1 ] && echo ', --quick')"
  echo
  echo "Machine: $(machine). Load average before: $LOAD_BEFORE; after: $LOAD_AFTER. Took $(( ($(date +%s) - STARTED_AT) / 60 )) min."
  [ -z "${BENCH_SHOP_ENV:-}" ] || { echo; echo "The shop's added environment (BENCH_SHOP_ENV): \`$BENCH_SHOP_ENV\`."; }
  for storage in $STORAGES; do
    echo
    echo "### $(storage_title "$storage")"
    echo
    cat "$WORK/$storage/table.md"
  done
} >"$WORK/section.md"
echo
cat "$WORK/section.md"
if [ "$QUICK" = 0 ]; then
  { echo; cat "$WORK/section.md"; } >>bench/RESULTS.md
  log "appended to bench/RESULTS.md"
fi
exit "$FAILED"
