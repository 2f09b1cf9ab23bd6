#!/usr/bin/env bash
# Runs every suite and ends with one line: "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR   (the Makefile's `make test` calls it)
# A suite that crashes or reports nothing counts as a failure, never as a pass.
#
# The suites run twice where the engine matters: on SQLite, and on a throw-away PostgreSQL
# cluster (tests/pg/pg_cluster.sh) with URA_TEST_DB_URL naming it: the store's PostgreSQL unit
# tests, the API suite (less the files that test only the HTTP layer), and the PostgreSQL-only
# tests (several processes, an outage).
#
# Eight lanes run side by side (the SQLite API suite in two parts; the browser, two files at a
# time; the API suite on PostgreSQL in three parts; the fuzz corpus, kill -9 and the
# PostgreSQL-only tests; the contract), because much of a suite's time is spent waiting on
# sockets, processes starting and the browser rather than on a core (five lanes kept the two
# cores about half busy); each lane prints into its own file and the results are shown lane
# after lane at the end, so the output reads the same every run. Every suite starts its own servers on free
# ports and its own databases (the PostgreSQL-only tests, which restart their cluster, their
# own cluster): nothing is shared.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)

# Scratch space (every test's database files, PostgreSQL clusters, browser profiles) goes on
# tmpfs when the machine has 4 GB of it free: the suites then wait on memory rather than on
# the disk's fsync, which halves the API suites' time. The files are real SQLite and
# PostgreSQL files either way, and kill -9 kills a process, not the machine, so what the
# suites prove does not change. Elsewhere (a container's small /dev/shm) the usual TMPDIR.
scratch_base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 4194304 ]; then
  scratch_base=/dev/shm
fi
export TMPDIR=$(mktemp -d "$scratch_base/ura-tests.XXXXXX")
# The PostgreSQL clusters run as the postgres user: it must pass through (not list) this.
chmod 0711 "$TMPDIR"
log=$(mktemp -d)
pgdir=$(mktemp -d) pgonly=$(mktemp -d)
lanes=()
cleanup() {
  local d
  for d in "$pgdir" "$pgonly"; do
    [ -f "$d/port" ] && "$root/tests/pg/pg_cluster.sh" stop "$d"
  done
  rm -rf "$log" "$pgdir" "$pgonly" "$TMPDIR"
}
trap cleanup EXIT
trap 'kill "${lanes[@]}" 2> /dev/null; exit 130' INT TERM

# count LABEL PASSED FAILED: prints it and keeps it in the lane's tally ($tally).
count() {
  echo "$1: $2 passed, $3 failed"
  echo "$2 $3" >> "$tally"
}

# A cmocka binary; its output goes to $log/NAME.out.
run_unit() {  # run_unit BINARY [LABEL-SUFFIX]
  local t=$1 name out rc p f
  name=$(basename "$t")${2:-}
  out="$log/$(basename "$t")${2:+-second}.out"
  "$t" > "$out" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  p=${p:-0} f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed before counting
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi    # ran nothing
  [ "$f" -gt 0 ] && { echo "--- $name"; cat "$out"; }
  count "unit $name" "$p" "$f"
}

# pytest over real HTTP against the built binary: run_pytest LABEL OUTNAME ARGS...
run_pytest() {
  local label=$1 out=$log/$2.out rc summary p f e
  shift 2
  URA_BIN="$root/$build/ura" /usr/bin/python3 -m pytest "$@" -q -p no:cacheprovider > "$out" 2>&1
  rc=$?
  summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)' "$out" | tail -1)
  p=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+'); p=${p:-0}
  f=$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+'); f=${f:-0}
  e=$(echo "$summary" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+'); e=${e:-0}
  f=$((f + e))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$rc" -ne 0 ] && tail -n 80 "$out"
  count "$label" "$p" "$f"
}

# The browser suite (tests/e2e): node's test runner, playwright-core and Debian's chromium
# against the same binary on SQLite; two files at a time, each with its own server and browser.
run_e2e() {
  local out=$log/e2e.out rc p f
  URA_BIN="$root/$build/ura" node --test --test-concurrency=2 --test-reporter=tap \
    "$root"/tests/e2e/*.test.mjs > "$out" 2>&1
  rc=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1); p=${p:-0}
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1); f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$rc" -ne 0 ] && grep -vE '^\s+at ' "$out" | grep -B2 -A25 '^not ok' | head -n 150
  count "browser (sqlite)" "$p" "$f"
}

# Fuzzing corpus (tests/fuzz/): every libFuzzer harness built with clang, ASan and UBSan into
# build-fuzz/, then each committed input replayed once; one pass per harness that replays clean.
run_fuzz_corpus() {
  local name
  if ! command -v clang > /dev/null; then
    count "fuzz corpus (clang is missing: scripts/install-deps.sh test)" 0 1
    return
  fi
  if ! make -C "$root" --no-print-directory -j2 fuzz-build > "$log/fuzz-build.out" 2>&1; then
    tail -n 40 "$log/fuzz-build.out"
    count "fuzz corpus (the harnesses do not build)" 0 1
    return
  fi
  for name in $("$root/tests/fuzz/run.sh" list); do
    if "$root/tests/fuzz/run.sh" replay "$root/build-fuzz" "$name" > "$log/fuzz-$name.out" 2>&1
    then count "fuzz corpus $name" 1 0
    else tail -n 40 "$log/fuzz-$name.out"; count "fuzz corpus $name" 0 1
    fi
  done
}

# Kill -9 soak, 6 rounds (bench/kill9.sh; the full run is N=500): every write the server
# acknowledged is there after SIGKILL and a restart. run_kill9 sqlite|pg
run_kill9() {
  local engine=$1
  if URA_BIN="$root/$build/ura" "$root/bench/kill9.sh" $([ "$engine" = pg ] && echo --pg) 6 \
      --max-delay 0.5 > "$log/kill9-$engine.out" 2>&1
  then tail -n 1 "$log/kill9-$engine.out"; count "kill -9 soak ($engine)" 1 0
  else tail -n 40 "$log/kill9-$engine.out"; count "kill -9 soak ($engine)" 0 1
  fi
}

# The API suite's files, split by number of tests (tests/pg/split.py) so that lanes end
# together: on SQLite in two parts, on PostgreSQL in three. Files that test only the HTTP
# layer, or that run on SQLite whatever the engine, run once, on SQLite: the router's query
# parameters, the demo (always a SQLite file), the password cost, the languages (negotiation
# and catalogues; a user's locale is one generic update, tested on both engines by test_users).
ENGINE_NEUTRAL='^(test_query_parameters|test_labels_demo|test_password_cost|test_languages)\.py::'
api_collect() {
  URA_BIN="$root/$build/ura" /usr/bin/python3 -m pytest "$root/tests/api" --collect-only -q \
    -p no:cacheprovider 2> /dev/null > "$log/api-collected-sqlite"
  grep -Ev "$ENGINE_NEUTRAL" "$log/api-collected-sqlite" > "$log/api-collected-postgres"
}
api_files() {  # api_files sqlite|postgres PART PARTS
  local shares
  shares=$(printf '1 %.0s' $(seq "$3"))
  /usr/bin/python3 "$root/tests/pg/split.py" "$2" $shares < "$log/api-collected-$1" |
    sed "s|^|$root/tests/api/|"
}
# run_api sqlite|postgres PART PARTS: that part of the API suite; no files is a failure.
run_api() {
  local engine=$1 label files
  label="api ($engine, part $(($2 + 1)) of $3)"
  files=$(api_files "$@")
  if [ -z "$files" ]; then
    count "$label: no test files collected" 0 1
    return
  fi
  if [ "$engine" = postgres ]; then
    run_pytest "$label" "api-$engine-$(($2 + 1))" -p pg_plugin $files
  else
    run_pytest "$label" "api-$engine-$(($2 + 1))" $files
  fi
}

# SQLite: the unit tests and half the API suite; the other half and installing as a service.
lane_sqlite() {
  local t
  for t in "$root/$build"/tests/test_*; do
    [ -x "$t" ] || continue
    case $(basename "$t") in test_*postgres*) continue ;; esac
    run_unit "$t"
  done
  run_api sqlite 0 2
}
lane_sqlite2() {
  run_api sqlite 1 2
  # Installing it as a service: make install, the systemd unit, ura(8), the example settings.
  run_pytest "operations" ops "$root/tests/ops"
}

# The browser suite on its own: most of its time is the browser's, not a core's.
lane_browser() {
  run_e2e
}

# PostgreSQL 15, in a cluster made for this run (below) and removed afterwards. The API suite
# runs in three parts side by side, each on databases of its own in the one cluster.
pg_env() {  # pg_env CLUSTER_DIR
  export URA_TEST_DB_URL=$(cat "$1/url") URA_TEST_PG_CLUSTER=$1
  export PYTHONPATH="$root/tests/api:$root/tests/pg${PYTHONPATH:+:$PYTHONPATH}"
}
lane_postgres() {
  local t
  pg_env "$pgdir"
  for t in "$root/$build"/tests/test_*postgres*; do
    [ -x "$t" ] && run_unit "$t"
  done
  # Store tests that must hold on both engines run again here, now on PostgreSQL.
  for t in "$root/$build"/tests/test_*_both; do
    [ -x "$t" ] && run_unit "$t" " (postgres)"
  done
  run_api postgres 0 3
}
lane_postgres2() {
  pg_env "$pgdir"
  run_api postgres 1 3
}
lane_postgres3() {
  pg_env "$pgdir"
  run_api postgres 2 3
}

# What is not about one engine's answers: the fuzz corpus and kill -9 on both engines; the
# PostgreSQL-only tests, on a cluster of their own (they stop and restart it). In a lane of its
# own, the contract as an outside tool sees it: every operation of src/api/openapi.json, every
# main role, requests generated from the document (tests/contract), once: the document is the
# same for both engines.
lane_soak() {
  run_fuzz_corpus
  run_kill9 sqlite
  run_kill9 pg
  if "$root/tests/pg/pg_cluster.sh" start "$pgonly" > /dev/null 2> "$log/pg-only-cluster.err"; then
    ( pg_env "$pgonly"; run_pytest "postgres only" pg-only -p pg_plugin "$root/tests/pg" )
  else
    cat "$log/pg-only-cluster.err"
    count "postgres only (no cluster could start)" 0 1
  fi
}
lane_contract() {
  run_pytest "contract (sqlite)" contract-sqlite "$root/tests/contract"
}

all_lanes=(sqlite sqlite2 browser soak contract)
api_collect
if "$root/tests/pg/pg_cluster.sh" start "$pgdir" > /dev/null 2> "$log/pg-cluster.err"; then
  all_lanes+=(postgres postgres2 postgres3)
else
  ( tally=$log/tally-pg-cluster; : > "$tally"; cat "$log/pg-cluster.err"
    count "postgres (no cluster could start)" 0 1 ) > "$log/lane-pg-cluster.txt"
  all_lanes+=(pg-cluster)
fi
for lane in "${all_lanes[@]}"; do
  [ "$lane" = pg-cluster ] && continue
  ( tally=$log/tally-$lane; : > "$tally"; SECONDS=0
    "lane_$lane"; echo "(lane $lane: ${SECONDS} s)" ) > "$log/lane-$lane.txt" 2>&1 &
  lanes+=($!)
done
wait "${lanes[@]}"

passed=0 failed=0
for lane in "${all_lanes[@]}"; do
  cat "$log/lane-$lane.txt"
  while read -r p f; do
    passed=$((passed + p)) failed=$((failed + f))
  done < "$log/tally-$lane"
  # A lane that died before counting anything is a failure, never silence.
  [ -s "$log/tally-$lane" ] || { echo "lane $lane counted nothing"; failed=$((failed + 1)); }
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
