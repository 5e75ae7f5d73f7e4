#!/usr/bin/env bash
# Installs what is missing, builds, prepares the local cloud's base image, and runs every test.
# Ends with one line: `N passed, N failed`.
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
# chromium and chromium-driver: the web UI tests of kiln serve drive Debian's headless Chromium.
./scripts/install-deps.sh chromium chromium-driver || exit 1
export KILN_HOME=${KILN_TEST_HOME:-$(mktemp -d /tmp/kiln-test.XXXXXX)}
export KILN_REPO_ROOT=$root
# podman's REST service, which the local cloud starts on first use: the suite's own, stopped when it ends.
export KILN_PODMAN_SOCKET=${KILN_PODMAN_SOCKET:-$KILN_HOME/podman-service/podman.sock}
if [ -x scripts/test-services.sh ]; then
  ./scripts/test-services.sh || exit 1
  # The services' connection strings (0600 file); tests that need a service fail, not skip, when this is set.
  export KILN_TEST_SERVICES_REQUIRED=1
  services_env=${KILN_TEST_SERVICES_ENV:-/tmp/kiln-test-services.env}
  [ -f "$services_env" ] && . "$services_env"
fi
dotnet build Kiln.slnx -c Release -nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# The local cloud is prepared by the build just made, so that ./kiln's own build below overlaps the first tests.
src/Kiln.Cli/bin/Release/net10.0/kiln local-cloud init || { echo "0 passed, 1 failed"; exit 1; }
results=$(mktemp -d)
# The end-to-end tests run the precompiled (ReadyToRun) build that ./kiln makes, as users run it: each of their
# hundreds of kiln commands then starts without JIT-compiling Kiln, CPU the tests' bakes need on 2 cores. That build
# (about a minute, a core and a half) runs beside the first test projects; the end-to-end tests wait for it, the
# others do not need it (the server's tests run ./kiln, which waits for a build under way).
export KILN_TEST_BINARY=$root/.build/cli/kiln
( ./kiln --version >"$results/kiln-build.log" 2>&1; echo $? >"$results/kiln-build.status" ) &
filter=${KILN_TEST_FILTER:-}
# Test projects run two at a time (KILN_TEST_JOBS), longest first: on 2 cores the suite keeps both busy, and three at
# a time timed the server's browser tests out. Each uses a KILN_HOME of its own (the server's tests share test.sh's).
# Each project's output is printed whole when it ends.
order="Kiln.EndToEnd.Tests Kiln.LocalCloud.Tests Kiln.Server.Tests Kiln.Deploy.Tests Kiln.Baking.Tests
  Kiln.Templates.Tests Kiln.Aws.Tests Kiln.History.Tests"
projects=()
for name in $order; do [ -f "tests/$name/$name.csproj" ] && projects+=("$name"); done
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  [[ " ${projects[*]} " == *" $name "* ]] || projects+=("$name")
done
run_project() {
  local name=$1 started=$SECONDS status=0
  if [ "$name" = Kiln.EndToEnd.Tests ]; then
    while [ ! -f "$results/kiln-build.status" ]; do sleep 1; done
    if [ "$(cat "$results/kiln-build.status")" != 0 ]; then
      { flock 9; cat "$results/kiln-build.log"; echo "test.sh: ./kiln did not build: $name not run"; } 9>"$results/.print"
      echo 1 >"$results/$name.status"; return
    fi
    started=$SECONDS
  fi
  # SIGINT and SIGQUIT back to their defaults: a suite started in the background by a script (`./test.sh &`, nohup)
  # inherits them ignored, and the .NET runtime then keeps them ignored, so the Ctrl-C tests' kiln would not stop.
  env --default-signal=INT,QUIT dotnet test "tests/$name/$name.csproj" -c Release --no-build -nologo ${filter:+--filter "$filter"} \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" >"$results/$name.log" 2>&1 || status=1
  echo "$name $((SECONDS - started)) s" >"$results/$name.time"
  echo $status >"$results/$name.status"
  { flock 9; cat "$results/$name.log"; } 9>"$results/.print"
}
export -f run_project
export results filter
printf '%s\n' "${projects[@]}" | xargs -P "${KILN_TEST_JOBS:-2}" -I{} bash -c 'run_project {}'
status=0
timings=""
for name in "${projects[@]}"; do
  [ "$(cat "$results/$name.status" 2>/dev/null)" = 0 ] || status=1
  timings+="$(cat "$results/$name.time" 2>/dev/null || echo "$name did not run")"$'\n'
done
# Where the time went, per test project (the trx files hold each test's own duration).
printf 'time per test project (trx files in %s):\n%s' "$results" "$timings"
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*'); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
# The failed tests again, just above the closing line, so that the tail of the output names them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | grep -o 'testName="[^"]*"' | sed 's/^testName=/FAILED /'
done
# The suite's own home (the server's tests use it) goes, with what its local cloud put in podman; each test project
# removes the homes it made itself. A home given as KILN_TEST_HOME is left as it is.
if [ -z "${KILN_TEST_HOME:-}" ]; then
  ./kiln local-cloud remove --yes >/dev/null || echo "test.sh: $KILN_HOME's local cloud was not removed (above: why)" >&2
  pkill -f -- "unix://$KILN_PODMAN_SOCKET" || true
  rm -rf "$KILN_HOME"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
