#!/usr/bin/env bash
# Runs every suite and ends with one line: "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR   (the Makefile's `make test` calls it)
# A suite that crashes or reports nothing counts as a failure, never as a pass.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# Unit tests (cmocka): one binary per module.
for t in "$root/$build"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" > "$log/$name.out" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log/$name.out" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log/$name.out" | tail -1)
  p=${p:-0} f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed before counting
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi    # ran nothing
  [ "$f" -gt 0 ] && { echo "--- $name"; cat "$log/$name.out"; }
  echo "unit $name: $p passed, $f failed"
  passed=$((passed + p)) failed=$((failed + f))
done

# Black-box API tests over real HTTP against the built binary.
URA_BIN="$root/$build/ura" /usr/bin/python3 -m pytest "$root/tests/api" -q -p no:cacheprovider \
  > "$log/api.out" 2>&1
rc=$?
summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)' "$log/api.out" | tail -1)
p=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+'); p=${p:-0}
f=$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+'); f=${f:-0}
e=$(echo "$summary" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+'); e=${e:-0}
f=$((f + e))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
[ "$rc" -ne 0 ] && tail -n 80 "$log/api.out"
echo "api (sqlite): $p passed, $f failed"
passed=$((passed + p)) failed=$((failed + f))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
