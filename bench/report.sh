#!/usr/bin/env bash
# How the summary report scales: fills the demo mechanism with cases for a while (wrk posting
# varied cases as the police caseworker), then measures GET /reports/summary for the
# coordinator (as it is) and for the national user (anonymised: suppression on top).
# Usage: bench/report.sh [seconds of case creation, default 10] [seconds per run, default 10]
# KEEP=FILE keeps a copy of the filled database, to look at the queries with sqlite3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fill=${1:-10}
secs=${2:-10}
bin="$root/build/ura"
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$dir/ura.db" "$KEEP"; rm -rf "$dir"; }
trap cleanup EXIT
. "$root/bench/lib.sh"

make -s -C "$root" all >/dev/null
"$bin" demo --db "$dir/ura.db" >"$dir/accounts" 2>/dev/null
password() { awk -v u="$1" '$1 == u { print $3 }' "$dir/accounts"; }

rm -f "$dir/fifo" && mkfifo "$dir/fifo"
"$bin" serve --db "$dir/ura.db" --listen 127.0.0.1:0 --workers 16 >"$dir/fifo" 2>"$dir/err" &
pid=$!
exec 3<"$dir/fifo"
read_address


echo "ura on $(nproc) cores; ${fill}s of case creation, then ${secs}s per run, wrk -t2 -c16"
sign_in "$base" punonjesi "$(password punonjesi)"
report "POST /api/v1/cases (varied, encrypted, audited)" -t2 -c16 -d"${fill}s" \
  -s "$root/bench/cases.lua" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' "$base/api/v1/cases"
cases=$(sqlite3 "$dir/ura.db" 'SELECT count(*) FROM cases' 2>/dev/null || echo '?')
echo "cases in the database: $cases"
sign_in "$base" koordinatorja "$(password koordinatorja)"
report "GET /reports/summary, coordinator" -t2 -c16 -d"${secs}s" -H "Cookie: $cookie" \
  "$base/api/v1/reports/summary?mechanism_id=1&from=2026-01-01&to=2026-12-31"
sign_in "$base" kombetar "$(password kombetar)"
report "GET /reports/summary, national (suppressed)" -t2 -c16 -d"${secs}s" \
  -H "Cookie: $cookie" "$base/api/v1/reports/summary?from=2026-01-01&to=2026-12-31"
report "GET /reports/summary?format=xlsx, national" -t2 -c16 -d"${secs}s" \
  -H "Cookie: $cookie" "$base/api/v1/reports/summary?format=xlsx&from=2026-01-01&to=2026-12-31"
bench_finish
