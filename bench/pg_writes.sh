#!/usr/bin/env bash
# Durable writes on PostgreSQL (issue 15), beside their baseline measured in the same run:
# - pgbench, one ~800-byte INSERT per transaction, 32 clients;
# - two `ura serve` processes on one database, 32 wrk connections in all (16 to each), doing
#   durable POST /api/v1/cases (encryption, blind indexes, audit), and the sum's ratio to pgbench.
# The cluster is a throw-away one (tests/pg/pg_cluster.sh) with PostgreSQL's durable defaults
# (PG_DURABLE=1: fsync, synchronous_commit and full_page_writes on). Any non-2xx answer fails the run.
# Each run's CPU per transaction is printed too (PostgreSQL's server processes; ura's two
# processes): unlike requests a second it does not move with the machine's load, and it bounds
# what the machine's cores could do if nothing else ran on them.
# Usage: bench/pg_writes.sh [seconds per run, default 10]   (URA_BIN=...: another build of ura)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
bin=${URA_BIN:-$root/build/ura}
dir=$(mktemp -d) pgdir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/tests/pg/pg_cluster.sh" stop "$pgdir"
  rm -rf "$dir"
}
trap cleanup EXIT
. "$root/bench/lib.sh"

[ -n "${URA_BIN:-}" ] || make -s -C "$root" all >/dev/null
url=$(PG_DURABLE=1 "$root/tests/pg/pg_cluster.sh" start "$pgdir")
psql -qX -v ON_ERROR_STOP=1 "$url" >/dev/null <<'SQL'
CREATE DATABASE ura;
CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body text NOT NULL);
SQL
[ "$(psql -qAtX "$url" -c 'SHOW fsync')" = on ] || { echo "bench: fsync is not on" >&2; exit 1; }
ura_url=${url%/*}/ura

echo "PostgreSQL writes on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${secs}s per run"
echo "INSERT INTO bench_rows (body) VALUES (random()::text || repeat('x', 780));" >"$dir/insert.sql"
postmaster=$(head -n 1 "$pgdir/data/postmaster.pid")
pg_before=$(cpu_us "$postmaster")
pgbench -n -M prepared -c32 -j2 -T"$secs" -f "$dir/insert.sql" "$url" >"$dir/pgbench" 2>&1 ||
  { cat "$dir/pgbench" >&2; exit 1; }
pg_after=$(cpu_us "$postmaster")
baseline=$(awk '/^tps = / {print $3}' "$dir/pgbench")
printf '%-52s %10s tx/s\n' "pgbench, one 800-byte insert per tx, 32 clients" "$baseline"
echo "  PostgreSQL's CPU per transaction: $(awk -v d="$((pg_after - pg_before))" \
  '/number of transactions actually processed/ { printf "%d", d / $NF }' "$dir/pgbench") µs"

"$bin" demo --db "$ura_url" --key "$dir/master.key" >"$dir/accounts" 2>/dev/null
password() { awk -v u="$1" '$1 == u { print $3 }' "$dir/accounts"; }

serve() {  # serve NAME: starts `ura serve` with its stdout on fd 3; sets $base, adds its pid
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  "$bin" serve --db "$ura_url" --key "$dir/master.key" --listen 127.0.0.1:0 --workers 16 \
    >"$dir/fifo" 2>"$dir/err.$1" &
  pids+=($!)
  exec 3<"$dir/fifo"
  read_address
  exec 3<&-
}
serve a && base_a=$base
serve b && base_b=$base
sign_in "$base_a" punonjesi "$(password punonjesi)"
post() {  # post BASE OUT CONNECTIONS SECONDS: wrk's durable POST /cases against one process
  wrk --latency -t1 -c"$3" -d"$4" -s "$root/bench/cases.lua" -H "Cookie: $cookie" \
    -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$1/api/v1/cases" >"$2" 2>&1
}
post "$base_a" "$dir/warm.a" 2 1s & warm=$!
post "$base_b" "$dir/warm.b" 2 1s
wait "$warm"

ura_before=$(cpu_us "${pids[@]}") pg_before=$(cpu_us "$postmaster")
post "$base_a" "$dir/wrk.a" 16 "${secs}s" & run_a=$!
post "$base_b" "$dir/wrk.b" 16 "${secs}s" || { cat "$dir/wrk.b" >&2; bench_failed=$((bench_failed + 1)); }
wait "$run_a" || { cat "$dir/wrk.a" >&2; bench_failed=$((bench_failed + 1)); }
ura_after=$(cpu_us "${pids[@]}") pg_after=$(cpu_us "$postmaster")
report_line "POST /api/v1/cases (durable), process a, 16 conn." "$dir/wrk.a"
report_line "POST /api/v1/cases (durable), process b, 16 conn." "$dir/wrk.b"
both=$(awk '/Requests\/sec/ {s += $2} END {printf "%.2f", s}' "$dir/wrk.a" "$dir/wrk.b")
printf '%-52s %10s req/s\n' "POST /api/v1/cases, 2 processes, 32 conn. in all" "$both"
echo "  ratio to pgbench: $(awk -v a="$both" -v b="$baseline" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')   (goal >= 0.5)"
ura_us=$(us_per_request "$ura_before" "$ura_after" "$dir/wrk.a" "$dir/wrk.b")
pg_us=$(us_per_request "$pg_before" "$pg_after" "$dir/wrk.a" "$dir/wrk.b")
echo "  CPU per create: ura $ura_us µs, PostgreSQL $pg_us µs: $(nproc) cores to themselves would" \
  "do at most $(( $(nproc) * 1000000 / (ura_us + pg_us > 0 ? ura_us + pg_us : 1) ))/s"
for base in "$base_a" "$base_b"; do
  curl -s "$base/metrics" | awk -v b="$base" '$1 == "ura_store_writes_total" {w = $2}
    $1 == "ura_store_write_batches_total" {n = $2}
    END {printf "  %s: %d writes in %d commits, %.1f per commit\n", b, w, n, (n > 0 ? w / n : 0)}'
done
for p in "${pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
pids=()
echo "audit chain: $("$bin" audit verify --db "$ura_url")"
bench_finish
