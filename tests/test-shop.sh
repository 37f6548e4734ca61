# Sourced by the test runners that drive the shop from outside (tests/OpenApi/run.sh, tests/AdminConsole/run.sh):
#   start_test_shop <dll> <name>        (or set SHOP_URL and call wait_test_shop_ready <name> for a shop that runs)
# starts the Release build on free loopback ports with a fresh data folder and its own bootstrap admin, stops it (and
# removes the folder) when the runner exits, and sets SHOP_URL, SHOP_ADMIN_EMAIL, SHOP_ADMIN_PASSWORD and SHOP_WORK.
# Returns 1, after printing the shop's log, when it does not become ready within a minute.

# The runner's counts, and its last line: `N passed, M failed` (exit status 0 only without failures).
passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

start_test_shop() { # dll name
  SHOP_WORK="$(mktemp -d "/tmp/marketmicro-$2.XXXXXX")"
  SHOP_URL="http://127.0.0.1:$(free_port)"
  SHOP_ADMIN_EMAIL="$2-admin@shop.test"
  SHOP_ADMIN_PASSWORD="admin-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"
  export SHOP_URL SHOP_ADMIN_EMAIL SHOP_ADMIN_PASSWORD SHOP_WORK
  Urls="$SHOP_URL" Storage__DataDirectory="$SHOP_WORK/data" Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" \
    Bootstrap__AdminEmail="$SHOP_ADMIN_EMAIL" Bootstrap__AdminPassword="$SHOP_ADMIN_PASSWORD" Logging__LogLevel__Default=Warning \
    dotnet "$1" >"$SHOP_WORK/shop.log" 2>&1 &
  test_shop_pid=$!
  trap stop_test_shop EXIT
  wait_test_shop_ready "$2"
}

# Waits (a minute at most) until the shop at SHOP_URL answers /health/ready; the shop this script started must stay up.
wait_test_shop_ready() { # name
  for _ in $(seq 120); do
    if node -e "fetch('$SHOP_URL/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then return 0; fi
    [ -z "${test_shop_pid:-}" ] || kill -0 "$test_shop_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "[$1] the shop at $SHOP_URL did not become ready"
  [ -f "$SHOP_WORK/shop.log" ] && tail -n 40 "$SHOP_WORK/shop.log"
  return 1
}

stop_test_shop() {
  kill "$test_shop_pid" 2>/dev/null
  for _ in $(seq 60); do kill -0 "$test_shop_pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$test_shop_pid" 2>/dev/null
  rm -rf "$SHOP_WORK"
}

# Adds the counts of a `node --test` TAP report to the runner's passed/failed; a test process that failed without a
# failed test (it crashed) counts as one failure.
add_tap_counts() { # tap-file exit-status
  local tap_passed tap_failed
  tap_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$1" 2>/dev/null)
  tap_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$1" 2>/dev/null)
  passed=$((passed + ${tap_passed:-0}))
  failed=$((failed + ${tap_failed:-0}))
  if [ "$2" -ne 0 ] && [ "${tap_failed:-0}" -eq 0 ]; then
    failed=$((failed + 1))
  fi
}
