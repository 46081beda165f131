#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg_cluster.sh start    initdb + start on a free local port; prints DATABASE_URL
#   scripts/pg_cluster.sh stop     stop it and delete its data (no-op when not running)
#   scripts/pg_cluster.sh status   exit 0 and print DATABASE_URL when running
#
# The cluster lives in a temporary directory (under /tmp, so the `postgres` user
# can reach it even when the checkout is inside /root), listens on 127.0.0.1
# only, trusts local connections (nothing outside this machine can reach it) and
# runs with fsync off: it is thrown away after the run, so durability buys
# nothing and costs time.
#
# Environment:
#   TILIK_PG_STATE   file recording the running cluster (default: var/pg_cluster.env).
#                    scripts/test.sh gives each run its own, so parallel runs in one
#                    checkout do not stop each other's cluster.
#   TILIK_PG_TMP     parent of the cluster directory (default: /tmp)
#   TILIK_PG_PORT    first port to try (default: 54329)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${TILIK_PG_STATE:-$ROOT/var/pg_cluster.env}
PG_TMP=${TILIK_PG_TMP:-/tmp}
FIRST_PORT=${TILIK_PG_PORT:-54329}
DB_USER=tilik
DB_NAME=tilik

log() { printf '[pg_cluster] %s\n' "$*" >&2; }
die() { printf '[pg_cluster] ERROR: %s\n' "$*" >&2; exit 1; }

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

# initdb and postgres refuse to run as root. As root, run them as Debian's
# `postgres` user (from / so its cwd is readable); otherwise as ourselves.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

port_in_use() {
    # bash's /dev/tcp: the connect succeeds only if something listens there.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

load_state() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    [ -n "${PG_DIR:-}" ] && [ -n "${PG_BIN:-}" ] && [ -n "${PG_PORT:-}" ]
}

is_running() {
    load_state && [ -d "$PG_DIR/data" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

url() { echo "postgres://$DB_USER@127.0.0.1:$PG_PORT/$DB_NAME"; }

cmd_stop() {
    if ! load_state; then
        rm -f "$STATE"
        return 0
    fi
    if [ -d "$PG_DIR/data" ]; then
        log "stopping cluster on port $PG_PORT ($PG_DIR)"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            true
        # Last resort if pg_ctl could not stop it: kill the postmaster ourselves.
        if [ -f "$PG_DIR/data/postmaster.pid" ]; then
            local pid
            pid=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                log "pg_ctl stop failed; killing postmaster $pid"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    # Guard the rm: only ever delete a directory this script created.
    case "$PG_DIR" in
        */tilik-pg.*) rm -rf "$PG_DIR" ;;
        *) log "not deleting unexpected directory $PG_DIR" ;;
    esac
    rm -f "$STATE"
}

cmd_start() {
    if is_running; then
        log "already running on port $PG_PORT"
        url
        return 0
    fi
    cmd_stop # clear a stale state file / directory from an interrupted run

    PG_BIN=$(pg_bindir) || die "PostgreSQL not installed (run scripts/bootstrap.sh --system as root, or apt-get install postgresql)"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the cluster"
    fi

    mkdir -p "$(dirname "$STATE")"
    PG_DIR=$(mktemp -d "$PG_TMP/tilik-pg.XXXXXX")
    # Record the directory at once so a failure below is still cleaned up by `stop`.
    PG_PORT=0
    write_state
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
    chmod 700 "$PG_DIR"
    as_pg mkdir -p "$PG_DIR/sock"

    log "initdb ($("$PG_BIN/postgres" --version)) in $PG_DIR"
    # C collation, UTF-8: deterministic ordering on every machine, and no
    # dependency on which locales happen to be generated.
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$DB_USER" --auth=trust \
        --encoding=UTF8 --no-locale --nosync >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi

    local port=$FIRST_PORT tries=0 started=0
    while [ "$tries" -lt 20 ]; do
        if ! port_in_use "$port"; then
            # Another run may grab the same port between our check and the
            # bind; then pg_ctl fails and we try the next port.
            if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
                -o "-p $port -k $PG_DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
                start >/dev/null 2>&1; then
                started=1
                break
            fi
        fi
        port=$((port + 1))
        tries=$((tries + 1))
    done
    if [ "$started" -ne 1 ]; then
        tail -n 30 "$PG_DIR/server.log" >&2 2>/dev/null || true
        cmd_stop
        die "could not start PostgreSQL on ports $FIRST_PORT..$port"
    fi
    PG_PORT=$port
    write_state

    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" "$DB_NAME"
    log "running on 127.0.0.1:$PG_PORT"
    url
}

write_state() {
    cat >"$STATE" <<EOF
PG_DIR='$PG_DIR'
PG_BIN='$PG_BIN'
PG_PORT='$PG_PORT'
EOF
}

cmd_status() {
    if is_running; then
        url
    else
        echo "not running" >&2
        return 1
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
