#!/usr/bin/env bash
# Issue 15's table: every path it names, on SQLite and on PostgreSQL, each figure beside a
# baseline measured in the same run and given as a ratio (absolute figures move with the
# machine's load; the ratios are what compares between runs and machines).
#
#   row                               baseline (same run)
#   GET /healthz                      libmicrohttpd hello world, same daemon flags (hello.c)
#   audited GET /cases/{id}, 32 conn  the same hello world
#   durable POST /cases, 32 conn      SQLite: bare SQLite, one 800-byte row per commit
#                                     (sqlite_insert.c); PostgreSQL: bench/pg_writes.sh, two
#                                     `ura` processes on one database against pgbench, one
#                                     800-byte insert per transaction, 32 clients
#   national GET /reports/summary     the same figures by bare SQL on the source tables in
#                                     sqlite3 (summary_sql.py), on the same generated data
#   start to /readyz                  worst of three starts (bench/readyz.py: no shell
#                                     process between the exec and the answer)
#   peak RSS                          after the start and 96 sign-ins from 32 clients at the
#                                     shipped password cost
#   deadline scanner                  the longest it holds the writer for, first round (on
#                                     PostgreSQL none: it writes on its own connection)
#   ura audit verify                  seconds per million entries, on the national database
#                                     (bench/generate.py: five entries per case)
# Each HTTP row also gives the CPU a request cost the server (on PostgreSQL, ura's and the
# database server's, as ura+postgres): it does not move with the machine's load, and two cores
# to themselves could answer at most 2,000,000 / µs requests a second.
#
# The HTTP rows run on `ura demo`'s data; the rows that grow with data on a national database
# written by bench/generate.py (CASES cases, default 100000; the issue's size is 1000000). The
# PostgreSQL rows run on copies made by `ura migrate-to`, in a throw-away cluster that keeps
# fsync on (a durable write is what is measured). A run with any non-2xx answer is FAILED.
# Usage: bench/run.sh [--cases N] [--secs S]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cases=100000 secs=10
while [ $# -gt 0 ]; do
  case $1 in
  --cases) cases=$2; shift 2 ;;
  --secs) secs=$2; shift 2 ;;
  *) echo "usage: bench/run.sh [--cases N] [--secs S]" >&2; exit 2 ;;
  esac
done
bin=${URA_BIN:-$root/build/ura}
dir=$(mktemp -d)
pids=() pg=
cleanup() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null
  [ -n "$pg" ] && "$root/tests/pg/pg_cluster.sh" stop "$pg"
  rm -rf "$dir"
}
trap cleanup EXIT
. "$root/bench/lib.sh"

make -s -C "$root" all >/dev/null
cc -O2 -o "$dir/hello" "$root/bench/hello.c" -lmicrohttpd
cc -O2 -o "$dir/sqlite_insert" "$root/bench/sqlite_insert.c" -lsqlite3
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# row NAME ENGINE VALUE BASELINE RATIO GOAL: one line of the table
row() { printf '%-36s %-10s %30s %22s %8s   %s\n' "$@"; }

# A failure anywhere (also inside $(...)) is written down; the run then exits 1.
fail() { echo "bench: $*" >&2; echo "$*" >>"$dir/failures"; }

# serve NAME COMMAND...: starts a server, returns once it listens; sets base_NAME, pid_NAME.
# Its stdout comes through a fifo (the address line is the signal); a cat drains the rest.
serve() {
  local name=$1 fifo=$dir/fifo-$1; shift
  rm -f "$fifo" && mkfifo "$fifo"
  "$@" >"$fifo" 2>"$dir/err-$name" &
  eval "pid_$name=$!"; pids+=($!)
  exec 3<"$fifo"
  read_address
  cat <&3 >/dev/null 2>&1 &
  exec 3<&-
  eval "base_$name=\$base"
}
stop_all() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; pids=(); }


# measure FILE wrk-args...: wrk into FILE; prints requests/s; non-2xx answers fail the run
measure() {
  local out=$1 non2xx errors; shift
  wrk --latency "$@" >"$out" 2>&1 || fail "wrk: $(cat "$out")"
  read -r non2xx errors < <(wrk_failures "$out")
  [ "$non2xx" -eq 0 ] && [ "$errors" -eq 0 ] ||
    fail "$(basename "$out"): $non2xx non-2xx answers, $errors socket errors"
  awk '/Requests\/sec/ {print $2}' "$out"
}
p99() { awk '$1 == "99%" {print $2}' "$1"; }
post_case() {  # sets post_args: wrk's arguments for POST /cases as the signed-in user
  post_args=(-s "$root/bench/cases.lua" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf"
    -H 'Content-Type: application/json')
}

# --- baselines -------------------------------------------------------------------------------
echo "bench/run.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${secs}s per wrk run, $cases generated cases"
serve hello "$dir/hello" "$(free_port)"
hello=$(measure "$dir/wrk-hello" -t2 -c32 -d"${secs}s" "$base_hello/")
stop_all
bare=$("$dir/sqlite_insert" "$dir/bare.db" "$secs")

pg=$(mktemp -d)
PG_DURABLE=1 "$root/tests/pg/pg_cluster.sh" start "$pg" >/dev/null
pg_url() { sed "s|/postgres\$|/$1|" "$pg/url"; }
pg_new() { psql -q -d "$(cat "$pg/url")" -c "CREATE DATABASE $1" >/dev/null; pg_url "$1"; }

# --- the HTTP rows on the demo's data --------------------------------------------------------
"$bin" demo --db "$dir/demo.db" >"$dir/accounts" 2>/dev/null
password() { awk -v u="$1" '$1 == u { print $3 }' "$dir/accounts"; }
demo_pg=$(pg_new ura_demo)
"$bin" migrate-to --db "$dir/demo.db" "$demo_pg" >/dev/null 2>&1
demo_key=$dir/demo.db.key

# measure_cpu FILE wrk-args...: as measure, then the CPU per request of the server (and, on
# PostgreSQL, of the database server) in µs: "RATE US"
measure_cpu() {
  local out=$1 before rate; shift
  before=$(cpu_us "${cpu_pids[@]}")
  rate=$(measure "$out" "$@")
  echo "$rate $(us_per_request "$before" "$(cpu_us "${cpu_pids[@]}")" "$out")"
}

http_rows() {  # http_rows ENGINE DB [ARGS...]
  local engine=$1 db=$2 rate us id; shift 2
  serve one "$bin" serve --db "$db" "$@" --listen 127.0.0.1:0 --workers 16
  cpu_pids=("$pid_one")
  [ "$engine" = postgres ] && cpu_pids+=("$(head -n 1 "$pg/data/postmaster.pid")")
  read -r rate us < <(measure_cpu "$dir/wrk-healthz" -t2 -c32 -d"${secs}s" "$base_one/healthz")
  row "GET /healthz" "$engine" "$rate/s, $us µs CPU" "hello $hello/s" "$(ratio "$rate" "$hello")" "≥ 0.8"
  sign_in "$base_one" punonjesi "$(password punonjesi)"
  post_case
  wrk -t1 -c1 -d1s "${post_args[@]}" "$base_one/api/v1/cases" >/dev/null
  id=$(curl -s -H "Cookie: $cookie" "$base_one/api/v1/cases?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  read -r rate us < <(measure_cpu "$dir/wrk-read" -t2 -c32 -d"${secs}s" -H "Cookie: $cookie" \
    "$base_one/api/v1/cases/$id")
  row "audited GET /cases/{id}, 32 conn" "$engine" \
    "$rate/s p99 $(p99 "$dir/wrk-read"), $us µs CPU" \
    "hello $hello/s" "$(ratio "$rate" "$hello")" "≥ 0.25, p99 ≤ 10ms"
}

echo
row "path" "engine" "figure" "baseline" "ratio" "goal"
http_rows sqlite "$dir/demo.db"
read -r rate us < <(measure_cpu "$dir/wrk-create" -t2 -c32 -d"${secs}s" "${post_args[@]}" \
  "$base_one/api/v1/cases")
row "durable POST /cases, 32 conn" sqlite "$rate/s, $us µs CPU" "bare SQLite $bare/s" \
  "$(ratio "$rate" "$bare")" "≥ 5"
stop_all

http_rows postgres "$demo_pg" --key "$demo_key"
stop_all
# Two processes on one database against pgbench, in a durable cluster of its own.
URA_BIN=$bin "$root/bench/pg_writes.sh" "$secs" >"$dir/pg_writes" 2>&1 ||
  fail "bench/pg_writes.sh: $(tail -n 3 "$dir/pg_writes")"
pgbench_tps=$(awk '/^pgbench/ {print int($(NF - 1))}' "$dir/pg_writes")
rate=$(awk '/2 processes, 32 conn/ {print int($(NF - 1))}' "$dir/pg_writes")
us=$(sed -n 's/.*CPU per create: ura \([0-9]*\) µs, PostgreSQL \([0-9]*\) µs.*/\1+\2/p' \
  "$dir/pg_writes")
row "durable POST /cases, 2 processes" postgres "$rate/s, $us µs CPU" "pgbench $pgbench_tps/s" \
  "$(ratio "$rate" "$pgbench_tps")" "≥ 0.5"

verify_row() {  # verify_row ENGINE DB [ARGS...]: `ura audit verify`, as seconds per 1 M entries
  local engine=$1 t entries; shift
  t=$(now_ms)
  "$bin" audit verify --db "$@" >"$dir/verify" 2>&1 || fail "ura audit verify ($engine): $(cat "$dir/verify")"
  t=$(( $(now_ms) - t ))
  entries=$(sed -n 's/.*intact: \([0-9]*\) entries.*/\1/p' "$dir/verify")
  row "ura audit verify" "$engine" "$(awk -v ms="$t" -v n="${entries:-1}" \
    'BEGIN { printf "%.1f s/1M", ms * 1000 / n }')" "${entries:-?} entries" "—" "≤ 10 s"
}

# --- the rows that grow with data --------------------------------------------------------------
national=bench-national-password
URA_ADMIN_USER=admin URA_ADMIN_PASSWORD=$national "$bin" init --db "$dir/big.db" >/dev/null 2>&1
URA_PASSWORD=$national "$bin" user add --db "$dir/big.db" --username kombetar --role national \
  >/dev/null 2>&1
python3 "$root/bench/generate.py" "$dir/big.db" --cases "$cases" --referrals-per-case 3 \
  --now 2026-12-01 >/dev/null
"$bin" reports rebuild --db "$dir/big.db" >/dev/null
summary_sql=$(python3 "$root/bench/summary_sql.py" "$dir/big.db" --runs 2)
big_pg=$(pg_new ura_national)
"$bin" migrate-to --db "$dir/big.db" "$big_pg" >/dev/null 2>&1
big_key=$dir/big.db.key

start_ready() {  # start_ready DB [ARGS...]: starts a server, returns once /readyz answers 200
  serve one "$bin" serve --db "$@" --listen 127.0.0.1:0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base_one/readyz")" = 200 ]; do :; done
}
summary_s() {  # summary_s: the best of three national summaries, in seconds
  local best=999 t code
  for _ in 1 2 3; do
    code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" \
      "$base_one/api/v1/reports/summary?from=2026-01-01&to=2026-12-31")
    [ "${code%% *}" = 200 ] || fail "the summary answered ${code%% *}"
    t=${code#* }
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b ? a : b) }')
  done
  echo "$best"
}
peak_rss_mb() {  # after 96 sign-ins from 32 clients at the shipped cost
  seq 96 | xargs -P 32 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    -d "{\"username\":\"kombetar\",\"password\":\"$national\"}" "$base_one/api/v1/session" |
    grep -vc '^201$' >"$dir/failed-sign-ins" || true
  [ "$(cat "$dir/failed-sign-ins")" = 0 ] || fail "$(cat "$dir/failed-sign-ins") sign-ins failed"
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid_one/status"
}

data_rows() {  # data_rows ENGINE DB [ARGS...]
  local engine=$1 worst=0 longest=0 ms us beside held t; shift
  # Three starts: the first round of the first writes the notifications of everything already
  # due; the later ones find nothing new. The worst start and the longest write of all three.
  for _ in 1 2 3; do
    read -r ms us beside < <(python3 "$root/bench/readyz.py" "$bin" serve --db "$@")
    [ "${ms:-999999}" -gt "$worst" ] && worst=${ms:-999999}
    [ "${us:-0}" -gt "$longest" ] && longest=$us
  done
  row "start to /readyz (worst of 3)" "$engine" "$worst ms" "—" "—" "≤ 100 ms"
  # On PostgreSQL the scanner writes beside the writer, on its own connection: it holds the
  # writer for none of its writes.
  held="$((longest / 1000)) ms"
  [ "${beside:-0}" = 1 ] && held="0 ms (own writes ≤ $((longest / 1000)) ms)"
  row "deadline scanner, writer held" "$engine" "$held" "—" "—" "≤ 10 ms"
  start_ready "$@"
  sign_in "$base_one" kombetar "$national"
  t=$(summary_s)
  row "national summary, one year" "$engine" "$t s" "bare SQL $summary_sql s" \
    "$(ratio "$t" "$summary_sql")" "≤ 1 s, ≤ 2"
  row "peak RSS, 96 sign-ins" "$engine" "$(peak_rss_mb) MB" "—" "—" "≤ 50 MB"
  stop_all
}

data_rows sqlite "$dir/big.db"
data_rows postgres "$big_pg" --key "$big_key"
# The generated chain: five entries per case, on both engines (migrate-to copies it).
verify_row sqlite "$dir/big.db"
verify_row postgres "$big_pg" --key "$big_key"
if [ -s "$dir/failures" ]; then
  echo "bench: $(wc -l <"$dir/failures") failure(s): the figures above are not all throughput" >&2
  exit 1
fi
