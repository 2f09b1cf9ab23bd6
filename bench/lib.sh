# Shared by the benchmarks (bench/run.sh, http.sh, cases.sh, report.sh, pg_writes.sh): runs wrk
# and prints one line per run. A run in which any answer was not 2xx or 3xx, or a socket
# failed, measured errors, not work: its line says how many, and bench_finish makes the
# script fail.
# The caller sets $dir (a scratch directory).

bench_failed=0

# Reads a starting server's stdout (file descriptor 3) until it says where it listens; sets
# $base. Other lines ("ura: deadlines scanned") may come before it.
read_address() {
  base=
  while read -r line <&3; do
    base=$(echo "$line" | sed -n 's/.*listening on \(http[^ ]*\).*/\1/p')
    [ -n "$base" ] && return 0
  done
  cat "$dir/err"
  exit 1
}

# sign_in BASE USER PASSWORD: signs in over HTTP; sets $cookie and $csrf (exits on failure)
sign_in() {
  curl -s -D "$dir/h" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/session" >"$dir/s"
  cookie=$(sed -n 's/^Set-Cookie: \(ura_session=[^;]*\).*/\1/p' "$dir/h" | tr -d '\r')
  [ -n "$cookie" ] || { echo "bench: sign-in as $2 failed: $(cat "$dir/s")" >&2; exit 1; }
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$dir/s")
}

report() {  # report NAME -- wrk args...
  local name=$1; shift
  wrk --latency "$@" >"$dir/wrk" 2>&1 || { cat "$dir/wrk" >&2; bench_failed=$((bench_failed + 1)); return 0; }
  report_line "$name" "$dir/wrk"
}

# wrk_failures FILE: "NON2XX ERRORS" of a finished wrk run. wrk prints the two lines only when
# there is something to count; the socket errors' line starts with spaces, so its counts are
# fields 5, 7, 9 and 11 ("", "Socket", "errors:", "connect", N, "read", N, ...).
wrk_failures() {
  awk -F'[ ,]+' '/Non-2xx or 3xx responses:/ {n = $NF}
    /Socket errors:/ {e = $5 + $7 + $9 + $11} END {print n + 0, e + 0}' "$1"
}

report_line() {  # report_line NAME FILE: the line of a finished wrk run whose output is FILE
  local name=$1 out=$2 non2xx errors
  read -r non2xx errors < <(wrk_failures "$out")
  printf '%-52s %10s req/s   p50 %8s   p99 %8s' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' "$out")" \
    "$(awk '$1=="50%" {print $2}' "$out")" "$(awk '$1=="99%" {print $2}' "$out")"
  if [ "$non2xx" -gt 0 ] || [ "$errors" -gt 0 ]; then
    printf '   FAILED: %s non-2xx answers, %s socket errors (not throughput)\n' \
      "$non2xx" "$errors"
    bench_failed=$((bench_failed + 1))
  else
    printf '\n'
  fi
}

# cpu_us PID...: the CPU time (user and system, in microseconds) these processes, their threads
# and their children (running or reaped) have used so far. A server's CPU per request does not
# move with the machine's load as its requests a second do, and bounds what two cores can do.
cpu_us() {
  local p pids=()
  for p in "$@"; do
    pids+=("$p")
    # running children: a PostgreSQL server's backends (the reaped ones count in cutime)
    pids+=($(grep -l "^PPid:[[:space:]]*$p\$" /proc/[0-9]*/status 2>/dev/null | cut -d/ -f3 ||
      true))
  done
  # A process may end between the listing and the reading (set -e must not see it).
  for p in "${pids[@]}"; do sed 's/^[0-9]* (.*) //' "/proc/$p/stat" 2>/dev/null || true; done |
    awk -v t="$(getconf CLK_TCK)" '{ s += $12 + $13 + $14 + $15 } END { printf "%d\n", s * 1e6 / t }'
}

# us_per_request CPU_BEFORE CPU_AFTER WRK_FILE...: microseconds of CPU per request of the runs
us_per_request() {
  local before=$1 after=$2; shift 2
  awk -v d="$((after - before))" '/ requests in / { n += $1 } END { printf "%d", (n > 0 ? d / n : 0) }' "$@"
}

bench_finish() {  # the script's exit status: 1 when a run had failed answers
  if [ "$bench_failed" -gt 0 ]; then
    echo "bench: $bench_failed run(s) had failed answers; their figures are not throughput" >&2
    return 1
  fi
}
