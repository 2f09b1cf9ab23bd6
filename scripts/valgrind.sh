#!/usr/bin/env bash
# Memcheck over the unit tests and over served sessions: every unit binary, then the given
# API test modules (default: the case, referral, risk, meeting and report suites) against
# `ura` run under valgrind. Fails on any error or leak valgrind reports.
# Usage: scripts/valgrind.sh [BUILD dir, default build] [tests/api/test_x.py ...]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}; shift || true
modules=("$@")
[ ${#modules[@]} -eq 0 ] && modules=(tests/api/test_cases.py tests/api/test_referrals.py
  tests/api/test_case_writes.py tests/api/test_risk.py tests/api/test_meetings.py
  tests/api/test_reports.py)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
vg=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
bad=0

for t in "$root/$build"/tests/test_*; do
  case $(basename "$t") in test_*postgres*) continue ;; esac
  if ! (cd "$root" && "${vg[@]}" "$t" >"$logs/unit.out" 2>&1); then
    echo "valgrind: $(basename "$t") failed"; tail -20 "$logs/unit.out"; bad=1
  fi
done

# The server under valgrind: each run writes its own log, read at the end.
cat >"$logs/ura" <<WRAP
#!/bin/sh
exec ${vg[*]} --log-file="$logs/vg.%p" "$root/$build/ura" "\$@"
WRAP
chmod +x "$logs/ura"
(cd "$root" && URA_BIN="$logs/ura" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
  "${modules[@]}" >"$logs/api.out" 2>&1) || { tail -30 "$logs/api.out"; bad=1; }
if grep -l "ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|indirectly lost: [1-9]" \
     "$logs"/vg.* >/dev/null 2>&1; then
  grep -h -A30 "Invalid\|uninitialised\|definitely lost" "$logs"/vg.* | head -80; bad=1
fi
echo "valgrind: $(ls "$logs"/vg.* 2>/dev/null | wc -l) server runs checked; $(tail -1 "$logs/api.out")"
[ $bad -eq 0 ] && echo "valgrind: clean"
exit $bad
