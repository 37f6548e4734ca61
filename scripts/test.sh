#!/usr/bin/env bash
# Installs and starts what the tests need (MariaDB, Redis, RabbitMQ on loopback, via scripts/services.sh),
# runs every test project of MarketMicro.sln, stops only the servers it started, and ends with one line:
#   N passed, M failed, K skipped
# Exit code: 0 only when the build succeeded and no test failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MARKETMICRO_TEST_MYSQL="${MARKETMICRO_TEST_MYSQL:-Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=marketmicro}"
export MARKETMICRO_TEST_REDIS="${MARKETMICRO_TEST_REDIS:-127.0.0.1:6379}"
export MARKETMICRO_TEST_RABBITMQ="${MARKETMICRO_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/}"

# Servers this run starts are recorded in a state folder of its own, so the final `down` stops exactly those.
export MARKETMICRO_STATE_DIR="$(mktemp -d /tmp/marketmicro-test.XXXXXX)"

results=TestResults
rm -rf "$results"

scripts/services.sh up || { echo "[test] could not start the test servers"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'scripts/services.sh down' EXIT

started=$(date +%s)
dotnet build MarketMicro.sln -c Release -nologo -clp:ErrorsOnly
build_status=$?
test_status=0
if [ $build_status -eq 0 ]; then
  dotnet test MarketMicro.sln -c Release --no-build --nologo --filter "FullyQualifiedName!~MarketMicro.Cluster.Tests" \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 10m
  test_status=$?

  # The cluster as users run it: real silos, frontends and NGINX from scripts/cluster.sh, then its own tests.
  export MARKETMICRO_CLUSTER_DIR="$MARKETMICRO_STATE_DIR/cluster" MARKETMICRO_CREDENTIALS_PERMIT_LIMIT=100000
  if scripts/cluster.sh up --no-build; then
    # The same OpenAPI checks as against the embedded shop below, answered by the cluster through NGINX.
    MARKETMICRO_BASE_URL=http://127.0.0.1:8080 MARKETMICRO_ADMIN_EMAIL=admin@example.com MARKETMICRO_ADMIN_PASSWORD=change-me-now-please \
      tests/OpenApi/run.sh | tee "$MARKETMICRO_STATE_DIR/openapi-cluster.log"
    dotnet test tests/Cluster.Tests -c Release --no-build --nologo \
      --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" --blame-hang-timeout 10m
    [ $? -eq 0 ] || test_status=1
  else
    echo "[test] the cluster did not start; see $MARKETMICRO_CLUSTER_DIR"
    test_status=1
  fi
  scripts/cluster.sh down >/dev/null 2>&1
fi

# Runners with counts of their own end with `N passed, M failed`; no such line means the runner itself failed.
read_counts() { # log variable-prefix
  local last passed_count failed_count
  last=$(tail -n 1 "$1")
  passed_count=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  failed_count=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  printf -v "${2}_passed" '%s' "${passed_count:-0}"
  printf -v "${2}_failed" '%s' "${failed_count:-1}"
}

# The published OpenAPI description: Redocly lint and a generated client against the Release build (own counts).
openapi_passed=0; openapi_failed=0
if [ $build_status -eq 0 ]; then
  tests/OpenApi/run.sh | tee "$MARKETMICRO_STATE_DIR/openapi.log"
  read_counts "$MARKETMICRO_STATE_DIR/openapi.log" openapi
  # The same checks answered by the cluster through NGINX (run above, while it was up); no log: it never started.
  if [ -f "$MARKETMICRO_STATE_DIR/openapi-cluster.log" ]; then
    read_counts "$MARKETMICRO_STATE_DIR/openapi-cluster.log" cluster_openapi
  else
    cluster_openapi_passed=0; cluster_openapi_failed=1
  fi
  openapi_passed=$((openapi_passed + cluster_openapi_passed))
  openapi_failed=$((openapi_failed + cluster_openapi_failed))
fi

# The admin console in a real browser: Playwright driving Debian's Chromium against the Release build (own counts).
console_passed=0; console_failed=0
if [ $build_status -eq 0 ]; then
  tests/AdminConsole/run.sh | tee "$MARKETMICRO_STATE_DIR/console.log"
  read_counts "$MARKETMICRO_STATE_DIR/console.log" console
fi

# The containers (scripts/docker-test.sh, own counts): docker-compose.yml checked, both images built and run against
# the loopback servers; where no Docker engine can run, its checks are reported as skipped with the reason.
docker_skipped=0
scripts/docker-test.sh | tee "$MARKETMICRO_STATE_DIR/docker.log"
read_counts "$MARKETMICRO_STATE_DIR/docker.log" docker
docker_skipped=$(sed -n 's/^skipped: .*(\([0-9]*\) checks)$/\1/p' "$MARKETMICRO_STATE_DIR/docker.log" | tail -n 1)
docker_skipped=${docker_skipped:-0}

# What failed, again at the end of the output (whose tail may be all a CI log shows): each failed test's name, its
# message and the first frames of its stack trace, from the TRX files; at most 10 tests.
failed_tests() {
  awk '
    function text(line) {
      gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&quot;/, "\"", line); gsub(/&apos;/, "\047", line)
      gsub(/&#xD;|&#xA;/, "", line); gsub(/&amp;/, "\\&", line); return line
    }
    /<UnitTestResult / && /outcome="Failed"/ {
      shown++; inside = shown <= 10; part = ""; frames = 0
      if (inside) { match($0, /testName="[^"]*"/); print "[test] FAILED " text(substr($0, RSTART + 10, RLENGTH - 11)) }
      next
    }
    /<\/UnitTestResult>/ { inside = 0; next }
    !inside { next }
    /<Message>/ { part = "message"; lines = 0 }
    /<StackTrace>/ { part = "stack" }
    part == "message" && lines++ < 20 { line = $0; sub(/^ *<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "    " text(line) }
    part == "stack" && frames++ < 6 { line = $0; sub(/^ *<StackTrace>/, "", line); sub(/<\/StackTrace>.*/, "", line); print "    " text(line) }
    /<\/Message>/ || /<\/StackTrace>/ { part = "" }
    END { if (shown > 10) print "[test] ... and " (shown - 10) " more failed tests (see the TRX files)" }
  ' "$results"/*.trx 2>/dev/null
}

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value total) - $(value executed)))  # skipped tests are counted as not executed
done
if [ $build_status -ne 0 ] || { [ $test_status -ne 0 ] && [ $failed -eq 0 ]; }; then
  failed=$((failed + 1)) # a build failure or a crashed test host counts as a failure
fi
passed=$((passed + openapi_passed + console_passed + docker_passed))
failed=$((failed + openapi_failed + console_failed + docker_failed))
skipped=$((skipped + docker_skipped))
[ $failed -eq 0 ] || failed_tests
echo "[test] finished in $(( $(date +%s) - started )) s"
# Stop the servers first, so that the totals line is the very last thing printed.
trap - EXIT
scripts/services.sh down 2>&1
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
