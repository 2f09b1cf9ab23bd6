#!/usr/bin/env bash
# The summary report at national scale (issue 15): a national database written directly by
# bench/generate.py (CASES cases, REFERRALS_PER_CASE referrals each on average), then
#   - the baseline: the same figures by bare SQL on the source tables (bench/summary_sql.py);
#   - before (only with BEFORE=BIN, an older `ura` from before migration 024: it makes the
#     database, so the data is the same): its GET /reports/summary, national, year 2026;
#   - `ura migrate` (migration 024 fills the facts and rollups) or, on a database made by
#     this `ura`, `ura reports rebuild`, timed;
#   - after: GET /reports/summary national for 2026 (yearly rows), for 2026-01-15..2026-11-20
#     (monthly rows and days from the facts), for one municipality, and as XLSX.
# Each request is timed alone (curl), the best of RUNS; ratios are to the baseline.
# Usage: bench/report_national.sh [CASES, default 1000000] [REFERRALS_PER_CASE, default 3]
# RUNS=N (default 3); KEEP=FILE keeps the database (and its key, FILE.key).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cases=${1:-1000000}
per_case=${2:-3}
runs=${RUNS:-3}
bin="$root/build/ura"
before=${BEFORE:-}
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null
  [ -n "${KEEP:-}" ] && cp "$dir/ura.db" "$KEEP" && cp "$dir/ura.db.key" "$KEEP.key"
  rm -rf "$dir"
}
trap cleanup EXIT
. "$root/bench/lib.sh"
password=bench-national-password

make -s -C "$root" all >/dev/null
maker=${before:-$bin}
URA_ADMIN_USER=admin URA_ADMIN_PASSWORD=$password "$maker" init --db "$dir/ura.db" \
  >/dev/null 2>&1
URA_PASSWORD=$password "$maker" user add --db "$dir/ura.db" --username kombetar \
  --role national >/dev/null 2>&1
t0=$(date +%s)
python3 "$root/bench/generate.py" "$dir/ura.db" --cases "$cases" \
  --referrals-per-case "$per_case" --now 2026-12-01 | head -1
echo "generated in $(( $(date +%s) - t0 )) s on $(nproc) cores (load $(cut -d' ' -f1 /proc/loadavg))"

seconds() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }

serve() {  # serve BIN: starts it on the database; sets $pid, $base, $cookie, $csrf
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  "$1" serve --db "$dir/ura.db" --listen 127.0.0.1:0 >"$dir/fifo" 2>"$dir/err" &
  pid=$!
  exec 3<"$dir/fifo"
  read_address
  sign_in "$base" kombetar "$password"
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; exec 3<&-; }

timed() {  # timed NAME QUERY: the best of $runs requests, and its ratio to the baseline
  local name=$1 query=$2 best= code took
  for _ in $(seq "$runs"); do
    code=$(curl -s -o "$dir/body" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" \
      "$base/api/v1/reports/summary?$query")
    took=${code#* }
    [ "${code%% *}" = 200 ] || { echo "bench: $name answered ${code%% *}" >&2; bench_failed=1; }
    best=$(awk -v a="$took" -v b="${best:-$took}" 'BEGIN { print (a < b ? a : b) }')
  done
  printf '%-58s %8.3f s   %8.4f× bare SQL\n' "$name" "$best" \
    "$(awk -v a="$best" -v b="$bare" 'BEGIN { print a / b }')"
}

bare=$(python3 "$root/bench/summary_sql.py" "$dir/ura.db" --runs "$runs")
printf '%-58s %8.3f s\n' "baseline: bare SQL on the source tables, national 2026" "$bare"
year="from=2026-01-01&to=2026-12-31"
if [ -n "$before" ]; then
  serve "$before"
  timed "before: GET /reports/summary national 2026" "$year"
  stop
  t0=$(date +%s%N)
  "$bin" migrate --db "$dir/ura.db" >/dev/null 2>&1
  printf '%-58s %8s s\n' "ura migrate (migration 024 fills the rollups)" \
    "$(seconds $(( $(date +%s%N) - t0 )))"
else
  t0=$(date +%s%N)
  "$bin" reports rebuild --db "$dir/ura.db" >/dev/null
  printf '%-58s %8s s\n' "ura reports rebuild" "$(seconds $(( $(date +%s%N) - t0 )))"
fi
echo "rollup rows: $(sqlite3 "$dir/ura.db" 'SELECT count(*) FROM report_counts'), " \
  "of them national 2026: $(sqlite3 "$dir/ura.db" \
  "SELECT count(*) FROM report_counts WHERE grain = 2 AND t0 = 1767225600")"
serve "$bin"
timed "after: GET /reports/summary national 2026" "$year"
timed "after: national 2026-01-15..2026-11-20 (days at both ends)" \
  "from=2026-01-15&to=2026-11-20"
timed "after: national 2026-03-10..2026-04-20 (days only)" "from=2026-03-10&to=2026-04-20"
timed "after: one municipality (the largest), 2026" "municipality_id=1&$year"
timed "after: national 2026, format=xlsx" "format=xlsx&$year"
stop
bench_finish
