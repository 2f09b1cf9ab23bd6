#!/usr/bin/env bash
# Kill -9 soak: `ura serve` under concurrent writes is killed with SIGKILL at a random moment,
# N times; every write it acknowledged (a 201 with an id) must be there after the restart,
# read back through the API as its owner, and the database must pass PRAGMA integrity_check
# (SQLite) and `ura audit verify`. bench/kill9.py runs the rounds and prints the summary:
# rounds, acknowledged writes, lost (0, or the exit status is 1).
#
# Usage: bench/kill9.sh [--pg] N [--clients 8] [--max-delay 1.0] [--seed S]
#   --pg   on PostgreSQL: a throw-away cluster (tests/pg/pg_cluster.sh); only Ura is killed
# The binary is $URA_BIN, else build/ura. Run it niced on a shared machine (nice -n 19 ...).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pg=false
if [ "${1:-}" = --pg ]; then pg=true; shift; fi
rounds=${1:?usage: bench/kill9.sh [--pg] N [kill9.py options]}
shift
bin=${URA_BIN:-$root/build/ura}
[ -x "$bin" ] || { echo "kill9: $bin is missing (make)" >&2; exit 1; }
dir=$(mktemp -d) pgdir=
cleanup() {
  [ -n "$pgdir" ] && "$root/tests/pg/pg_cluster.sh" stop "$pgdir"
  rm -rf "$dir"
}
trap cleanup EXIT

engine=(--db "$dir/ura.db")
if $pg; then
  pgdir=$(mktemp -d)
  url=$("$root/tests/pg/pg_cluster.sh" start "$pgdir") || exit 1
  engine=(--db "$url" --key "$dir/master.key" --postgres)
fi
/usr/bin/python3 "$root/bench/kill9.py" "$rounds" --ura "$bin" "${engine[@]}" \
  --log "$dir/server.log" "$@"
rc=$?
if [ "$rc" -ne 0 ] && [ -s "$dir/server.log" ]; then
  echo "--- the server's log (last lines)"
  tail -n 30 "$dir/server.log"
fi
exit "$rc"
