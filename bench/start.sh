#!/usr/bin/env bash
# Start → /readyz: how long `ura serve` takes on a given database until /readyz answers 200,
# measured from the exec over loopback. Runs the server RUNS times in a row (default 3): the
# first start on a fresh database also makes the notifications of everything already due,
# the next ones are the steady state. The deadline scanner's rounds are logged by the server
# (event=deadline_scan: reads, writes, findings, the longest write's time and CPU time on the
# writer, writes over 10 ms, CPU time on the writer and on the scanner's thread); their lines
# are printed too.
# Usage: bench/start.sh DB [RUNS]   (DB: e.g. made by bench/generate.py; it is written to)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=${1:?usage: bench/start.sh DB [RUNS]}
runs=${2:-3}
bin="$root/build/ura"
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

make -s -C "$root" all >/dev/null
cases=$(sqlite3 "$db" 'SELECT count(*) FROM cases')
echo "ura serve on $(nproc) cores, $cases cases: start → /readyz 200"
for i in $(seq "$runs"); do
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  t0=$(date +%s%N)
  "$bin" serve --db "$db" --listen 127.0.0.1:0 >"$dir/fifo" 2>"$dir/err" &
  pid=$!
  exec 3<"$dir/fifo"
  base=
  while read -r line <&3; do
    base=$(echo "$line" | sed -n 's/.*listening on \(http[^ ]*\).*/\1/p')
    [ -n "$base" ] && break
  done
  [ -n "$base" ] || { cat "$dir/err"; exit 1; }
  t1=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ]; do :; done
  t2=$(date +%s%N)
  printf 'run %d: listening after %5d ms, /readyz 200 after %5d ms\n' "$i" \
    $(((t1 - t0) / 1000000)) $(((t2 - t0) / 1000000))
  # Let the first scan round finish (its log line says when), at most two minutes, then stop.
  for _ in $(seq 600); do
    grep -q 'event=deadline_scan ' "$dir/err" && break
    sleep 0.2
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; exec 3<&-; pid=
  grep -o 'event=deadline_scan .*' "$dir/err" | sed 's/^/  /' || true
done
