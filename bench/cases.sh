#!/usr/bin/env bash
# The case paths of issue 15, each beside its baseline measured in the same run, as a ratio:
# - audited GET /cases/{id} (policy, decryption, a durable audit entry per read) at 32
#   connections, against a libmicrohttpd hello world with the same daemon flags (bench/hello.c);
# - durable POST /cases (encryption, blind indexes, audit) at 1, 8 and 32 connections, against
#   bare SQLite committing one 800-byte row per transaction (bench/sqlite_insert.c).
# Usage: bench/cases.sh [seconds per run, default 10]   (URA_BIN=...: another build of ura, to
# compare two builds, each with its own baselines)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
bin=${URA_BIN:-$root/build/ura}
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
. "$root/bench/lib.sh"

make -s -C "$root" all >/dev/null
cc -O2 -o "$dir/hello" "$root/bench/hello.c" -lmicrohttpd
cc -O2 -o "$dir/sqlite_insert" "$root/bench/sqlite_insert.c" -lsqlite3
"$bin" demo --db "$dir/ura.db" >"$dir/accounts" 2>/dev/null
password() { awk -v u="$1" '$1 == u { print $3 }' "$dir/accounts"; }

serve() {  # serve COMMAND...: starts it with its stdout on fd 3; sets $base and $pid
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  "$@" >"$dir/fifo" 2>"$dir/err" &
  pid=$!
  exec 3<"$dir/fifo"
  read_address
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; exec 3<&-; pid=; }
rate() { awk '/Requests\/sec/ {print $2}' "$dir/wrk"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
last_writes=0 last_commits=0
commits() {  # the writes and the commits they took since the last call (from /metrics)
  local w n
  read -r w n < <(curl -s "$base/metrics" | awk '$1 == "ura_store_writes_total" {w = $2}
    $1 == "ura_store_write_batches_total" {n = $2} END {print w + 0, n + 0}')
  echo "  $((w - last_writes)) writes in $((n - last_commits)) commits," \
    "$(ratio $((w - last_writes)) $((n - last_commits))) per commit"
  last_writes=$w last_commits=$n
}

echo "ura on $(nproc) cores, ${secs}s per run, over loopback"
serve "$dir/hello" "$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
report "hello world (libmicrohttpd), 32 connections" -t2 -c32 -d"${secs}s" "$base/"
hello=$(rate)
stop

serve "$bin" serve --db "$dir/ura.db" --listen 127.0.0.1:0 --workers 16
sign_in "$base" punonjesi "$(password punonjesi)"
wrk -t1 -c1 -d1s -s "$root/bench/cases.lua" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' "$base/api/v1/cases" >/dev/null
id=$(sqlite3 "$dir/ura.db" 'SELECT max(id) FROM cases')
commits >/dev/null
report "GET /api/v1/cases/{id} (audited), 32 connections" -t2 -c32 -d"${secs}s" \
  -H "Cookie: $cookie" "$base/api/v1/cases/$id"
echo "  ratio to hello world: $(ratio "$(rate)" "$hello")   (goal >= 0.25, p99 <= 10 ms)"
commits

bare=$("$dir/sqlite_insert" "$dir/bare.db" "$secs")
printf '%-52s %10s req/s\n' "bare SQLite insert, one fsync per commit" "$bare"
for c in 1 8 32; do
  report "POST /api/v1/cases (durable), $c connection(s)" -t"$((c < 2 ? 1 : 2))" -c"$c" \
    -d"${secs}s" -s "$root/bench/cases.lua" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' "$base/api/v1/cases"
  echo "  ratio to bare SQLite: $(ratio "$(rate)" "$bare")"
  commits
done
stop
echo "audit chain: $("$bin" audit verify --db "$dir/ura.db")"
bench_finish
