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

NAME=pg_cluster
STATE_VARS=(PG_DIR PG_BIN PG_PORT)
# shellcheck source=scripts/_throwaway_server.sh
. "$ROOT/scripts/_throwaway_server.sh"

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
    remove_own_dir "$PG_DIR" tilik-pg
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

    start_on_free_port pg_start_on || give_up "$PG_DIR/server.log" 30 PostgreSQL
    PG_PORT=$PORT
    write_state

    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" "$DB_NAME"
    log "running on 127.0.0.1:$PG_PORT"
    url
}

# pg_start_on PORT: start the cluster there (loopback only, its socket in the cluster directory).
pg_start_on() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $1 -k $PG_DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >/dev/null 2>&1
}

throwaway_main "$@"
