#!/usr/bin/env bash
# Throughput of a running Ura on this machine, over loopback, with wrk.
# Prints requests/s and latency for: a health check (the HTTP layer alone), a signed-in list
# read, and durable signed-in writes with few and with many workers (group commit at work).
# A run with any non-2xx answer or socket error is marked FAILED and the script exits 1: an
# error answered fast is not throughput (bench/lib.sh).
# Usage: bench/http.sh [seconds per run, default 10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
bin="$root/build/ura"
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
. "$root/bench/lib.sh"

start() {  # start WORKERS: a server on a free port; sets $base and $pid
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  # The bench's admin signs in with a password only: no authenticator app in a benchmark.
  URA_TOTP_REQUIRED_ROLES=none "$bin" serve --db "$dir/ura.db" --listen 127.0.0.1:0 --workers "$1" >"$dir/fifo" 2>"$dir/err" &
  pid=$!
  exec 3<"$dir/fifo"
  # The server prints its address once it accepts connections: that line is the signal.
  read_address
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; exec 3<&-; pid=; }


make -s -C "$root" all >/dev/null
URA_ADMIN_PASSWORD=bench-password-123 "$bin" init --db "$dir/ura.db" >/dev/null 2>&1
cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Bench institution","type":"cso","municipality_id":1,"services":["psychosocial"]}'
LUA

echo "ura on $(nproc) cores, ${secs}s per run, wrk -t2 -c64 over loopback"
start 16
sign_in "$base" admin bench-password-123
curl -s -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","code":"BEN","country":"AL"}' "$base/api/v1/municipalities" >/dev/null
report "GET /healthz" -t2 -c64 -d"${secs}s" "$base/healthz"
report "GET /api/v1/municipalities (signed in)" -t2 -c64 -d"${secs}s" -H "Cookie: $cookie" \
  "$base/api/v1/municipalities"
stop
for w in 1 16 64; do
  start "$w"
  report "POST /api/v1/institutions, $w worker(s)" -t2 -c64 -d"${secs}s" -s "$dir/post.lua" \
    -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" "$base/api/v1/institutions"
  stop
done
echo "rows written: $(sqlite3 "$dir/ura.db" 'SELECT count(*) FROM institutions') institutions," \
     "audit chain: $("$bin" audit verify --db "$dir/ura.db")"
bench_finish
