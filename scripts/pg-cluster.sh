#!/usr/bin/env bash
# pg-cluster.sh: PostgreSQL clusters on 127.0.0.1 for the replica and fault tests (and the scale benchmarks).
#   pg-cluster.sh init DIR PORT                 a new primary in DIR (trust auth, user postgres), started
#   pg-cluster.sh standby PRIMARY_PORT DIR PORT a streaming standby of it (pg_basebackup -R), started
#   pg-cluster.sh start DIR PORT                start a stopped cluster again
#   pg-cluster.sh stop DIR [fast|immediate]     stop it (immediate: as a crash would)
#   pg-cluster.sh destroy DIR                   stop it at once and delete DIR
# Each step is bounded (pg_ctl waits at most 30 s).
set -euo pipefail
# The server outlives this script: it must not keep a descriptor of the caller open (a test's process
# monitor would wait for it forever). Close everything above stderr.
for fd in $(ls /proc/$$/fd); do
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
done
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 127
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
own() {
    mkdir -p "$1"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$1"; chmod a+x "$(dirname "$1")"; fi
}
start() {
    # fsync off: throwaway clusters. wal_level replica and WAL senders: a standby can follow a primary.
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 -o \
        "-p $2 -c listen_addresses=127.0.0.1 -k $1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on" \
        start >/dev/null || { cat "$1/server.log" >&2; exit 1; }
}
case "${1:-}" in
    init)
        own "$2"
        as_pg "$PGBIN/initdb" -D "$2/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
        start "$2" "$3" ;;
    standby)
        own "$3"
        as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$2" -U postgres -D "$3/data" -R -X stream -c fast
        start "$3" "$4" ;;
    start) start "$2" "$3" ;;
    stop) as_pg "$PGBIN/pg_ctl" -D "$2/data" -m "${3:-fast}" -w -t 30 stop >/dev/null ;;
    destroy)
        if [ -f "$2/data/postmaster.pid" ]; then
            as_pg "$PGBIN/pg_ctl" -D "$2/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        fi
        rm -rf "$2" ;;
    *) echo "usage: pg-cluster.sh init|standby|start|stop|destroy …" >&2; exit 2 ;;
esac
