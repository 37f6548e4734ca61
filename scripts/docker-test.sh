#!/usr/bin/env bash
# Proves the container setup on this machine, as far as it can be proved without any image registry:
#   1. docker-compose accepts docker-compose.yml (with a throw-away .env made here);
#   2. installs Docker (Debian's docker.io) if missing, starts dockerd if none runs, and prepares two base images
#      from a debootstrap'ed Debian root file system plus the host's .NET (SDK / ASP.NET runtime only);
#   3. builds src/Silo/Dockerfile and src/WebApi/Dockerfile on those bases;
#   4. runs one silo and one client-mode WebApi container (host network) against the loopback MariaDB, Redis and
#      RabbitMQ of scripts/services.sh, and walks the shop with curl: admin login, product, customer, cart, order,
#      admin confirmation.
# Every step is one check. Prints `N passed, M failed` last; where Docker cannot run here the checks that need it are
# reported as skipped with a `skipped: <reason>` line (and the script exits 0).
# Stops only what it started (dockerd by recorded pid, its own containers). Base images are cached: a second run
# reuses them (MARKETMICRO_DOCKER_REBUILD_BASE=1 makes them anew).
set -uo pipefail
cd "$(dirname "$0")/.."

STATE="${MARKETMICRO_DOCKER_STATE:-/tmp/marketmicro-docker}"
CACHE="${MARKETMICRO_DOCKER_CACHE:-/var/cache/marketmicro-docker}"
SDK_BASE=marketmicro/sdk-base:local
RUNTIME_BASE=marketmicro/aspnet-base:local
SILO_IMAGE=marketmicro/silo:test
API_IMAGE=marketmicro/webapi:test
DATABASE=marketmicro_docker
SILO_PORT=11191 GATEWAY_PORT=30091 SILO_HTTP=5191 API_HTTP=5091
mkdir -p "$STATE" "$CACHE"
# Debian's client matches Debian's engine (API 1.41); a newer client elsewhere on PATH is not needed.
DOCKER=$(command -v /usr/bin/docker || command -v docker || echo docker)
export DOCKER_BUILDKIT=0 # the classic builder: the engine's own, no buildx plugin needed

passed=0; failed=0; skipped=0; skip_reason=""
log() { printf '[docker-test] %s\n' "$*" >&2; }
pass() { passed=$((passed + 1)); log "PASS $*"; }
fail() { failed=$((failed + 1)); log "FAIL $*"; }
finish() {
  [ -n "$skip_reason" ] && echo "skipped: $skip_reason"
  echo "$passed passed, $failed failed"
  exit $(( failed > 0 ? 1 : 0 ))
}
skip_rest() { # number reason
  skipped=$((skipped + $1)); skip_reason="$2 ($1 checks)"
  log "SKIP $1 checks: $2"
}
REMAINING_AFTER_DOCKER=13 # checks that need a running engine: base images (2), builds (2), user (1), flow (8)

timed() { local start=$SECONDS; "$@"; local rc=$?; log "  ($(( SECONDS - start )) s)"; return $rc; }

apt_updated=0
ensure_package() { # package command
  command -v "$2" >/dev/null 2>&1 && return 0
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || return 1
    apt_updated=1
  fi
  log "installing $1"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1
}

# --- 1. docker-compose accepts the file ---------------------------------------------------------------------------
check_compose() {
  ensure_package docker-compose docker-compose || { fail "docker-compose could not be installed"; return; }
  local env="$STATE/compose.env"
  sed -e 's/=change-me.*$/=test-value-0123456789abcdef0123456789abcdef/' .env.example >"$env"
  if docker-compose --env-file "$env" -f docker-compose.yml config -q 2>"$STATE/compose.err"; then
    # Without the secrets the file must refuse to render, naming the missing variable.
    : >"$STATE/empty.env"
    if env -i PATH="$PATH" docker-compose --env-file "$STATE/empty.env" -f docker-compose.yml config -q 2>"$STATE/compose-missing.err"; then
      fail "docker-compose config rendered without the required secrets"
    elif grep -q 'MYSQL_PASSWORD\|JWT_SIGNING_KEY\|RABBITMQ' "$STATE/compose-missing.err"; then
      pass "docker-compose config accepts docker-compose.yml, and refuses it without the secrets"
    else
      fail "docker-compose config without secrets failed for another reason: $(head -c 300 "$STATE/compose-missing.err")"
    fi
  else
    fail "docker-compose config: $(head -c 500 "$STATE/compose.err")"
  fi
}

# --- 2. a Docker engine -----------------------------------------------------------------------------------------------
engine_up() { "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
start_engine() {
  ensure_package docker.io dockerd || { echo "docker.io could not be installed"; return 1; }
  ensure_package iptables iptables >/dev/null 2>&1 || true
  if engine_up; then log "dockerd already running: reusing it"; return 0; fi
  log "starting dockerd"
  # Every container here uses the host's network (the build's restore and the test's loopback servers), so the engine
  # makes no bridge and touches no firewall rule of the host.
  dockerd --storage-driver=overlay2 --bridge=none --iptables=false --ip-masq=false --ip-forward=false >"$STATE/dockerd.log" 2>&1 &
  echo $! >"$STATE/dockerd.pid"
  for _ in $(seq 1 150); do engine_up && return 0; kill -0 "$(cat "$STATE/dockerd.pid")" 2>/dev/null || break; sleep 0.2; done
  echo "dockerd did not start: $(tail -n 3 "$STATE/dockerd.log" | tr '\n' ' ' | sed 's/ *$//' | head -c 400)"
  return 1
}
stop_engine() {
  [ -s "$STATE/dockerd.pid" ] || return 0
  local pid; pid=$(cat "$STATE/dockerd.pid")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd (pid $pid)"
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$STATE/dockerd.pid"
}
can_run_containers() {
  # The smallest possible image: one static file is enough to see whether the engine can start a container.
  "$DOCKER" image inspect "$RUNTIME_BASE" >/dev/null 2>&1 || return 0 # judged when the base image exists
  "$DOCKER" run --rm --network none "$RUNTIME_BASE" true >/dev/null 2>"$STATE/run-probe.err"
}

# --- base images: Debian minbase + the host's .NET ------------------------------------------------------------------
# What .NET needs at run time beyond minbase: certificates, OpenSSL, ICU (the SDK reads culture names while it builds;
# the apps themselves run with invariant globalization), time zones; minbase has bash for the health check.
ROOTFS_INCLUDE=ca-certificates,libssl3,libicu72,tzdata
# A cached base image is reused only when it was made from the same recipe (packages, host .NET version).
RECIPE="$ROOTFS_INCLUDE slim dotnet-$(dotnet --version 2>/dev/null)"
cached() { [ "$("$DOCKER" image inspect -f '{{index .Config.Labels "marketmicro.recipe"}}' "$1" 2>/dev/null)" = "$RECIPE" ]; }
debian_mirror() {
  local url
  url=$(grep -h -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | sed -E 's/^URIs:[[:space:]]*//; s/^deb (\[[^]]*\] )?//' | awk '{print $1}' | head -n 1)
  echo "${url:-http://deb.debian.org/debian}"
}
prepare_rootfs() {
  local rootfs="$CACHE/rootfs"
  [ "$(cat "$CACHE/rootfs.done" 2>/dev/null)" = "$ROOTFS_INCLUDE" ] && return 0
  ensure_package debootstrap debootstrap || { log "debootstrap could not be installed"; return 1; }
  rm -rf "$rootfs"
  log "debootstrap --variant=minbase bookworm from $(debian_mirror)"
  debootstrap --variant=minbase --include="$ROOTFS_INCLUDE" bookworm "$rootfs" "$(debian_mirror)" \
    >"$STATE/debootstrap.log" 2>&1 || { log "debootstrap failed: $(tail -n 3 "$STATE/debootstrap.log")"; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  echo "$ROOTFS_INCLUDE" >"$CACHE/rootfs.done"
}
import_image() { # tag trust-host-cas(0|1) tar-arguments... (relative to /)
  local tag=$1 trust_host=$2; shift 2
  local dotnet_root; dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local bundle=./etc/ssl/certs/ca-certificates.crt rootfs
  # Slim, as Debian's -slim images: no documentation, manual pages or message translations (about 50 MB).
  rootfs=(--exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' --exclude='./usr/share/locale/*'
    --exclude='./usr/share/info/*' -C "$CACHE/rootfs" .)
  # The image may not hold a path twice: the host's bundle goes in instead of Debian's, not over it.
  [ "$trust_host" = 1 ] && rootfs=(--exclude="$bundle" "${rootfs[@]}" -C / "${bundle#./}")
  tar -cf - "${rootfs[@]}" -C / "$@" | "$DOCKER" import \
    --change "ENV DOTNET_ROOT=$dotnet_root" \
    --change "ENV PATH=$dotnet_root:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" \
    --change "LABEL marketmicro.recipe=\"$RECIPE\"" \
    - "$tag" >/dev/null
}
prepare_base_images() {
  local dotnet_root rel
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")"); rel=${dotnet_root#/}
  if [ "${MARKETMICRO_DOCKER_REBUILD_BASE:-0}" = 1 ]; then
    "$DOCKER" image rm -f "$SDK_BASE" "$RUNTIME_BASE" >/dev/null 2>&1
  fi
  # The build stage restores from NuGet through the host's network, so the SDK image trusts what the host trusts:
  # the host's CA bundle replaces Debian's (the same file where the host adds no authority of its own).
  if cached "$SDK_BASE"; then
    pass "SDK base image $SDK_BASE (cached)"
  elif prepare_rootfs && import_image "$SDK_BASE" 1 "$rel"; then
    pass "SDK base image $SDK_BASE from debootstrap + the host's SDK ($(dotnet --version))"
  else
    fail "SDK base image"; return 1
  fi
  if cached "$RUNTIME_BASE"; then
    pass "runtime base image $RUNTIME_BASE (cached)"
  elif prepare_rootfs && import_image "$RUNTIME_BASE" 0 "$rel/dotnet" "$rel/host" \
      "$rel/shared/Microsoft.NETCore.App" "$rel/shared/Microsoft.AspNetCore.App"; then
    pass "runtime base image $RUNTIME_BASE (dotnet host + Microsoft.NETCore.App + Microsoft.AspNetCore.App)"
  else
    fail "runtime base image"; return 1
  fi
}

# --- 3. the project's images ------------------------------------------------------------------------------------------
build_image() { # name dockerfile tag
  local start=$SECONDS
  if "$DOCKER" build --network host -f "$2" -t "$3" \
      --build-arg SDK_IMAGE="$SDK_BASE" --build-arg RUNTIME_IMAGE="$RUNTIME_BASE" . >"$STATE/build-$1.log" 2>&1; then
    if grep -q ': warning [A-Z]*[0-9]*:' "$STATE/build-$1.log"; then # warnings are errors, as in every build here
      fail "docker build $2 warned: $(grep -m 3 ': warning ' "$STATE/build-$1.log" | head -c 600)"; return 1
    fi
    local size; size=$("$DOCKER" image inspect "$3" --format '{{.Size}}')
    pass "built $3 from $2 in $(( SECONDS - start )) s ($(( size / 1024 / 1024 )) MB)"
  else
    fail "docker build $2: $(grep -v '^ ---> \|^Step\|^Removing' "$STATE/build-$1.log" | tail -n 8 | tr '\n' ' ' | head -c 800)"
    return 1
  fi
}

# --- 4. the containers and the shopping flow ------------------------------------------------------------------------
CONTAINERS=(marketmicro-test-silo marketmicro-test-api)
remove_containers() { "$DOCKER" rm -f "${CONTAINERS[@]}" >/dev/null 2>&1 || true; }

http() { # method url token body -> sets CODE and BODY
  local args=(-sS -o "$STATE/body" -w '%{http_code}' -X "$1" "$2" -H 'Content-Type: application/json')
  [ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
  [ -n "$4" ] && args+=(--data "$4")
  CODE=$(curl "${args[@]}" 2>/dev/null); BODY=$(cat "$STATE/body" 2>/dev/null)
}
json() { python3 -c 'import json,sys; v=json.load(sys.stdin); print(v.get(sys.argv[1], ""))' "$1" <<<"$BODY" 2>/dev/null; }
expect() { # code description
  if [ "$CODE" = "$1" ]; then pass "$2 ($CODE)"; return 0; fi
  fail "$2: expected $1, got $CODE $(head -c 300 <<<"$BODY")"; return 1
}
wait_healthy() { # container url seconds
  for _ in $(seq 1 $(( $3 * 2 ))); do
    if curl -fsS "$2" >/dev/null 2>&1 && [ "$("$DOCKER" inspect -f '{{.State.Health.Status}}' "$1")" = healthy ]; then
      return 0
    fi
    [ "$("$DOCKER" inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 1
    sleep 0.5
  done
  return 1
}

run_flow() {
  MARKETMICRO_STATE_DIR="$STATE/services" scripts/services.sh up >"$STATE/services.log" 2>&1 \
    || { fail "scripts/services.sh up: $(tail -n 3 "$STATE/services.log")"; return 1; }
  mariadb --protocol=socket -uroot -e "DROP DATABASE IF EXISTS $DATABASE; CREATE DATABASE $DATABASE;" \
    || { fail "could not create the $DATABASE database"; return 1; }
  remove_containers
  local key suffix admin_email=admin@docker.test admin_password admin customer product order
  key=$(head -c 48 /dev/urandom | base64); admin_password="admin-$(head -c 9 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
  suffix="$(date +%s)-$RANDOM"
  local common=(
    -e "ConnectionStrings__MySql=Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=$DATABASE"
    -e "ConnectionStrings__Redis=127.0.0.1:6379"
    -e "ConnectionStrings__RabbitMq=amqp://guest:guest@127.0.0.1:5672/"
    -e "Orleans__ClusterId=market-micro-docker" -e "Orleans__ServiceId=market-micro-docker"
    -e "RabbitMq__QueuePrefix=marketmicro.docker-test" -e "RabbitMq__PublicExchange=marketmicro.docker-test.events"
    -e "Jwt__SigningKey=$key" -e "Bootstrap__AdminEmail=$admin_email" -e "Bootstrap__AdminPassword=$admin_password"
  )
  "$DOCKER" run -d --name marketmicro-test-silo --network host "${common[@]}" \
    -e "Orleans__AdvertisedAddress=localhost" -e "Orleans__SiloPort=$SILO_PORT" -e "Orleans__GatewayPort=$GATEWAY_PORT" \
    -e "Urls=http://127.0.0.1:$SILO_HTTP" -e "MARKETMICRO_HEALTH_PORT=$SILO_HTTP" "$SILO_IMAGE" >/dev/null \
    || { fail "docker run $SILO_IMAGE"; return 1; }
  if timed wait_healthy marketmicro-test-silo "http://127.0.0.1:$SILO_HTTP/health/ready" 120; then
    pass "silo container healthy (advertised as localhost, resolved at start; HEALTHCHECK healthy)"
  else
    fail "silo container not healthy: $("$DOCKER" logs --tail 5 marketmicro-test-silo 2>&1 | head -c 800)"; return 1
  fi
  "$DOCKER" run -d --name marketmicro-test-api --network host "${common[@]}" -e Hosting__Mode=client \
    -e "Urls=http://127.0.0.1:$API_HTTP" -e "MARKETMICRO_HEALTH_PORT=$API_HTTP" -e "Http__KnownProxies=127.0.0.1" \
    "$API_IMAGE" >/dev/null || { fail "docker run $API_IMAGE"; return 1; }
  if timed wait_healthy marketmicro-test-api "http://127.0.0.1:$API_HTTP/health/ready" 120; then
    pass "WebApi container healthy (client mode, found the silo through Redis)"
  else
    fail "WebApi container not healthy: $("$DOCKER" logs --tail 5 marketmicro-test-api 2>&1 | head -c 800)"; return 1
  fi

  local api="http://127.0.0.1:$API_HTTP/api/v1"
  http POST "$api/users/login" "" "{\"email\":\"$admin_email\",\"password\":\"$admin_password\"}"
  expect 200 "bootstrap admin signs in" || return 1; admin=$(json accessToken)
  http POST "$api/admin/products" "$admin" \
    "{\"name\":\"Container Teapot\",\"description\":\"Brewed in a container\",\"price\":19.99,\"category\":\"docker-$suffix\",\"stock\":5}"
  expect 201 "admin creates a product" || return 1; product=$(json id)
  http POST "$api/users/register" "" "{\"email\":\"customer-$suffix@docker.test\",\"password\":\"customer-pass-1\",\"name\":\"Docker Customer\"}"
  if [ "$CODE" = 201 ]; then
    http POST "$api/users/login" "" "{\"email\":\"customer-$suffix@docker.test\",\"password\":\"customer-pass-1\"}"
    expect 200 "customer registers (201) and signs in" || return 1; customer=$(json accessToken)
  else
    expect 201 "customer registers"; return 1
  fi
  http POST "$api/cart/add" "$customer" "{\"productId\":\"$product\",\"quantity\":2}"
  expect 200 "customer adds 2 to the cart" || return 1
  http POST "$api/orders" "$customer" '{"shippingAddress":"1 Container Street"}'
  expect 201 "customer places the order" || return 1; order=$(json id)
  http PUT "$api/orders/$order/status" "$admin" '{"status":"confirmed"}'
  if [ "$CODE" = 200 ] && [ "$(json status)" = confirmed ]; then pass "admin confirms the order (200, confirmed)"
  else fail "admin confirms the order: $CODE $(head -c 300 <<<"$BODY")"; fi
}

# --- main ------------------------------------------------------------------------------------------------------------
started=$SECONDS
check_compose
if ! reason=$(start_engine); then
  trap - EXIT
  skip_rest $REMAINING_AFTER_DOCKER "${reason:-no Docker engine}"
  stop_engine; finish
fi
trap 'remove_containers; stop_engine' EXIT
if ! timed prepare_base_images; then
  skip_rest $(( REMAINING_AFTER_DOCKER - 2 )) "the base images could not be prepared"; finish
fi
if ! can_run_containers; then
  skip_rest $(( REMAINING_AFTER_DOCKER - 2 )) "the engine cannot run containers here: $(head -c 300 "$STATE/run-probe.err")"
  finish
fi
build_image silo src/Silo/Dockerfile "$SILO_IMAGE" && build_image webapi src/WebApi/Dockerfile "$API_IMAGE"
if [ $failed -eq 0 ]; then
  users=$(for image in "$SILO_IMAGE" "$API_IMAGE"; do "$DOCKER" run --rm --network none --entrypoint id "$image" -u; done | tr '\n' ' ')
  if [ "$users" = "1654 1654 " ]; then pass "both images run as the non-root user app (uid 1654)"
  else fail "the images run as uid '$users', not 1654"; fi
fi
if [ $failed -eq 0 ]; then
  run_flow
  remove_containers
  MARKETMICRO_STATE_DIR="$STATE/services" scripts/services.sh down >>"$STATE/services.log" 2>&1
fi
log "finished in $(( SECONDS - started )) s"
remove_containers; stop_engine; trap - EXIT
finish
