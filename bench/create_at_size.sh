#!/usr/bin/env bash
# Durable POST /cases at national size (issue 15): a create must cost the same whatever the
# number of cases. Two databases made by bench/generate.py with the same directory (99
# municipalities, their mechanisms and staff): one with no cases, one with CASES; on each, a
# caseworker of mechanism 1 makes
#   - CREATES cases one after another (curl), of which the median and 90th percentile;
#   - as many as it can for SECONDS with 8 connections (wrk, bench/cases.lua);
# then the big database's figures as a ratio to the empty one's, measured in the same run.
# Usage: bench/create_at_size.sh [CASES, default 200000] [CREATES, default 50] [SECONDS, default 10]
# DB=FILE: a database bench/generate.py made (and its key, FILE.key) instead of generating
# one; it is copied, never written. URA_BIN=FILE: another build of ura (to compare two).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cases=${1:-200000}
creates=${2:-50}
secs=${3:-10}
bin=${URA_BIN:-$root/build/ura}
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
. "$root/bench/lib.sh"
password=bench-create-password

[ -n "${URA_BIN:-}" ] || make -s -C "$root" all >/dev/null
make_db() {  # make_db NAME CASES: a generated database in $dir/NAME.db
  URA_ADMIN_USER=admin URA_ADMIN_PASSWORD=$password "$bin" init --db "$dir/$1.db" \
    >/dev/null 2>&1
  python3 "$root/bench/generate.py" "$dir/$1.db" --cases "$2" | head -1
  "$bin" reports rebuild --db "$dir/$1.db" >/dev/null
}
make_db empty 0
if [ -n "${DB:-}" ]; then
  cp "$DB" "$dir/big.db" && cp "$DB.key" "$dir/big.db.key"
  cases=$(sqlite3 "$dir/big.db" 'SELECT count(*) FROM cases')
else
  make_db big "$cases"
fi

# The caseworker: a member of mechanism 1's first institution (police) in both databases.
for db in empty big; do
  URA_PASSWORD=$password "$bin" user add --db "$dir/$db.db" --username bench.create \
    --role caseworker --institution 1 >/dev/null 2>&1
done

# Reads the starting server's stdout (fd 3) until it listens (sets $base) and its first
# rounds are over: the scanner's takes seconds at national size, and nothing is timed beside it.
ready() {
  local line scanned=
  base=
  while read -r line <&3; do
    [ -n "$base" ] || base=$(echo "$line" | sed -n 's/.*listening on \(http[^ ]*\).*/\1/p')
    [ "$line" = "ura: deadlines scanned" ] && scanned=1
    [ -n "$base" ] && [ -n "$scanned" ] && return 0
  done
  cat "$dir/err"
  exit 1
}

serve() {  # serve DB: sets $pid, $base, $cookie, $csrf
  rm -f "$dir/fifo" && mkfifo "$dir/fifo"
  "$bin" serve --db "$dir/$1.db" --listen 127.0.0.1:0 --workers 16 >"$dir/fifo" 2>"$dir/err" &
  pid=$!
  exec 3<"$dir/fifo"
  ready
  sign_in "$base" bench.create "$password"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; exec 3<&-; pid=; }

sequential() {  # prints "MEDIAN P90" in ms of $creates creates one after another
  local i code t
  : >"$dir/times"
  for i in $(seq "$creates"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
      -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d "{\"kind\":\"domestic_violence\",\"mechanism_id\":1,\"survivor\":{\"given_name\":\"Seq$i$RANDOM\",\"family_name\":\"Create$i\",\"sex\":\"female\",\"date_of_birth\":\"1980-03-04\",\"address\":\"Rruga $i\"},\"incident\":{\"occurred_on\":\"2026-01-05\",\"forms\":[\"physical\"]}}" \
      "$base/api/v1/cases")
    [ "$code" = 201 ] || echo "bench: a create answered $code" >&2
    echo "$code $t" >>"$dir/times"
  done
  awk '{ print $2 }' "$dir/times" | sort -g | awk '{ t[NR] = $1 * 1000 } END {
    printf "%.1f %.1f\n", t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)] }'
}
rate() { awk '/Requests\/sec/ {print $2}' "$dir/wrk"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "ura on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)), $creates sequential creates and ${secs}s of wrk per database"
declare -A median rps
for db in empty big; do
  serve "$db"
  n=$(sqlite3 "$dir/$db.db" 'SELECT count(*) FROM cases')
  read -r median[$db] p90 < <(sequential)
  if awk '$1 != 201 { bad = 1 } END { exit !bad }' "$dir/times"; then
    bench_failed=$((bench_failed + 1))
  fi
  printf '%-52s median %7s ms   p90 %7s ms\n' "POST /cases one at a time, $n cases" \
    "${median[$db]}" "$p90"
  report "POST /cases (durable), 8 connections, $n cases" -t2 -c8 -d"${secs}s" \
    -s "$root/bench/cases.lua" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' "$base/api/v1/cases"
  rps[$db]=$(rate)
  stop
done
echo "at $cases cases, to the empty database: latency x$(ratio "${median[big]}" "${median[empty]}")" \
  "(goal <= 1.5), throughput x$(ratio "${rps[big]}" "${rps[empty]}") (goal >= 0.67)"
bench_finish
