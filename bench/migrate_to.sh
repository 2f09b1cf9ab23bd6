#!/usr/bin/env bash
# `ura migrate-to` on a generated database: copies DB (a SQLite file, e.g. made by
# bench/generate.py, with its DB.files/) into a fresh database on a throw-away PostgreSQL
# cluster (tests/pg/pg_cluster.sh), RUNS times (default 1), each into a new database, and
# prints the command's counts table once and its summary line each run (rows, files, seconds,
# rows per second of the copy itself). DB is only read.
# Usage: bench/migrate_to.sh DB [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=${1:?usage: bench/migrate_to.sh DB [RUNS]}
runs=${2:-1}
dir=$(mktemp -d)
chmod 0711 "$dir"   # the cluster runs as the postgres user when this runs as root
cleanup() { "$root/tests/pg/pg_cluster.sh" stop "$dir/pg" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT

make -s -C "$root" all >/dev/null
url=$("$root/tests/pg/pg_cluster.sh" start "$dir/pg")
echo "ura migrate-to on $(nproc) cores: $(du -sh "$db" | cut -f1) database," \
  "$(du -sh "$db.files" 2>/dev/null | cut -f1 || echo 0) of attachments"
for i in $(seq "$runs"); do
  target="${url%/*}/bench_$i"
  psql -q "$url" -c "CREATE DATABASE bench_$i"
  "$root/build/ura" migrate-to --db "$db" "$target" >"$dir/out" 2>"$dir/err" ||
    { cat "$dir/out" "$dir/err"; exit 1; }
  [ "$i" -eq 1 ] && grep -v '^ura: ' "$dir/out"
  grep '^ura: copied' "$dir/out"
done
