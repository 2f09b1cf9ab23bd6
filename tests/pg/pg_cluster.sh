#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests, on loopback, from Debian's `postgresql`.
# Usage:
#   pg_cluster.sh start DIR    initdb into DIR, start on a free port; prints the server's URL
#                              (also kept in DIR/url) and leaves DIR/port, DIR/data, DIR/log
#   pg_cluster.sh down DIR     stops the server, keeping its data (an outage)
#   pg_cluster.sh up DIR       starts it again on the same port
#   pg_cluster.sh stop DIR     stops the server and removes DIR
# As root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
# fsync is off: the cluster lives for one test run. PG_DURABLE=1 keeps PostgreSQL's durable
# defaults (fsync, synchronous commit) for a benchmark of durable writes (bench/run.sh).
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg_cluster.sh start|down|up|stop DIR} dir=${2:?usage: pg_cluster.sh $cmd DIR}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ctl_start() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-p $(cat "$dir/port") -k $dir/sock -c listen_addresses=127.0.0.1" start >/dev/null
}

case $cmd in
start)
  [ -x "$bin/initdb" ] || { echo "pg_cluster: no PostgreSQL 15 in $bin (apt-get install postgresql)" >&2; exit 1; }
  mkdir -p "$dir/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir" && chmod 755 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
max_connections = 400
shared_buffers = 64MB
CONF
  [ "${PG_DURABLE:-0}" = 1 ] || cat >>"$dir/data/postgresql.conf" <<CONF
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  free_port >"$dir/port"
  ctl_start || { cat "$dir/log" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres" | tee "$dir/url" ;;
down)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
up)
  ctl_start ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" ;;
*)
  echo "usage: pg_cluster.sh start|down|up|stop DIR" >&2; exit 2 ;;
esac
