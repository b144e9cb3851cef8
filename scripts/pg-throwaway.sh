#!/usr/bin/env bash
# pg-throwaway.sh [command...]: runs `command` with a throwaway PostgreSQL server on 127.0.0.1 (a free port),
# trust auth, user postgres, and SAYLAU_TEST_POSTGRES_URL exported; the cluster is deleted afterwards.
# Without a command it starts the server, prints the URL and waits until interrupted.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg-throwaway: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 127
fi
port=${PGPORT_THROWAWAY:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export PGPORT=$port PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres
DATA=$(mktemp -d /tmp/saylau-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    [ -f "$DATA/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA"; fi
as_pg "$PGBIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
# fsync off: a throwaway cluster for tests; max_connections covers parallel tests, each with a pool.
as_pg "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 30 -o \
    "-p $PGPORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }
export SAYLAU_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "pg-throwaway: $(psql -Atc 'select version()' | cut -d, -f1) at $SAYLAU_TEST_POSTGRES_URL" >&2
if [ $# -gt 0 ]; then
    "$@"
else
    echo "$SAYLAU_TEST_POSTGRES_URL"
    while true; do sleep 3600; done
fi
