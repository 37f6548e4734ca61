#!/usr/bin/env bash
# The cluster topology on one machine, from Debian packages: MariaDB, Redis, RabbitMQ on loopback,
# N silos (Redis membership, MariaDB storage, events on RabbitMQ), M stateless WebApi frontends
# (Hosting:Mode=client) and NGINX in front of them at http://127.0.0.1:8080.
# Usage: scripts/cluster.sh up [--silos N] [--frontends M] [--no-build] | down | status
#   up    builds Release, starts whatever is not running yet (default 2 silos, 2 frontends), waits until NGINX
#         answers /health/ready. Silo i: silo port 11110+i, gateway 29999+i, health :5100+i, operator :5300+i.
#         Frontend j: :5000+j, operator :5400+j. Logs and pids in the state folder ($MARKETMICRO_CLUSTER_DIR,
#         default /tmp/marketmicro-cluster).
#   down  stops exactly what `up` started (by recorded pid), servers found already running are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

export MARKETMICRO_STATE_DIR="${MARKETMICRO_CLUSTER_DIR:-/tmp/marketmicro-cluster}"
STATE="$MARKETMICRO_STATE_DIR"
DATABASE=marketmicro_cluster
mkdir -p "$STATE"
log() { printf '[cluster] %s\n' "$*" >&2; }

running() { [ -s "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

wait_ready() { # name url
  for _ in $(seq 1 300); do
    if curl -fsS "$2" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$1 did not become ready; see $STATE/$1.log"
  return 1
}

start_dotnet() { # name dll env...
  local name=$1 dll=$2; shift 2
  if running "$name"; then log "$name already running"; return; fi
  log "starting $name"
  env "$@" dotnet "$dll" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

up() {
  local silos=2 frontends=2 build=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos=$2; shift 2 ;;
      --frontends) frontends=$2; shift 2 ;;
      --no-build) build=0; shift ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
  scripts/services.sh up
  mariadb --protocol=socket -uroot -e "CREATE DATABASE IF NOT EXISTS $DATABASE"
  command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
  [ -s "$STATE/jwt.key" ] || (umask 077; head -c 48 /dev/urandom | base64 >"$STATE/jwt.key")

  if [ "$build" = 1 ]; then
    log "building Release"
    dotnet build MarketMicro.sln -c Release -nologo -clp:ErrorsOnly >/dev/null
  fi
  local common=(
    "ConnectionStrings__MySql=Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=$DATABASE"
    "ConnectionStrings__Redis=127.0.0.1:6379"
    "ConnectionStrings__RabbitMq=amqp://guest:guest@127.0.0.1:5672/"
    "Orleans__ClusterId=market-micro-local" "Orleans__ServiceId=market-micro-local"
    "Jwt__SigningKey=$(cat "$STATE/jwt.key")"
    "Bootstrap__AdminEmail=${ADMIN_EMAIL:-admin@example.com}" "Bootstrap__AdminPassword=${ADMIN_PASSWORD:-change-me-now-please}"
    "RateLimiting__Credentials__PermitLimit=${MARKETMICRO_CREDENTIALS_PERMIT_LIMIT:-30}"
  )
  local silo=src/Silo/bin/Release/net10.0/MarketMicro.Silo.dll api=src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll
  # Each silo process keeps its own Lucene folder; set ConnectionStrings__Elasticsearch for one shared search index.
  local i upstreams=""
  for i in $(seq 1 "$silos"); do
    start_dotnet "silo$i" "$silo" "${common[@]}" Storage__DataDirectory="$STATE/silo$i" \
      Orleans__SiloPort=$((11110 + i)) Orleans__GatewayPort=$((29999 + i)) \
      Urls=http://127.0.0.1:$((5100 + i)) Operations__Url=http://127.0.0.1:$((5300 + i))
  done
  for i in $(seq 1 "$silos"); do wait_ready "silo$i" "http://127.0.0.1:$((5100 + i))/health/ready"; done
  for i in $(seq 1 "$frontends"); do
    start_dotnet "api$i" "$api" "${common[@]}" Storage__DataDirectory="$STATE/api" Hosting__Mode=client \
      Urls=http://127.0.0.1:$((5000 + i)) Operations__Url=http://127.0.0.1:$((5400 + i)) Http__KnownProxies=127.0.0.1
    upstreams="$upstreams server 127.0.0.1:$((5000 + i));"
  done
  for i in $(seq 1 "$frontends"); do wait_ready "api$i" "http://127.0.0.1:$((5000 + i))/health/ready"; done
  echo "$silos $frontends" >"$STATE/topology"

  if ! running nginx; then
    log "starting NGINX on :8080"
    mkdir -p "$STATE/nginx"
    sed -e "s/\${UPSTREAMS}/$upstreams/" -e 's/${LISTEN}/127.0.0.1:8080/' \
      deploy/nginx/shop.conf.template >"$STATE/nginx/shop.conf"
    cat >"$STATE/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $STATE/nginx/body;
    proxy_temp_path $STATE/nginx/proxy;
    include $STATE/nginx/shop.conf;
}
CONF
    nginx -c "$STATE/nginx/nginx.conf"
  fi
  wait_ready nginx http://127.0.0.1:8080/health/ready
  log "ready: http://127.0.0.1:8080 (docs at /docs); logs in $STATE"
}

down() {
  if running nginx; then log "stopping NGINX"; nginx -c "$STATE/nginx/nginx.conf" -s quit || true; fi
  local names; names=$(cd "$STATE" && ls api*.pid silo*.pid 2>/dev/null | sed 's/\.pid$//' | sort -r)
  for name in $names; do
    if running "$name"; then
      local pid; pid=$(cat "$STATE/$name.pid")
      log "stopping $name (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$STATE/$name.pid"
  done
  scripts/services.sh down
}

status() {
  local names; names=$(cd "$STATE" && ls silo*.pid api*.pid nginx.pid 2>/dev/null | sed 's/\.pid$//')
  for name in $names; do
    running "$name" && echo "$name: up (pid $(cat "$STATE/$name.pid"))" || echo "$name: down"
  done
  scripts/services.sh status
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up [--silos N] [--frontends M] [--no-build] | down | status" >&2; exit 2 ;;
esac
