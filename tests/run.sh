#!/usr/bin/env bash
# Runs every suite and ends with one line: "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR   (the Makefile's `make test` calls it)
# A suite that crashes or reports nothing counts as a failure, never as a pass.
#
# The suites run twice where the engine matters: on SQLite, then on a throw-away PostgreSQL
# cluster (tests/pg/pg_cluster.sh) with URA_TEST_DB_URL naming it: the store's PostgreSQL unit
# tests, the whole API suite, and the PostgreSQL-only tests (several processes, an outage).
# The contract suite (tests/contract) runs once, on SQLite: the document is the same for both.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
log=$(mktemp -d)
pgdir=
cleanup() {
  [ -n "$pgdir" ] && "$root/tests/pg/pg_cluster.sh" stop "$pgdir"
  rm -rf "$log"
}
trap cleanup EXIT

count() {  # count LABEL PASSED FAILED
  echo "$1: $2 passed, $3 failed"
  passed=$((passed + $2)) failed=$((failed + $3))
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

# Unit tests (cmocka): one binary per module; the PostgreSQL ones wait for the cluster.
for t in "$root/$build"/tests/test_*; do
  [ -x "$t" ] || continue
  case $(basename "$t") in test_*postgres*) continue ;; esac
  run_unit "$t"
done

# Black-box API tests over real HTTP against the built binary, on SQLite.
run_pytest "api (sqlite)" api-sqlite "$root/tests/api"

# The contract as an outside tool sees it: every operation of src/api/openapi.json, every
# main role, requests generated from the document (tests/contract). SQLite only.
run_pytest "contract (sqlite)" contract-sqlite "$root/tests/contract"

# The browser suite (tests/e2e): node's test runner, playwright-core and Debian's chromium
# against the same binary on SQLite; one file at a time, each with its own server and browser.
run_e2e() {
  local out=$log/e2e.out rc p f
  URA_BIN="$root/$build/ura" node --test --test-concurrency=1 --test-reporter=tap \
    "$root"/tests/e2e/*.test.mjs > "$out" 2>&1
  rc=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1); p=${p:-0}
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1); f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$rc" -ne 0 ] && grep -vE '^\s+at ' "$out" | grep -B2 -A25 '^not ok' | head -n 150
  count "browser (sqlite)" "$p" "$f"
}
run_e2e

# The same on PostgreSQL 15, in a cluster made for this run and removed afterwards.
pgdir=$(mktemp -d)
if url=$("$root/tests/pg/pg_cluster.sh" start "$pgdir" 2> "$log/pg-cluster.err"); then
  export URA_TEST_DB_URL=$url URA_TEST_PG_CLUSTER=$pgdir
  for t in "$root/$build"/tests/test_*postgres*; do
    [ -x "$t" ] && run_unit "$t"
  done
  # Store tests that must hold on both engines run again here, now on PostgreSQL.
  for t in "$root/$build"/tests/test_*_both; do
    [ -x "$t" ] && run_unit "$t" " (postgres)"
  done
  export PYTHONPATH="$root/tests/api:$root/tests/pg${PYTHONPATH:+:$PYTHONPATH}"
  run_pytest "api (postgres)" api-postgres -p pg_plugin "$root/tests/api"
  run_pytest "postgres only" pg-only -p pg_plugin "$root/tests/pg"
  unset URA_TEST_DB_URL URA_TEST_PG_CLUSTER
else
  cat "$log/pg-cluster.err"
  count "postgres (no cluster could start)" 0 1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
