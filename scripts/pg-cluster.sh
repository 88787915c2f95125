#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster on loopback for tests, benches and CI (issue #9).
#   bash scripts/pg-cluster.sh start [DIR] [PORT]   -> prints the URL to use as TEST_PG_URL
#   bash scripts/pg-cluster.sh stop  [DIR]
# Uses Debian's postgresql package (apt-get install -y postgresql). Trust auth on 127.0.0.1 only:
# the cluster is a scratch database that lives in DIR and listens on no other interface.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:-start}"
dir="$(realpath -m "${2:-.pg}")"
port="${3:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir/data"
      [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
      as_pg "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --no-locale" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_pg "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
      # fsync stays on (the default): tests exercise the same durability settings as production.
      as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 start -o \"-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c max_connections=300\"" >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
