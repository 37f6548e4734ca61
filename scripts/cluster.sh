#!/usr/bin/env bash
# The cluster topology on one machine, from Debian packages: MariaDB, Redis, RabbitMQ on loopback,
# two silos (Redis membership, MariaDB storage), two stateless WebApi frontends (Hosting:Mode=client)
# and NGINX in front of them at http://127.0.0.1:8080.
# Usage: scripts/cluster.sh up|down|status
#   up    builds Release, starts whatever is not running yet, waits until NGINX answers /health/ready.
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
  scripts/services.sh up
  mariadb --protocol=socket -uroot -e "CREATE DATABASE IF NOT EXISTS $DATABASE"
  command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
  [ -s "$STATE/jwt.key" ] || (umask 077; head -c 48 /dev/urandom | base64 >"$STATE/jwt.key")

  log "building Release"
  dotnet build MarketMicro.sln -c Release -nologo -clp:ErrorsOnly >/dev/null
  local common=(
    "ConnectionStrings__MySql=Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=$DATABASE"
    "ConnectionStrings__Redis=127.0.0.1:6379"
    "Orleans__ClusterId=market-micro-local" "Orleans__ServiceId=market-micro-local"
    "Jwt__SigningKey=$(cat "$STATE/jwt.key")"
    "Bootstrap__AdminEmail=${ADMIN_EMAIL:-admin@example.com}" "Bootstrap__AdminPassword=${ADMIN_PASSWORD:-change-me-now-please}"
  )
  local silo=src/Silo/bin/Release/net10.0/MarketMicro.Silo.dll api=src/WebApi/bin/Release/net10.0/MarketMicro.WebApi.dll
  # Each silo process keeps its own Lucene folder; set ConnectionStrings__Elasticsearch for one shared search index.
  start_dotnet silo1 "$silo" "${common[@]}" Storage__DataDirectory="$STATE/silo1" Orleans__SiloPort=11111 Orleans__GatewayPort=30000 Urls=http://127.0.0.1:5101
  start_dotnet silo2 "$silo" "${common[@]}" Storage__DataDirectory="$STATE/silo2" Orleans__SiloPort=11112 Orleans__GatewayPort=30001 Urls=http://127.0.0.1:5102
  wait_ready silo1 http://127.0.0.1:5101/health/ready
  wait_ready silo2 http://127.0.0.1:5102/health/ready
  start_dotnet api1 "$api" "${common[@]}" Storage__DataDirectory="$STATE/api" Hosting__Mode=client Urls=http://127.0.0.1:5001 Http__KnownProxies=127.0.0.1
  start_dotnet api2 "$api" "${common[@]}" Storage__DataDirectory="$STATE/api" Hosting__Mode=client Urls=http://127.0.0.1:5002 Http__KnownProxies=127.0.0.1
  wait_ready api1 http://127.0.0.1:5001/health/ready
  wait_ready api2 http://127.0.0.1:5002/health/ready

  if ! running nginx; then
    log "starting NGINX on :8080"
    mkdir -p "$STATE/nginx"
    sed -e 's/${UPSTREAMS}/server 127.0.0.1:5001; server 127.0.0.1:5002;/' -e 's/${LISTEN}/127.0.0.1:8080/' \
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
  for name in api2 api1 silo2 silo1; do
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
  for name in silo1 silo2 api1 api2 nginx; do
    running "$name" && echo "$name: up (pid $(cat "$STATE/$name.pid"))" || echo "$name: down"
  done
  scripts/services.sh status
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
