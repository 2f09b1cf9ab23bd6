#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz/ once `make fuzz-build` has built them into
# BUILD/fuzz/ (BUILD is build-fuzz). The Makefile's fuzz targets call it.
#
#   run.sh list                      the harness names (fuzz_NAME.c → NAME)
#   run.sh fuzz BUILD SECONDS [NAME…] fuzz each harness SECONDS at nice 19 (FUZZ_PARALLEL at
#                                    once, default 1); new inputs go to BUILD/corpus/NAME, the
#                                    committed corpus is only read; crashes to
#                                    BUILD/artifacts/NAME/. Prints CPU seconds, runs, cov/ft.
#   run.sh merge BUILD [NAME…]       the scratch inputs that add coverage, minimised into the
#                                    committed corpus tests/fuzz/corpus/NAME (then commit them)
#   run.sh replay BUILD NAME         every committed input of NAME once (`make test` does this)
#
# Harnesses with a database make it under $TMPDIR; when TMPDIR is unset, /dev/shm is used if
# it is writable (commits there cost no fsync), else /tmp.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

names() {
  for f in "$here"/fuzz_*.c; do
    n=$(basename "$f" .c)
    n=${n#fuzz_}
    case $n in app | json) ;; *) echo "$n" ;; esac  # fuzz_app.c, fuzz_json.c: shared
  done
}

# The dictionary of a harness: dict/NAME.dict, or the JSON one for the JSON bodies.
dict_of() {
  case $1 in
    case | referral | consent | attendance | risk | instrument) echo "$here/dict/json.dict" ;;
    *) [ -f "$here/dict/$1.dict" ] && echo "$here/dict/$1.dict" ;;
  esac
}

binary_of() {  # binary_of BUILD NAME
  local b=$1/fuzz/fuzz_$2
  [ -x "$b" ] || { echo "run.sh: $b is missing (make fuzz-build)" >&2; return 1; }
  echo "$b"
}

# One harness for SECONDS; prints a summary line. Returns 1 when it crashed.
fuzz_one() {  # fuzz_one BUILD SECONDS NAME
  local build=$1 seconds=$2 name=$3 bin dict out cpu rc last
  bin=$(binary_of "$build" "$name") || return 1
  dict=$(dict_of "$name")
  mkdir -p "$build/corpus/$name" "$build/artifacts/$name" "$build/logs"
  out=$build/logs/$name.log
  cpu=$( { TIMEFORMAT='%U %S'; time nice -n 19 "$bin" -max_total_time="$seconds" -timeout=10 \
      -print_final_stats=1 ${dict:+-dict="$dict"} -artifact_prefix="$build/artifacts/$name/" \
      "$build/corpus/$name" "$here/corpus/$name" > "$out" 2>&1; echo "rc=$?" >> "$out"; } 2>&1 )
  rc=$(sed -n 's/^rc=//p' "$out" | tail -1)
  last=$(grep -a -E '^#[0-9]+' "$out" | tail -1)
  printf '%-11s cpu %7.1f s  runs %9s  cov %5s  ft %6s  corpus %5s  %s\n' "$name" \
    "$(echo "$cpu" | awk '{print $1 + $2}')" \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$out")" \
    "$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')" \
    "$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')" \
    "$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')" \
    "$([ "$rc" = 0 ] && echo ok || echo "CRASH (see $out)")"
  [ "$rc" = 0 ]
}

cmd=${1:-}
case $cmd in
  list)
    names
    ;;
  fuzz)
    build=$2 seconds=$3
    shift 3
    list=${*:-$(names)}
    failed=0
    # Up to FUZZ_PARALLEL harnesses at once; each waits for a free slot.
    for name in $list; do
      while [ "$(jobs -rp | wc -l)" -ge "${FUZZ_PARALLEL:-1}" ]; do wait -n; done
      fuzz_one "$build" "$seconds" "$name" &
    done
    for pid in $(jobs -p); do wait "$pid" || failed=1; done
    found=$(find "$build/artifacts" -type f 2>/dev/null)
    [ -n "$found" ] && { echo "crashes found:"; echo "$found"; failed=1; }
    exit "$failed"
    ;;
  merge)
    build=$2
    shift 2
    for name in ${*:-$(names)}; do
      bin=$(binary_of "$build" "$name") || exit 1
      [ -d "$build/corpus/$name" ] || continue
      "$bin" -merge=1 "$here/corpus/$name" "$build/corpus/$name" 2>&1 | grep -a 'MERGE-OUTER: [0-9]* new files'
    done
    ;;
  replay)
    build=$2 name=$3
    bin=$(binary_of "$build" "$name") || exit 1
    [ -n "$(ls -A "$here/corpus/$name" 2>/dev/null)" ] || { echo "no corpus for $name"; exit 1; }
    exec "$bin" -runs=0 -timeout=25 "$here/corpus/$name"
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
