#!/usr/bin/env bash
# Starts the real servers the tests and the local cluster need, on loopback:
#   MariaDB (3306), Redis (6379), RabbitMQ (5672).
# Usage: scripts/services.sh up|down|status
#   up     installs missing Debian packages (apt-get; nginx too, for the gateway tests, which start their own),
#          starts each server that is not already running,
#          creates the test database user, and records the pid of every server it started.
#   down   stops only the servers that `up` started (by recorded pid); servers found running are left alone.
# Idempotent: `up` twice starts nothing new; `down` without `up` stops nothing.
set -euo pipefail

STATE_DIR="${MARKETMICRO_STATE_DIR:-/tmp/marketmicro-services}"
MYSQL_USER_NAME="${MARKETMICRO_MYSQL_USER:-marketmicro}"
MYSQL_USER_PASSWORD="${MARKETMICRO_MYSQL_PASSWORD:-marketmicro}"
mkdir -p "$STATE_DIR"

log() { printf '[services] %s\n' "$*" >&2; }

apt_updated=0
ensure_package() { # package command
  command -v "$2" >/dev/null 2>&1 && return 0
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $1"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

wait_for() { # description seconds command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$what did not become ready within ${seconds}s"
  return 1
}

mariadb_up() { mariadb-admin --protocol=socket ping >/dev/null 2>&1; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
rabbitmq_up() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }

start_mariadb() {
  ensure_package mariadb-server mariadbd
  if mariadb_up; then log "MariaDB already running: reusing it"; else
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql >/dev/null
    log "starting MariaDB"
    # A 512 MB redo log (MariaDB's default is 96 MB) and more background flushing: a busy shop fills the default log
    # within seconds, and InnoDB then flushes pages in the committing threads (README, "MariaDB settings").
    # In a session of its own, as Redis and RabbitMQ put themselves when they daemonize: with the kernel's autogroup
    # scheduling, a server left in its caller's session shares one CPU share with everything started there (in
    # bench/run.sh: the shop, NGINX and the load), which no deployed server does (README, "Benchmark"). This script
    # has no job control, so setsid runs mariadbd in this same process and $! is its pid.
    setsid mariadbd --user=mysql --bind-address=127.0.0.1 --port=3306 --max-connections=500 \
      --innodb-log-file-size=512M --innodb-io-capacity=1000 --innodb-io-capacity-max=4000 >"$STATE_DIR/mariadb.log" 2>&1 &
    echo $! >"$STATE_DIR/mariadb.pid"
    wait_for MariaDB 60 mariadb_up
  fi
  mariadb --protocol=socket -uroot <<SQL
CREATE USER IF NOT EXISTS '$MYSQL_USER_NAME'@'127.0.0.1' IDENTIFIED BY '$MYSQL_USER_PASSWORD';
CREATE USER IF NOT EXISTS '$MYSQL_USER_NAME'@'localhost' IDENTIFIED BY '$MYSQL_USER_PASSWORD';
GRANT ALL PRIVILEGES ON \`marketmicro%\`.* TO '$MYSQL_USER_NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`marketmicro%\`.* TO '$MYSQL_USER_NAME'@'localhost';
CREATE DATABASE IF NOT EXISTS marketmicro;
FLUSH PRIVILEGES;
SQL
}

start_redis() {
  ensure_package redis-server redis-server
  if redis_up; then log "Redis already running: reusing it"; return; fi
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log"
  wait_for Redis 20 redis_up
}

start_rabbitmq() {
  ensure_package rabbitmq-server rabbitmq-server
  if rabbitmq_up; then log "RabbitMQ already running: reusing it"; return; fi
  log "starting RabbitMQ"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached >/dev/null 2>&1
  wait_for "RabbitMQ node" 60 rabbitmqctl -q status
  rabbitmqctl -q await_startup --timeout 60 >/dev/null
  rabbitmqctl -q eval 'os:getpid().' | tr -dc '0-9' >"$STATE_DIR/rabbitmq.pid"
}

stop_recorded() { # name
  local pidfile="$STATE_DIR/$1.pid"
  [ -s "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-up}" in
  up)
    ensure_package nginx nginx # not started here: the gateway tests run their own on a free port
    start_mariadb
    start_redis
    start_rabbitmq
    log "ready: MariaDB 127.0.0.1:3306 (user $MYSQL_USER_NAME), Redis 127.0.0.1:6379, RabbitMQ 127.0.0.1:5672"
    ;;
  down)
    stop_recorded rabbitmq
    stop_recorded redis
    stop_recorded mariadb
    ;;
  status)
    mariadb_up && echo "MariaDB: up" || echo "MariaDB: down"
    redis_up && echo "Redis: up" || echo "Redis: down"
    rabbitmq_up && echo "RabbitMQ: up" || echo "RabbitMQ: down"
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
